// Points of y^2 = x^3 + b (a = 0, true of both pairing curves and their twists) over a field E
// (Fp for G1, Fp2 for G2). Jacobian coordinates (x, y, z) stand for (x/z^2, y/z^3), so adding and
// doubling need no inversion; z = 0 is the point at infinity. b never enters the group law when
// a = 0, so only the on-curve check takes it.
#pragma once

#include <iterator>

#include "limbs.hpp"

namespace warp::crypto {

template <class E>
struct Affine {
  E x, y;
  bool infinity = false;

  // y^2 == x^3 + b; the point at infinity is on every curve.
  bool on_curve(const E& b) const { return infinity || y.square() == x.square() * x + b; }
  Affine neg() const { return {x, -y, infinity}; }
};

template <class E>
struct Jacobian {
  E x, y, z;

  static Jacobian infinity() { return {E::one(), E::one(), E::zero()}; }
  static Jacobian from_affine(const Affine<E>& p) { return p.infinity ? infinity() : Jacobian{p.x, p.y, E::one()}; }
  bool is_infinity() const { return z.is_zero(); }
  Jacobian neg() const { return {x, -y, z}; }

  Affine<E> to_affine() const {
    if (is_infinity()) return {E::zero(), E::zero(), true};
    const E zi = z.inv();
    const E zi2 = zi.square();
    return {x * zi2, y * zi2 * zi, false};
  }

  // Same point, whatever the z of each side: x1·z2^2 == x2·z1^2 and y1·z2^3 == y2·z1^3.
  friend bool operator==(const Jacobian& a, const Jacobian& b) {
    if (a.is_infinity() || b.is_infinity()) return a.is_infinity() && b.is_infinity();
    const E az2 = a.z.square();
    const E bz2 = b.z.square();
    return a.x * bz2 == b.x * az2 && a.y * bz2 * b.z == b.y * az2 * a.z;
  }

  // 2·P (the "dbl-2009-l" formulas for a = 0).
  Jacobian dbl() const {
    if (is_infinity()) return *this;
    const E a = x.square();
    const E b = y.square();
    const E c = b.square();
    const E d = ((x + b).square() - a - c).dbl();
    const E e = a.dbl() + a;
    const E x3 = e.square() - d.dbl();
    const E c8 = c.dbl().dbl().dbl();
    return {x3, e * (d - x3) - c8, (y * z).dbl()};
  }

  // P + Q for any two points, including equal, opposite and infinite ones ("add-2007-bl").
  friend Jacobian operator+(const Jacobian& p, const Jacobian& q) {
    if (p.is_infinity()) return q;
    if (q.is_infinity()) return p;
    const E z1z1 = p.z.square();
    const E z2z2 = q.z.square();
    const E u1 = p.x * z2z2;
    const E u2 = q.x * z1z1;
    const E s1 = p.y * q.z * z2z2;
    const E s2 = q.y * p.z * z1z1;
    const E h = u2 - u1;
    const E r = (s2 - s1).dbl();
    if (h.is_zero()) return r.is_zero() ? p.dbl() : infinity();
    const E i = h.dbl().square();
    const E j = h * i;
    const E v = u1 * i;
    const E x3 = r.square() - j - v.dbl();
    return {x3, r * (v - x3) - (s1 * j).dbl(), ((p.z + q.z).square() - z1z1 - z2z2) * h};
  }

  // k·P for a scalar given as limbs (any value, not reduced), by a width-5 signed window (wNAF):
  // odd multiples P, 3P, ..., 15P, then one addition per ~6 bits instead of one per 2.
  template <size_t M>
  Jacobian mul(const Limbs<M>& k) const {
    constexpr int kWindow = 5;
    int8_t digits[64 * M + 1];
    const size_t n = wnaf_digits<kWindow>(k, digits);
    Jacobian odd[1 << (kWindow - 2)];  // odd[i] = (2i + 1)·P
    odd[0] = *this;
    const Jacobian twice = dbl();
    for (size_t i = 1; i < std::size(odd); ++i) odd[i] = odd[i - 1] + twice;
    Jacobian r = infinity();
    for (size_t i = n; i-- > 0;) {
      r = r.dbl();
      if (digits[i] > 0)
        r = r + odd[digits[i] / 2];
      else if (digits[i] < 0)
        r = r + odd[-digits[i] / 2].neg();
    }
    return r;
  }
};

}  // namespace warp::crypto
