// POINT_EVALUATION (0x0a): the ethereum/tests external vectors (the consensus-spec verify_kzg_proof
// cases run through the precompile), the embedded trusted-setup point, and each validation rule.
#include <gmp.h>
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "host/precompiles/kzg.hpp"
#include "host/precompiles/openssl_digest.hpp"
#include "host/precompiles/precompile.hpp"
#include "pairing_test_util.hpp"
#include "state/bytes.hpp"

namespace warp {
namespace {

using crypto::Bls12381;
using F = Bls12381::F;

const std::string kVectorsFile = std::string(WARPEVM_FIXTURES_DIR) +
                                 "/ethereum-tests/GeneralStateTests/Pyspecs/cancun/eip4844_blobs/"
                                 "point_evaluation_precompile_external_vectors.json";

Address point_evaluation_address() {
  Address a{};
  a.bytes[19] = 0x0a;
  return a;
}

PrecompileResult call(const Bytes& input, int64_t gas = 1'000'000) {
  return run_precompile(point_evaluation_address(), input, gas, Fork::Cancun);
}

const std::string kSuccessOutput =
    "0000000000000000000000000000000000000000000000000000000000001000"
    "73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001";

struct Vector {
  std::string name;
  Bytes input;
};

// Each fixture's transaction data is the precompile input (the called contract forwards its
// calldata to 0x0a). The case name says whether the proof is valid.
std::vector<Vector> load_vectors() {
  std::ifstream file(kVectorsFile);
  if (!file) return {};
  std::stringstream text;
  text << file.rdbuf();
  const auto json = nlohmann::json::parse(text.str());
  std::vector<Vector> out;
  for (const auto& [name, test] : json.items())
    out.push_back({name, from_hex(test["transaction"]["data"][0].get<std::string>()).value()});
  return out;
}

bool expect_valid(const std::string& name) {
  return name.find("verify_kzg_proof_case_correct_proof") != std::string::npos;
}

// A well-formed call for (commitment, z, y, proof) with the matching versioned hash.
Bytes make_input(const Bytes& commitment, const Bytes& z, const Bytes& y, const Bytes& proof) {
  uint8_t digest[32];
  EXPECT_TRUE(precompile::sha256_digest(commitment, digest));
  digest[0] = 0x01;
  Bytes in(digest, digest + 32);
  for (const Bytes* part : {&z, &y, &commitment, &proof}) in.insert(in.end(), part->begin(), part->end());
  return in;
}

TEST(PairingKzg, ExternalVectors) {
  const auto vectors = load_vectors();
  ASSERT_EQ(vectors.size(), 122u) << "reading " << kVectorsFile;
  size_t valid = 0;
  for (const auto& v : vectors) {
    const auto r = call(v.input);
    if (expect_valid(v.name)) {
      ++valid;
      ASSERT_EQ(r.status, PrecompileStatus::Success) << v.name;
      EXPECT_EQ(r.gas_used, 50000);
      EXPECT_EQ(to_hex(r.output), kSuccessOutput);
    } else {
      EXPECT_EQ(r.status, PrecompileStatus::Failure) << v.name;
      EXPECT_EQ(r.gas_used, 1'000'000);
    }
  }
  EXPECT_EQ(valid, 54u);
}

// A valid vector to mutate: the first correct proof whose commitment is not infinity.
Vector first_valid() {
  for (auto& v : load_vectors())
    if (expect_valid(v.name) && v.input.size() == 192 && v.input[96] != 0xc0) return v;
  return {};
}

TEST(PairingKzg, GasAndLength) {
  const auto v = first_valid();
  ASSERT_EQ(v.input.size(), 192u);
  EXPECT_EQ(call(v.input, 50000).status, PrecompileStatus::Success);
  const auto low = call(v.input, 49999);
  EXPECT_EQ(low.status, PrecompileStatus::Failure);
  EXPECT_EQ(low.gas_used, 49999);
  Bytes longer = v.input;
  longer.push_back(0);
  EXPECT_EQ(call(longer).status, PrecompileStatus::Failure);
  EXPECT_EQ(call(Bytes(v.input.begin(), v.input.end() - 1)).status, PrecompileStatus::Failure);
  EXPECT_EQ(call({}).status, PrecompileStatus::Failure);
}

TEST(PairingKzg, VersionedHashMustMatch) {
  auto v = first_valid();
  Bytes in = v.input;
  in[0] = 0x02;  // wrong version byte
  EXPECT_EQ(call(in).status, PrecompileStatus::Failure);
  in = v.input;
  in[31] ^= 1;
  EXPECT_EQ(call(in).status, PrecompileStatus::Failure);
}

TEST(PairingKzg, ScalarsMustBeCanonical) {
  const auto v = first_valid();
  const Bytes commitment(v.input.begin() + 96, v.input.begin() + 144);
  const Bytes proof(v.input.begin() + 144, v.input.end());
  const Bytes z(v.input.begin() + 32, v.input.begin() + 64);
  const Bytes y(v.input.begin() + 64, v.input.begin() + 96);
  EXPECT_EQ(call(make_input(commitment, z, y, proof)).status, PrecompileStatus::Success);
  const Bytes modulus = from_hex("73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001").value();
  // z + r and y + r would name the same field elements; they must be rejected, not reduced.
  Bytes z_plus_r(32), y_plus_r(32);
  mpz_t a, b;
  mpz_inits(a, b, nullptr);
  for (auto [src, dst] : {std::pair{&z, &z_plus_r}, std::pair{&y, &y_plus_r}}) {
    mpz_import(a, 32, 1, 1, 0, 0, src->data());
    mpz_import(b, 32, 1, 1, 0, 0, modulus.data());
    mpz_add(a, a, b);
    if (mpz_sizeinbase(a, 2) <= 256) {
      size_t count = 0;
      uint8_t buf[32] = {};
      mpz_export(buf, &count, 1, 1, 0, 0, a);
      std::copy(buf, buf + count, dst->begin() + static_cast<ptrdiff_t>(32 - count));
    } else {
      *dst = modulus;
    }
  }
  mpz_clears(a, b, nullptr);
  EXPECT_EQ(call(make_input(commitment, z_plus_r, y, proof)).status, PrecompileStatus::Failure);
  EXPECT_EQ(call(make_input(commitment, z, y_plus_r, proof)).status, PrecompileStatus::Failure);
  EXPECT_EQ(call(make_input(commitment, modulus, y, proof)).status, PrecompileStatus::Failure);
}

TEST(PairingKzg, WrongProofOrValueFails) {
  const auto v = first_valid();
  const Bytes commitment(v.input.begin() + 96, v.input.begin() + 144);
  Bytes proof(v.input.begin() + 144, v.input.end());
  const Bytes z(v.input.begin() + 32, v.input.begin() + 64);
  Bytes y(v.input.begin() + 64, v.input.begin() + 96);
  y[31] ^= 1;
  EXPECT_EQ(call(make_input(commitment, z, y, proof)).status, PrecompileStatus::Failure);
  y[31] ^= 1;
  proof[0] ^= 0x20;  // the other square root: -proof, a valid point but the wrong one
  EXPECT_EQ(call(make_input(commitment, z, y, proof)).status, PrecompileStatus::Failure);
}

// Compressed G1 encodings: every flag rule, x range, on-curve and subgroup.
TEST(PairingKzg, CompressedG1Validation) {
  crypto::Affine<F> out;
  // Generator: compression and sort flags on x.
  uint8_t g[48];
  Bls12381::g1_generator().x.to_be_bytes(g);
  g[0] |= 0x80;
  if (Bls12381::g1_generator().y.is_lexicographically_largest()) g[0] |= 0x20;
  ASSERT_TRUE(Bls12381::g1_from_compressed(g, out));
  EXPECT_EQ(out.x, Bls12381::g1_generator().x);
  EXPECT_EQ(out.y, Bls12381::g1_generator().y);
  uint8_t flipped[48];
  std::copy(g, g + 48, flipped);
  flipped[0] ^= 0x20;
  ASSERT_TRUE(Bls12381::g1_from_compressed(flipped, out));
  EXPECT_EQ(out.y, -Bls12381::g1_generator().y);
  uint8_t uncompressed[48];
  std::copy(g, g + 48, uncompressed);
  uncompressed[0] &= 0x7f;
  EXPECT_FALSE(Bls12381::g1_from_compressed(uncompressed, out)) << "compression bit clear";
  uint8_t inf_with_x[48];
  std::copy(g, g + 48, inf_with_x);
  inf_with_x[0] |= 0x40;
  EXPECT_FALSE(Bls12381::g1_from_compressed(inf_with_x, out)) << "infinity flag with nonzero x";

  uint8_t inf[48] = {0xc0};
  ASSERT_TRUE(Bls12381::g1_from_compressed(inf, out));
  EXPECT_TRUE(out.infinity);
  inf[0] = 0xe0;
  EXPECT_FALSE(Bls12381::g1_from_compressed(inf, out)) << "infinity with the sort flag";
  inf[0] = 0x40;
  EXPECT_FALSE(Bls12381::g1_from_compressed(inf, out)) << "infinity without the compression flag";
  inf[0] = 0xc0;
  inf[47] = 1;
  EXPECT_FALSE(Bls12381::g1_from_compressed(inf, out)) << "infinity with a nonzero byte";

  // x = p (flags added) is out of range.
  uint8_t big[48];
  crypto::limbs_to_be<6>(F::kP, big);
  big[0] |= 0x80;
  EXPECT_FALSE(Bls12381::g1_from_compressed(big, out));

  // Small x: off the curve when x^3 + 4 is a non-residue (GMP's Legendre symbol decides),
  // otherwise on the curve but outside G1 (the cofactor is large; the test confirms it).
  mpz_t rhs, p;
  mpz_inits(rhs, p, nullptr);
  crypto::testing::to_mpz(p, F::kP);
  bool saw_off_curve = false, saw_wrong_subgroup = false;
  for (uint64_t x = 1; x < 40; ++x) {
    uint8_t enc[48] = {};
    crypto::limbs_to_be<6>(crypto::Limbs<6>{x}, enc);
    enc[0] |= 0x80;
    mpz_set_ui(rhs, x * x * x + 4);
    const bool on_curve = mpz_legendre(rhs, p) == 1;
    EXPECT_FALSE(Bls12381::g1_from_compressed(enc, out)) << x;
    if (!on_curve) {
      saw_off_curve = true;
    } else {
      const F fx = F::from_u64(x);
      const F y = (fx.square() * fx + F::from_u64(4)).pow(crypto::div_small(crypto::add_small(F::kP, 1), 4));
      const crypto::Affine<F> pt{fx, y, false};
      ASSERT_TRUE(pt.on_curve(Bls12381::g1_b()));
      EXPECT_FALSE(Bls12381::g1_in_subgroup(pt));
      saw_wrong_subgroup = true;
    }
  }
  mpz_clears(rhs, p, nullptr);
  EXPECT_TRUE(saw_off_curve);
  EXPECT_TRUE(saw_wrong_subgroup);
}

// The embedded [tau]G2: on the twist, in G2, the x of its compressed form in trusted_setup.txt and
// the root its sort flag (set) selects.
TEST(PairingKzg, TrustedSetupPoint) {
  const auto& tau = precompile::kzg_tau_g2();
  EXPECT_TRUE(tau.on_curve(Bls12381::g2_b()));
  EXPECT_TRUE(Bls12381::g2_in_subgroup(tau));
  uint8_t x[96];
  tau.x.c1.to_be_bytes(x);
  tau.x.c0.to_be_bytes(x + 48);
  x[0] |= 0xa0;  // compressed, larger y
  EXPECT_EQ(to_hex(ByteView(x, 96)),
            "b5bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72"
            "185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2");
  // Fp2 order for the sort flag: the imaginary part decides unless it is zero.
  EXPECT_FALSE(tau.y.c1.is_zero());
  EXPECT_TRUE(tau.y.c1.is_lexicographically_largest());
  EXPECT_FALSE(Bls12381::GT::one() == crypto::pairing<Bls12381>(Bls12381::g1_generator(), tau));
}

}  // namespace
}  // namespace warp
