// Hand-written RLP cases: encoder boundaries and every kind of malformed input the strict
// decoder must reject. The ethereum/tests fixtures are in rlp_fixtures_test.cpp.
#include "state/rlp.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

namespace warp::rlp {
namespace {

Bytes hex(std::string_view h) {
  auto b = from_hex(h);
  EXPECT_TRUE(b.has_value()) << "bad hex literal in test: " << h;
  return b.value_or(Bytes{});
}

std::string enc_uint(uint64_t v) {
  Bytes out;
  encode_uint(out, v);
  return to_hex(out);
}

std::string enc_uint_be(std::string_view be_hex) {
  Bytes out;
  encode_uint_be(out, hex(be_hex));
  return to_hex(out);
}

// Decodes and expects failure whose message names `fragment` and an offset.
void expect_error(std::string_view in_hex, std::string_view fragment, size_t offset, size_t max_depth = 1024) {
  const Bytes in = hex(in_hex);
  auto r = decode(in, max_depth);
  ASSERT_TRUE(std::holds_alternative<DecodeError>(r)) << in_hex << " decoded but must not";
  const std::string& msg = std::get<DecodeError>(r).message;
  EXPECT_NE(msg.find(fragment), std::string::npos) << "message: " << msg;
  EXPECT_NE(msg.find("at offset " + std::to_string(offset)), std::string::npos) << "message: " << msg;
}

Item decode_ok(const Bytes& in, size_t max_depth = 1024) {
  auto r = decode(in, max_depth);
  if (auto* e = std::get_if<DecodeError>(&r)) {
    ADD_FAILURE() << "decode failed: " << e->message;
    return {};
  }
  return std::get<Item>(std::move(r));
}

Item str(std::string_view s) {
  Item it;
  it.bytes.assign(s.begin(), s.end());
  return it;
}

Item list(std::vector<Item> items) {
  Item it;
  it.is_list = true;
  it.items = std::move(items);
  return it;
}

// Encodes an Item with the public building blocks (what every caller does by hand).
void encode_item(Bytes& out, const Item& item) {
  if (!item.is_list) return encode_string(out, item.bytes);
  Bytes payload;
  for (const Item& child : item.items) encode_item(payload, child);
  encode_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

// Nested single-child lists `depth` deep around an empty list, e.g. depth 2: c2 c1 c0.
// Built outside-in from the inner sizes, so deep nests cost linear time, not quadratic.
Bytes nested(size_t depth) {
  std::vector<Bytes> headers(depth);
  size_t size = 1;  // the innermost c0
  for (size_t i = 0; i < depth; ++i) {
    encode_list_header(headers[i], size);
    size += headers[i].size();
  }
  Bytes out;
  out.reserve(size);
  for (size_t i = depth; i-- > 0;) out.insert(out.end(), headers[i].begin(), headers[i].end());
  out.push_back(0xc0);
  return out;
}

// ---- encoding -----------------------------------------------------------------------

TEST(RlpEncode, UintEdgeCases) {
  EXPECT_EQ(enc_uint(0), "80");
  EXPECT_EQ(enc_uint(1), "01");
  EXPECT_EQ(enc_uint(127), "7f");
  EXPECT_EQ(enc_uint(128), "8180");
  EXPECT_EQ(enc_uint(255), "81ff");
  EXPECT_EQ(enc_uint(256), "820100");
  EXPECT_EQ(enc_uint(0xffffff), "83ffffff");
  EXPECT_EQ(enc_uint(0x1000000), "8401000000");
  EXPECT_EQ(enc_uint(UINT64_MAX), "88ffffffffffffffff");
  EXPECT_EQ(enc_uint(uint64_t{1} << 63), "888000000000000000");
}

TEST(RlpEncode, UintBigEndianStripsLeadingZeros) {
  EXPECT_EQ(enc_uint_be(""), "80");
  EXPECT_EQ(enc_uint_be("0000000000"), "80");
  EXPECT_EQ(enc_uint_be("0005"), "05");
  EXPECT_EQ(enc_uint_be("007f"), "7f");
  EXPECT_EQ(enc_uint_be("0080"), "8180");
  EXPECT_EQ(enc_uint_be("000100"), "820100");
  // A full 32-byte word keeps all its bytes when the top one is set.
  const std::string word(64, 'f');
  EXPECT_EQ(enc_uint_be(word), "a0" + word);
  // Matches encode_uint wherever both apply.
  for (uint64_t v : {uint64_t{0}, uint64_t{127}, uint64_t{128}, uint64_t{65535}, UINT64_MAX}) {
    uint8_t be[32] = {};
    for (int i = 0; i < 8; ++i) be[31 - i] = static_cast<uint8_t>(v >> (8 * i));
    Bytes a, b;
    encode_uint(a, v);
    encode_uint_be(b, ByteView(be, 32));
    EXPECT_EQ(to_hex(a), to_hex(b)) << v;
  }
}

TEST(RlpEncode, StringBoundaries) {
  auto enc = [](size_t n, uint8_t fill) {
    Bytes out;
    encode_string(out, Bytes(n, fill));
    return out;
  };
  EXPECT_EQ(to_hex(enc(0, 0)), "80");
  EXPECT_EQ(to_hex(enc(1, 0x00)), "00");
  EXPECT_EQ(to_hex(enc(1, 0x7f)), "7f");
  EXPECT_EQ(to_hex(enc(1, 0x80)), "8180");
  const Bytes s55 = enc(55, 0xaa), s56 = enc(56, 0xaa), s256 = enc(256, 0xaa);
  ASSERT_EQ(s55.size(), 56u);
  EXPECT_EQ(s55[0], 0xb7);
  ASSERT_EQ(s56.size(), 58u);
  EXPECT_EQ(s56[0], 0xb8);
  EXPECT_EQ(s56[1], 56);
  ASSERT_EQ(s256.size(), 259u);
  EXPECT_EQ(to_hex(ByteView(s256).first(3)), "b90100");
  // Appends rather than overwrites.
  Bytes out = {0x01};
  encode_string(out, as_view("dog"));
  EXPECT_EQ(to_hex(out), "0183646f67");
}

TEST(RlpEncode, ListHeaders) {
  auto header = [](size_t n) {
    Bytes out;
    encode_list_header(out, n);
    return to_hex(out);
  };
  EXPECT_EQ(header(0), "c0");
  EXPECT_EQ(header(55), "f7");
  EXPECT_EQ(header(56), "f838");
  EXPECT_EQ(header(255), "f8ff");
  EXPECT_EQ(header(256), "f90100");
  EXPECT_EQ(header(size_t{1} << 32), "fc0100000000");
  EXPECT_EQ(to_hex(encode_list(hex("83646f67"))), "c483646f67");
  EXPECT_EQ(to_hex(encode_list({})), "c0");
}

// ---- decoding: valid ------------------------------------------------------------------

TEST(RlpDecode, ValidShapes) {
  EXPECT_EQ(decode_ok(hex("80")), str(""));
  EXPECT_EQ(decode_ok(hex("00")), str(std::string(1, '\0')));
  EXPECT_EQ(decode_ok(hex("7f")), str("\x7f"));
  EXPECT_EQ(decode_ok(hex("8180")), str("\x80"));
  EXPECT_EQ(decode_ok(hex("83646f67")), str("dog"));
  EXPECT_EQ(decode_ok(hex("c0")), list({}));
  EXPECT_EQ(decode_ok(hex("c88363617483646f67")), list({str("cat"), str("dog")}));
  EXPECT_EQ(decode_ok(hex("c7c0c1c0c3c0c1c0")), list({list({}), list({list({})}), list({list({}), list({list({})})})}));
  // Long forms at the first length that needs them.
  const Bytes s56(56, 'x');
  Bytes enc;
  encode_string(enc, s56);
  EXPECT_EQ(decode_ok(enc).bytes, s56);
}

TEST(RlpDecode, RandomTreesRoundTrip) {
  std::mt19937_64 rng(12345);
  for (int round = 0; round < 300; ++round) {
    // Build a random tree iteratively: a stack of lists being filled.
    Item root = list({});
    std::vector<Item*> stack = {&root};
    const int steps = static_cast<int>(rng() % 40);
    for (int s = 0; s < steps; ++s) {
      const unsigned action = static_cast<unsigned>(rng() % 6);
      if (action == 0 && stack.size() < 8) {
        stack.push_back(&stack.back()->items.emplace_back(list({})));
      } else if (action == 1 && stack.size() > 1) {
        stack.pop_back();
      } else {
        // Lengths straddle the 1-byte, 55/56 and 255/256 boundaries.
        static constexpr size_t kLens[] = {0, 1, 1, 2, 55, 56, 57, 255, 256, 300};
        Item leaf;
        leaf.bytes.resize(kLens[rng() % std::size(kLens)]);
        for (auto& b : leaf.bytes) b = static_cast<uint8_t>(rng());
        stack.back()->items.push_back(std::move(leaf));
      }
    }
    Bytes enc;
    encode_item(enc, root);
    const Item back = decode_ok(enc);
    ASSERT_EQ(back, root) << "round " << round << " encoding " << to_hex(enc);
    // Every proper prefix of a valid encoding is truncated and must be rejected.
    for (size_t cut = 0; cut < enc.size(); cut += 1 + enc.size() / 64)
      EXPECT_TRUE(std::holds_alternative<DecodeError>(decode(ByteView(enc).first(cut))))
          << "prefix of length " << cut << " of " << to_hex(enc);
  }
}

TEST(RlpDecode, DepthLimitIsExact) {
  // nested(d) opens d + 1 lists.
  EXPECT_EQ(decode_ok(nested(9), 10), decode_ok(nested(9)));
  expect_error(to_hex(nested(10)), "nesting deeper than max_depth 10", 10, 10);
  // max_depth 0 still decodes a byte string, but no list.
  EXPECT_EQ(decode_ok(hex("83646f67"), 0), str("dog"));
  expect_error("c0", "nesting deeper than max_depth 0", 0, 0);
  // The default limit copes with its own maximum.
  EXPECT_TRUE(std::holds_alternative<Item>(decode(nested(1023))));
}

// ---- decoding: every kind of rejection ---------------------------------------------------

TEST(RlpDecodeError, EmptyInput) { expect_error("", "truncated", 0); }

TEST(RlpDecodeError, SingleByteWrapped) {
  expect_error("8100", "single byte below 0x80", 0);
  expect_error("817f", "single byte below 0x80", 0);
  // Inside a list the offset is the wrapped item's, not the list's.
  expect_error("c3018105", "single byte below 0x80", 2);
}

TEST(RlpDecodeError, LongFormBelow56) {
  expect_error("b800", "non-canonical", 0);  // also a leading zero
  expect_error("b801ff", "below 56", 0);
  expect_error("b837" + std::string(110, 'a'), "below 56", 0);
  expect_error("f80180", "below 56", 0);
  expect_error("f837" + std::string(110, '0'), "below 56", 0);
}

TEST(RlpDecodeError, LengthWithLeadingZeros) {
  expect_error("b90038" + std::string(112, 'a'), "leading zero", 0);
  expect_error("fb00000040" + std::string(128, '0'), "leading zero", 0);
}

TEST(RlpDecodeError, Truncated) {
  expect_error("81", "runs past the end", 0);
  expect_error("83646f", "runs past the end", 0);
  expect_error("c5010203", "runs past the end", 0);
  expect_error("b9", "length bytes announced but not present", 0);
  expect_error("b901", "length bytes announced but not present", 0);
  expect_error("ff0102", "length bytes announced but not present", 0);
  expect_error("b90100" + std::string(2 * 255, 'a'), "runs past the end", 0);
}

TEST(RlpDecodeError, HugeLengthsNeverAllocate) {
  // Lengths up to 2^64 - 1: rejected against the remaining input before any use, so
  // neither size_t overflow (payload offset + length) nor a huge allocation can happen.
  expect_error("bfffffffffffffffff00", "runs past the end", 0);
  expect_error("ffffffffffffffffff00", "runs past the end", 0);
  expect_error("bf0f000000000000021111", "runs past the end", 0);
  expect_error("bf8000000000000000", "runs past the end", 0);
  // A list whose child claims more than its parent holds, though the input has it.
  expect_error("c2b8ff" + std::string(2 * 255, 'a'), "enclosing list", 1);
}

TEST(RlpDecodeError, ChildOverrunsParentList) {
  // c2 claims 2 payload bytes, the child string 83... needs 4.
  expect_error("c283646f67", "runs past the end of its input or enclosing list", 1);
  // Inner list c3 claims 3 bytes but its parent c2 ends after 2.
  expect_error("c4c2c3010203", "enclosing list", 2);
}

TEST(RlpDecodeError, TrailingBytes) {
  expect_error("8080", "1 trailing bytes", 1);
  expect_error("c0c0", "trailing", 1);
  expect_error("83646f670000", "2 trailing bytes", 4);
  expect_error("0000", "trailing", 1);
}

TEST(RlpDecodeError, TooDeep) {
  // 100k nested lists: fails at the limit, quickly, without exhausting the stack.
  const Bytes deep = nested(100000);
  // The 1025th list starts after 1024 headers: 1 byte plus 0xf7 - prefix length bytes.
  size_t offset = 0;
  for (int i = 0; i < 1024; ++i) offset += deep[offset] <= 0xf7 ? 1 : 1 + (deep[offset] - 0xf7);
  expect_error(to_hex(deep), "nesting deeper than max_depth 1024", offset);
}

}  // namespace
}  // namespace warp::rlp
