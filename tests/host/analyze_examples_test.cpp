// The example blocks in docs/examples (what docs/safety.md and the cli.analyze.example_* tests
// run `warpevm analyze` on) are the scenario blocks of analyze_scenarios, saved as block files.
// This test keeps them equal to what the builders make now. To rewrite them after a deliberate
// change of a scenario or a contract, run the test with WARPEVM_WRITE_EXAMPLES=1.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "host/analyze/block_file.hpp"
#include "tests/host/analyze_scenarios.hpp"

namespace warp {
namespace {

using namespace warp::test;

struct Example {
  const char* file;
  std::function<AnalysisBlock()> block;
};

const Example kExamples[] = {
    {"reentrant-vault.block.json", [] { return vault_scenario(false, 1).block; }},
    {"read-only-reentrancy.block.json", [] { return vault_scenario(false, 3).block; }},
    {"relayer-griefing.block.json", [] { return relayer_scenario(false, kRelayGenerousGas).block; }},
    {"unbounded-distribution.block.json", [] { return distributor_scenario(6).block; }},
    {"amm-sandwich.block.json", [] { return sandwich_scenario(true).block; }},
};

TEST(AnalyzeExamples, CheckedInBlocksAreTheScenarios) {
  const bool write = std::getenv("WARPEVM_WRITE_EXAMPLES") != nullptr;
  for (const Example& e : kExamples) {
    const AnalysisBlock b = e.block();
    const std::string want = block_file_json(b.pre, b.txs, b.env, b.fork).dump(1) + "\n";
    const std::string path = std::string(WARPEVM_SOURCE_DIR) + "/docs/examples/" + e.file;
    if (write) {
      std::ofstream(path) << want;
      continue;
    }
    std::ifstream in(path);
    ASSERT_TRUE(in.good()) << "missing " << path << " (run with WARPEVM_WRITE_EXAMPLES=1)";
    std::stringstream have;
    have << in.rdbuf();
    EXPECT_EQ(have.str(), want) << path << " differs from its scenario (run with WARPEVM_WRITE_EXAMPLES=1)";
    // And it loads as `analyze` loads it.
    const AnalysisBlock loaded = load_block_file(path);
    EXPECT_EQ(loaded.txs.size(), b.txs.size());
    EXPECT_EQ(loaded.pre.state_root(), b.pre.state_root());
  }
}

}  // namespace
}  // namespace warp
