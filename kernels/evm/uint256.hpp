// The EVM word: a 256-bit unsigned integer as four little-endian 64-bit limbs (w[0] least
// significant). Portable (WARP_HD): the same code runs in the CPU interpreter and on the GPU.
// Arithmetic wraps mod 2^256; signed operations read the word as two's complement.
// Fixed-index, branch-light code on purpose: on the GPU dynamic limb indexing spills to local
// memory and branches diverge across the warp.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "hash.hpp"
#include "platform.hpp"
#include "uint256_limbs.hpp"

namespace warp {

struct uint256 {
  uint64_t w[4];

  // Trivial on purpose: stacks and device buffers of words must not be zeroed on creation.
  // Write `uint256 x{}` for zero.
  uint256() = default;
  WARP_HD constexpr uint256(uint64_t v) : w{v, 0, 0, 0} {}  // NOLINT: implicit, like a literal
  WARP_HD constexpr uint256(uint64_t w0, uint64_t w1, uint64_t w2, uint64_t w3) : w{w0, w1, w2, w3} {}

  WARP_HD static constexpr uint256 max() { return {~0ull, ~0ull, ~0ull, ~0ull}; }

  // Big-endian bytes, right-aligned: the last byte is the least significant. len <= 32.
  WARP_HD static constexpr uint256 from_be_bytes(const uint8_t* p, size_t len) {
    uint256 r{};
    for (size_t i = 0; i < len; ++i) r.w[i / 8] |= static_cast<uint64_t>(p[len - 1 - i]) << (8 * (i % 8));
    return r;
  }
  WARP_HD constexpr void to_be_bytes(uint8_t out[32]) const {
    for (size_t i = 0; i < 32; ++i) out[31 - i] = static_cast<uint8_t>(w[i / 8] >> (8 * (i % 8)));
  }
  WARP_HD static constexpr uint256 from_hash(const Hash& h) { return from_be_bytes(h.bytes, 32); }
  WARP_HD constexpr Hash to_hash() const {
    Hash h{};
    to_be_bytes(h.bytes);
    return h;
  }

  WARP_HD constexpr bool is_zero() const { return (w[0] | w[1] | w[2] | w[3]) == 0; }
  WARP_HD constexpr explicit operator bool() const { return !is_zero(); }
  WARP_HD constexpr bool fits_u64() const { return (w[1] | w[2] | w[3]) == 0; }
  WARP_HD constexpr uint64_t low64() const { return w[0]; }
  // Top bit, the sign in two's complement.
  WARP_HD constexpr bool is_negative() const { return (w[3] >> 63) != 0; }

  // Position of the highest set bit plus one; 0 for zero.
  WARP_HD constexpr unsigned bit_length() const {
    for (int i = 3; i >= 0; --i)
      if (w[i] != 0) return static_cast<unsigned>(64 * i + 64) - u256_detail::clz64(w[i]);
    return 0;
  }
  // Bytes without leading zero bytes (the EXP gas charge per exponent byte).
  WARP_HD constexpr unsigned count_significant_bytes() const { return (bit_length() + 7) / 8; }

  // ---- arithmetic mod 2^256 ----------------------------------------------------------
  WARP_HD friend constexpr uint256 operator+(const uint256& a, const uint256& b) {
    uint64_t c = 0;
    uint256 r{};
    r.w[0] = u256_detail::addc(a.w[0], b.w[0], c);
    r.w[1] = u256_detail::addc(a.w[1], b.w[1], c);
    r.w[2] = u256_detail::addc(a.w[2], b.w[2], c);
    r.w[3] = a.w[3] + b.w[3] + c;
    return r;
  }
  WARP_HD friend constexpr uint256 operator-(const uint256& a, const uint256& b) {
    uint64_t br = 0;
    uint256 r{};
    r.w[0] = u256_detail::subb(a.w[0], b.w[0], br);
    r.w[1] = u256_detail::subb(a.w[1], b.w[1], br);
    r.w[2] = u256_detail::subb(a.w[2], b.w[2], br);
    r.w[3] = a.w[3] - b.w[3] - br;
    return r;
  }
  WARP_HD friend constexpr uint256 operator-(const uint256& a) { return uint256{} - a; }

