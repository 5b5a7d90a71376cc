// What one execution (one incarnation) of a transaction read and wrote. The read set
// keeps both where each value came from and the value itself: validation first checks
// the origin (cheap), then falls back to comparing values (DESIGN.md section 4: equal
// values pass, so a re-execution that rewrites the same value does not cascade).
#pragma once

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "state/state_key.hpp"
#include "state/tx_version.hpp"

namespace warp {

enum class ReadOrigin : uint8_t {
  PreState,  // the pre-state: no lower transaction had written the key
  Version,   // the write of a lower transaction, `version` (the topmost one, for deltas)
};

struct ReadEntry {
  StateKey key;
  ReadOrigin origin = ReadOrigin::PreState;
  // Set when the value was summed from deltas: then the topmost version alone does not
  // pin the value (a delta below it may change), so validation compares values.
  bool from_deltas = false;
  TxVersion version{};  // meaningful when origin == Version
  StateValue value{};   // what the transaction saw, deltas and pre-state included
  // The multi-version memory's record of the key when it had one at read time (its address
  // is stable for the block): validation goes straight to it. Opaque outside MVMemory.
  const void* record = nullptr;
};

class ReadSet {
 public:
  void add(const ReadEntry& e) { entries_.push_back(e); }
  void reserve(size_t n) { entries_.reserve(n); }
  const std::vector<ReadEntry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void clear() { entries_.clear(); }

 private:
  std::vector<ReadEntry> entries_;
};

enum class WriteKind : uint8_t {
  Full,   // the key's new value
  Delta,  // an amount added (mod 2^256) to whatever the key holds below this transaction
};

struct WriteEntry {
  StateKey key;
  WriteKind kind = WriteKind::Full;
  StateValue value{};  // the new value, or the amount for a delta
};

// One entry per key, in first-write order. Writing a key again folds into its entry:
// a full write replaces, a delta adds to a full value (still full) or to a delta.
class WriteSet {
 public:
  void set(const StateKey& key, const StateValue& v) {
    WriteEntry& e = slot(key, WriteKind::Full);
    e.kind = WriteKind::Full;
    e.value = v;
  }
  void add_delta(const StateKey& key, const uint256& amount) {
    WriteEntry& e = slot(key, WriteKind::Delta);
    e.value.word += amount;
  }
  const WriteEntry* find(const StateKey& key) const {
    const size_t i = position(key);
    return i == kNone ? nullptr : &entries_[i];
  }
  const std::vector<WriteEntry>& entries() const { return entries_; }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void clear() {
    entries_.clear();
    index_.clear();
  }

 private:
  static constexpr size_t kNone = ~size_t{0};
  // A transaction writes a handful of keys: below kIndexFrom entries a linear scan is
  // cheaper than building a hash index (which would cost an allocation per transaction).
  static constexpr size_t kIndexFrom = 16;

  size_t position(const StateKey& key) const {
    if (index_.empty()) {
      for (size_t i = 0; i < entries_.size(); ++i)
        if (entries_[i].key == key) return i;
      return kNone;
    }
    auto it = index_.find(key);
    return it == index_.end() ? kNone : it->second;
  }
  // The entry for `key`, appended as {kind, 0} when the key is new.
  WriteEntry& slot(const StateKey& key, WriteKind kind_if_new) {
    const size_t i = position(key);
    if (i != kNone) return entries_[i];
    entries_.push_back({key, kind_if_new, {}});
    if (!index_.empty()) {
      index_.emplace(key, entries_.size() - 1);
    } else if (entries_.size() >= kIndexFrom) {
      for (size_t k = 0; k < entries_.size(); ++k) index_.emplace(entries_[k].key, k);
    }
    return entries_.back();
  }

  std::vector<WriteEntry> entries_;
  std::unordered_map<StateKey, size_t, StateKeyHasher> index_;
};

}  // namespace warp
