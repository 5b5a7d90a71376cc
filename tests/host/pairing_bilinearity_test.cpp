// Algebraic properties of the optimal ate pairing on both curves, on random scalars: a wrong
// Miller loop, line or final exponentiation breaks bilinearity or the order of the result.
#include <gtest/gtest.h>

#include "pairing_test_util.hpp"

namespace warp::crypto {
namespace {

using testing::random_below;

template <class C>
struct Generators;
template <>
struct Generators<Bn254> {
  static Affine<Bn254::F> g1() { return {Bn254::F::from_u64(1), Bn254::F::from_u64(2), false}; }
  // The G2 generator of EIP-197.
  static Affine<Bn254::E2> g2() {
    const auto fp = [](const char(&hex)[65]) { return Bn254::F::from_limbs(limbs_from_hex<4>(hex)); };
    return {{fp("1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"),
             fp("198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2")},
            {fp("12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa"),
             fp("090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b")},
            false};
  }
};
template <>
struct Generators<Bls12381> {
  static Affine<Bls12381::F> g1() { return Bls12381::g1_generator(); }
  static Affine<Bls12381::E2> g2() { return Bls12381::g2_generator(); }
};

template <class C>
class PairingBilinearity : public ::testing::Test {
 protected:
  using F = typename C::F;
  using GT = typename C::GT;
  std::mt19937_64 rng{2024};
  Affine<F> g1 = Generators<C>::g1();
  Affine<Fp2<F>> g2 = Generators<C>::g2();
  Limbs<4> scalar() { return random_below(rng, C::kOrder); }
  Affine<F> mul1(const Affine<F>& p, const Limbs<4>& k) { return C::G1::from_affine(p).mul(k).to_affine(); }
  Affine<Fp2<F>> mul2(const Affine<Fp2<F>>& q, const Limbs<4>& k) { return C::G2::from_affine(q).mul(k).to_affine(); }
  GT e(const Affine<F>& p, const Affine<Fp2<F>>& q) { return pairing<C>(p, q); }
};
using Curves = ::testing::Types<Bn254, Bls12381>;
TYPED_TEST_SUITE(PairingBilinearity, Curves);

TYPED_TEST(PairingBilinearity, GeneratorsAreValid) {
  EXPECT_TRUE(this->g1.on_curve(TypeParam::g1_b()));
  EXPECT_TRUE(this->g2.on_curve(TypeParam::g2_b()));
  EXPECT_TRUE(TypeParam::g2_in_subgroup(this->g2));
  EXPECT_TRUE(TypeParam::G1::from_affine(this->g1).mul(TypeParam::kOrder).is_infinity());
  // And a point the group law doubles stays on the curve.
  EXPECT_TRUE(TypeParam::G2::from_affine(this->g2).dbl().to_affine().on_curve(TypeParam::g2_b()));
}

TYPED_TEST(PairingBilinearity, NonDegenerateAndOfOrderR) {
  const auto base = this->e(this->g1, this->g2);
  EXPECT_FALSE(base.is_one());
  EXPECT_TRUE(testing::pow_big(base, TypeParam::kOrder).is_one());
}

// e(aP, bQ) = e(P, Q)^(ab) = e(abP, Q) = e(P, abQ).
TYPED_TEST(PairingBilinearity, ScalarsMoveAcross) {
  const auto a = this->scalar();
  const auto b = this->scalar();
  const auto ab = testing::mulmod(a, b, TypeParam::kOrder);
  const auto lhs = this->e(this->mul1(this->g1, a), this->mul2(this->g2, b));
  EXPECT_EQ(lhs, testing::pow_big(this->e(this->g1, this->g2), ab));
  EXPECT_EQ(lhs, this->e(this->mul1(this->g1, ab), this->g2));
  EXPECT_EQ(lhs, this->e(this->g1, this->mul2(this->g2, ab)));
}

// e(P1 + P2, Q) = e(P1, Q)·e(P2, Q) and e(P, Q1 + Q2) = e(P, Q1)·e(P, Q2).
TYPED_TEST(PairingBilinearity, AdditiveInEachArgument) {
  const auto p1 = this->mul1(this->g1, this->scalar());
  const auto p2 = this->mul1(this->g1, this->scalar());
  const auto q1 = this->mul2(this->g2, this->scalar());
  const auto q2 = this->mul2(this->g2, this->scalar());
  const auto p12 = (TypeParam::G1::from_affine(p1) + TypeParam::G1::from_affine(p2)).to_affine();
  const auto q12 = (TypeParam::G2::from_affine(q1) + TypeParam::G2::from_affine(q2)).to_affine();
  EXPECT_EQ(this->e(p12, q1), this->e(p1, q1) * this->e(p2, q1));
  EXPECT_EQ(this->e(p1, q12), this->e(p1, q1) * this->e(p1, q2));
}

// e(P, Q)·e(-P, Q) = 1, e(P, Q)·e(P, -Q) = 1, as one multi-pairing; a changed point breaks it.
TYPED_TEST(PairingBilinearity, ProductWithNegationIsOne) {
  const auto p = this->mul1(this->g1, this->scalar());
  const auto q = this->mul2(this->g2, this->scalar());
  const PairingInput<TypeParam> neg_p[2] = {{p, q}, {p.neg(), q}};
  EXPECT_TRUE(pairing_product_is_one<TypeParam>(neg_p));
  const PairingInput<TypeParam> neg_q[2] = {{p, q}, {p, q.neg()}};
  EXPECT_TRUE(pairing_product_is_one<TypeParam>(neg_q));
  const auto p2 = (TypeParam::G1::from_affine(p).dbl()).to_affine();
  const PairingInput<TypeParam> off[2] = {{p2, q}, {p.neg(), q}};
  EXPECT_FALSE(pairing_product_is_one<TypeParam>(off));
  EXPECT_EQ(this->e(p.neg(), q), this->e(p, q).conj());
}

// A point at infinity on either side contributes 1; an empty product is 1.
TYPED_TEST(PairingBilinearity, IdentityHandling) {
  using Field = typename TypeParam::F;
  const Affine<Field> inf1{Field::zero(), Field::zero(), true};
  const Affine<Fp2<Field>> inf2{Fp2<Field>::zero(), Fp2<Field>::zero(), true};
  EXPECT_TRUE(this->e(inf1, this->g2).is_one());
  EXPECT_TRUE(this->e(this->g1, inf2).is_one());
  EXPECT_TRUE(pairing_product_is_one<TypeParam>({}));
  const PairingInput<TypeParam> with_inf[2] = {{inf1, this->g2}, {this->g1, this->g2}};
  EXPECT_FALSE(pairing_product_is_one<TypeParam>(with_inf));
  EXPECT_EQ(final_exponentiation<TypeParam>(miller_loop<TypeParam>(with_inf)), this->e(this->g1, this->g2));
}

// Multi-pairing equals the product of single pairings.
TYPED_TEST(PairingBilinearity, MultiPairingIsProduct) {
  const auto p1 = this->mul1(this->g1, this->scalar());
  const auto q1 = this->mul2(this->g2, this->scalar());
  const auto p2 = this->mul1(this->g1, this->scalar());
  const auto q2 = this->mul2(this->g2, this->scalar());
  const PairingInput<TypeParam> both[2] = {{p1, q1}, {p2, q2}};
  EXPECT_EQ(final_exponentiation<TypeParam>(miller_loop<TypeParam>(both)), this->e(p1, q1) * this->e(p2, q2));
}

TYPED_TEST(PairingBilinearity, ScalarMultiplicationEdges) {
  using G1 = typename TypeParam::G1;
  const auto p = G1::from_affine(this->g1);
  EXPECT_TRUE(p.mul(Limbs<4>{}).is_infinity());
  EXPECT_EQ(p.mul(Limbs<4>{1}), p);
  EXPECT_EQ(p.mul(Limbs<4>{2}), p.dbl());
  EXPECT_EQ(p.mul(Limbs<4>{3}), p.dbl() + p);
  EXPECT_EQ(p.mul(sub_small(TypeParam::kOrder, 1)), p.neg());
  EXPECT_TRUE((p + p.neg()).is_infinity());
  EXPECT_EQ(p + G1::infinity(), p);
  const auto a = this->scalar();
  const auto b = this->scalar();
  Limbs<4> sum{};
  add_limbs(sum, a, b);  // both < r < 2^255, no overflow
  EXPECT_EQ(p.mul(a) + p.mul(b), p.mul(sum));
}

}  // namespace
}  // namespace warp::crypto
