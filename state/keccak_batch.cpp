#include "state/keccak_batch.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstddef>

#include "kernels/evm/keccak.hpp"

namespace warp {

namespace {

// About how many Keccak-f permutations one task should run. A permutation is a fraction of
// a microsecond, so a task per 32-byte trie node would cost more in scheduling than in
// hashing; ~64 permutations keeps the per-task overhead small while still splitting a
// batch of a few thousand short items across cores.
constexpr size_t kPermutationsPerTask = 64;

size_t grain_size(std::span<const ByteView> inputs) {
  size_t total_bytes = 0;
  for (const ByteView& in : inputs) total_bytes += in.size();
  const size_t average_permutations = total_bytes / inputs.size() / kKeccakRate + 1;
  return std::max<size_t>(1, kPermutationsPerTask / average_permutations);
}

}  // namespace

void keccak_batch(std::span<const ByteView> inputs, std::span<Hash> out) {
  if (inputs.size() != out.size() || inputs.empty()) return;  // see the header's contract
  const size_t grain = grain_size(inputs);
  if (inputs.size() <= grain) {  // one task's worth: skip the scheduler entirely
    for (size_t i = 0; i < inputs.size(); ++i) out[i] = keccak256(inputs[i].data(), inputs[i].size());
    return;
  }
  tbb::parallel_for(tbb::blocked_range<size_t>(0, inputs.size(), grain), [&](const tbb::blocked_range<size_t>& range) {
    for (size_t i = range.begin(); i != range.end(); ++i) out[i] = keccak256(inputs[i].data(), inputs[i].size());
  });
}

}  // namespace warp
