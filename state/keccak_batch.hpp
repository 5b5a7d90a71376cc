// Batched Keccak-256 on the CPU (oneTBB). The GPU twin is kernels/cuda/keccak_batch.cu;
// both must give exactly keccak256() of each input (DESIGN.md section 6).
#pragma once

#include <span>

#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"

namespace warp {

// out[i] = keccak256(inputs[i]) for every i.
// Precondition: inputs.size() == out.size(). A mismatch is a caller bug; rather than hash a
// guessed prefix, the function then returns without writing anything to `out` (there is no
// error channel in this signature, and the tests pin this behaviour down).
// Runs in the calling thread's TBB arena (so `tbb::task_arena` limits its threads); small
// items are hashed several to a task, and a batch of one task's worth runs inline.
void keccak_batch(std::span<const ByteView> inputs, std::span<Hash> out);

}  // namespace warp
