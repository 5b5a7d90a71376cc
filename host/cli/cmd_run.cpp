#include <iostream>

#include "bench/hash_workload.hpp"
#include "host/cli/commands.hpp"

namespace warp::cli {

void add_run_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("run", "run the embedded default workload on every available executor");
  static bench::HashWorkloadOptions options;
  cmd->add_option("--messages", options.messages, "Keccak inputs to hash")->check(CLI::PositiveNumber);
  cmd->add_option("--accounts", options.accounts, "accounts in the generated state")->check(CLI::PositiveNumber);
  cmd->add_option("--threads", options.threads, "CPU threads (0 = all)");
  cmd->add_option("--seed", options.seed, "workload seed");
  cmd->callback([&exit_code] {
    const bench::HashWorkloadReport report = bench::run_hash_workload(options, std::cerr);
    bench::print_hash_report(report, std::cout);
    exit_code = report.results_agree ? 0 : 1;
  });
}

}  // namespace warp::cli
