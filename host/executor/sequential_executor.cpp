#include "host/executor/sequential_executor.hpp"

#include <chrono>

#include <oneapi/tbb/task_arena.h>

#include "host/log.hpp"

namespace warp {

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

BlockResult SequentialExecutor::execute(State& state, std::span<const Transaction> txs, const BlockEnv& env,
                                        Fork fork) {
  stats_ = ExecutorStats{};
  BlockResult out;
  out.receipts.reserve(txs.size());
  std::vector<Log> all_logs;
  const auto t0 = std::chrono::steady_clock::now();
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
  stats_.executions = txs.size();
  stats_.seconds_execute = seconds_since(t0);
  const auto t1 = std::chrono::steady_clock::now();
  // One thread for the root too: this is the single-threaded reference the parallel
  // executors' speedups are measured against (the trie hasher would otherwise use every core).
  tbb::task_arena one_thread(1);
  one_thread.execute([&] { out.state_root = state.state_root(); });
  stats_.seconds_root = seconds_since(t1);
  return out;
}

}  // namespace warp
