// The engine of `warpevm run` and `warpevm bench`: for each workload and contention level,
// generate the block once, recover its senders, then time execute() of every executor
// (sequential first: the baseline and the oracle) on its own copy of the pre-state, and
// check each result against the sequential one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "bench/report/bench_record.hpp"
#include "bench/workloads/workload.hpp"

namespace warp::bench {

struct MatrixOptions {
  std::vector<WorkloadKind> workloads{WorkloadKind::Mixed};
  std::vector<size_t> accounts{10'000};  // contention levels: fewer accounts = more conflicts
  size_t txs = 20'000;
  size_t pools = 4;
  double hot_fraction = 0;
  uint64_t seed = 1;
  // Run in this order after "sequential", which is always run first (once, one thread).
  std::vector<std::string> executors;
  std::vector<size_t> threads{0};  // for every executor but sequential; 0 = all hardware threads
  size_t repeat = 1;               // timed runs per cell; the median is reported
  uint64_t chaos_seed = 0;         // passed to make_executor
  bool record_conflicts = false;   // one more, untimed, run per block to record its conflict graph
  bool verbose = false;            // ExecutorStats of every run on `progress`
};

struct MatrixResult {
  BenchReport report;
  std::vector<CellConflicts> conflicts;  // one per block when record_conflicts
};

// Constructs each named executor once, so that a wrong name fails before any work is done.
// Throws what make_executor throws (std::invalid_argument naming the executors that exist).
void check_executors(const std::vector<std::string>& names);

// executor_names() without those that cannot be built here (each named on `progress`, with
// the reason).
std::vector<std::string> available_executors(std::ostream& progress);

MatrixResult run_matrix(const MatrixOptions& options, std::ostream& progress);

}  // namespace warp::bench
