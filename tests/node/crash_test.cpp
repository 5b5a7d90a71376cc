// Issue 8's crash test: a real `warpevm serve` under a stream of transactions, killed with
// SIGKILL at seeded random moments and restarted on the same datadir, several times. Every
// block and transaction the node ever reported must still be there, unchanged, after each
// restart; at the end the store, read directly, must replay block by block from genesis on
// the sequential executor to the same roots.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "host/node/dev_keys.hpp"
#include "host/node/genesis.hpp"
#include "state/bytes.hpp"
#include "tests/node/chain_replay.hpp"
#include "tests/node/ledger.hpp"
#include "tests/node/node_process.hpp"
#include "tests/node/rpc_client.hpp"
#include "tests/node/tx_stream.hpp"

namespace warp::nodetest {
namespace {

using nlohmann::json;
using namespace std::chrono_literals;

constexpr size_t kDevAccounts = 20;
constexpr size_t kPoolThreads = 3;
constexpr size_t kBatchSenders = 5;
constexpr uint64_t kChainId = 31337;  // serve's default
constexpr auto kStartTimeout = 30s;

// A fresh folder under the system's temp dir, removed with everything in it.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "warpevm-crash-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + tmpl);
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// What the restarted node says about everything reported before the crash; one message per
// disagreement. `checked` holds the transactions already confirmed after an earlier restart.
std::vector<std::string> check_reported(RpcClient& rpc, const Ledger& ledger, std::set<Hash>& checked) {
  std::vector<std::string> out;
  const RpcReply head = rpc.call("eth_blockNumber", json::array());
  const auto number = head.error ? std::nullopt : parse_quantity(head.result);
  if (!head.delivered || !number) return {"eth_blockNumber after restart: " + head.error.value_or("no answer")};
  if (ledger.highest() && *number < *ledger.highest())
    out.push_back("restarted at block " + std::to_string(*number) + ", but block " + std::to_string(*ledger.highest()) +
                  " was reported");
  for (const auto& [n, reported] : ledger.blocks()) {
    const RpcReply b = rpc.call("eth_getBlockByNumber", {quantity_hex(n), false});
    if (!b.delivered || b.error || b.result.is_null()) {
      out.push_back("block " + std::to_string(n) + " (reported by " + reported.source +
                    ") is gone: " + b.error.value_or(b.delivered ? "null" : "no answer"));
      continue;
    }
    if (parse_hash(b.result.value("hash", json())) != reported.hash)
      out.push_back("block " + std::to_string(n) + " changed hash: reported " + to_hex0x(reported.hash) + ", now " +
                    b.result.value("hash", json()).dump());
    if (reported.state_root && parse_hash(b.result.value("stateRoot", json())) != reported.state_root)
      out.push_back("block " + std::to_string(n) + " changed state root: reported " + to_hex0x(*reported.state_root) +
                    ", now " + b.result.value("stateRoot", json()).dump());
  }
  for (const auto& [tx, where] : ledger.txs()) {
    if (checked.count(tx)) continue;
    const RpcReply r = rpc.call("eth_getTransactionReceipt", {to_hex0x(tx)});
    if (!r.delivered || r.error || r.result.is_null()) {
      out.push_back("transaction " + to_hex0x(tx) + " (reported in block " + std::to_string(where.block) +
                    ") has no receipt: " + r.error.value_or(r.delivered ? "null" : "no answer"));
      continue;
    }
    if (parse_hash(r.result.value("blockHash", json())) != where.block_hash ||
        parse_quantity(r.result.value("blockNumber", json())) != where.block)
      out.push_back("transaction " + to_hex0x(tx) + " moved from block " + std::to_string(where.block) + " to " +
                    r.result.value("blockNumber", json()).dump());
    checked.insert(tx);
  }
  return out;
}

std::string joined(const std::vector<std::string>& lines, size_t max = 20) {
  std::string s;
  for (size_t i = 0; i < lines.size() && i < max; ++i) s += "  " + lines[i] + "\n";
  if (lines.size() > max) s += "  ... and " + std::to_string(lines.size() - max) + " more\n";
  return s;
}

class NodeCrash : public ::testing::TestWithParam<uint64_t> {
 protected:
  // Starts the node on the test's datadir; the previous one must be dead.
  void start_node(const std::string& executor, uint64_t block_time_ms, int run) {
    ServeArgs args;
    args.binary = WARPEVM_BINARY;
    args.datadir = dir_.path() / "data";
    args.executor = executor;
    args.block_time_ms = block_time_ms;
    args.dev_accounts = kDevAccounts;
    args.threads = executor == "cpu" ? 4 : 0;
    auto started = NodeProcess::start(args, dir_.path() / ("run" + std::to_string(run)), kStartTimeout);
    if (auto* err = std::get_if<std::string>(&started)) FAIL() << "run " << run << ": " << *err;
    node_ = std::move(std::get<std::unique_ptr<NodeProcess>>(started));
  }

