#include "bench/report/matrix.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <memory>
#include <ostream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "bench/report/compare.hpp"
#include "bench/report/format.hpp"
#include "host/executor/block_executor.hpp"
#include "host/executor/gpu/gpu_root_hasher.hpp"
#include "state/bytes.hpp"

namespace warp::bench {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

struct Run {
  std::string executor;
  size_t threads = 1;
};

// sequential first, then every other executor at every thread count, in the order given.
std::vector<Run> plan_runs(const MatrixOptions& o) {
  std::vector<Run> runs{{"sequential", 1}};
  for (const std::string& name : o.executors) {
    if (name == "sequential") continue;
    for (size_t t : o.threads) runs.push_back({name, t});
  }
  return runs;
}

struct Timed {
  BenchRecord record;
  std::unique_ptr<BlockExecutor> executor;  // kept for the conflict recording
};

// Every timed run starts from its own copy of the pre-state; the copy is not timed.
Timed time_run(const Run& run, const Workload& w, const MatrixOptions& o, const BlockResult* reference,
               BlockResult* result_out) {
  Timed t;
  t.executor = make_executor(run.executor, run.threads, o.chaos_seed);
  BenchRecord& r = t.record;
  r.executor = std::string(t.executor->name());
  r.threads = t.executor->threads();
  r.txs = w.txs.size();
  r.repeats = std::max<size_t>(o.repeat, 1);
  std::vector<double> times;
  for (size_t i = 0; i < r.repeats; ++i) {
    State state = w.pre_state;
    const auto start = Clock::now();
    BlockResult result = t.executor->execute(state, w.txs, w.env, w.fork);
    times.push_back(seconds_since(start));
    // Every repetition is checked: a parallel executor that differs once is wrong.
    const BlockResult& expected = reference ? *reference : (i == 0 ? result : *result_out);
    if (r.agrees) {
      r.mismatch = compare_block_results(expected, result);
      r.agrees = r.mismatch.empty();
    }
    if (i == 0) {
      r.gas = result.gas_used;
      r.state_root = to_hex0x(result.state_root);
      if (result_out) *result_out = std::move(result);
    }
  }
  r.seconds = median(times);
  r.stats = t.executor->stats();
  r.reexecutions = r.stats.reexecutions;
  return t;
}

// The first executor of the block that records a conflict graph, run once more, untimed.
CellConflicts record_conflicts(std::vector<Timed>& timed, const Workload& w, size_t accounts) {
  CellConflicts c{w.name, accounts, w.txs.size(), {}, 0, {}};
  for (Timed& t : timed) {
    State state = w.pre_state;
    t.executor->set_record_conflicts(true);
    t.executor->execute(state, w.txs, w.env, w.fork);
    t.executor->set_record_conflicts(false);
    const std::vector<ConflictEdge>& edges = t.executor->conflicts();
    if (edges.empty()) continue;
    c.executor = t.record.executor;
    c.threads = t.record.threads;
    c.edges = edges;
    return c;
  }
  // Nothing recorded: either no executor records conflicts, or the block has none.
  return c;
}

}  // namespace

void check_executors(const std::vector<std::string>& names) {
  for (const std::string& name : names) make_executor(name, 1);
}

std::vector<std::string> available_executors(std::ostream& progress) {
  std::vector<std::string> usable;
  for (const std::string& name : executor_names()) {
    try {
      make_executor(name, 1);
      usable.push_back(name);
    } catch (const std::exception& e) {
      progress << "skipping executor " << name << ": " << e.what() << '\n';
    }
  }
  return usable;
}

MatrixResult run_matrix(const MatrixOptions& o, std::ostream& progress) {
  MatrixResult out;
  out.report.seed = o.seed;
  out.report.chaos_seed = o.chaos_seed;
  out.report.repeat = std::max<size_t>(o.repeat, 1);
  out.report.num_cpus = std::max(1u, std::thread::hardware_concurrency());
  const std::vector<Run> runs = plan_runs(o);

  for (WorkloadKind kind : o.workloads) {
    for (size_t accounts : o.accounts) {
      WorkloadOptions wo;
      wo.kind = kind;
      wo.txs = o.txs;
      wo.accounts = accounts;
      wo.pools = o.pools;
      wo.hot_fraction = o.hot_fraction;
      wo.seed = o.seed;
      progress << "generating " << to_string(kind) << ": " << o.txs << " txs, " << accounts << " accounts, " << o.pools
               << " pools, hot fraction " << o.hot_fraction << ", seed " << o.seed << '\n';
      auto start = Clock::now();
      Workload w = generate_workload(wo);
      progress << "  generated in " << seconds_since(start) << " s\n";
      start = Clock::now();
      // With a device in the run, the signing hashes are one Keccak batch on it (DESIGN.md section 6).
      const bool on_gpu = std::find(o.executors.begin(), o.executors.end(), "gpu") != o.executors.end();
      const size_t unrecovered = recover_senders(w.txs, 0, on_gpu ? gpu_root_hasher(1) : cpu_batch_hasher());
      const double recover_seconds = seconds_since(start);
      progress << "  recovered " << w.txs.size() << " senders in " << recover_seconds << " s (not timed"
               << (on_gpu ? "; signing hashes on the GPU" : "") << ")\n";
      if (unrecovered) progress << "  warning: " << unrecovered << " signatures did not recover\n";

      BlockResult reference;
      double sequential_seconds = 0;
      std::vector<Timed> timed;
      for (const Run& run : runs) {
        progress << "  " << run.executor;
        if (run.executor != "sequential")
          progress << ", " << (run.threads ? std::to_string(run.threads) : std::string("all")) << " threads";
        progress << ": " << out.report.repeat << " timed run" << (out.report.repeat == 1 ? "" : "s") << '\n';
        const bool baseline = timed.empty();
        Timed t = time_run(run, w, o, baseline ? nullptr : &reference, baseline ? &reference : nullptr);
        BenchRecord& r = t.record;
        r.workload = w.name.empty() ? std::string(to_string(kind)) : w.name;
        r.accounts = accounts;
        r.pools = o.pools;
        r.hot_fraction = o.hot_fraction;
        r.recover_seconds = recover_seconds;
        if (baseline) sequential_seconds = r.seconds;
        derive_rates(r, sequential_seconds);
        progress << "    " << r.seconds << " s, " << group_thousands(r.tx_per_s) << " tx/s, root " << r.state_root
                 << '\n';
        if (!r.agrees) {
          progress << "    MISMATCH with sequential: " << r.mismatch << '\n';
          out.report.roots_agree = false;
        }
        if (o.verbose) print_stats(r, progress);
        out.report.results.push_back(r);
        timed.push_back(std::move(t));
      }
      if (o.record_conflicts) {
        progress << "  recording the conflict graph (untimed run)\n";
        out.conflicts.push_back(record_conflicts(timed, w, accounts));
        if (out.conflicts.back().executor.empty()) progress << "  no executor of this run recorded a conflict edge\n";
      }
    }
  }
  return out;
}

}  // namespace warp::bench
