// The Block-STM collaborative scheduler (Gelashvili et al., 2022): hands out execution and
// validation tasks to worker threads so that transactions run optimistically in parallel and
// still end up with the result of sequential execution in block order.
//
// It knows only transaction versions and task kinds (DESIGN.md section 10, after pevm): the
// caller owns the multi-version memory and the interpreter. A worker loop looks like
//
//   std::optional<Task> task;
//   while (!scheduler.done()) {
//     if (!task) task = scheduler.next_task();
//     if (task) task = run(*task);   // execute or validate, then report back below
//   }
//
// Execute(v): run v against the multi-version memory. A read that hits an ESTIMATE written by
// transaction b calls add_dependency(v.tx_index, b); true means the run is suspended (drop it,
// the scheduler re-issues the transaction after b re-executes), false means retry at once.
// After a complete run, publish the writes, then finish_execution(tx, incarnation, wrote a
// location the previous incarnation did not).
// Validate(v): re-check v's reads; on failure, try_validation_abort(v) and, only if that
// returned true, mark v's writes as ESTIMATEs; then finish_validation(tx, aborted).
// Both finish_* calls may hand back the next task for the same worker.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "state/tx_version.hpp"

namespace warp {

enum class TaskKind : uint8_t { Execute, Validate };

struct Task {
  TaskKind kind = TaskKind::Execute;
  TxVersion version;

  friend bool operator==(const Task&, const Task&) = default;
};

// Counted as tasks are handed out or decided; read at any time, exact once done().
struct SchedulerStats {
  uint64_t executions = 0;   // Execute tasks handed out (incarnations started)
  uint64_t validations = 0;  // Validate tasks handed out
  uint64_t aborts = 0;       // successful try_validation_abort calls
  uint64_t suspensions = 0;  // add_dependency calls that suspended a transaction
};

class BlockStmScheduler {
 public:
  // Called with a static string naming the decision point about to be taken. Tests use it to
  // inject yields and sleeps; the outcome of a block must not depend on what it does. Workers
  // call it concurrently, so it must be thread-safe.
  using ChaosHook = std::function<void(const char* point)>;

  explicit BlockStmScheduler(std::size_t block_size, ChaosHook chaos = {});

  BlockStmScheduler(const BlockStmScheduler&) = delete;
  BlockStmScheduler& operator=(const BlockStmScheduler&) = delete;

  // The next task for an idle worker, or nothing (try again unless done()).
  std::optional<Task> next_task();

  // `tx` read an ESTIMATE left by `blocking` (< tx). Returns true when `tx` is now suspended
  // until `blocking` finishes executing; false when `blocking` has already executed again, so
  // the caller should simply retry its read.
  bool add_dependency(TxIndex tx, TxIndex blocking);

  // The execution of (tx, incarnation) is complete and its writes are published.
  std::optional<Task> finish_execution(TxIndex tx, Incarnation incarnation, bool wrote_new_location);

  // Validation of (tx, incarnation) failed. True for the one caller that gets to abort this
  // incarnation (it must then turn its writes into ESTIMATEs); false if another validation of
  // it already did, or it is no longer the executed incarnation.
  bool try_validation_abort(TxIndex tx, Incarnation incarnation);

  // Validation of tx is over; `aborted` is what try_validation_abort returned (false if not called).
  std::optional<Task> finish_validation(TxIndex tx, bool aborted);

  // True once every transaction is executed and validated with no task in flight.
  bool done() const { return done_.load(); }

  std::size_t block_size() const { return block_size_; }
  SchedulerStats stats() const;

 private:
  enum class Status : uint8_t { ReadyToExecute, Executing, Executed, Aborting };

  struct TxState {
    std::mutex status_mutex;  // guards incarnation and status
    Incarnation incarnation = 0;
    Status status = Status::ReadyToExecute;
    std::mutex dependents_mutex;      // guards dependents; taken before status_mutex, never after
    std::vector<TxIndex> dependents;  // transactions suspended until this one executes
  };

  void chaos(const char* point) const {
    if (chaos_) chaos_(point);
  }

  std::optional<TxVersion> try_incarnate(std::size_t tx);
  std::optional<TxVersion> next_version_to_execute();
  std::optional<TxVersion> next_version_to_validate();
  void set_ready_status(TxIndex tx);
  void resume_dependents(std::vector<TxIndex> dependents);
  void decrease_execution_idx(std::size_t target);
  void decrease_validation_idx(std::size_t target);
  void check_done();

  const std::size_t block_size_;
  const ChaosHook chaos_;
  std::unique_ptr<TxState[]> txs_;

  // The paper's shared counters. All accesses are sequentially consistent: check_done's argument
  // (no decrease happened between reading the indices and re-reading decrease_cnt_) needs that.
  std::atomic<std::size_t> execution_idx_{0};
  std::atomic<std::size_t> validation_idx_{0};
  std::atomic<std::size_t> decrease_cnt_{0};
  std::atomic<std::size_t> num_active_tasks_{0};
  std::atomic<bool> done_{false};

  std::atomic<uint64_t> executions_{0};
  std::atomic<uint64_t> validations_{0};
  std::atomic<uint64_t> aborts_{0};
  std::atomic<uint64_t> suspensions_{0};
};

}  // namespace warp
