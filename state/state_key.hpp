// The unit of conflict: one field of one account (DESIGN.md section 4), and the 32-byte
// value such a field holds. Read sets, write sets and the multi-version memory are keyed
// by it, so it is small, trivially copyable and hashable without touching padding.
#pragma once

#include <cstdint>
#include <type_traits>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/account.hpp"

namespace warp {

class State;

// Existence sorts first so that an ordered commit sees an account's creation or
// destruction before its other fields.
enum class KeyKind : uint8_t {
  Existence = 0,  // 1 = the account exists, 0 = absent or destroyed
  Balance = 1,
  Nonce = 2,
  CodeHash = 3,  // the code itself travels by hash; see MVMemory::commit_into
  StorageSlot = 4,
};

struct StateKey {
  Address address{};
  KeyKind kind = KeyKind::Balance;
  uint8_t pad[3] = {0, 0, 0};  // explicit, always zero, never compared
  uint256 slot{};              // zero unless kind == StorageSlot

  static StateKey existence(const Address& a) { return {a, KeyKind::Existence, {0, 0, 0}, {}}; }
  static StateKey balance(const Address& a) { return {a, KeyKind::Balance, {0, 0, 0}, {}}; }
  static StateKey nonce(const Address& a) { return {a, KeyKind::Nonce, {0, 0, 0}, {}}; }
  static StateKey code_hash(const Address& a) { return {a, KeyKind::CodeHash, {0, 0, 0}, {}}; }
  static StateKey storage(const Address& a, const uint256& s) { return {a, KeyKind::StorageSlot, {0, 0, 0}, s}; }

  friend bool operator==(const StateKey& x, const StateKey& y) {
    return x.kind == y.kind && x.address == y.address && x.slot == y.slot;
  }
  friend bool operator!=(const StateKey& x, const StateKey& y) { return !(x == y); }
  // Address, then kind, then slot: groups an account's keys together for commit.
  friend bool operator<(const StateKey& x, const StateKey& y) {
    if (x.address != y.address) return x.address < y.address;
    if (x.kind != y.kind) return x.kind < y.kind;
    return x.slot < y.slot;
  }
};

static_assert(std::is_trivially_copyable_v<StateKey> && sizeof(StateKey) == 56);

struct StateKeyHasher {
  size_t operator()(const StateKey& k) const noexcept {
    const uint64_t a = AddressHasher{}(k.address);
    const uint64_t s = k.kind == KeyKind::StorageSlot ? WordHasher{}(k.slot) : 0;
    return static_cast<size_t>(detail::mix64(a ^ detail::mix64(s + static_cast<uint64_t>(k.kind))));
  }
};

// Every field fits one word: balances, nonces, slots and the existence flag as numbers,
// the code hash as its big-endian bytes (so the word's equality is the hash's equality).
struct StateValue {
  uint256 word{};

  static StateValue of(const uint256& v) { return {v}; }
  static StateValue of_hash(const Hash& h) { return {uint256::from_hash(h)}; }
  Hash as_hash() const { return word.to_hash(); }

  friend bool operator==(const StateValue& x, const StateValue& y) { return x.word == y.word; }
  friend bool operator!=(const StateValue& x, const StateValue& y) { return !(x == y); }
};

static_assert(std::is_trivially_copyable_v<StateValue> && sizeof(StateValue) == 32);

// The value `key` has in `s` (zero / all-zero hash for an absent account): what a read
// that finds no write of a lower transaction sees. Only const lookups, so concurrent
// readers of one unchanging State are safe.
StateValue base_value(const State& s, const StateKey& key);

}  // namespace warp
