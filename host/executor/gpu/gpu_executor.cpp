#include "host/executor/gpu/gpu_executor.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdlib>
#include <new>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "host/base_state.hpp"
#include "host/evm_state_host.hpp"
#include "host/executor/gpu/write_apply.hpp"
#include "state/state_key.hpp"

namespace warp {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

StateKey to_state_key(const DevKey& k) {
  StateKey s;
  s.address = k.address;
  s.kind = static_cast<KeyKind>(k.kind);
  s.slot = k.slot;
  return s;
}

// What a completed device run stands for on the host, built when it is committed. Code views
// point into the outcome's bytes.
struct DeviceEffect {
  WriteSet writes;
  std::vector<NewCode> codes;
  Receipt receipt;
};

void build_effect(const TxOutcome& o, DeviceEffect& e) {
  e.writes.clear();  // reused: keeps its capacity
  e.codes.clear();
  e.receipt = Receipt{};
  for (uint32_t k = 0; k < o.write_count; ++k) {
    const DevWrite& w = o.writes[k];
    if (w.delta)
      e.writes.add_delta(to_state_key(w.key), w.value);
    else
      e.writes.set(to_state_key(w.key), StateValue::of(w.value));
  }
  for (uint32_t k = 0; k < o.code_count; ++k)
    e.codes.push_back({o.codes[k].hash, ByteView(o.bytes + o.codes[k].offset, o.codes[k].size)});
  e.receipt.status = o.status;
  e.receipt.gas_used = o.gas_used;
  if (o.status == EvmStatus::Success) {
    for (uint32_t k = 0; k < o.log_count; ++k) {
      const DevLog& l = o.logs[k];
      Log log;
      log.address = l.address;
      log.topics.assign(l.topics, l.topics + l.topic_count);
      log.data.assign(o.bytes + l.data_offset, o.bytes + l.data_offset + l.data_size);
      e.receipt.logs.push_back(std::move(log));
    }
    if (o.has_contract) e.receipt.contract_address = o.contract_address;
  }
}

// What the window's commits changed: every key written, and the accounts erased (an erase
// takes every storage slot with it, keys that never appear in a write set).
struct Committed {
  std::unordered_set<StateKey, StateKeyHasher> keys;
  std::unordered_set<Address, AddressHasher> erased;

  void clear() {
    keys.clear();
    erased.clear();
  }
  bool may_have_changed(const StateKey& key) const {
    return keys.count(key) != 0 || (key.kind == KeyKind::StorageSlot && erased.count(key.address) != 0);
  }
};

// The first value the run read that the committed state no longer holds, if any. The run
// read a snapshot taken at a round start inside the window, so only what the window's
// commits changed can differ; those keys are compared by value.
std::optional<StateKey> stale_read(const TxOutcome& o, const State& state, const Committed& committed) {
  if (committed.keys.empty()) return std::nullopt;
  for (uint32_t k = 0; k < o.read_count; ++k) {
    const StateKey key = to_state_key(o.reads[k].key);
    if (committed.may_have_changed(key) && base_value(state, key).word != o.reads[k].value) return key;
  }
  return std::nullopt;
}

// Which keys form chains in a window, from the write sets of its first round: a key that
// many transactions write outright with different values (swaps through one pool, transfers
// to one account). Deltas commute and do not count; nor do writers that all write the same
// value, a fan-out that dissolves in the next round (every run creating the same absent
// coinbase). Built once per window, on its first stale read.
class ChainIndex {
 public:
  void build(std::span<const TxOutcome> outcomes) {
    keys_.clear();
    for (const TxOutcome& o : outcomes) {
      if (!o.done) continue;
      for (uint32_t w = 0; w < o.write_count; ++w) {
        const DevWrite& x = o.writes[w];
        if (x.delta) continue;
        auto [it, fresh] = keys_.try_emplace(to_state_key(x.key), Writers{x.value, 1});
        if (!fresh && x.value != it->second.first_value) ++it->second.length;
      }
    }
    built_ = true;
  }
  bool built() const { return built_; }
  void reset() { built_ = false; }
  // 1 + the writers of `key` whose value differs from the first writer's; 0 if none writes it.
  size_t length(const StateKey& key) const {
    auto it = keys_.find(key);
    return it == keys_.end() ? 0 : it->second.length;
  }

 private:
  struct Writers {
    uint256 first_value;
    size_t length;
  };
  std::unordered_map<StateKey, Writers, StateKeyHasher> keys_;
  bool built_ = false;
};

// Why the host ran a transaction: the device's reasons, then the host's own.
enum HostReason : size_t {
  kConflict = static_cast<size_t>(NeedsHostReason::Count),
  kBlockGas,  // the block's remaining gas no longer holds it: the host rejects it
  kHotChain,  // stale on a key many transactions of the round write: a chain, one link at a time
  kHostTail,  // rounds kept committing little from the device: the rest of the block ran here
  kCoinbase,  // the first transaction, run first because it creates the absent coinbase
  kReasonCount,
};

const char* reason_name(size_t r) {
  if (r == kConflict) return "conflict";
  if (r == kBlockGas) return "block-gas";
  if (r == kHotChain) return "hot-chain";
  if (r == kHostTail) return "host-tail";
  if (r == kCoinbase) return "coinbase-first";
  return to_string(static_cast<NeedsHostReason>(r));
}

}  // namespace

