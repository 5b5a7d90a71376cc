// make_executor: the executors by the names the CLI, the benchmark and the tests use.
#include <stdexcept>

#include "host/executor/block_executor.hpp"
#include "host/executor/cpu_parallel_executor.hpp"
#include "host/executor/sequential_executor.hpp"
#include "scheduler/chaos_hook.hpp"

namespace warp {

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
