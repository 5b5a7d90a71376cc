// The node's per-block record: round trips, strict rejection of malformed records, and no
// crash (only an error or a block that re-encodes to the same bytes) on truncated or
// corrupted input.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "host/node/stored_block.hpp"
#include "host/tx/tx_codec.hpp"
#include "state/rlp.hpp"

namespace warp {
namespace {

Address addr(uint8_t n) {
  Address a{};
  a.bytes[0] = 0xa0;
  a.bytes[19] = n;
  return a;
}

Hash hash(uint8_t n) {
  Hash h{};
  h.bytes[0] = 0x40;
  h.bytes[31] = n;
  return h;
}

bool same_diff(const StateDiff& a, const StateDiff& b) {
  if (a.accounts.size() != b.accounts.size() || a.storage.size() != b.storage.size() || a.codes != b.codes)
    return false;
  for (size_t i = 0; i < a.accounts.size(); ++i)
    if (a.accounts[i].address != b.accounts[i].address || a.accounts[i].fields != b.accounts[i].fields) return false;
  for (size_t i = 0; i < a.storage.size(); ++i)
    if (a.storage[i].address != b.storage[i].address || a.storage[i].slot != b.storage[i].slot ||
        a.storage[i].value != b.storage[i].value)
      return false;
  return true;
}

void expect_same(const StoredBlock& a, const StoredBlock& b) {
  EXPECT_EQ(a.header, b.header);
  EXPECT_EQ(a.raw_txs, b.raw_txs);
  EXPECT_EQ(a.receipts, b.receipts);
  EXPECT_TRUE(same_diff(a.diff, b.diff));
}

StoredBlock sample_block() {
  StoredBlock b;
  b.header.parent_hash = hash(1);
  b.header.coinbase = addr(9);
  b.header.number = 7;
  b.header.gas_limit = 30'000'000;
  b.header.gas_used = 21'000 + 60'000;
  b.header.timestamp = 1'700'000'000;
  b.header.logs_bloom[3] = 0x80;
  b.header.base_fee_per_gas = uint256(875'000'000);
  b.header.withdrawals_root = hash(2);
  b.header.blob_gas_used = 0;
  b.header.excess_blob_gas = 0;
  b.header.parent_beacon_block_root = hash(3);
  b.header.requests_hash = hash(4);

  Transaction transfer;
  transfer.type = TxType::DynamicFee;
  transfer.chain_id = 1;
  transfer.gas_limit = 21'000;
  transfer.max_fee_per_gas = 2'000'000'000;
  transfer.to = addr(5);
  transfer.value = 1;
  transfer.v = 1;
  transfer.r = 3;
  transfer.s = 4;
  Transaction create;
  create.chain_id = 1;
  create.nonce = 1;
  create.gas_price = 1'000'000'000;
  create.gas_limit = 100'000;
  create.data = {0x60, 0x00, 0x60, 0x00, 0xf3};
  create.v = 37;
  create.r = 5;
  create.s = 6;
  b.raw_txs = {encode_transaction(transfer), encode_transaction(create)};

  StoredReceipt r0;
  r0.tx_hash = hash(10);
  r0.sender = addr(1);
  r0.type = TxType::DynamicFee;
  r0.success = true;
  r0.gas_used = 21'000;
  r0.cumulative_gas_used = 21'000;
  r0.effective_gas_price = uint256(876'000'000);
  r0.logs = {Log{addr(5), {hash(20), hash(21)}, {1, 2, 3}}, Log{addr(6), {}, {}}};
  StoredReceipt r1;
  r1.tx_hash = hash(11);
  r1.sender = addr(1);
  r1.type = TxType::Legacy;
  r1.success = false;
  r1.gas_used = 60'000;
  r1.cumulative_gas_used = 81'000;
  r1.effective_gas_price = uint256::max();
  r1.contract_address = addr(7);
  b.receipts = {r0, r1};

  b.diff.accounts = {AccountChange{addr(1), AccountFields{2, uint256(12345), kEmptyCodeHash}},
                     AccountChange{addr(8), std::nullopt},
                     AccountChange{addr(7), AccountFields{1, uint256{}, hash(30)}}};
  b.diff.storage = {StorageChange{addr(7), uint256(0), uint256(42)}, StorageChange{addr(7), uint256::max(), uint256{}}};
  b.diff.codes = {{hash(30), Bytes{0x60, 0x00}}};
  return b;
}

StoredBlock decode_ok(const Bytes& record) {
  auto dec = decode_stored_block(record);
  if (auto* err = std::get_if<std::string>(&dec)) {
    ADD_FAILURE() << *err;
    return {};
  }
  return std::get<StoredBlock>(dec);
}

bool rejects(const Bytes& record) { return std::holds_alternative<std::string>(decode_stored_block(record)); }

// The sample record decoded, edited and re-encoded item by item.
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

template <typename Edit>
Bytes edited(Edit edit) {
  rlp::Item root = std::get<rlp::Item>(rlp::decode(encode_stored_block(sample_block())));
  edit(root);
  Bytes out;
  encode_item(out, root);
  return out;
}

rlp::Item str(Bytes b) { return rlp::Item{false, std::move(b), {}}; }

TEST(StoredBlock, RoundTrip) {
  const StoredBlock b = sample_block();
  const Bytes record = encode_stored_block(b);
  expect_same(decode_ok(record), b);
}

TEST(StoredBlock, EmptyBlockRoundTrip) {
  StoredBlock b;
  b.header.number = 1;
  const Bytes record = encode_stored_block(b);
  expect_same(decode_ok(record), b);
}

TEST(StoredBlock, PreLondonHeaderRoundTrip) {
  StoredBlock b = sample_block();
  b.header.base_fee_per_gas.reset();
  b.header.withdrawals_root.reset();
  b.header.blob_gas_used.reset();
  b.header.excess_blob_gas.reset();
  b.header.parent_beacon_block_root.reset();
  b.header.requests_hash.reset();
  expect_same(decode_ok(encode_stored_block(b)), b);
}

TEST(StoredBlock, StartsWithVersion) {
  const rlp::Item root = std::get<rlp::Item>(rlp::decode(encode_stored_block(sample_block())));
  ASSERT_TRUE(root.is_list);
  ASSERT_FALSE(root.items.empty());
  EXPECT_EQ(root.items[0].bytes, Bytes{static_cast<uint8_t>(kStoredBlockVersion)});
}

TEST(StoredBlock, RejectsOtherVersions) {
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[0] = str({0x02}); })));
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[0] = str({}); })));
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[0] = str({0x00, 0x01}); })));
}