GpuExecutor::GpuExecutor(std::string name, std::unique_ptr<ExecBackend> backend, size_t threads, Options options)
    : name_(std::move(name)),
      backend_(std::move(backend)),
      threads_(threads > 0 ? threads : static_cast<size_t>(tbb::info::default_concurrency())),
      options_(std::move(options)) {}

GpuExecutor::GpuExecutor(std::string name, std::unique_ptr<ExecBackend> backend, size_t threads)
    : GpuExecutor(std::move(name), std::move(backend), threads, Options{}) {}

BlockResult GpuExecutor::execute(State& state, std::span<const Transaction> txs, const BlockEnv& env, Fork fork) {
  stats_ = ExecutorStats{};
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism,
                            std::max<size_t>(threads_, static_cast<size_t>(tbb::info::default_concurrency())));
  tbb::task_arena arena(static_cast<int>(threads_));
  BlockResult out;
  arena.execute([&] { out = run_block(state, txs, env, fork); });
  return out;
}

BlockResult GpuExecutor::run_block(State& state, std::span<const Transaction> txs, const BlockEnv& env, Fork fork) {
  const auto t_start = Clock::now();
  const BackendTimes times0 = backend_->times();
  const size_t n = txs.size();
  std::vector<Receipt> receipts(n);
  std::array<uint64_t, kReasonCount> reasons{};
  BlockUsage usage;
  Committed written;  // since the current window's first round

  const PreparedBatch batch = prepare_device_batch(txs, env, fork);
  flat_.build(state);
  stats_.seconds_prepare = seconds_since(t_start);
  backend_->sync_state(flat_);
  flat_.clear_dirty();
  backend_->load_batch(batch);

  auto commit = [&](const WriteSet& writes, std::span<const NewCode> codes) {
    apply_writes(state, writes, codes);
    if (stats_.host_tail) return;  // the device runs nothing more in this block: nothing to track
    refresh_flat(flat_, state, writes);
    for (const WriteEntry& w : writes.entries()) {
      written.keys.insert(w.key);
      if (w.key.kind == KeyKind::Existence && w.value.word.is_zero()) written.erased.insert(w.key.address);
    }
  };
  // Transaction i on the host, against the committed state, committed when included.
  auto run_on_host = [&](size_t i, size_t reason) {
    const auto t0 = Clock::now();
    ++reasons[reason];
    ++stats_.host_executions;
    ++stats_.executions;
    StateBase base(state, scratch_.codes);
    EvmStateHost host(base, env.context, TxContext{}, fork, scratch_.codes, env.block_hash);
    Receipt r = run_transaction(host, txs[i], env, fork, usage, scratch_);
    if (r.included()) {
      WriteSet writes;
      std::vector<CodePtr> published;
      host.emit_writes(writes, [&](const CodePtr& c) { published.push_back(c); });
      std::vector<NewCode> codes;
      for (const CodePtr& c : published) codes.push_back({c->hash, ByteView(c->code)});
      commit(writes, codes);
      usage.gas_used += r.gas_used;
      usage.blob_gas_used += r.blob_gas_used;
    }
    receipts[i] = std::move(r);
    stats_.seconds_host += seconds_since(t0);
  };

  // Transactions [window_start, window_end) have outcomes in outcomes_ (index i - window_start),
  // computed against snapshots taken since the window began; `written` holds every key
  // committed since then, so value-based validation of any of them stays exact.
  size_t pos = 0, window_start = 0, window_end = 0;
  std::vector<uint32_t> to_run;
  DeviceEffect effect;
  ChainIndex chains;
  int poor_rounds = 0;
  // An absent coinbase is created by the first transaction that pays it a fee: every device
  // run of the first round would see it absent and be stale (a fan-out costing a whole second
  // round). The host runs that first transaction before the device starts.
  if (n > 0 && !state.exists(env.context.coinbase)) {
    run_on_host(0, kCoinbase);
    pos = window_start = window_end = 1;
  }
  const uint64_t block_gas = env.context.gas_limit > 0 ? static_cast<uint64_t>(env.context.gas_limit) : 0;
  while (pos < n) {
    if (pos == window_end) {
      if (stats_.host_tail || !batch.on_device[pos]) {  // nothing for the device to start with
        run_on_host(pos, stats_.host_tail ? kHostTail : static_cast<size_t>(NeedsHostReason::NotPrepared));
        window_start = window_end = ++pos;
        continue;
      }
      window_start = pos;
      window_end = std::min(n, pos + std::max<size_t>(options_.window, 1));
      written.clear();
      chains.reset();
      to_run.resize(window_end - window_start);
      for (size_t k = 0; k < to_run.size(); ++k) to_run[k] = static_cast<uint32_t>(k);
      if (outcome_capacity_ < to_run.size()) {
        outcomes_.reset(static_cast<TxOutcome*>(std::malloc(to_run.size() * sizeof(TxOutcome))));
        if (!outcomes_) throw std::bad_alloc();
        outcome_capacity_ = to_run.size();
      }
    }
    if (flat_.needs_rebuild()) flat_.build(state);
    backend_->sync_state(flat_);
    flat_.clear_dirty();

    // ---- one round: the device runs what is pending, against the committed state ----------
    backend_->run(window_start, to_run, fork, outcomes_.get());
    uint64_t on_device = 0;
    for (uint32_t w : to_run) on_device += batch.on_device[window_start + w];
    ++stats_.rounds;
    stats_.round_executions.push_back(on_device);
    stats_.executions += on_device;

    // ---- in block order: commit what still holds, run the rest on the host --------------
    const auto t_validate = Clock::now();
    const double host_before = stats_.seconds_host;
    const size_t count = window_end - window_start;
    const size_t budget = std::max(options_.min_conflict_budget, to_run.size() / 32);
    size_t conflicts = 0, from_device = 0, examined = 0;
    for (; pos < window_end; ++pos, ++examined) {
      const TxOutcome& o = outcomes_[pos - window_start];
      if (!o.done) {
        run_on_host(pos, static_cast<size_t>(o.reason));
        continue;
      }
      ++stats_.validations;
      if (txs[pos].gas_limit > block_gas - std::min(block_gas, usage.gas_used)) {
        run_on_host(pos, kBlockGas);
        continue;
      }
      if (const std::optional<StateKey> stale = stale_read(o, state, written)) {
        ++stats_.aborts;
        if (!chains.built()) chains.build(std::span<const TxOutcome>(outcomes_.get(), count));
        // A link of a long chain would be stale again in the next round: the host runs it
        // now, in order. Anything else counts against the round's budget.
        if (chains.length(*stale) >= options_.hot_chain_writers) {
          run_on_host(pos, kHotChain);
          continue;
        }
        if (++conflicts > budget) break;  // the stale rest goes back to the device
        run_on_host(pos, kConflict);
        continue;
      }
      build_effect(o, effect);
      commit(effect.writes, effect.codes);
      usage.gas_used += effect.receipt.gas_used;
      receipts[pos] = std::move(effect.receipt);
      ++from_device;
    }

    // ---- the next round re-runs only the outcomes that are stale by now ------------------
    if (pos < window_end) {
      const size_t first = pos - window_start;
      std::vector<uint8_t> rerun(count - first, 0);
      tbb::parallel_for(first, count, [&](size_t w) {
        const TxOutcome& o = outcomes_[w];
        // A NeedsHost answer could change with the state too (another path through the code),
        // but mostly does not: only the sender check, which a nonce chain trips, runs again.
        rerun[w - first] =
            o.done ? stale_read(o, state, written).has_value() : o.reason == NeedsHostReason::SenderCheck;
      });
      to_run.clear();
      for (size_t w = first; w < count; ++w)
        if (rerun[w - first]) to_run.push_back(static_cast<uint32_t>(w));
      // The outcome that ended the round is stale, so every round makes progress.
    }
    stats_.seconds_validate += seconds_since(t_validate) - (stats_.seconds_host - host_before);
    const bool poor =
        examined > 0 && static_cast<double>(from_device) < options_.hot_fraction * static_cast<double>(examined);
    if (poor && poor_rounds++ > 0) {  // two in a row: the rest of the block on the host
      stats_.host_tail = true;
      window_end = pos;
    }
    if (!poor) poor_rounds = 0;
  }

  BlockResult result = summarize_receipts(std::move(receipts));
  stats_.reexecutions = stats_.executions > n ? stats_.executions - n : 0;
  for (size_t r = 0; r < kReasonCount; ++r)
    if (reasons[r] != 0) stats_.host_reasons.emplace_back(reason_name(r), reasons[r]);
  std::stable_sort(stats_.host_reasons.begin(), stats_.host_reasons.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  const BackendTimes& times = backend_->times();
  stats_.seconds_copy_in = times.copy_in - times0.copy_in;
  stats_.seconds_kernel = times.kernel - times0.kernel;
  stats_.seconds_copy_out = times.copy_out - times0.copy_out;
  stats_.seconds_execute = seconds_since(t_start);

  const auto t_root = Clock::now();
  result.state_root = options_.root_hasher ? state.state_root(options_.root_hasher) : state.state_root();
  stats_.seconds_root = seconds_since(t_root);
  return result;
}

}  // namespace warp
