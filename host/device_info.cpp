#include "host/device_info.hpp"

#if defined(WARPEVM_HAVE_CUDA)
#include "kernels/cuda/device.hpp"
#endif

namespace warp {

DeviceInfo query_device() {
  DeviceInfo info;
#if defined(WARPEVM_HAVE_CUDA)
  info.cuda_built = true;
  std::string error;
  info.devices = cuda::device_count(&error);
  info.description = info.devices > 0 ? cuda::device_description() : "no CUDA device: " + error;
#else
  info.description = "built without CUDA (WARPEVM_CUDA=OFF or no nvcc)";
#endif
  return info;
}

}  // namespace warp
