// Host API of the GPU Keccak batch (kernels/cuda/keccak_batch.cu), the twin of
// state/keccak_batch.hpp. A plain header: no CUDA types, so host/ and bench/ can include it
// (under WARPEVM_HAVE_CUDA, since only CUDA builds define it).
#pragma once

#include <span>
#include <string>

#include "state/bytes.hpp"

namespace warp {

// out[i] = keccak256(inputs[i]) computed on device 0, one GPU thread per input.
// Returns an empty string on success; otherwise what failed (nothing of `out` is then to be
// trusted). A size mismatch between inputs and out is reported as an error, and an empty
// batch succeeds without touching the device. Blocks until the results are in `out`.
std::string gpu_keccak_batch(std::span<const ByteView> inputs, std::span<Hash> out);

}  // namespace warp
