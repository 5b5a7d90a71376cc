#include "state/flat/flat_state.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_for_each.h>

#include <algorithm>
#include <atomic>
#include <bit>

#include "kernels/evm/jumpdest.hpp"

namespace warp {

namespace {

constexpr uint64_t kAbsent = ~uint64_t{0};
// An account with more slots than this has them inserted by a nested parallel loop, so a
// single huge contract (a token's balances) does not serialize the build.
constexpr size_t kNestedStorage = 1024;

// Load at most one half after a build, with some headroom for accounts a block adds (a block
// that adds more triggers a rebuild, which doubles the tables).
size_t table_capacity(size_t n) { return std::bit_ceil(std::max<size_t>(16, 2 * (n + n / 4 + 64))); }

// Past one half (used + tombstones) the probe chains get long: the owner should rebuild.
bool past_load_limit(size_t taken, size_t capacity) { return 2 * taken > capacity; }
// Past three quarters an owner has ignored needs_rebuild() for long; the next insert could
// come near filling the table, which would break every probe (they end at an empty entry).
bool past_hard_limit(size_t taken, size_t capacity) { return 4 * (taken + 1) > 3 * capacity; }

// Build-time insert of a key known to be absent: claim the first empty entry on the probe
// chain. Only `state` is touched atomically; the claimer alone writes the other fields.
template <class Entry>
Entry& claim(std::vector<Entry>& table, uint64_t hash) {
  const uint64_t mask = table.size() - 1;
  for (uint64_t i = hash & mask;; i = (i + 1) & mask) {
    std::atomic_ref<uint32_t> state(table[i].state);
    uint32_t expected = kFlatEmpty;
    if (state.load(std::memory_order_relaxed) == kFlatEmpty &&
        state.compare_exchange_strong(expected, kFlatUsed, std::memory_order_relaxed))
      return table[i];
  }
}

// The used entry on `hash`'s chain that `is_key` accepts, else kAbsent with `free` set to
// the first deleted-or-empty entry seen: reusing a tombstone is safe only once the whole
// chain is known not to hold the key further along.
template <class Entry, class IsKey>
uint64_t probe(const std::vector<Entry>& table, uint64_t hash, IsKey is_key, uint64_t& free) {
  const uint64_t mask = table.size() - 1;
  free = kAbsent;
  for (uint64_t i = hash & mask;; i = (i + 1) & mask) {
    const Entry& e = table[i];
    if (e.state == kFlatUsed) {
      if (is_key(e)) return i;
    } else {
      if (free == kAbsent) free = i;
      if (e.state == kFlatEmpty) return kAbsent;
    }
  }
}

}  // namespace

void FlatState::build(const State& state) {
  // Serial pass: dedupe code by hash and give each distinct code its offsets, in the State's
  // iteration order, so the blobs do not depend on thread count or timing.
  struct Item {
    const Address* address;
    const Account* account;
    CodeLocation code;
  };
  std::vector<Item> items;
  items.reserve(state.size());
  std::vector<std::pair<const Bytes*, CodeLocation>> distinct;
  code_index_.clear();
  uint64_t code_bytes = 0, bitmap_bytes = 0;
  size_t total_slots = 0;
  for (const auto& [address, account] : state.accounts()) {
    CodeLocation loc;
    if (!account.code.empty()) {
      auto [it, added] = code_index_.try_emplace(account.code_hash, CodeLocation{code_bytes, bitmap_bytes});
      if (added) {
        distinct.emplace_back(&account.code, it->second);
        code_bytes += account.code.size();
        bitmap_bytes += jumpdest_bitmap_bytes(account.code.size());
      }
      loc = it->second;
    }
    total_slots += account.storage.size();
    items.push_back({&address, &account, loc});
  }

  code_.assign(code_bytes, 0);
  jumpdests_.assign(bitmap_bytes, 0);
  tbb::parallel_for(size_t{0}, distinct.size(), [&](size_t i) {
    const Bytes& c = *distinct[i].first;
    std::copy(c.begin(), c.end(), code_.begin() + static_cast<std::ptrdiff_t>(distinct[i].second.code_offset));
    analyze_jumpdests(c.data(), c.size(), jumpdests_.data() + distinct[i].second.jumpdest_offset);
  });

  accounts_.assign(table_capacity(items.size()), FlatAccount{});
  slots_.assign(table_capacity(total_slots), FlatSlot{});
  // Storage holds non-zero values only: every entry becomes a slot (a zero reads as absent).
  tbb::parallel_for(size_t{0}, items.size(), [&](size_t i) {
    const Item& item = items[i];
    const Address& a = *item.address;
    const Account& acc = *item.account;
    FlatAccount& e = claim(accounts_, flat_hash(a));
    e.address = a;
    e.nonce = acc.nonce;
    e.balance = acc.balance;
    e.code_hash = acc.code.empty() ? kEmptyCodeHash : acc.code_hash;
    e.code_offset = item.code.code_offset;
    e.jumpdest_offset = item.code.jumpdest_offset;
    e.code_size = static_cast<uint32_t>(acc.code.size());
    e.has_storage = acc.storage.empty() ? 0 : 1;
    auto put = [&](const std::pair<const uint256, uint256>& kv) {
      FlatSlot& s = claim(slots_, flat_hash(a, kv.first));
      s.address = a;
      s.key = kv.first;
      s.value = kv.second;
    };
    if (acc.storage.size() > kNestedStorage)
      tbb::parallel_for_each(acc.storage.begin(), acc.storage.end(), put);
    else
      std::for_each(acc.storage.begin(), acc.storage.end(), put);
  });

  account_count_ = items.size();
  slot_count_ = total_slots;
  account_tombstones_ = slot_tombstones_ = 0;
  needs_rebuild_ = false;
  ++generation_;
  account_marked_.assign(accounts_.size(), 0);
  slot_marked_.assign(slots_.size(), 0);
  dirty_ = Dirty{};
  dirty_.code_from = code_.size();
  dirty_.jumpdests_from = jumpdests_.size();
}

void FlatState::update_account(const State& state, const Address& a) {
  const Account* acc = state.find(a);
  if (!acc) {
    const FlatAccount* found = view().find(a);
    if (!found) return;
    const auto i = static_cast<uint64_t>(found - accounts_.data());
    accounts_[i].state = kFlatDeleted;  // keeps the chains through it intact
    --account_count_;
    ++account_tombstones_;
    // Its slots would linger in the slot table, readable by a re-created account.
    if (accounts_[i].has_storage != 0) needs_rebuild_ = true;
    mark_account(i);
    return;
  }
  if (past_hard_limit(account_count_ + account_tombstones_, accounts_.size())) {
    build(state);  // last resort, to stay correct: generation() moves, dirty lists reset
    return;
  }
  const uint64_t i = find_or_insert_account(a);
  FlatAccount& e = accounts_[i];
  // Had slots, has none now: unless each one was cleared through update_slot (the account
  // was deleted and re-created between two updates), stale ones remain. Rare, so rebuild.
  if (e.has_storage != 0 && acc->storage.empty()) needs_rebuild_ = true;
  const CodeLocation loc = place_code(acc->code_hash, acc->code);
  e.nonce = acc->nonce;
  e.balance = acc->balance;
  e.code_hash = acc->code.empty() ? kEmptyCodeHash : acc->code_hash;
  e.code_offset = loc.code_offset;
  e.jumpdest_offset = loc.jumpdest_offset;
  e.code_size = static_cast<uint32_t>(acc->code.size());
  e.has_storage = acc->storage.empty() ? 0 : 1;
  mark_account(i);
  if (past_load_limit(account_count_ + account_tombstones_, accounts_.size())) needs_rebuild_ = true;
}

void FlatState::update_slot(const State& state, const Address& a, const uint256& key) {
  const uint256 value = state.storage(a, key);
  uint64_t free = kAbsent;
  uint64_t i = probe(
      slots_, flat_hash(a, key), [&](const FlatSlot& e) { return e.key == key && e.address == a; }, free);
  if (i == kAbsent) {
    if (value.is_zero()) return;  // absent already reads as zero
    if (past_hard_limit(slot_count_ + slot_tombstones_, slots_.size())) {
      build(state);  // last resort, as in update_account
      return;
    }
    i = free;
    if (slots_[i].state == kFlatDeleted) --slot_tombstones_;
    slots_[i] = FlatSlot{};
    slots_[i].address = a;
    slots_[i].key = key;
    slots_[i].state = kFlatUsed;
    ++slot_count_;
  }
  slots_[i].value = value;
  mark_slot(i);
  if (past_load_limit(slot_count_ + slot_tombstones_, slots_.size())) needs_rebuild_ = true;
}

FlatView FlatState::view() const {
  // code_.data() may be null (no code at all): code_of only adds a zero offset to it then.
  return FlatView{accounts_.data(),  accounts_.size() - 1, slots_.data(),
                  slots_.size() - 1, code_.data(),         jumpdests_.data()};
}

void FlatState::clear_dirty() {
  for (uint64_t i : dirty_.accounts) account_marked_[i] = 0;
  for (uint64_t i : dirty_.slots) slot_marked_[i] = 0;
  dirty_.accounts.clear();
  dirty_.slots.clear();
  dirty_.code_from = code_.size();
  dirty_.jumpdests_from = jumpdests_.size();
}

uint64_t FlatState::find_or_insert_account(const Address& a) {
  uint64_t free = kAbsent;
  const uint64_t i = probe(
      accounts_, flat_hash(a), [&](const FlatAccount& e) { return e.address == a; }, free);
  if (i != kAbsent) return i;
  if (accounts_[free].state == kFlatDeleted) --account_tombstones_;
  accounts_[free] = FlatAccount{};
  accounts_[free].address = a;
  accounts_[free].state = kFlatUsed;
  ++account_count_;
  return free;
}

FlatState::CodeLocation FlatState::place_code(const Hash& hash, const Bytes& code) {
  if (code.empty()) return {};
  auto [it, added] = code_index_.try_emplace(hash, CodeLocation{code_.size(), jumpdests_.size()});
  if (added) {
    code_.insert(code_.end(), code.begin(), code.end());
    jumpdests_.resize(jumpdests_.size() + jumpdest_bitmap_bytes(code.size()));
    analyze_jumpdests(code.data(), code.size(), jumpdests_.data() + it->second.jumpdest_offset);
  }
  return it->second;
}

void FlatState::mark_account(uint64_t i) {
  if (account_marked_[i] != 0) return;
  account_marked_[i] = 1;
  dirty_.accounts.push_back(i);
}

void FlatState::mark_slot(uint64_t i) {
  if (slot_marked_[i] != 0) return;
  slot_marked_[i] = 1;
  dirty_.slots.push_back(i);
}

}  // namespace warp
