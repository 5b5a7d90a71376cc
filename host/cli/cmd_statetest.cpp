// `warpevm statetest PATH...`: ethereum/tests GeneralStateTests through the sequential
// transition function. Failing cases one per line on stdout, progress on stderr, and the
// last line "N passed, M failed" (", K skipped" when a case needed a precompile that is not
// built). Exit 0 only when nothing failed.
#include <iostream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "host/cli/commands.hpp"
#include "host/statetest/runner.hpp"

namespace warp::cli {

namespace {

struct StatetestOptions {
  std::vector<std::string> paths;
  std::string fork = "Cancun";
  unsigned threads = 0;
  std::string executor = "sequential";
  bool json = false;
  bool verbose = false;
  bool by_folder = false;
};

nlohmann::json report_json(const statetest::RunReport& r, const std::string& fork) {
  nlohmann::json j;
  j["fork"] = fork;
  j["files"] = r.files;
  j["passed"] = r.passed;
  j["failed"] = r.failed;
  j["skipped"] = r.skipped;
  j["seconds"] = r.seconds;
  j["failures"] = nlohmann::json::array();
  for (const auto& f : r.failures)
    j["failures"].push_back({{"file", f.file}, {"test", f.c.test}, {"case", f.c.label}, {"message", f.c.message}});
  j["skipped_precompiles"] = nlohmann::json::object();
  for (const auto& [name, count] : r.skipped_by_precompile) j["skipped_precompiles"][name] = count;
  j["folders"] = nlohmann::json::object();
  for (const auto& [folder, c] : r.by_folder)
    j["folders"][folder] = {{"passed", c.passed}, {"failed", c.failed}, {"skipped", c.skipped}};
  return j;
}

std::string case_name(const statetest::RunReport::Entry& e) {
  std::string s = e.file;
  if (!e.c.test.empty()) s += "::" + e.c.test;
  if (!e.c.label.empty()) s += "[" + e.c.label + "]";
  return s;
}

int run_statetest(const StatetestOptions& o) {
  const auto fork = statetest::fork_from_name(o.fork);
  if (!fork || !transition_supports(*fork)) {
    std::cerr << "warpevm statetest: unsupported fork '" << o.fork << "' (supported: Shanghai, Cancun)\n";
    return 2;
  }
  std::vector<statetest::TestFile> files;
  try {
    files = statetest::collect_test_files(o.paths);
  } catch (const std::exception& e) {
    std::cerr << "warpevm statetest: " << e.what() << "\n";
    return 2;
  }
  if (files.empty()) {
    std::cerr << "warpevm statetest: no .json files found\n";
    return 2;
  }

  statetest::RunOptions options;
  options.fork = *fork;
  options.threads = o.threads;
  options.executor = o.executor;
  size_t next_report = 0;
  options.progress = [&next_report](size_t done, size_t total) {
    if (done < next_report && done != total) return;
    std::cerr << "statetest: " << done << "/" << total << " files\n";
    next_report = done + (total + 19) / 20;  // about every 5%
  };
  statetest::RunReport report;
  try {
    report = statetest::run_state_tests(files, options);
  } catch (const std::invalid_argument& e) {  // an unknown executor
    std::cerr << "warpevm statetest: " << e.what() << "\n";
    return 2;
  }

  if (o.by_folder || o.verbose) {
    for (const auto& [folder, c] : report.by_folder)
      std::cerr << "  " << folder << ": " << c.passed << " passed, " << c.failed << " failed"
                << (c.skipped ? ", " + std::to_string(c.skipped) + " skipped" : std::string()) << "\n";
  }
  std::cerr << "statetest: " << report.files << " files in " << report.seconds << " s\n";

  if (o.json) {
    std::cout << report_json(report, o.fork).dump(2) << "\n";
    std::cerr << statetest::summary_line(report) << "\n";
  } else {
    for (const auto& f : report.failures) std::cout << "FAIL " << case_name(f) << ": " << f.c.message << "\n";
    if (report.skipped > 0) {
      if (o.verbose)
        for (const auto& s : report.skips) std::cout << "SKIP " << case_name(s) << ": " << s.c.message << "\n";
      std::cout << "skipped (unsupported precompiles):";
      for (const auto& [name, count] : report.skipped_by_precompile) std::cout << " " << name << " " << count;
      std::cout << "\n";
    }
    std::cout << statetest::summary_line(report) << "\n";
  }
  return report.failed == 0 ? 0 : 1;
}

}  // namespace

void add_statetest_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("statetest", "run ethereum/tests GeneralStateTests JSON files or folders");
  static StatetestOptions o;
  cmd->add_option("paths", o.paths, "test files or folders (searched recursively for *.json)")->required();
  cmd->add_option("--fork", o.fork, "fork whose post-states are checked")->capture_default_str();
  cmd->add_option("-j,--threads", o.threads, "worker threads (0 = all)");
  cmd->add_option("--executor", o.executor,
                  "run each case as a one-transaction block through this executor (sequential: the transition "
                  "function directly; traced: the same with a call trace, as `analyze` runs it)")
      ->capture_default_str();
  cmd->add_flag("--json", o.json, "machine-readable report on stdout");
  cmd->add_flag("-v,--verbose", o.verbose, "list skipped cases and per-folder counts");
  cmd->add_flag("--by-folder", o.by_folder, "per-folder counts on stderr");
  cmd->callback([&exit_code] { exit_code = run_statetest(o); });
}

}  // namespace warp::cli
