// ECADD (0x06), ECMUL (0x07) and ECPAIRING (0x08): outputs, EIP-1108 gas and failure on every kind
// of malformed input, against vectors computed by an independent implementation.
#include <gtest/gtest.h>

#include <random>

#include "host/precompiles/precompile.hpp"
#include "state/bytes.hpp"

namespace warp {
namespace {

struct Bn254Vector {
  const char* input;  // hex, no 0x
  bool ok;
  const char* output;  // hex, empty when !ok
};
#include "pairing_bn254_vectors.inc"

Address precompile_address(uint8_t n) {
  Address a{};
  a.bytes[19] = n;
  return a;
}

PrecompileResult call(uint8_t n, const Bytes& input, int64_t gas = 10'000'000) {
  return run_precompile(precompile_address(n), input, gas, Fork::Cancun);
}

Bytes hex(const std::string& s) { return from_hex(s).value(); }

std::string word(uint64_t v) {
  char buf[65];
  std::snprintf(buf, sizeof(buf), "%064llx", static_cast<unsigned long long>(v));
  return buf;
}

template <size_t N>
void check_vectors(uint8_t address, const Bn254Vector (&vectors)[N], int64_t gas) {
  for (const auto& v : vectors) {
    const auto r = call(address, hex(v.input));
    if (v.ok) {
      ASSERT_EQ(r.status, PrecompileStatus::Success) << v.input;
      EXPECT_EQ(r.gas_used, gas);
      EXPECT_EQ(to_hex(r.output), v.output) << v.input;
    } else {
      EXPECT_EQ(r.status, PrecompileStatus::Failure) << v.input;
      EXPECT_EQ(r.gas_used, 10'000'000);
      EXPECT_TRUE(r.output.empty());
    }
  }
}

TEST(PairingBn254Precompile, EcAddVectors) { check_vectors(6, kEcaddVectors, 150); }
TEST(PairingBn254Precompile, EcMulVectors) { check_vectors(7, kEcmulVectors, 6000); }

TEST(PairingBn254Precompile, EcPairingVectors) {
  for (const auto& v : kEcpairingVectors) {
    const Bytes in = hex(v.input);
    const auto r = call(8, in);
    if (v.ok) {
      ASSERT_EQ(r.status, PrecompileStatus::Success) << v.input;
      EXPECT_EQ(r.gas_used, 45000 + 34000 * static_cast<int64_t>(in.size() / 192));
      EXPECT_EQ(to_hex(r.output), v.output) << v.input;
    } else {
      EXPECT_EQ(r.status, PrecompileStatus::Failure) << v.input;
    }
  }
}

TEST(PairingBn254Precompile, VectorsCoverBothOutcomes) {
  size_t ones = 0, zeros = 0, failures = 0;
  for (const auto& v : kEcpairingVectors) {
    if (!v.ok)
      ++failures;
    else if (std::string(v.output).back() == '1')
      ++ones;
    else
      ++zeros;
  }
  EXPECT_GE(ones, 5u);
  EXPECT_GE(zeros, 5u);
  EXPECT_GE(failures, 3u);
}

const std::string kG1 = word(1) + word(2);
// EIP-197's G2 generator, imaginary part first.
const std::string kG2 =
    "198e9393920d483a7260bfb731fb5d25f1aa493335a9e71297e485b7aef312c2"
    "1800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed"
    "090689d0585ff075ec9e99ad690c3395bc4b313370b38ef355acdadcd122975b"
    "12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";
const std::string kP = "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47";
// 2·(1, 2).
const std::string kTwoG1 =
    "030644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd3"
    "15ed738c0e0a7c92e7845f96b2ae9c0a68a6a449e3538fc7ff3ebf7a5a18a2c4";

TEST(PairingBn254Precompile, EcAddBasics) {
  auto r = call(6, hex(kG1 + kG1));
  ASSERT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(to_hex(r.output), kTwoG1);
  // Empty and short inputs are zero-padded: O + O = O, P + O = P; extra bytes are ignored.
  r = call(6, {});
  ASSERT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(r.output, Bytes(64, 0));
  r = call(6, hex(kG1));
  EXPECT_EQ(to_hex(r.output), kG1);
  r = call(6, hex(kG1 + kG1 + "ffff"));
  EXPECT_EQ(to_hex(r.output), kTwoG1);
  // Padding can complete a point: (1, 2) with y's low byte cut off is (1, 0), off the curve.
  EXPECT_EQ(call(6, hex((kG1 + kG1).substr(0, 254))).status, PrecompileStatus::Failure);
}

TEST(PairingBn254Precompile, EcAddRejectsBadPoints) {
  EXPECT_EQ(call(6, hex(word(1) + word(3) + kG1)).status, PrecompileStatus::Failure);  // off curve
  EXPECT_EQ(call(6, hex(kG1 + word(0) + word(1))).status, PrecompileStatus::Failure);  // (0, 1) is not infinity
  // x = p + 1 is 1 (mod p): (p + 1, 2) would be the generator if coordinates were reduced.
  const std::string p_plus_1 = "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd48";
  EXPECT_EQ(call(6, hex(p_plus_1 + word(2) + kG1)).status, PrecompileStatus::Failure);
  EXPECT_EQ(call(6, hex(kP + word(0) + kG1)).status, PrecompileStatus::Failure);
}

TEST(PairingBn254Precompile, GasIsChargedUpFront) {
  EXPECT_EQ(call(6, hex(kG1 + kG1), 149).status, PrecompileStatus::Failure);
  EXPECT_EQ(call(6, hex(kG1 + kG1), 150).gas_used, 150);
  EXPECT_EQ(call(7, hex(kG1 + word(2)), 5999).status, PrecompileStatus::Failure);
  const auto mul = call(7, hex(kG1 + word(2)), 6000);
  ASSERT_EQ(mul.status, PrecompileStatus::Success);
  EXPECT_EQ(to_hex(mul.output), kTwoG1);
  const Bytes pair = hex(kG1 + kG2);
  EXPECT_EQ(call(8, pair, 79'000).gas_used, 79'000);
  const auto low = call(8, pair, 78'999);
  EXPECT_EQ(low.status, PrecompileStatus::Failure);
  EXPECT_EQ(low.gas_used, 78'999);
  EXPECT_EQ(call(8, {}, 45'000).gas_used, 45'000);
  EXPECT_EQ(call(8, {}, 44'999).status, PrecompileStatus::Failure);
}

TEST(PairingBn254Precompile, EcMulEdges) {
  // Scalar 0 and the point at infinity give infinity; short input pads the scalar with zeros.
  EXPECT_EQ(call(7, hex(kG1 + word(0))).output, Bytes(64, 0));
  EXPECT_EQ(call(7, hex(kG1)).output, Bytes(64, 0));
  EXPECT_EQ(call(7, hex(word(0) + word(0) + word(5))).output, Bytes(64, 0));
  EXPECT_EQ(to_hex(call(7, hex(kG1 + word(1))).output), kG1);
  // The group order times anything is infinity; the scalar is not reduced before use.
  const std::string r = "30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001";
  EXPECT_EQ(call(7, hex(kG1 + r)).output, Bytes(64, 0));
  EXPECT_EQ(call(7, hex(word(1) + word(3) + word(1))).status, PrecompileStatus::Failure);
}

TEST(PairingBn254Precompile, EcPairingInputShape) {
  // Empty input: the empty product, 1.
  auto r = call(8, {});
  ASSERT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(to_hex(r.output), word(1));
  // Not a multiple of 192 bytes.
  const Bytes pair = hex(kG1 + kG2);
  for (size_t len : {1u, 64u, 191u, 193u, 383u}) {
    Bytes in = pair;
    in.resize(len, 0);
    EXPECT_EQ(call(8, in).status, PrecompileStatus::Failure) << len;
  }
  // e(G1, G2) alone is not 1; e(G1, G2)·e(-G1, G2) is.
  r = call(8, pair);
  ASSERT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(to_hex(r.output), word(0));
  const std::string neg_g1 = word(1) + "30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd45";
  r = call(8, hex(kG1 + kG2 + neg_g1 + kG2));
  ASSERT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(to_hex(r.output), word(1));
  // Infinity on either side is accepted and contributes 1.
  EXPECT_EQ(to_hex(call(8, hex(word(0) + word(0) + kG2)).output), word(1));
  EXPECT_EQ(to_hex(call(8, hex(kG1 + std::string(256, '0'))).output), word(1));
}

TEST(PairingBn254Precompile, EcPairingRejectsBadG2) {
  // Coordinates swapped (real part first) put the point off the twist.
  const std::string swapped = kG2.substr(64, 64) + kG2.substr(0, 64) + kG2.substr(192, 64) + kG2.substr(128, 64);
  EXPECT_EQ(call(8, hex(kG1 + swapped)).status, PrecompileStatus::Failure);
  // A coordinate equal to p.
  const std::string big = kP + kG2.substr(64);
  EXPECT_EQ(call(8, hex(kG1 + big)).status, PrecompileStatus::Failure);
  // A bad second pair fails the whole call even after a good one, and a bad G1 too.
  EXPECT_EQ(call(8, hex(kG1 + kG2 + kG1 + swapped)).status, PrecompileStatus::Failure);
  EXPECT_EQ(call(8, hex(word(1) + word(3) + kG2)).status, PrecompileStatus::Failure);
}

// Random bytes are almost never curve points: every such call must fail cleanly (all gas burned),
// whatever the length, and never crash.
TEST(PairingBn254Precompile, RandomInputsFailCleanly) {
  std::mt19937_64 rng(99);
  for (int i = 0; i < 200; ++i) {
    Bytes in(192 * (1 + rng() % 2));
    for (auto& b : in) b = static_cast<uint8_t>(rng());
    in[0] = static_cast<uint8_t>(in[0] & 0x1f);  // keep x below p, so the on-curve check is what rejects
    for (const uint8_t address : {uint8_t{6}, uint8_t{7}, uint8_t{8}}) {
      const auto r = call(address, in, 1'000'000);
      EXPECT_EQ(r.status, PrecompileStatus::Failure) << int{address};
      EXPECT_EQ(r.gas_used, 1'000'000);
    }
  }
}

}  // namespace
}  // namespace warp
