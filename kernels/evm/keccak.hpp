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

// Keccak-f[1600], one round written out lane by lane (theta, rho and pi fused, then chi)
// so that all 25 lanes stay in registers on both CPU and GPU. The round constants are a
// local array rather than a namespace-scope table so device code needs no __constant__
// memory; compilers fold it.
WARP_HD inline void permute(uint64_t a[25]) {
  const uint64_t round_constants[24] = {
      0x0000000000000001ULL, 0x0000000000008082ULL, 0x800000000000808aULL, 0x8000000080008000ULL,
      0x000000000000808bULL, 0x0000000080000001ULL, 0x8000000080008081ULL, 0x8000000000008009ULL,
      0x000000000000008aULL, 0x0000000000000088ULL, 0x0000000080008009ULL, 0x000000008000000aULL,
      0x000000008000808bULL, 0x800000000000008bULL, 0x8000000000008089ULL, 0x8000000000008003ULL,
      0x8000000000008002ULL, 0x8000000000000080ULL, 0x000000000000800aULL, 0x800000008000000aULL,
      0x8000000080008081ULL, 0x8000000000008080ULL, 0x0000000080000001ULL, 0x8000000080008008ULL};
  for (int round = 0; round < 24; ++round) {
    // theta: column parities c, and the value d each column is xored with.
    const uint64_t c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20];
    const uint64_t c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21];
    const uint64_t c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22];
    const uint64_t c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23];
    const uint64_t c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24];
    const uint64_t d0 = c4 ^ rotl64(c1, 1);
    const uint64_t d1 = c0 ^ rotl64(c2, 1);
    const uint64_t d2 = c1 ^ rotl64(c3, 1);
    const uint64_t d3 = c2 ^ rotl64(c4, 1);
    const uint64_t d4 = c3 ^ rotl64(c0, 1);
    // rho and pi: b[y + 5*((2x+3y)%5)] = rotl(a[x+5y] ^ d[x], r[x][y]).
    const uint64_t b0 = a[0] ^ d0;
    const uint64_t b16 = rotl64(a[5] ^ d0, 36);
    const uint64_t b7 = rotl64(a[10] ^ d0, 3);
    const uint64_t b23 = rotl64(a[15] ^ d0, 41);
    const uint64_t b14 = rotl64(a[20] ^ d0, 18);
    const uint64_t b10 = rotl64(a[1] ^ d1, 1);
    const uint64_t b1 = rotl64(a[6] ^ d1, 44);
    const uint64_t b17 = rotl64(a[11] ^ d1, 10);
    const uint64_t b8 = rotl64(a[16] ^ d1, 45);
    const uint64_t b24 = rotl64(a[21] ^ d1, 2);
    const uint64_t b20 = rotl64(a[2] ^ d2, 62);
    const uint64_t b11 = rotl64(a[7] ^ d2, 6);
    const uint64_t b2 = rotl64(a[12] ^ d2, 43);
    const uint64_t b18 = rotl64(a[17] ^ d2, 15);
    const uint64_t b9 = rotl64(a[22] ^ d2, 61);
    const uint64_t b5 = rotl64(a[3] ^ d3, 28);
    const uint64_t b21 = rotl64(a[8] ^ d3, 55);
    const uint64_t b12 = rotl64(a[13] ^ d3, 25);
    const uint64_t b3 = rotl64(a[18] ^ d3, 21);
    const uint64_t b19 = rotl64(a[23] ^ d3, 56);
    const uint64_t b15 = rotl64(a[4] ^ d4, 27);
    const uint64_t b6 = rotl64(a[9] ^ d4, 20);
    const uint64_t b22 = rotl64(a[14] ^ d4, 39);
    const uint64_t b13 = rotl64(a[19] ^ d4, 8);
    const uint64_t b4 = rotl64(a[24] ^ d4, 14);
    // chi, then iota.
    a[0] = b0 ^ (~b1 & b2);
    a[1] = b1 ^ (~b2 & b3);
    a[2] = b2 ^ (~b3 & b4);
    a[3] = b3 ^ (~b4 & b0);
    a[4] = b4 ^ (~b0 & b1);
    a[5] = b5 ^ (~b6 & b7);
    a[6] = b6 ^ (~b7 & b8);
    a[7] = b7 ^ (~b8 & b9);
    a[8] = b8 ^ (~b9 & b5);
    a[9] = b9 ^ (~b5 & b6);
    a[10] = b10 ^ (~b11 & b12);
    a[11] = b11 ^ (~b12 & b13);
    a[12] = b12 ^ (~b13 & b14);
    a[13] = b13 ^ (~b14 & b10);
    a[14] = b14 ^ (~b10 & b11);
    a[15] = b15 ^ (~b16 & b17);
    a[16] = b16 ^ (~b17 & b18);
    a[17] = b17 ^ (~b18 & b19);
    a[18] = b18 ^ (~b19 & b15);
    a[19] = b19 ^ (~b15 & b16);
    a[20] = b20 ^ (~b21 & b22);
    a[21] = b21 ^ (~b22 & b23);
    a[22] = b22 ^ (~b23 & b24);
    a[23] = b23 ^ (~b24 & b20);
    a[24] = b24 ^ (~b20 & b21);
    a[0] ^= round_constants[round];
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
