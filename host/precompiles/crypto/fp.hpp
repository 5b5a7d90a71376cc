// A prime field in Montgomery form: an element a is stored as a·R mod p with R = 2^(64·N), so a
// product needs one Montgomery reduction instead of a division. Params supplies kLimbs and kModulus
// (the prime, which must leave the top bit of the top limb clear); every other constant is derived
// here at compile time.
#pragma once

#include "limbs.hpp"

namespace warp::crypto {

template <class Params>
class Fp {
 public:
  static constexpr size_t N = Params::kLimbs;
  static constexpr size_t kBytes = 8 * N;
  static constexpr Limbs<N> kP = Params::kModulus;
  static_assert(kP[N - 1] >> 63 == 0, "a spare top bit keeps the sums in add() inside N limbs");

 public:
  static constexpr uint64_t kNegInv = mont_neg_inv(kP[0]);
  static constexpr Limbs<N> kR = pow2_mod(kP, 64 * N);    // Montgomery form of 1
  static constexpr Limbs<N> kR2 = pow2_mod(kP, 128 * N);  // converts into Montgomery form
  static constexpr Limbs<N> kPMinus2 = sub_small(kP, 2);  // Fermat inversion exponent

  Limbs<N> m{};  // Montgomery representation, always < p

  static constexpr Fp zero() { return Fp{}; }
  static constexpr Fp one() { return from_mont(kR); }
  static constexpr Fp from_mont(const Limbs<N>& v) {
    Fp r;
    r.m = v;
    return r;
  }
  // From a canonical integer < p.
  static constexpr Fp from_limbs(const Limbs<N>& v) { return from_mont(v) * from_mont(kR2); }
  static constexpr Fp from_u64(uint64_t v) {
    Limbs<N> l{};
    l[0] = v;
    return from_limbs(l);
  }
  // From kBytes big-endian bytes; false when the value is not below p (EIP-196/197 reject those).
  static constexpr bool from_be_bytes(const uint8_t* in, Fp& out) {
    const Limbs<N> v = limbs_from_be<N>(in);
    if (!less_than(v, kP)) return false;
    out = from_limbs(v);
    return true;
  }

  // The canonical integer (out of Montgomery form).
  constexpr Limbs<N> to_limbs() const {
    Limbs<N> one_limb{};
    one_limb[0] = 1;
    return (*this * from_mont(one_limb)).m;
  }
  constexpr void to_be_bytes(uint8_t* out) const { limbs_to_be<N>(to_limbs(), out); }

  constexpr bool is_zero() const { return is_zero_limbs(m); }
  friend constexpr bool operator==(const Fp& a, const Fp& b) { return a.m == b.m; }

  [[gnu::always_inline]] friend constexpr Fp operator+(const Fp& a, const Fp& b) {
    // Branch-free: keep a + b if subtracting p borrows, else a + b - p (no carry out of a + b:
    // both < p < 2^(64N-1)).
    Limbs<N> sum{};
    add_limbs(sum, a.m, b.m);
    Fp r;
    const uint64_t keep = 0 - sub_limbs(r.m, sum, kP);
    for (size_t i = 0; i < N; ++i) r.m[i] = (sum[i] & keep) | (r.m[i] & ~keep);
    return r;
  }
  [[gnu::always_inline]] friend constexpr Fp operator-(const Fp& a, const Fp& b) {
    Fp r;
    const uint64_t mask = 0 - sub_limbs(r.m, a.m, b.m);  // add p back only on a borrow
    Limbs<N> p_or_0{};
    for (size_t i = 0; i < N; ++i) p_or_0[i] = kP[i] & mask;
    add_limbs(r.m, r.m, p_or_0);
    return r;
  }
  [[gnu::always_inline]] constexpr Fp operator-() const { return zero() - *this; }
  [[gnu::always_inline]] constexpr Fp dbl() const { return *this + *this; }
  Fp& operator+=(const Fp& b) { return *this = *this + b; }
  Fp& operator-=(const Fp& b) { return *this = *this - b; }
  Fp& operator*=(const Fp& b) { return *this = *this * b; }

  // Montgomery product a·b·R^-1 mod p, operand scanning: fold one limb of b in, cancel the lowest
  // limb with a multiple of p and shift down, one limb per round. Because the top limb of p is
  // below 2^63 - 1 the running value never needs the extra carry limbs of textbook CIOS (the
  // "no-carry" variant used by gnark), which saves a third of the additions.
  [[gnu::always_inline]] friend constexpr Fp operator*(const Fp& a, const Fp& b) {
    static_assert(Params::kModulus[N - 1] < 0x7fffffffffffffffULL, "no-carry Montgomery needs a spare bit");
    uint64_t t[N] = {};
#pragma GCC unroll 8
    for (size_t i = 0; i < N; ++i) {
      u128 s = u128{a.m[0]} * b.m[i] + t[0];
      uint64_t carry_a = static_cast<uint64_t>(s >> 64);
      t[0] = static_cast<uint64_t>(s);
      const uint64_t q = t[0] * kNegInv;
      s = u128{q} * kP[0] + t[0];
      uint64_t carry_p = static_cast<uint64_t>(s >> 64);
#pragma GCC unroll 8
      for (size_t j = 1; j < N; ++j) {
        s = u128{a.m[j]} * b.m[i] + t[j] + carry_a;
        carry_a = static_cast<uint64_t>(s >> 64);
        s = u128{q} * kP[j] + static_cast<uint64_t>(s) + carry_p;
        carry_p = static_cast<uint64_t>(s >> 64);
        t[j - 1] = static_cast<uint64_t>(s);
      }
      t[N - 1] = carry_a + carry_p;
    }
    Fp r;
    Limbs<N> reduced{};
    for (size_t j = 0; j < N; ++j) r.m[j] = t[j];
    uint64_t borrow = 0;  // t < 2p: subtract p unless it borrows
    for (size_t j = 0; j < N; ++j) {
      const u128 d = u128{r.m[j]} - kP[j] - borrow;
      reduced[j] = static_cast<uint64_t>(d);
      borrow = static_cast<uint64_t>(d >> 64) & 1;
    }
    const uint64_t keep = 0 - borrow;
    for (size_t j = 0; j < N; ++j) r.m[j] = (r.m[j] & keep) | (reduced[j] & ~keep);
    return r;
  }
  constexpr Fp square() const { return *this * *this; }

  // this^e for an exponent given as limbs (any width), square-and-multiply from the top bit.
  template <size_t M>
  constexpr Fp pow(const Limbs<M>& e) const {
    Fp r = one();
    for (size_t i = bit_length(e); i-- > 0;) {
      r = r.square();
      if (bit_at(e, i)) r = r * *this;
    }
    return r;
  }
  // Inverse by Fermat's little theorem; the inverse of zero is zero (callers check first).
  constexpr Fp inv() const { return pow(kPMinus2); }

  // The larger of {y, p - y} in the ZCash sense: the canonical value exceeds (p - 1) / 2.
  constexpr bool is_lexicographically_largest() const {
    constexpr Limbs<N> kHalf = div_small(kP, 2);  // (p - 1) / 2 since p is odd
    return less_than(kHalf, to_limbs());
  }
};

}  // namespace warp::crypto
