// One measured cell of `warpevm run` / `warpevm bench`: a workload at one contention level,
// run by one executor on some threads. Plain data, shared by the engine and the reporters.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "host/executor/block_executor.hpp"

namespace warp::bench {

struct BenchRecord {
  // The block: which generator and its contention knobs.
  std::string workload;
  size_t accounts = 0;
  size_t pools = 0;
  double hot_fraction = 0;
  // Who ran it.
  std::string executor;
  size_t threads = 0;
  // What it did.
  size_t txs = 0;      // transactions in the block, rejected ones included
  uint64_t gas = 0;    // BlockResult::gas_used
  double seconds = 0;  // median of the timed execute() calls
  size_t repeats = 1;
  double recover_seconds = 0;  // sender recovery of the block, not part of `seconds`
  double tx_per_s = 0;
  double mgas_per_s = 0;
  double speedup = 0;  // sequential seconds of the same block / seconds
  uint64_t reexecutions = 0;
  std::string state_root;  // 0x-hex
  ExecutorStats stats;     // of the last timed run
  bool agrees = true;      // receipts, logs, gas and root equal the sequential executor's
  std::string mismatch;    // the first difference when !agrees
};

struct BenchReport {
  std::vector<BenchRecord> results;
  bool roots_agree = true;
  // Context of the run (the "context" object of the JSON, as Google Benchmark writes one).
  uint64_t seed = 0;
  uint64_t chaos_seed = 0;
  size_t repeat = 1;
  size_t num_cpus = 0;
};

// The conflict graph of one block (one workload at one contention level), as recorded by
// `executor`; empty `executor` when none of the run's executors records conflicts.
struct CellConflicts {
  std::string workload;
  size_t accounts = 0;
  size_t txs = 0;
  std::string executor;
  size_t threads = 0;
  std::vector<ConflictEdge> edges;
};

// Fills tx_per_s, mgas_per_s and speedup from txs, gas, seconds and the sequential
// executor's seconds on the same block (speedup 0 when either time is not positive).
void derive_rates(BenchRecord& r, double sequential_seconds);

// The median of `samples` (the mean of the middle two for an even count; 0 when empty).
double median(std::vector<double> samples);

}  // namespace warp::bench
