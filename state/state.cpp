#include "state/state.hpp"

#include <tbb/parallel_for.h>

#include <unordered_set>

#include "kernels/evm/keccak.hpp"
#include "state/incremental_trie.hpp"
#include "state/rlp.hpp"

namespace warp {

namespace {

// rlp([nonce, balance, storage_root, code_hash]): an account's value in the state trie.
Bytes account_leaf(const Account& acc, const Hash& storage_root) {
  Bytes payload;
  rlp::encode_uint(payload, acc.nonce);
  rlp::encode_u256(payload, acc.balance);
  rlp::encode_string(payload, ByteView(storage_root.bytes, sizeof(Hash)));
  rlp::encode_string(payload, ByteView(acc.code_hash.bytes, sizeof(Hash)));
  return rlp::encode_list(payload);
}

Hash word_key(const uint256& slot) {
  uint8_t be[32];
  slot.to_be_bytes(be);
  return keccak256(be, 32);
}

}  // namespace

// The tries of the last state_root() and what changed since.
struct State::RootCache {
  struct StorageTrie {
    IncrementalTrie trie;
    // Slot -> (keccak(slot), value) as the trie holds it: the next diff needs no hashing for
    // slots it already has.
    std::unordered_map<uint256, std::pair<Hash, uint256>, WordHasher> held;
  };
  IncrementalTrie accounts;
  std::unordered_map<Address, StorageTrie, AddressHasher> storage;
  std::unordered_set<Address, AddressHasher> dirty;
  bool built = false;
};

State::State() = default;
State::~State() = default;
State::State(const State& o) : accounts_(o.accounts_) {}
State::State(State&& o) noexcept : accounts_(std::move(o.accounts_)), root_cache_(std::move(o.root_cache_)) {}
State& State::operator=(const State& o) {
  accounts_ = o.accounts_;
  root_cache_.reset();  // the old tries describe accounts that are gone
  return *this;
}
State& State::operator=(State&& o) noexcept {
  accounts_ = std::move(o.accounts_);
  root_cache_ = std::move(o.root_cache_);
  return *this;
}

void State::enable_incremental_root() {
  if (!root_cache_) root_cache_ = std::make_unique<RootCache>();
}

void State::mark_dirty(const Address& a) { root_cache_->dirty.insert(a); }

const Account* State::find(const Address& a) const {
  auto it = accounts_.find(a);
  return it == accounts_.end() ? nullptr : &it->second;
}

Account* State::find(const Address& a) {
  note(a);
  auto it = accounts_.find(a);
  return it == accounts_.end() ? nullptr : &it->second;
}

uint256 State::balance(const Address& a) const {
  const Account* acc = find(a);
  return acc ? acc->balance : uint256{};
}

uint64_t State::nonce(const Address& a) const {
  const Account* acc = find(a);
  return acc ? acc->nonce : 0;
}

ByteView State::code(const Address& a) const {
  const Account* acc = find(a);
  return acc ? ByteView(acc->code) : ByteView();
}

Hash State::code_hash(const Address& a) const {
  const Account* acc = find(a);
  return acc ? acc->code_hash : Hash{};
}

void State::note_slow(const Address& a) {
  if (before_->count(a) != 0) return;
  auto it = accounts_.find(a);
  before_->emplace(a, it == accounts_.end() ? std::nullopt : std::optional<Account>(it->second));
}

void State::restore(const BeforeImages& images) {
  for (const auto& [a, before] : images) {
    if (root_cache_) mark_dirty(a);
    if (before) {
      accounts_[a] = *before;
    } else {
      accounts_.erase(a);
    }
  }
}

void State::set_code(const Address& a, Bytes code) {
  note(a);
  Account& acc = accounts_[a];
  acc.code_hash = keccak256(code.data(), code.size());
  acc.code = std::move(code);
}

uint256 State::storage(const Address& a, const uint256& slot) const {
  const Account* acc = find(a);
  if (!acc) return uint256{};
  auto it = acc->storage.find(slot);
  return it == acc->storage.end() ? uint256{} : it->second;
}

void State::set_storage(const Address& a, const uint256& slot, const uint256& value) {
  note(a);
  if (value.is_zero()) {
    if (Account* acc = find(a)) acc->storage.erase(slot);
    return;
  }
  accounts_[a].storage[slot] = value;
}

Hash State::state_root(const BatchHasher& hasher) const {
  return root_cache_ ? incremental_state_root(hasher) : full_state_root(hasher);
}

Hash State::incremental_state_root(const BatchHasher& hasher) const {
  RootCache& cache = *root_cache_;
  if (!cache.built) {
    for (const auto& entry : accounts_) cache.dirty.insert(entry.first);
    cache.built = true;
  }
  for (const Address& a : cache.dirty) {
    const Hash key = keccak256(a.bytes, sizeof(a.bytes));
    const Account* acc = find(a);
    if (!acc) {
      cache.accounts.erase(key);
      cache.storage.erase(a);
      continue;
    }
    Hash storage_root = kEmptyTrieRoot;
    auto st = cache.storage.find(a);
    if (!acc->storage.empty() || st != cache.storage.end()) {
      RootCache::StorageTrie& t = st != cache.storage.end() ? st->second : cache.storage[a];
      for (const auto& [slot, value] : acc->storage) {
        if (value.is_zero()) continue;  // guards direct edits of Account::storage
        auto held = t.held.find(slot);
        if (held != t.held.end() && held->second.second == value) continue;
        const Hash slot_key = held != t.held.end() ? held->second.first : word_key(slot);
        Bytes encoded;
        rlp::encode_u256(encoded, value);
        t.trie.put(slot_key, std::move(encoded));
        t.held[slot] = {slot_key, value};
      }
      for (auto it = t.held.begin(); it != t.held.end();) {
        auto now = acc->storage.find(it->first);
        if (now == acc->storage.end() || now->second.is_zero()) {
          t.trie.erase(it->second.first);
          it = t.held.erase(it);
        } else {
          ++it;
        }
      }
      storage_root = t.trie.root(hasher);
      if (t.held.empty()) cache.storage.erase(a);
    }
    cache.accounts.put(key, account_leaf(*acc, storage_root));
  }
  cache.dirty.clear();
  return cache.accounts.root(hasher);
}

Hash State::full_state_root(const BatchHasher& hasher) const {
  std::vector<const std::pair<const Address, Account>*> all;
  all.reserve(accounts_.size());
  for (const auto& entry : accounts_) all.push_back(&entry);

  // Storage tries only for accounts that have storage; the rest have the empty root.
  std::vector<size_t> with_storage;
  for (size_t i = 0; i < all.size(); ++i)
    if (!all[i]->second.storage.empty()) with_storage.push_back(i);

  std::vector<TrieEntries> storage_tries(with_storage.size());
  tbb::parallel_for(size_t{0}, with_storage.size(), [&](size_t k) {
    TrieEntries& entries = storage_tries[k];
    const Storage& storage = all[with_storage[k]]->second.storage;
    entries.reserve(storage.size());
    for (const auto& [slot, value] : storage) {
      if (value.is_zero()) continue;  // guards direct edits of Account::storage
      Bytes key(32), encoded;
      slot.to_be_bytes(key.data());
      rlp::encode_u256(encoded, value);
      entries.emplace_back(std::move(key), std::move(encoded));
    }
  });
  const std::vector<Hash> storage_roots = trie_roots(storage_tries, /*secure=*/true, hasher);

  std::vector<const Hash*> root_of(all.size(), &kEmptyTrieRoot);
  for (size_t k = 0; k < with_storage.size(); ++k) root_of[with_storage[k]] = &storage_roots[k];

  TrieEntries accounts(all.size());
  tbb::parallel_for(size_t{0}, all.size(), [&](size_t i) {
    const auto& [address, acc] = *all[i];
    accounts[i].first.assign(address.bytes, address.bytes + sizeof(Address));
    accounts[i].second = account_leaf(acc, *root_of[i]);
  });
  return secure_trie_root(accounts, hasher);
}

}  // namespace warp
