// The Block-STM scheduler (scheduler/block_stm_scheduler): scripted single-thread walks through
// the paper's transitions, then a simulated executor (a small multi-version store in this file)
// driving it from several threads, with and without injected yields, against sequential runs.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "scheduler/block_stm_scheduler.hpp"

namespace warp {
namespace {

Task execute(TxIndex tx, Incarnation incarnation) { return Task{TaskKind::Execute, TxVersion{tx, incarnation}}; }
Task validate(TxIndex tx, Incarnation incarnation) { return Task{TaskKind::Validate, TxVersion{tx, incarnation}}; }

// ---- scripted walks (one thread plays every worker) ----------------------------------------

TEST(BlockStmScheduler, EmptyBlockIsDoneAtOnce) {
  BlockStmScheduler scheduler(0);
  EXPECT_TRUE(scheduler.done());
  EXPECT_EQ(scheduler.next_task(), std::nullopt);
}

TEST(BlockStmScheduler, OneWorkerExecutesAndValidatesInBlockOrder) {
  BlockStmScheduler scheduler(3);
  for (TxIndex tx = 0; tx < 3; ++tx) {
    ASSERT_FALSE(scheduler.done());
    EXPECT_EQ(scheduler.next_task(), execute(tx, 0));
    EXPECT_EQ(scheduler.finish_execution(tx, 0, true), std::nullopt);
    EXPECT_EQ(scheduler.next_task(), validate(tx, 0));
    EXPECT_EQ(scheduler.finish_validation(tx, false), std::nullopt);
  }
  EXPECT_EQ(scheduler.next_task(), std::nullopt);
  EXPECT_TRUE(scheduler.done());
  const SchedulerStats stats = scheduler.stats();
  EXPECT_EQ(stats.executions, 3u);
  EXPECT_EQ(stats.validations, 3u);
  EXPECT_EQ(stats.aborts, 0u);
  EXPECT_EQ(stats.suspensions, 0u);
}

// Two workers: A takes tx 0; B finds nothing to validate (tx 0 is not executed) and takes tx 1.
void start_two_executions(BlockStmScheduler& scheduler) {
  ASSERT_EQ(scheduler.next_task(), execute(0, 0));
  ASSERT_EQ(scheduler.next_task(), execute(1, 0));
}

TEST(BlockStmScheduler, SuspendedTransactionResumesAfterBlockerExecutes) {
  BlockStmScheduler scheduler(2);
  start_two_executions(scheduler);
  // B reads an ESTIMATE of tx 0: tx 1 is suspended and its task ends.
  EXPECT_TRUE(scheduler.add_dependency(1, 0));
  // Nothing may run tx 1 until tx 0 finishes, and the block is not done while tx 0 runs.
  EXPECT_EQ(scheduler.next_task(), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), std::nullopt);
  EXPECT_FALSE(scheduler.done());

  EXPECT_EQ(scheduler.finish_execution(0, 0, true), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), validate(0, 0));
  EXPECT_EQ(scheduler.finish_validation(0, false), std::nullopt);
  // Resumed as a new incarnation.
  EXPECT_EQ(scheduler.next_task(), execute(1, 1));
  // The blocker has executed now: a dependency on it no longer suspends, the caller retries.
  EXPECT_FALSE(scheduler.add_dependency(1, 0));
  EXPECT_EQ(scheduler.finish_execution(1, 1, true), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), validate(1, 1));
  EXPECT_EQ(scheduler.finish_validation(1, false), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), std::nullopt);
  EXPECT_TRUE(scheduler.done());

  const SchedulerStats stats = scheduler.stats();
  EXPECT_EQ(stats.executions, 3u);
  EXPECT_EQ(stats.suspensions, 1u);
  EXPECT_EQ(stats.aborts, 0u);
}

