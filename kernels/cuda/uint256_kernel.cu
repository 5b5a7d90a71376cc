// Thin device wrapper over kernels/evm/uint256_ops.hpp: the same u256_apply the CPU runs.
#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/uint256_gpu.hpp"
#include "kernels/evm/uint256_ops.hpp"

namespace warp::cuda {
namespace {

__global__ void uint256_eval_kernel(int op, const uint256* a, const uint256* b, const uint256* c, uint256* out,
                                    size_t n) {
  const size_t i = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i < n) out[i] = u256_apply(static_cast<U256Op>(op), a[i], b[i], c[i]);
}

// Owns the device buffers so every early return from gpu_uint256_eval frees them.
struct DeviceWords {
  uint256* ptr[4] = {nullptr, nullptr, nullptr, nullptr};  // a, b, c, out
  DeviceWords() = default;
  DeviceWords(const DeviceWords&) = delete;
  DeviceWords& operator=(const DeviceWords&) = delete;
  ~DeviceWords() {
    // A failed free cannot be reported from a destructor, and the allocation error (if any)
    // has already been returned to the caller.
    for (uint256* p : ptr)
      if (p != nullptr) static_cast<void>(cudaFree(p));
  }
};

}  // namespace

std::string gpu_uint256_eval(int op, const uint256* a, const uint256* b, const uint256* c, uint256* out, size_t n) {
  if (n == 0) return {};
  const size_t bytes = n * sizeof(uint256);
  DeviceWords dev;
  const uint256* inputs[3] = {a, b, c};
  for (int k = 0; k < 4; ++k) WARP_CUDA_TRY(cudaMalloc(reinterpret_cast<void**>(&dev.ptr[k]), bytes));
  for (int k = 0; k < 3; ++k) WARP_CUDA_TRY(cudaMemcpy(dev.ptr[k], inputs[k], bytes, cudaMemcpyHostToDevice));

  constexpr unsigned kThreads = 256;
  const unsigned blocks = static_cast<unsigned>((n + kThreads - 1) / kThreads);
  uint256_eval_kernel<<<blocks, kThreads>>>(op, dev.ptr[0], dev.ptr[1], dev.ptr[2], dev.ptr[3], n);
  WARP_CUDA_CHECK_LAUNCH("uint256_eval_kernel");

  WARP_CUDA_TRY(cudaMemcpy(out, dev.ptr[3], bytes, cudaMemcpyDeviceToHost));
  return {};
}

}  // namespace warp::cuda