  // Low 256 bits of the product: only the 10 partial products that reach them.
  WARP_HD friend constexpr uint256 operator*(const uint256& a, const uint256& b) {
    uint256 r{};
    for (int i = 0; i < 4; ++i) {
      uint64_t carry = 0;
      for (int j = 0; j < 4 - i; ++j) {
        uint64_t hi = 0, lo = 0;
        u256_detail::mul64(a.w[i], b.w[j], hi, lo);
        uint64_t c = 0;
        lo = u256_detail::addc(lo, r.w[i + j], c);
        hi += c;
        c = 0;
        r.w[i + j] = u256_detail::addc(lo, carry, c);
        carry = hi + c;
      }
    }
    return r;
  }

  // ---- bitwise -------------------------------------------------------------------------
  WARP_HD friend constexpr uint256 operator&(const uint256& a, const uint256& b) {
    return {a.w[0] & b.w[0], a.w[1] & b.w[1], a.w[2] & b.w[2], a.w[3] & b.w[3]};
  }
  WARP_HD friend constexpr uint256 operator|(const uint256& a, const uint256& b) {
    return {a.w[0] | b.w[0], a.w[1] | b.w[1], a.w[2] | b.w[2], a.w[3] | b.w[3]};
  }
  WARP_HD friend constexpr uint256 operator^(const uint256& a, const uint256& b) {
    return {a.w[0] ^ b.w[0], a.w[1] ^ b.w[1], a.w[2] ^ b.w[2], a.w[3] ^ b.w[3]};
  }
  WARP_HD friend constexpr uint256 operator~(const uint256& a) { return {~a.w[0], ~a.w[1], ~a.w[2], ~a.w[3]}; }

  // Shifts by a bit count; >= 256 gives 0. Whole-limb moves are selects on bits 7 and 6 of
  // the count, then one funnel shift: no data-dependent indexing.
  WARP_HD friend constexpr uint256 operator<<(const uint256& x, unsigned s) {
    if (s >= 256) return uint256{};
    uint64_t a0 = x.w[0], a1 = x.w[1], a2 = x.w[2], a3 = x.w[3];
    if (s & 128) {
      a3 = a1;
      a2 = a0;
      a1 = 0;
      a0 = 0;
    }
    if (s & 64) {
      a3 = a2;
      a2 = a1;
      a1 = a0;
      a0 = 0;
    }
    const unsigned b = s & 63;
    // (v >> 1) >> (63 - b) is v >> (64 - b), and 0 when b == 0, without a shift by 64.
    return {a0 << b, (a1 << b) | ((a0 >> 1) >> (63 - b)), (a2 << b) | ((a1 >> 1) >> (63 - b)),
            (a3 << b) | ((a2 >> 1) >> (63 - b))};
  }
  WARP_HD friend constexpr uint256 operator>>(const uint256& x, unsigned s) { return shift_right(x, s, 0); }
  // Right shift filling with `fill` (0, or all ones for an arithmetic shift of a negative).
  WARP_HD static constexpr uint256 shift_right(const uint256& x, unsigned s, uint64_t fill) {
    if (s >= 256) return {fill, fill, fill, fill};
    uint64_t a0 = x.w[0], a1 = x.w[1], a2 = x.w[2], a3 = x.w[3], a4 = fill;
    if (s & 128) {
      a0 = a2;
      a1 = a3;
      a2 = fill;
      a3 = fill;
    }
    if (s & 64) {
      a0 = a1;
      a1 = a2;
      a2 = a3;
      a3 = fill;
    }
    const unsigned b = s & 63;
    return {(a0 >> b) | ((a1 << 1) << (63 - b)), (a1 >> b) | ((a2 << 1) << (63 - b)),
            (a2 >> b) | ((a3 << 1) << (63 - b)), (a3 >> b) | ((a4 << 1) << (63 - b))};
  }

