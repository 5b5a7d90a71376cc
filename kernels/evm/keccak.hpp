// Keccak-256 as Ethereum uses it: the original Keccak padding (0x01 ... 0x80), not
// FIPS-202 SHA3-256 (0x06). Portable: the same source runs in the interpreter's SHA3,
// in the CPU batch hasher and in the GPU batch kernel.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hash.hpp"
#include "platform.hpp"

namespace warp {

namespace keccak_detail {

WARP_HD WARP_FORCEINLINE uint64_t rotl64(uint64_t x, unsigned n) {
  return (x << n) | (x >> ((64 - n) & 63));
}

// Keccak-f[1600]. The tables are local constants rather than namespace-scope arrays so
// that device code can use them without __constant__ memory; compilers fold them.
WARP_HD inline void permute(uint64_t st[25]) {
  const uint64_t round_constants[24] = {
      0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
      0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
      0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
      0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
      0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
      0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};
  // rho rotation amounts and pi lane order, walked along the pi permutation cycle.
  const unsigned rho[24] = {1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14,
                            27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44};
  const unsigned pi[24] = {10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4,
                           15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1};
  for (int round = 0; round < 24; ++round) {
    uint64_t c[5];
    for (int x = 0; x < 5; ++x) c[x] = st[x] ^ st[x + 5] ^ st[x + 10] ^ st[x + 15] ^ st[x + 20];
    for (int x = 0; x < 5; ++x) {
      const uint64_t d = c[(x + 4) % 5] ^ rotl64(c[(x + 1) % 5], 1);
      for (int y = 0; y < 25; y += 5) st[y + x] ^= d;
    }
    uint64_t carry = st[1];
    for (int i = 0; i < 24; ++i) {
      const unsigned j = pi[i];
      const uint64_t next = st[j];
      st[j] = rotl64(carry, rho[i]);
      carry = next;
    }
    for (int y = 0; y < 25; y += 5) {
      uint64_t row[5];
      for (int x = 0; x < 5; ++x) row[x] = st[y + x];
      for (int x = 0; x < 5; ++x) st[y + x] = row[x] ^ ((~row[(x + 1) % 5]) & row[(x + 2) % 5]);
    }
    st[0] ^= round_constants[round];
  }
}

WARP_HD WARP_FORCEINLINE uint64_t load_le64(const uint8_t* p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

}  // namespace keccak_detail

inline constexpr size_t kKeccakRate = 136;  // bytes absorbed per permutation (1088 bits)

// Keccak-256 of data[0..len) written to out[0..32).
WARP_HD inline void keccak256(const uint8_t* data, size_t len, uint8_t* out) {
  uint64_t st[25];
  for (int i = 0; i < 25; ++i) st[i] = 0;
  while (len >= kKeccakRate) {
    for (size_t i = 0; i < kKeccakRate / 8; ++i) st[i] ^= keccak_detail::load_le64(data + 8 * i);
    keccak_detail::permute(st);
    data += kKeccakRate;
    len -= kKeccakRate;
  }
  uint8_t last[kKeccakRate];
  for (size_t i = 0; i < kKeccakRate; ++i) last[i] = i < len ? data[i] : 0;
  last[len] ^= 0x01;
  last[kKeccakRate - 1] ^= 0x80;
  for (size_t i = 0; i < kKeccakRate / 8; ++i) st[i] ^= keccak_detail::load_le64(last + 8 * i);
  keccak_detail::permute(st);
  for (int i = 0; i < 4; ++i)
    for (int b = 0; b < 8; ++b) out[8 * i + b] = static_cast<uint8_t>(st[i] >> (8 * b));
}

WARP_HD inline Hash keccak256(const uint8_t* data, size_t len) {
  Hash h;
  keccak256(data, len, h.bytes);
  return h;
}

}  // namespace warp
