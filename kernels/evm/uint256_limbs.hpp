// Limb-level primitives behind uint256: 64x64->128 multiply, add/sub with carry, count of
// leading zeros, and long division of little-endian 64-bit limb arrays.
// Division follows Knuth's algorithm D, with each quotient digit estimated by a 3-by-2 word
// division that multiplies by a precomputed reciprocal (Moller & Granlund, "Improved division
// by invariant integers", 2011) instead of dividing: hardware 128/64 division is slow on x86
// and does not exist on the GPU.
#pragma once

#include <cstdint>

#include "platform.hpp"

namespace warp::u256_detail {

// nvcc (CUDA >= 11.5) and g++ both accept unsigned __int128 in host and device code;
// __extension__ keeps -Wpedantic quiet about it.
__extension__ typedef unsigned __int128 u128;

// Full 128-bit product of two words.
WARP_HD WARP_FORCEINLINE constexpr void mul64(uint64_t a, uint64_t b, uint64_t& hi, uint64_t& lo) {
  const u128 p = static_cast<u128>(a) * b;
  lo = static_cast<uint64_t>(p);
  hi = static_cast<uint64_t>(p >> 64);
}

// a + b + carry; carry (0 or 1) is updated. Written so both compilers emit add-with-carry chains.
WARP_HD WARP_FORCEINLINE constexpr uint64_t addc(uint64_t a, uint64_t b, uint64_t& carry) {
  const uint64_t s = a + b;
  const uint64_t c1 = s < a;
  const uint64_t t = s + carry;
  const uint64_t c2 = t < s;
  carry = c1 | c2;
  return t;
}

// a - b - borrow; borrow (0 or 1) is updated.
WARP_HD WARP_FORCEINLINE constexpr uint64_t subb(uint64_t a, uint64_t b, uint64_t& borrow) {
  const uint64_t d = a - b;
  const uint64_t b1 = a < b;
  const uint64_t t = d - borrow;
  const uint64_t b2 = d < borrow;
  borrow = b1 | b2;
  return t;
}

// Leading zero bits of x; 64 for x == 0.
WARP_HD WARP_FORCEINLINE constexpr unsigned clz64(uint64_t x) {
#if defined(__CUDA_ARCH__)
  return static_cast<unsigned>(__clzll(static_cast<long long>(x)));
#else
  return x == 0 ? 64u : static_cast<unsigned>(__builtin_clzll(x));
#endif
}

// Number of limbs once leading zero limbs are dropped (0 for zero).
WARP_HD WARP_FORCEINLINE constexpr int significant_limbs(const uint64_t* x, int n) {
  while (n > 0 && x[n - 1] == 0) --n;
  return n;
}

// floor((2^128 - 1) / d) - 2^64 for a normalized d (top bit set). The one real division
// per long division; everything after it multiplies.
WARP_HD inline uint64_t reciprocal_2by1(uint64_t d) {
  const u128 numerator = (static_cast<u128>(~d) << 64) | ~uint64_t{0};
  return static_cast<uint64_t>(numerator / d);
}

// Reciprocal of the normalized two-word divisor <d1, d0> for udivrem_3by2 (M&G algorithm 6).
WARP_HD inline uint64_t reciprocal_3by2(uint64_t d1, uint64_t d0) {
  uint64_t v = reciprocal_2by1(d1);
  uint64_t p = d1 * v + d0;
  if (p < d0) {
    --v;
    if (p >= d1) {
      --v;
      p -= d1;
    }
    p -= d1;
  }
  uint64_t t1 = 0, t0 = 0;
  mul64(v, d0, t1, t0);
  p += t1;
  if (p < t1) {
    --v;
    if (p > d1 || (p == d1 && t0 >= d0)) --v;
  }
  return v;
}

// <u1, u0> / d with u1 < d, d normalized, v = reciprocal_2by1(d) (M&G algorithm 4).
WARP_HD WARP_FORCEINLINE uint64_t udivrem_2by1(uint64_t u1, uint64_t u0, uint64_t d, uint64_t v, uint64_t& rem) {
  uint64_t q1 = 0, q0 = 0;
  mul64(v, u1, q1, q0);
  uint64_t carry = 0;
  q0 = addc(q0, u0, carry);
  q1 = addc(q1, u1, carry);
  ++q1;
  uint64_t r = u0 - q1 * d;
  if (r > q0) {
    --q1;
    r += d;
  }
  if (r >= d) {
    ++q1;
    r -= d;
  }
  rem = r;
  return q1;
}

// Quotient word of <u2, u1, u0> / <d1, d0> with <u2, u1> < <d1, d0>, divisor normalized,
// v = reciprocal_3by2(d1, d0) (M&G algorithm 5). The remainder is not needed by the caller.
WARP_HD WARP_FORCEINLINE uint64_t udiv_3by2(uint64_t u2, uint64_t u1, uint64_t u0, uint64_t d1, uint64_t d0,
                                            uint64_t v) {
  uint64_t q1 = 0, q0 = 0;
  mul64(v, u2, q1, q0);
  uint64_t carry = 0;
  q0 = addc(q0, u1, carry);
  q1 = addc(q1, u2, carry);
  uint64_t r1 = u1 - q1 * d1;
  uint64_t t1 = 0, t0 = 0;
  mul64(d0, q1, t1, t0);
  // <r1, r0> = <r1, u0> - <t1, t0> - <d1, d0>  (mod 2^128)
  uint64_t borrow = 0;
  uint64_t r0 = subb(u0, t0, borrow);
  r1 = subb(r1, t1, borrow);
  borrow = 0;
  r0 = subb(r0, d0, borrow);
  r1 = subb(r1, d1, borrow);
  ++q1;
  if (r1 >= q0) {
    --q1;
    carry = 0;
    r0 = addc(r0, d0, carry);
    r1 = addc(r1, d1, carry);
  }
  if (r1 > d1 || (r1 == d1 && r0 >= d0)) ++q1;
  return q1;
}

// Longest dividend the limb division accepts: a 512-bit product (MULMOD).
inline constexpr int kMaxDividendLimbs = 8;
inline constexpr int kMaxDivisorLimbs = 4;

// q = u / d, r = u % d for limb arrays. Preconditions: 1 <= dlen <= 4, d[dlen-1] != 0,
// dlen <= ulen <= 8. Writes ulen - dlen + 1 quotient limbs and dlen remainder limbs.
WARP_HD inline void udivrem_limbs(const uint64_t* u, int ulen, const uint64_t* d, int dlen, uint64_t* q, uint64_t* r) {
  // Normalize: shift both so the divisor's top bit is set (Knuth D1). The shift of 0 case
  // uses (x >> 1) >> (63 - s) so no shift by 64 ever happens.
  const unsigned s = clz64(d[dlen - 1]);
  uint64_t dn[kMaxDivisorLimbs] = {};
  for (int i = dlen - 1; i > 0; --i) dn[i] = (d[i] << s) | ((d[i - 1] >> 1) >> (63 - s));
  dn[0] = d[0] << s;
  uint64_t un[kMaxDividendLimbs + 1] = {};
  un[ulen] = (u[ulen - 1] >> 1) >> (63 - s);
  for (int i = ulen - 1; i > 0; --i) un[i] = (u[i] << s) | ((u[i - 1] >> 1) >> (63 - s));
  un[0] = u[0] << s;

  if (dlen == 1) {
    // One-word divisor: a chain of 2-by-1 divisions, no multiply-subtract needed.
    const uint64_t v = reciprocal_2by1(dn[0]);
    uint64_t rem = un[ulen];
    for (int i = ulen - 1; i >= 0; --i) q[i] = udivrem_2by1(rem, un[i], dn[0], v, rem);
    r[0] = rem >> s;
    return;
  }

  const uint64_t d1 = dn[dlen - 1];
  const uint64_t d0 = dn[dlen - 2];
  const uint64_t v = reciprocal_3by2(d1, d0);
  for (int j = ulen - dlen; j >= 0; --j) {
    // Invariant: the window un[j .. j+dlen] is below dn * 2^64, so <u2, u1> <= <d1, d0>.
    const uint64_t u2 = un[j + dlen];
    const uint64_t u1 = un[j + dlen - 1];
    const uint64_t u0 = un[j + dlen - 2];
    uint64_t qhat = (u2 == d1 && u1 == d0) ? ~uint64_t{0} : udiv_3by2(u2, u1, u0, d1, d0, v);

    // un[j .. j+dlen] -= qhat * dn (Knuth D4).
    uint64_t carry = 0;
    for (int i = 0; i < dlen; ++i) {
      uint64_t hi = 0, lo = 0;
      mul64(qhat, dn[i], hi, lo);
      lo += carry;
      hi += lo < carry;
      const uint64_t t = un[j + i];
      un[j + i] = t - lo;
      carry = hi + (t < lo);
    }
    const uint64_t top = un[j + dlen];
    un[j + dlen] = top - carry;
    bool negative = top < carry;
    // The estimate is at most one too large in practice; the loop keeps this exact regardless
    // (Knuth D6, add back).
    while (negative) {
      --qhat;
      uint64_t c = 0;
      for (int i = 0; i < dlen; ++i) un[j + i] = addc(un[j + i], dn[i], c);
      const uint64_t t = un[j + dlen] + c;
      negative = !(c != 0 && t == 0);  // wrapping past zero means the window is back >= 0
      un[j + dlen] = t;
    }
    q[j] = qhat;
  }
  // Un-normalize the remainder (Knuth D8).
  for (int i = 0; i < dlen; ++i) r[i] = (un[i] >> s) | ((un[i + 1] << 1) << (63 - s));
}

}  // namespace warp::u256_detail
