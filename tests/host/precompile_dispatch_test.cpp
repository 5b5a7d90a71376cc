// Which addresses are precompiles in which fork, and how dispatch reports the ones not
// built yet.
#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "host/precompiles/precompile.hpp"

namespace warp {
namespace {

Address precompile_address(uint8_t n) {
  Address a{};
  a.bytes[19] = n;
  return a;
}

TEST(PrecompileDispatch, CancunHasOneThroughTen) {
  EXPECT_FALSE(is_precompile(precompile_address(0), Fork::Cancun));
  for (uint8_t n = 1; n <= 10; ++n) EXPECT_TRUE(is_precompile(precompile_address(n), Fork::Cancun)) << int{n};
  EXPECT_FALSE(is_precompile(precompile_address(11), Fork::Cancun));
  EXPECT_FALSE(is_precompile(precompile_address(0xff), Fork::Cancun));
}

TEST(PrecompileDispatch, PointEvaluationArrivesInCancun) {
  EXPECT_TRUE(is_precompile(precompile_address(9), Fork::Shanghai));
  EXPECT_FALSE(is_precompile(precompile_address(10), Fork::Shanghai));
  EXPECT_TRUE(is_precompile(precompile_address(0x11), Fork::Prague));
  EXPECT_FALSE(is_precompile(precompile_address(0x12), Fork::Prague));
}

TEST(PrecompileDispatch, HighBytesMustBeZero) {
  for (size_t i = 0; i < 19; ++i) {
    Address a = precompile_address(1);
    a.bytes[i] = 1;
    EXPECT_FALSE(is_precompile(a, Fork::Cancun)) << "byte " << i;
  }
}

TEST(PrecompileDispatch, UnbuiltOnesAreUnsupportedByName) {
  const struct {
    uint8_t n;
    const char* name;
  } cases[] = {{0x0b, "bls12381G1Add (0x0b)"}, {0x0f, "bls12381Pairing (0x0f)"}, {0x11, "bls12381MapG2 (0x11)"}};
  for (const auto& c : cases) {
    const auto r = run_precompile(precompile_address(c.n), {}, 1'000'000, Fork::Prague);
    EXPECT_EQ(r.status, PrecompileStatus::Unsupported);
    ASSERT_NE(r.unsupported_name, nullptr);
    EXPECT_STREQ(r.unsupported_name, c.name);
  }
}

TEST(PrecompileDispatch, RoutesToTheRightContract) {
  const uint8_t data[] = {1, 2, 3};
  const auto id = run_precompile(precompile_address(4), data, 100, Fork::Cancun);
  EXPECT_EQ(id.status, PrecompileStatus::Success);
  EXPECT_EQ(id.output, Bytes(data, data + 3));
  EXPECT_EQ(id.gas_used, 18);
  EXPECT_EQ(id.unsupported_name, nullptr);

  const auto sha = run_precompile(precompile_address(2), data, 100, Fork::Cancun);
  EXPECT_EQ(sha.status, PrecompileStatus::Success);
  EXPECT_EQ(sha.gas_used, 72);
  EXPECT_EQ(sha.output.size(), 32u);

  const auto rmd = run_precompile(precompile_address(3), data, 1000, Fork::Cancun);
  EXPECT_EQ(rmd.gas_used, 720);

  const auto ec = run_precompile(precompile_address(1), data, 5000, Fork::Cancun);
  EXPECT_EQ(ec.status, PrecompileStatus::Success);
  EXPECT_EQ(ec.gas_used, 3000);
  EXPECT_TRUE(ec.output.empty());

  const auto mx = run_precompile(precompile_address(5), {}, 5000, Fork::Cancun);
  EXPECT_EQ(mx.status, PrecompileStatus::Success);
  EXPECT_EQ(mx.gas_used, 200);

  const auto bf = run_precompile(precompile_address(9), data, 5000, Fork::Cancun);
  EXPECT_EQ(bf.status, PrecompileStatus::Failure);
  EXPECT_EQ(bf.gas_used, 5000);
}

}  // namespace
}  // namespace warp
