// `warpevm bench`: workloads x contention levels x executors x thread counts. Results on
// stdout (a table, --json or --csv), progress on stderr; exit 0 when every executor agreed
// with the sequential one, 1 when one did not, 2 for a usage error (an unknown workload or
// executor) before anything runs.
#include <exception>
#include <fstream>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "bench/report/conflict_graph.hpp"
#include "bench/report/format.hpp"
#include "bench/report/matrix.hpp"
#include "bench/report/plot.hpp"
#include "bench/workloads/workload.hpp"
#include "host/analyze/block_file.hpp"
#include "host/cli/commands.hpp"

namespace warp::cli {

namespace {

struct BenchOptions {
  std::vector<std::string> workloads{"erc20", "amm", "transfer", "mixed"};
  std::vector<size_t> accounts{100, 1'000, 10'000};
  size_t txs = 10'000;
  size_t pools = bench::WorkloadOptions{}.pools;
  double hot_fraction = 0;
  std::vector<std::string> executors;  // empty: every executor this build can construct
  std::vector<size_t> threads{0};
  uint64_t seed = 1;
  size_t repeat = 1;
  uint64_t chaos_seed = 0;
  bool json = false;
  bool csv = false;
  std::string plot;
  std::string conflicts;
  std::string save_block;
  bool verbose = false;
};

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream file(path);
  file << text;
  return static_cast<bool>(file);
}

// --save-block: the run's one block (pre-state, signed transactions, environment) in the
// file format `warpevm analyze` reads. Generation is seeded, so this is the block the run times.
int save_block(const BenchOptions& o, const bench::MatrixOptions& m) {
  if (m.workloads.size() != 1 || o.accounts.size() != 1) {
    std::cerr << "warpevm bench: --save-block needs one --workload and one --accounts value\n";
    return 2;
  }
  bench::WorkloadOptions wo;
  wo.kind = m.workloads[0];
  wo.txs = o.txs;
  wo.accounts = o.accounts[0];
  wo.pools = o.pools;
  wo.hot_fraction = o.hot_fraction;
  wo.seed = o.seed;
  const bench::Workload w = bench::generate_workload(wo);
  if (!write_file(o.save_block, block_file_json(w.pre_state, w.txs, w.env, Fork::Cancun).dump(1) + "\n")) {
    std::cerr << "warpevm bench: cannot write " << o.save_block << '\n';
    return 2;
  }
  std::cerr << "block written to " << o.save_block << '\n';
  return 0;
}

int run_bench(const BenchOptions& o) {
  bench::MatrixOptions m;
  m.workloads.clear();
  for (const std::string& name : o.workloads) {
    const auto kind = bench::parse_workload_kind(name);
    if (!kind) {
      std::cerr << "warpevm bench: unknown workload '" << name << "' (known: erc20, amm, transfer, mixed)\n";
      return 2;
    }
    m.workloads.push_back(*kind);
  }
  if (o.executors.empty()) {
    m.executors = bench::available_executors(std::cerr);
  } else {
    try {
      bench::check_executors(o.executors);
    } catch (const std::exception& e) {
      std::cerr << "warpevm bench: cannot use executor: " << e.what() << '\n';
      return 2;
    }
    m.executors = o.executors;
  }
  m.accounts = o.accounts;
  m.txs = o.txs;
  m.pools = o.pools;
  m.hot_fraction = o.hot_fraction;
  m.seed = o.seed;
  m.threads = o.threads;
  m.repeat = o.repeat;
  m.chaos_seed = o.chaos_seed;
  m.record_conflicts = !o.conflicts.empty();
  m.verbose = o.verbose;
  if (!o.save_block.empty()) {
    if (const int code = save_block(o, m); code != 0) return code;
  }

  const bench::MatrixResult result = bench::run_matrix(m, std::cerr);
  if (o.json) {
    std::cout << bench::report_json(result.report).dump(2) << '\n';
  } else if (o.csv) {
    bench::write_csv(result.report, std::cout);
  } else {
    bench::print_table(result.report, std::cout, true);
  }
  std::cout.flush();

  int code = result.report.roots_agree ? 0 : 1;
  if (!o.conflicts.empty()) {
    if (write_file(o.conflicts, bench::conflicts_file_json(result.conflicts).dump(1) + "\n")) {
      std::cerr << "conflict graph written to " << o.conflicts << '\n';
    } else {
      std::cerr << "warpevm bench: cannot write " << o.conflicts << '\n';
      code = 2;
    }
  }
  // The chart is an extra: without gnuplot the run still counts.
  if (!o.plot.empty()) {
    const std::string error = bench::plot_speedup(result.report, o.plot);
    if (error.empty()) {
      std::cerr << "speedup chart written to " << o.plot << '\n';
    } else {
      std::cerr << "warpevm bench: " << error << '\n';
    }
  }
  return code;
}

}  // namespace

void add_bench_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("bench",
                                 "workloads x contention levels x executors x threads; --json or --csv "
                                 "for machines, progress on stderr");
  static BenchOptions o;
  cmd->add_option("--workload,--workloads", o.workloads, "erc20, amm, transfer, mixed (comma list)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--txs", o.txs, "transactions per block")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--accounts", o.accounts, "accounts per block, one block per value (fewer = more contention)")
      ->delimiter(',')
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--pools", o.pools, "AMM pools (amm, mixed); 1 = every swap through one pool")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--hot-fraction", o.hot_fraction, "share of transactions paying one hot account")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_option("--executors", o.executors,
                  "comma list, e.g. sequential,cpu (default: all this build has); sequential always runs first "
                  "as the baseline")
      ->delimiter(',');
  cmd->add_option("--threads", o.threads, "thread counts of the parallel executors, comma list (0 = all)")
      ->delimiter(',')
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "workload seed")->capture_default_str();
  cmd->add_option("--repeat", o.repeat,
                  "timed runs per cell, each on a fresh copy of the pre-state; the MEDIAN is reported")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--chaos-seed", o.chaos_seed, "seeded random delays in the parallel schedulers (0 = none)");
  auto* json = cmd->add_flag("--json", o.json, "one JSON object on stdout: {\"results\": [...], \"roots_agree\": ...}");
  auto* csv = cmd->add_flag("--csv", o.csv, "CSV on stdout, one line per result");
  json->excludes(csv);
  cmd->add_option("--plot", o.plot, "draw speedup against contention to this SVG file (needs gnuplot on PATH)");
  cmd->add_option("--conflicts", o.conflicts,
                  "write the conflict graph of each block as JSON to this file (one more untimed run per block)");
  cmd->add_option("--save-block", o.save_block,
                  "write the block (pre-state, transactions, environment) for `warpevm analyze` to this file");
  cmd->add_flag("--verbose", o.verbose, "executor statistics of every run on stderr");
  cmd->callback([&exit_code] { exit_code = run_bench(o); });
}

}  // namespace warp::cli
