#include "host/executor/cpu_parallel_executor.hpp"

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "host/block_codes.hpp"
#include "host/evm_state_host.hpp"
#include "host/executor/conflict_graph.hpp"
#include "host/mv_base_state.hpp"
#include "host/tx/tx_rules.hpp"
#include "state/mv_memory.hpp"

namespace warp {

namespace {

using Clock = std::chrono::steady_clock;

// Executions seen before a block may be judged a hot chain (see `narrowed` below).
constexpr uint64_t kNarrowAfter = 64;

double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// The first transaction the parallel run included (each was validated against the whole
// block's gas) that does not fit the block's cumulative gas or blob gas in block order; the
// block size when all fit. Everything below it is exactly what sequential execution gives.
size_t first_not_fitting(std::span<const Transaction> txs, const std::vector<Receipt>& receipts, const BlockEnv& env,
                         Fork fork) {
  const uint64_t block_gas = env.context.gas_limit > 0 ? static_cast<uint64_t>(env.context.gas_limit) : 0;
  const uint64_t max_blob_gas = tx_rules(fork).max_blob_gas_per_block;
  uint64_t gas = 0;
  uint64_t blob = 0;
  for (size_t i = 0; i < txs.size(); ++i) {
    if (!receipts[i].included()) continue;
    if (txs[i].gas_limit > block_gas - gas) return i;
    if (receipts[i].blob_gas_used > max_blob_gas - blob) return i;
    gas += receipts[i].gas_used;
    blob += receipts[i].blob_gas_used;
  }
  return txs.size();
}

// What one transaction's final writes did to account existence.
struct Lifecycle {
  std::vector<Address> erased;          // Existence = 0
  std::vector<Address> created;         // Existence = 1
  std::vector<Address> storage_writer;  // wrote a storage slot of these accounts
};

Lifecycle lifecycle_of(const WriteSet& writes) {
  Lifecycle out;
  for (const WriteEntry& w : writes.entries()) {
    if (w.key.kind == KeyKind::StorageSlot) {
      if (out.storage_writer.empty() || out.storage_writer.back() != w.key.address)
        out.storage_writer.push_back(w.key.address);
    } else if (w.key.kind == KeyKind::Existence) {
      (w.value.word.is_zero() ? out.erased : out.created).push_back(w.key.address);
    }
  }
  return out;
}

// An account erased by one transaction and created again by a later one, with storage from
// before (in the pre-state or written in the block): that storage would still show through
// the multi-version memory, and survive the commit. Without storage, the recreation writes
// every field afresh and nothing stale remains.
bool stale_storage_on_recreation(const std::vector<Lifecycle>& lifecycle, const State& pre_state) {
  std::unordered_map<Address, size_t, AddressHasher> first_erased;
  for (size_t i = 0; i < lifecycle.size(); ++i)
    for (const Address& a : lifecycle[i].erased) first_erased.try_emplace(a, i);
  if (first_erased.empty()) return false;
  std::unordered_set<Address, AddressHasher> had_storage;
  for (const auto& [a, i] : first_erased) {
    const Account* acc = pre_state.find(a);
    if (acc != nullptr && !acc->storage.empty()) had_storage.insert(a);
  }
  for (size_t i = 0; i < lifecycle.size(); ++i) {
    for (const Address& a : lifecycle[i].created) {
      auto it = first_erased.find(a);
      if (it != first_erased.end() && it->second < i && had_storage.count(a) != 0) return true;
    }
    for (const Address& a : lifecycle[i].storage_writer)
      if (first_erased.count(a) != 0) had_storage.insert(a);
  }
  return false;
}

// Failed validations per key, from every worker.
class AbortCounter {
 public:
  void add(const StateKey& key) {
    std::lock_guard lock(mutex_);
    ++counts_[key];
  }
  std::vector<KeyAborts> hottest(size_t limit) const {
    std::vector<KeyAborts> out;
    for (const auto& [key, n] : counts_) out.push_back({key, n});
    std::sort(out.begin(), out.end(), [](const KeyAborts& x, const KeyAborts& y) {
      return x.aborts != y.aborts ? x.aborts > y.aborts : x.key < y.key;
    });
    if (out.size() > limit) out.resize(limit);
    return out;
  }

