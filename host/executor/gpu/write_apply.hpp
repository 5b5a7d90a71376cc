// One committed transaction's writes applied to the State, in order, the way the GPU
// executor commits: a transaction at a time, so an erased account takes its storage with it
// and a recreated one starts empty (no whole-block fallback needed, unlike the CPU executor's
// end-of-block commit). The same writes then refresh the flat snapshot.
#pragma once

#include <span>

#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"
#include "state/flat/flat_state.hpp"
#include "state/rw_set.hpp"
#include "state/state.hpp"

namespace warp {

// Code a transaction deposited, by hash (every non-empty code hash it writes is among them).
struct NewCode {
  Hash hash{};
  ByteView code;
};

// Applies `writes` (one transaction's, as emit_writes gives them) to `state`. Throws
// std::logic_error for a code hash without its code (a bug in the writer).
void apply_writes(State& state, const WriteSet& writes, std::span<const NewCode> codes);

// Refreshes the flat snapshot's entries for every key of `writes` from `state`.
void refresh_flat(FlatState& flat, const State& state, const WriteSet& writes);

}  // namespace warp
