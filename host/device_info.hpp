// Whether a CUDA device can be used by this build on this machine.
#pragma once

#include <string>

namespace warp {

struct DeviceInfo {
  bool cuda_built = false;  // compiled with WARPEVM_HAVE_CUDA
  int devices = 0;          // usable devices (0 without a driver or GPU)
  std::string description;  // device 0, or why there is none
};

DeviceInfo query_device();

}  // namespace warp
