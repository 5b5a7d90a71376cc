// The `gpu` and `gpu-emu` executors (DESIGN.md section 5): rounds. Each round runs every
// pending transaction (up to a window) on the backend against the flat snapshot of the
// committed state, then the host walks the outcomes in block order: an outcome whose reads
// no transaction committed earlier in the round has changed is committed as is; any other
// transaction (a conflict, NeedsHost, or one the device was not given) runs on the host
// right there, against the committed state, and is committed. When conflicts pass a budget,
// the round ends, and the next round re-runs on the device only the outcomes of the window
// that are stale by then, against the updated snapshot; the others wait, still valid, and are
// checked again when their turn comes (validation is by value against the committed state,
// so an outcome from an older snapshot is exactly as good as a fresh one). A stale
// read of a key many of the round's transactions write (a hot chain: swaps through one pool,
// one sender's nonce chain) does not count against the budget: another round would find it
// stale again, so the host runs those links in order instead of spending a round per link.
// Two rounds in a row that commit little from the device hand the rest of the block to the
// host.
//
// The result is the sequential executor's by construction: every transaction is committed in
// order, either from a run whose every input still holds or from a run on the committed state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "host/executor/block_executor.hpp"
#include "host/executor/gpu/exec_backend.hpp"
#include "host/transition.hpp"
#include "state/flat/flat_state.hpp"

namespace warp {

class GpuExecutor final : public BlockExecutor {
 public:
  struct Options {
    // At most this many transactions per round (bounds the outcome buffers: 12 KiB each).
    size_t window = 16384;
    // A round ends once more than max(min_conflict_budget, window run / 32) of its outcomes
    // turned out stale (hot-chain links aside): past that, running the rest again on the
    // device is cheaper than running every stale one on the host.
    size_t min_conflict_budget = 32;
    // A stale read of a key that at least this many of the window's first runs write outright
    // (with different values) is a link of a hot chain: the host runs it at once, without
    // ending the round.
    size_t hot_chain_writers = 8;
    // After two rounds in a row that each committed less than this fraction of their
    // transactions from the device, the rest of the block runs on the host.
    double hot_fraction = 0.25;
    // State roots hashed by this (empty: the CPU batch hasher).
    BatchHasher root_hasher;
  };

  // `name`: "gpu" or "gpu-emu"; threads: the TBB arena for the host's work (0: all cores).
  GpuExecutor(std::string name, std::unique_ptr<ExecBackend> backend, size_t threads, Options options);
  GpuExecutor(std::string name, std::unique_ptr<ExecBackend> backend, size_t threads);

  std::string_view name() const override { return name_; }
  size_t threads() const override { return threads_; }
  BlockResult execute(State& state, std::span<const Transaction> txs, const BlockEnv& env, Fork fork) override;
  const ExecutorStats& stats() const override { return stats_; }

 private:
  BlockResult run_block(State& state, std::span<const Transaction> txs, const BlockEnv& env, Fork fork);

  std::string name_;
  std::unique_ptr<ExecBackend> backend_;
  size_t threads_;
  Options options_;
  FlatState flat_;
  TransitionScratch scratch_;  // the host's runs (one at a time, in block order)
  // Outcome records of the current window. Raw storage (TxOutcome is an implicit-lifetime
  // aggregate): zero-filling a window's worth (window x 12 KiB) would cost more than running
  // it, and each run writes the parts it uses.
  struct FreeOutcomes {
    void operator()(TxOutcome* p) const { std::free(p); }
  };
  std::unique_ptr<TxOutcome[], FreeOutcomes> outcomes_;
  size_t outcome_capacity_ = 0;
  ExecutorStats stats_;
};

}  // namespace warp
