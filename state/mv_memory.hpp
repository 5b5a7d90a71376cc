// Multi-version memory for Block-STM (Gelashvili et al., 2022): for every key, the value
// each transaction of the block wrote, so a transaction reads what the highest lower
// writer left — exactly what sequential execution would have shown it, once the writers
// below it are final.
//
// Concurrency: a lock-free open-addressing table (KeyTable: insertion by compare-and-swap,
// no erasure) from key to a record holding that key's sorted (tx_index, entry) list behind its own
// spin lock. Readers of different keys share nothing; a read set remembers each record's
// address so validation goes straight to it. Per-transaction bookkeeping (last
// read set, last written keys) has its own mutex. The only nesting is a transaction's
// lock, then key locks (validation), so there is no lock-order cycle. As in Block-STM,
// record and convert_writes_to_estimates for one transaction are never concurrent with
// each other (one incarnation runs at a time); everything else may run concurrently.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <thread>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "state/bytes.hpp"
#include "state/rw_set.hpp"
#include "state/state_key.hpp"
#include "state/tx_version.hpp"

namespace warp {

class State;

enum class ReadStatus : uint8_t {
  NotFound,        // no lower transaction wrote the key: read the pre-state
  Value,           // `value` is final: a full write, plus any deltas above it
  DeltaOnStorage,  // only deltas below: the value is pre-state + `value` (their sum)
  Dependency,      // a lower write is an ESTIMATE: wait for `blocker` to re-execute
};

struct ReadResult {
  ReadStatus status = ReadStatus::NotFound;
  TxVersion version{};  // the topmost lower writer (Value, DeltaOnStorage)
  StateValue value{};
  TxIndex blocker = 0;  // Dependency only
  bool deltas = false;  // Value: at least one delta was summed on top of the full write
};

// A read resolved against the pre-state, ready to go into a ReadSet (unless `blocked`).
struct ObservedRead {
  bool blocked = false;
  TxIndex blocker = 0;
  ReadEntry entry{};
};

struct KeyValue {
  StateKey key;
  StateValue value;
};

struct Snapshot {
  std::vector<KeyValue> values;  // sorted by key; final value of every key written
  std::string error;             // empty = ok
};

// The code bytes for a code hash written in the block (nullptr when unknown).
using CodeLookup = std::function<const Bytes*(const Hash&)>;

class MVMemory {
 public:
  // `pre_state` must outlive the memory and stay unchanged until commit_into.
  // Every TxIndex passed in later must be below `block_size`.
  MVMemory(size_t block_size, const State& pre_state);
  MVMemory(const MVMemory&) = delete;
  MVMemory& operator=(const MVMemory&) = delete;
  ~MVMemory();

  size_t block_size() const { return txs_.size(); }

  // What transaction `tx` sees at `key` from the writes of transactions below it.
  ReadResult read(const StateKey& key, TxIndex tx) const;
  // read() with NotFound and DeltaOnStorage resolved against the pre-state.
  ObservedRead observe(const StateKey& key, TxIndex tx) const;

  // Publishes an incarnation's writes and keeps its read set for validation. Keys the
  // previous incarnation wrote and this one does not are removed. Returns true when
  // this incarnation wrote a key the previous one did not (Block-STM then re-validates
  // higher transactions, which may have missed the new write).
  bool record(TxVersion version, ReadSet reads, const WriteSet& writes);

  // Marks every write of `tx`'s last incarnation as ESTIMATE (it is being re-executed):
  // readers above wait for it instead of reading a value likely to change.
  void convert_writes_to_estimates(TxIndex tx);

  // Re-reads every key in `tx`'s last read set. Passes when each still comes from the
  // same origin, or failing that still has the same value; fails on any ESTIMATE. On
  // failure `stale` (when given) receives the first key that failed (for statistics).
  bool validate_read_set(TxIndex tx, StateKey* stale = nullptr) const;

  // The last recorded incarnation of `tx`: what it read and which keys it wrote (copies;
  // for the conflict graph after the block, when nothing runs concurrently).
  ReadSet last_reads(TxIndex tx) const;
  std::vector<StateKey> last_written(TxIndex tx) const;

  // For after the block: the final value of every key written by the transactions below
  // `below` (all of them by default), deltas resolved.
  // An ESTIMATE left behind is an error (a transaction was never re-executed).
  static constexpr TxIndex kWholeBlock = ~TxIndex{0};
  Snapshot snapshot(TxIndex below = kWholeBlock) const;
  // Applies snapshot(below) to `state` (normally the pre-state itself). Per account, in key
  // order: existence 0 erases the account and skips its other keys; code hashes are
  // turned into code by `code`. Returns an error message, empty when ok (the state is then
  // unchanged).
  std::string commit_into(State& state, const CodeLookup& code, TxIndex below = kWholeBlock) const;

