#include "host/statetest/runner.hpp"

#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <sstream>
#include <stdexcept>

#include "host/log.hpp"
#include "state/state_json.hpp"

namespace warp::statetest {

namespace fs = std::filesystem;

namespace {

// What runs a case (interpreter arena, code cache, the executor when not apply_transaction
// directly), handed to whichever task runs it. A pool rather than thread-local storage: a TBB
// thread waiting inside a nested parallel loop (the trie hasher) may pick up another case.
struct CaseWorker {
  TransitionScratch scratch;
  std::unique_ptr<BlockExecutor> executor;  // null: apply_transaction
};

class WorkerPool {
 public:
  explicit WorkerPool(std::string executor) : executor_(std::move(executor)) {}
  std::unique_ptr<CaseWorker> take() {
    {
      std::lock_guard lock(mutex_);
      if (!free_.empty()) {
        auto s = std::move(free_.back());
        free_.pop_back();
        return s;
      }
    }
    auto w = std::make_unique<CaseWorker>();
    // Two workers for a one-transaction block: the second finds nothing to do, which is
    // also a schedule the executor must handle.
    if (!on_transition()) w->executor = make_executor(executor_, 2);
    return w;
  }
  // The case runs through apply_transaction itself (traced or not), not an executor.
  bool on_transition() const { return executor_ == "sequential" || executor_ == "traced"; }
  bool traced() const { return executor_ == "traced"; }
  void give(std::unique_ptr<CaseWorker> s) {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(s));
  }