TEST(BlockStmScheduler, ValidationNeverPassesATransactionStillExecuting) {
  BlockStmScheduler scheduler(2);
  start_two_executions(scheduler);
  // B finishes tx 1 first, but tx 0 is still executing: tx 1 is not validated yet (and the
  // paper's extra round, validating it now and again after tx 0's new writes, is saved).
  EXPECT_EQ(scheduler.finish_execution(1, 0, true), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), std::nullopt);
  EXPECT_FALSE(scheduler.done());
  EXPECT_EQ(scheduler.finish_execution(0, 0, true), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), validate(0, 0));
  EXPECT_EQ(scheduler.finish_validation(0, false), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), validate(1, 0));
  EXPECT_EQ(scheduler.finish_validation(1, false), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), std::nullopt);
  EXPECT_TRUE(scheduler.done());
  EXPECT_EQ(scheduler.stats().validations, 2u);
}

TEST(BlockStmScheduler, FailedValidationReexecutesWithHigherIncarnation) {
  BlockStmScheduler scheduler(2);
  start_two_executions(scheduler);
  EXPECT_EQ(scheduler.finish_execution(1, 0, true), std::nullopt);
  EXPECT_EQ(scheduler.finish_execution(0, 0, true), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), validate(0, 0));
  EXPECT_EQ(scheduler.finish_validation(0, false), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), validate(1, 0));
  // tx 1 missed tx 0's write. Only one validator gets to abort an incarnation.
  EXPECT_TRUE(scheduler.try_validation_abort(1, 0));
  EXPECT_FALSE(scheduler.try_validation_abort(1, 0));
  // Execution is already past tx 1, so the aborting worker re-executes it itself.
  EXPECT_EQ(scheduler.finish_validation(1, true), execute(1, 1));
  EXPECT_FALSE(scheduler.try_validation_abort(1, 0));  // stale incarnation
  // Same locations as incarnation 0: the worker validates it straight away.
  EXPECT_EQ(scheduler.finish_execution(1, 1, false), validate(1, 1));
  EXPECT_EQ(scheduler.finish_validation(1, false), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), std::nullopt);
  EXPECT_TRUE(scheduler.done());

  const SchedulerStats stats = scheduler.stats();
  EXPECT_EQ(stats.executions, 3u);
  EXPECT_EQ(stats.validations, 3u);
  EXPECT_EQ(stats.aborts, 1u);
}

TEST(BlockStmScheduler, ReaderOfAnAbortedWriterWaitsAndResumesAsANewIncarnation) {
  BlockStmScheduler scheduler(3);
  // Workers A, B, C take tx 0, 1, 2.
  ASSERT_EQ(scheduler.next_task(), execute(0, 0));
  ASSERT_EQ(scheduler.next_task(), execute(1, 0));
  ASSERT_EQ(scheduler.next_task(), execute(2, 0));
  EXPECT_EQ(scheduler.finish_execution(1, 0, true), std::nullopt);
  EXPECT_EQ(scheduler.finish_execution(0, 0, true), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), validate(0, 0));
  EXPECT_EQ(scheduler.finish_validation(0, false), std::nullopt);
  // A finds tx 1 stale and re-executes it (its writes are ESTIMATEs meanwhile).
  EXPECT_EQ(scheduler.next_task(), validate(1, 0));
  EXPECT_TRUE(scheduler.try_validation_abort(1, 0));
  EXPECT_EQ(scheduler.finish_validation(1, true), execute(1, 1));
  // C, still running tx 2, reads one of those ESTIMATEs: tx 2 waits for tx 1.
  EXPECT_TRUE(scheduler.add_dependency(2, 1));
  EXPECT_EQ(scheduler.next_task(), std::nullopt);
  // tx 1 finishes with new locations: validation comes back to it, tx 2 resumes.
  EXPECT_EQ(scheduler.finish_execution(1, 1, true), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), validate(1, 1));
  EXPECT_EQ(scheduler.finish_validation(1, false), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), execute(2, 1));
  EXPECT_EQ(scheduler.finish_execution(2, 1, true), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), validate(2, 1));
  EXPECT_EQ(scheduler.finish_validation(2, false), std::nullopt);
  EXPECT_EQ(scheduler.next_task(), std::nullopt);
  EXPECT_TRUE(scheduler.done());

  const SchedulerStats stats = scheduler.stats();
  EXPECT_EQ(stats.executions, 5u);
  EXPECT_EQ(stats.validations, 4u);
  EXPECT_EQ(stats.aborts, 1u);
  EXPECT_EQ(stats.suspensions, 1u);
}

