// Host-side view of the CUDA device(s). Declared in a plain header so host/ can call it;
// defined in device.cu, built only with CUDA (host/device_info.cpp decides).
#pragma once

#include <string>

namespace warp::cuda {

// Number of usable CUDA devices; 0 (with `error` set) when the driver or device is absent.
int device_count(std::string* error);

// "NVIDIA H100 80GB HBM3, sm_90, 79 GiB" for device 0, or the error.
std::string device_description();

}  // namespace warp::cuda
