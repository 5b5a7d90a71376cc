// The extension tower both pairing curves use:
//   Fp2  = Fp[u]  / (u^2 + 1)
//   Fp6  = Fp2[v] / (v^3 - xi),  xi = Xi + u  (9 + u for BN254, 1 + u for BLS12-381)
//   Fp12 = Fp6[w] / (w^2 - v),   so w^6 = xi
// Fp12 coefficients in the basis 1, w, ..., w^5 are (c0.c0, c1.c0, c0.c1, c1.c1, c0.c2, c1.c2); the
// Frobenius map and the sparse line products (pairing.hpp) rely on that order.
#pragma once

#include <array>

#include "fp.hpp"

namespace warp::crypto {

template <class F>
struct Fp2 {
  F c0, c1;  // c0 + c1·u

  static constexpr Fp2 zero() { return {F::zero(), F::zero()}; }
  static constexpr Fp2 one() { return {F::one(), F::zero()}; }
  bool is_zero() const { return c0.is_zero() && c1.is_zero(); }
  friend bool operator==(const Fp2& a, const Fp2& b) { return a.c0 == b.c0 && a.c1 == b.c1; }

  [[gnu::always_inline]] friend Fp2 operator+(const Fp2& a, const Fp2& b) { return {a.c0 + b.c0, a.c1 + b.c1}; }
  [[gnu::always_inline]] friend Fp2 operator-(const Fp2& a, const Fp2& b) { return {a.c0 - b.c0, a.c1 - b.c1}; }
  [[gnu::always_inline]] Fp2 operator-() const { return {-c0, -c1}; }
  [[gnu::always_inline]] Fp2 dbl() const { return {c0.dbl(), c1.dbl()}; }
  Fp2& operator+=(const Fp2& b) { return *this = *this + b; }
  Fp2& operator-=(const Fp2& b) { return *this = *this - b; }
  Fp2& operator*=(const Fp2& b) { return *this = *this * b; }

  // Karatsuba: three base-field products instead of four.
  friend Fp2 operator*(const Fp2& a, const Fp2& b) {
    const F t0 = a.c0 * b.c0;
    const F t1 = a.c1 * b.c1;
    return {t0 - t1, (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1};
  }
  Fp2 square() const {
    const F t = c0 * c1;
    return {(c0 + c1) * (c0 - c1), t.dbl()};
  }
  Fp2 mul_fp(const F& s) const { return {c0 * s, c1 * s}; }
  // Complex conjugation, which is also the p-power Frobenius on Fp2.
  Fp2 conj() const { return {c0, -c1}; }
  Fp2 inv() const {
    const F norm_inv = (c0.square() + c1.square()).inv();
    return {c0 * norm_inv, -(c1 * norm_inv)};
  }
  template <size_t M>
  Fp2 pow(const Limbs<M>& e) const {
    Fp2 r = one();
    for (size_t i = bit_length(e); i-- > 0;) {
      r = r.square();
      if (bit_at(e, i)) r = r * *this;
    }
    return r;
  }
};

// K·a for a small constant K, by doubling and adding (cheaper than a field product).
template <unsigned K, class F>
[[gnu::always_inline]] inline F mul_small(const F& a) {
  if constexpr (K == 1) {
    return a;
  } else if constexpr (K % 2 == 0) {
    return mul_small<K / 2>(a).dbl();
  } else {
    return mul_small<K - 1>(a) + a;
  }
}

template <class F, unsigned Xi>
struct Fp6 {
  using E2 = Fp2<F>;
  E2 c0, c1, c2;  // c0 + c1·v + c2·v^2

  static E2 xi() { return {F::from_u64(Xi), F::one()}; }
  // (a0 + a1·u)(Xi + u) = (Xi·a0 - a1) + (a0 + Xi·a1)·u
  [[gnu::always_inline]] static E2 mul_by_xi(const E2& a) {
    return {mul_small<Xi>(a.c0) - a.c1, a.c0 + mul_small<Xi>(a.c1)};
  }

  static Fp6 zero() { return {E2::zero(), E2::zero(), E2::zero()}; }
  static Fp6 one() { return {E2::one(), E2::zero(), E2::zero()}; }
  bool is_zero() const { return c0.is_zero() && c1.is_zero() && c2.is_zero(); }
  friend bool operator==(const Fp6& a, const Fp6& b) { return a.c0 == b.c0 && a.c1 == b.c1 && a.c2 == b.c2; }

