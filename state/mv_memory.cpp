// Multi-version memory: reads, publication of incarnations, estimates, validation and
// the ordered commit of the final values.
#include "state/mv_memory.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_sort.h>

#include <algorithm>

#include "state/state.hpp"

namespace warp {

MVMemory::KeyTable::KeyTable(size_t expected_keys) {
  size_t capacity = 1024;
  while (capacity < 2 * expected_keys) capacity *= 2;  // load factor at most about 1/2
  slots_ = std::make_unique<std::atomic<KeyRecord*>[]>(capacity);
  for (size_t i = 0; i < capacity; ++i) slots_[i].store(nullptr, std::memory_order_relaxed);
  mask_ = capacity - 1;
}

// A block leaves hundreds of thousands of records (and read sets, below): freeing them one by
// one on one thread took a third of a 16-thread block's time, so it runs in parallel, in the
// calling thread's TBB arena.
MVMemory::KeyTable::~KeyTable() {
  tbb::parallel_for(tbb::blocked_range<size_t>(0, mask_ + 1, 4096), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) delete slots_[i].load(std::memory_order_relaxed);
  });
}

MVMemory::KeyRecord* MVMemory::KeyTable::find(const StateKey& k) const {
  const size_t h = StateKeyHasher{}(k);
  for (size_t probe = 0; probe < kWindow; ++probe) {
    KeyRecord* r = slots_[(h + probe) & mask_].load(std::memory_order_acquire);
    if (r == nullptr) return nullptr;  // keys fill windows front to back: it is not here
    if (r->key == k) return r;
  }
  if (!has_overflow_.load(std::memory_order_acquire)) return nullptr;
  std::lock_guard lock(overflow_mutex_);
  auto it = overflow_.find(k);
  return it == overflow_.end() ? nullptr : it->second.get();
}

MVMemory::KeyRecord& MVMemory::KeyTable::find_or_insert(const StateKey& k) {
  const size_t h = StateKeyHasher{}(k);
  std::unique_ptr<KeyRecord> fresh;
  for (size_t probe = 0; probe < kWindow; ++probe) {
    std::atomic<KeyRecord*>& slot = slots_[(h + probe) & mask_];
    KeyRecord* r = slot.load(std::memory_order_acquire);
    if (r == nullptr) {
      if (!fresh) fresh = std::make_unique<KeyRecord>(k);
      if (slot.compare_exchange_strong(r, fresh.get(), std::memory_order_acq_rel)) return *fresh.release();
      // Another writer took the slot first; `r` is now its record.
    }
    if (r->key == k) return *r;
  }
  std::lock_guard lock(overflow_mutex_);
  auto& entry = overflow_[k];
  if (!entry) entry = fresh ? std::move(fresh) : std::make_unique<KeyRecord>(k);
  has_overflow_.store(true, std::memory_order_release);
  return *entry;
}

// A transaction writes about half a dozen keys; the table is sized for more.
MVMemory::MVMemory(size_t block_size, const State& pre_state) : pre_state_(pre_state), keys_(block_size * 8) {
  txs_.reserve(block_size);
  for (size_t i = 0; i < block_size; ++i) txs_.push_back(std::make_unique<TxRecord>());
}

MVMemory::~MVMemory() {
  tbb::parallel_for(tbb::blocked_range<size_t>(0, txs_.size(), 1024), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) txs_[i].reset();
  });
}

ReadResult MVMemory::resolve(const Versions& versions, TxIndex below) {
  ReadResult r;
  uint256 deltas{};
  bool any = false;
  // Entries strictly below `below`, highest first; deltas accumulate until a full write.
  for (auto it = versions.lower_bound(below); it != versions.begin();) {
    --it;
    const Entry& e = it->second;
    if (e.estimate) return {ReadStatus::Dependency, {}, {}, it->first, false};
    if (!any) r.version = {it->first, e.incarnation};
    any = true;
    if (e.kind == WriteKind::Full) {
      r.status = ReadStatus::Value;
      r.value.word = e.value.word + deltas;
      r.deltas = it->first != r.version.tx_index;
      return r;
    }
    deltas += e.value.word;
  }
  if (!any) return r;  // NotFound
  r.status = ReadStatus::DeltaOnStorage;
  r.value.word = deltas;
  return r;
}

const MVMemory::KeyRecord* MVMemory::find_record(const StateKey& k) const { return keys_.find(k); }

MVMemory::KeyRecord& MVMemory::record_for(const StateKey& k) { return keys_.find_or_insert(k); }

ReadResult MVMemory::read_record(const KeyRecord& rec, TxIndex tx) {
  std::lock_guard lock(rec.lock);
  return resolve(rec.versions, tx);
}

