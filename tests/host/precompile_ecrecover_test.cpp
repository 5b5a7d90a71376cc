// ECRECOVER (0x01) and the shared recover_address(): signatures made here with
// libsecp256k1, a fixture vector from ethereum/tests, and every malformed-input rule.
#include <gtest/gtest.h>
#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <algorithm>
#include <cstring>

#include "host/precompiles/builtins.hpp"
#include "host/precompiles/secp256k1_recover.hpp"
#include "kernels/evm/keccak.hpp"

namespace warp {
namespace {

const char* kOrderN = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

Bytes hex(std::string_view s) { return from_hex(s).value(); }

// hash || v || r || s, as the precompile reads it.
Bytes ecrecover_input(const Hash& msg, uint8_t v, const uint8_t sig64[64]) {
  Bytes in(128, 0);
  std::memcpy(in.data(), msg.bytes, 32);
  in[63] = v;
  std::memcpy(in.data() + 64, sig64, 64);
  return in;
}

struct Signed {
  uint8_t sig64[64];
  int recid;
};

Signed sign(const Hash& msg, const uint8_t key[32]) {
  static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  secp256k1_ecdsa_recoverable_signature sig;
  EXPECT_EQ(secp256k1_ecdsa_sign_recoverable(ctx, &sig, msg.bytes, key, nullptr, nullptr), 1);
  Signed out{};
  secp256k1_ecdsa_recoverable_signature_serialize_compact(ctx, out.sig64, &out.recid, &sig);
  return out;
}

Hash message(const char* text) { return keccak256(reinterpret_cast<const uint8_t*>(text), std::strlen(text)); }

// Private key 1 and 2 have well-known addresses.
const uint8_t kKeyOne[32] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
const char* kAddressOne = "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf";
const uint8_t kKeyTwo[32] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                             0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2};
const char* kAddressTwo = "0x2b5ad5c4795c026514f8317c7a215e218dccd6cf";

TEST(RecoverAddress, RecoversTheSigner) {
  const Hash msg = message("warpevm");
  const Signed s1 = sign(msg, kKeyOne);
  const auto a1 = recover_address(msg, s1.sig64, s1.recid);
  ASSERT_TRUE(a1.has_value());
  EXPECT_EQ(to_hex0x(*a1), kAddressOne);

  const Signed s2 = sign(msg, kKeyTwo);
  const auto a2 = recover_address(msg, s2.sig64, s2.recid);
  ASSERT_TRUE(a2.has_value());
  EXPECT_EQ(to_hex0x(*a2), kAddressTwo);
}

TEST(RecoverAddress, WrongRecidOrMessageGivesAnotherKey) {
  const Hash msg = message("warpevm");
  const Signed s = sign(msg, kKeyOne);
  const auto flipped = recover_address(msg, s.sig64, s.recid ^ 1);
  if (flipped) {
    EXPECT_NE(to_hex0x(*flipped), kAddressOne);
  }
  const auto other = recover_address(message("other"), s.sig64, s.recid);
  if (other) {
    EXPECT_NE(to_hex0x(*other), kAddressOne);
  }
  EXPECT_FALSE(recover_address(msg, s.sig64, 4).has_value());
  EXPECT_FALSE(recover_address(msg, s.sig64, -1).has_value());
}

TEST(PrecompileEcrecover, ReturnsLeftPaddedAddress) {
  const Hash msg = message("hello");
  const Signed s = sign(msg, kKeyTwo);
  const auto r = precompile::ecrecover(ecrecover_input(msg, static_cast<uint8_t>(27 + s.recid), s.sig64), 3000);
  EXPECT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(r.gas_used, 3000);
  EXPECT_EQ(to_hex(r.output), std::string(24, '0') + (kAddressTwo + 2));
}

// stPreCompiledContracts2/CallEcrecover0: the well-known test account a94f53..., with an
// s above n/2 (ECRECOVER, unlike transactions, accepts it).
TEST(PrecompileEcrecover, FixtureVector) {
  const Bytes in =
      hex("18c547e4f7b0f325ad1e56f57e26c745b09a3e503d86e00e5255ff7f715d3d1c"
          "000000000000000000000000000000000000000000000000000000000000001c"
          "73b1693892219d736caba55bdb67216e485557ea6b6af75f37096c9aa6a5a75f"
          "eeb940b1d03b21e36b0e47e79769f095fe2ab855bd91e3a38756b7d75a9c4549");
  const auto r = precompile::ecrecover(in, 100000);
  EXPECT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(r.gas_used, 3000);
  EXPECT_EQ(to_hex(r.output), "000000000000000000000000a94f5374fce5edbc8e2a8697c15331677e6ebf0b");

  // Bytes beyond 128 are ignored.
  Bytes longer = in;
  longer.resize(200, 0xff);
  EXPECT_EQ(precompile::ecrecover(longer, 3000).output, r.output);
}

TEST(PrecompileEcrecover, GasBelowPriceFails) {
  const auto r = precompile::ecrecover({}, 2999);
  EXPECT_EQ(r.status, PrecompileStatus::Failure);
  EXPECT_EQ(r.gas_used, 2999);
}

TEST(PrecompileEcrecover, EmptyOrShortInputIsEmptySuccess) {
  for (size_t len : {0, 1, 63, 96, 127}) {
    const Bytes in(len, 0);
    const auto r = precompile::ecrecover(in, 3000);
    EXPECT_EQ(r.status, PrecompileStatus::Success) << len;
    EXPECT_EQ(r.gas_used, 3000) << len;
    EXPECT_TRUE(r.output.empty()) << len;
  }
}

// A signature whose s ends in a zero byte still recovers from 127 bytes of input: the
// missing byte is the implicit right padding.
TEST(PrecompileEcrecover, InputIsRightPadded) {
  const uint8_t key[32] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
                           7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
  for (int i = 0; i < 5000; ++i) {
    const std::string text = "pad " + std::to_string(i);
    const Hash msg = message(text.c_str());
    const Signed s = sign(msg, key);
    if (s.sig64[63] != 0) continue;
    const Bytes full = ecrecover_input(msg, static_cast<uint8_t>(27 + s.recid), s.sig64);
    const auto expected = precompile::ecrecover(full, 3000);
    ASSERT_EQ(expected.output.size(), 32u);
    const Bytes truncated(full.begin(), full.end() - 1);
    EXPECT_EQ(precompile::ecrecover(truncated, 3000).output, expected.output);
    return;
  }
  FAIL() << "no signature with a zero last byte found";
}

TEST(PrecompileEcrecover, VMustBeExactly27Or28) {
  const Hash msg = message("v");
  const Signed s = sign(msg, kKeyOne);
  const uint8_t good_v = static_cast<uint8_t>(27 + s.recid);
  ASSERT_EQ(precompile::ecrecover(ecrecover_input(msg, good_v, s.sig64), 3000).output.size(), 32u);

  for (int v : {0, 1, 26, 29, 0x7e}) {
    const auto r = precompile::ecrecover(ecrecover_input(msg, static_cast<uint8_t>(v), s.sig64), 3000);
    EXPECT_EQ(r.status, PrecompileStatus::Success) << v;
    EXPECT_EQ(r.gas_used, 3000);
    EXPECT_TRUE(r.output.empty()) << v;
  }
  // A correct low byte with any other byte of the word set is still invalid.
  for (size_t byte : {32, 40, 62}) {
    Bytes in = ecrecover_input(msg, good_v, s.sig64);
    in[byte] = 1;
    EXPECT_TRUE(precompile::ecrecover(in, 3000).output.empty()) << byte;
  }
}

TEST(PrecompileEcrecover, RAndSOutOfRangeGiveEmptyOutput) {
  const Hash msg = message("range");
  const Signed s = sign(msg, kKeyOne);
  const uint8_t v = static_cast<uint8_t>(27 + s.recid);
  const Bytes n = hex(kOrderN);
  const Bytes all_ff(32, 0xff);
  const Bytes zero(32, 0);
  for (size_t part : {0, 32}) {  // r, then s
    for (const Bytes* bad : {&n, &all_ff, &zero}) {
      uint8_t sig[64];
      std::memcpy(sig, s.sig64, 64);
      std::memcpy(sig + part, bad->data(), 32);
      const auto r = precompile::ecrecover(ecrecover_input(msg, v, sig), 3000);
      EXPECT_EQ(r.status, PrecompileStatus::Success);
      EXPECT_EQ(r.gas_used, 3000);
      EXPECT_TRUE(r.output.empty()) << (part == 0 ? "r" : "s") << " = " << to_hex(*bad);
    }
  }
}

TEST(PrecompileEcrecover, HighSIsAccepted) {
  // (r, n - s) with the other recid is the same signature; ECRECOVER must accept it.
  const Hash msg = message("malleable");
  const Signed s = sign(msg, kKeyOne);  // libsecp256k1 signs with low s
  const Bytes n = hex(kOrderN);
  uint8_t sig[64];
  std::memcpy(sig, s.sig64, 32);
  int borrow = 0;
  for (int i = 31; i >= 0; --i) {
    const int d = int{n[i]} - int{s.sig64[32 + i]} - borrow;
    sig[32 + i] = static_cast<uint8_t>(d & 0xff);
    borrow = d < 0 ? 1 : 0;
  }
  const auto r = precompile::ecrecover(ecrecover_input(msg, static_cast<uint8_t>(27 + (s.recid ^ 1)), sig), 3000);
  EXPECT_EQ(to_hex(r.output), std::string(24, '0') + (kAddressOne + 2));
}

}  // namespace
}  // namespace warp
