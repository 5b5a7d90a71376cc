// The determinism check (host/analyze/determinism): the mixed workload under every CPU-side
// executor, thread counts and chaos seeds varied, agrees with the sequential run; and a
// result tampered with after the fact is reported, with the transaction or account it names.
#include <gtest/gtest.h>

#include <set>

#include "bench/workloads/workload.hpp"
#include "host/analyze/determinism.hpp"

namespace warp {
namespace {

AnalysisBlock mixed_block() {
  bench::WorkloadOptions o;
  o.kind = bench::WorkloadKind::Mixed;
  o.txs = 300;
  o.accounts = 60;  // a few transactions per sender: nonce chains and shared recipients
  o.pools = 2;
  o.seed = 9;
  bench::Workload w = bench::generate_workload(o);
  EXPECT_EQ(bench::recover_senders(w.txs, 2), 0u);
  return AnalysisBlock{std::move(w.pre_state), std::move(w.txs), std::move(w.env), w.fork};
}

TEST(AnalyzeDeterminism, MixedWorkloadHasNoDivergence) {
  const AnalysisBlock block = mixed_block();
  DeterminismOptions options;
  options.runs_per_executor = 6;
  options.executors = {"cpu", "gpu-emu"};
  const DeterminismReport r = check_determinism(block, options);

  ASSERT_EQ(r.runs.size(), 12u);
  for (const Divergence& d : r.divergences)
    ADD_FAILURE() << r.runs[d.run].executor << " threads=" << r.runs[d.run].threads
                  << " chaos=" << r.runs[d.run].chaos_seed << ": " << d.what;
  EXPECT_TRUE(r.deterministic());
  EXPECT_EQ(r.reference.executor, "sequential");

  // Each executor: no chaos on its first run, distinct non-zero seeds after, threads varied.
  for (size_t e = 0; e < 2; ++e) {
    std::set<uint64_t> seeds;
    std::set<size_t> threads;
    for (size_t k = 0; k < 6; ++k) {
      const DeterminismRun& run = r.runs[e * 6 + k];
      EXPECT_EQ(run.executor, options.executors[e]);
      if (k == 0)
        EXPECT_EQ(run.chaos_seed, 0u);
      else
        EXPECT_NE(run.chaos_seed, 0u);
      seeds.insert(run.chaos_seed);
      threads.insert(run.threads);
    }
    EXPECT_EQ(seeds.size(), 6u);
    EXPECT_EQ(threads, (std::set<size_t>{1, 2, 4, 8}));
  }
}

TEST(AnalyzeDeterminism, DefaultExecutorsLeaveOutTheReference) {
  AnalysisBlock block = mixed_block();
  block.txs.resize(20);
  DeterminismOptions options;
  options.runs_per_executor = 1;
  const DeterminismReport r = check_determinism(block, options);
  std::vector<std::string> expected;
  for (const std::string& name : executor_names())
    if (name != "sequential") expected.push_back(name);
  ASSERT_EQ(r.runs.size(), expected.size());
  for (size_t k = 0; k < expected.size(); ++k) EXPECT_EQ(r.runs[k].executor, expected[k]);
  EXPECT_TRUE(r.deterministic());
}

TEST(AnalyzeDeterminism, UnknownExecutorThrows) {
  AnalysisBlock block = mixed_block();
  block.txs.resize(1);
  DeterminismOptions options;
  options.executors = {"no-such-executor"};
  EXPECT_THROW(check_determinism(block, options), std::invalid_argument);
}

struct Reference {
  BlockResult result;
  State post;
};

Reference sequential_run(const AnalysisBlock& block) {
  Reference ref{{}, block.pre};
  ref.result = make_executor("sequential", 1)->execute(ref.post, block.txs, block.env, block.fork);
  return ref;
}

TEST(AnalyzeDeterminism, TamperedResultsAreReported) {
  AnalysisBlock block = mixed_block();
  block.txs.resize(60);
  const Reference ref = sequential_run(block);
  ASSERT_EQ(ref.result.receipts.size(), 60u);
  EXPECT_FALSE(first_divergence(ref.result, ref.post, ref.result, ref.post).has_value());
  // A second, independent run of the reference is identical too.
  const Reference again = sequential_run(block);
  EXPECT_FALSE(first_divergence(ref.result, ref.post, again.result, again.post).has_value());

  {  // gas of one receipt
    BlockResult bad = ref.result;
    bad.receipts[17].gas_used += 1;
    const auto d = first_divergence(ref.result, ref.post, bad, ref.post);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->tx, std::optional<size_t>(17));
    EXPECT_NE(d->what.find("gas_used"), std::string::npos) << d->what;
  }
  {  // one byte of a log's data, in the first receipt that has logs
    size_t k = 0;
    while (k < 60 && ref.result.receipts[k].logs.empty()) ++k;
    ASSERT_LT(k, 60u) << "the mixed workload emits ERC-20 and swap logs";
    BlockResult bad = ref.result;
    ASSERT_FALSE(bad.receipts[k].logs[0].data.empty());
    bad.receipts[k].logs[0].data[0] ^= 1;
    const auto d = first_divergence(ref.result, ref.post, bad, ref.post);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->tx, std::optional<size_t>(k));
    EXPECT_NE(d->what.find("log"), std::string::npos) << d->what;
  }
  {  // a status, with the earlier receipt untouched: the first differing one is named
    BlockResult bad = ref.result;
    bad.receipts[40].status = EvmStatus::Revert;
    bad.receipts[50].gas_used += 5;
    const auto d = first_divergence(ref.result, ref.post, bad, ref.post);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->tx, std::optional<size_t>(40));
  }
  {  // one storage slot of the post-state: no transaction to name, the account is
    State bad = ref.post;
    ASSERT_TRUE(block.txs[0].to.has_value());
    const Address target = *block.txs[0].to;
    const auto slot = uint256(0xabcdef);
    bad.set_storage(target, slot, bad.storage(target, slot) + uint256(1));
    const auto d = first_divergence(ref.result, ref.post, ref.result, bad);
    ASSERT_TRUE(d.has_value());
    EXPECT_FALSE(d->tx.has_value());
    EXPECT_NE(d->what.find(to_hex0x(target)), std::string::npos) << d->what;
    EXPECT_NE(d->what.find("0xabcdef"), std::string::npos) << d->what;
  }
  {  // an extra account
    State bad = ref.post;
    Address stray{};
    stray.bytes[0] = 0x5e;
    bad.set_balance(stray, uint256(1));
    const auto d = first_divergence(ref.result, ref.post, ref.result, bad);
    ASSERT_TRUE(d.has_value());
    EXPECT_NE(d->what.find(to_hex0x(stray)), std::string::npos) << d->what;
  }
  {  // the root alone
    BlockResult bad = ref.result;
    bad.state_root.bytes[31] ^= 1;
    const auto d = first_divergence(ref.result, ref.post, bad, ref.post);
    ASSERT_TRUE(d.has_value());
    EXPECT_NE(d->what.find("state root"), std::string::npos) << d->what;
  }
  {  // a missing receipt
    BlockResult bad = ref.result;
    bad.receipts.pop_back();
    const auto d = first_divergence(ref.result, ref.post, bad, ref.post);
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(d->tx, std::optional<size_t>(59));
  }
}

}  // namespace
}  // namespace warp