  friend Fp6 operator+(const Fp6& a, const Fp6& b) { return {a.c0 + b.c0, a.c1 + b.c1, a.c2 + b.c2}; }
  friend Fp6 operator-(const Fp6& a, const Fp6& b) { return {a.c0 - b.c0, a.c1 - b.c1, a.c2 - b.c2}; }
  Fp6 operator-() const { return {-c0, -c1, -c2}; }

  // Karatsuba over the cubic extension (six Fp2 products).
  friend Fp6 operator*(const Fp6& a, const Fp6& b) {
    const E2 t0 = a.c0 * b.c0;
    const E2 t1 = a.c1 * b.c1;
    const E2 t2 = a.c2 * b.c2;
    return {mul_by_xi((a.c1 + a.c2) * (b.c1 + b.c2) - t1 - t2) + t0,
            (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1 + mul_by_xi(t2), (a.c0 + a.c2) * (b.c0 + b.c2) - t0 - t2 + t1};
  }
  Fp6 square() const { return *this * *this; }
  // Multiplication by v: (c0, c1, c2)·v = (xi·c2, c0, c1).
  Fp6 mul_by_v() const { return {mul_by_xi(c2), c0, c1}; }
  Fp6 mul_fp2(const E2& s) const { return {c0 * s, c1 * s, c2 * s}; }
  // (b0 + b1·v)·this: the shape of a line's Fp6 half.
  Fp6 mul_by_01(const E2& b0, const E2& b1) const {
    const E2 t0 = c0 * b0;
    const E2 t1 = c1 * b1;
    return {mul_by_xi((c1 + c2) * b1 - t1) + t0, (c0 + c1) * (b0 + b1) - t0 - t1, (c0 + c2) * b0 - t0 + t1};
  }
  // b1·v·this.
  Fp6 mul_by_1(const E2& b1) const { return {mul_by_xi(c2 * b1), c0 * b1, c1 * b1}; }

  Fp6 inv() const {
    const E2 a = c0.square() - mul_by_xi(c1 * c2);
    const E2 b = mul_by_xi(c2.square()) - c0 * c1;
    const E2 c = c1.square() - c0 * c2;
    const E2 f = (c0 * a + mul_by_xi(c2 * b + c1 * c)).inv();
    return {a * f, b * f, c * f};
  }
};

template <class F, unsigned Xi>
struct Fp12 {
  using E2 = Fp2<F>;
  using E6 = Fp6<F, Xi>;
  E6 c0, c1;  // c0 + c1·w

  static Fp12 one() { return {E6::one(), E6::zero()}; }
  bool is_one() const { return c0 == E6::one() && c1.is_zero(); }
  friend bool operator==(const Fp12& a, const Fp12& b) { return a.c0 == b.c0 && a.c1 == b.c1; }

  friend Fp12 operator*(const Fp12& a, const Fp12& b) {
    const E6 t0 = a.c0 * b.c0;
    const E6 t1 = a.c1 * b.c1;
    return {t0 + t1.mul_by_v(), (a.c0 + a.c1) * (b.c0 + b.c1) - t0 - t1};
  }
  Fp12& operator*=(const Fp12& b) { return *this = *this * b; }
  Fp12 square() const {
    const E6 t = c0 * c1;
    return {(c0 + c1) * (c0 + c1.mul_by_v()) - t - t.mul_by_v(), t + t};
  }
  // The p^6-power Frobenius; equals the inverse for elements of the cyclotomic subgroup.
  Fp12 conj() const { return {c0, -c1}; }
  Fp12 inv() const {
    const E6 d = (c0.square() - c1.square().mul_by_v()).inv();
    return {c0 * d, -(c1 * d)};
  }

  // this · (a0 + a1·v + b1·v·w): the line shape when the twist is an M-twist (BLS12-381).
  Fp12 mul_by_014_m(const E2& a0, const E2& a1, const E2& b1) const {
    const E6 t0 = c0.mul_by_01(a0, a1);
    const E6 t1 = c1.mul_by_1(b1);
    return {t0 + t1.mul_by_v(), (c0 + c1).mul_by_01(a0, a1 + b1) - t0 - t1};
  }
  // this · (a0 + (b0 + b1·v)·w): the line shape when the twist is a D-twist (BN254).
  Fp12 mul_by_034_d(const E2& a0, const E2& b0, const E2& b1) const {
    const E6 t0 = c0.mul_fp2(a0);
    const E6 t1 = c1.mul_by_01(b0, b1);
    return {t0 + t1.mul_by_v(), (c0 + c1).mul_by_01(a0 + b0, b1) - t0 - t1};
  }

