// The GeneralStateTests runner: parsing, case construction, and that a wrong expectation
// is reported as a failure (a runner that passes everything would pass these otherwise).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "host/log.hpp"
#include "host/statetest/runner.hpp"
#include "host/tx/secret_key.hpp"
#include "host/statetest/statetest.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/state_json.hpp"

namespace warp::statetest {
namespace {

const std::string kExampleDir = std::string(WARPEVM_FIXTURES_DIR) + "/ethereum-tests/GeneralStateTests/stExample";
const std::string kAdd11 = kExampleDir + "/add11.json";

nlohmann::json load(const std::string& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

TEST(StatetestSecretKey, DerivesTheFixtureSender) {
  const auto key = fixed_from_hex<32>("45a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8");
  ASSERT_TRUE(key.has_value());
  const auto a = address_from_secret_key(*key);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(to_hex0x(*a), "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b");
  EXPECT_FALSE(address_from_secret_key(Hash{}).has_value());  // zero is not a secret key
}

TEST(StatetestParse, ReadsEnvTemplateAndCases) {
  const nlohmann::json doc = load(kAdd11);
  const std::vector<StateTest> tests = parse_state_tests(doc, Fork::Cancun);
  ASSERT_EQ(tests.size(), 1u);
  const StateTest& t = tests[0];
  EXPECT_EQ(t.name, "add11");
  EXPECT_EQ(t.env.block.number, 1u);
  EXPECT_EQ(t.env.block.timestamp, 1000u);
  EXPECT_EQ(t.env.block.base_fee, uint256(10));
  EXPECT_EQ(t.env.block.blob_base_fee, uint256(1));  // excess 0: the minimum
  EXPECT_EQ(to_hex0x(t.env.block.coinbase), "0x2adc25665018aa1fe0e6bc666dac8fc2697ff9ba");
  ASSERT_EQ(t.cases.size(), 1u);
  const Transaction tx = make_transaction(t.tx, t.cases[0]);
  EXPECT_EQ(tx.type, TxType::Legacy);
  EXPECT_EQ(tx.gas_limit, 400000u);
  EXPECT_EQ(tx.value, uint256(100000));
  EXPECT_EQ(tx.gas_price, uint256(10));
  ASSERT_TRUE(tx.to.has_value());
  EXPECT_EQ(to_hex0x(*tx.to), "0x095e7baea6a6c7c4c2dfeb977efac326af552d87");
  EXPECT_EQ(to_hex0x(tx.sender), "0xa94f5374fce5edbc8e2a8697c15331677e6ebf0b");
  EXPECT_TRUE(parse_state_tests(doc, Fork::Prague)[0].cases.empty());
}

TEST(StatetestParse, TemplateFieldsChooseTheType) {
  nlohmann::json doc = load(kAdd11);
  nlohmann::json& tx = doc["add11"]["transaction"];
  tx["accessLists"] = nlohmann::json::array({nlohmann::json::array(
      {{{"address", "0x095e7baea6a6c7c4c2dfeb977efac326af552d87"}, {"storageKeys", {"0x01"}}}})});
  Transaction t1 = make_transaction(parse_state_tests(doc, Fork::Cancun)[0].tx, Case{});
  EXPECT_EQ(t1.type, TxType::AccessList);
  ASSERT_EQ(t1.access_list.size(), 1u);
  EXPECT_EQ(t1.access_list[0].storage_keys[0], uint256(1).to_hash());

  tx.erase("gasPrice");
  tx["maxFeePerGas"] = "0x20";
  tx["maxPriorityFeePerGas"] = "0x02";
  tx["to"] = "";
  Transaction t2 = make_transaction(parse_state_tests(doc, Fork::Cancun)[0].tx, Case{});
  EXPECT_EQ(t2.type, TxType::DynamicFee);
  EXPECT_EQ(t2.max_fee_per_gas, uint256(32));
  EXPECT_FALSE(t2.to.has_value());

  tx["maxFeePerBlobGas"] = "0x10";
  tx["blobVersionedHashes"] = nlohmann::json::array();
  EXPECT_EQ(parse_state_tests(doc, Fork::Cancun)[0].tx.base.type, TxType::Blob);
}

TEST(StatetestParse, MalformedInputThrows) {
  nlohmann::json doc = load(kAdd11);
  doc["add11"]["transaction"]["nonce"] = "0xzz";
  EXPECT_THROW(parse_state_tests(doc, Fork::Cancun), std::runtime_error);
  nlohmann::json bad_index = load(kAdd11);
  bad_index["add11"]["post"]["Cancun"][0]["indexes"]["data"] = 5;
  EXPECT_THROW(parse_state_tests(bad_index, Fork::Cancun), std::runtime_error);
}

TEST(StatetestBlockHash, IsKeccakOfTheDecimalNumber) {
  const std::string s = "0";
  EXPECT_EQ(state_test_block_hash(0), keccak256(reinterpret_cast<const uint8_t*>(s.data()), 1));
  EXPECT_NE(state_test_block_hash(1), state_test_block_hash(10));
}

class StatetestCase : public ::testing::Test {
 protected:
  CaseOutcome run(const nlohmann::json& doc) {
    const std::vector<StateTest> tests = parse_state_tests(doc, Fork::Cancun);
    const State pre = load_state_from_json(*tests[0].pre);
    return run_case(tests[0], tests[0].cases[0], pre, Fork::Cancun, scratch);
  }
  TransitionScratch scratch;
};

TEST_F(StatetestCase, FixturePasses) {
  const CaseOutcome c = run(load(kAdd11));
  EXPECT_EQ(c.outcome, Outcome::Passed) << c.message;
  EXPECT_EQ(c.test, "add11");
  EXPECT_EQ(c.label, "d=0,g=0,v=0");
}

TEST_F(StatetestCase, WrongStateRootFails) {
  nlohmann::json doc = load(kAdd11);
  doc["add11"]["post"]["Cancun"][0]["hash"] = "0x" + std::string(64, '1');
  const CaseOutcome c = run(doc);
  EXPECT_EQ(c.outcome, Outcome::Failed);
  EXPECT_NE(c.message.find("state root"), std::string::npos) << c.message;
}

TEST_F(StatetestCase, WrongLogsHashFails) {
  nlohmann::json doc = load(kAdd11);
  doc["add11"]["post"]["Cancun"][0]["logs"] = "0x" + std::string(64, '2');
  const CaseOutcome c = run(doc);
  EXPECT_EQ(c.outcome, Outcome::Failed);
  EXPECT_NE(c.message.find("logs hash"), std::string::npos) << c.message;
}

TEST_F(StatetestCase, MissingExpectedExceptionFails) {
  nlohmann::json doc = load(kAdd11);
  doc["add11"]["post"]["Cancun"][0]["expectException"] = "TransactionException.INTRINSIC_GAS_TOO_LOW";
  const CaseOutcome c = run(doc);
  EXPECT_EQ(c.outcome, Outcome::Failed);
  EXPECT_NE(c.message.find("INTRINSIC_GAS_TOO_LOW"), std::string::npos) << c.message;
}

TEST_F(StatetestCase, RejectedTransactionKeepsThePreStateRoot) {
  nlohmann::json doc = load(kAdd11);
  doc["add11"]["transaction"]["gasLimit"][0] = "0x5000";  // below the intrinsic 21000
  const State pre = load_state_from_json(doc["add11"]["pre"]);
  doc["add11"]["post"]["Cancun"][0]["hash"] = to_hex0x(pre.state_root());
  doc["add11"]["post"]["Cancun"][0]["logs"] = to_hex0x(logs_hash({}));
  // Without the expectation the rejection itself is the failure...
  const CaseOutcome unexpected = run(doc);
  EXPECT_EQ(unexpected.outcome, Outcome::Failed);
  EXPECT_NE(unexpected.message.find("unexpected rejection"), std::string::npos) << unexpected.message;
  // ...with it, the untouched pre-state is the expected post-state.
  doc["add11"]["post"]["Cancun"][0]["expectException"] = "TransactionException.INTRINSIC_GAS_TOO_LOW";
  const CaseOutcome expected = run(doc);
  EXPECT_EQ(expected.outcome, Outcome::Passed) << expected.message;
}

TEST(StatetestRunner, RunsAFolderInFileOrder) {
  const std::vector<TestFile> files = collect_test_files({kExampleDir});
  ASSERT_GE(files.size(), 5u);
  EXPECT_EQ(files[0].folder, "stExample");
  for (size_t i = 1; i < files.size(); ++i) EXPECT_LT(files[i - 1].name, files[i].name);
  RunOptions options;
  options.threads = 2;
  size_t progress_calls = 0;
  options.progress = [&](size_t, size_t total) {
    ++progress_calls;
    EXPECT_EQ(total, files.size());
  };
  const RunReport report = run_state_tests(files, options);
  EXPECT_EQ(progress_calls, files.size());
  EXPECT_EQ(report.failed, 0u) << (report.failures.empty() ? "" : report.failures[0].c.message);
  EXPECT_GE(report.passed, files.size());
  EXPECT_EQ(report.by_folder.at("stExample").passed, report.passed);
  EXPECT_EQ(summary_line(report), std::to_string(report.passed) + " passed, 0 failed");
}

TEST(StatetestRunner, UnreadableFileIsOneFailure) {
  const auto dir = std::filesystem::temp_directory_path() / "warpevm_statetest_runner_test";
  std::filesystem::create_directories(dir);
  const auto path = dir / "broken.json";
  std::ofstream(path) << "{ not json";
  const std::vector<CaseOutcome> out = run_file(path, Fork::Cancun);
  std::filesystem::remove_all(dir);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].outcome, Outcome::Failed);
  EXPECT_NE(out[0].message.find("cannot load"), std::string::npos);
}

TEST(StatetestRunner, MissingPathThrows) {
  EXPECT_THROW(collect_test_files({"/nonexistent/warpevm/statetests"}), std::runtime_error);
}

TEST(StatetestRunner, SummaryMentionsSkipsOnlyWhenThereAreSome) {
  RunReport r;
  r.passed = 3;
  r.failed = 1;
  EXPECT_EQ(summary_line(r), "3 passed, 1 failed");
  r.skipped = 2;
  EXPECT_EQ(summary_line(r), "3 passed, 1 failed, 2 skipped");
}

}  // namespace
}  // namespace warp::statetest
