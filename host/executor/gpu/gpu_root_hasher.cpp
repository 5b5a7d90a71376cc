#include "host/executor/gpu/gpu_root_hasher.hpp"

#include <stdexcept>
#include <string>

#if defined(WARPEVM_HAVE_CUDA)
#include "kernels/cuda/keccak_batch_gpu.hpp"
#endif

namespace warp {

BatchHasher gpu_root_hasher(size_t min_gpu_batch) {
#if defined(WARPEVM_HAVE_CUDA)
  return [min_gpu_batch](std::span<const ByteView> inputs, std::span<Hash> out) {
    if (inputs.size() < min_gpu_batch) {
      cpu_batch_hasher()(inputs, out);
      return;
    }
    const std::string error = gpu_keccak_batch(inputs, out);
    if (!error.empty()) throw std::runtime_error("state root on the GPU: " + error);
  };
#else
  (void)min_gpu_batch;
  return cpu_batch_hasher();
#endif
}

}  // namespace warp
