// The individual precompiles behind run_precompile(), one file each, plus the pieces that
// tests check on their own (MODEXP gas, the BLAKE2b F function). Internal to host/precompiles
// and its tests; callers use precompile.hpp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>

#include "precompile.hpp"

namespace warp::precompile {

PrecompileResult ecrecover(ByteView input, int64_t gas_limit);
PrecompileResult sha256(ByteView input, int64_t gas_limit);
PrecompileResult ripemd160(ByteView input, int64_t gas_limit);
PrecompileResult identity(ByteView input, int64_t gas_limit);
PrecompileResult modexp(ByteView input, int64_t gas_limit);
PrecompileResult blake2f(ByteView input, int64_t gas_limit);
PrecompileResult ecadd(ByteView input, int64_t gas_limit);             // bn254.cpp
PrecompileResult ecmul(ByteView input, int64_t gas_limit);             // bn254.cpp
PrecompileResult ecpairing(ByteView input, int64_t gas_limit);         // bn254.cpp
PrecompileResult point_evaluation(ByteView input, int64_t gas_limit);  // kzg.cpp

// EIP-198 gas with the EIP-2565 pricing. Lengths in the input may be up to 2^256-1, so
// the value saturates: UINT64_MAX means "more than any gas limit".
uint64_t modexp_gas(ByteView input);

// The BLAKE2b compression function F (RFC 7693 section 3.2) with a caller-chosen number
// of rounds, as EIP-152 defines it. Updates h in place.
void blake2b_compress(uint64_t h[8], const uint64_t m[16], uint64_t t0, uint64_t t1, bool final_block, uint32_t rounds);

// A failed call burns everything it was given.
inline PrecompileResult failure(int64_t gas_limit) {
  return PrecompileResult{PrecompileStatus::Failure, gas_limit, {}};
}

// base + per_word * ceil(len / 32), saturating at INT64_MAX (lengths come from memory
// sizes, so overflow is only reachable through absurd inputs, but must not wrap).
inline int64_t word_gas(size_t len, int64_t base, int64_t per_word) {
  const uint64_t words = len / 32 + (len % 32 != 0 ? 1 : 0);
  constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
  if (words > (kMax - static_cast<uint64_t>(base)) / static_cast<uint64_t>(per_word))
    return std::numeric_limits<int64_t>::max();
  return base + per_word * static_cast<int64_t>(words);
}

}  // namespace warp::precompile
