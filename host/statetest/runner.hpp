// Runs GeneralStateTests files: every case of the chosen fork through apply_transaction,
// comparing the post-state root and the logs hash (and whether the transaction was
// rejected) with the fixture. Files run in parallel on oneTBB; results come back in file
// order, so the report does not depend on the thread count.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "host/executor/block_executor.hpp"
#include "host/statetest/statetest.hpp"
#include "host/transition.hpp"
#include "kernels/evm/fork.hpp"
#include "state/state.hpp"

namespace warp::statetest {

struct TestFile {
  std::filesystem::path path;
  std::string name;    // path relative to the folder given (or the path as given)
  std::string folder;  // the folder part of `name` ("." for a file at the top)
};

// Every *.json under each path (recursively for folders), sorted by name within a folder.
// Throws std::runtime_error for a path that does not exist.
std::vector<TestFile> collect_test_files(const std::vector<std::string>& paths);

enum class Outcome { Passed, Failed, Skipped };

struct CaseOutcome {
  std::string test;   // the test's name inside the file
  std::string label;  // "d=0,g=1,v=0" (data, gas and value indexes); empty for a file error
  Outcome outcome = Outcome::Passed;
  std::string message;          // why it failed or was skipped
  std::string skipped_because;  // the unsupported precompile's name, for skips
};

// One case: `pre` is the test's pre-state (copied, not changed).
// With `executor`, the transaction runs as a one-transaction block through it instead of
// through apply_transaction (the parallel executors must pass every case too).
// With `traced` (and no executor), apply_transaction records a call trace, checked against
// the receipt.
CaseOutcome run_case(const StateTest& test, const Case& c, const State& pre, Fork fork, TransitionScratch& scratch,
                     BlockExecutor* executor = nullptr, bool traced = false);

// All cases of one file, in file order. A file that cannot be read or parsed yields a
// single failed outcome saying why.
std::vector<CaseOutcome> run_file(const std::filesystem::path& path, Fork fork);

struct FolderCounts {
  size_t passed = 0, failed = 0, skipped = 0;
};

struct RunReport {
  size_t files = 0;
  size_t passed = 0, failed = 0, skipped = 0;
  struct Entry {
    std::string file;
    CaseOutcome c;
  };
  std::vector<Entry> failures;  // in file order
  std::vector<Entry> skips;
  std::map<std::string, size_t> skipped_by_precompile;
  std::map<std::string, FolderCounts> by_folder;
  double seconds = 0;
};

struct RunOptions {
  Fork fork = Fork::Cancun;
  unsigned threads = 0;  // 0: all hardware threads
  // "sequential": apply_transaction; "traced": the same with a call trace (host/trace), whose
  // top frame must end as the receipt says; any other make_executor name runs each case
  // through it.
  std::string executor = "sequential";
  // Called after each file, from any thread but never concurrently: (files done, total).
  std::function<void(size_t, size_t)> progress;
};

RunReport run_state_tests(const std::vector<TestFile>& files, const RunOptions& options);

// The summary line: "N passed, M failed" plus ", K skipped" when K > 0.
std::string summary_line(const RunReport& report);

}  // namespace warp::statetest