  // ---- comparison ----------------------------------------------------------------------
  WARP_HD friend constexpr bool operator==(const uint256& a, const uint256& b) {
    return ((a.w[0] ^ b.w[0]) | (a.w[1] ^ b.w[1]) | (a.w[2] ^ b.w[2]) | (a.w[3] ^ b.w[3])) == 0;
  }
  WARP_HD friend constexpr bool operator!=(const uint256& a, const uint256& b) { return !(a == b); }
  // a < b is the borrow out of a - b: branch-free.
  WARP_HD friend constexpr bool operator<(const uint256& a, const uint256& b) {
    uint64_t br = 0;
    u256_detail::subb(a.w[0], b.w[0], br);
    u256_detail::subb(a.w[1], b.w[1], br);
    u256_detail::subb(a.w[2], b.w[2], br);
    u256_detail::subb(a.w[3], b.w[3], br);
    return br != 0;
  }
  WARP_HD friend constexpr bool operator>(const uint256& a, const uint256& b) { return b < a; }
  WARP_HD friend constexpr bool operator<=(const uint256& a, const uint256& b) { return !(b < a); }
  WARP_HD friend constexpr bool operator>=(const uint256& a, const uint256& b) { return !(a < b); }

  WARP_HD uint256& operator+=(const uint256& b) { return *this = *this + b; }
  WARP_HD uint256& operator-=(const uint256& b) { return *this = *this - b; }
  WARP_HD uint256& operator*=(const uint256& b) { return *this = *this * b; }
  WARP_HD uint256& operator&=(const uint256& b) { return *this = *this & b; }
  WARP_HD uint256& operator|=(const uint256& b) { return *this = *this | b; }
  WARP_HD uint256& operator^=(const uint256& b) { return *this = *this ^ b; }
  WARP_HD uint256& operator<<=(unsigned s) { return *this = *this << s; }
  WARP_HD uint256& operator>>=(unsigned s) { return *this = *this >> s; }

