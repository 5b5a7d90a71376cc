// uint256: fixed vectors, byte and hex conversion, and compile-time evaluation.
// The exhaustive comparison against GMP is in uint256_oracle_test.cpp.
#include "kernels/evm/uint256.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <string>

namespace warp {
namespace {

std::string hex(const uint256& x) {
  char buf[67];
  const size_t n = x.to_hex(buf);
  EXPECT_EQ(n, std::strlen(buf));
  return buf;
}

uint256 parse(const char* s) {
  uint256 r{};
  EXPECT_TRUE(uint256::from_hex(s, std::strlen(s), &r)) << s;
  return r;
}

constexpr uint256 kMax = uint256::max();
constexpr uint256 kMin = uint256(0, 0, 0, 1ull << 63);  // -2^255

// Compile-time evaluation: the interpreter can build constant tables from these.
static_assert(uint256(1) + uint256(2) == uint256(3));
static_assert(uint256{} - uint256(1) == kMax);
static_assert((uint256(1) << 255) == kMin);
static_assert((kMin >> 255) == uint256(1));
static_assert(exp(uint256(2), uint256(255)) == kMin);
static_assert(exp(uint256(3), uint256(0)) == uint256(1));
static_assert(slt(kMin, uint256(0)) && !slt(uint256(0), kMin));
static_assert(signextend(uint256(0), uint256(0xff)) == kMax);
static_assert(byte(uint256(31), uint256(0xab)) == uint256(0xab));
static_assert(sar(uint256(300), kMin) == kMax);
static_assert(uint256(7).bit_length() == 3 && kMax.count_significant_bytes() == 32);

TEST(Uint256, LayoutIsFourLittleEndianLimbs) {
  const uint256 x = (uint256(1) << 64) + uint256(5);
  EXPECT_EQ(x.w[0], 5u);
  EXPECT_EQ(x.w[1], 1u);
  EXPECT_EQ(x.w[2], 0u);
  EXPECT_EQ(x.w[3], 0u);
  EXPECT_TRUE(uint256(42).fits_u64());
  EXPECT_FALSE(x.fits_u64());
  EXPECT_EQ(x.low64(), 5u);
  EXPECT_TRUE(uint256{}.is_zero());
  EXPECT_FALSE(static_cast<bool>(uint256{}));
  EXPECT_TRUE(static_cast<bool>(uint256(0, 0, 1, 0)));
}

TEST(Uint256, KnownArithmeticVectors) {
  EXPECT_EQ(kMax + uint256(1), uint256{});
  EXPECT_EQ(uint256(0) - uint256(1), kMax);
  EXPECT_EQ(hex(uint256(~0ull) * uint256(~0ull)), "0xfffffffffffffffe0000000000000001");
  EXPECT_EQ(kMax * kMax, uint256(1));  // (-1)(-1)
  EXPECT_EQ(uint256(100) / uint256(7), uint256(14));
  EXPECT_EQ(uint256(100) % uint256(7), uint256(2));
  EXPECT_EQ(uint256(100) / uint256{}, uint256{});
  EXPECT_EQ(uint256(100) % uint256{}, uint256{});
  EXPECT_EQ(kMax / uint256(1), kMax);
  EXPECT_EQ(kMax / kMax, uint256(1));
  EXPECT_EQ(hex(kMax / uint256(3)), "0x" + std::string(64, '5'));
  EXPECT_EQ(parse("0x100000000000000000000000000000000") / parse("0x10000000000000001"), parse("0xffffffffffffffff"));
}

TEST(Uint256, SignedDivisionEdgeCases) {
  const uint256 minus1 = kMax, minus2 = kMax - uint256(1);
  EXPECT_EQ(sdiv(kMin, minus1), kMin);  // overflow wraps
  EXPECT_EQ(smod(kMin, minus1), uint256{});
  EXPECT_EQ(sdiv(uint256(7), minus2), -uint256(3));  // truncates toward zero
  EXPECT_EQ(sdiv(-uint256(7), uint256(2)), -uint256(3));
  EXPECT_EQ(smod(-uint256(7), uint256(2)), minus1);  // sign of the dividend
  EXPECT_EQ(smod(uint256(7), minus2), uint256(1));
  EXPECT_EQ(sdiv(minus1, uint256{}), uint256{});
  EXPECT_EQ(smod(minus1, uint256{}), uint256{});
}

TEST(Uint256, ModularArithmeticUsesWideIntermediates) {
  // (2^256-1) + (2^256-1) needs 257 bits; mod 10: (2 * (2^256-1)) mod 10 = 0 ... checked by hand:
  // 2^256 - 1 = ...935 (mod 10 = 5), so 5 + 5 = 10 -> 0.
  EXPECT_EQ(addmod(kMax, kMax, uint256(10)), uint256(0));
  EXPECT_EQ(addmod(kMax, uint256(2), uint256(3)), uint256((0 + 2) % 3));  // 2^256-1 = 0 mod 3
  // (2^256-1)^2 mod (2^256-1) = 0; mod 2^256-2: (1)^2 = 1.
  EXPECT_EQ(mulmod(kMax, kMax, kMax), uint256{});
  EXPECT_EQ(mulmod(kMax, kMax, kMax - uint256(1)), uint256(1));
  EXPECT_EQ(mulmod(uint256(5), uint256(6), uint256{}), uint256{});
  EXPECT_EQ(addmod(uint256(5), uint256(6), uint256{}), uint256{});
  EXPECT_EQ(mulmod(uint256(5), uint256(6), uint256(7)), uint256(2));
}

TEST(Uint256, ExpAndBitLength) {
  EXPECT_EQ(exp(uint256(0), uint256(0)), uint256(1));
  EXPECT_EQ(exp(uint256(0), uint256(5)), uint256(0));
  EXPECT_EQ(exp(uint256(2), uint256(256)), uint256(0));
  EXPECT_EQ(exp(kMax, kMax), kMax);  // (-1)^odd
  EXPECT_EQ(exp(uint256(10), uint256(18)), uint256(1000000000000000000ull));
  EXPECT_EQ(uint256{}.bit_length(), 0u);
  EXPECT_EQ(uint256{}.count_significant_bytes(), 0u);
  EXPECT_EQ(uint256(0x100).count_significant_bytes(), 2u);
  EXPECT_EQ((uint256(1) << 64).bit_length(), 65u);
  EXPECT_EQ((uint256(1) << 64).count_significant_bytes(), 9u);
}

TEST(Uint256, ByteSignextendAndShifts) {
  const uint256 x = parse("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  for (unsigned i = 0; i < 32; ++i) EXPECT_EQ(byte(uint256(i), x), uint256(i + 1)) << i;
  EXPECT_EQ(byte(uint256(32), x), uint256{});
  EXPECT_EQ(byte(uint256(0, 1, 0, 0), x), uint256{});
  EXPECT_EQ(signextend(uint256(0), uint256(0x7f)), uint256(0x7f));
  EXPECT_EQ(signextend(uint256(0), uint256(0x180)), kMax - uint256(0x7f));
  EXPECT_EQ(signextend(uint256(1), uint256(0x8000)), kMax - uint256(0x7fff));
  EXPECT_EQ(signextend(uint256(31), x), x);
  EXPECT_EQ(signextend(kMax, x), x);
  EXPECT_EQ(shl(uint256(4), x), x << 4);
  EXPECT_EQ(shl(uint256(256), x), uint256{});
  EXPECT_EQ(shr(uint256(0, 0, 0, 1), x), uint256{});
  EXPECT_EQ(shr(uint256(248), x), uint256(1));
  EXPECT_EQ(sar(uint256(1), kMin), kMin + (kMin >> 1));
  EXPECT_EQ(sar(uint256(255), kMin), kMax);
  EXPECT_EQ(sar(uint256(256), x), uint256{});
  EXPECT_EQ(sar(kMax, kMax - uint256(5)), kMax);
}

TEST(Uint256, BigEndianBytesRoundTrip) {
  uint8_t be[32];
  for (int i = 0; i < 32; ++i) be[i] = static_cast<uint8_t>(i + 1);
  const uint256 x = uint256::from_be_bytes(be, 32);
  EXPECT_EQ(x.w[3], 0x0102030405060708ull);
  EXPECT_EQ(x.w[0], 0x191a1b1c1d1e1f20ull);
  uint8_t out[32];
  x.to_be_bytes(out);
  EXPECT_EQ(std::memcmp(be, out, 32), 0);
  // Short input is right-aligned: the last byte is the least significant.
  const uint8_t short_be[3] = {0xab, 0xcd, 0xef};
  EXPECT_EQ(uint256::from_be_bytes(short_be, 3), uint256(0xabcdef));
  EXPECT_EQ(uint256::from_be_bytes(short_be, 0), uint256{});
  const Hash h = x.to_hash();
  EXPECT_EQ(std::memcmp(h.bytes, be, 32), 0);
  EXPECT_EQ(uint256::from_hash(h), x);
}

TEST(Uint256, HexFormatting) {
  EXPECT_EQ(hex(uint256{}), "0x0");
  EXPECT_EQ(hex(uint256(1)), "0x1");
  EXPECT_EQ(hex(uint256(0xabcdef)), "0xabcdef");
  EXPECT_EQ(hex(uint256(1) << 64), "0x10000000000000000");
  EXPECT_EQ(hex(kMax), "0x" + std::string(64, 'f'));
  EXPECT_EQ(hex(kMin), "0x8" + std::string(63, '0'));
}

TEST(Uint256, HexParsing) {
  EXPECT_EQ(parse("0x0"), uint256{});
  EXPECT_EQ(parse("0x"), uint256{});
  EXPECT_EQ(parse("ff"), uint256(255));
  EXPECT_EQ(parse("0XfF"), uint256(255));
  EXPECT_EQ(parse("0x00000000000000000000000000000000000000000000000000000000000000000001"),
            uint256(1));  // 68 digits, but the value fits
  EXPECT_EQ(parse(("0x" + std::string(64, 'f')).c_str()), kMax);
  uint256 untouched(77);
  const std::string too_big = "0x1" + std::string(64, '0');
  EXPECT_FALSE(uint256::from_hex(too_big.c_str(), too_big.size(), &untouched));
  EXPECT_FALSE(uint256::from_hex("0x12g4", 6, &untouched));
  EXPECT_FALSE(uint256::from_hex("0x-1", 4, &untouched));
  EXPECT_FALSE(uint256::from_hex("x1", 2, &untouched));
  EXPECT_EQ(untouched, uint256(77));
  const uint256 x = parse("0x0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  EXPECT_EQ(hex(x), "0x102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20");
  EXPECT_EQ(parse(hex(x).c_str()), x);
}

TEST(Uint256, ComparisonsAcrossLimbs) {
  const uint256 hi(0, 0, 0, 1), lo(~0ull, ~0ull, ~0ull, 0);
  EXPECT_TRUE(lo < hi);
  EXPECT_TRUE(hi > lo);
  EXPECT_TRUE(lo <= hi && lo <= lo && hi >= hi);
  EXPECT_FALSE(hi < lo || hi < hi);
  EXPECT_TRUE(lt(lo, hi) && gt(hi, lo) && !gt(lo, lo));
  EXPECT_TRUE(slt(kMax, uint256(0)) && sgt(uint256(0), kMax) && slt(kMin, kMax));
  EXPECT_TRUE(eq(hi, hi) && !eq(hi, lo) && iszero(uint256{}) && !iszero(hi));
}

}  // namespace
}  // namespace warp
