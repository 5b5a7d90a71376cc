// Block-STM scheduler: the shared counters are lock-free atomics, each transaction's status
// and dependents sit behind its own small mutexes (the paper's Algorithms 4 and 5).
#include "scheduler/block_stm_scheduler.hpp"

#include <algorithm>
#include <cassert>
#include <utility>

namespace warp {

namespace {

// execution_idx_ and validation_idx_ only ever move down through this (up through fetch_add).
void atomic_store_min(std::atomic<std::size_t>& value, std::size_t target) {
  std::size_t current = value.load();
  while (target < current && !value.compare_exchange_weak(current, target)) {
  }
}

}  // namespace

BlockStmScheduler::BlockStmScheduler(std::size_t block_size, ChaosHook chaos)
    : block_size_(block_size), chaos_(std::move(chaos)), txs_(std::make_unique<TxState[]>(block_size)) {
  // An empty block has nothing to run; no worker needs to ask to find that out.
  if (block_size_ == 0) done_.store(true);
}

SchedulerStats BlockStmScheduler::stats() const {
  return SchedulerStats{executions_.load(), validations_.load(), aborts_.load(), suspensions_.load()};
}

std::optional<Task> BlockStmScheduler::next_task() {
  chaos("next_task");
  // Validation first while it lags behind execution: a failed validation found early saves
  // every later transaction from building on a stale write.
  if (validation_idx_.load() < execution_idx_.load()) {
    if (auto version = next_version_to_validate()) return Task{TaskKind::Validate, *version};
  }
  // Nothing to validate yet (the next one is still executing): execute instead of waiting.
  if (auto version = next_version_to_execute()) return Task{TaskKind::Execute, *version};
  return std::nullopt;
}

std::optional<TxVersion> BlockStmScheduler::next_version_to_execute() {
  if (execution_idx_.load() >= block_size_) {
    check_done();
    return std::nullopt;
  }
  // Counted active before claiming the index, so check_done never sees a claimed index with
  // nobody working on it.
  num_active_tasks_.fetch_add(1);
  chaos("claim_execution");
  return try_incarnate(execution_idx_.fetch_add(1));
}

std::optional<TxVersion> BlockStmScheduler::next_version_to_validate() {
  if (validation_idx_.load() >= block_size_) {
    check_done();
    return std::nullopt;
  }
  num_active_tasks_.fetch_add(1);
  chaos("claim_validation");
  // Unlike the paper, the index never moves past a transaction that has not finished
  // executing: it is claimed only once that transaction is Executed. The paper lets it run
  // ahead, and then every first execution that finishes below it (its writes are all new
  // locations) pulls it back down and re-validates everything above: with short
  // transactions that doubled the validations. Here a first execution finishes below the
  // index only after an abort, which lowers the index itself.
  std::size_t idx = validation_idx_.load();
  if (idx < block_size_) {
    TxState& tx = txs_[idx];
    std::lock_guard lock(tx.status_mutex);
    // Claimed under the status lock: the transaction cannot be aborted in between.
    if (tx.status == Status::Executed && validation_idx_.compare_exchange_strong(idx, idx + 1)) {
      validations_.fetch_add(1);
      return TxVersion{static_cast<TxIndex>(idx), tx.incarnation};
    }
  }
  num_active_tasks_.fetch_sub(1);
  return std::nullopt;
}

std::optional<TxVersion> BlockStmScheduler::try_incarnate(std::size_t idx) {
  if (idx < block_size_) {
    TxState& tx = txs_[idx];
    std::lock_guard lock(tx.status_mutex);
    if (tx.status == Status::ReadyToExecute) {
      tx.status = Status::Executing;
      executions_.fetch_add(1);
      return TxVersion{static_cast<TxIndex>(idx), tx.incarnation};
    }
  }
  // Someone else runs it, or it waits on a dependency: this claim ends here.
  num_active_tasks_.fetch_sub(1);
  return std::nullopt;
}

bool BlockStmScheduler::add_dependency(TxIndex tx, TxIndex blocking) {
  assert(blocking < tx && tx < block_size_);
  chaos("add_dependency");
  {
    // Holding the blocker's dependents lock across the status check closes the race with
    // finish_execution, which marks Executed before it takes this lock to drain the list.
    TxState& blocker = txs_[blocking];
    std::lock_guard dependents_lock(blocker.dependents_mutex);
    {
      std::lock_guard status_lock(blocker.status_mutex);
      if (blocker.status == Status::Executed) return false;
    }
    {
      TxState& waiter = txs_[tx];
      std::lock_guard status_lock(waiter.status_mutex);
      assert(waiter.status == Status::Executing);
      waiter.status = Status::Aborting;
    }
    blocker.dependents.push_back(tx);
  }
  suspensions_.fetch_add(1);
  // The suspended execution task is over; resuming it creates a new one via execution_idx_.
  num_active_tasks_.fetch_sub(1);
  return true;
}

void BlockStmScheduler::set_ready_status(TxIndex idx) {
  TxState& tx = txs_[idx];
  std::lock_guard lock(tx.status_mutex);
  assert(tx.status == Status::Aborting);
  ++tx.incarnation;
  tx.status = Status::ReadyToExecute;
}

void BlockStmScheduler::resume_dependents(std::vector<TxIndex> dependents) {
  if (dependents.empty()) return;
  for (TxIndex dependent : dependents) set_ready_status(dependent);
  // Every resumed transaction is above the one that just executed, so execution restarts no
  // lower than needed.
  decrease_execution_idx(*std::min_element(dependents.begin(), dependents.end()));
}

std::optional<Task> BlockStmScheduler::finish_execution(TxIndex idx, Incarnation incarnation, bool wrote_new_location) {
  assert(idx < block_size_);
  TxState& tx = txs_[idx];
  {
    std::lock_guard lock(tx.status_mutex);
    assert(tx.status == Status::Executing && tx.incarnation == incarnation);
    tx.status = Status::Executed;
  }
  chaos("finish_execution");
  std::vector<TxIndex> dependents;
  {
    std::lock_guard lock(tx.dependents_mutex);
    dependents.swap(tx.dependents);
  }
  resume_dependents(std::move(dependents));

  if (validation_idx_.load() > idx) {
    if (wrote_new_location) {
      // Later transactions validated before this write existed may have missed it: all of
      // them (and this one) need validating again.
      decrease_validation_idx(idx);
    } else {
      // Same locations as the previous incarnation: only this transaction's own reads need
      // checking, and this worker can do it right away (the task stays active).
      validations_.fetch_add(1);
      return Task{TaskKind::Validate, TxVersion{idx, incarnation}};
    }
  }
  num_active_tasks_.fetch_sub(1);
  return std::nullopt;
}

bool BlockStmScheduler::try_validation_abort(TxIndex idx, Incarnation incarnation) {
  assert(idx < block_size_);
  chaos("try_validation_abort");
  TxState& tx = txs_[idx];
  std::lock_guard lock(tx.status_mutex);
  if (tx.incarnation == incarnation && tx.status == Status::Executed) {
    tx.status = Status::Aborting;
    aborts_.fetch_add(1);
    return true;
  }
  return false;
}

std::optional<Task> BlockStmScheduler::finish_validation(TxIndex idx, bool aborted) {
  assert(idx < block_size_);
  chaos("finish_validation");
  if (aborted) {
    set_ready_status(idx);
    // Everything after it read (or may read) its ESTIMATEs: validate them again.
    decrease_validation_idx(std::size_t{idx} + 1);
    // If execution has already passed it, nobody else will pick it up: re-execute here. The
    // claim can still fail if a lowered execution_idx_ let another worker take it first;
    // try_incarnate then ends this task itself.
    if (execution_idx_.load() > idx) {
      if (auto version = try_incarnate(idx)) return Task{TaskKind::Execute, *version};
      return std::nullopt;
    }
  }
  num_active_tasks_.fetch_sub(1);
  return std::nullopt;
}

void BlockStmScheduler::decrease_execution_idx(std::size_t target) {
  atomic_store_min(execution_idx_, target);
  decrease_cnt_.fetch_add(1);
}

void BlockStmScheduler::decrease_validation_idx(std::size_t target) {
  atomic_store_min(validation_idx_, target);
  decrease_cnt_.fetch_add(1);
}

void BlockStmScheduler::check_done() {
  // Both indices past the end and no task in flight is not enough on its own: an index may have
  // been lowered and raised again between the reads. An unchanged decrease count rules that out.
  const std::size_t observed = decrease_cnt_.load();
  chaos("check_done");
  if (std::min(execution_idx_.load(), validation_idx_.load()) >= block_size_ && num_active_tasks_.load() == 0 &&
      observed == decrease_cnt_.load()) {
    done_.store(true);
  }
}

}  // namespace warp
