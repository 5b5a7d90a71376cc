// Host entry point for evaluating uint256 operations on the GPU (kernels/cuda/uint256_kernel.cu).
// Plain header: callable from code compiled without nvcc. Used by the GPU-vs-CPU tests.
#pragma once

#include <cstddef>
#include <string>

#include "kernels/evm/uint256.hpp"

namespace warp::cuda {

// out[i] = u256_apply(U256Op(op), a[i], b[i], c[i]) for i < n, one device thread per i.
// a, b, c and out are host arrays of n words. Returns "" on success, else the failing CUDA
// call and its error; device memory is released on every path.
std::string gpu_uint256_eval(int op, const uint256* a, const uint256* b, const uint256* c, uint256* out, size_t n);

}  // namespace warp::cuda
