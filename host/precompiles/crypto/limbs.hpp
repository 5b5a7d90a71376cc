// Fixed-size unsigned integers as little-endian arrays of 64-bit limbs. Everything is constexpr so
// the Montgomery constants of a field (fp.hpp) are derived from its modulus at compile time instead
// of being pasted in as more magic numbers.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

namespace warp::crypto {

template <size_t N>
using Limbs = std::array<uint64_t, N>;

__extension__ typedef unsigned __int128 u128;

// a + b into out, returning the carry out of the top limb.
template <size_t N>
constexpr uint64_t add_limbs(Limbs<N>& out, const Limbs<N>& a, const Limbs<N>& b) {
#if defined(__x86_64__)
  if (!std::is_constant_evaluated()) {  // one adc chain instead of 128-bit emulation
    unsigned char c = 0;
    for (size_t i = 0; i < N; ++i) {
      unsigned long long r;
      c = _addcarry_u64(c, a[i], b[i], &r);
      out[i] = r;
    }
    return c;
  }
#endif
  uint64_t carry = 0;
  for (size_t i = 0; i < N; ++i) {
    const u128 s = u128{a[i]} + b[i] + carry;
    out[i] = static_cast<uint64_t>(s);
    carry = static_cast<uint64_t>(s >> 64);
  }
  return carry;
}

// a - b into out, returning the borrow (1 when a < b).
template <size_t N>
constexpr uint64_t sub_limbs(Limbs<N>& out, const Limbs<N>& a, const Limbs<N>& b) {
#if defined(__x86_64__)
  if (!std::is_constant_evaluated()) {  // one sbb chain
    unsigned char c = 0;
    for (size_t i = 0; i < N; ++i) {
      unsigned long long r;
      c = _subborrow_u64(c, a[i], b[i], &r);
      out[i] = r;
    }
    return c;
  }
#endif
  uint64_t borrow = 0;
  for (size_t i = 0; i < N; ++i) {
    const u128 d = u128{a[i]} - b[i] - borrow;
    out[i] = static_cast<uint64_t>(d);
    borrow = static_cast<uint64_t>(d >> 64) & 1;
  }
  return borrow;
}

template <size_t N>
constexpr bool less_than(const Limbs<N>& a, const Limbs<N>& b) {
  for (size_t i = N; i-- > 0;)
    if (a[i] != b[i]) return a[i] < b[i];
  return false;
}

template <size_t N>
constexpr bool is_zero_limbs(const Limbs<N>& a) {
  uint64_t acc = 0;
  for (size_t i = 0; i < N; ++i) acc |= a[i];
  return acc == 0;
}

template <size_t N>
constexpr bool bit_at(const Limbs<N>& a, size_t i) {
  return ((a[i / 64] >> (i % 64)) & 1) != 0;
}

// Index of the highest set bit plus one (0 for zero).
template <size_t N>
constexpr size_t bit_length(const Limbs<N>& a) {
  for (size_t i = N; i-- > 0;)
    if (a[i] != 0) return i * 64 + 64 - static_cast<size_t>(__builtin_clzll(a[i]));
  return 0;
}

// Floor division by a small constant; the remainder is dropped.
template <size_t N>
constexpr Limbs<N> div_small(const Limbs<N>& a, uint64_t d) {
  Limbs<N> q{};
  u128 rem = 0;
  for (size_t i = N; i-- > 0;) {
    const u128 cur = (rem << 64) | a[i];
    q[i] = static_cast<uint64_t>(cur / d);
    rem = cur % d;
  }
  return q;
}

template <size_t N>
constexpr Limbs<N> add_small(const Limbs<N>& a, uint64_t s) {
  Limbs<N> b{};
  b[0] = s;
  Limbs<N> out{};
  add_limbs(out, a, b);
  return out;
}

template <size_t N>
constexpr Limbs<N> sub_small(const Limbs<N>& a, uint64_t s) {
  Limbs<N> b{};
  b[0] = s;
  Limbs<N> out{};
  sub_limbs(out, a, b);
  return out;
}

// Big-endian bytes (8 * N of them) to limbs and back: the EVM and the ZCash serialization are
// big-endian.
template <size_t N>
constexpr Limbs<N> limbs_from_be(const uint8_t* in) {
  Limbs<N> out{};
  for (size_t i = 0; i < N; ++i) {
    uint64_t w = 0;
    for (size_t j = 0; j < 8; ++j) w = (w << 8) | in[(N - 1 - i) * 8 + j];
    out[i] = w;
  }
  return out;
}

template <size_t N>
constexpr void limbs_to_be(const Limbs<N>& a, uint8_t* out) {
  for (size_t i = 0; i < N; ++i)
    for (size_t j = 0; j < 8; ++j) out[(N - 1 - i) * 8 + j] = static_cast<uint8_t>(a[i] >> (56 - 8 * j));
}

// Parses a hex string of exactly 16 * N digits at compile time (for curve constants).
template <size_t N>
constexpr Limbs<N> limbs_from_hex(const char (&hex)[16 * N + 1]) {
  Limbs<N> out{};
  for (size_t k = 0; k < 16 * N; ++k) {
    const char c = hex[k];
    const uint64_t v = c >= '0' && c <= '9'   ? static_cast<uint64_t>(c - '0')
                       : c >= 'a' && c <= 'f' ? static_cast<uint64_t>(c - 'a' + 10)
                                              : static_cast<uint64_t>(c - 'A' + 10);
    const size_t bit = (16 * N - 1 - k) * 4;
    out[bit / 64] |= v << (bit % 64);
  }
  return out;
}

// -p^-1 mod 2^64 for odd p0, by Newton iteration (each step doubles the number of correct bits).
constexpr uint64_t mont_neg_inv(uint64_t p0) {
  uint64_t inv = 1;
  for (int i = 0; i < 7; ++i) inv *= 2 - p0 * inv;
  return ~inv + 1;
}

// 2^k mod p by k modular doublings (compile-time use only).
template <size_t N>
constexpr Limbs<N> pow2_mod(const Limbs<N>& p, size_t k) {
  Limbs<N> r{};
  r[0] = 1;
  for (size_t i = 0; i < k; ++i) {
    const uint64_t carry = add_limbs(r, r, r);
    if (carry != 0 || !less_than(r, p)) sub_limbs(r, r, p);
  }
  return r;
}

// Signed digits d_i in {0, ±1, ±3, ..., ±(2^(W-1) - 1)} with k = sum d_i·2^i and at least W - 1
// zeros after every nonzero digit; returns how many digits were written (at most 64·M + 1).
template <int W, size_t M>
size_t wnaf_digits(const Limbs<M>& k, int8_t* digits) {
  Limbs<M + 1> v{};  // one spare limb: adding back a negative digit can carry past the top
  for (size_t i = 0; i < M; ++i) v[i] = k[i];
  size_t n = 0;
  while (!is_zero_limbs(v)) {
    int d = 0;
    if ((v[0] & 1) != 0) {
      d = static_cast<int>(v[0] & ((1u << W) - 1));
      if (d >= (1 << (W - 1))) d -= 1 << W;
      if (d > 0)
        v = sub_small(v, static_cast<uint64_t>(d));
      else
        v = add_small(v, static_cast<uint64_t>(-d));
    }
    digits[n++] = static_cast<int8_t>(d);
    for (size_t i = 0; i < M + 1; ++i) v[i] = (v[i] >> 1) | (i + 1 < M + 1 ? v[i + 1] << 63 : 0);
  }
  return n;
}

}  // namespace warp::crypto
