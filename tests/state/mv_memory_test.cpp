// Multi-version memory: sequential read semantics, estimates, delta resolution,
// validation (by origin and by value), new-key detection, ordered commit, and a
// concurrent stress run checked against a sequential reference.
#include "state/mv_memory.hpp"

#include <gtest/gtest.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <map>
#include <random>

#include "state/state.hpp"

namespace warp {
namespace {

Address addr(uint8_t n) {
  Address a{};
  a.bytes[19] = n;
  return a;
}

WriteSet full(const StateKey& k, uint64_t v) {
  WriteSet w;
  w.set(k, StateValue::of(v));
  return w;
}

WriteSet delta(const StateKey& k, uint64_t v) {
  WriteSet w;
  w.add_delta(k, v);
  return w;
}

// A read set holding one observation, made the way an executor makes it.
ReadSet observed(const MVMemory& mv, const StateKey& k, TxIndex tx) {
  const ObservedRead o = mv.observe(k, tx);
  EXPECT_FALSE(o.blocked);
  ReadSet r;
  r.add(o.entry);
  return r;
}

const StateKey kKey = StateKey::storage(addr(1), 1);

TEST(MVMemory, HighestLowerWriterWins) {
  State pre;
  MVMemory mv(6, pre);
  mv.record({1, 0}, {}, full(kKey, 10));
  mv.record({3, 0}, {}, full(kKey, 30));

  EXPECT_EQ(mv.read(kKey, 0).status, ReadStatus::NotFound);
  EXPECT_EQ(mv.read(kKey, 1).status, ReadStatus::NotFound);  // its own write is not below it
  const ReadResult r2 = mv.read(kKey, 2);
  ASSERT_EQ(r2.status, ReadStatus::Value);
  EXPECT_EQ(r2.version, (TxVersion{1, 0}));
  EXPECT_EQ(r2.value.word, uint256(10));
  const ReadResult r3 = mv.read(kKey, 3);
  EXPECT_EQ(r3.version.tx_index, 1u);
  const ReadResult r5 = mv.read(kKey, 5);
  EXPECT_EQ(r5.version, (TxVersion{3, 0}));
  EXPECT_EQ(r5.value.word, uint256(30));
  EXPECT_EQ(mv.read(StateKey::storage(addr(1), 2), 5).status, ReadStatus::NotFound);

  mv.record({3, 1}, {}, full(kKey, 31));  // a re-execution replaces its own entry
  EXPECT_EQ(mv.read(kKey, 5).version, (TxVersion{3, 1}));
  EXPECT_EQ(mv.read(kKey, 5).value.word, uint256(31));
}

TEST(MVMemory, ObserveFallsBackToThePreState) {
  State pre;
  pre.set_storage(addr(1), 1, 77);
  MVMemory mv(3, pre);
  const ObservedRead o = mv.observe(kKey, 2);
  EXPECT_FALSE(o.blocked);
  EXPECT_EQ(o.entry.origin, ReadOrigin::PreState);
  EXPECT_EQ(o.entry.value.word, uint256(77));
}

TEST(MVMemory, EstimateBecomesDependency) {
  State pre;
  MVMemory mv(5, pre);
  mv.record({0, 0}, {}, full(kKey, 1));
  mv.record({2, 0}, {}, full(kKey, 2));
  mv.convert_writes_to_estimates(2);

  const ReadResult r = mv.read(kKey, 4);
  ASSERT_EQ(r.status, ReadStatus::Dependency);
  EXPECT_EQ(r.blocker, 2u);
  EXPECT_TRUE(mv.observe(kKey, 4).blocked);
  EXPECT_EQ(mv.read(kKey, 2).status, ReadStatus::Value);  // below the estimate: unaffected

  mv.record({2, 1}, {}, full(kKey, 5));  // the re-execution clears the estimate
  EXPECT_EQ(mv.read(kKey, 4).status, ReadStatus::Value);
  EXPECT_EQ(mv.read(kKey, 4).value.word, uint256(5));
}

TEST(MVMemory, DeltasSumOnTopOfTheBase) {
  State pre;
  const StateKey coinbase = StateKey::balance(addr(9));
  pre.set_balance(addr(9), 1000);
  MVMemory mv(8, pre);
  mv.record({1, 0}, {}, delta(coinbase, 5));
  mv.record({2, 0}, {}, delta(coinbase, 7));

  const ReadResult r = mv.read(coinbase, 3);
  ASSERT_EQ(r.status, ReadStatus::DeltaOnStorage);
  EXPECT_EQ(r.value.word, uint256(12));
  EXPECT_EQ(r.version, (TxVersion{2, 0}));
  const ObservedRead o = mv.observe(coinbase, 3);
  EXPECT_EQ(o.entry.value.word, uint256(1012));
  EXPECT_TRUE(o.entry.from_deltas);

  // A full write below deltas resets the sum: only deltas above it count.
  mv.record({4, 0}, {}, full(coinbase, 50));
  mv.record({5, 0}, {}, delta(coinbase, 3));
  mv.record({6, 0}, {}, delta(coinbase, 4));
  const ReadResult r7 = mv.read(coinbase, 7);
  ASSERT_EQ(r7.status, ReadStatus::Value);
  EXPECT_EQ(r7.value.word, uint256(57));
  EXPECT_TRUE(r7.deltas);
  EXPECT_EQ(mv.read(coinbase, 5).value.word, uint256(50));
  EXPECT_FALSE(mv.read(coinbase, 5).deltas);

  // An estimate anywhere in the chain blocks the sum.
  mv.convert_writes_to_estimates(1);
  const ReadResult blocked = mv.read(coinbase, 3);
  ASSERT_EQ(blocked.status, ReadStatus::Dependency);
  EXPECT_EQ(blocked.blocker, 1u);
  EXPECT_EQ(mv.read(coinbase, 7).status, ReadStatus::Value);  // the full write at 4 hides it
}

TEST(MVMemory, ValidationFailsWhenALowerWriterChangesTheValue) {
  State pre;
  MVMemory mv(3, pre);
  mv.record({0, 0}, {}, full(kKey, 5));
  mv.record({2, 0}, observed(mv, kKey, 2), {});
  EXPECT_TRUE(mv.validate_read_set(2));

  mv.convert_writes_to_estimates(0);
  EXPECT_FALSE(mv.validate_read_set(2));  // an estimate never validates

  mv.record({0, 1}, {}, full(kKey, 6));
  EXPECT_FALSE(mv.validate_read_set(2));
}

TEST(MVMemory, ValidationPassesWhenTheRewriteHasTheSameValue) {
  State pre;
  MVMemory mv(3, pre);
  mv.record({0, 0}, {}, full(kKey, 5));
  mv.record({2, 0}, observed(mv, kKey, 2), {});
  mv.record({0, 1}, {}, full(kKey, 5));  // new version, same value
  EXPECT_TRUE(mv.validate_read_set(2));
  mv.record({1, 0}, {}, full(kKey, 5));  // a new writer in between, same value
  EXPECT_TRUE(mv.validate_read_set(2));
  mv.record({1, 1}, {}, full(kKey, 8));
  EXPECT_FALSE(mv.validate_read_set(2));
}

TEST(MVMemory, ValidationOfPreStateReads) {
  State pre;
  pre.set_storage(addr(1), 1, 42);
  MVMemory mv(3, pre);
  mv.record({2, 0}, observed(mv, kKey, 2), {});
  EXPECT_TRUE(mv.validate_read_set(2));
  mv.record({1, 0}, {}, full(kKey, 42));  // writes what the pre-state already holds
  EXPECT_TRUE(mv.validate_read_set(2));
  mv.record({1, 1}, {}, full(kKey, 43));
  EXPECT_FALSE(mv.validate_read_set(2));
  mv.record({1, 2}, {}, {});  // the write is gone again: back to the pre-state
  EXPECT_TRUE(mv.validate_read_set(2));

  // Read from a version that later disappears: passes only if the pre-state agrees.
  mv.record({0, 0}, {}, full(kKey, 9));
  mv.record({2, 1}, observed(mv, kKey, 2), {});
  mv.record({0, 1}, {}, {});
  EXPECT_FALSE(mv.validate_read_set(2));
}

TEST(MVMemory, ValidationOfDeltaReadsComparesSums) {
  State pre;
  const StateKey coinbase = StateKey::balance(addr(9));
  pre.set_balance(addr(9), 100);
  MVMemory mv(4, pre);
  mv.record({0, 0}, {}, delta(coinbase, 1));
  mv.record({1, 0}, {}, delta(coinbase, 2));
  mv.record({3, 0}, observed(mv, coinbase, 3), {});
  EXPECT_TRUE(mv.validate_read_set(3));
  // The topmost delta (tx 1) is unchanged, but one below it changed the sum.
  mv.record({0, 1}, {}, delta(coinbase, 10));
  EXPECT_FALSE(mv.validate_read_set(3));
  mv.record({0, 2}, {}, delta(coinbase, 1));
  EXPECT_TRUE(mv.validate_read_set(3));
  mv.record({2, 0}, {}, delta(coinbase, 0));  // a zero credit leaves the sum alone
  EXPECT_TRUE(mv.validate_read_set(3));
  mv.record({0, 3}, {}, full(coinbase, 100));  // 100 + 2 + 0 = 102, not 103
  EXPECT_FALSE(mv.validate_read_set(3));
}

TEST(MVMemory, RecordReportsNewKeysAndDropsStaleOnes) {
  State pre;
  MVMemory mv(3, pre);
  const StateKey a = StateKey::storage(addr(1), 1);
  const StateKey b = StateKey::storage(addr(1), 2);
  WriteSet ab = full(a, 1);
  ab.set(b, StateValue::of(2));

  EXPECT_TRUE(mv.record({0, 0}, {}, full(a, 1)));
  EXPECT_FALSE(mv.record({0, 1}, {}, full(a, 9)));  // same key, other value: not new
  EXPECT_TRUE(mv.record({0, 2}, {}, ab));
  EXPECT_EQ(mv.read(b, 2).value.word, uint256(2));
  EXPECT_FALSE(mv.record({0, 3}, {}, full(b, 3)));        // a subset: nothing new
  EXPECT_EQ(mv.read(a, 2).status, ReadStatus::NotFound);  // a's stale entry is gone
  EXPECT_EQ(mv.read(b, 2).value.word, uint256(3));
  EXPECT_FALSE(mv.record({0, 4}, {}, {}));
  EXPECT_EQ(mv.read(b, 2).status, ReadStatus::NotFound);
  EXPECT_TRUE(mv.snapshot().values.empty());
}

TEST(MVMemory, CommitIntoAppliesFinalValues) {
  State pre;
  const Address alice = addr(1), bob = addr(2), coinbase = addr(9), dead = addr(5), fresh = addr(6);
  pre.set_balance(alice, 1000);
  pre.set_nonce(alice, 3);
  pre.set_balance(coinbase, 50);
  pre.set_storage(bob, 1, 11);
  pre.set_storage(bob, 2, 22);
  pre.set_balance(dead, 5);
  pre.set_storage(dead, 1, 1);

  MVMemory mv(4, pre);
  WriteSet t0;
  t0.set(StateKey::balance(alice), StateValue::of(900));
  t0.set(StateKey::nonce(alice), StateValue::of(4));
  t0.add_delta(StateKey::balance(bob), 90);
  t0.add_delta(StateKey::balance(coinbase), 10);
  mv.record({0, 0}, {}, t0);

  const Bytes code = {0x60, 0x01, 0x60, 0x00, 0x55};
  State scratch;
  scratch.set_code(fresh, code);
  const Hash code_hash = scratch.code_hash(fresh);
  WriteSet t1;
  t1.set(StateKey::existence(fresh), StateValue::of(1));
  t1.set(StateKey::code_hash(fresh), StateValue::of_hash(code_hash));
  t1.set(StateKey::storage(bob, 1), StateValue::of(0));  // clears the slot
  t1.set(StateKey::storage(bob, 3), StateValue::of(33));
  t1.add_delta(StateKey::balance(coinbase), 20);
  mv.record({1, 0}, {}, t1);

  WriteSet t2;
  t2.set(StateKey::existence(dead), StateValue::of(0));
  t2.set(StateKey::balance(dead), StateValue::of(0));
  t2.add_delta(StateKey::balance(coinbase), 30);
  mv.record({2, 0}, {}, t2);

  WriteSet t3;
  t3.set(StateKey::nonce(alice), StateValue::of(5));
  mv.record({3, 0}, {}, t3);

  const Snapshot snap = mv.snapshot();
  ASSERT_TRUE(snap.error.empty()) << snap.error;
  for (size_t i = 1; i < snap.values.size(); ++i) EXPECT_LT(snap.values[i - 1].key, snap.values[i].key);

  // Unknown code: an error, and the state is left alone.
  State untouched = pre;
  const std::string err = mv.commit_into(untouched, [](const Hash&) -> const Bytes* { return nullptr; });
  EXPECT_NE(err.find("no code known"), std::string::npos) << err;
  EXPECT_EQ(untouched.state_root(), pre.state_root());

  const auto lookup = [&](const Hash& h) -> const Bytes* { return h == code_hash ? &code : nullptr; };
  ASSERT_EQ(mv.commit_into(pre, lookup), "");

  State expect;  // the pre-state after the four transactions, built by hand
  expect.set_balance(alice, 900);
  expect.set_nonce(alice, 5);
  expect.set_balance(bob, 90);
  expect.set_storage(bob, 2, 22);
  expect.set_storage(bob, 3, 33);
  expect.set_balance(coinbase, 110);
  expect.get_or_create(fresh);
  expect.set_code(fresh, code);
  EXPECT_FALSE(pre.exists(dead));
  EXPECT_EQ(pre.balance(coinbase), uint256(110));
  EXPECT_EQ(pre.storage(bob, 1), uint256(0));
  EXPECT_EQ(pre.code_hash(fresh), code_hash);
  EXPECT_EQ(pre.size(), expect.size());
  EXPECT_EQ(pre.state_root(), expect.state_root());
}

TEST(MVMemory, SnapshotReportsALeftoverEstimate) {
  State pre;
  MVMemory mv(2, pre);
  mv.record({1, 0}, {}, full(kKey, 1));
  mv.convert_writes_to_estimates(1);
  const Snapshot snap = mv.snapshot();
  EXPECT_FALSE(snap.error.empty());
  EXPECT_TRUE(snap.values.empty());
  EXPECT_FALSE(mv.commit_into(pre, nullptr).empty());
}

// Each transaction runs a few throw-away incarnations (random writes, estimates, reads
// of random keys) on its own task, concurrently with the others, then records its
// final write set. The end state must be the sequential one, whatever the interleaving.
TEST(MVMemory, ConcurrentRecordAndReadMatchSequentialReference) {
  constexpr TxIndex kTxs = 2000;
  constexpr uint8_t kAccounts = 6;
  constexpr uint64_t kSlots = 4;
  std::vector<StateKey> keys;
  for (uint8_t a = 0; a < kAccounts; ++a) {
    keys.push_back(StateKey::balance(addr(a)));
    keys.push_back(StateKey::nonce(addr(a)));
    for (uint64_t s = 0; s < kSlots; ++s) keys.push_back(StateKey::storage(addr(a), s));
  }
  State pre;
  for (uint8_t a = 0; a < kAccounts; a += 2) {
    pre.set_balance(addr(a), 1000u + a);
    pre.set_storage(addr(a), 1, 7);
  }

  const auto random_writes = [&](std::mt19937_64& rng) {
    WriteSet w;
    const size_t n = rng() % 4;
    for (size_t i = 0; i < n; ++i) {
      const StateKey& k = keys[rng() % keys.size()];
      if (k.kind == KeyKind::Balance && rng() % 2 == 0)
        w.add_delta(k, rng() % 100);
      else
        w.set(k, StateValue::of(rng() % 1000));
    }
    return w;
  };
  std::vector<WriteSet> final_writes(kTxs);
  for (TxIndex i = 0; i < kTxs; ++i) {
    std::mt19937_64 rng(0x5eed0000u + i);
    final_writes[i] = random_writes(rng);
  }

  MVMemory mv(kTxs, pre);
  std::atomic<int> bad_reads{0};
  tbb::task_arena arena(8);
  arena.execute([&] {
    tbb::parallel_for(TxIndex{0}, kTxs, [&](TxIndex i) {
      std::mt19937_64 rng(0xabcd0000u + i);
      const Incarnation junk = static_cast<Incarnation>(rng() % 4);
      for (Incarnation inc = 0; inc < junk; ++inc) {
        mv.record({i, inc}, {}, random_writes(rng));
        for (int r = 0; r < 8; ++r) {
          const ReadResult res = mv.read(keys[rng() % keys.size()], i);
          const bool below = res.status == ReadStatus::Dependency ? res.blocker < i
                             : res.status == ReadStatus::NotFound ? true
                                                                  : res.version.tx_index < i;
          if (!below) bad_reads.fetch_add(1);
        }
        if (rng() % 2 == 0) mv.convert_writes_to_estimates(i);
      }
      mv.record({i, junk}, {}, final_writes[i]);
    });
  });
  EXPECT_EQ(bad_reads.load(), 0);

  // Sequential reference: apply the final write sets in block order, and check on the
  // way that every transaction reads exactly the prefix before it.
  std::map<StateKey, StateValue> ref;
  const auto current = [&](const StateKey& k) {
    auto it = ref.find(k);
    return it != ref.end() ? it->second : base_value(pre, k);
  };
  for (TxIndex i = 0; i < kTxs; ++i) {
    if (i % 37 == 0) {
      for (const StateKey& k : keys) {
        const ObservedRead o = mv.observe(k, i);
        ASSERT_FALSE(o.blocked);
        ASSERT_EQ(o.entry.value, current(k)) << "tx " << i;
      }
    }
    for (const WriteEntry& w : final_writes[i].entries()) {
      if (w.kind == WriteKind::Delta)
        ref[w.key] = StateValue::of(current(w.key).word + w.value.word);
      else
        ref[w.key] = w.value;
    }
  }

  const Snapshot snap = mv.snapshot();
  ASSERT_TRUE(snap.error.empty()) << snap.error;
  ASSERT_EQ(snap.values.size(), ref.size());
  size_t i = 0;
  for (const auto& [k, v] : ref) {
    EXPECT_EQ(snap.values[i].key, k);
    EXPECT_EQ(snap.values[i].value, v);
    ++i;
  }
}

// Readers validating while writers re-record: no torn reads of a read set, and once
// everything settles every transaction validates.
TEST(MVMemory, ConcurrentValidationSettles) {
  constexpr TxIndex kTxs = 200;
  State pre;
  const StateKey hot = StateKey::balance(addr(1));
  pre.set_balance(addr(1), 1);
  MVMemory mv(kTxs, pre);

  tbb::task_arena arena(8);
  arena.execute([&] {
    tbb::parallel_for(TxIndex{0}, kTxs, [&](TxIndex i) {
      for (Incarnation inc = 0; inc < 3; ++inc) {
        WriteSet w;
        w.add_delta(hot, 1);
        ReadSet r;
        const ObservedRead o = mv.observe(StateKey::storage(addr(2), i % 5), i);
        if (!o.blocked) r.add(o.entry);
        mv.record({i, inc}, std::move(r), w);
        (void)mv.validate_read_set(i);
        if (i > 0) (void)mv.validate_read_set(i - 1);
      }
    });
  });
  for (TxIndex i = 0; i < kTxs; ++i) EXPECT_TRUE(mv.validate_read_set(i)) << i;
  const ObservedRead end = mv.observe(hot, kTxs - 1);
  EXPECT_EQ(end.entry.value.word, uint256(kTxs));  // 1 + (kTxs - 1) credits below the last
}

}  // namespace
}  // namespace warp
