// The differential check (DESIGN.md section 1: the result is what sequential execution in
// block order produces): every executor, at several thread counts and under seeded chaos,
// must give receipts, logs, gas, logs hash, post-state and state root identical to the
// sequential executor's on the same block.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "host/executor/block_executor.hpp"
#include "host/transition.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "state/state.hpp"

namespace warp::difftest {

// Adds a GoogleTest failure for every difference between two block results: receipt count,
// then per receipt (first differing transaction named with its index) inclusion and
// rejection code, error, status, gas used, cumulative gas, blob gas, logs byte for byte and
// contract address; then the block totals, logs hash and state root. `label` names the run
// (executor, threads, chaos seed). Returns true when they are identical.
bool expect_same_result(const BlockResult& expected, const BlockResult& got, const std::string& label);

// Adds a failure for the first account (and field) in which two States differ; true when
// they hold exactly the same accounts, code, balances, nonces and storage.
bool expect_same_state(const State& expected, const State& got, const std::string& label);

struct ReferenceRun {
  BlockResult result;
  State post_state;
};

// Runs the block with the sequential executor on a copy of `pre_state` (the reference), then
// every other executor of executor_names() at 1, 2, 4 and 8 threads, each also under two
// chaos seeds, each on its own fresh copy of the pre-state, and checks that every run gives
// the reference's result and post-state. Returns the reference, for the caller's sanity
// checks on what the block actually did.
ReferenceRun run_all_executors(const State& pre_state, std::span<const Transaction> txs, const BlockEnv& env,
                               Fork fork = Fork::Cancun);

// The executors other than "sequential" that run_all_executors compares (empty while only
// the reference exists: the tests then check the reference alone).
std::vector<std::string> parallel_executor_names();

}  // namespace warp::difftest
