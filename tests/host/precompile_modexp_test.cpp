// MODEXP (0x05): EIP-198 examples, EIP-2565 gas (including the exponent-head rules),
// padding, and lengths up to 2^256-1 that must be refused by gas before any allocation.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <string>

#include "host/precompiles/builtins.hpp"

namespace warp {
namespace {

using precompile::modexp;
using precompile::modexp_gas;

std::string word(uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof(buf), "%016llx", static_cast<unsigned long long>(v));
  return std::string(48, '0') + buf;
}

// Header of three 32-byte lengths followed by `body` (hex).
Bytes input(uint64_t base_len, uint64_t exp_len, uint64_t mod_len, const std::string& body) {
  return from_hex(word(base_len) + word(exp_len) + word(mod_len) + body).value();
}

const std::string kP256k = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2f";
const std::string kP256kMinus1 = "fffffffffffffffffffffffffffffffffffffffffffffffffffffffefffffc2e";

TEST(PrecompileModexp, Eip198FermatExample) {
  const Bytes in = input(1, 32, 32, "03" + kP256kMinus1 + kP256k);
  EXPECT_EQ(modexp_gas(in), 1360u);  // ceil(32/8)^2 = 16, iterations 255
  const auto r = modexp(in, 1360);
  EXPECT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(r.gas_used, 1360);
  EXPECT_EQ(to_hex(r.output), std::string(63, '0') + "1");
  EXPECT_EQ(modexp(in, 1359).status, PrecompileStatus::Failure);
}

TEST(PrecompileModexp, Eip198ZeroModulusExample) {
  const Bytes in = input(0, 32, 32, kP256kMinus1 + std::string(64, '0'));
  const auto r = modexp(in, 100000);
  EXPECT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(r.gas_used, 1360);
  EXPECT_EQ(r.output, Bytes(32, 0));
}

TEST(PrecompileModexp, SmallValuesAreLeftPadded) {
  // 2^10 mod 1000 = 24, in a 3-byte modulus whose top byte is zero.
  const auto r = modexp(input(1, 1, 3,
                              "02"
                              "0a"
                              "0003e8"),
                        200);
  EXPECT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(r.gas_used, 200);  // the minimum
  EXPECT_EQ(to_hex(r.output), "000018");
}

TEST(PrecompileModexp, LargeOperands) {
  // 3^200 mod (2^127 - 1), checked with Python's pow().
  const auto a = modexp(input(1, 1, 16,
                              "03"
                              "c8"
                              "7fffffffffffffffffffffffffffffff"),
                        100000);
  EXPECT_EQ(to_hex(a.output), "08221debd28e3482d638cb0c2ea5d889");

  // 0xdeadbeef^0x1234567890abcdef mod (2^521 - 1).
  const std::string m521 = "01" + std::string(130, 'f');
  const auto b = modexp(input(4, 8, 66,
                              "deadbeef"
                              "1234567890abcdef" +
                                  m521),
                        1'000'000);
  ASSERT_EQ(b.status, PrecompileStatus::Success);
  EXPECT_EQ(to_hex(b.output),
            "00eb1bb754d82d342bfaabf2d60550a047495d5a25c9a94e9606e55a144836e06ab9812fdc7b66ec323e27ad64f3f7"
            "0006df4129340d477e85918b0b022e39f4b93d");
}

TEST(PrecompileModexp, ZeroExponentAndUnitModulus) {
  EXPECT_EQ(to_hex(modexp(input(1, 1, 1,
                                "00"
                                "00"
                                "05"),
                          200)
                       .output),
            "01");  // 0^0 = 1
  EXPECT_EQ(to_hex(modexp(input(1, 0, 1,
                                "07"
                                "05"),
                          200)
                       .output),
            "01");  // empty exponent
  EXPECT_EQ(to_hex(modexp(input(1, 1, 1,
                                "07"
                                "03"
                                "01"),
                          200)
                       .output),
            "00");                                                        // mod 1
  EXPECT_EQ(to_hex(modexp(input(0, 0, 2, "0009"), 200).output), "0001");  // empty base, empty exp
}

TEST(PrecompileModexp, ZeroModulusLengthGivesEmptyOutput) {
  const auto r = modexp(input(1, 1, 0, "0203"), 200);
  EXPECT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_EQ(r.gas_used, 200);
  EXPECT_TRUE(r.output.empty());
  const auto e = modexp({}, 200);
  EXPECT_EQ(e.status, PrecompileStatus::Success);
  EXPECT_TRUE(e.output.empty());
  EXPECT_EQ(modexp({}, 199).status, PrecompileStatus::Failure);
}

TEST(PrecompileModexp, ModulusReadPastTheEndIsZeroPadded) {
  // mod_len 2 but only its first byte present: modulus 0x0100 = 256; 3^5 = 243.
  EXPECT_EQ(to_hex(modexp(input(1, 1, 2,
                                "03"
                                "05"
                                "01"),
                          200)
                       .output),
            "00f3");
  // Modulus entirely missing: zero, so the result is zero.
  EXPECT_EQ(to_hex(modexp(input(1, 1, 2,
                                "03"
                                "05"),
                          200)
                       .output),
            "0000");
}

TEST(PrecompileModexp, ShortExponentHeadUsesOnlyItsOwnBytes) {
  // exp_len 2 with exponent 0x0100: bit length 9, 8 iterations; the modulus bytes right
  // after it must not be read as part of the head. words = 256/8 = 32, complexity 1024.
  const std::string base(512, '1'), mod(512, 'f');
  EXPECT_EQ(modexp_gas(input(256, 2, 256, base + "0100" + mod)), 1024u * 8 / 3);
}

TEST(PrecompileModexp, LongExponentGas) {
  // exp_len 40, head with its top bit set: 8 * (40 - 32) + 255 = 319 iterations;
  // base and mod 64 bytes: complexity 64. floor(64 * 319 / 3) = 6805.
  const std::string base(128, '2'), exp = "80" + std::string(78, '0'), mod(128, 'e');
  EXPECT_EQ(modexp_gas(input(64, 40, 64, base + exp + mod)), 6805u);
  // The same with a zero head: 8 * 8 = 64 iterations.
  const std::string zero_exp(80, '0');
  EXPECT_EQ(modexp_gas(input(64, 40, 64, base + zero_exp + mod)), 64u * 64 / 3);
  // Zero-length exponent and zero exponent both count as one iteration.
  EXPECT_EQ(modexp_gas(input(256, 0, 256, "")), 1024u / 3);
  EXPECT_EQ(modexp_gas(input(256, 32, 256, "")), 1024u / 3);
}

TEST(PrecompileModexp, ExponentHeadPastTheEndIsZeroPadded) {
  // exp_len 32 but only its first byte (0x01) present: head = 2^248, 248 iterations.
  EXPECT_EQ(modexp_gas(input(0, 32, 32, "01")), 16u * 248 / 3);
}

TEST(PrecompileModexp, HugeLengthsFailFast) {
  const std::string max_word(64, 'f');
  const auto start = std::chrono::steady_clock::now();
  // base_len = 2^256 - 1.
  const Bytes huge_base = from_hex(max_word + word(1) + word(1)).value();
  EXPECT_EQ(modexp_gas(huge_base), UINT64_MAX);
  auto r = modexp(huge_base, INT64_MAX);
  EXPECT_EQ(r.status, PrecompileStatus::Failure);
  EXPECT_EQ(r.gas_used, INT64_MAX);
  // mod_len = 2^64 exactly: just beyond 64 bits.
  const Bytes huge_mod = from_hex(word(1) + word(1) + std::string(46, '0') + "01" + std::string(16, '0')).value();
  EXPECT_EQ(modexp(huge_mod, INT64_MAX).status, PrecompileStatus::Failure);
  // mod_len = 2^32: finite gas, far above any realistic limit; refused before allocating.
  r = modexp(input(1, 1, uint64_t{1} << 32, "0203"), 30'000'000);
  EXPECT_EQ(r.status, PrecompileStatus::Failure);
  EXPECT_EQ(r.gas_used, 30'000'000);
  // exp_len = 2^256 - 1 with a one-byte modulus.
  EXPECT_EQ(modexp(from_hex(word(1) + max_word + word(1) + "0203").value(), INT64_MAX).status,
            PrecompileStatus::Failure);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(1));
}

TEST(PrecompileModexp, HugeExponentWithNoModulusCostsTheMinimum) {
  // Complexity 0 (base and modulus empty) times any iteration count is 0: gas 200.
  const Bytes in = from_hex(word(0) + std::string(64, 'f') + word(0)).value();
  EXPECT_EQ(modexp_gas(in), 200u);
  const auto r = modexp(in, 200);
  EXPECT_EQ(r.status, PrecompileStatus::Success);
  EXPECT_TRUE(r.output.empty());
}

TEST(PrecompileModexp, NegativeGasLimitFails) { EXPECT_EQ(modexp({}, -1).status, PrecompileStatus::Failure); }

}  // namespace
}  // namespace warp
