// StateKey identity (equality, hash, order), base_value against a State, and how a
// WriteSet folds repeated writes of one key.
#include "state/state_key.hpp"

#include <gtest/gtest.h>

#include <unordered_set>

#include "state/rw_set.hpp"
#include "state/state.hpp"

namespace warp {
namespace {

Address addr(uint8_t n) {
  Address a{};
  a.bytes[19] = n;
  return a;
}

TEST(StateKey, EqualityIgnoresNothingButPadding) {
  EXPECT_EQ(StateKey::balance(addr(1)), StateKey::balance(addr(1)));
  EXPECT_NE(StateKey::balance(addr(1)), StateKey::balance(addr(2)));
  EXPECT_NE(StateKey::balance(addr(1)), StateKey::nonce(addr(1)));
  EXPECT_NE(StateKey::storage(addr(1), 1), StateKey::storage(addr(1), 2));
  EXPECT_NE(StateKey::storage(addr(1), 0), StateKey::existence(addr(1)));
  StateKey k = StateKey::code_hash(addr(3));
  k.pad[0] = 0xff;  // padding never identifies a key
  EXPECT_EQ(k, StateKey::code_hash(addr(3)));
  EXPECT_EQ(StateKeyHasher{}(k), StateKeyHasher{}(StateKey::code_hash(addr(3))));
}

TEST(StateKey, HashSeparatesKindsAddressesAndSlots) {
  std::unordered_set<size_t> hashes;
  size_t n = 0;
  for (uint8_t a = 0; a < 16; ++a) {
    for (StateKey k : {StateKey::existence(addr(a)), StateKey::balance(addr(a)), StateKey::nonce(addr(a)),
                       StateKey::code_hash(addr(a))}) {
      hashes.insert(StateKeyHasher{}(k));
      ++n;
    }
    for (uint64_t s = 0; s < 16; ++s) {
      hashes.insert(StateKeyHasher{}(StateKey::storage(addr(a), s)));
      ++n;
    }
  }
  EXPECT_EQ(hashes.size(), n);  // 320 distinct 64-bit hashes: a collision means a bad mix
}

TEST(StateKey, OrderGroupsAccountsWithExistenceFirst) {
  EXPECT_LT(StateKey::existence(addr(1)), StateKey::balance(addr(1)));
  EXPECT_LT(StateKey::code_hash(addr(1)), StateKey::storage(addr(1), 0));
  EXPECT_LT(StateKey::storage(addr(1), 5), StateKey::existence(addr(2)));
  EXPECT_LT(StateKey::storage(addr(1), 5), StateKey::storage(addr(1), 6));
  EXPECT_FALSE(StateKey::balance(addr(1)) < StateKey::balance(addr(1)));
}

TEST(StateValue, CodeHashRoundTripsThroughTheWord) {
  Hash h{};
  for (uint8_t i = 0; i < 32; ++i) h.bytes[i] = static_cast<uint8_t>(i * 7 + 1);
  EXPECT_EQ(StateValue::of_hash(h).as_hash(), h);
  EXPECT_EQ(StateValue::of_hash(kEmptyCodeHash).as_hash(), kEmptyCodeHash);
}

TEST(StateKey, BaseValueReadsEveryKind) {
  State s;
  s.set_balance(addr(1), 1000);
  s.set_nonce(addr(1), 7);
  s.set_storage(addr(1), 3, 99);
  const Bytes code = {0x60, 0x00};
  s.set_code(addr(1), code);

  EXPECT_EQ(base_value(s, StateKey::existence(addr(1))).word, uint256(1));
  EXPECT_EQ(base_value(s, StateKey::balance(addr(1))).word, uint256(1000));
  EXPECT_EQ(base_value(s, StateKey::nonce(addr(1))).word, uint256(7));
  EXPECT_EQ(base_value(s, StateKey::storage(addr(1), 3)).word, uint256(99));
  EXPECT_EQ(base_value(s, StateKey::storage(addr(1), 4)).word, uint256(0));
  EXPECT_EQ(base_value(s, StateKey::code_hash(addr(1))).as_hash(), s.code_hash(addr(1)));
  EXPECT_NE(s.code_hash(addr(1)), kEmptyCodeHash);

  // An absent account reads as zero everywhere, its code hash included.
  EXPECT_EQ(base_value(s, StateKey::existence(addr(2))).word, uint256(0));
  EXPECT_EQ(base_value(s, StateKey::balance(addr(2))).word, uint256(0));
  EXPECT_EQ(base_value(s, StateKey::code_hash(addr(2))).as_hash(), Hash{});
  EXPECT_FALSE(s.exists(addr(2)));  // reading did not create it
}

TEST(WriteSet, RepeatedWritesFoldIntoOneEntry) {
  WriteSet w;
  const StateKey coinbase = StateKey::balance(addr(9));
  const StateKey sender = StateKey::balance(addr(1));

  w.add_delta(coinbase, 5);
  w.add_delta(coinbase, 7);
  ASSERT_NE(w.find(coinbase), nullptr);
  EXPECT_EQ(w.find(coinbase)->kind, WriteKind::Delta);
  EXPECT_EQ(w.find(coinbase)->value.word, uint256(12));

  w.set(sender, StateValue::of(100));
  w.add_delta(sender, 3);  // a credit on top of a full value stays a full value
  EXPECT_EQ(w.find(sender)->kind, WriteKind::Full);
  EXPECT_EQ(w.find(sender)->value.word, uint256(103));

  w.set(coinbase, StateValue::of(1));  // a full write replaces the deltas
  EXPECT_EQ(w.find(coinbase)->kind, WriteKind::Full);
  EXPECT_EQ(w.find(coinbase)->value.word, uint256(1));

  ASSERT_EQ(w.size(), 2u);
  EXPECT_EQ(w.entries()[0].key, coinbase);  // first-write order
  EXPECT_EQ(w.entries()[1].key, sender);
  EXPECT_EQ(w.find(StateKey::nonce(addr(1))), nullptr);

  w.clear();
  EXPECT_TRUE(w.empty());
  EXPECT_EQ(w.find(coinbase), nullptr);
}

}  // namespace
}  // namespace warp
