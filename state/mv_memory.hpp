// Multi-version memory for Block-STM (Gelashvili et al., 2022): for every key, the value
// each transaction of the block wrote, so a transaction reads what the highest lower
// writer left — exactly what sequential execution would have shown it, once the writers
// below it are final.
//
// Concurrency: keys live in a fixed number of shards; each shard is a hash map of
// key -> std::map<tx_index, entry> behind one std::shared_mutex (reads share, writes
// exclude). Chosen for being obviously correct: a read is one short shared lock; the
// shard count keeps writers of different keys apart. Per-transaction bookkeeping (last
// read set, last written keys) has its own mutex. The only nesting is a transaction's
// lock, then shard locks (validation), so there is no lock-order cycle. As in Block-STM,
// record and convert_writes_to_estimates for one transaction are never concurrent with
// each other (one incarnation runs at a time); everything else may run concurrently.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
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

  // For after the block: the final value of every key written, deltas resolved.
  // An ESTIMATE left behind is an error (a transaction was never re-executed).
  Snapshot snapshot() const;
  // Applies snapshot() to `state` (normally the pre-state itself). Per account, in key
  // order: existence 0 erases the account and skips its other keys; code hashes are
  // turned into code by `code`. Returns an error message, empty when ok.
  std::string commit_into(State& state, const CodeLookup& code) const;

 private:
  struct Entry {
    Incarnation incarnation = 0;
    WriteKind kind = WriteKind::Full;
    bool estimate = false;
    StateValue value{};
  };
  using Versions = std::map<TxIndex, Entry>;
  struct Shard {
    mutable std::shared_mutex mutex;
    std::unordered_map<StateKey, Versions, StateKeyHasher> keys;
  };
  struct TxRecord {
    mutable std::mutex mutex;
    ReadSet reads;
    std::vector<StateKey> written;  // keys of the last recorded incarnation
  };
  static constexpr size_t kShards = 64;

  Shard& shard_of(const StateKey& k) const { return shards_[StateKeyHasher{}(k) % kShards]; }
  bool still_valid(const ReadEntry& seen, TxIndex tx) const;
  // Walks down from the highest entry below `below`; the shard lock must be held.
  static ReadResult resolve(const Versions& versions, TxIndex below);

  const State& pre_state_;
  mutable std::array<Shard, kShards> shards_;
  std::vector<std::unique_ptr<TxRecord>> txs_;
};

}  // namespace warp
