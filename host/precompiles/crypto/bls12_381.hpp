// BLS12-381, the curve of EIP-4844 (and of EIP-2537 in Prague): y^2 = x^3 + 4 over Fp, G2 on the
// M-twist y^2 = x^3 + 4(1 + u) over Fp2. Curve parameter x = -0xd201000000010000:
// r = x^4 - x^2 + 1, p = (x - 1)^2 · r / 3 + x.
#pragma once

#include "pairing.hpp"

namespace warp::crypto {

struct Bls12381FpParams {
  static constexpr size_t kLimbs = 6;
  static constexpr Limbs<6> kModulus = limbs_from_hex<6>(
      "1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab");
};

struct Bls12381 {
  using F = Fp<Bls12381FpParams>;
  using E2 = Fp2<F>;
  static constexpr unsigned kXi = 1;
  using GT = Fp12<F, kXi>;
  using G1 = Jacobian<F>;
  using G2 = Jacobian<E2>;

  static constexpr uint64_t kXAbs = 0xd201000000010000ULL;
  static constexpr Limbs<4> kOrder =
      limbs_from_hex<4>("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001");
  static constexpr Limbs<1> kLoop = {kXAbs};
  static constexpr bool kLoopNegative = true;
  static constexpr bool kDTwist = false;

  static F g1_b() { return F::from_u64(4); }
  static E2 g2_b() { return {F::from_u64(4), F::from_u64(4)}; }

  // P in G1 iff phi(P) + [x^2]P = O, where phi(x, y) = (beta·x, y) for a cube root of unity beta
  // (Scott, eprint 2021/1130, section 4; EIP-2537's fast subgroup checks): a 128-bit
  // multiplication instead of the 255-bit [r]P; tests compare the two.
  static bool g1_in_subgroup(const Affine<F>& p);
  static bool g1_in_subgroup_by_order(const Affine<F>& p) { return G1::from_affine(p).mul(kOrder).is_infinity(); }
  static bool g2_in_subgroup(const Affine<E2>& q) { return G2::from_affine(q).mul(kOrder).is_infinity(); }

  static Affine<F> g1_generator();
  static Affine<E2> g2_generator();

  // A G1 point in the ZCash compressed serialization (48 bytes: flag bits 7/6/5 of the first byte
  // are compression, infinity and "y is the larger root", then x big-endian). False unless every
  // rule holds: compression bit set, canonical infinity, x < p, x on the curve, point in G1.
  static bool g1_from_compressed(const uint8_t in[48], Affine<F>& out);

  // f^x for the negative x, in the cyclotomic subgroup (inverse = conjugate).
  static GT pow_x(const GT& f) { return f.cyclotomic_pow(kXAbs).conj(); }

  // 3·(p^4 - p^2 + 1) / r = (x - 1)^2 · (x + p) · (x^2 + p^2 - 1) + 3 (Hayashida, Hayasaka and
  // Teruya, "Efficient final exponentiation via cyclotomic structure for pairings over families of
  // elliptic curves"). The cube is harmless: 3 is coprime to r.
  static GT final_exp_hard(const GT& f) {
    GT t = pow_x(f) * f.conj();                       // f^(x-1)
    t = pow_x(t) * t.conj();                          // f^((x-1)^2)
    t = pow_x(t) * t.frobenius(1);                    // ^(x + p)
    t = pow_x(pow_x(t)) * t.frobenius(2) * t.conj();  // ^(x^2 + p^2 - 1)
    return t * f.cyclotomic_square() * f;             // · f^3
  }
};

}  // namespace warp::crypto