TEST(BlockStmScheduler, ChaosHookIsCalledAtDecisionPoints) {
  std::set<std::string> points;
  BlockStmScheduler scheduler(1, [&points](const char* point) { points.insert(point); });
  ASSERT_EQ(scheduler.next_task(), execute(0, 0));
  ASSERT_EQ(scheduler.finish_execution(0, 0, true), std::nullopt);
  ASSERT_EQ(scheduler.next_task(), validate(0, 0));
  ASSERT_EQ(scheduler.finish_validation(0, false), std::nullopt);
  ASSERT_EQ(scheduler.next_task(), std::nullopt);
  EXPECT_TRUE(scheduler.done());
  for (const char* expected :
       {"next_task", "claim_execution", "claim_validation", "finish_execution", "finish_validation", "check_done"}) {
    EXPECT_TRUE(points.count(expected)) << expected;
  }
}

// ---- a simulated executor --------------------------------------------------------------------

using Key = uint32_t;

uint64_t mix(uint64_t x) {  // splitmix64 finaliser
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

uint64_t initial_value(Key key) { return mix(0x5eed0000ULL + key); }

// A transaction declares what it reads and writes; what it writes depends on what it read,
// and so does whether it also writes `extra_write` (a write set that changes between
// incarnations exercises wrote_new_location).
struct SynthTx {
  std::vector<Key> reads;
  std::vector<Key> writes;
  Key extra_write = 0;
  uint32_t work = 0;  // mixing rounds, so that executions overlap in time
};

struct TxOutput {
  std::vector<uint64_t> read_values;
  std::vector<std::pair<Key, uint64_t>> writes;  // sorted by key, no duplicates

  friend bool operator==(const TxOutput&, const TxOutput&) = default;
};

TxOutput run_logic(TxIndex index, const SynthTx& tx, std::vector<uint64_t> read_values) {
  uint64_t acc = mix(index);
  for (uint64_t value : read_values) acc = mix(acc ^ value);
  for (uint32_t round = 0; round < tx.work; ++round) acc = mix(acc);
  std::map<Key, uint64_t> writes;
  for (Key key : tx.writes) writes[key] = mix(acc ^ key);
  if (acc % 2 == 1) writes[tx.extra_write] = mix(acc + 1);
  return TxOutput{std::move(read_values), {writes.begin(), writes.end()}};
}

struct SequentialResult {
  std::vector<TxOutput> outputs;
  std::map<Key, uint64_t> state;  // keys written by the block
};

SequentialResult run_sequential(const std::vector<SynthTx>& block) {
  SequentialResult result;
  for (std::size_t i = 0; i < block.size(); ++i) {
    std::vector<uint64_t> values;
    for (Key key : block[i].reads) {
      auto it = result.state.find(key);
      values.push_back(it == result.state.end() ? initial_value(key) : it->second);
    }
    TxOutput output = run_logic(static_cast<TxIndex>(i), block[i], std::move(values));
    for (const auto& [key, value] : output.writes) result.state[key] = value;
    result.outputs.push_back(std::move(output));
  }
  return result;
}

// A deliberately simple multi-version store: one mutex, an ordered map of versions per key.
class MvStore {
 public:
  struct Read {
    bool estimate = false;
    TxIndex blocking = 0;             // when estimate
    std::optional<TxVersion> origin;  // nullopt: pre-state
    uint64_t value = 0;
  };

  Read read(Key key, TxIndex reader) const {
    std::lock_guard lock(mutex_);
    auto it = data_.find(key);
    if (it != data_.end()) {
      auto below = it->second.lower_bound(reader);
      if (below != it->second.begin()) {
        --below;
        if (below->second.estimate) return Read{true, below->first, std::nullopt, 0};
        return Read{false, 0, TxVersion{below->first, below->second.incarnation}, below->second.value};
      }
    }
    return Read{false, 0, std::nullopt, initial_value(key)};
  }

  // Returns whether a key outside `previous` (the last incarnation's write set) was written.
  bool publish(TxVersion version, const std::vector<std::pair<Key, uint64_t>>& writes,
               const std::vector<Key>& previous) {
    std::lock_guard lock(mutex_);
    bool wrote_new = false;
    for (const auto& [key, value] : writes) {
      data_[key][version.tx_index] = Entry{version.incarnation, value, false};
      if (std::find(previous.begin(), previous.end(), key) == previous.end()) wrote_new = true;
    }
    for (Key key : previous) {
      auto written = std::find_if(writes.begin(), writes.end(), [key](const auto& w) { return w.first == key; });
      if (written == writes.end()) data_[key].erase(version.tx_index);
    }
    return wrote_new;
  }

  void mark_estimates(TxIndex tx, const std::vector<Key>& keys) {
    std::lock_guard lock(mutex_);
    for (Key key : keys) data_[key].at(tx).estimate = true;
  }

  // The last write to every key; estimates left over mean an unfinished block.
  std::map<Key, uint64_t> final_state(std::size_t& estimates) const {
    std::lock_guard lock(mutex_);
    std::map<Key, uint64_t> state;
    estimates = 0;
    for (const auto& [key, versions] : data_) {
      for (const auto& [tx, entry] : versions) estimates += entry.estimate ? 1 : 0;
      if (!versions.empty()) state[key] = versions.rbegin()->second.value;
    }
    return state;
  }

 private:
  struct Entry {
    Incarnation incarnation = 0;
    uint64_t value = 0;
    bool estimate = false;
  };
  mutable std::mutex mutex_;
  std::map<Key, std::map<TxIndex, Entry>> data_;
};

// What the last execution of a transaction read and wrote.
struct TxRecord {
  std::mutex mutex;
  Incarnation incarnation = 0;
  std::vector<std::pair<Key, std::optional<TxVersion>>> read_set;
  std::vector<Key> written;
  TxOutput output;
};

// Random yields at the scheduler's and the executor's decision points, some short sleeps.
BlockStmScheduler::ChaosHook make_chaos(uint64_t seed) {
  auto counter = std::make_shared<std::atomic<uint64_t>>(seed);
  return [counter](const char*) {
    const uint64_t r = mix(counter->fetch_add(1));
    if (r % 3 == 0) {
      std::this_thread::yield();
    } else if (r % 29 == 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(10 + r % 50));
    }
  };
}

