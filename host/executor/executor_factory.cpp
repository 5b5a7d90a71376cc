// make_executor: the executors by the names the CLI, the benchmark and the tests use; and
// what every executor shares.
#include <stdexcept>

#include "host/executor/block_executor.hpp"
#include "host/executor/cpu_parallel_executor.hpp"
#include "host/executor/sequential_executor.hpp"
#include "host/log.hpp"
#include "scheduler/chaos_hook.hpp"

namespace warp {

BlockResult summarize_receipts(std::vector<Receipt> receipts) {
  BlockResult out;
  out.receipts = std::move(receipts);
  Bytes log_items;  // the block's logs encoded in place: no copy of every Log
  for (Receipt& r : out.receipts) {
    if (r.included()) {
      out.gas_used += r.gas_used;
      out.blob_gas_used += r.blob_gas_used;
      append_encoded_logs(log_items, r.logs);
    } else {
      ++out.rejected;
    }
    r.cumulative_gas_used = out.gas_used;
  }
  out.logs_hash = logs_hash_of_items(log_items);
  return out;
}

const std::vector<ConflictEdge>& BlockExecutor::conflicts() const {
  static const std::vector<ConflictEdge> none;
  return none;
}

std::vector<std::string> executor_names() { return {"sequential", "cpu"}; }

std::unique_ptr<BlockExecutor> make_executor(std::string_view name, size_t threads, uint64_t chaos_seed) {
  if (name == "sequential") return std::make_unique<SequentialExecutor>();
  if (name == "cpu") return std::make_unique<CpuParallelExecutor>(threads, make_chaos_hook(chaos_seed));
  std::string known;
  for (const std::string& n : executor_names()) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown executor '" + std::string(name) + "' (available: " + known + ")");
}

}  // namespace warp