 private:
  std::string executor_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<CaseWorker>> free_;
};

std::string case_label(const Case& c) {
  return "d=" + std::to_string(c.data_index) + ",g=" + std::to_string(c.gas_index) +
         ",v=" + std::to_string(c.value_index);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<CaseOutcome> run_file_with(const fs::path& path, Fork fork, WorkerPool& pool) {
  nlohmann::json doc;
  std::vector<StateTest> tests;
  try {
    doc = nlohmann::json::parse(read_file(path));
    tests = parse_state_tests(doc, fork);
  } catch (const std::exception& e) {
    CaseOutcome bad;
    bad.outcome = Outcome::Failed;
    bad.message = std::string("cannot load the file: ") + e.what();
    return {bad};
  }

  std::vector<CaseOutcome> out;
  for (const StateTest& t : tests) {
    if (t.cases.empty()) continue;
    const size_t first = out.size();
    out.resize(first + t.cases.size());
    State pre;
    try {
      pre = load_state_from_json(*t.pre);
    } catch (const std::exception& e) {
      for (size_t i = 0; i < t.cases.size(); ++i) {
        out[first + i] =
            CaseOutcome{t.name, case_label(t.cases[i]), Outcome::Failed, std::string("bad pre-state: ") + e.what(), {}};
      }
      continue;
    }
    // Cases of one test are independent: a file with many slow cases would otherwise keep
    // one thread busy long after the others ran out of files.
    tbb::parallel_for(size_t{0}, t.cases.size(), [&](size_t i) {
      try {
        auto scratch = pool.take();
        out[first + i] = run_case(t, t.cases[i], pre, fork, scratch->scratch, scratch->executor.get(), pool.traced());
        pool.give(std::move(scratch));
      } catch (const std::exception& e) {  // out of memory, arena reservation refused
        out[first + i] = CaseOutcome{
            t.name, case_label(t.cases[i]), Outcome::Failed, std::string("cannot run the case: ") + e.what(), {}};
      }
    });
  }
  return out;
}

// A cheap estimate of a file's run time: the gas its cases may burn. Used only to start
// the expensive files first, so that one huge case (stTimeConsuming's 2^32-round BLAKE2F)
// does not begin last and leave every other thread idle.
uint64_t estimate_cost(const fs::path& path, Fork fork) {
  try {
    const nlohmann::json doc = nlohmann::json::parse(read_file(path));
    uint64_t cost = 0;
    for (const StateTest& t : parse_state_tests(doc, fork))
      for (const Case& c : t.cases) cost += std::min<uint64_t>(t.tx.gas_limits[c.gas_index], UINT64_MAX - cost);
    return cost;
  } catch (const std::exception&) {
    return 0;  // reported when the file is run
  }
}

}  // namespace

std::vector<TestFile> collect_test_files(const std::vector<std::string>& paths) {
  std::vector<TestFile> files;
  for (const std::string& p : paths) {
    fs::path root = fs::path(p).lexically_normal();
    if (root.filename().empty()) root = root.parent_path();  // "dir/" names the folder "dir"
    std::error_code ec;
    if (fs::is_regular_file(root, ec)) {
      files.push_back(TestFile{root, p, root.parent_path().empty() ? "." : root.parent_path().generic_string()});
      continue;
    }
    if (!fs::is_directory(root, ec)) throw std::runtime_error("no such file or folder: " + p);
    std::vector<TestFile> found;
    for (const auto& entry : fs::recursive_directory_iterator(root)) {
      if (!entry.is_regular_file() || entry.path().extension() != ".json") continue;
      // Named from the folder given, inclusive: "stExample/add11.json" for stExample/.
      const fs::path rel = entry.path().lexically_relative(root.parent_path());
      const std::string folder = rel.parent_path().empty() ? "." : rel.parent_path().generic_string();
      found.push_back(TestFile{entry.path(), rel.generic_string(), folder});
    }
    std::sort(found.begin(), found.end(), [](const TestFile& a, const TestFile& b) { return a.name < b.name; });
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

CaseOutcome run_case(const StateTest& test, const Case& c, const State& pre, Fork fork, TransitionScratch& scratch,
                     BlockExecutor* executor, bool traced) {
  CaseOutcome out;
  out.test = test.name;
  out.label = case_label(c);
  auto fail = [&](std::string message) {
    out.outcome = Outcome::Failed;
    out.message = std::move(message);
    return out;
  };

  State state = pre;
  const Transaction tx = make_transaction(test.tx, c);
  BlockEnv env;
  env.context = test.env.block;
  env.blob_base_fee = test.env.blob_base_fee;
  env.chain_id = 1;
  env.block_hash = state_test_block_hash;
  Receipt r;
  std::optional<Hash> executor_root;
  if (executor != nullptr) {
    BlockResult block = executor->execute(state, std::span<const Transaction>(&tx, 1), env, fork);
    r = std::move(block.receipts.at(0));
    executor_root = block.state_root;
  } else {
    CallTrace trace;
    r = apply_transaction(state, tx, env, fork, BlockUsage{}, scratch, traced ? &trace : nullptr);
    // The trace's top frame is the transaction's message: it ran exactly when the transaction
    // was included, and ended with the receipt's status.
    if (traced && r.included() &&
        (trace.frames.empty() || !trace.frames[0].ended || trace.frames[0].status != r.status))
      return fail("the call trace's top frame does not end as the receipt says");
    if (traced && r.rejection && !trace.frames.empty()) return fail("a rejected transaction has a call trace");
  }

  if (r.unsupported_precompile) {
    out.outcome = Outcome::Skipped;
    out.skipped_because = r.unsupported_precompile;
    out.message = r.error;
    return out;
  }
  if (!r.error.empty()) return fail(r.error);
  if (!c.expect_exception.empty() && !r.rejection)
    return fail("expected " + c.expect_exception + " but the transaction was valid (status " + to_string(r.status) +
                ", gas used " + std::to_string(r.gas_used) + ")");
  if (c.expect_exception.empty() && r.rejection)
    return fail(std::string("unexpected rejection ") + rejection_name(r.rejection->code) + ": " + r.rejection->message);

  const Hash root = state.state_root();
  if (executor_root && *executor_root != root)
    return fail("the executor reported state root " + to_hex0x(*executor_root) + " for a state whose root is " +
                to_hex0x(root));
  if (root != c.state_root)
    return fail("state root " + to_hex0x(root) + ", expected " + to_hex0x(c.state_root) + " (status " +
                to_string(r.status) + ", gas used " + std::to_string(r.gas_used) + ")");
  const Hash logs = logs_hash(r.logs);
  if (logs != c.logs_hash)
    return fail("logs hash " + to_hex0x(logs) + ", expected " + to_hex0x(c.logs_hash) + " (" +
                std::to_string(r.logs.size()) + " logs)");
  return out;
}

std::vector<CaseOutcome> run_file(const fs::path& path, Fork fork) {
  WorkerPool pool("sequential");
  return run_file_with(path, fork, pool);
}

RunReport run_state_tests(const std::vector<TestFile>& files, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::vector<CaseOutcome>> results(files.size());
  WorkerPool pool(options.executor);
  if (!pool.on_transition()) (void)make_executor(options.executor, 1);  // unknown name: throw now
  std::atomic<size_t> done{0};
  std::mutex progress_mutex;

  const int threads = options.threads == 0 ? tbb::task_arena::automatic : static_cast<int>(options.threads);
  tbb::task_arena arena(threads);
  arena.execute([&] {
    // Longest first (by estimated cost), pulled one at a time from a shared counter; the
    // cases inside a file run in parallel too (run_file_with).
    std::vector<uint64_t> cost(files.size());
    tbb::parallel_for(size_t{0}, files.size(), [&](size_t i) { cost[i] = estimate_cost(files[i].path, options.fork); });
    std::vector<size_t> order(files.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return cost[a] > cost[b]; });

    std::atomic<size_t> next{0};
    tbb::task_group workers;
    for (int w = 0; w < arena.max_concurrency(); ++w) {
      workers.run([&] {
        for (size_t k = next++; k < order.size(); k = next++) {
          const size_t i = order[k];
          results[i] = run_file_with(files[i].path, options.fork, pool);
          const size_t n = ++done;
          if (options.progress) {
            std::lock_guard lock(progress_mutex);
            options.progress(n, files.size());
          }
        }
      });
    }
    workers.wait();
  });

  RunReport report;
  report.files = files.size();
  for (size_t i = 0; i < files.size(); ++i) {
    FolderCounts& folder = report.by_folder[files[i].folder];
    for (CaseOutcome& c : results[i]) {
      switch (c.outcome) {
        case Outcome::Passed:
          ++report.passed;
          ++folder.passed;
          break;
        case Outcome::Failed:
          ++report.failed;
          ++folder.failed;
          report.failures.push_back(RunReport::Entry{files[i].name, std::move(c)});
          break;
        case Outcome::Skipped:
          ++report.skipped;
          ++folder.skipped;
          ++report.skipped_by_precompile[c.skipped_because];
          report.skips.push_back(RunReport::Entry{files[i].name, std::move(c)});
          break;
      }
    }
  }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

std::string summary_line(const RunReport& report) {
  std::string s = std::to_string(report.passed) + " passed, " + std::to_string(report.failed) + " failed";
  if (report.skipped > 0) s += ", " + std::to_string(report.skipped) + " skipped";
  return s;
}

}  // namespace warp::statetest
