// state/hex.cpp: hex <-> bytes conversions used for every fixture and RPC value.
#include <gtest/gtest.h>

#include "state/bytes.hpp"

namespace warp {
namespace {

TEST(Hex, ToHexIsLowerCaseWithoutPrefix) {
  const Bytes b = {0x00, 0x01, 0x7f, 0x80, 0xab, 0xff};
  EXPECT_EQ(to_hex(b), "00017f80abff");
  EXPECT_EQ(to_hex0x(b), "0x00017f80abff");
  EXPECT_EQ(to_hex(Bytes{}), "");
  EXPECT_EQ(to_hex0x(Bytes{}), "0x");
}

TEST(Hex, EveryByteRoundTrips) {
  Bytes all(256);
  for (size_t i = 0; i < all.size(); ++i) all[i] = static_cast<uint8_t>(i);
  const std::string h = to_hex(all);
  ASSERT_EQ(h.size(), 512u);
  EXPECT_EQ(h.substr(0, 6), "000102");
  EXPECT_EQ(h.substr(h.size() - 4), "feff");
  EXPECT_EQ(from_hex(h), all);
  EXPECT_EQ(from_hex(to_hex0x(all)), all);
}

TEST(Hex, FromHexAcceptsPrefixesAndCase) {
  EXPECT_EQ(from_hex("0xdeadBEEF"), (Bytes{0xde, 0xad, 0xbe, 0xef}));
  EXPECT_EQ(from_hex("0XDEADbeef"), (Bytes{0xde, 0xad, 0xbe, 0xef}));
  EXPECT_EQ(from_hex("00ff"), (Bytes{0x00, 0xff}));
  EXPECT_EQ(from_hex(""), Bytes{});
  EXPECT_EQ(from_hex("0x"), Bytes{});
}

TEST(Hex, FromHexRejectsMalformed) {
  EXPECT_FALSE(from_hex("0"));       // odd length
  EXPECT_FALSE(from_hex("0x123"));   // odd length after the prefix
  EXPECT_FALSE(from_hex("zz"));      // not hex
  EXPECT_FALSE(from_hex("0g"));      // bad low nibble
  EXPECT_FALSE(from_hex("g0"));      // bad high nibble
  EXPECT_FALSE(from_hex("0x0x00"));  // only one prefix
  EXPECT_FALSE(from_hex(" 00"));     // no whitespace
  EXPECT_FALSE(from_hex("00\n"));    // odd after a trailing newline
  EXPECT_FALSE(from_hex("x000"));    // a lone x is not a prefix
  EXPECT_FALSE(from_hex("0:"));      // ':' follows '9' in ASCII
  EXPECT_FALSE(from_hex("@A"));      // '@' precedes 'A'
  EXPECT_FALSE(from_hex("0G"));      // 'G' follows 'F'
}

TEST(Hex, FixedFromHexNeedsExactSize) {
  const std::string addr = "0x00000000000000000000000000000000000000aa";
  const auto a = fixed_from_hex<20>(addr);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->bytes[19], 0xaa);
  EXPECT_EQ(a->bytes[0], 0x00);
  EXPECT_EQ(to_hex0x(*a), addr);
  EXPECT_FALSE(fixed_from_hex<20>(addr + "00"));         // 21 bytes
  EXPECT_FALSE(fixed_from_hex<20>(addr.substr(0, 40)));  // 19 bytes
  EXPECT_FALSE(fixed_from_hex<32>(addr));
  EXPECT_FALSE(fixed_from_hex<20>("0x" + std::string(40, 'q')));
  const auto h = fixed_from_hex<32>(std::string(64, 'f'));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->bytes[0], 0xff);
  EXPECT_EQ(h->bytes[31], 0xff);
}

TEST(Hex, AsViewSeesTheRawBytes) {
  const std::string_view s("a\0b", 3);
  const ByteView v = as_view(s);
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], 'a');
  EXPECT_EQ(v[1], 0);
  EXPECT_EQ(v[2], 'b');
  EXPECT_EQ(to_hex(as_view("dog")), "646f67");
}

}  // namespace
}  // namespace warp
