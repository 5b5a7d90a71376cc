// Montgomery field and tower arithmetic for BN254 and BLS12-381, checked against GMP and against
// the algebraic identities the pairing code relies on.
#include <gtest/gtest.h>

#include <cstdlib>
#include <vector>

#include "pairing_test_util.hpp"

namespace warp::crypto {
namespace {

using testing::from_mpz;
using testing::random_below;
using testing::random_fp;
using testing::random_fp12;
using testing::random_fp2;
using testing::to_mpz;

template <class C>
class PairingField : public ::testing::Test {};
using Curves = ::testing::Types<Bn254, Bls12381>;
TYPED_TEST_SUITE(PairingField, Curves);

TYPED_TEST(PairingField, MontgomeryConstants) {
  using F = typename TypeParam::F;
  EXPECT_EQ(F::kP[0] * (0 - F::kNegInv), 1u);  // kNegInv = -p^-1 mod 2^64
  EXPECT_EQ(F::one().to_limbs(), (Limbs<F::N>{1}));
  EXPECT_TRUE(F::zero().is_zero());
  EXPECT_EQ(F::from_u64(5) + F::from_u64(7), F::from_u64(12));
  EXPECT_EQ(F::from_u64(5) - F::from_u64(7) + F::from_u64(2), F::zero());
  EXPECT_EQ(-F::one() * -F::one(), F::one());
}

TYPED_TEST(PairingField, MatchesGmp) {
  using F = typename TypeParam::F;
  constexpr size_t N = F::N;
  std::mt19937_64 rng(42);
  mpz_t a, b, p, r;
  mpz_inits(a, b, p, r, nullptr);
  to_mpz(p, F::kP);
  for (int i = 0; i < 500; ++i) {
    const auto x = random_below(rng, F::kP);
    const auto y = i == 0 ? sub_small(F::kP, 1) : random_below(rng, F::kP);  // include p - 1
    to_mpz(a, x);
    to_mpz(b, y);
    const F fx = F::from_limbs(x), fy = F::from_limbs(y);
    ASSERT_EQ(fx.to_limbs(), x);

    mpz_mul(r, a, b);
    mpz_mod(r, r, p);
    ASSERT_EQ((fx * fy).to_limbs(), from_mpz<N>(r)) << i;
    mpz_add(r, a, b);
    mpz_mod(r, r, p);
    ASSERT_EQ((fx + fy).to_limbs(), from_mpz<N>(r)) << i;
    mpz_sub(r, a, b);
    mpz_mod(r, r, p);
    ASSERT_EQ((fx - fy).to_limbs(), from_mpz<N>(r)) << i;
    if (mpz_sgn(a) != 0) {
      mpz_invert(r, a, p);
      ASSERT_EQ(fx.inv().to_limbs(), from_mpz<N>(r)) << i;
    }
  }
  mpz_clears(a, b, p, r, nullptr);
}

TYPED_TEST(PairingField, BytesRoundTripAndRangeCheck) {
  using F = typename TypeParam::F;
  std::mt19937_64 rng(7);
  uint8_t buf[F::kBytes];
  for (int i = 0; i < 50; ++i) {
    const F x = random_fp<F>(rng);
    x.to_be_bytes(buf);
    F y;
    ASSERT_TRUE(F::from_be_bytes(buf, y));
    EXPECT_EQ(x, y);
  }
  limbs_to_be<F::N>(F::kP, buf);
  F y;
  EXPECT_FALSE(F::from_be_bytes(buf, y)) << "p itself is not a canonical element";
  limbs_to_be<F::N>(sub_small(F::kP, 1), buf);
  EXPECT_TRUE(F::from_be_bytes(buf, y));
  EXPECT_EQ(y, -F::one());
}

TYPED_TEST(PairingField, Fp2AndFp6AndFp12Inverses) {
  using C = TypeParam;
  using F = typename C::F;
  std::mt19937_64 rng(3);
  for (int i = 0; i < 10; ++i) {
    const auto a = random_fp2<F>(rng);
    EXPECT_EQ(a * a.inv(), Fp2<F>::one());
    EXPECT_EQ(a.square(), a * a);
    const auto f = random_fp12<F, C::kXi>(rng);
    const auto g = random_fp12<F, C::kXi>(rng);
    EXPECT_TRUE((f * f.inv()).is_one());
    EXPECT_TRUE((f.c0 * f.c0.inv()) == C::GT::E6::one());
    EXPECT_EQ(f.square(), f * f);
    EXPECT_EQ(f * g, g * f);
  }
}

// u^2 = -1, v^3 = xi, w^2 = v: the tower's defining relations.
TYPED_TEST(PairingField, TowerRelations) {
  using C = TypeParam;
  using F = typename C::F;
  using E2 = Fp2<F>;
  using GT = typename C::GT;
  const E2 u{F::zero(), F::one()};
  EXPECT_EQ(u.square(), -E2::one());
  GT w = GT::one();
  w.c0 = GT::E6::zero();
  w.c1 = GT::E6::one();
  GT v = GT::one();
  v.c0 = {E2::zero(), E2::one(), E2::zero()};
  EXPECT_EQ(w.square(), v);
  GT xi = GT::one();
  xi.c0.c0 = GT::E6::xi();
  EXPECT_EQ(v * v * v, xi);
}

// The Frobenius map is x -> x^p: compare with a plain exponentiation, and it is a ring morphism.
TYPED_TEST(PairingField, FrobeniusIsPthPower) {
  using C = TypeParam;
  using F = typename C::F;
  std::mt19937_64 rng(11);
  const auto f = random_fp12<F, C::kXi>(rng);
  const auto g = random_fp12<F, C::kXi>(rng);
  EXPECT_EQ(f.frobenius(), testing::pow_big(f, F::kP));
  EXPECT_EQ((f * g).frobenius(), f.frobenius() * g.frobenius());
  EXPECT_EQ(f.frobenius(12), f);
  EXPECT_EQ(f.frobenius(6), f.conj());
}

// Granger-Scott squaring and the cyclotomic power agree with the generic ones on the cyclotomic
// subgroup, which is where the final exponentiation uses them.
TYPED_TEST(PairingField, CyclotomicSquaring) {
  using C = TypeParam;
  using F = typename C::F;
  std::mt19937_64 rng(5);
  for (int i = 0; i < 5; ++i) {
    const auto f = random_fp12<F, C::kXi>(rng);
    auto g = f.conj() * f.inv();
    g = g.frobenius(2) * g;
    EXPECT_EQ(g.cyclotomic_square(), g.square());
    EXPECT_TRUE((g * g.conj()).is_one()) << "conjugate is the inverse in the cyclotomic subgroup";
    const uint64_t e = rng();
    EXPECT_EQ(g.cyclotomic_pow(e), testing::pow_big(g, Limbs<1>{e}));
  }
}

TEST(PairingFieldBls, SquareRootForDecompression) {
  using F = Bls12381::F;
  std::mt19937_64 rng(9);
  constexpr Limbs<6> kSqrtExp = div_small(add_small(F::kP, 1), 4);
  for (int i = 0; i < 20; ++i) {
    const F x = random_fp<F>(rng);
    const F s = x.square();
    const F y = s.pow(kSqrtExp);
    EXPECT_TRUE(y == x || y == -x);
    EXPECT_NE(x.is_lexicographically_largest(), (-x).is_lexicographically_largest());
  }
}

// wNAF recoding (scalar multiplication, the Miller loop and the cyclotomic powers use it): digits
// are odd and bounded, separated by W - 1 zeros, and sum back to the scalar.
TEST(PairingScalars, WnafDigitsReconstructTheScalar) {
  std::mt19937_64 rng(13);
  std::vector<Limbs<4>> scalars = {Limbs<4>{}, Limbs<4>{1}, Limbs<4>{~0ull, ~0ull, ~0ull, ~0ull}, Bn254::kOrder};
  for (int i = 0; i < 50; ++i) scalars.push_back({rng(), rng(), rng(), rng()});
  for (const auto& k : scalars) {
    int8_t digits[257];
    const size_t n = wnaf_digits<5>(k, digits);
    ASSERT_LE(n, 257u);
    mpz_t acc, term;
    mpz_inits(acc, term, nullptr);
    size_t last_nonzero = 1000;
    for (size_t i = n; i-- > 0;) {
      const int d = digits[i];
      if (d != 0) {
        EXPECT_NE(d % 2, 0);
        EXPECT_LT(std::abs(d), 16);
        if (last_nonzero != 1000) {
          EXPECT_GE(last_nonzero - i, 5u);
        }
        last_nonzero = i;
      }
      mpz_set_si(term, d);
      mpz_mul_2exp(term, term, i);
      mpz_add(acc, acc, term);
    }
    mpz_t expected;
    mpz_init(expected);
    to_mpz(expected, k);
    EXPECT_EQ(mpz_cmp(acc, expected), 0);
    mpz_clears(acc, term, expected, nullptr);
  }
}

}  // namespace
}  // namespace warp::crypto