 private:
  struct Entry {
    Incarnation incarnation = 0;
    WriteKind kind = WriteKind::Full;
    bool estimate = false;
    StateValue value{};
  };
  // A key's writes by transaction index: usually one to three of them, so a sorted vector
  // (one allocation, contiguous search) rather than a node-based map. The subset of
  // std::map's interface the memory uses.
  class Versions {
   public:
    using Item = std::pair<TxIndex, Entry>;
    using const_iterator = std::vector<Item>::const_iterator;
    using iterator = std::vector<Item>::iterator;
    const_iterator begin() const { return items_.begin(); }
    const_iterator end() const { return items_.end(); }
    iterator end() { return items_.end(); }
    const_iterator lower_bound(TxIndex tx) const {
      return std::lower_bound(items_.begin(), items_.end(), tx, [](const Item& i, TxIndex t) { return i.first < t; });
    }
    iterator find(TxIndex tx) {
      auto it = std::lower_bound(items_.begin(), items_.end(), tx, [](const Item& i, TxIndex t) { return i.first < t; });
      return it != items_.end() && it->first == tx ? it : items_.end();
    }
    Entry& operator[](TxIndex tx) {
      auto it = std::lower_bound(items_.begin(), items_.end(), tx, [](const Item& i, TxIndex t) { return i.first < t; });
      if (it == items_.end() || it->first != tx) it = items_.insert(it, Item{tx, Entry{}});
      return it->second;
    }
    void erase(TxIndex tx) {
      auto it = find(tx);
      if (it != items_.end()) items_.erase(it);
    }
    bool empty() const { return items_.empty(); }

   private:
    std::vector<Item> items_;
  };
  // Guards one key's versions: held for a few hundred nanoseconds, so spinning beats a
  // sleeping mutex; it yields after a while in case the holder was preempted (tests run
  // more workers than cores).
  class SpinLock {
   public:
    void lock() const {
      for (int spins = 0; flag_.test_and_set(std::memory_order_acquire); ++spins)
        if (spins > 64) std::this_thread::yield();
    }
    void unlock() const { flag_.clear(std::memory_order_release); }

   private:
    mutable std::atomic_flag flag_;
  };
  struct KeyRecord {
    explicit KeyRecord(const StateKey& k) : key(k) {}
    const StateKey key;
    SpinLock lock;
    Versions versions;  // possibly empty: records are never removed during a block
  };
  // Key -> record: open addressing with linear probing over a power-of-two array of
  // pointers sized for the block, filled by compare-and-swap (lookups take no lock; records
  // are never removed, so a pointer, once there, stays). A key whose probe window is full
  // goes to a mutex-guarded overflow map: windows only fill up, so a key is always looked for
  // where it was put.
  class KeyTable {
   public:
    explicit KeyTable(size_t expected_keys);
    ~KeyTable();
    KeyTable(const KeyTable&) = delete;
    KeyTable& operator=(const KeyTable&) = delete;
    KeyRecord* find(const StateKey& k) const;
    KeyRecord& find_or_insert(const StateKey& k);
    // For walking every record once nothing inserts any more: slots [0, capacity()), each
    // null or a record, then the overflow records.
    size_t capacity() const { return mask_ + 1; }
    const KeyRecord* at(size_t i) const { return slots_[i].load(std::memory_order_acquire); }
    template <class F>
    void for_each_overflow(F&& f) const {
      for (const auto& [k, r] : overflow_) f(*r);
    }

   private:
    static constexpr size_t kWindow = 32;
    std::unique_ptr<std::atomic<KeyRecord*>[]> slots_;
    size_t mask_ = 0;
    mutable std::mutex overflow_mutex_;
    std::atomic<bool> has_overflow_{false};
    std::unordered_map<StateKey, std::unique_ptr<KeyRecord>, StateKeyHasher> overflow_;
  };
  struct TxRecord {
    mutable std::mutex mutex;
    ReadSet reads;
    std::vector<StateKey> written;  // keys of the last recorded incarnation
  };

  // Lock-free lookup; nullptr when no transaction has written the key yet.
  const KeyRecord* find_record(const StateKey& k) const;
  KeyRecord& record_for(const StateKey& k);  // found or inserted
  static ReadResult read_record(const KeyRecord& rec, TxIndex tx);
  bool still_valid(const ReadEntry& seen, TxIndex tx) const;
  // The final value of one record's key (nothing when it has no versions left); false
  // when an ESTIMATE is left (`error` says which transaction).
  bool final_value(const KeyRecord& rec, TxIndex below, std::vector<KeyValue>& out, std::string& error) const;
  // Walks down from the highest entry below `below`; the record's lock must be held.
  static ReadResult resolve(const Versions& versions, TxIndex below);

  const State& pre_state_;
  // Keys are inserted concurrently and never erased while the block runs, so a record's
  // address is stable: a read set keeps it and validation skips the lookup.
  KeyTable keys_;
  std::vector<std::unique_ptr<TxRecord>> txs_;
};

}  // namespace warp
