#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/device.hpp"

namespace warp::cuda {

int device_count(std::string* error) {
  int count = 0;
  const cudaError_t status = cudaGetDeviceCount(&count);
  if (status != cudaSuccess) {
    if (error) *error = describe(status, "cudaGetDeviceCount");
    return 0;
  }
  return count;
}

std::string device_description() {
  cudaDeviceProp prop{};
  const cudaError_t status = cudaGetDeviceProperties(&prop, 0);
  if (status != cudaSuccess) return describe(status, "cudaGetDeviceProperties");
  return std::string(prop.name) + ", sm_" + std::to_string(prop.major) + std::to_string(prop.minor) +
         ", " + std::to_string(prop.totalGlobalMem >> 30) + " GiB";
}

}  // namespace warp::cuda