  // ---- hex -------------------------------------------------------------------------------
  // "0x" + lower-case digits without leading zeros ("0x0" for zero), NUL-terminated.
  // `out` needs 67 bytes; returns the length without the NUL.
  WARP_HD constexpr size_t to_hex(char* out) const {
    constexpr char kDigits[] = "0123456789abcdef";
    size_t n = 0;
    out[n++] = '0';
    out[n++] = 'x';
    const unsigned nibbles = bit_length() == 0 ? 1 : (bit_length() + 3) / 4;
    for (unsigned i = nibbles; i-- > 0;) out[n++] = kDigits[(w[i / 16] >> (4 * (i % 16))) & 0xf];
    out[n] = '\0';
    return n;
  }
  // Parses an optional 0x/0X prefix and hex digits (either case). Leading zeros are allowed;
  // "0x" alone is zero. False (and *out untouched) on a bad digit or a value >= 2^256.
  WARP_HD static constexpr bool from_hex(const char* s, size_t len, uint256* out) {
    size_t i = 0;
    if (len >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) i = 2;
    while (i < len && s[i] == '0') ++i;
    if (len - i > 64) return false;
    uint256 r{};
    for (; i < len; ++i) {
      const char c = s[i];
      uint64_t d = 0;
      if (c >= '0' && c <= '9')
        d = static_cast<uint64_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        d = static_cast<uint64_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        d = static_cast<uint64_t>(c - 'A' + 10);
      else
        return false;
      r = (r << 4) | uint256(d);
    }
    *out = r;
    return true;
  }
};

static_assert(sizeof(uint256) == 32, "uint256 crosses PCIe and disk as 32 bytes");
static_assert(std::is_trivially_copyable_v<uint256> && std::is_trivially_default_constructible_v<uint256>);
static_assert(std::is_standard_layout_v<uint256>);

// ---- division ------------------------------------------------------------------------------
// q = u / d, r = u % d; d == 0 gives q = r = 0 (the EVM's rule).
WARP_HD inline void udivrem(const uint256& u, const uint256& d, uint256& q, uint256& r) {
  q = uint256{};
  r = uint256{};
  if (u.fits_u64() && d.fits_u64()) {  // the common case in real contracts
    if (d.w[0] != 0) {
      q.w[0] = u.w[0] / d.w[0];
      r.w[0] = u.w[0] % d.w[0];
    }
    return;
  }
  const int dlen = u256_detail::significant_limbs(d.w, 4);
  if (dlen == 0) return;
  if (u < d) {
    r = u;
    return;
  }
  const int ulen = u256_detail::significant_limbs(u.w, 4);
  u256_detail::udivrem_limbs(u.w, ulen, d.w, dlen, q.w, r.w);
}

WARP_HD inline uint256 operator/(const uint256& a, const uint256& b) {
  uint256 q, r;
  udivrem(a, b, q, r);
  return q;
}
WARP_HD inline uint256 operator%(const uint256& a, const uint256& b) {
  uint256 q, r;
  udivrem(a, b, q, r);
  return r;
}

// ---- EVM operations (yellow paper / execution-specs semantics) -------------------------
// Names match the opcodes; comparisons return bool and the interpreter converts.

WARP_HD constexpr uint256 add(const uint256& a, const uint256& b) { return a + b; }
WARP_HD constexpr uint256 sub(const uint256& a, const uint256& b) { return a - b; }
WARP_HD constexpr uint256 mul(const uint256& a, const uint256& b) { return a * b; }
WARP_HD inline uint256 div(const uint256& a, const uint256& b) { return a / b; }
WARP_HD inline uint256 mod(const uint256& a, const uint256& b) { return a % b; }

WARP_HD constexpr uint256 negate_if(const uint256& x, bool neg) { return neg ? -x : x; }

// Truncating signed division; b == 0 gives 0, and -2^255 / -1 wraps to -2^255.
WARP_HD inline uint256 sdiv(const uint256& a, const uint256& b) {
  const bool na = a.is_negative(), nb = b.is_negative();
  return negate_if(negate_if(a, na) / negate_if(b, nb), na != nb);
}
// Signed remainder taking the sign of the dividend; b == 0 gives 0.
WARP_HD inline uint256 smod(const uint256& a, const uint256& b) {
  const bool na = a.is_negative();
  return negate_if(negate_if(a, na) % negate_if(b, b.is_negative()), na);
}

// (a + b) % m on the full 257-bit sum; m == 0 gives 0.
WARP_HD inline uint256 addmod(const uint256& a, const uint256& b, const uint256& m) {
  if (m.is_zero()) return uint256{};
  if (a < m && b < m) {  // usual case: one conditional subtraction
    uint64_t c = 0;
    uint256 s{};
    for (int i = 0; i < 4; ++i) s.w[i] = u256_detail::addc(a.w[i], b.w[i], c);
    return (c != 0 || s >= m) ? s - m : s;
  }
  uint64_t sum[5] = {};
  uint64_t c = 0;
  for (int i = 0; i < 4; ++i) sum[i] = u256_detail::addc(a.w[i], b.w[i], c);
  sum[4] = c;
  const int ulen = u256_detail::significant_limbs(sum, 5);
  const int dlen = u256_detail::significant_limbs(m.w, 4);
  uint256 r{};
  if (ulen < dlen) {
    for (int i = 0; i < ulen; ++i) r.w[i] = sum[i];
    return r;
  }
  uint64_t q[u256_detail::kMaxDividendLimbs] = {};
  u256_detail::udivrem_limbs(sum, ulen, m.w, dlen, q, r.w);
  return r;
}

// Full 512-bit product of a and b, little-endian limbs.
WARP_HD constexpr void mul_full(const uint256& a, const uint256& b, uint64_t p[8]) {
  for (int i = 0; i < 8; ++i) p[i] = 0;
  for (int i = 0; i < 4; ++i) {
    uint64_t carry = 0;
    for (int j = 0; j < 4; ++j) {
      uint64_t hi = 0, lo = 0;
      u256_detail::mul64(a.w[i], b.w[j], hi, lo);
      uint64_t c = 0;
      lo = u256_detail::addc(lo, p[i + j], c);
      hi += c;
      c = 0;
      p[i + j] = u256_detail::addc(lo, carry, c);
      carry = hi + c;
    }
    p[i + 4] = carry;
  }
}

// (a * b) % m on the full 512-bit product; m == 0 gives 0.
WARP_HD inline uint256 mulmod(const uint256& a, const uint256& b, const uint256& m) {
  const int dlen = u256_detail::significant_limbs(m.w, 4);
  if (dlen == 0) return uint256{};
  uint64_t p[8];
  mul_full(a, b, p);
  const int ulen = u256_detail::significant_limbs(p, 8);
  uint256 r{};
  if (ulen < dlen) {
    for (int i = 0; i < ulen; ++i) r.w[i] = p[i];
    return r;
  }
  uint64_t q[u256_detail::kMaxDividendLimbs] = {};
  u256_detail::udivrem_limbs(p, ulen, m.w, dlen, q, r.w);
  return r;
}

// base^exponent mod 2^256, square-and-multiply from the low bit.
WARP_HD constexpr uint256 exp(uint256 base, const uint256& exponent) {
  uint256 result = 1;
  const unsigned bits = exponent.bit_length();
  for (unsigned i = 0; i < bits; ++i) {
    if ((exponent.w[i / 64] >> (i % 64)) & 1) result = result * base;
    if (i + 1 < bits) base = base * base;
  }
  return result;
}

// Sign-extends x from byte b (0 = least significant); b >= 31 leaves x unchanged.
WARP_HD constexpr uint256 signextend(const uint256& b, const uint256& x) {
  if (!b.fits_u64() || b.w[0] >= 31) return x;
  const unsigned sign_bit = static_cast<unsigned>(b.w[0]) * 8 + 7;
  const uint256 mask = (uint256(1) << (sign_bit + 1)) - uint256(1);
  const bool negative = ((x.w[sign_bit / 64] >> (sign_bit % 64)) & 1) != 0;
  return negative ? (x | ~mask) : (x & mask);
}

WARP_HD constexpr bool lt(const uint256& a, const uint256& b) { return a < b; }
WARP_HD constexpr bool gt(const uint256& a, const uint256& b) { return b < a; }
// Signed less-than: flipping the sign bits maps two's complement order onto unsigned order.
WARP_HD constexpr bool slt(const uint256& a, const uint256& b) {
  const uint256 flip{0, 0, 0, 1ull << 63};
  return (a ^ flip) < (b ^ flip);
}
WARP_HD constexpr bool sgt(const uint256& a, const uint256& b) { return slt(b, a); }
WARP_HD constexpr bool eq(const uint256& a, const uint256& b) { return a == b; }
WARP_HD constexpr bool iszero(const uint256& a) { return a.is_zero(); }

// Byte i of x counted from the most significant end; i >= 32 gives 0.
WARP_HD constexpr uint256 byte(const uint256& i, const uint256& x) {
  if (!i.fits_u64() || i.w[0] >= 32) return uint256{};
  const unsigned from_low = 31 - static_cast<unsigned>(i.w[0]);
  return uint256((x.w[from_low / 8] >> (8 * (from_low % 8))) & 0xff);
}

// Shift amounts are full words; anything >= 256 shifts everything out.
WARP_HD constexpr unsigned clamp_shift(const uint256& shift) {
  return (!shift.fits_u64() || shift.w[0] >= 256) ? 256u : static_cast<unsigned>(shift.w[0]);
}
WARP_HD constexpr uint256 shl(const uint256& shift, const uint256& value) { return value << clamp_shift(shift); }
WARP_HD constexpr uint256 shr(const uint256& shift, const uint256& value) { return value >> clamp_shift(shift); }
WARP_HD constexpr uint256 sar(const uint256& shift, const uint256& value) {
  return uint256::shift_right(value, clamp_shift(shift), value.is_negative() ? ~0ull : 0ull);
}

}  // namespace warp
