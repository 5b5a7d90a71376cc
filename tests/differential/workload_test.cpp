// Every executor against the sequential one on the benchmark's generated blocks (signed
// transactions, senders recovered here): native transfers, ERC-20 transfers, AMM swaps
// through one pool (full contention) and four, the mix, and a mix with a hot recipient.
#include "bench/workloads/workload.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>

#include "tests/differential/differential_util.hpp"

namespace warp::difftest {
namespace {

struct Case {
  const char* name;
  bench::WorkloadKind kind;
  size_t pools;
  double hot_fraction;
  uint64_t seed;
};

// Names the case in test listings (ctest -N) instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class Workloads : public ::testing::TestWithParam<Case> {};

TEST_P(Workloads, SameAsSequential) {
  const Case& c = GetParam();
  bench::WorkloadOptions o;
  o.kind = c.kind;
  o.txs = 400;
  o.accounts = 50;
  o.pools = c.pools;
  o.hot_fraction = c.hot_fraction;
  o.seed = c.seed;
  bench::Workload w = bench::generate_workload(o);
  ASSERT_EQ(w.txs.size(), 400u);
  ASSERT_EQ(bench::recover_senders(w.txs, 2), 0u);

  const ReferenceRun ref = run_all_executors(w.pre_state, w.txs, w.env, w.fork);
  // The generator builds blocks in which every transaction goes through: a block that fails
  // everywhere would compare equal and test nothing.
  EXPECT_EQ(ref.result.rejected, 0u);
  size_t successes = 0, with_logs = 0;
  for (const Receipt& r : ref.result.receipts) {
    successes += r.success() ? 1 : 0;
    with_logs += r.logs.empty() ? 0 : 1;
  }
  EXPECT_EQ(successes, w.txs.size());
  if (c.kind != bench::WorkloadKind::Transfer) {
    EXPECT_GT(with_logs, 0u);
  }
}

INSTANTIATE_TEST_SUITE_P(Kinds, Workloads,
                         ::testing::Values(Case{"transfer", bench::WorkloadKind::Transfer, 4, 0, 1},
                                           Case{"erc20", bench::WorkloadKind::Erc20, 4, 0, 2},
                                           Case{"amm_one_pool", bench::WorkloadKind::Amm, 1, 0, 3},
                                           Case{"amm_four_pools", bench::WorkloadKind::Amm, 4, 0, 4},
                                           Case{"mixed", bench::WorkloadKind::Mixed, 4, 0, 5},
                                           Case{"mixed_hot_half", bench::WorkloadKind::Mixed, 4, 0.5, 6},
                                           Case{"transfer_hot_half", bench::WorkloadKind::Transfer, 4, 0.5, 7}),
                         [](const ::testing::TestParamInfo<Case>& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace warp::difftest
