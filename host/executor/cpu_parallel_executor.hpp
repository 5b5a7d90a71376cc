// The `cpu` executor (DESIGN.md section 5): Block-STM on oneTBB. Transactions run
// optimistically on N worker threads against the multi-version memory; the collaborative
// scheduler re-executes those whose reads turned out stale. The result (receipts, logs,
// state root) is exactly the sequential executor's.
//
// When the block's gas or blob gas runs out part-way (every transaction is validated against
// the whole block's limit, then checked in order), the transactions from the first one that
// no longer fits run sequentially after the rest is committed (stats().sequential_tail).
// Two situations it does not try to parallelise, and hands to the sequential executor
// (stats().sequential_fallback): an account with storage erased (EIP-161) and recreated in
// the same block (its old storage would show through the multi-version memory); and a read
// the memory could not answer consistently.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include <oneapi/tbb/enumerable_thread_specific.h>

#include "host/executor/block_executor.hpp"
#include "host/executor/sequential_executor.hpp"
#include "host/transition.hpp"
#include "scheduler/block_stm_scheduler.hpp"

namespace warp {

class CpuParallelExecutor final : public BlockExecutor {
 public:
  // threads 0 = all hardware threads. `chaos` goes to the scheduler (tests and --chaos-seed
  // inject delays with it to force conflicts; the result must not change).
  explicit CpuParallelExecutor(size_t threads, BlockStmScheduler::ChaosHook chaos = {});

  std::string_view name() const override { return "cpu"; }
  size_t threads() const override { return threads_; }
  BlockResult execute(State& state, std::span<const Transaction> txs, const BlockEnv& env, Fork fork) override;
  const ExecutorStats& stats() const override { return stats_; }
  void set_record_conflicts(bool on) override { record_conflicts_ = on; }
  const std::vector<ConflictEdge>& conflicts() const override { return conflicts_; }

 private:
  BlockResult fall_back(State& state, std::span<const Transaction> txs, const BlockEnv& env, Fork fork,
                        std::string why);

  size_t threads_;
  BlockStmScheduler::ChaosHook chaos_;
  // Per worker thread, kept across blocks: arena pages and analysed code stay warm.
  tbb::enumerable_thread_specific<TransitionScratch> scratch_;
  SequentialExecutor sequential_;  // the fallback
  ExecutorStats stats_;
  bool record_conflicts_ = false;
  std::vector<ConflictEdge> conflicts_;
};

}  // namespace warp