TEST(StoredBlock, RejectsMissingOrExtraFields) {
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items.pop_back(); })));
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items.push_back(str({})); })));
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[3].items[0].items.pop_back(); })));  // receipt
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[3].items[0].items.push_back(str({})); })));
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[4].items.pop_back(); })));  // diff
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[4].items[0].items[0].items.pop_back(); })));
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[4].items[1].items[0].items.pop_back(); })));
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[4].items[2].items[0].items.push_back(str({})); })));
  // Account fields: empty list (deleted) or exactly three fields.
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[4].items[0].items[0].items[1].items.pop_back(); })));
}

TEST(StoredBlock, RejectsReceiptCountMismatch) {
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[3].items.pop_back(); })));
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[2].items.push_back(str({0x01})); })));
}

TEST(StoredBlock, RejectsBadReceiptFields) {
  // Receipt fields: 0 txHash, 1 sender, 2 type, 3 status, 4 gasUsed, 5 cumulative, 6 price,
  // 7 contractAddress, 8 logs.
  auto receipt_field = [](size_t i, rlp::Item v) {
    return edited([&](rlp::Item& r) { r.items[3].items[1].items[i] = v; });
  };
  EXPECT_TRUE(rejects(receipt_field(0, str(Bytes(31, 1)))));
  EXPECT_TRUE(rejects(receipt_field(1, str(Bytes(21, 1)))));
  EXPECT_TRUE(rejects(receipt_field(2, str({0x04}))));  // no such transaction type
  EXPECT_TRUE(rejects(receipt_field(3, str({0x02}))));  // status other than 0/1
  EXPECT_TRUE(rejects(receipt_field(4, str(Bytes(9, 1)))));
  EXPECT_TRUE(rejects(receipt_field(6, str(Bytes(33, 1)))));
  EXPECT_TRUE(rejects(receipt_field(7, str(Bytes(19, 1)))));
  EXPECT_TRUE(rejects(receipt_field(8, str({}))));  // logs must be a list
  // A log with a 31-byte topic, or a missing data field.
  EXPECT_TRUE(rejects(
      edited([](rlp::Item& r) { r.items[3].items[0].items[8].items[0].items[1].items[0] = str(Bytes(31, 1)); })));
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[3].items[0].items[8].items[0].items.pop_back(); })));
}

