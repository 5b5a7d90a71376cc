// The sequencer mempool: admission outcomes (one test per reason), the replacement fee rule at
// its boundary, and what take_ready hands out (nonce order, gaps, FCFS across senders, limits).
#include "host/node/mempool.hpp"

#include <gtest/gtest.h>

#include <map>

namespace warp {
namespace {

Address addr(uint8_t n) {
  Address a{};
  a.bytes[19] = n;
  return a;
}

// Distinct hash per (sender, nonce, variant): tests never need real Keccak hashes here.
Hash hash_of(uint8_t sender, uint64_t nonce, uint8_t variant = 0) {
  Hash h{};
  h.bytes[0] = sender;
  for (int i = 0; i < 8; ++i) h.bytes[1 + i] = static_cast<uint8_t>(nonce >> (8 * i));
  h.bytes[9] = variant;
  return h;
}

// A type-2 transaction with fee cap `fee` and tip `tip`.
Transaction tx(uint8_t sender, uint64_t nonce, uint64_t gas = 21'000, uint64_t fee = 100, uint64_t tip = 10,
               uint8_t variant = 0) {
  Transaction t;
  t.type = TxType::DynamicFee;
  t.chain_id = 1;
  t.nonce = nonce;
  t.gas_limit = gas;
  t.max_fee_per_gas = fee;
  t.max_priority_fee_per_gas = tip;
  t.sender = addr(sender);
  t.hash = hash_of(sender, nonce, variant);
  return t;
}

// Account nonces for take_ready / on_block_committed; absent senders are at 0.
struct Nonces {
  std::map<Address, uint64_t> n;
  Mempool::NonceOf fn() const {
    return [this](const Address& a) {
      auto it = n.find(a);
      return it == n.end() ? uint64_t{0} : it->second;
    };
  }
};

constexpr uint64_t kBigGas = 30'000'000;

// (sender byte, nonce) of each taken transaction, in order.
std::vector<std::pair<uint8_t, uint64_t>> ids(const std::vector<Transaction>& txs) {
  std::vector<std::pair<uint8_t, uint64_t>> out;
  for (const auto& t : txs) out.emplace_back(t.sender.bytes[19], t.nonce);
  return out;
}
using Ids = std::vector<std::pair<uint8_t, uint64_t>>;

TEST(Mempool, AddsAndFinds) {
  Mempool pool;
  const auto r = pool.add(tx(1, 0), 0);
  EXPECT_EQ(r.status, AddStatus::Added);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_TRUE(pool.contains(hash_of(1, 0)));
  EXPECT_FALSE(pool.contains(hash_of(1, 1)));
  ASSERT_TRUE(pool.find(hash_of(1, 0)).has_value());
  EXPECT_EQ(pool.find(hash_of(1, 0))->nonce, 0u);
  EXPECT_FALSE(pool.find(hash_of(2, 0)).has_value());
  EXPECT_EQ(pool.pending_for(addr(1)), 1u);
  EXPECT_EQ(pool.pending_for(addr(2)), 0u);
}

TEST(Mempool, TakesOneSenderInNonceOrder) {
  Mempool pool;
  // Arrive out of order: 2, 0, 1.
  ASSERT_TRUE(pool.add(tx(1, 2), 0).ok());
  ASSERT_TRUE(pool.add(tx(1, 0), 0).ok());
  ASSERT_TRUE(pool.add(tx(1, 1), 0).ok());
  Nonces n;
  EXPECT_EQ(ids(pool.take_ready(10, kBigGas, n.fn())), (Ids{{1, 0}, {1, 1}, {1, 2}}));
  EXPECT_EQ(pool.size(), 0u);
  EXPECT_FALSE(pool.contains(hash_of(1, 0)));
}

TEST(Mempool, GapIsHeldUntilFilled) {
  Mempool pool;
  Nonces n;
  n.n[addr(1)] = 5;
  ASSERT_EQ(pool.add(tx(1, 5), 5).status, AddStatus::Added);
  ASSERT_EQ(pool.add(tx(1, 7), 5).status, AddStatus::Added);  // 6 missing
  EXPECT_EQ(ids(pool.take_ready(10, kBigGas, n.fn())), (Ids{{1, 5}}));
  EXPECT_EQ(pool.size(), 1u);  // 7 is held
  n.n[addr(1)] = 6;
  pool.on_block_committed(n.fn());
  EXPECT_TRUE(pool.take_ready(10, kBigGas, n.fn()).empty());  // still a gap at 6
  EXPECT_EQ(pool.size(), 1u);
  ASSERT_EQ(pool.add(tx(1, 6), 6).status, AddStatus::Added);
  EXPECT_EQ(ids(pool.take_ready(10, kBigGas, n.fn())), (Ids{{1, 6}, {1, 7}}));
  EXPECT_EQ(pool.size(), 0u);
}

TEST(Mempool, NothingReadyWhenFirstNonceMissing) {
  Mempool pool;
  ASSERT_TRUE(pool.add(tx(1, 1), 0).ok());
  Nonces n;
  EXPECT_TRUE(pool.take_ready(10, kBigGas, n.fn()).empty());
  EXPECT_EQ(pool.pending_for(addr(1)), 1u);
}

TEST(Mempool, FirstComeFirstServedAcrossSenders) {
  Mempool pool;
  // Arrival (seq): B0(0), A0(1), A1(2), C1(3, gap), B1(4), C0(5).
  ASSERT_TRUE(pool.add(tx(2, 0), 0).ok());
  ASSERT_TRUE(pool.add(tx(1, 0), 0).ok());
  ASSERT_TRUE(pool.add(tx(1, 1), 0).ok());
  ASSERT_TRUE(pool.add(tx(3, 1), 0).ok());
  ASSERT_TRUE(pool.add(tx(2, 1), 0).ok());
  ASSERT_TRUE(pool.add(tx(3, 0), 0).ok());
  Nonces n;
  // Executable heads are served by arrival: B0, A0, then A1 (2 beats B1's 4), B1, C0. C1 only
  // becomes executable after C0 and, being earlier than anything left, follows at once.
  EXPECT_EQ(ids(pool.take_ready(10, kBigGas, n.fn())), (Ids{{2, 0}, {1, 0}, {1, 1}, {2, 1}, {3, 0}, {3, 1}}));
}

TEST(Mempool, InterleavesSendersByArrival) {
  Mempool pool;
  ASSERT_TRUE(pool.add(tx(1, 0), 0).ok());
  ASSERT_TRUE(pool.add(tx(2, 0), 0).ok());
  ASSERT_TRUE(pool.add(tx(1, 1), 0).ok());
  ASSERT_TRUE(pool.add(tx(2, 1), 0).ok());
  Nonces n;
  EXPECT_EQ(ids(pool.take_ready(10, kBigGas, n.fn())), (Ids{{1, 0}, {2, 0}, {1, 1}, {2, 1}}));
}

TEST(Mempool, ReplacementAtExactlyTenPercentIsAccepted) {
  Mempool pool;
  ASSERT_TRUE(pool.add(tx(1, 0, 21'000, 100, 10), 0).ok());
  const auto r = pool.add(tx(1, 0, 21'000, 110, 11, /*variant=*/1), 0);
  EXPECT_EQ(r.status, AddStatus::Replaced);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_FALSE(pool.contains(hash_of(1, 0, 0)));
  EXPECT_TRUE(pool.contains(hash_of(1, 0, 1)));
  EXPECT_EQ(pool.find(hash_of(1, 0, 1))->max_fee_per_gas, uint256{110});
}

TEST(Mempool, ReplacementBelowTenPercentIsRefused) {
  Mempool pool;
  ASSERT_TRUE(pool.add(tx(1, 0, 21'000, 1000, 100), 0).ok());
  // Fee cap one wei short of 110%, tip well above.
  auto r = pool.add(tx(1, 0, 21'000, 1099, 200, 1), 0);
  EXPECT_EQ(r.status, AddStatus::ReplacementUnderpriced);
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.message, "replacement transaction underpriced");
  // Tip one wei short, fee cap well above.
  r = pool.add(tx(1, 0, 21'000, 5000, 109, 2), 0);
  EXPECT_EQ(r.status, AddStatus::ReplacementUnderpriced);
  // Both exactly 110%.
  r = pool.add(tx(1, 0, 21'000, 1100, 110, 3), 0);
  EXPECT_EQ(r.status, AddStatus::Replaced);
  EXPECT_TRUE(pool.contains(hash_of(1, 0, 3)));
  EXPECT_EQ(pool.size(), 1u);
}

TEST(Mempool, ReplacementRuleOnLegacyAndZeroAndHugeFees) {
  Transaction a = tx(1, 0), b = tx(1, 0);
  a.type = b.type = TxType::Legacy;
  a.gas_price = 7;
  b.gas_price = 8;  // 8/7 = 114%: enough
  EXPECT_TRUE(replacement_fees_ok(a, b));
  b.gas_price = 7;
  EXPECT_FALSE(replacement_fees_ok(a, b));
  // Zero fees: 110% of zero is zero, but an unchanged price is not a bump.
  a.gas_price = 0;
  b.gas_price = 0;
  EXPECT_FALSE(replacement_fees_ok(a, b));
  b.gas_price = 1;
  EXPECT_TRUE(replacement_fees_ok(a, b));
  // Near 2^256 the products overflow 256 bits: the comparison must still be right.
  a.gas_price = uint256::max() / 2;
  b.gas_price = uint256::max();  // 200%
  EXPECT_TRUE(replacement_fees_ok(a, b));
  b.gas_price = uint256::max() / 2 + 1;  // ~100%
  EXPECT_FALSE(replacement_fees_ok(a, b));
}

TEST(Mempool, ReplacementKeepsArrivalPlace) {
  Mempool pool;
  ASSERT_TRUE(pool.add(tx(1, 0), 0).ok());
  ASSERT_TRUE(pool.add(tx(2, 0), 0).ok());
  ASSERT_EQ(pool.add(tx(1, 0, 21'000, 200, 20, 1), 0).status, AddStatus::Replaced);
  Nonces n;
  const auto taken = pool.take_ready(10, kBigGas, n.fn());
  EXPECT_EQ(ids(taken), (Ids{{1, 0}, {2, 0}}));
  EXPECT_EQ(taken[0].hash, hash_of(1, 0, 1));
}

TEST(Mempool, NonceTooLow) {
  Mempool pool;
  const auto r = pool.add(tx(1, 3), 4);
  EXPECT_EQ(r.status, AddStatus::NonceTooLow);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(r.message.find("nonce too low"), std::string::npos);
  EXPECT_EQ(pool.size(), 0u);
  EXPECT_EQ(pool.add(tx(1, 4), 4).status, AddStatus::Added);
}

TEST(Mempool, AlreadyKnown) {
  Mempool pool;
  ASSERT_TRUE(pool.add(tx(1, 0), 0).ok());
  // Same hash even with higher fees: known, not a replacement.
  const auto r = pool.add(tx(1, 0, 21'000, 1000, 100), 0);
  EXPECT_EQ(r.status, AddStatus::AlreadyKnown);
  EXPECT_EQ(r.message, "already known");
  EXPECT_EQ(pool.size(), 1u);
  EXPECT_EQ(pool.find(hash_of(1, 0))->max_fee_per_gas, uint256{100});
}

TEST(Mempool, PoolFull) {
  Mempool pool(MempoolLimits{3, 64});
  ASSERT_TRUE(pool.add(tx(1, 0), 0).ok());
  ASSERT_TRUE(pool.add(tx(2, 0), 0).ok());
  ASSERT_TRUE(pool.add(tx(3, 0), 0).ok());
  const auto r = pool.add(tx(4, 0), 0);
  EXPECT_EQ(r.status, AddStatus::PoolFull);
  EXPECT_EQ(r.message, "txpool is full");
  EXPECT_EQ(pool.size(), 3u);
  // A replacement does not grow the pool, so it is still allowed when full.
  EXPECT_EQ(pool.add(tx(2, 0, 21'000, 200, 20, 1), 0).status, AddStatus::Replaced);
  EXPECT_EQ(pool.add(tx(2, 0, 21'000, 201, 21, 2), 0).status, AddStatus::ReplacementUnderpriced);
  // Taking frees room.
  Nonces n;
  ASSERT_EQ(pool.take_ready(1, kBigGas, n.fn()).size(), 1u);
  EXPECT_EQ(pool.add(tx(4, 0), 0).status, AddStatus::Added);
}

TEST(Mempool, SenderFull) {
  Mempool pool(MempoolLimits{100, 2});
  ASSERT_TRUE(pool.add(tx(1, 0), 0).ok());
  ASSERT_TRUE(pool.add(tx(1, 5), 0).ok());  // gapped ones count too
  const auto r = pool.add(tx(1, 1), 0);
  EXPECT_EQ(r.status, AddStatus::SenderFull);
  EXPECT_FALSE(r.message.empty());
  EXPECT_EQ(pool.pending_for(addr(1)), 2u);
  EXPECT_EQ(pool.add(tx(2, 0), 0).status, AddStatus::Added);  // other senders unaffected
  EXPECT_EQ(pool.add(tx(1, 0, 21'000, 200, 20, 1), 0).status, AddStatus::Replaced);
  // Once the sender's nonce passes 0, the stale one stops counting.
  EXPECT_EQ(pool.add(tx(1, 1), 1).status, AddStatus::Added);
  EXPECT_EQ(pool.pending_for(addr(1)), 2u);
}

TEST(Mempool, DefaultLimits) {
  const MempoolLimits l;
  EXPECT_EQ(l.max_txs, 10'000u);
  EXPECT_EQ(l.max_per_sender, 64u);
  Mempool pool;
  for (uint64_t i = 0; i < 64; ++i) ASSERT_EQ(pool.add(tx(1, i), 0).status, AddStatus::Added) << i;
  EXPECT_EQ(pool.add(tx(1, 64), 0).status, AddStatus::SenderFull);
}

TEST(Mempool, TakeReadyRespectsMaxTxs) {
  Mempool pool;
  for (uint64_t i = 0; i < 5; ++i) ASSERT_TRUE(pool.add(tx(1, i), 0).ok());
  Nonces n;
  EXPECT_TRUE(pool.take_ready(0, kBigGas, n.fn()).empty());
  EXPECT_EQ(ids(pool.take_ready(2, kBigGas, n.fn())), (Ids{{1, 0}, {1, 1}}));
  EXPECT_EQ(pool.size(), 3u);
  n.n[addr(1)] = 2;
  EXPECT_EQ(ids(pool.take_ready(10, kBigGas, n.fn())), (Ids{{1, 2}, {1, 3}, {1, 4}}));
}

TEST(Mempool, TakeReadyRespectsGasAndSkipsOnlyThatSender) {
  Mempool pool;
  ASSERT_TRUE(pool.add(tx(1, 0, 40'000), 0).ok());
  ASSERT_TRUE(pool.add(tx(2, 0, 70'000), 0).ok());  // does not fit after A0
  ASSERT_TRUE(pool.add(tx(2, 1, 10), 0).ok());      // would fit, but B0 blocks it
  ASSERT_TRUE(pool.add(tx(3, 0, 60'000), 0).ok());  // exactly fills the block
  ASSERT_TRUE(pool.add(tx(1, 1, 1), 0).ok());       // no gas left
  Nonces n;
  const auto taken = pool.take_ready(10, 100'000, n.fn());
  EXPECT_EQ(ids(taken), (Ids{{1, 0}, {3, 0}}));
  uint64_t gas = 0;
  for (const auto& t : taken) gas += t.gas_limit;
  EXPECT_LE(gas, 100'000u);
  EXPECT_EQ(pool.size(), 3u);
  EXPECT_TRUE(pool.contains(hash_of(2, 0)));
  EXPECT_TRUE(pool.contains(hash_of(1, 1)));
}

TEST(Mempool, OnBlockCommittedDropsStale) {
  Mempool pool;
  for (uint64_t i = 0; i < 4; ++i) ASSERT_TRUE(pool.add(tx(1, i), 0).ok());
  ASSERT_TRUE(pool.add(tx(2, 0), 0).ok());
  ASSERT_TRUE(pool.add(tx(3, 2), 0).ok());
  Nonces n;
  n.n[addr(1)] = 3;  // 0..2 were included in a block
  n.n[addr(2)] = 1;
  pool.on_block_committed(n.fn());
  EXPECT_EQ(pool.size(), 2u);
  EXPECT_EQ(pool.pending_for(addr(1)), 1u);
  EXPECT_EQ(pool.pending_for(addr(2)), 0u);
  EXPECT_EQ(pool.pending_for(addr(3)), 1u);
  EXPECT_FALSE(pool.contains(hash_of(1, 2)));
  EXPECT_TRUE(pool.contains(hash_of(1, 3)));
  EXPECT_FALSE(pool.contains(hash_of(2, 0)));
  EXPECT_EQ(ids(pool.take_ready(10, kBigGas, n.fn())), (Ids{{1, 3}}));
}

}  // namespace
}  // namespace warp
