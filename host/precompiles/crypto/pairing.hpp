// The optimal ate pairing for BN and BLS12 curves, generic over a curve description C:
//   C::F, C::kXi       the base field and the tower's non-residue (tower.hpp)
//   C::kDTwist         whether G2 lives on a D-twist (BN254) or an M-twist (BLS12-381)
//   C::kLoop, C::kLoopNegative   the Miller loop count (6x+2 for BN, x for BLS12) as limbs
//   C::final_exp_hard  the hard part of the final exponentiation
// Products of several pairings share one Miller loop and one final exponentiation, which is
// what both EIP-197 (ECPAIRING) and EIP-4844 (two pairings per proof) need.
#pragma once

#include <iterator>
#include <span>
#include <utility>
#include <vector>

#include "jacobian.hpp"
#include "tower.hpp"

namespace warp::crypto {

template <class C>
struct PairingInput {
  Affine<typename C::F> p;
  Affine<Fp2<typename C::F>> q;
};

namespace pairing_detail {

// A line through points of the twist, evaluated at P and scaled by a factor in Fp2 (which the
// final exponentiation erases): l = cy·yP + cx·xP·(w or w^2) + c0·(w^3 or 1).
template <class F>
struct Line {
  Fp2<F> cy, cx, c0;
};

// Tangent at T (Jacobian), then T = 2T. With lambda = 3x^2 / (2yz) the line
// yP - lambda·xP + (lambda·x - y) is scaled by 2y·z^3.
template <class F>
Line<F> double_step(Jacobian<Fp2<F>>& t) {
  using E2 = Fp2<F>;
  const E2 zz = t.z.square();
  const E2 a = t.x.square();
  const E2 b = t.y.square();
  const E2 c = b.square();
  const E2 d = ((t.x + b).square() - a - c).dbl();
  const E2 e = a.dbl() + a;
  const E2 x3 = e.square() - d.dbl();
  const E2 z3 = (t.y * t.z).dbl();
  const Line<F> line{z3 * zz, -(e * zz), e * t.x - b.dbl()};
  t = {x3, e * (d - x3) - c.dbl().dbl().dbl(), z3};
  return line;
}

// The line through T and the affine point Q, then T = T + Q. With lambda = (yQ·z^3 - y) /
// (z·(xQ·z^2 - x)) the line yP - lambda·xP + (lambda·xQ - yQ) is scaled by z·(xQ·z^2 - x).
template <class F>
Line<F> add_step(Jacobian<Fp2<F>>& t, const Affine<Fp2<F>>& q) {
  using E2 = Fp2<F>;
  const E2 zz = t.z.square();
  const E2 h = q.x * zz - t.x;
  const E2 r = q.y * t.z * zz - t.y;
  const E2 hh = h.square();
  const E2 hhh = h * hh;
  const E2 v = t.x * hh;
  const E2 x3 = r.square() - hhh - v.dbl();
  const E2 z3 = t.z * h;
  const Line<F> line{z3, -r, r * q.x - z3 * q.y};
  t = {x3, r * (v - x3) - t.y * hhh, z3};
  return line;
}

template <class C>
void mul_line(typename C::GT& f, const Line<typename C::F>& l, const Affine<typename C::F>& p) {
  if constexpr (C::kDTwist)
    f = f.mul_by_034_d(l.cy.mul_fp(p.y), l.cx.mul_fp(p.x), l.c0);
  else
    f = f.mul_by_014_m(l.c0, l.cx.mul_fp(p.x), l.cy.mul_fp(p.y));
}

// The p-power Frobenius endomorphism on the (D-)twist: (conj(x)·xi^((p-1)/3), conj(y)·xi^((p-1)/2)).
template <class C>
Affine<Fp2<typename C::F>> twist_frobenius(const Affine<Fp2<typename C::F>>& q) {
  const auto& g = C::GT::frobenius_coeffs();
  return {q.x.conj() * g[2], q.y.conj() * g[3], q.infinity};
}

}  // namespace pairing_detail

// The Miller loop's lines for one G2 point, in the order the loop uses them. They depend on Q
// only (P enters when a line is evaluated), so a fixed Q (the KZG setup's) is prepared once.
template <class C>
struct PreparedG2 {
  std::vector<pairing_detail::Line<typename C::F>> lines;  // empty for the point at infinity
};

namespace pairing_detail {

// The loop count in non-adjacent form: fewer nonzero digits (22 instead of 37 for BN254's 6x+2)
// means fewer addition steps; a digit -1 adds -Q.
template <class C>
size_t loop_digits(int8_t (&digits)[64 * std::size(C::kLoop) + 1]) {
  return wnaf_digits<2>(C::kLoop, digits);
}

}  // namespace pairing_detail

template <class C>
PreparedG2<C> prepare_g2(const Affine<Fp2<typename C::F>>& q) {
  using namespace pairing_detail;
  PreparedG2<C> out;
  if (q.infinity) return out;
  int8_t digits[64 * std::size(C::kLoop) + 1];
  const size_t n = loop_digits<C>(digits);
  Jacobian<Fp2<typename C::F>> t = Jacobian<Fp2<typename C::F>>::from_affine(q);
  const auto neg_q = q.neg();
  for (size_t bit = n - 1; bit-- > 0;) {
    out.lines.push_back(double_step(t));
    if (digits[bit] != 0) out.lines.push_back(add_step(t, digits[bit] > 0 ? q : neg_q));
  }
  if constexpr (C::kDTwist) {
    // BN: two more lines, through pi(Q) and then -pi^2(Q).
    const auto q1 = twist_frobenius<C>(q);
    const auto q2 = twist_frobenius<C>(q1).neg();
    out.lines.push_back(add_step(t, q1));
    out.lines.push_back(add_step(t, q2));
  }
  return out;
}

// The product of the Miller loops f_{loop,Q_i}(P_i), one shared accumulator (one squaring per
// step for all pairs). Pairs with a point at infinity are skipped: their pairing is 1.
template <class C>
typename C::GT miller_loop(std::span<const Affine<typename C::F>> ps, std::span<const PreparedG2<C>* const> qs) {
  using namespace pairing_detail;
  std::vector<std::pair<const Affine<typename C::F>*, const PreparedG2<C>*>> live;
  for (size_t i = 0; i < ps.size(); ++i)
    if (!ps[i].infinity && !qs[i]->lines.empty()) live.emplace_back(&ps[i], qs[i]);
  typename C::GT f = C::GT::one();
  if (live.empty()) return f;
  int8_t digits[64 * std::size(C::kLoop) + 1];
  const size_t n = loop_digits<C>(digits);
  size_t next = 0;  // index into every pair's lines (all pairs use the same sequence)
  const auto apply = [&] {
    for (const auto& [p, q] : live) mul_line<C>(f, q->lines[next], *p);
    ++next;
  };
  for (size_t bit = n - 1; bit-- > 0;) {
    f = f.square();
    apply();
    if (digits[bit] != 0) apply();
  }
  if constexpr (C::kLoopNegative) f = f.conj();
  if constexpr (C::kDTwist) {
    apply();
    apply();
  }
  return f;
}

// The same for G2 points given as they are, Q in the r-torsion (callers check).
template <class C>
typename C::GT miller_loop(std::span<const PairingInput<C>> inputs) {
  std::vector<Affine<typename C::F>> ps;
  std::vector<PreparedG2<C>> prepared;
  std::vector<const PreparedG2<C>*> qs;
  for (const auto& in : inputs) {
    if (in.p.infinity || in.q.infinity) continue;
    ps.push_back(in.p);
    prepared.push_back(prepare_g2<C>(in.q));
  }
  for (const auto& q : prepared) qs.push_back(&q);
  return miller_loop<C>(std::span<const Affine<typename C::F>>(ps), std::span<const PreparedG2<C>* const>(qs));
}

// f^((p^12 - 1) / r) up to a fixed power coprime to r (so "== 1" and bilinearity are unaffected):
// the easy part (p^6 - 1)(p^2 + 1) here, the hard part by the curve.
template <class C>
typename C::GT final_exponentiation(const typename C::GT& f) {
  typename C::GT g = f.conj() * f.inv();  // f^(p^6 - 1)
  g = g.frobenius(2) * g;                 // ^(p^2 + 1)
  return C::final_exp_hard(g);
}

template <class C>
typename C::GT pairing(const Affine<typename C::F>& p, const Affine<Fp2<typename C::F>>& q) {
  const PairingInput<C> in[1] = {{p, q}};
  return final_exponentiation<C>(miller_loop<C>(in));
}

// Whether the product of e(P_i, Q_i) is 1: the check both precompiles make.
template <class C>
bool pairing_product_is_one(std::span<const PairingInput<C>> inputs) {
  return final_exponentiation<C>(miller_loop<C>(inputs)).is_one();
}
template <class C>
bool pairing_product_is_one(std::span<const Affine<typename C::F>> ps, std::span<const PreparedG2<C>* const> qs) {
  return final_exponentiation<C>(miller_loop<C>(ps, qs)).is_one();
}

}  // namespace warp::crypto