TEST(StoredBlock, RejectsBadHeader) {
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[1].items[2] = str(Bytes(19, 1)); })));
  EXPECT_TRUE(rejects(edited([](rlp::Item& r) { r.items[1] = str({}); })));
}

TEST(StoredBlock, RejectsTrailingBytes) {
  Bytes record = encode_stored_block(sample_block());
  record.push_back(0xc0);
  EXPECT_TRUE(rejects(record));
}

TEST(StoredBlock, EveryTruncationIsRejected) {
  const Bytes record = encode_stored_block(sample_block());
  for (size_t len = 0; len < record.size(); ++len)
    ASSERT_TRUE(rejects(Bytes(record.begin(), record.begin() + static_cast<std::ptrdiff_t>(len)))) << len;
}

// A corrupted record either fails to decode or decodes to a block whose encoding is exactly
// the corrupted bytes (the layout is canonical, so nothing is silently normalised).
TEST(StoredBlock, CorruptedRecordsNeverCrash) {
  const Bytes record = encode_stored_block(sample_block());
  std::mt19937_64 rng(20240601);
  size_t accepted = 0;
  for (int round = 0; round < 4000; ++round) {
    Bytes bad = record;
    const int flips = 1 + static_cast<int>(rng() % 3);
    for (int f = 0; f < flips; ++f) bad[rng() % bad.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
    auto dec = decode_stored_block(bad);
    if (auto* block = std::get_if<StoredBlock>(&dec)) {
      ++accepted;
      ASSERT_EQ(encode_stored_block(*block), bad) << "round " << round;
    }
  }
  // Flips inside hashes, addresses and values keep the record valid; most others break it.
  EXPECT_GT(accepted, 0u);
  EXPECT_LT(accepted, 4000u);
}

TEST(StoredBlock, ArbitraryBytesNeverCrash) {
  std::mt19937_64 rng(7);
  for (int round = 0; round < 2000; ++round) {
    Bytes junk(rng() % 64);
    for (uint8_t& b : junk) b = static_cast<uint8_t>(rng());
    // Half of them wrapped in a well-formed list header, to get past the outermost check.
    if (round % 2 == 0) junk = rlp::encode_list(junk);
    auto dec = decode_stored_block(junk);
    if (auto* block = std::get_if<StoredBlock>(&dec)) {
      EXPECT_EQ(encode_stored_block(*block), junk);
    }
  }
}

TEST(StoredBlock, DeepNestingIsRefused) {
  Bytes deep;
  for (int i = 0; i < 64; ++i) deep = rlp::encode_list(deep);
  EXPECT_TRUE(rejects(deep));
  // Nesting where a byte string belongs: a list in place of the version.
  EXPECT_TRUE(rejects(edited([&](rlp::Item& r) { r.items[0] = std::get<rlp::Item>(rlp::decode(deep)); })));
}

}  // namespace
}  // namespace warp
