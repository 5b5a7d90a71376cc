#include "host/executor/sequential_executor.hpp"

#include <oneapi/tbb/task_arena.h>

#include <chrono>

namespace warp {

namespace {
double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}
}  // namespace

BlockResult SequentialExecutor::execute(State& state, std::span<const Transaction> txs, const BlockEnv& env,
                                        Fork fork) {
  stats_ = ExecutorStats{};
  std::vector<Receipt> receipts;
  receipts.reserve(txs.size());
  BlockUsage usage;
  const auto t0 = std::chrono::steady_clock::now();
  for (const Transaction& tx : txs) {
    Receipt r = apply_transaction(state, tx, env, fork, usage, scratch_);
    count_usage(usage, r);
    receipts.push_back(std::move(r));
  }
  BlockResult out = summarize_receipts(std::move(receipts));
  stats_.executions = txs.size();
  stats_.seconds_execute = seconds_since(t0);
  const auto t1 = std::chrono::steady_clock::now();
  // One thread for the root too: this is the single-threaded reference the parallel
  // executors' speedups are measured against (the trie hasher would otherwise use every core).
  tbb::task_arena one_thread(1);
  one_thread.execute([&] { out.state_root = state.state_root(); });
  stats_.seconds_root = seconds_since(t1);
  return out;
}

}  // namespace warp
