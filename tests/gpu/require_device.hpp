// Skips a gpu-label test, visibly and with the reason, where this build has no CUDA or the
// machine has no usable device (DESIGN.md section 9).
#pragma once

#include <gtest/gtest.h>

#include "host/device_info.hpp"

#define WARP_REQUIRE_DEVICE()                                     \
  do {                                                            \
    const warp::DeviceInfo device = warp::query_device();         \
    if (!device.cuda_built) GTEST_SKIP() << "built without CUDA"; \
    if (device.devices == 0) GTEST_SKIP() << device.description;  \
  } while (0)
