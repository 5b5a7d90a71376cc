// make_executor: the executors by the names the CLI, the benchmark and the tests use.
#include <stdexcept>

#include "host/device_info.hpp"
#include "host/executor/block_executor.hpp"
#include "host/executor/cpu_parallel_executor.hpp"
#include "host/executor/gpu/gpu_executor.hpp"
#include "host/executor/gpu/gpu_root_hasher.hpp"
#include "host/executor/sequential_executor.hpp"
#include "scheduler/chaos_hook.hpp"

namespace warp {

const std::vector<ConflictEdge>& BlockExecutor::conflicts() const {
  static const std::vector<ConflictEdge> none;
  return none;
}

std::vector<std::string> executor_names() {
  std::vector<std::string> names = {"sequential", "cpu", "gpu-emu"};
  if (query_device().devices > 0) names.emplace_back("gpu");
  return names;
}

std::unique_ptr<BlockExecutor> make_executor(std::string_view name, size_t threads, uint64_t chaos_seed) {
  if (name == "sequential") return std::make_unique<SequentialExecutor>();
  if (name == "cpu") return std::make_unique<CpuParallelExecutor>(threads, make_chaos_hook(chaos_seed));
  if (name == "gpu-emu") return std::make_unique<GpuExecutor>("gpu-emu", make_emu_backend(), threads);
  if (name == "gpu") {
    const DeviceInfo device = query_device();
    if (device.devices == 0) throw std::runtime_error("the gpu executor has no device: " + device.description);
    GpuExecutor::Options options;
    options.root_hasher = gpu_root_hasher();
    return std::make_unique<GpuExecutor>("gpu", make_cuda_backend(), threads, std::move(options));
  }
  if (name == "auto") return make_executor(query_device().devices > 0 ? "gpu" : "cpu", threads, chaos_seed);
  std::string known;
  for (const std::string& n : executor_names()) known += (known.empty() ? "" : ", ") + n;
  throw std::invalid_argument("unknown executor '" + std::string(name) + "' (available: " + known + ", auto)");
}

}  // namespace warp