ReadResult MVMemory::read(const StateKey& key, TxIndex tx) const {
  const KeyRecord* rec = find_record(key);
  return rec ? read_record(*rec, tx) : ReadResult{};
}

ObservedRead MVMemory::observe(const StateKey& key, TxIndex tx) const {
  const KeyRecord* rec = find_record(key);
  const ReadResult r = rec ? read_record(*rec, tx) : ReadResult{};
  ObservedRead o;
  o.entry.key = key;
  o.entry.record = rec;
  switch (r.status) {
    case ReadStatus::Dependency:
      o.blocked = true;
      o.blocker = r.blocker;
      break;
    case ReadStatus::NotFound:
      o.entry.origin = ReadOrigin::PreState;
      o.entry.value = base_value(pre_state_, key);
      break;
    case ReadStatus::Value:
      o.entry.origin = ReadOrigin::Version;
      o.entry.version = r.version;
      o.entry.value = r.value;
      // With deltas above the full write, the topmost version does not pin the value:
      // a write in between may be re-executed differently.
      o.entry.from_deltas = r.deltas;
      break;
    case ReadStatus::DeltaOnStorage:
      o.entry.origin = ReadOrigin::Version;
      o.entry.version = r.version;
      o.entry.value.word = base_value(pre_state_, key).word + r.value.word;
      o.entry.from_deltas = true;
      break;
  }
  return o;
}

bool MVMemory::record(TxVersion version, ReadSet reads, const WriteSet& writes) {
  TxRecord& rec = *txs_[version.tx_index];
  std::vector<StateKey> previous;
  {
    std::lock_guard lock(rec.mutex);
    previous = rec.written;  // only this transaction's executor changes it
  }

  for (const WriteEntry& w : writes.entries()) {
    KeyRecord& key_rec = record_for(w.key);
    std::lock_guard lock(key_rec.lock);
    key_rec.versions[version.tx_index] = Entry{version.incarnation, w.kind, false, w.value};
  }

  std::vector<StateKey> now;
  now.reserve(writes.size());
  for (const WriteEntry& w : writes.entries()) now.push_back(w.key);
  std::sort(now.begin(), now.end());
  // `previous` was stored sorted; look each key up in the other list.
  bool wrote_new_key = false;
  for (const StateKey& k : now)
    if (!std::binary_search(previous.begin(), previous.end(), k)) wrote_new_key = true;
  for (const StateKey& k : previous) {
    if (std::binary_search(now.begin(), now.end(), k)) continue;
    KeyRecord& key_rec = record_for(k);
    std::lock_guard lock(key_rec.lock);
    key_rec.versions.erase(version.tx_index);  // the record stays, possibly empty
  }

  std::lock_guard lock(rec.mutex);
  rec.reads = std::move(reads);
  rec.written = std::move(now);
  return wrote_new_key;
}

void MVMemory::convert_writes_to_estimates(TxIndex tx) {
  std::vector<StateKey> written;
  {
    std::lock_guard lock(txs_[tx]->mutex);
    written = txs_[tx]->written;
  }
  for (const StateKey& k : written) {
    KeyRecord& rec = record_for(k);
    std::lock_guard lock(rec.lock);
    auto v = rec.versions.find(tx);
    if (v != rec.versions.end()) v->second.estimate = true;
  }
}

bool MVMemory::validate_read_set(TxIndex tx, StateKey* stale) const {
  const TxRecord& rec = *txs_[tx];
  std::lock_guard lock(rec.mutex);
  for (const ReadEntry& seen : rec.reads.entries()) {
    if (still_valid(seen, tx)) continue;
    if (stale) *stale = seen.key;
    return false;
  }
  return true;
}

bool MVMemory::still_valid(const ReadEntry& seen, TxIndex tx) const {
  const auto* rec = static_cast<const KeyRecord*>(seen.record);
  if (rec == nullptr) rec = find_record(seen.key);  // not written when read; maybe since
  const ReadResult r = rec ? read_record(*rec, tx) : ReadResult{};
  switch (r.status) {
    case ReadStatus::Dependency:
      return false;
    case ReadStatus::NotFound:
      // The pre-state never changes; a value read from a write that is gone must equal it.
      return seen.origin == ReadOrigin::PreState || base_value(pre_state_, seen.key) == seen.value;
    case ReadStatus::Value:
      if (!seen.from_deltas && !r.deltas && seen.origin == ReadOrigin::Version && seen.version == r.version)
        return true;
      return r.value == seen.value;
    case ReadStatus::DeltaOnStorage:
      return base_value(pre_state_, seen.key).word + r.value.word == seen.value.word;
  }
  return false;
}

ReadSet MVMemory::last_reads(TxIndex tx) const {
  const TxRecord& rec = *txs_[tx];
  std::lock_guard lock(rec.mutex);
  return rec.reads;
}

