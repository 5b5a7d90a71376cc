// Block headers against published headers and their hashes (mainnet genesis, a mainnet
// Prague block), strict decoding, and the EIP-1559 base fee rule.
#include <gtest/gtest.h>

#include <string>

#include "host/node/base_fee.hpp"
#include "host/node/block_header.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/rlp.hpp"

namespace warp {
namespace {

template <size_t N>
FixedBytes<N> fx(std::string_view hex) {
  auto v = fixed_from_hex<N>(hex);
  EXPECT_TRUE(v.has_value()) << hex;
  return v.value_or(FixedBytes<N>{});
}

Hash h32(std::string_view hex) { return fx<32>(hex); }

Bloom bloom_hex(std::string_view hex) {
  const FixedBytes<256> b = fx<256>(hex);
  Bloom out{};
  std::copy(std::begin(b.bytes), std::end(b.bytes), out.begin());
  return out;
}

Bytes hex(std::string_view s) {
  auto v = from_hex(s);
  EXPECT_TRUE(v.has_value()) << s;
  return v.value_or(Bytes{});
}

// Re-encodes a decoded RLP item (to build malformed headers field by field).
void encode_item(Bytes& out, const rlp::Item& item) {
  if (!item.is_list) {
    rlp::encode_string(out, item.bytes);
    return;
  }
  Bytes payload;
  for (const rlp::Item& child : item.items) encode_item(payload, child);
  rlp::encode_list_header(out, payload.size());
  out.insert(out.end(), payload.begin(), payload.end());
}

rlp::Item as_item(const Bytes& encoded) { return std::get<rlp::Item>(rlp::decode(encoded)); }

Bytes encoded(const rlp::Item& item) {
  Bytes out;
  encode_item(out, item);
  return out;
}

// Mainnet block 0 (Frontier genesis); its fields and hash are public.
BlockHeader mainnet_genesis() {
  BlockHeader h;
  h.state_root = h32("0xd7f8974fb5ac78d9ac099b9ad5018bedc2ce0a72dad1827a1709da30580f0544");
  h.difficulty = uint256(0x400000000ull);
  h.gas_limit = 5000;
  h.extra_data = hex("0x11bbe8db4e347b4e8c937c1c8370e4b5ed33adb3db69cbdb7a38e1e50b1b82fa");
  h.nonce = 0x42;
  return h;
}

// Mainnet block 23094898 (0x1606672), a Prague block with every field through requestsHash,
// as eth_getBlockByNumber reports it (copied into a public Rust test of an RPC client).
BlockHeader mainnet_prague_block() {
  BlockHeader h;
  h.parent_hash = h32("0x37b527c98c86436f292d4e19fac3aba6d8c7768684ea972f50adc305fd9a1475");
  h.coinbase = fx<20>("0x4838b106fce9647bdf1e7877bf73ce8b0bad5f97");
  h.state_root = h32("0x5159c56472adff9a760275ac63524a71f5645ede822a5547dd9ad333586d5157");
  h.transactions_root = h32("0xfb0b9f5b28bc927db98d82e18070d2b17434c31bd2773c5dd699e96fa76a34cd");
  h.receipts_root = h32("0x2abab67c41b350435eb34f9dc0478dd7d262f35544cecf62a85af2da075bd38d");
  h.logs_bloom = bloom_hex(
      "0xbf7bf1afcf57ea95fbb5c6fd8db37db9dbffec27cfc6a39b3417e7786defd7e3d6fd577ecddd5676eee8bf79df8faddcefa7e169def77f"
      "7e7d6dbbfd1dfef9aebd9e707b4c4ed979fda2cdeeb96b3bfed5d5fabb68ff9e7f2dfb075eff643a93feebbc07877f0dff66fedf4ede0fbc"
      "fbf56f98a1626eaed77ed4e6be388f162f9b2deeff1eefa93bdacbf3fbbd7b6757cddb7ae5b3f9b7af9c3bbff7e7f6ddef9f2dff7f17997e"
      "a"
      "6867675c29fcbe6bf725efbffe1507589bfd47a3bf7b6f5dfde50776fd94fe772d2c7b6b58baf554de55c176f27efa6fdcff7f17689bafa7"
      "f"
      "7c7bf4fd5fb9b05c2f4ed785f17ac9779feeaf1f5bbdadfc42ebad367fdcf7ad");
  h.number = 0x1606672;
  h.gas_limit = 0x2aca2c9;
  h.gas_used = 0x1c06043;
  h.timestamp = 0x6895a93f;
  h.extra_data = hex("0x546974616e2028746974616e6275696c6465722e78797a29");  // "Titan (titanbuilder.xyz)"
  h.mix_hash = h32("0x7e53d2d6772895d024eb00da80213aec81fb4a15bec34a5a39403ad6162274af");
  h.base_fee_per_gas = uint256(0x126f2347);
  h.withdrawals_root = h32("0x531480435633d56a52433b33f41ac9322f51a2df3364c4c112236fc6ac583118");
  h.blob_gas_used = 0x100000;
  h.excess_blob_gas = 0;
  h.parent_beacon_block_root = h32("0xd9ef51c8f4155f238ba66df0d35a4d0a6bb043c0dacb5c5dbd5a231bbd4c8a01");
  h.requests_hash = h32("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  return h;
}

TEST(BlockHeader, EmptyOmmersHashIsKeccakOfEmptyList) {
  const uint8_t empty_list = 0xc0;
  EXPECT_EQ(keccak256(&empty_list, 1), kEmptyOmmersHash);
}

TEST(BlockHeader, MainnetGenesisHash) {
  EXPECT_EQ(header_hash(mainnet_genesis()), h32("0xd4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3"));
}

TEST(BlockHeader, MainnetPragueBlockHash) {
  EXPECT_EQ(header_hash(mainnet_prague_block()),
            h32("0xe6064637def8a5a9a90c8a666005975e4a6c46acf8af57e1f2adb20dfced133a"));
}

TEST(BlockHeader, RoundTripsEveryForkShape) {
  const BlockHeader full = mainnet_prague_block();
  for (int tail = 0; tail <= 6; ++tail) {
    BlockHeader h = full;
    if (tail < 6) h.requests_hash.reset();
    if (tail < 5) h.parent_beacon_block_root.reset();
    if (tail < 4) h.excess_blob_gas.reset();
    if (tail < 3) h.blob_gas_used.reset();
    if (tail < 2) h.withdrawals_root.reset();
    if (tail < 1) h.base_fee_per_gas.reset();
    ASSERT_TRUE(header_fields_contiguous(h));
    const Bytes enc = encode_header(h);
    EXPECT_EQ(as_item(enc).items.size(), 15u + tail);
    auto dec = decode_header(enc);
    ASSERT_TRUE(std::holds_alternative<BlockHeader>(dec)) << std::get<std::string>(dec);
    EXPECT_EQ(std::get<BlockHeader>(dec), h) << "tail " << tail;
  }
  auto genesis = decode_header(encode_header(mainnet_genesis()));
  ASSERT_TRUE(std::holds_alternative<BlockHeader>(genesis));
  EXPECT_EQ(std::get<BlockHeader>(genesis), mainnet_genesis());
}

TEST(BlockHeader, LargeValuesRoundTrip) {
  BlockHeader h = mainnet_prague_block();
  h.difficulty = uint256::max();
  h.base_fee_per_gas = uint256::max();
  h.number = h.gas_limit = h.gas_used = h.timestamp = ~0ull;
  h.blob_gas_used = h.excess_blob_gas = ~0ull;
  h.nonce = 0x0102030405060708ull;
  h.extra_data = Bytes(100, 0xee);
  auto dec = decode_header(encode_header(h));
  ASSERT_TRUE(std::holds_alternative<BlockHeader>(dec)) << std::get<std::string>(dec);
  EXPECT_EQ(std::get<BlockHeader>(dec), h);
}

TEST(BlockHeader, OptionalFieldGapIsNotEncoded) {
  BlockHeader h = mainnet_genesis();
  h.withdrawals_root = kEmptyTrieRoot;  // Shanghai field without the London one before it
  EXPECT_FALSE(header_fields_contiguous(h));
  EXPECT_EQ(encode_header(h), encode_header(mainnet_genesis()));

  BlockHeader late = mainnet_prague_block();
  late.blob_gas_used.reset();
  EXPECT_FALSE(header_fields_contiguous(late));
  EXPECT_EQ(as_item(encode_header(late)).items.size(), 17u);
}

// Replaces field `index` of the mainnet Prague header with `value` and decodes the result.
std::variant<BlockHeader, std::string> with_field(size_t index, const rlp::Item& value) {
  rlp::Item item = as_item(encode_header(mainnet_prague_block()));
  item.items.at(index) = value;
  return decode_header(encoded(item));
}

rlp::Item str(Bytes b) { return rlp::Item{false, std::move(b), {}}; }

TEST(BlockHeader, RejectsWrongFieldSizes) {
  struct Case {
    size_t index;
    size_t bad_len;
  };
  const Case cases[] = {{0, 31},  {1, 33},  {2, 19}, {2, 21}, {3, 0},   {4, 31},  {5, 31}, {6, 255},
                        {6, 257}, {13, 31}, {14, 7}, {14, 9}, {16, 31}, {19, 33}, {20, 31}};
  for (const Case& c : cases) {
    auto dec = with_field(c.index, str(Bytes(c.bad_len, 0x11)));
    EXPECT_TRUE(std::holds_alternative<std::string>(dec)) << "field " << c.index << " len " << c.bad_len;
  }
}

TEST(BlockHeader, RejectsNonCanonicalOrOversizedIntegers) {
  EXPECT_TRUE(std::holds_alternative<std::string>(with_field(8, str({0x00, 0x01}))));     // number, leading zero
  EXPECT_TRUE(std::holds_alternative<std::string>(with_field(8, str({0x00}))));           // zero as 0x00
  EXPECT_TRUE(std::holds_alternative<std::string>(with_field(9, str(Bytes(9, 0x01)))));   // gas limit > 64 bits
  EXPECT_TRUE(std::holds_alternative<std::string>(with_field(7, str(Bytes(33, 0x01)))));  // difficulty > 256 bits
  EXPECT_TRUE(std::holds_alternative<std::string>(with_field(15, str({0x00, 0x07}))));    // base fee leading zero
  EXPECT_TRUE(std::holds_alternative<std::string>(with_field(17, str(Bytes(9, 0x01)))));  // blob gas > 64 bits
  // The largest values that fit are accepted.
  EXPECT_TRUE(std::holds_alternative<BlockHeader>(with_field(9, str(Bytes(8, 0xff)))));
  EXPECT_TRUE(std::holds_alternative<BlockHeader>(with_field(7, str(Bytes(32, 0xff)))));
}

TEST(BlockHeader, RejectsListsAsFields) {
  rlp::Item list{true, {}, {}};
  EXPECT_TRUE(std::holds_alternative<std::string>(with_field(12, list)));  // extraData
  EXPECT_TRUE(std::holds_alternative<std::string>(with_field(0, list)));
}

TEST(BlockHeader, RejectsWrongFieldCounts) {
  rlp::Item item = as_item(encode_header(mainnet_prague_block()));
  rlp::Item too_many = item;
  too_many.items.push_back(str(Bytes(32, 0x01)));
  EXPECT_TRUE(std::holds_alternative<std::string>(decode_header(encoded(too_many))));
  rlp::Item too_few = as_item(encode_header(mainnet_genesis()));
  too_few.items.pop_back();
  EXPECT_TRUE(std::holds_alternative<std::string>(decode_header(encoded(too_few))));
  EXPECT_TRUE(std::holds_alternative<std::string>(decode_header(encoded(str(Bytes(32, 0x01))))));
}

TEST(BlockHeader, RejectsTrailingBytesAndTruncation) {
  Bytes enc = encode_header(mainnet_prague_block());
  Bytes junk = enc;
  junk.push_back(0x00);
  EXPECT_TRUE(std::holds_alternative<std::string>(decode_header(junk)));
  for (size_t len = 0; len < enc.size(); ++len)
    ASSERT_TRUE(std::holds_alternative<std::string>(decode_header(ByteView(enc.data(), len)))) << len;
}

// ---- EIP-1559 base fee --------------------------------------------------------------------

TEST(BaseFee, UnchangedAtTarget) {
  EXPECT_EQ(next_base_fee(15'000'000, 30'000'000, uint256(1'000'000'000)), uint256(1'000'000'000));
}

TEST(BaseFee, FullBlockRaisesByAnEighth) {
  EXPECT_EQ(next_base_fee(30'000'000, 30'000'000, uint256(1'000'000'000)), uint256(1'125'000'000));
}

TEST(BaseFee, EmptyBlockLowersByAnEighth) {
  EXPECT_EQ(next_base_fee(0, 30'000'000, uint256(1'000'000'000)), uint256(875'000'000));
}

TEST(BaseFee, ProportionalToDistanceFromTarget) {
  // 10% over / under a 10M target moves the fee by 1/8 of 10%.
  EXPECT_EQ(next_base_fee(11'000'000, 20'000'000, uint256(1'000'000'000)), uint256(1'012'500'000));
  EXPECT_EQ(next_base_fee(9'000'000, 20'000'000, uint256(1'000'000'000)), uint256(987'500'000));
}

TEST(BaseFee, IncreaseIsAtLeastOne) {
  EXPECT_EQ(next_base_fee(15'000'001, 30'000'000, uint256(7)), uint256(8));
  EXPECT_EQ(next_base_fee(30'000'000, 30'000'000, uint256(0)), uint256(1));
  // A decrease may round to nothing.
  EXPECT_EQ(next_base_fee(14'999'999, 30'000'000, uint256(7)), uint256(7));
}

TEST(BaseFee, RoundsDown) {
  // 100'000'000 * 1'000'000 / 15'000'000 / 8 = 833'333.33: the change is rounded down.
  EXPECT_EQ(next_base_fee(16'000'000, 30'000'000, uint256(100'000'000)), uint256(100'833'333));
  EXPECT_EQ(next_base_fee(14'000'000, 30'000'000, uint256(100'000'000)), uint256(99'166'667));
}

TEST(BaseFee, SaturatesInsteadOfWrapping) {
  EXPECT_EQ(next_base_fee(30'000'000, 30'000'000, uint256::max()), uint256::max());
  const uint256 huge = uint256::max() - uint256(5);
  EXPECT_EQ(next_base_fee(30'000'000, 30'000'000, huge), uint256::max());
  // Exact even where fee * delta exceeds 256 bits: max - max/8 (rounded down).
  EXPECT_EQ(next_base_fee(0, 30'000'000, uint256::max()), uint256::max() - uint256::max() / uint256(8));
}

TEST(BaseFee, ZeroTargetLeavesFeeUnchanged) {
  EXPECT_EQ(next_base_fee(1, 1, uint256(100)), uint256(100));
  EXPECT_EQ(next_base_fee(0, 0, uint256(100)), uint256(100));
}

}  // namespace
}  // namespace warp
