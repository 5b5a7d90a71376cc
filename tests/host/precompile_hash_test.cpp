// SHA-256 (0x02), RIPEMD-160 (0x03) and IDENTITY (0x04): digests of known strings and
// the per-word gas at the word boundaries.
#include <gtest/gtest.h>

#include <string>

#include "host/precompiles/builtins.hpp"

namespace warp {
namespace {

using precompile::identity;
using precompile::ripemd160;
using precompile::sha256;

std::string hex_of(const PrecompileResult& r) { return to_hex(r.output); }

TEST(PrecompileSha256, KnownDigests) {
  EXPECT_EQ(hex_of(sha256({}, 1000)), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex_of(sha256(as_view("abc"), 1000)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(PrecompileSha256, GasPerWord) {
  EXPECT_EQ(sha256({}, 60).gas_used, 60);
  const Bytes b32(32, 0xab), b33(33, 0xab);
  EXPECT_EQ(sha256(b32, 1000).gas_used, 72);
  EXPECT_EQ(sha256(b33, 1000).gas_used, 84);
  EXPECT_EQ(sha256(b33, 84).status, PrecompileStatus::Success);
  const auto short_gas = sha256(b33, 83);
  EXPECT_EQ(short_gas.status, PrecompileStatus::Failure);
  EXPECT_EQ(short_gas.gas_used, 83);
  EXPECT_TRUE(short_gas.output.empty());
}

TEST(PrecompileRipemd160, KnownDigestsLeftPadded) {
  EXPECT_EQ(hex_of(ripemd160({}, 1000)), "0000000000000000000000009c1185a5c5e9fc54612808977ee8f548b2258d31");
  EXPECT_EQ(hex_of(ripemd160(as_view("abc"), 1000)),
            "0000000000000000000000008eb208f7e05d987a9b044a8e98c6b087f15a0bfc");
}

TEST(PrecompileRipemd160, GasPerWord) {
  EXPECT_EQ(ripemd160({}, 600).gas_used, 600);
  EXPECT_EQ(ripemd160({}, 599).status, PrecompileStatus::Failure);
  const Bytes b64(64, 1), b65(65, 1);
  EXPECT_EQ(ripemd160(b64, 10000).gas_used, 840);
  EXPECT_EQ(ripemd160(b65, 10000).gas_used, 960);
  EXPECT_EQ(ripemd160(b65, 959).status, PrecompileStatus::Failure);
}

TEST(PrecompileIdentity, CopiesInputAndChargesPerWord) {
  EXPECT_EQ(identity({}, 15).gas_used, 15);
  EXPECT_TRUE(identity({}, 15).output.empty());
  Bytes data(100);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 7);
  const auto r = identity(data, 27);
  EXPECT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(r.gas_used, 27);  // 15 + 3 * 4 words
  EXPECT_EQ(r.output, data);
  EXPECT_EQ(identity(data, 26).status, PrecompileStatus::Failure);
}

TEST(PrecompileGas, WordGasSaturatesInsteadOfWrapping) {
  EXPECT_EQ(precompile::word_gas(0, 15, 3), 15);
  EXPECT_EQ(precompile::word_gas(1, 15, 3), 18);
  EXPECT_EQ(precompile::word_gas(SIZE_MAX, 600, 120), INT64_MAX);
}

}  // namespace
}  // namespace warp