  // gamma[k] = xi^(k·(p-1)/6): w^(k·p) = gamma[k]·w^k.
  static const std::array<E2, 6>& frobenius_coeffs() {
    static const std::array<E2, 6> coeffs = [] {
      const E2 g = E6::xi().pow(div_small(sub_small(F::kP, 1), 6));
      std::array<E2, 6> c{};
      c[0] = E2::one();
      for (size_t k = 1; k < 6; ++k) c[k] = c[k - 1] * g;
      return c;
    }();
    return coeffs;
  }
  // The p-power Frobenius: conjugate every Fp2 coefficient and scale the w^k one by gamma[k].
  Fp12 frobenius() const {
    const auto& g = frobenius_coeffs();
    return {{c0.c0.conj(), c0.c1.conj() * g[2], c0.c2.conj() * g[4]},
            {c1.c0.conj() * g[1], c1.c1.conj() * g[3], c1.c2.conj() * g[5]}};
  }
  Fp12 frobenius(int times) const {
    Fp12 r = *this;
    for (int i = 0; i < times; ++i) r = r.frobenius();
    return r;
  }

  // The square of an element of the cyclotomic subgroup (norm 1 down to Fp6 and Fp4), after Granger
  // and Scott, "Faster squaring in the cyclotomic subgroup of sixth degree extensions": seen over
  // Fp4 = Fp2[s]/(s^2 - xi), s = w^3, as f = A + B·w + C·w^2, the square is
  //   (3A^2 - 2·conj(A)) + (3s·C^2 + 2·conj(B))·w + (3B^2 - 2·conj(C))·w^2,
  // three Fp4 squarings instead of a full Fp12 squaring. Wrong for other elements.
  Fp12 cyclotomic_square() const {
    // (x + y·s)^2 = (x^2 + xi·y^2) + 2xy·s
    const auto fp4_square = [](const E2& x, const E2& y, E2& r0, E2& r1) {
      const E2 t = x * y;
      r0 = (x + y) * (x + E6::mul_by_xi(y)) - t - E6::mul_by_xi(t);
      r1 = t.dbl();
    };
    E2 a0, a1, b0, b1, c0s, c1s;
    fp4_square(c0.c0, c1.c1, a0, a1);    // A = a0 + a3·s
    fp4_square(c1.c0, c0.c2, b0, b1);    // B = a1 + a4·s
    fp4_square(c0.c1, c1.c2, c0s, c1s);  // C = a2 + a5·s
    const auto three_minus_two = [](const E2& sq, const E2& old) { return (sq - old).dbl() + sq; };
    const auto three_plus_two = [](const E2& sq, const E2& old) { return (sq + old).dbl() + sq; };
    Fp12 r;
    r.c0.c0 = three_minus_two(a0, c0.c0);
    r.c1.c1 = three_plus_two(a1, c1.c1);
    r.c1.c0 = three_plus_two(E6::mul_by_xi(c1s), c1.c0);
    r.c0.c2 = three_minus_two(c0s, c0.c2);
    r.c0.c1 = three_minus_two(b0, c0.c1);
    r.c1.c2 = three_plus_two(b1, c1.c2);
    return r;
  }

  // this^e for a 64-bit exponent; this must be in the cyclotomic subgroup (the final
  // exponentiation's hard part works there).
  // The exponent is recoded in non-adjacent form, since a -1 digit costs only a conjugation.
  Fp12 cyclotomic_pow(uint64_t e) const {
    if (e == 0) return one();
    int8_t digits[65];
    const size_t n = wnaf_digits<2>(Limbs<1>{e}, digits);
    const Fp12 inverse = conj();
    Fp12 r = *this;  // the top digit is 1
    for (size_t i = n - 1; i-- > 0;) {
      r = r.cyclotomic_square();
      if (digits[i] > 0)
        r = r * *this;
      else if (digits[i] < 0)
        r = r * inverse;
    }
    return r;
  }
};

}  // namespace warp::crypto
