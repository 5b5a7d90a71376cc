// The generator's randomness: std::mt19937_64 streams, one per purpose, each seeded from
// (seed, tag) through splitmix64, and bounded draws done by hand. The standard
// distributions are implementation-defined, so using them would make a block depend on
// the C++ library it was generated with; these helpers give the same block everywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>

#include "kernels/evm/uint256.hpp"

namespace warp::bench {

inline uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

class Rng {
 public:
  // Streams with different tags are independent, so adding draws to one purpose (say, a new
  // field of swaps) does not shift every other random choice of the block.
  Rng(uint64_t seed, uint64_t tag) : engine_(splitmix64(splitmix64(seed) ^ tag)) {}

  uint64_t next() { return engine_(); }
  // Uniform in [0, n), n > 0. Modulo bias is below n / 2^64: invisible at block sizes.
  uint64_t below(uint64_t n) { return next() % n; }
  // Uniform in [lo, hi], lo <= hi.
  uint64_t between(uint64_t lo, uint64_t hi) { return lo + (hi - lo == ~0ull ? next() : below(hi - lo + 1)); }
  // True with probability p (p <= 0: never, p >= 1: always).
  bool chance(double p) { return static_cast<double>(next() >> 11) * 0x1.0p-53 < p; }

 private:
  std::mt19937_64 engine_;
};

// Stream tags: arbitrary distinct constants, fixed forever (changing one changes blocks).
inline constexpr uint64_t kStreamSenders = 0x73656e64;     // "send"
inline constexpr uint64_t kStreamRecipients = 0x72637074;  // "rcpt"
inline constexpr uint64_t kStreamKinds = 0x6b696e64;       // "kind"
inline constexpr uint64_t kStreamAmounts = 0x616d6e74;     // "amnt"
inline constexpr uint64_t kStreamFees = 0x66656573;        // "fees"

}  // namespace warp::bench
