// The state root's Keccak batches on the GPU (DESIGN.md section 6): each trie level is one
// batch; levels too small to repay the copies are hashed by the CPU.
#pragma once

#include "state/trie.hpp"

namespace warp {

// A BatchHasher that sends batches of at least `min_gpu_batch` inputs to the device and the
// rest to the CPU batch hasher. In a build without CUDA it is the CPU batch hasher. A device
// error throws std::runtime_error (a root computed from half-trusted hashes is never returned).
BatchHasher gpu_root_hasher(size_t min_gpu_batch = 4096);

}  // namespace warp
