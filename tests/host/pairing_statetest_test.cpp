// The pairing precompiles end to end, through the EVM: the ethereum/tests state tests that call
// ECADD/ECMUL/ECPAIRING (stZeroKnowledge, stZeroKnowledge2) and POINT_EVALUATION (the Cancun
// EIP-4844 Pyspecs) must all pass, and none may be skipped as an unsupported precompile.
#include <gtest/gtest.h>

#include <string>

#include "host/statetest/runner.hpp"

namespace warp::statetest {
namespace {

void expect_all_pass(const std::string& folder, size_t min_cases) {
  const std::string path = std::string(WARPEVM_FIXTURES_DIR) + "/ethereum-tests/GeneralStateTests/" + folder;
  size_t passed = 0;
  for (const auto& file : collect_test_files({path})) {
    for (const auto& c : run_file(file.path, Fork::Cancun)) {
      EXPECT_EQ(c.outcome, Outcome::Passed)
          << file.name << " " << c.test << " " << c.label << ": " << c.message << c.skipped_because;
      if (c.outcome == Outcome::Passed) ++passed;
    }
  }
  EXPECT_GE(passed, min_cases) << folder;
}

TEST(PairingStateTests, ZeroKnowledge) { expect_all_pass("stZeroKnowledge", 800); }
TEST(PairingStateTests, ZeroKnowledge2) { expect_all_pass("stZeroKnowledge2", 380); }
TEST(PairingStateTests, PointEvaluation) { expect_all_pass("Pyspecs/cancun/eip4844_blobs", 540); }

}  // namespace
}  // namespace warp::statetest
