// The one interface every executor implements (DESIGN.md section 5): a block of transactions
// (senders recovered) applied to a State, giving exactly the sequential executor's receipts,
// logs and state root. The CLI, the benchmark and the differential tests pick executors by
// name through make_executor and never see their types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "host/transition.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/evm/hash.hpp"
#include "state/state.hpp"
#include "state/state_key.hpp"

namespace warp {

struct BlockResult {
  std::vector<Receipt> receipts;  // one per transaction, rejected ones included (not applied)
  uint64_t gas_used = 0;          // by included transactions
  uint64_t blob_gas_used = 0;
  Hash logs_hash{};  // keccak(rlp(all logs of the block, in order))
  Hash state_root{};
  size_t rejected = 0;  // transactions not included (invalid or not executable here)
};

// The block totals from its receipts, in order: gas and blob gas of the included ones, each
// receipt's cumulative gas, the rejected count and the logs hash. The state root is left to
// the caller.
BlockResult summarize_receipts(std::vector<Receipt> receipts);

// A dependency between two transactions of the block, from their final read and write sets:
// `to` read (ReadAfterWrite) or overwrote (WriteAfterWrite) `key`, last written below it by
// `from`. Deterministic: it does not depend on how the run was scheduled.
enum class ConflictKind : uint8_t { ReadAfterWrite, WriteAfterWrite };
struct ConflictEdge {
  uint32_t from = 0;
  uint32_t to = 0;
  ConflictKind kind = ConflictKind::ReadAfterWrite;
  StateKey key{};
};

struct KeyAborts {
  StateKey key{};
  uint64_t aborts = 0;  // failed validations in which this key's read was stale
};

// What the last execute() did. Fields an executor has no notion of stay zero.
struct ExecutorStats {
  uint64_t executions = 0;    // transaction runs, first ones and re-runs
  uint64_t reexecutions = 0;  // executions beyond one per transaction
  uint64_t validations = 0;
  uint64_t aborts = 0;       // failed validations
  uint64_t suspensions = 0;  // runs stopped on an ESTIMATE to wait for a lower transaction
  bool sequential_fallback = false;  // the block was redone by the sequential executor
  std::string fallback_reason;       // why, when it was
  // Transactions from the first one the block's gas could no longer hold, run sequentially
  // after the parallel part was committed (0: none).
  uint64_t sequential_tail = 0;
  // Aborts outnumbered useful executions (a hot chain): the rest of the block ran on one worker.
  bool narrowed_to_one_worker = false;
  std::vector<KeyAborts> hottest_keys;  // most aborts first, at most 10
  // GPU executors (gpu, gpu-emu): device rounds, the transactions each round ran, and the
  // transactions the host ran instead, by reason (a device reason such as "precompile", or
  // "conflict": the device's result read a key an earlier transaction of the round changed).
  uint64_t rounds = 0;
  std::vector<uint64_t> round_executions;
  uint64_t host_executions = 0;
  std::vector<std::pair<std::string, uint64_t>> host_reasons;  // most first
  bool host_tail = false;  // a hot chain: the rest of the block ran on the host, not the device
  // Seconds per phase; the sum is about the wall time of execute().
  double seconds_execute = 0;  // the parallel (or sequential) run of the transactions
  double seconds_commit = 0;   // writing the final values into the State
  double seconds_root = 0;     // the state root
  // GPU executors: parts of seconds_execute.
  double seconds_prepare = 0;   // flat snapshot and transaction records built on the host
  double seconds_copy_in = 0;   // snapshot, transactions and changed entries to the device
  double seconds_kernel = 0;    // the execute kernel (emulated: the TBB loop)
  double seconds_copy_out = 0;  // outcomes back to the host
  double seconds_validate = 0;  // read sets checked and writes applied, in block order
  double seconds_host = 0;      // transactions the host ran
};

class BlockExecutor {
 public:
  virtual ~BlockExecutor() = default;
  virtual std::string_view name() const = 0;
  virtual size_t threads() const = 0;
  // Applies `txs` to `state` and returns receipts and the post-state root. An invalid
  // transaction is skipped, as a block builder would; its receipt says why.
  virtual BlockResult execute(State& state, std::span<const Transaction> txs, const BlockEnv& env, Fork fork) = 0;
  virtual const ExecutorStats& stats() const = 0;
  // Collect the conflict graph of the next execute() calls (costs time; off by default).
  virtual void set_record_conflicts(bool on) { (void)on; }
  virtual const std::vector<ConflictEdge>& conflicts() const;
};

// "sequential" or "cpu" (threads: 0 = all hardware threads). chaos_seed != 0 makes a
// parallel executor inject seeded random yields and sleeps at its scheduler's decision
// points (tests and --chaos-seed: the result must not change). Throws std::invalid_argument
// naming the executors that exist when `name` is not one of them.
std::unique_ptr<BlockExecutor> make_executor(std::string_view name, size_t threads, uint64_t chaos_seed = 0);
std::vector<std::string> executor_names();

}  // namespace warp