class SimulatedBlockStm {
 public:
  SimulatedBlockStm(const std::vector<SynthTx>& block, BlockStmScheduler::ChaosHook chaos)
      : block_(block),
        chaos_(chaos),
        scheduler_(block.size(), std::move(chaos)),
        records_(std::make_unique<TxRecord[]>(block.size())) {}

  // False if the block did not finish within `limit` (a hang or livelock in the scheduler).
  bool run(unsigned threads, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    std::atomic<bool> timed_out{false};
    std::vector<std::thread> workers;
    for (unsigned t = 0; t < threads; ++t) workers.emplace_back([&] { work(deadline, timed_out); });
    for (std::thread& worker : workers) worker.join();
    return !timed_out.load();
  }

  BlockStmScheduler& scheduler() { return scheduler_; }
  const MvStore& store() const { return store_; }
  const TxRecord& record(std::size_t tx) const { return records_[tx]; }

 private:
  void work(std::chrono::steady_clock::time_point deadline, std::atomic<bool>& timed_out) {
    std::optional<Task> task;
    while (!scheduler_.done()) {
      if (std::chrono::steady_clock::now() > deadline) {
        timed_out.store(true);
        return;
      }
      if (!task) task = scheduler_.next_task();
      if (!task) {
        std::this_thread::yield();
        continue;
      }
      task = task->kind == TaskKind::Execute ? execute(task->version) : validate(task->version);
    }
  }

