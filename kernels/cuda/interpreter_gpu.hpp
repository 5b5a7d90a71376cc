// Host API of the portable interpreter run on the GPU against FixedHost
// (kernels/cuda/interpreter_fixed_host.cu). A plain header: no CUDA types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "kernels/cuda/fixed_host.hpp"

namespace warp::cuda {

// out[i] = run_on_fixed_host(code, calldata word i, gas) on device 0, one thread per run,
// each with its own FixedArenaSizes arena. `calldata` holds n 32-byte words (host memory).
// Returns "" on success, else the failing CUDA call and its error.
std::string gpu_run_fixed_host(const uint8_t* code, size_t code_size, const uint8_t* calldata, int64_t gas,
                               FixedRunResult* out, size_t n);

}  // namespace warp::cuda
