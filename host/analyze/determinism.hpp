// `warpevm analyze --determinism N`: the block run N times under every executor, with thread
// counts and scheduler chaos seeds varied, each run compared bit for bit with the sequential
// executor's (DESIGN.md section 1: the result is what sequential execution produces).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/analyze/analysis_block.hpp"
#include "host/executor/block_executor.hpp"
#include "state/state.hpp"

namespace warp {

struct DeterminismOptions {
  size_t runs_per_executor = 6;  // N
  // Empty: every executor of executor_names() except "sequential" (the reference); "gpu" is
  // there only when a device is.
  std::vector<std::string> executors;
  uint64_t seed = 1;  // the chaos seeds after each executor's first run are derived from it
};

struct DeterminismRun {
  std::string executor;
  size_t threads = 0;
  uint64_t chaos_seed = 0;           // 0: no chaos (each executor's first run)
  double seconds = 0;                // execute(), root included
  bool sequential_fallback = false;  // the executor redid the block sequentially itself
};

// How one run's result differs from the reference: the first differing transaction when a
// receipt differs (nullopt when only block totals or the post-state do), and one line saying
// what differs.
struct Divergence {
  size_t run = 0;  // index into DeterminismReport::runs
  std::optional<size_t> tx;
  std::string what;
};

struct DeterminismReport {
  DeterminismRun reference;  // the sequential run
  std::vector<DeterminismRun> runs;
  std::vector<Divergence> divergences;  // at most one per run
  bool deterministic() const { return divergences.empty(); }
};

// The first difference between two runs of one block, checked in this order: receipt count,
// each receipt (inclusion, rejection code, error, status, gas used, cumulative gas, blob gas,
// logs, contract address), block gas, logs hash, state root, then the post-states account by
// account (the lowest differing address, and in it the lowest differing slot). nullopt when
// identical. `run` is left 0.
std::optional<Divergence> first_divergence(const BlockResult& expected, const State& expected_post,
                                           const BlockResult& got, const State& got_post);

// Runs the reference, then runs_per_executor runs of each executor, each on a fresh copy of
// the pre-state, threads cycling 1, 2, 4, 8. Throws std::invalid_argument for an unknown
// executor name (make_executor's message).
DeterminismReport check_determinism(const AnalysisBlock& block, const DeterminismOptions& options = {});

}  // namespace warp