  void chaos(const char* point) const {
    if (chaos_) chaos_(point);
  }

  std::optional<Task> execute(TxVersion version) {
    const SynthTx& tx = block_[version.tx_index];
    for (;;) {
      std::vector<std::pair<Key, std::optional<TxVersion>>> read_set;
      std::vector<uint64_t> values;
      bool retry = false;
      for (Key key : tx.reads) {
        chaos("executor_read");
        const MvStore::Read read = store_.read(key, version.tx_index);
        if (read.estimate) {
          if (scheduler_.add_dependency(version.tx_index, read.blocking)) return std::nullopt;
          retry = true;  // the blocker has executed again meanwhile: read its new value
          break;
        }
        read_set.emplace_back(key, read.origin);
        values.push_back(read.value);
      }
      if (retry) continue;

      TxOutput output = run_logic(version.tx_index, tx, std::move(values));
      std::vector<Key> written;
      for (const auto& write : output.writes) written.push_back(write.first);
      bool wrote_new = false;
      {
        TxRecord& record = records_[version.tx_index];
        std::lock_guard lock(record.mutex);
        wrote_new = store_.publish(version, output.writes, record.written);
        record.incarnation = version.incarnation;
        record.read_set = std::move(read_set);
        record.written = std::move(written);
        record.output = std::move(output);
      }
      chaos("executor_finish");
      return scheduler_.finish_execution(version.tx_index, version.incarnation, wrote_new);
    }
  }

  std::optional<Task> validate(TxVersion version) {
    TxRecord& record = records_[version.tx_index];
    std::vector<std::pair<Key, std::optional<TxVersion>>> read_set;
    {
      std::lock_guard lock(record.mutex);
      read_set = record.read_set;
    }
    bool valid = true;
    for (const auto& [key, origin] : read_set) {
      chaos("executor_validate");
      const MvStore::Read read = store_.read(key, version.tx_index);
      if (read.estimate || read.origin != origin) {
        valid = false;
        break;
      }
    }
    const bool aborted = !valid && scheduler_.try_validation_abort(version.tx_index, version.incarnation);
    if (aborted) {
      // Later readers must wait for the re-execution instead of reading values about to change.
      std::lock_guard lock(record.mutex);
      store_.mark_estimates(version.tx_index, record.written);
    }
    return scheduler_.finish_validation(version.tx_index, aborted);
  }

  const std::vector<SynthTx>& block_;
  const BlockStmScheduler::ChaosHook chaos_;
  BlockStmScheduler scheduler_;
  MvStore store_;
  std::unique_ptr<TxRecord[]> records_;
};

enum class Workload { Independent, Chain, Random };

std::vector<SynthTx> make_block(Workload workload, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&rng](Key keys) { return static_cast<Key>(rng() % keys); };
  std::vector<SynthTx> block;
  switch (workload) {
    case Workload::Independent:  // every transaction on its own keys: no conflict at all
      for (Key i = 0; i < 200; ++i) block.push_back(SynthTx{{2 * i}, {2 * i}, 2 * i + 1, 100});
      break;
    case Workload::Chain:  // every transaction reads and writes one counter
      for (Key i = 0; i < 120; ++i) block.push_back(SynthTx{{0, 1 + pick(8)}, {0}, 1 + pick(8), 100});
      break;
    case Workload::Random:  // some overlap among 24 keys
      for (Key i = 0; i < 200; ++i) {
        SynthTx tx;
        for (Key r = 0, n = 1 + pick(3); r < n; ++r) tx.reads.push_back(pick(24));
        for (Key w = 0, n = 1 + pick(2); w < n; ++w) tx.writes.push_back(pick(24));
        tx.extra_write = pick(24);
        tx.work = 50 + pick(100);
        block.push_back(std::move(tx));
      }
      break;
  }
  return block;
}

struct RunResult {
  bool finished = false;
  SchedulerStats stats;
};

