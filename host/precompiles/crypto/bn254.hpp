// BN254 (alt_bn128), the curve of EIP-196/197: y^2 = x^3 + 3 over Fp, G2 on the D-twist
// y^2 = x^3 + 3/(9 + u) over Fp2, both groups of prime order r. Curve parameter x = 4965661367192848881:
// p = 36x^4 + 36x^3 + 24x^2 + 6x + 1, r = 36x^4 + 36x^3 + 18x^2 + 6x + 1.
#pragma once

#include "pairing.hpp"

namespace warp::crypto {

struct Bn254FpParams {
  static constexpr size_t kLimbs = 4;
  static constexpr Limbs<4> kModulus =
      limbs_from_hex<4>("30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47");
};

struct Bn254 {
  using F = Fp<Bn254FpParams>;
  using E2 = Fp2<F>;
  static constexpr unsigned kXi = 9;
  using GT = Fp12<F, kXi>;
  using G1 = Jacobian<F>;
  using G2 = Jacobian<E2>;

  static constexpr uint64_t kX = 4965661367192848881ULL;
  static constexpr Limbs<4> kOrder =
      limbs_from_hex<4>("30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001");
  // 6x + 2 = 0x19d797039be763ba8 (65 bits).
  static constexpr Limbs<2> kLoop = {0x9d797039be763ba8ULL, 0x1ULL};
  static constexpr bool kLoopNegative = false;
  static constexpr bool kDTwist = true;

  static F g1_b() { return F::from_u64(3); }
  static const E2& g2_b() {
    static const E2 b = GT::E6::xi().inv().mul_fp(F::from_u64(3));
    return b;
  }

  // The untwist-Frobenius-twist endomorphism psi(x, y) = (conj(x)·xi^((p-1)/3), conj(y)·xi^((p-1)/2)),
  // in Jacobian coordinates (conjugation commutes with the division by z^2 and z^3).
  static G2 psi(const G2& q) {
    const auto& g = GT::frobenius_coeffs();
    return {q.x.conj() * g[2], q.y.conj() * g[3], q.z.conj()};
  }

  // Q in G2 (the twist's group is larger than r, unlike G1's), by the criterion of Dai, Lin, Zhao
  // and Zhou ("Fast subgroup membership testings for G1, G2 and GT on pairing-friendly curves",
  // eprint 2022/348), valid for BN254 since x != 4 (mod 13) and x != 92 (mod 97):
  //   [x+1]Q + psi([x]Q) + psi^2([x]Q) == psi^3([2x]Q)
  // One 63-bit multiplication instead of the 254-bit [r]Q; tests compare the two.
  static bool g2_in_subgroup(const Affine<E2>& q) {
    const G2 p = G2::from_affine(q);
    const G2 xp = p.mul(Limbs<1>{kX});
    const G2 psi_xp = psi(xp);
    return xp + p + psi_xp + psi(psi_xp) == psi(psi(psi(xp.dbl())));
  }
  static bool g2_in_subgroup_by_order(const Affine<E2>& q) { return G2::from_affine(q).mul(kOrder).is_infinity(); }

  // (p^4 - p^2 + 1) / r = l3·p^3 + l2·p^2 + l1·p + l0 with l3 = 1, l2 = 6x^2 + 1,
  // l1 = -36x^3 - 18x^2 - 12x + 1, l0 = -36x^3 - 30x^2 - 18x - 2 (Scott et al., "On the final
  // exponentiation for calculating pairings on ordinary elliptic curves"). The input is in the
  // cyclotomic subgroup, where the inverse is the conjugate.
  static GT final_exp_hard(const GT& f) {
    const GT a = f.cyclotomic_pow(kX);  // f^x
    const GT b = a.cyclotomic_pow(kX);  // f^(x^2)
    const GT c = b.cyclotomic_pow(kX);  // f^(x^3)
    const GT c36 = c.cyclotomic_pow(36);
    const GT b6 = b.cyclotomic_pow(6);
    const GT b18 = b6.cyclotomic_pow(3);
    const GT a6 = a.cyclotomic_pow(6);
    const GT a12 = a6.cyclotomic_square();
    const GT a18 = a12 * a6;
    const GT f_l2 = b6 * f;
    const GT f_l1 = (c36 * b18 * a12).conj() * f;
    const GT f_l0 = (c36 * b18 * b6.cyclotomic_square() * a18 * f.cyclotomic_square()).conj();
    return f.frobenius(3) * f_l2.frobenius(2) * f_l1.frobenius(1) * f_l0;
  }
};

}  // namespace warp::crypto