std::vector<StateKey> MVMemory::last_written(TxIndex tx) const {
  const TxRecord& rec = *txs_[tx];
  std::lock_guard lock(rec.mutex);
  return rec.written;
}

bool MVMemory::final_value(const KeyRecord& rec, TxIndex below, std::vector<KeyValue>& out,
                           std::string& error) const {
  if (rec.versions.empty()) return true;
  const ReadResult r = resolve(rec.versions, below);
  switch (r.status) {
    case ReadStatus::Dependency:
      error = "transaction " + std::to_string(r.blocker) + " left an ESTIMATE (never re-executed)";
      return false;
    case ReadStatus::NotFound:
      break;  // written only at or above `below`
    case ReadStatus::Value:
      out.push_back({rec.key, r.value});
      break;
    case ReadStatus::DeltaOnStorage:
      out.push_back({rec.key, StateValue::of(base_value(pre_state_, rec.key).word + r.value.word)});
      break;
  }
  return true;
}

Snapshot MVMemory::snapshot(TxIndex below) const {
  below = std::min<TxIndex>(below, static_cast<TxIndex>(txs_.size()));
  // After the block, when no writer runs: the table is walked in parallel chunks, then sorted.
  struct Part {
    std::vector<KeyValue> values;
    std::string error;
  };
  tbb::enumerable_thread_specific<Part> parts;
  tbb::parallel_for(tbb::blocked_range<size_t>(0, keys_.capacity(), 4096), [&](const tbb::blocked_range<size_t>& r) {
    Part& part = parts.local();
    for (size_t i = r.begin(); i != r.end() && part.error.empty(); ++i)
      if (const KeyRecord* rec = keys_.at(i)) final_value(*rec, below, part.values, part.error);
  });
  Snapshot out;
  keys_.for_each_overflow([&](const KeyRecord& rec) {
    if (out.error.empty()) final_value(rec, below, out.values, out.error);
  });
  for (Part& p : parts) {
    if (out.error.empty() && !p.error.empty()) out.error = p.error;
    out.values.insert(out.values.end(), p.values.begin(), p.values.end());
  }
  if (!out.error.empty()) {
    out.values.clear();
    return out;
  }
  tbb::parallel_sort(out.values.begin(), out.values.end(),
                     [](const KeyValue& x, const KeyValue& y) { return x.key < y.key; });
  return out;
}

std::string MVMemory::commit_into(State& state, const CodeLookup& code, TxIndex below) const {
  Snapshot snap = snapshot(below);
  if (!snap.error.empty()) return snap.error;
  // Resolve every code hash before touching the state, so an error leaves it unchanged.
  std::vector<const Bytes*> codes(snap.values.size(), nullptr);
  static const Bytes kNoCode;
  for (size_t i = 0; i < snap.values.size(); ++i) {
    const KeyValue& kv = snap.values[i];
    if (kv.key.kind != KeyKind::CodeHash) continue;
    const Hash h = kv.value.as_hash();
    codes[i] = (h == kEmptyCodeHash || h == Hash{}) ? &kNoCode : (code ? code(h) : nullptr);
    if (codes[i] == nullptr) return "no code known for a code hash written in the block (" + to_hex0x(h) + ")";
  }

  // Keys arrive grouped by address, existence first: one account lookup per address.
  const std::vector<KeyValue>& values = snap.values;
  for (size_t i = 0; i < values.size();) {
    const Address address = values[i].key.address;
    size_t end = i;
    while (end < values.size() && values[end].key.address == address) ++end;
    if (values[i].key.kind == KeyKind::Existence && values[i].value.word.is_zero()) {
      state.erase(address);  // and every other key of it with it
      i = end;
      continue;
    }
    warp::Account& acc = state.get_or_create(address);
    for (; i < end; ++i) {
      const auto& [key, value] = values[i];
      switch (key.kind) {
        case KeyKind::Existence:
          break;  // 1: created above
        case KeyKind::Balance:
          acc.balance = value.word;
          break;
        case KeyKind::Nonce:
          acc.nonce = value.word.low64();
          break;
        case KeyKind::CodeHash: {
          const Hash h = value.as_hash();
          const Hash code_hash = h == Hash{} ? kEmptyCodeHash : h;  // all-zero: no code
          if (acc.code_hash != code_hash) {
            acc.code = *codes[i];
            acc.code_hash = code_hash;  // the key's hash is keccak256 of that code (BlockCodes)
          }
          break;
        }
        case KeyKind::StorageSlot:
          if (value.word.is_zero())
            acc.storage.erase(key.slot);  // zero slots are absent from the trie
          else
            acc.storage[key.slot] = value.word;
          break;
      }
    }
  }
  return {};
}

}  // namespace warp
