#include "host/executor/gpu/gpu_executor.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/task_arena.h>

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

// What a completed device run stands for on the host, built in parallel before the ordered
// pass. Code views point into the outcome's bytes.
struct DeviceEffect {
  WriteSet writes;
  std::vector<NewCode> codes;
  Receipt receipt;
};

void build_effect(const TxOutcome& o, DeviceEffect& e) {
  e = DeviceEffect{};
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

using KeySet = std::unordered_set<StateKey, StateKeyHasher>;

// The first value the run read that the committed state no longer holds, if any. The run
// read the snapshot taken at the start of the round, so only keys committed since can differ.
std::optional<StateKey> stale_read(const TxOutcome& o, const State& state, const KeySet& written) {
  if (written.empty()) return std::nullopt;
  for (uint32_t k = 0; k < o.read_count; ++k) {
    const StateKey key = to_state_key(o.reads[k].key);
    if (written.count(key) != 0 && base_value(state, key).word != o.reads[k].value) return key;
  }
  return std::nullopt;
}

// How many of the round's completed runs write `key` outright with a value other than the
// committed one `now`: the length of the chain a stale read of it sits in. Deltas commute
// and do not count; nor do writes of the value the key already has, since a fan-out (every
// run of the round creating the same absent coinbase) dissolves in the next round.
size_t writers_in_round(const StateKey& key, const uint256& now, std::span<const TxOutcome> outcomes) {
  const DevKey dk = [&] {
    DevKey k;
    k.address = key.address;
    k.kind = static_cast<uint8_t>(key.kind);
    k.slot = key.slot;
    return k;
  }();
  size_t n = 0;
  for (const TxOutcome& o : outcomes) {
    if (!o.done) continue;
    for (uint32_t w = 0; w < o.write_count; ++w) {
      const DevWrite& x = o.writes[w];
      if (!x.delta && x.key.kind == dk.kind && x.key.address == dk.address && x.key.slot == dk.slot) {
        n += x.value != now ? 1 : 0;
        break;
      }
    }
  }
  return n;
}

// Why the host ran a transaction: the device's reasons, then the host's own.
enum HostReason : size_t {
  kConflict = static_cast<size_t>(NeedsHostReason::Count),
  kBlockGas,  // the block's remaining gas no longer holds it: the host rejects it
  kHotChain,  // stale on a key many transactions of the round write: a chain, one link at a time
  kHostTail,  // rounds kept committing little from the device: the rest of the block ran here
  kReasonCount,
};

const char* reason_name(size_t r) {
  if (r == kConflict) return "conflict";
  if (r == kBlockGas) return "block-gas";
  if (r == kHotChain) return "hot-chain";
  if (r == kHostTail) return "host-tail";
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
  KeySet written;  // keys committed in the current round

  const PreparedBatch batch = prepare_device_batch(txs, env, fork);
  flat_.build(state);
  stats_.seconds_prepare = seconds_since(t_start);
  backend_->sync_state(flat_);
  flat_.clear_dirty();
  backend_->load_batch(batch);

  auto commit = [&](const WriteSet& writes, std::span<const NewCode> codes) {
    apply_writes(state, writes, codes);
    refresh_flat(flat_, state, writes);
    for (const WriteEntry& w : writes.entries()) written.insert(w.key);
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

  std::vector<DeviceEffect> effects;
  size_t pos = 0;
  int poor_rounds = 0;
  while (pos < n) {
    if (stats_.host_tail || !batch.on_device[pos]) {  // nothing for the device to start with
      run_on_host(pos, stats_.host_tail ? kHostTail : static_cast<size_t>(NeedsHostReason::NotPrepared));
      ++pos;
      continue;
    }
    if (flat_.needs_rebuild()) flat_.build(state);
    backend_->sync_state(flat_);
    flat_.clear_dirty();

    // ---- one round: the device runs the window against the committed state --------------
    const size_t count = std::min(options_.window, n - pos);
    if (outcomes_.size() < count) outcomes_.resize(count);
    backend_->run(pos, count, fork, outcomes_.data());
    const auto on_device = static_cast<uint64_t>(
        std::count(batch.on_device.begin() + static_cast<std::ptrdiff_t>(pos),
                   batch.on_device.begin() + static_cast<std::ptrdiff_t>(pos + count), uint8_t{1}));
    ++stats_.rounds;
    stats_.round_executions.push_back(on_device);
    stats_.executions += on_device;

    const auto t_validate = Clock::now();
    const double host_before = stats_.seconds_host;
    if (effects.size() < count) effects.resize(count);
    tbb::parallel_for(size_t{0}, count, [&](size_t k) {
      if (outcomes_[k].done) build_effect(outcomes_[k], effects[k]);
    });

    // ---- in block order: commit what still holds, run the rest on the host --------------
    written.clear();
    const size_t budget = std::max(options_.min_conflict_budget, count / 32);
    const uint64_t block_gas = env.context.gas_limit > 0 ? static_cast<uint64_t>(env.context.gas_limit) : 0;
    size_t conflicts = 0, from_device = 0, k = 0;
    // Chain length per stale key, counted once per key and round.
    std::unordered_map<StateKey, size_t, StateKeyHasher> chain_length;
    const std::span<const TxOutcome> round(outcomes_.data(), count);
    for (; k < count; ++k) {
      const size_t i = pos + k;
      const TxOutcome& o = outcomes_[k];
      if (!o.done) {
        run_on_host(i, static_cast<size_t>(o.reason));
        continue;
      }
      ++stats_.validations;
      if (txs[i].gas_limit > block_gas - std::min(block_gas, usage.gas_used)) {
        run_on_host(i, kBlockGas);
        continue;
      }
      if (const std::optional<StateKey> stale = stale_read(o, state, written)) {
        ++stats_.aborts;
        auto [it, fresh] = chain_length.try_emplace(*stale, 0);
        if (fresh) it->second = writers_in_round(*stale, base_value(state, *stale).word, round);
        // A link of a long chain would be stale again in the next round: the host runs it
        // now, in order. Anything else counts against the round's budget.
        if (it->second >= options_.hot_chain_writers) {
          run_on_host(i, kHotChain);
          continue;
        }
        if (++conflicts > budget) break;  // the rest goes back to the device
        run_on_host(i, kConflict);
        continue;
      }
      DeviceEffect& e = effects[k];
      commit(e.writes, e.codes);
      usage.gas_used += e.receipt.gas_used;
      receipts[i] = std::move(e.receipt);
      ++from_device;
    }
    stats_.seconds_validate += seconds_since(t_validate) - (stats_.seconds_host - host_before);
    pos += k;
    const bool poor = k > 0 && static_cast<double>(from_device) < options_.hot_fraction * static_cast<double>(k);
    if (poor && poor_rounds++ > 0) stats_.host_tail = true;  // two in a row
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
