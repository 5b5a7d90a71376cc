// The pure parts of `warpevm run` / `warpevm bench`: result comparison, rates, the table,
// JSON and CSV, the conflict graph summary and the gnuplot script.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/report/bench_record.hpp"
#include "bench/report/compare.hpp"
#include "bench/report/conflict_graph.hpp"
#include "bench/report/format.hpp"
#include "bench/report/plot.hpp"

namespace warp::bench {
namespace {

Address addr(uint8_t last) {
  Address a{};
  a.bytes[19] = last;
  return a;
}

BlockResult two_receipts() {
  BlockResult r;
  r.receipts.resize(2);
  r.receipts[0].gas_used = 21'000;
  r.receipts[1].gas_used = 50'000;
  r.gas_used = 71'000;
  r.state_root.bytes[0] = 0xab;
  r.logs_hash.bytes[0] = 0xcd;
  return r;
}

BenchRecord record(const std::string& executor, size_t threads, double seconds, double seq_seconds) {
  BenchRecord r;
  r.workload = "erc20";
  r.accounts = 100;
  r.executor = executor;
  r.threads = threads;
  r.txs = 1'000;
  r.gas = 2'000'000;
  r.seconds = seconds;
  r.state_root = "0xabcd";
  derive_rates(r, seq_seconds);
  return r;
}

BenchReport sample_report() {
  BenchReport rep;
  rep.results.push_back(record("sequential", 1, 1.0, 1.0));
  rep.results.push_back(record("cpu", 2, 0.5, 1.0));
  rep.results[1].reexecutions = 7;
  rep.seed = 3;
  rep.num_cpus = 2;
  return rep;
}

ConflictEdge edge(uint32_t from, uint32_t to, ConflictKind kind, StateKey key) { return {from, to, kind, key}; }

TEST(BenchReport, MedianOfOddEvenAndEmpty) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(median({}), 0);
}

TEST(BenchReport, DerivedRates) {
  const BenchRecord r = record("cpu", 2, 0.5, 1.0);
  EXPECT_DOUBLE_EQ(r.tx_per_s, 2'000);
  EXPECT_DOUBLE_EQ(r.mgas_per_s, 4);
  EXPECT_DOUBLE_EQ(r.speedup, 2);
  const BenchRecord untimed = record("cpu", 2, 0, 1.0);
  EXPECT_EQ(untimed.tx_per_s, 0);
  EXPECT_EQ(untimed.speedup, 0);
}

TEST(BenchReport, GroupsThousands) {
  EXPECT_EQ(group_thousands(1'234'567.4), "1,234,567");
  EXPECT_EQ(group_thousands(999), "999");
  EXPECT_EQ(group_thousands(1'000), "1,000");
  EXPECT_EQ(group_thousands(0), "0");
  EXPECT_EQ(group_thousands(100'000), "100,000");
}

TEST(BenchReport, CompareAcceptsEqualResults) { EXPECT_EQ(compare_block_results(two_receipts(), two_receipts()), ""); }

TEST(BenchReport, CompareFindsEachKindOfDifference) {
  const BlockResult ref = two_receipts();
  BlockResult g = ref;
  g.receipts[1].gas_used = 50'001;
  EXPECT_NE(compare_block_results(ref, g).find("receipt 1: gas 50001"), std::string::npos);

  g = ref;
  g.receipts[0].status = EvmStatus::Revert;
  EXPECT_NE(compare_block_results(ref, g).find("receipt 0: status"), std::string::npos);

  g = ref;
  g.receipts[1].error = "interpreter gave up";
  EXPECT_NE(compare_block_results(ref, g).find("receipt 1: not included"), std::string::npos);

  g = ref;
  g.receipts.pop_back();
  EXPECT_NE(compare_block_results(ref, g).find("receipt count 1"), std::string::npos);

  g = ref;
  g.gas_used = 1;
  EXPECT_NE(compare_block_results(ref, g).find("block gas 1"), std::string::npos);

  g = ref;
  g.logs_hash.bytes[31] = 1;
  EXPECT_NE(compare_block_results(ref, g).find("logs hash"), std::string::npos);

  g = ref;
  g.state_root.bytes[31] = 1;
  EXPECT_NE(compare_block_results(ref, g).find("state root"), std::string::npos);
}

TEST(BenchReport, TableHasOneRowPerResultAndTheVerdict) {
  BenchReport rep = sample_report();
  std::ostringstream out;
  print_table(rep, out, false);
  const std::string s = out.str();
  // Names left-aligned, numbers right-aligned under their headers; no workload column.
  EXPECT_EQ(s,
            "executor    threads   tx/s  Mgas/s  speedup  re-executions\n"
            "sequential        1  1,000     2.0    1.00x              0\n"
            "cpu               2  2,000     4.0    2.00x              7\n"
            "roots agree: yes\n");

  rep.results[1].agrees = false;
  rep.roots_agree = false;
  std::ostringstream bad;
  print_table(rep, bad, true);
  EXPECT_NE(bad.str().find("cpu (MISMATCH)"), std::string::npos);
  EXPECT_NE(bad.str().find("erc20"), std::string::npos);
  EXPECT_NE(bad.str().find("roots agree: no\n"), std::string::npos);
}

TEST(BenchReport, JsonCarriesTheFieldsScriptsRelyOn) {
  const nlohmann::json j = nlohmann::json::parse(report_json(sample_report()).dump());
  ASSERT_EQ(j["results"].size(), 2u);
  const auto& cpu = j["results"][1];
  for (const char* field : {"workload", "executor", "threads", "txs", "gas", "seconds", "tx_per_s", "mgas_per_s",
                            "speedup", "reexecutions", "state_root", "name", "real_time", "items_per_second"})
    EXPECT_TRUE(cpu.contains(field)) << field;
  EXPECT_EQ(cpu["executor"], "cpu");
  EXPECT_EQ(cpu["threads"], 2);
  EXPECT_EQ(cpu["gas"], 2'000'000);
  EXPECT_DOUBLE_EQ(cpu["speedup"].get<double>(), 2.0);
  EXPECT_EQ(cpu["reexecutions"], 7);
  EXPECT_EQ(cpu["name"], "erc20/accounts:100/cpu/threads:2");
  EXPECT_EQ(cpu["run_type"], "iteration");
  EXPECT_FALSE(cpu.contains("mismatch"));
  EXPECT_EQ(j["roots_agree"], true);
  EXPECT_EQ(j["context"]["seed"], 3);
}

TEST(BenchReport, CsvHasAHeaderAndQuotesWhereNeeded) {
  BenchReport rep = sample_report();
  rep.results[0].workload = "odd,\"name\"";
  std::ostringstream out;
  write_csv(rep, out);
  std::istringstream lines(out.str());
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].rfind("workload,accounts,pools,hot_fraction,executor,threads,txs,gas,seconds,tx_per_s,", 0), 0u);
  EXPECT_EQ(rows[1].rfind("\"odd,\"\"name\"\"\",100,", 0), 0u) << rows[1];
  EXPECT_EQ(rows[2].rfind("erc20,100,0,0.0000,cpu,2,1000,2000000,0.500000,2000.0,4.000,2.000,7,0xabcd,true", 0), 0u)
      << rows[2];
}

TEST(BenchReport, KeysAsJsonAndText) {
  const StateKey s = StateKey::storage(addr(1), uint256(0x1f));
  const nlohmann::json j = key_json(s);
  EXPECT_EQ(j["address"], "0x0000000000000000000000000000000000000001");
  EXPECT_EQ(j["kind"], "storage");
  EXPECT_EQ(j["slot"], "0x1f");
  EXPECT_EQ(key_json(StateKey::code_hash(addr(2)))["kind"], "code_hash");
  EXPECT_EQ(key_json(StateKey::balance(addr(2)))["slot"], "0x0");
  EXPECT_EQ(describe_key(s), "0x0000000000000000000000000000000000000001:storage[0x1f]");
  EXPECT_EQ(describe_key(StateKey::nonce(addr(3))), "0x0000000000000000000000000000000000000003:nonce");
}

TEST(BenchReport, LongestChain) {
  const StateKey k = StateKey::balance(addr(1));
  EXPECT_EQ(longest_chain({}, 0), 0u);
  EXPECT_EQ(longest_chain({}, 5), 1u);
  // 0 -> 1 -> 3 and 0 -> 3, plus 2 -> 4: the longest path has three transactions.
  std::vector<ConflictEdge> e{edge(0, 1, ConflictKind::ReadAfterWrite, k), edge(1, 3, ConflictKind::ReadAfterWrite, k),
                              edge(0, 3, ConflictKind::WriteAfterWrite, k),
                              edge(2, 4, ConflictKind::ReadAfterWrite, k)};
  EXPECT_EQ(longest_chain(e, 5), 3u);
  // Listed out of order, the answer is the same.
  std::vector<ConflictEdge> reversed(e.rbegin(), e.rend());
  EXPECT_EQ(longest_chain(reversed, 5), 3u);
  // A full chain 0 -> 1 -> ... -> 9.
  std::vector<ConflictEdge> chain;
  for (uint32_t i = 0; i + 1 < 10; ++i) chain.push_back(edge(i, i + 1, ConflictKind::ReadAfterWrite, k));
  EXPECT_EQ(longest_chain(chain, 10), 10u);
  // Edges pointing down or past the block are ignored, not followed.
  EXPECT_EQ(
      longest_chain(
          std::vector{edge(3, 1, ConflictKind::ReadAfterWrite, k), edge(0, 9, ConflictKind::ReadAfterWrite, k)}, 5),
      1u);
}

TEST(BenchReport, ConflictGraphDegreesCountNeighbours) {
  const StateKey a = StateKey::balance(addr(1));
  const StateKey b = StateKey::storage(addr(2), uint256(5));
  // 0 -> 2 through two keys is one dependency; 1 -> 2 is another.
  std::vector<ConflictEdge> e{edge(0, 2, ConflictKind::ReadAfterWrite, a), edge(0, 2, ConflictKind::WriteAfterWrite, b),
                              edge(1, 2, ConflictKind::ReadAfterWrite, b)};
  const nlohmann::json g = conflict_graph_json(e, 4);
  EXPECT_EQ(g["txs"], 4);
  ASSERT_EQ(g["edges"].size(), 3u);
  EXPECT_EQ(g["edges"][1]["kind"], "waw");
  EXPECT_EQ(g["edges"][1]["key"]["kind"], "storage");
  EXPECT_EQ(g["edges"][1]["key"]["slot"], "0x5");
  EXPECT_EQ(g["in_degree"], nlohmann::json({0, 0, 2, 0}));
  EXPECT_EQ(g["out_degree"], nlohmann::json({1, 1, 0, 0}));
  EXPECT_EQ(g["summary"]["raw"], 2);
  EXPECT_EQ(g["summary"]["waw"], 1);
  EXPECT_EQ(g["summary"]["dependent_txs"], 1);
  EXPECT_EQ(g["summary"]["max_in_degree"], 2);
  EXPECT_EQ(g["longest_chain"], 2);
}

TEST(BenchReport, ConflictsFileIsOneGraphOrAList) {
  CellConflicts one{"erc20", 100, 3, "cpu", 2, {edge(0, 1, ConflictKind::ReadAfterWrite, StateKey::balance(addr(1)))}};
  const nlohmann::json single = conflicts_file_json(std::vector{one});
  EXPECT_TRUE(single.contains("edges"));
  EXPECT_EQ(single["recorded_by"], "cpu");
  EXPECT_EQ(single["workload"], "erc20");

  CellConflicts none{"amm", 10, 2, "", 0, {}};
  const nlohmann::json both = conflicts_file_json(std::vector{one, none});
  ASSERT_TRUE(both.contains("graphs"));
  ASSERT_EQ(both["graphs"].size(), 2u);
  EXPECT_TRUE(both["graphs"][1]["recorded_by"].is_null());
  EXPECT_EQ(both["graphs"][1]["edges"].size(), 0u);
}

TEST(BenchReport, FindsProgramsOnPath) {
  const auto dir = std::filesystem::temp_directory_path() / ("warpevm_path_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto tool = dir / "fakeplot";
  std::ofstream(tool) << "#!/bin/sh\n";
  const auto plain = dir / "notexec";
  std::ofstream(plain) << "data\n";
  std::filesystem::permissions(tool, std::filesystem::perms::owner_all);
  const std::string path = "/nonexistent-dir:" + dir.string();
  EXPECT_EQ(find_on_path("fakeplot", path), tool.string());
  EXPECT_EQ(find_on_path("notexec", path), "");
  EXPECT_EQ(find_on_path("fakeplot", "/nonexistent-dir"), "");
  std::filesystem::remove_all(dir);
}

TEST(BenchReport, GnuplotScriptPlotsParallelExecutorsOnly) {
  BenchReport rep = sample_report();
  BenchRecord more = record("cpu", 2, 0.25, 1.0);
  more.accounts = 10;  // listed after 100: the script must sort by accounts
  rep.results.push_back(more);
  const std::string s = gnuplot_script(rep, "it's.svg");
  EXPECT_NE(s.find("set output 'it''s.svg'"), std::string::npos) << s;
  EXPECT_NE(s.find("set logscale x"), std::string::npos);
  EXPECT_NE(s.find("$s0 << EOD\n10 4\n100 2\nEOD\n"), std::string::npos) << s;
  EXPECT_EQ(s.find("$s1"), std::string::npos);  // sequential has no line
  EXPECT_NE(s.find("title 'erc20 cpu 2t'"), std::string::npos);
}

TEST(BenchReport, StatsNameTheHottestKeys) {
  BenchRecord r = record("cpu", 2, 0.5, 1.0);
  r.stats.executions = 1'010;
  r.stats.reexecutions = 10;
  r.stats.hottest_keys.push_back({StateKey::balance(addr(7)), 9});
  std::ostringstream out;
  print_stats(r, out);
  EXPECT_NE(out.str().find("executions 1010, re-executions 10"), std::string::npos) << out.str();
  EXPECT_NE(out.str().find("0x0000000000000000000000000000000000000007:balance (9)"), std::string::npos);
}

}  // namespace
}  // namespace warp::bench
