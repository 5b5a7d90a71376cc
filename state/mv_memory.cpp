// Multi-version memory: reads, publication of incarnations, estimates, validation and
// the ordered commit of the final values.
#include "state/mv_memory.hpp"

#include <algorithm>

#include "state/state.hpp"

namespace warp {

MVMemory::MVMemory(size_t block_size, const State& pre_state) : pre_state_(pre_state) {
  txs_.reserve(block_size);
  for (size_t i = 0; i < block_size; ++i) txs_.push_back(std::make_unique<TxRecord>());
}

MVMemory::~MVMemory() = default;

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

ReadResult MVMemory::read(const StateKey& key, TxIndex tx) const {
  const Shard& sh = shard_of(key);
  std::shared_lock lock(sh.mutex);
  auto it = sh.keys.find(key);
  if (it == sh.keys.end()) return {};
  return resolve(it->second, tx);
}

ObservedRead MVMemory::observe(const StateKey& key, TxIndex tx) const {
  const ReadResult r = read(key, tx);
  ObservedRead o;
  o.entry.key = key;
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
    Shard& sh = shard_of(w.key);
    std::unique_lock lock(sh.mutex);
    sh.keys[w.key][version.tx_index] = Entry{version.incarnation, w.kind, false, w.value};
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
    Shard& sh = shard_of(k);
    std::unique_lock lock(sh.mutex);
    auto it = sh.keys.find(k);
    if (it == sh.keys.end()) continue;
    it->second.erase(version.tx_index);
    if (it->second.empty()) sh.keys.erase(it);
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
    Shard& sh = shard_of(k);
    std::unique_lock lock(sh.mutex);
    auto it = sh.keys.find(k);
    if (it == sh.keys.end()) continue;
    auto v = it->second.find(tx);
    if (v != it->second.end()) v->second.estimate = true;
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
  const ReadResult r = read(seen.key, tx);
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

Snapshot MVMemory::snapshot() const {
  Snapshot out;
  const TxIndex past_end = static_cast<TxIndex>(txs_.size());
  for (const Shard& sh : shards_) {
    std::shared_lock lock(sh.mutex);
    for (const auto& [key, versions] : sh.keys) {
      const ReadResult r = resolve(versions, past_end);
      switch (r.status) {
        case ReadStatus::Dependency:
          out.error = "transaction " + std::to_string(r.blocker) + " left an ESTIMATE (never re-executed)";
          out.values.clear();
          return out;
        case ReadStatus::NotFound:
          break;  // unreachable: an empty version map is erased
        case ReadStatus::Value:
          out.values.push_back({key, r.value});
          break;
        case ReadStatus::DeltaOnStorage:
          out.values.push_back({key, StateValue::of(base_value(pre_state_, key).word + r.value.word)});
          break;
      }
    }
  }
  std::sort(out.values.begin(), out.values.end(), [](const KeyValue& a, const KeyValue& b) { return a.key < b.key; });
  return out;
}

std::string MVMemory::commit_into(State& state, const CodeLookup& code) const {
  Snapshot snap = snapshot();
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

  const Address* erased = nullptr;  // keys arrive grouped by address, existence first
  for (size_t i = 0; i < snap.values.size(); ++i) {
    const auto& [key, value] = snap.values[i];
    if (erased != nullptr && *erased == key.address) continue;
    erased = nullptr;
    switch (key.kind) {
      case KeyKind::Existence:
        if (value.word.is_zero()) {
          state.erase(key.address);
          erased = &key.address;
        } else {
          state.get_or_create(key.address);
        }
        break;
      case KeyKind::Balance:
        state.set_balance(key.address, value.word);
        break;
      case KeyKind::Nonce:
        state.set_nonce(key.address, value.word.low64());
        break;
      case KeyKind::CodeHash:
        state.set_code(key.address, *codes[i]);
        break;
      case KeyKind::StorageSlot:
        state.set_storage(key.address, key.slot, value.word);
        break;
    }
  }
  return {};
}

}  // namespace warp
