// Receipt consensus encoding and the logs bloom, against go-ethereum's published vectors
// (core/types receipt and bloom tests).
#include <gtest/gtest.h>

#include <string>

#include "host/node/logs_bloom.hpp"
#include "host/node/receipt_codec.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/rlp.hpp"
#include "state/trie.hpp"

namespace warp {
namespace {

Bytes hex(std::string_view s) {
  auto v = from_hex(s);
  EXPECT_TRUE(v.has_value());
  return v.value_or(Bytes{});
}

Address addr(uint64_t low) {
  Address a{};
  for (size_t i = 0; i < 8; ++i) a.bytes[19 - i] = static_cast<uint8_t>(low >> (8 * i));
  return a;
}

Hash word(uint64_t low) {
  Hash h{};
  for (size_t i = 0; i < 8; ++i) h.bytes[31 - i] = static_cast<uint8_t>(low >> (8 * i));
  return h;
}

// go-ethereum's receipt test fixture: two logs from 0x...11 and 0x...111, topics
// [0xdead, 0xbeef], data 0x0100ff, status failed, cumulative gas 1.
std::vector<Log> geth_logs() {
  return {Log{addr(0x11), {word(0xdead), word(0xbeef)}, {0x01, 0x00, 0xff}},
          Log{addr(0x111), {word(0xdead), word(0xbeef)}, {0x01, 0x00, 0xff}}};
}

// Its expected legacy encoding (the typed ones are the same with a 0x01 / 0x02 prefix).
const char* kGethLegacyReceipt =
    "f901c58001b90100000000000000100000000000000000000000000000000000000000000000000000000000000000000000000000000000"
    "0000000000000000000000000000000000000050000000000000000000000000000000000001400000000000000000000000000000000000"
    "0000000000000000000000000000000000000000010000080000000000000000000004000000000000000000000000000040000000000000"
    "0000000000000008000000000000000000000000000000000000000000000000000004000000000000000000000000000000000000000000"
    "00000000000000000010000000000000000000000000000000000000000000000000000000000000f8bef85d940000000000000000000000"
    "000000000000000011f842a0000000000000000000000000000000000000000000000000000000000000deada00000000000000000000000"
    "00000000000000000000000000000000000000beef830100fff85d940000000000000000000000000000000000000111f842a00000000000"
    "00000000000000000000000000000000000000000000000000deada000000000000000000000000000000000000000000000000000000000"
    "0000beef830100ff";

TEST(ReceiptCodec, GethLegacyReceiptVector) {
  const std::vector<Log> logs = geth_logs();
  EXPECT_EQ(encode_receipt(TxType::Legacy, false, 1, logs_bloom(logs), logs), hex(kGethLegacyReceipt));
}

TEST(ReceiptCodec, GethTypedReceiptVectors) {
  const std::vector<Log> logs = geth_logs();
  Bytes want = hex(kGethLegacyReceipt);
  want.insert(want.begin(), 0x01);
  EXPECT_EQ(encode_receipt(TxType::AccessList, false, 1, logs_bloom(logs), logs), want);
  want[0] = 0x02;
  EXPECT_EQ(encode_receipt(TxType::DynamicFee, false, 1, logs_bloom(logs), logs), want);
}

TEST(ReceiptCodec, SuccessStatusAndBlobPrefix) {
  const Bloom empty{};
  const Bytes enc = encode_receipt(TxType::Blob, true, 21000, empty, {});
  ASSERT_FALSE(enc.empty());
  EXPECT_EQ(enc[0], 0x03);
  auto dec = rlp::decode(ByteView(enc).subspan(1));
  ASSERT_TRUE(std::holds_alternative<rlp::Item>(dec));
  const rlp::Item& item = std::get<rlp::Item>(dec);
  ASSERT_EQ(item.items.size(), 4u);
  EXPECT_EQ(item.items[0].bytes, Bytes{0x01});
  EXPECT_EQ(item.items[1].bytes, (Bytes{0x52, 0x08}));
  EXPECT_EQ(item.items[2].bytes, Bytes(256, 0));
  EXPECT_TRUE(item.items[3].is_list);
  EXPECT_TRUE(item.items[3].items.empty());
}

TEST(ReceiptCodec, EmptyBlockReceiptsRoot) { EXPECT_EQ(receipts_root({}), kEmptyTrieRoot); }

TEST(ReceiptCodec, ReceiptsRootIsOrderedTrieOverEncodings) {
  const std::vector<Log> logs = geth_logs();
  const std::vector<Bytes> receipts = {encode_receipt(TxType::Legacy, true, 21000, Bloom{}, {}),
                                       encode_receipt(TxType::DynamicFee, false, 50000, logs_bloom(logs), logs)};
  EXPECT_EQ(receipts_root(receipts), ordered_trie_root(receipts));
  EXPECT_NE(receipts_root(receipts), receipts_root({receipts[1], receipts[0]}));
}

// ---- bloom ---------------------------------------------------------------------------------

TEST(Bloom, GethReceiptBloom) {
  // The bloom field of the geth receipt vector is the bloom of its logs.
  const Bytes enc = hex(kGethLegacyReceipt);
  const rlp::Item item = std::get<rlp::Item>(rlp::decode(enc));
  const Bloom b = logs_bloom(geth_logs());
  EXPECT_EQ(Bytes(b.begin(), b.end()), item.items.at(2).bytes);
}

TEST(Bloom, GethPositiveAndNegative) {
  Bloom b{};
  for (const char* s : {"testtest", "test", "hallo", "other"}) bloom_add(b, as_view(s));
  for (const char* s : {"testtest", "test", "hallo", "other"}) EXPECT_TRUE(bloom_may_contain(b, as_view(s))) << s;
  for (const char* s : {"tes", "lo"}) EXPECT_FALSE(bloom_may_contain(b, as_view(s))) << s;
}

TEST(Bloom, GethExtensive) {
  Bloom b{};
  for (int i = 0; i < 100; ++i) {
    const std::string data = "xxxxxxxxxx data " + std::to_string(i) + " yyyyyyyyyyyyyy";
    bloom_add(b, as_view(data));
  }
  EXPECT_EQ(to_hex(ByteView(keccak256(b.data(), b.size()).bytes, 32)),
            "c8d3ca65cdb4874300a9e39475508f23ed6da09fdbc487f89a2dcf50b09eb263");
}

TEST(Bloom, SetsAtMostThreeBitsPerItem) {
  Bloom b{};
  bloom_add(b, as_view("item"));
  int bits = 0;
  for (uint8_t byte : b) bits += __builtin_popcount(byte);
  EXPECT_GE(bits, 1);
  EXPECT_LE(bits, 3);
}

TEST(Bloom, OrIsUnion) {
  Bloom left{}, right{};
  bloom_add(left, as_view("left"));
  bloom_add(right, as_view("right"));
  Bloom both = left;
  bloom_or(both, right);
  EXPECT_TRUE(bloom_may_contain(both, as_view("left")));
  EXPECT_TRUE(bloom_may_contain(both, as_view("right")));
  for (size_t i = 0; i < both.size(); ++i) EXPECT_EQ(both[i], left[i] | right[i]);
}

TEST(Bloom, LogsBloomCoversAddressesAndTopicsNotData) {
  const std::vector<Log> logs = geth_logs();
  const Bloom b = logs_bloom(logs);
  for (const Log& log : logs) {
    EXPECT_TRUE(bloom_may_contain(b, ByteView(log.address.bytes, 20)));
    for (const Hash& t : log.topics) EXPECT_TRUE(bloom_may_contain(b, ByteView(t.bytes, 32)));
  }
  EXPECT_EQ(logs_bloom({}), Bloom{});
  // Data is not indexed: a log with data only adds its address.
  Bloom address_only{};
  bloom_add(address_only, ByteView(logs[0].address.bytes, 20));
  EXPECT_EQ(logs_bloom({Log{logs[0].address, {}, {1, 2, 3}}}), address_only);
}

}  // namespace
}  // namespace warp
