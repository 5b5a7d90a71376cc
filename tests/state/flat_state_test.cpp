// The flat snapshot (state/flat): after a build, and after incremental updates, every
// account and slot of the State reads back through FlatView exactly; absent keys read as
// absent; code is stored once per hash with its JUMPDEST bitmap; the dirty lists name
// exactly the changed entries; the rebuild signals fire when they must.
#include "state/flat/flat_state.hpp"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <bit>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "kernels/evm/jumpdest.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/bytes.hpp"
#include "state/state.hpp"

namespace warp {
namespace {

using Rng = std::mt19937_64;

Address random_address(Rng& rng) {
  Address a{};
  for (auto& b : a.bytes) b = static_cast<uint8_t>(rng());
  return a;
}

uint256 random_word(Rng& rng) { return uint256(rng(), rng() % 3 == 0 ? rng() : 0, 0, rng() % 5 == 0 ? rng() : 0); }
uint256 nonzero_word(Rng& rng) { return uint256(rng() | 1, rng(), 0, 0); }

// Bytes rich in JUMPDESTs and PUSHes, so that push data hides some 0x5b bytes.
Bytes random_code(Rng& rng, size_t size) {
  Bytes code(size);
  for (auto& b : code) {
    const uint64_t r = rng() % 4;
    b = r == 0 ? uint8_t{0x5b} : r == 1 ? static_cast<uint8_t>(0x60 + rng() % 32) : static_cast<uint8_t>(rng());
  }
  return code;
}

struct World {
  State state;
  std::vector<Bytes> codes;  // the pool accounts draw their code from
};

// `n` accounts: a third with code from a small shared pool, a quarter with a few slots,
// and one contract with more slots than the build inserts without a nested loop.
World random_world(uint64_t seed, size_t n) {
  Rng rng(seed);
  World w;
  for (size_t i = 0; i < 12; ++i) w.codes.push_back(random_code(rng, 1 + rng() % 300));
  for (size_t i = 0; i < n; ++i) {
    const Address a = random_address(rng);
    w.state.set_balance(a, random_word(rng));
    w.state.set_nonce(a, rng() % 100);
    if (i % 3 == 0) w.state.set_code(a, w.codes[rng() % w.codes.size()]);
    if (i % 4 == 0)
      for (uint64_t k = rng() % 10; k > 0; --k) w.state.set_storage(a, random_word(rng), nonzero_word(rng));
    if (i == 7)
      for (int k = 0; k < 3000; ++k) w.state.set_storage(a, uint256(static_cast<uint64_t>(k)), nonzero_word(rng));
  }
  return w;
}

// The first difference between the view and the State, or "" when there is none.
std::string mismatch(const FlatState& f, const State& s, uint64_t seed = 1) {
  const FlatView v = f.view();
  Rng rng(seed);
  for (const auto& [a, acc] : s.accounts()) {
    const FlatAccount* e = v.find(a);
    const std::string who = to_hex0x(a);
    if (!e) return who + " missing";
    if (e->address != a || e->nonce != acc.nonce || e->balance != acc.balance) return who + " fields";
    if (e->has_storage != (acc.storage.empty() ? 0u : 1u)) return who + " has_storage";
    const CodeRef c = v.code_of(*e);
    if (c.size != acc.code.size() || !std::equal(acc.code.begin(), acc.code.end(), c.code)) return who + " code";
    if (c.hash != keccak256(acc.code.data(), acc.code.size())) return who + " code hash";
    Bytes bits(jumpdest_bitmap_bytes(acc.code.size()));
    analyze_jumpdests(acc.code.data(), acc.code.size(), bits.data());
    if (!std::equal(bits.begin(), bits.end(), c.jumpdest_bits)) return who + " jumpdests";
    for (const auto& [k, val] : acc.storage)
      if (v.storage(a, k) != val) return who + " slot";
    if (!v.storage(a, random_word(rng) + uint256(1ull << 40)).is_zero()) return who + " absent slot";
  }
  for (int i = 0; i < 200; ++i) {
    const Address a = random_address(rng);
    if (!s.exists(a) && v.find(a)) return "absent account found";
  }
  return "";
}

uint64_t index_of(const FlatState& f, const Address& a) {
  const FlatAccount* e = f.view().find(a);
  return e ? static_cast<uint64_t>(e - f.accounts().data()) : ~uint64_t{0};
}

uint64_t slot_index_of(const FlatState& f, const Address& a, const uint256& key) {
  for (uint64_t i = 0; i < f.slots().size(); ++i) {
    const FlatSlot& e = f.slots()[i];
    if (e.state == kFlatUsed && e.address == a && e.key == key) return i;
  }
  return ~uint64_t{0};
}

std::set<uint64_t> as_set(const std::vector<uint64_t>& v) { return {v.begin(), v.end()}; }

size_t total_slots(const State& s) {
  size_t n = 0;
  for (const auto& [a, acc] : s.accounts()) n += acc.storage.size();
  return n;
}

TEST(FlatState, BuildReadsBackEveryAccountAndSlot) {
  const World w = random_world(11, 3000);
  FlatState f;
  f.build(w.state);
  EXPECT_EQ(mismatch(f, w.state), "");
  EXPECT_EQ(f.account_count(), w.state.size());
  EXPECT_EQ(f.slot_count(), total_slots(w.state));
  EXPECT_EQ(f.generation(), 1u);
  EXPECT_FALSE(f.needs_rebuild());
  EXPECT_TRUE(f.dirty().accounts.empty() && f.dirty().slots.empty());
  EXPECT_TRUE(std::has_single_bit(f.accounts().size()) && std::has_single_bit(f.slots().size()));
  EXPECT_LE(2 * f.account_count(), f.accounts().size());
  EXPECT_LE(2 * f.slot_count(), f.slots().size());
}

TEST(FlatState, EachDistinctCodeStoredOnce) {
  const World w = random_world(12, 3000);
  FlatState f;
  f.build(w.state);
  std::map<Hash, size_t> distinct;  // hash -> size
  std::map<Hash, uint64_t> offset;
  for (const auto& [a, acc] : w.state.accounts()) {
    if (acc.code.empty()) continue;
    distinct[acc.code_hash] = acc.code.size();
    const FlatAccount* e = f.view().find(a);
    ASSERT_NE(e, nullptr);
    auto [it, added] = offset.try_emplace(acc.code_hash, e->code_offset);
    EXPECT_EQ(it->second, e->code_offset) << "accounts sharing a code point at one copy";
  }
  size_t code_bytes = 0, bitmap_bytes = 0;
  for (const auto& [h, size] : distinct) {
    code_bytes += size;
    bitmap_bytes += (size + 7) / 8;
  }
  EXPECT_GT(distinct.size(), 1u);
  EXPECT_EQ(f.code().size(), code_bytes);
  EXPECT_EQ(f.jumpdests().size(), bitmap_bytes);
  EXPECT_EQ(f.dirty().code_from, f.code().size());
}

TEST(FlatState, JumpdestBitsSkipPushData) {
  State s;
  Rng rng(5);
  const Address a = random_address(rng);
  s.set_code(a, Bytes{0x60, 0x5b, 0x5b, 0x00, 0x5b});  // PUSH1 0x5b, JUMPDEST, STOP, JUMPDEST
  FlatState f;
  f.build(s);
  const FlatAccount* e = f.view().find(a);
  ASSERT_NE(e, nullptr);
  const CodeRef c = f.view().code_of(*e);
  ASSERT_EQ(c.size, 5u);
  EXPECT_EQ(c.jumpdest_bits[0], 0x14);  // bits 2 and 4, not 1
}

TEST(FlatState, SameContentsForAnyThreadCount) {
  const World w = random_world(13, 4000);
  FlatState one, four;
  tbb::task_arena(1).execute([&] { one.build(w.state); });
  tbb::task_arena(4).execute([&] { four.build(w.state); });
  EXPECT_EQ(mismatch(one, w.state), "");
  EXPECT_EQ(mismatch(four, w.state), "");
  EXPECT_EQ(one.code(), four.code());
  EXPECT_EQ(one.jumpdests(), four.jumpdests());
  for (const auto& [a, acc] : w.state.accounts()) {
    const FlatAccount* x = one.view().find(a);
    const FlatAccount* y = four.view().find(a);
    ASSERT_TRUE(x && y);
    EXPECT_EQ(x->code_offset, y->code_offset);
    EXPECT_EQ(x->jumpdest_offset, y->jumpdest_offset);
  }
}

TEST(FlatState, EmptyState) {
  FlatState never_built;
  Rng rng(3);
  const Address a = random_address(rng);
  EXPECT_EQ(never_built.view().find(a), nullptr);
  EXPECT_TRUE(never_built.view().storage(a, 1).is_zero());

  State s;
  FlatState f;
  f.build(s);
  EXPECT_EQ(f.account_count(), 0u);
  EXPECT_GE(f.accounts().size(), 16u);
  EXPECT_EQ(f.view().find(a), nullptr);
  EXPECT_TRUE(f.code().empty());

  s.set_balance(a, 9);  // an account without code reads as such even with empty blobs
  f.update_account(s, a);
  const FlatAccount* e = f.view().find(a);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(f.view().code_of(*e).size, 0u);
  EXPECT_EQ(e->code_hash, kEmptyCodeHash);
  EXPECT_EQ(mismatch(f, s), "");
}

TEST(FlatState, UpdateAccountsAndDirtyList) {
  World w = random_world(14, 2000);
  State& s = w.state;
  FlatState f;
  f.build(s);
  f.clear_dirty();
  const size_t code_before = f.code().size();
  std::vector<Address> plain;  // accounts without storage or code
  for (const auto& [a, acc] : s.accounts())
    if (acc.storage.empty() && acc.code.empty()) plain.push_back(a);
  ASSERT_GE(plain.size(), 5u);
  Rng rng(99);
  const Bytes fresh = random_code(rng, 77);
  const Address created = random_address(rng), created_plain = random_address(rng), never = random_address(rng);

  s.set_balance(plain[0], 12345);
  s.set_nonce(plain[1], 777);
  s.set_code(plain[2], fresh);
  s.set_code(plain[3], w.codes[0]);  // already in the blob
  s.set_code(created, fresh);        // same new code: stored once
  s.set_balance(created_plain, 5);
  const uint64_t erased_at = index_of(f, plain[4]);
  s.erase(plain[4]);
  for (const Address& a : {plain[0], plain[1], plain[2], plain[3], created, created_plain, plain[4], never})
    f.update_account(s, a);
  f.update_account(s, plain[0]);  // twice: listed once

  EXPECT_EQ(mismatch(f, s), "");
  EXPECT_EQ(f.view().find(plain[4]), nullptr);
  EXPECT_EQ(f.account_count(), s.size());
  std::set<uint64_t> expected{erased_at};
  for (const Address& a : {plain[0], plain[1], plain[2], plain[3], created, created_plain})
    expected.insert(index_of(f, a));
  EXPECT_EQ(f.dirty().accounts.size(), 7u);
  EXPECT_EQ(as_set(f.dirty().accounts), expected);
  EXPECT_EQ(f.dirty().code_from, code_before);
  EXPECT_EQ(f.code().size(), code_before + fresh.size());
  EXPECT_TRUE(std::equal(fresh.begin(), fresh.end(), f.code().begin() + static_cast<std::ptrdiff_t>(code_before)));
  EXPECT_FALSE(f.needs_rebuild());
  EXPECT_EQ(f.generation(), 1u);

  f.clear_dirty();
  EXPECT_TRUE(f.dirty().accounts.empty());
  EXPECT_EQ(f.dirty().code_from, f.code().size());
  f.update_account(s, plain[0]);  // marks reset: listed again
  EXPECT_EQ(f.dirty().accounts, std::vector<uint64_t>{index_of(f, plain[0])});
}

TEST(FlatState, UpdateSlots) {
  World w = random_world(15, 1000);
  State& s = w.state;
  FlatState f;
  f.build(s);
  Address holder{};
  for (const auto& [a, acc] : s.accounts())
    if (acc.storage.size() >= 2 && acc.storage.size() < 100) holder = a;
  ASSERT_TRUE(s.exists(holder));
  auto it = s.find(holder)->storage.begin();
  const uint256 changed = it->first, cleared = (++it)->first;
  const uint256 added = uint256(0, 0, 0, 42), untouched_zero = uint256(0, 0, 0, 43);

  s.set_storage(holder, changed, 1000);
  s.set_storage(holder, cleared, 0);
  s.set_storage(holder, added, 2000);
  for (const uint256& k : {changed, cleared, added, untouched_zero}) f.update_slot(s, holder, k);

  EXPECT_EQ(mismatch(f, s), "");
  EXPECT_EQ(f.view().storage(holder, changed), uint256(1000));
  EXPECT_TRUE(f.view().storage(holder, cleared).is_zero());
  EXPECT_EQ(f.view().storage(holder, added), uint256(2000));
  EXPECT_NE(slot_index_of(f, holder, cleared), ~uint64_t{0}) << "a cleared slot stays as a zero entry";
  EXPECT_EQ(slot_index_of(f, holder, untouched_zero), ~uint64_t{0}) << "zero for an absent slot inserts nothing";
  const std::set<uint64_t> expected{slot_index_of(f, holder, changed), slot_index_of(f, holder, cleared),
                                    slot_index_of(f, holder, added)};
  EXPECT_EQ(f.dirty().slots.size(), 3u);
  EXPECT_EQ(as_set(f.dirty().slots), expected);
  EXPECT_FALSE(f.needs_rebuild());
}

TEST(FlatState, ErasingAnAccountWithStorageNeedsRebuild) {
  World w = random_world(16, 500);
  State& s = w.state;
  FlatState f;
  f.build(s);
  Address with{}, without{};
  for (const auto& [a, acc] : s.accounts()) (acc.storage.empty() ? without : with) = a;
  s.erase(without);
  f.update_account(s, without);
  EXPECT_FALSE(f.needs_rebuild());
  Address emptied{};  // a second account with storage, cleared slot by slot
  for (const auto& [a, acc] : s.accounts())
    if (!acc.storage.empty() && a != with) emptied = a;
  std::vector<uint256> keys;
  for (const auto& [k, v] : s.find(emptied)->storage) keys.push_back(k);
  for (const uint256& k : keys) {
    s.set_storage(emptied, k, 0);
    f.update_slot(s, emptied, k);
  }
  EXPECT_FALSE(f.needs_rebuild());
  // Slots all gone without an update_slot each (deleted and re-created between updates)
  // cannot be told apart from this here: the account update asks for a rebuild either way.
  f.update_account(s, emptied);
  EXPECT_TRUE(f.needs_rebuild());
  EXPECT_EQ(mismatch(f, s), "");

  f.build(s);
  s.erase(with);
  f.update_account(s, with);
  EXPECT_TRUE(f.needs_rebuild());
  EXPECT_EQ(f.view().find(with), nullptr);
  f.build(s);
  EXPECT_FALSE(f.needs_rebuild());
  EXPECT_EQ(f.generation(), 3u);
  EXPECT_EQ(mismatch(f, s), "");
  EXPECT_EQ(f.slot_count(), total_slots(s));
}

TEST(FlatState, TombstonesKeepChainsAndGetReused) {
  // Seven accounts that start probing at one entry (capacity 1024 for 200 accounts).
  Rng rng(17);
  const uint64_t mask = 1023;
  std::map<uint64_t, std::vector<Address>> by_bucket;
  std::vector<Address> group;
  while (group.empty()) {
    const Address a = random_address(rng);
    auto& v = by_bucket[flat_hash(a) & mask];
    v.push_back(a);
    if (v.size() == 7) group = v;
  }
  State s;
  for (const Address& a : group) s.set_balance(a, 1);
  while (s.size() < 200) s.set_balance(random_address(rng), 2);
  FlatState f;
  f.build(s);
  ASSERT_EQ(f.accounts().size(), mask + 1);

  // Order the group along the chain (the build placed them in any order).
  const uint64_t start = flat_hash(group[0]) & mask;
  std::sort(group.begin(), group.end(), [&](const Address& x, const Address& y) {
    return ((index_of(f, x) - start) & mask) < ((index_of(f, y) - start) & mask);
  });
  const uint64_t first_hole = index_of(f, group[0]);
  for (const size_t k : {0u, 2u, 4u}) {
    s.erase(group[k]);
    f.update_account(s, group[k]);
  }
  EXPECT_EQ(mismatch(f, s), "");
  // A live key behind the tombstones is updated in place, not inserted again into a hole.
  const uint64_t last = index_of(f, group[6]);
  s.set_balance(group[6], 66);
  f.update_account(s, group[6]);
  EXPECT_EQ(index_of(f, group[6]), last);
  EXPECT_EQ(f.account_count(), s.size());
  // A new key of the chain takes the first hole.
  s.set_balance(group[2], 44);
  f.update_account(s, group[2]);
  EXPECT_EQ(index_of(f, group[2]), first_hole);
  EXPECT_EQ(f.account_count(), s.size());
  EXPECT_EQ(mismatch(f, s), "");
  // Churn on one account reuses its hole each time: the load never grows.
  for (int i = 0; i < 3 * 4096; ++i) {
    s.erase(group[3]);
    f.update_account(s, group[3]);
    s.set_balance(group[3], static_cast<uint64_t>(i));
    f.update_account(s, group[3]);
  }
  EXPECT_FALSE(f.needs_rebuild());
  EXPECT_EQ(f.generation(), 1u);
  EXPECT_EQ(mismatch(f, s), "");
}

TEST(FlatState, LoadLimitThenRebuild) {
  World w = random_world(18, 100);
  State& s = w.state;
  FlatState f;
  f.build(s);
  const size_t capacity = f.accounts().size();
  Rng rng(19);
  while (!f.needs_rebuild()) {
    ASSERT_LE(2 * f.account_count(), capacity);
    const Address a = random_address(rng);
    s.set_balance(a, 3);
    s.set_storage(a, 1, 2);
    f.update_account(s, a);
    f.update_slot(s, a, 1);
  }
  EXPECT_EQ(2 * f.account_count(), capacity + 2);  // flips on the first entry past one half
  EXPECT_EQ(f.generation(), 1u);
  EXPECT_EQ(mismatch(f, s), "");  // still right, only slower from here
  f.build(s);
  EXPECT_FALSE(f.needs_rebuild());
  EXPECT_EQ(f.generation(), 2u);
  EXPECT_GT(f.accounts().size(), capacity);
  EXPECT_TRUE(f.dirty().accounts.empty() && f.dirty().slots.empty());
  EXPECT_EQ(mismatch(f, s), "");
  EXPECT_EQ(f.slot_count(), total_slots(s));
}

TEST(FlatState, IgnoredRebuildFallsBackToBuild) {
  State s;
  FlatState f;
  f.build(s);
  const size_t capacity = f.accounts().size();
  Rng rng(20);
  size_t inserted = 0;
  while (f.generation() == 1) {
    const Address a = random_address(rng);
    s.set_balance(a, 1);
    f.update_account(s, a);
    ++inserted;
  }
  EXPECT_EQ(inserted, capacity * 3 / 4 + 1);  // the insert that would pass three quarters
  EXPECT_FALSE(f.needs_rebuild());
  EXPECT_EQ(mismatch(f, s), "");

  const Address holder = s.accounts().begin()->first;  // the slot table the same way
  f.build(s);
  const uint64_t gen = f.generation();
  for (uint64_t k = 1; f.generation() == gen; ++k) {
    s.set_storage(holder, k, 1);
    f.update_slot(s, holder, k);
  }
  EXPECT_EQ(mismatch(f, s), "");
  EXPECT_EQ(f.slot_count(), total_slots(s));
}

}  // namespace
}  // namespace warp