  TempDir dir_;
  // Declared after dir_: destroyed (SIGKILL, reaped) before the folder is removed.
  std::unique_ptr<NodeProcess> node_;
};

TEST_P(NodeCrash, KillNineAtRandomMomentsLosesNothingReported) {
  ASSERT_TRUE(std::filesystem::exists(WARPEVM_BINARY)) << WARPEVM_BINARY;
  const uint64_t seed = GetParam();
  std::mt19937_64 rng(seed);
  const std::vector<DevAccount> accounts = dev_accounts(kDevAccounts);
  Ledger ledger;
  TxStream stream(accounts, kPoolThreads, kBatchSenders, ledger);
  std::set<Hash> checked;

  const int kills = 3 + static_cast<int>(rng() % 3);
  const uint64_t block_time_ms = 5 + rng() % 16;
  for (int run = 0; run <= kills; ++run) {
    // Executors alternate between runs on one datadir: each must continue the other's chain.
    const std::string executor = (seed + static_cast<uint64_t>(run)) % 2 ? "cpu" : "sequential";
    start_node(executor, block_time_ms, run);
    if (HasFatalFailure()) return;
    {
      RpcClient rpc(node_->port());
      const std::vector<std::string> lost = check_reported(rpc, ledger, checked);
      ASSERT_TRUE(lost.empty()) << "after restart " << run << " (" << executor << "):\n"
                                << joined(lost) << "node stderr:\n"
                                << node_->stderr_tail();
    }
    if (run == kills) break;  // the last run only proves the last crash lost nothing

    const auto delay = std::chrono::milliseconds(50 + rng() % 751);
    stream.start(node_->port(), seed * 100 + static_cast<uint64_t>(run));
    std::this_thread::sleep_for(delay);
    stream.expect_node_gone();
    const std::string killed = node_->kill9();
    stream.stop();
    ASSERT_EQ(killed, "") << "run " << run;
    const std::vector<std::string> problems = ledger.problems();
    ASSERT_TRUE(problems.empty()) << "run " << run << " (" << executor << "):\n"
                                  << joined(problems) << "node stderr:\n"
                                  << node_->stderr_tail();
    std::printf("[ seed %llu ] run %d (%s, block time %llu ms): killed after %lld ms, highest reported block %llu\n",
                static_cast<unsigned long long>(seed), run, executor.c_str(),
                static_cast<unsigned long long>(block_time_ms), static_cast<long long>(delay.count()),
                static_cast<unsigned long long>(ledger.highest().value_or(0)));
  }
  ASSERT_EQ(node_->kill9(), "");
  node_.reset();

  const StreamStats& s = stream.stats();
  std::printf(
      "[ seed %llu ] %d kills; pool: %llu sent, %llu mined, %llu refused, %llu stalls; "
      "batches: %llu (%llu txs); %zu blocks and %zu txs reported\n",
      static_cast<unsigned long long>(seed), kills, static_cast<unsigned long long>(s.sent.load()),
      static_cast<unsigned long long>(s.mined.load()), static_cast<unsigned long long>(s.refused.load()),
      static_cast<unsigned long long>(s.stalls.load()), static_cast<unsigned long long>(s.batches.load()),
      static_cast<unsigned long long>(s.batch_txs.load()), ledger.blocks().size(), ledger.txs().size());
  // The run must have exercised something, or the checks above proved nothing.
  EXPECT_GT(ledger.txs().size(), 0u);
  EXPECT_GT(s.batches.load(), 0u);

  // The oracle: the store alone, replayed from the same genesis serve builds.
  State genesis;
  fund_dev_accounts(genesis, accounts);
  const ReplayReport rep = replay_store(dir_.path() / "data", genesis, kChainId, Fork::Cancun);
  ASSERT_TRUE(rep.problems.empty()) << joined(rep.problems);
  std::printf("[ seed %llu ] replayed %llu blocks, %llu transactions: every root matches\n",
              static_cast<unsigned long long>(seed), static_cast<unsigned long long>(rep.head),
              static_cast<unsigned long long>(rep.transactions));
  ASSERT_EQ(rep.block_hashes.size(), rep.head + 1);
  for (const auto& [n, reported] : ledger.blocks()) {
    ASSERT_LE(n, rep.head) << "reported block " << n << " is beyond the stored head";
    EXPECT_EQ(rep.block_hashes[n], reported.hash) << "block " << n;
    if (reported.state_root) {
      EXPECT_EQ(rep.state_roots[n], *reported.state_root) << "block " << n;
    }
  }
  for (const auto& [tx, where] : ledger.txs()) {
    auto it = rep.tx_blocks.find(tx);
    ASSERT_NE(it, rep.tx_blocks.end()) << "reported transaction " << to_hex0x(tx) << " is not stored";
    EXPECT_EQ(it->second, where.block) << to_hex0x(tx);
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, NodeCrash, ::testing::Values(uint64_t{1}, uint64_t{2}, uint64_t{3}, uint64_t{4}),
                         [](const ::testing::TestParamInfo<uint64_t>& param) {
                           return "seed" + std::to_string(param.param);
                         });

}  // namespace
}  // namespace warp::nodetest