// Runs the block in parallel and checks it against sequential execution.
RunResult run_and_check(const std::vector<SynthTx>& block, unsigned threads, BlockStmScheduler::ChaosHook chaos) {
  const SequentialResult expected = run_sequential(block);
  SimulatedBlockStm parallel(block, std::move(chaos));
  RunResult result;
  result.finished = parallel.run(threads, std::chrono::seconds(10));
  EXPECT_TRUE(result.finished) << "no progress within the time limit (deadlock or livelock)";
  if (!result.finished) return result;
  EXPECT_TRUE(parallel.scheduler().done());
  EXPECT_EQ(parallel.scheduler().next_task(), std::nullopt);

  uint64_t incarnations = 0;
  for (std::size_t i = 0; i < block.size(); ++i) {
    EXPECT_EQ(parallel.record(i).output, expected.outputs[i]) << "transaction " << i;
    incarnations += parallel.record(i).incarnation;
  }
  std::size_t estimates = 0;
  EXPECT_EQ(parallel.store().final_state(estimates), expected.state);
  EXPECT_EQ(estimates, 0u);

  // Every incarnation after the first comes from exactly one abort or one suspension, and
  // every incarnation handed out ran (the final one of each transaction included).
  result.stats = parallel.scheduler().stats();
  EXPECT_EQ(result.stats.aborts + result.stats.suspensions, incarnations);
  EXPECT_EQ(result.stats.executions, block.size() + incarnations);
  EXPECT_GE(result.stats.validations, block.size());
  return result;
}

struct SimulationCase {
  Workload workload;
  unsigned threads;
  bool chaos;
};

class BlockStmSimulation : public ::testing::TestWithParam<SimulationCase> {};

TEST_P(BlockStmSimulation, MatchesSequentialExecution) {
  const SimulationCase c = GetParam();
  const std::vector<SynthTx> block = make_block(c.workload, 7 + c.threads);
  const RunResult result = run_and_check(block, c.threads, c.chaos ? make_chaos(c.threads) : nullptr);
  if (result.finished && c.workload == Workload::Independent) {
    // Nothing conflicts, so nothing may be re-executed, whatever the timing.
    EXPECT_EQ(result.stats.executions, block.size());
    EXPECT_EQ(result.stats.aborts, 0u);
    EXPECT_EQ(result.stats.suspensions, 0u);
  }
}

std::vector<SimulationCase> simulation_cases() {
  std::vector<SimulationCase> cases;
  for (Workload workload : {Workload::Independent, Workload::Chain, Workload::Random}) {
    for (unsigned threads : {1u, 2u, 4u, 8u}) {
      for (bool chaos : {false, true}) cases.push_back(SimulationCase{workload, threads, chaos});
    }
  }
  return cases;
}

std::string case_name(const ::testing::TestParamInfo<SimulationCase>& info) {
  const char* workload = info.param.workload == Workload::Independent ? "Independent"
                         : info.param.workload == Workload::Chain     ? "Chain"
                                                                      : "Random";
  return std::string(workload) + "_" + std::to_string(info.param.threads) + "threads" +
         (info.param.chaos ? "_chaos" : "");
}

INSTANTIATE_TEST_SUITE_P(Workloads, BlockStmSimulation, ::testing::ValuesIn(simulation_cases()), case_name);

// Under contention with several workers, the abort and suspension paths really are taken (and
// the result still matches). Timing decides how often, so retry a few times before giving up.
TEST(BlockStmSimulationContention, AbortsAndSuspensionsHappenAndResultStillMatches) {
  const std::vector<SynthTx> block = make_block(Workload::Chain, 99);
  SchedulerStats total;
  for (uint64_t attempt = 0; attempt < 20 && (total.aborts == 0 || total.suspensions == 0); ++attempt) {
    const RunResult result = run_and_check(block, 4, make_chaos(1000 + attempt));
    ASSERT_TRUE(result.finished);
    total.aborts += result.stats.aborts;
    total.suspensions += result.stats.suspensions;
  }
  EXPECT_GT(total.aborts, 0u);
  EXPECT_GT(total.suspensions, 0u);
}

}  // namespace
}  // namespace warp
