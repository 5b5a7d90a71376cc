// The block file between `bench --save-block` and `analyze`: a generated block survives the
// round trip (same pre-state root, same transactions and senders, same environment, so the
// same post-state root), and bad files are refused with the field named.
#include <gtest/gtest.h>

#include "bench/workloads/workload.hpp"
#include "host/analyze/block_file.hpp"
#include "host/executor/block_executor.hpp"

namespace warp {
namespace {

bench::Workload small_block() {
  bench::WorkloadOptions wo;
  wo.kind = bench::WorkloadKind::Mixed;
  wo.txs = 120;
  wo.accounts = 40;
  wo.seed = 3;
  bench::Workload w = bench::generate_workload(wo);
  bench::recover_senders(w.txs, 1);
  return w;
}

TEST(AnalyzeBlockFile, GeneratedBlockRoundTripsAndExecutesTheSame) {
  const bench::Workload w = small_block();
  const nlohmann::json file = block_file_json(w.pre_state, w.txs, w.env, Fork::Cancun);
  const AnalysisBlock block = parse_block_file(nlohmann::json::parse(file.dump()));
  EXPECT_EQ(block.pre.state_root(), w.pre_state.state_root());
  ASSERT_EQ(block.txs.size(), w.txs.size());
  for (size_t i = 0; i < w.txs.size(); ++i) {
    EXPECT_EQ(block.txs[i].hash, w.txs[i].hash) << i;
    EXPECT_EQ(block.txs[i].sender, w.txs[i].sender) << i;
  }
  EXPECT_EQ(block.env.context.coinbase, w.env.context.coinbase);
  EXPECT_EQ(block.env.context.number, w.env.context.number);
  EXPECT_EQ(block.env.context.timestamp, w.env.context.timestamp);
  EXPECT_EQ(block.env.context.gas_limit, w.env.context.gas_limit);
  EXPECT_EQ(block.env.context.prevrandao, w.env.context.prevrandao);
  EXPECT_EQ(block.env.context.base_fee, w.env.context.base_fee);
  EXPECT_EQ(block.env.chain_id, w.env.chain_id);

  State a = w.pre_state, b = block.pre;
  auto seq = make_executor("sequential", 1);
  const Hash expected = seq->execute(a, w.txs, w.env, Fork::Cancun).state_root;
  EXPECT_EQ(seq->execute(b, block.txs, block.env, block.fork).state_root, expected);
}

TEST(AnalyzeBlockFile, BadFilesAreRefusedWithTheFieldNamed) {
  const bench::Workload w = small_block();
  const nlohmann::json good = block_file_json(w.pre_state, w.txs, w.env, Fork::Cancun);
  auto refused = [](const nlohmann::json& j, const std::string& needle) {
    try {
      parse_block_file(j);
    } catch (const std::exception& e) {
      return std::string(e.what()).find(needle) != std::string::npos ? ::testing::AssertionSuccess()
                                                                     : ::testing::AssertionFailure() << e.what();
    }
    return ::testing::AssertionFailure() << "accepted";
  };
  nlohmann::json j = good;
  j["format"] = "other/2";
  EXPECT_TRUE(refused(j, "unknown format"));
  j = good;
  j.erase("pre");
  EXPECT_TRUE(refused(j, "pre"));
  j = good;
  j["fork"] = "Homestead";
  EXPECT_TRUE(refused(j, "unknown fork"));
  j = good;
  j["transactions"][5] = "0x1234";
  EXPECT_TRUE(refused(j, "transaction 5"));
  j = good;
  j["transactions"][2] = 7;
  EXPECT_TRUE(refused(j, "transaction 2"));
  j = good;
  j["env"]["coinbase"] = "0x12";
  EXPECT_TRUE(refused(j, "env.coinbase"));
  EXPECT_TRUE(refused(nlohmann::json::array(), "not a JSON object"));
}

}  // namespace
}  // namespace warp