 private:
  std::mutex mutex_;
  std::unordered_map<StateKey, uint64_t, StateKeyHasher> counts_;
};

}  // namespace

CpuParallelExecutor::CpuParallelExecutor(size_t threads, BlockStmScheduler::ChaosHook chaos)
    : threads_(threads > 0 ? threads : static_cast<size_t>(tbb::info::default_concurrency())),
      chaos_(std::move(chaos)) {}

BlockResult CpuParallelExecutor::fall_back(State& state, std::span<const Transaction> txs, const BlockEnv& env,
                                           Fork fork, std::string why) {
  const ExecutorStats parallel = stats_;
  BlockResult out = sequential_.execute(state, txs, env, fork);
  stats_.sequential_fallback = true;
  stats_.fallback_reason = std::move(why);
  stats_.seconds_execute = parallel.seconds_execute + sequential_.stats().seconds_execute;
  stats_.seconds_root = sequential_.stats().seconds_root;
  return out;
}

BlockResult CpuParallelExecutor::execute(State& state, std::span<const Transaction> txs, const BlockEnv& env,
                                         Fork fork) {
  stats_ = {};
  conflicts_.clear();
  const size_t n = txs.size();
  if (n == 0 || !transition_supports(fork)) {
    BlockResult out = sequential_.execute(state, txs, env, fork);
    stats_ = sequential_.stats();
    return out;
  }

  const auto t_execute = Clock::now();
  // Owned here so that it is freed inside the arena (in parallel, with `threads` workers).
  auto mv_owner = std::make_unique<MVMemory>(n, state);
  MVMemory& mv = *mv_owner;
  BlockStmScheduler scheduler(n, chaos_);
  BlockCodes block_codes;
  // Slot i is written only by the running incarnation of transaction i.
  std::vector<Receipt> receipts(n);
  std::vector<Lifecycle> lifecycle(n);
  std::vector<WriteSet> final_writes(record_conflicts_ ? n : 0);
  std::atomic<bool> inconsistent{false};
  AbortCounter aborts;

  // Runs v until it completes or is suspended; returns the scheduler's next task.
  auto run_execute = [&](TxVersion v, TransitionScratch& s) -> std::optional<Task> {
    const TxIndex i = v.tx_index;
    for (;;) {
      MvBaseState base(mv, state, i, block_codes, s.codes);
      EvmStateHost host(base, env.context, TxContext{}, fork, s.codes, env.block_hash);
      // Validated against the whole block's gas: fits_block re-checks the order afterwards.
      Receipt r = run_transaction(host, txs[i], env, fork, BlockUsage{}, s);
      WriteSet writes;
      // Emitting reads too (whether a touched account ended dead), so blocked is known after.
      if (!base.blocked() && r.included())
        host.emit_writes(writes, [&](const CodePtr& code) { block_codes.put(code); });
      if (base.blocked()) {
        if (scheduler.add_dependency(i, base.blocker())) return std::nullopt;
        continue;  // the blocker has already run again: read afresh at once
      }
      if (base.inconsistent()) inconsistent.store(true, std::memory_order_relaxed);
      lifecycle[i] = lifecycle_of(writes);
      if (record_conflicts_) final_writes[i] = writes;
      receipts[i] = std::move(r);
      const bool wrote_new = mv.record(v, std::move(base.reads()), writes);
      return scheduler.finish_execution(i, v.incarnation, wrote_new);
    }
  };
  auto run_validate = [&](TxVersion v) -> std::optional<Task> {
    StateKey stale{};
    const bool valid = mv.validate_read_set(v.tx_index, &stale);
    const bool aborted = !valid && scheduler.try_validation_abort(v.tx_index, v.incarnation);
    if (aborted) {
      mv.convert_writes_to_estimates(v.tx_index);
      aborts.add(stale);
    }
    return scheduler.finish_validation(v.tx_index, aborted);
  };
  // A hot chain (every transaction writing what the next one reads, e.g. swaps through one
  // pool) makes parallel workers abort and suspend each other over and over. Once more than
  // half of the executions so far were wasted that way, every worker but one leaves: one
  // worker runs the rest in order at about sequential speed. Only the schedule changes,
  // never the result.
  std::atomic<bool> narrowed{false};
  std::atomic<size_t> next_worker{0};
  auto worker = [&] {
    TransitionScratch& s = scratch_.local();
    const size_t id = next_worker.fetch_add(1, std::memory_order_relaxed);
    std::optional<Task> task;
    for (uint64_t round = 0; !scheduler.done(); ++round) {
      if (!task) {
        if (id != 0 && narrowed.load(std::memory_order_relaxed)) return;  // holds no task: free to go
        task = scheduler.next_task();
      }
      if (!task) {
        std::this_thread::yield();
        continue;
      }
      task = task->kind == TaskKind::Execute ? run_execute(task->version, s) : run_validate(task->version);
      if (threads_ > 1 && round % 32 == 0 && !narrowed.load(std::memory_order_relaxed)) {
        const SchedulerStats now = scheduler.stats();
        const uint64_t wasted = now.aborts + now.suspensions;
        if (now.executions >= kNarrowAfter && wasted * 2 > now.executions) narrowed.store(true);
      }
    }
  };

  // More workers than cores are allowed on purpose (tests run 8 threads on 2 cores to get
  // more interleavings); TBB caps its pool at the core count unless told.
  tbb::global_control allow(tbb::global_control::max_allowed_parallelism,
                            std::max<size_t>(threads_, static_cast<size_t>(tbb::info::default_concurrency())));
  // The state root below runs in the same arena: `threads` bounds the whole block.
  tbb::task_arena arena(static_cast<int>(threads_));
  // Every worker loops until the scheduler is done, so the block completes even when TBB
  // runs fewer workers than asked for.
  arena.execute([&] {
    tbb::task_group group;
    for (size_t w = 0; w < threads_; ++w) group.run(worker);
    group.wait();
  });

  const SchedulerStats ss = scheduler.stats();
  stats_.executions = ss.executions;
  stats_.reexecutions = ss.executions > n ? ss.executions - n : 0;
  stats_.validations = ss.validations;
  stats_.aborts = ss.aborts;
  stats_.suspensions = ss.suspensions;
  stats_.hottest_keys = aborts.hottest(10);
  stats_.narrowed_to_one_worker = narrowed.load();
  stats_.seconds_execute = seconds_since(t_execute);
  if (record_conflicts_) {
    std::vector<ReadSet> reads(n);
    for (size_t i = 0; i < n; ++i) reads[i] = mv.last_reads(static_cast<TxIndex>(i));
    conflicts_ = conflict_graph(reads, final_writes);
  }

  // When the block's gas runs out part-way, the parallel results stand below the first
  // transaction that no longer fits; that one and the rest run sequentially after the commit.
  const size_t prefix = first_not_fitting(txs, receipts, env, fork);
  lifecycle.resize(prefix);
  // The state is untouched until commit_into.
  if (inconsistent.load()) return fall_back(state, txs, env, fork, "a code hash without code was read");
  if (stale_storage_on_recreation(lifecycle, state))
    return fall_back(state, txs, env, fork, "an account with storage was erased and created again in the block");

  const auto t_commit = Clock::now();
  std::string error;
  arena.execute([&] {
    error = mv.commit_into(
        state, [&](const Hash& h) { return block_codes.bytes(h); }, static_cast<TxIndex>(prefix));
  });
  stats_.seconds_commit = seconds_since(t_commit);
  if (!error.empty()) return fall_back(state, txs, env, fork, error);  // commit_into left the state unchanged

  if (prefix < n) {
    const auto t_tail = Clock::now();
    BlockUsage usage;
    for (size_t i = 0; i < prefix; ++i) count_usage(usage, receipts[i]);
    TransitionScratch& s = scratch_.local();
    for (size_t i = prefix; i < n; ++i) {
      receipts[i] = apply_transaction(state, txs[i], env, fork, usage, s);
      count_usage(usage, receipts[i]);
    }
    stats_.sequential_tail = n - prefix;
    stats_.seconds_execute += seconds_since(t_tail);
  }

  BlockResult out = summarize_receipts(std::move(receipts));
  const auto t_root = Clock::now();
  arena.execute([&] { out.state_root = state.state_root(); });
  stats_.seconds_root = seconds_since(t_root);
  arena.execute([&] { mv_owner.reset(); });
  return out;
}

}  // namespace warp
