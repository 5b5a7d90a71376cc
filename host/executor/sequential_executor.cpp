#include "host/executor/sequential_executor.hpp"

#include "host/log.hpp"

namespace warp {

BlockResult SequentialExecutor::execute(State& state, std::span<const Transaction> txs, const BlockEnv& env,
                                        Fork fork) {
  BlockResult out;
  out.receipts.reserve(txs.size());
  std::vector<Log> all_logs;
  for (const Transaction& tx : txs) {
    Receipt r = apply_transaction(state, tx, env, fork, BlockUsage{out.gas_used, out.blob_gas_used}, scratch_);
    if (r.included()) {
      out.gas_used += r.gas_used;
      out.blob_gas_used += r.blob_gas_used;
      all_logs.insert(all_logs.end(), r.logs.begin(), r.logs.end());
    } else {
      ++out.rejected;
    }
    r.cumulative_gas_used = out.gas_used;
    out.receipts.push_back(std::move(r));
  }
  out.logs_hash = logs_hash(all_logs);
  out.state_root = state.state_root();
  return out;
}

}  // namespace warp
