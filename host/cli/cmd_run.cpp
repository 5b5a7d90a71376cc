// `warpevm run`: the embedded default (DESIGN.md section 7). A seeded mixed block of about
// 20,000 transactions run by every executor this build has, a small table of throughput
// and speedups, and "roots agree: yes" (exit 0) or "no" (exit 1). `--hash` keeps the
// earlier Keccak and state-root hashing workload reachable.
#include <fstream>
#include <iostream>
#include <string>

#include "bench/hash_workload.hpp"
#include "bench/report/conflict_graph.hpp"
#include "bench/report/format.hpp"
#include "bench/report/matrix.hpp"
#include "host/cli/commands.hpp"

namespace warp::cli {

namespace {

struct RunOptions {
  bool hash = false;
  size_t txs = 20'000;
  size_t accounts = 0;  // 0: the mode's default (10,000 for the block, 50,000 for --hash)
  size_t messages = bench::HashWorkloadOptions{}.messages;
  unsigned threads = 0;
  uint64_t seed = 1;
  size_t repeat = 1;
  uint64_t chaos_seed = 0;
  std::string conflicts;
  bool verbose = false;
};

int run_hash(const RunOptions& o) {
  bench::HashWorkloadOptions h;
  h.messages = o.messages;
  if (o.accounts) h.accounts = o.accounts;
  h.threads = o.threads;
  h.seed = o.seed;
  const bench::HashWorkloadReport report = bench::run_hash_workload(h, std::cerr);
  bench::print_hash_report(report, std::cout);
  return report.results_agree ? 0 : 1;
}

int run_block(const RunOptions& o) {
  bench::MatrixOptions m;
  m.workloads = {bench::WorkloadKind::Mixed};
  m.txs = o.txs;
  m.accounts = {o.accounts ? o.accounts : bench::WorkloadOptions{}.accounts};
  m.seed = o.seed;
  m.executors = bench::available_executors(std::cerr);
  m.threads = {o.threads};
  m.repeat = o.repeat;
  m.chaos_seed = o.chaos_seed;
  m.record_conflicts = !o.conflicts.empty();
  m.verbose = o.verbose;
  const bench::MatrixResult result = bench::run_matrix(m, std::cerr);
  const bench::BenchRecord& base = result.report.results.front();
  std::cout << base.workload << " block: " << base.txs << " txs, " << base.accounts << " accounts, "
            << bench::group_thousands(static_cast<double>(base.gas)) << " gas, seed " << o.seed << '\n';
  bench::print_table(result.report, std::cout, false);
  if (!o.conflicts.empty()) {
    std::ofstream file(o.conflicts);
    file << bench::conflicts_file_json(result.conflicts).dump(1) << '\n';
    if (!file) {
      std::cerr << "warpevm run: cannot write " << o.conflicts << '\n';
      return 2;
    }
    std::cerr << "conflict graph written to " << o.conflicts << '\n';
  }
  return result.report.roots_agree ? 0 : 1;
}

}  // namespace

void add_run_command(CLI::App& app, int& exit_code) {
  auto* cmd =
      app.add_subcommand("run",
                         "run the embedded default block (seeded mixed workload) on every available executor and check "
                         "that all of them agree with the sequential one");
  static RunOptions o;
  auto* hash = cmd->add_flag("--hash", o.hash, "run the Keccak batch / state root hashing workload instead");
  cmd->add_option("--txs", o.txs, "transactions in the block")->check(CLI::PositiveNumber);
  cmd->add_option("--accounts", o.accounts,
                  "accounts (block: 10000 by default, fewer = more contention; --hash: 50000 in the state)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--messages", o.messages, "--hash: Keccak inputs to hash")->check(CLI::PositiveNumber)->needs(hash);
  cmd->add_option("--threads", o.threads, "threads of the parallel executors (0 = all)");
  cmd->add_option("--seed", o.seed, "workload seed");
  cmd->add_option("--repeat", o.repeat, "timed runs per executor, each on a fresh pre-state; the median is shown")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--chaos-seed", o.chaos_seed, "seeded random delays in the parallel schedulers (0 = none)");
  cmd->add_option("--conflicts", o.conflicts, "write the block's conflict graph as JSON to this file");
  cmd->add_flag("--verbose", o.verbose, "executor statistics of every run on stderr");
  cmd->callback([&exit_code] { exit_code = o.hash ? run_hash(o) : run_block(o); });
}

}  // namespace warp::cli
