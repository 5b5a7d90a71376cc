// Error checking for every CUDA runtime call and kernel launch (DESIGN.md section 10):
// statuses are returned as values, never ignored, and never end the process.
#pragma once

#include <string>

#include <cuda_runtime.h>

namespace warp::cuda {

// Empty when ok; otherwise "<what>: <cudaGetErrorString>".
inline std::string describe(cudaError_t status, const char* what) {
  if (status == cudaSuccess) return {};
  return std::string(what) + ": " + cudaGetErrorString(status);
}

}  // namespace warp::cuda

// Evaluates a CUDA call; on failure returns its description from the enclosing function,
// which must return std::string (empty = success).
#define WARP_CUDA_TRY(call)                                            \
  do {                                                                 \
    const cudaError_t warp_cuda_status_ = (call);                      \
    if (warp_cuda_status_ != cudaSuccess)                              \
      return ::warp::cuda::describe(warp_cuda_status_, #call);         \
  } while (0)

// After a <<<...>>> launch: the launch error, then the execution error.
#define WARP_CUDA_CHECK_LAUNCH(name)                   \
  do {                                                 \
    WARP_CUDA_TRY(cudaGetLastError());                 \
    WARP_CUDA_TRY(cudaDeviceSynchronize());            \
  } while (0)
