// The safety-analysis scenarios (analyze_scenarios.hpp) do what they claim: each block runs in
// order, every transaction that should succeed does, and the receipts and post-state show the
// vulnerability (or its fix) at work: the re-entrant vault pays twice, the fixed one once; the
// relayer burns a request whose call ran out of gas only inside a measured window of gas
// limits; the sandwich costs the victim tokens; the distributor credits everyone.
#include "tests/host/analyze_scenarios.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "bench/contracts/contracts.hpp"
#include "bench/workloads/tx_makers.hpp"
#include "bench/workloads/workload.hpp"
#include "kernels/evm/keccak.hpp"

namespace warp {
namespace {

using namespace warp::test;
using bench::abi_word;
using bench::mapping_slot;

const uint256 kEther = kScenarioEther;

Hash event_topic(std::string_view signature) {
  return keccak256(reinterpret_cast<const uint8_t*>(signature.data()), signature.size());
}

void expect_all_succeed(const ScenarioRun& run, const char* name) {
  for (size_t i = 0; i < run.receipts.size(); ++i)
    EXPECT_TRUE(run.receipts[i].success())
        << name << ": tx " << i << " " << to_string(run.receipts[i].status) << " " << run.receipts[i].error;
}

void print_gas(const ScenarioRun& run, const std::string& name) {
  std::printf("  %s gas:", name.c_str());
  for (const Receipt& r : run.receipts) std::printf(" %llu", static_cast<unsigned long long>(r.gas_used));
  std::printf("\n");
}

ScenarioRun run_vault(bool fixed, int mode) {
  const VaultScenario s = vault_scenario(fixed, mode);
  EXPECT_EQ(s.block.txs.size(), 6u);
  EXPECT_EQ(s.attack_tx, 5u);
  for (const Transaction& tx : s.block.txs) EXPECT_NE(tx.r, uint256(0)) << "signed";
  ScenarioRun run = run_scenario(s.block);
  const std::string name = std::string(fixed ? "VaultFixed" : "Vault") + " mode " + std::to_string(mode);
  expect_all_succeed(run, name.c_str());
  print_gas(run, name);
  // The deployments landed where the scenario says.
  EXPECT_EQ(run.receipts[0].contract_address, s.vault);
  EXPECT_EQ(run.receipts[3].contract_address, s.consumer);
  EXPECT_EQ(run.receipts[4].contract_address, s.attacker);
  // The checked-in runtime hex is what the init code deploys (no immutables in these two).
  const ByteView vault_code = run.post.code(s.vault);
  EXPECT_EQ(Bytes(vault_code.begin(), vault_code.end()), analyze_contract_runtime_code(fixed ? "VaultFixed" : "Vault"));
  const ByteView consumer_code = run.post.code(s.consumer);
  EXPECT_EQ(Bytes(consumer_code.begin(), consumer_code.end()), analyze_contract_runtime_code("PriceConsumer"));
  EXPECT_EQ(run.post.storage(s.vault, mapping_slot(abi_word(s.victims[0]), uint256(0))), kEther * uint256(10));
  return run;
}

// Vault storage: balanceOf at slot 0, totalShares at slot 1.
uint256 vault_balance_of(const State& st, const VaultScenario& s, const Address& holder) {
  return st.storage(s.vault, mapping_slot(abi_word(holder), uint256(0)));
}

// Every transaction is really signed: recovering the senders from the signatures gives the
// senders the builders set (so a block file of the scenario replays as built).
TEST(AnalyzeScenario, TransactionsAreSignedByTheirSenders) {
  const std::vector<AnalysisBlock> blocks = {vault_scenario(false, 1).block, approve_race_scenario().block,
                                             sandwich_scenario().block, relayer_scenario(true, kRelayGriefGas).block,
                                             distributor_scenario(3).block};
  for (const AnalysisBlock& b : blocks) {
    std::vector<Transaction> txs = b.txs;
    for (Transaction& tx : txs) tx.sender = Address{};
    ASSERT_EQ(bench::recover_senders(txs, 1), 0u);
    for (size_t i = 0; i < txs.size(); ++i) {
      EXPECT_EQ(txs[i].sender, b.txs[i].sender) << "tx " << i;
      EXPECT_NE(b.txs[i].hash, Hash{}) << "tx " << i;
    }
  }
}

TEST(AnalyzeScenario, VaultNoReentryPaysTheDepositBack) {
  for (bool fixed : {false, true}) {
    const VaultScenario s = vault_scenario(fixed, 0);
    const ScenarioRun run = run_vault(fixed, 0);
    EXPECT_EQ(run.post.balance(s.attacker), kEther);
    EXPECT_EQ(run.post.balance(s.vault), kEther * uint256(20));
    EXPECT_EQ(run.post.storage(s.vault, uint256(1)), kEther * uint256(20));
  }
}

TEST(AnalyzeScenario, VaultSameFunctionReentryDrainsOnlyTheVulnerableVault) {
  const VaultScenario s = vault_scenario(false, 1);
  const ScenarioRun vulnerable = run_vault(false, 1);
  EXPECT_EQ(vulnerable.post.balance(s.attacker), kEther * uint256(2)) << "paid twice for one deposit";
  EXPECT_EQ(vulnerable.post.balance(s.vault), kEther * uint256(19));
  // The books say 19 shares for 20 ether of victims' claims: the victims lost 1 ether.
  EXPECT_EQ(vulnerable.post.storage(s.vault, uint256(1)), kEther * uint256(19));

  const VaultScenario f = vault_scenario(true, 1);
  const ScenarioRun fixed = run_vault(true, 1);
  EXPECT_EQ(fixed.post.balance(f.attacker), kEther);
  EXPECT_EQ(fixed.post.balance(f.vault), kEther * uint256(20));
  // The inner withdraw reverted and the attacker said so: Reentered(1, false).
  const Receipt& r = fixed.receipts[f.attack_tx];
  const Hash reentered = event_topic("Reentered(uint8,bool)");
  bool logged = false;
  for (const Log& log : r.logs)
    if (log.address == f.attacker && !log.topics.empty() && log.topics[0] == reentered) {
      ASSERT_EQ(log.data.size(), 64u);
      EXPECT_EQ(log.data[31], 1) << "mode";
      EXPECT_EQ(log.data[63], 0) << "the inner withdraw failed";
      logged = true;
    }
  EXPECT_TRUE(logged);
}

TEST(AnalyzeScenario, VaultCrossFunctionReentryLeavesTheAccompliceAClaim) {
  const VaultScenario s = vault_scenario(false, 2);
  const ScenarioRun vulnerable = run_vault(false, 2);
  EXPECT_EQ(vault_balance_of(vulnerable.post, s, s.accomplice), kEther);
  EXPECT_EQ(vault_balance_of(vulnerable.post, s, s.attacker), uint256(0));
  EXPECT_EQ(vulnerable.post.balance(s.attacker), kEther);

  const VaultScenario f = vault_scenario(true, 2);
  const ScenarioRun fixed = run_vault(true, 2);
  EXPECT_EQ(vault_balance_of(fixed.post, f, f.accomplice), uint256(0));
  EXPECT_EQ(fixed.post.balance(f.attacker), kEther);
}

TEST(AnalyzeScenario, VaultReadOnlyReentryRecordsAStalePrice) {
  const VaultScenario s = vault_scenario(false, 3);
  const ScenarioRun vulnerable = run_vault(false, 3);
  // Mid-withdrawal: 20 ether left for 21 shares.
  const uint256 stale = vulnerable.post.storage(s.consumer, uint256(0));
  EXPECT_EQ(stale, kEther * uint256(20) * kEther / (kEther * uint256(21)));

  const VaultScenario f = vault_scenario(true, 3);
  const ScenarioRun fixed = run_vault(true, 3);
  const uint256 consistent = fixed.post.storage(f.consumer, uint256(0));
  EXPECT_EQ(consistent, kEther);
  EXPECT_NE(stale, consistent);
}

TEST(AnalyzeScenario, ApproveRaceRunsInBlockOrder) {
  const ApproveRaceScenario s = approve_race_scenario();
  ASSERT_EQ(s.block.txs.size(), 4u);
  const ScenarioRun run = run_scenario(s.block);
  expect_all_succeed(run, "approve race");
  print_gas(run, "approve race");
  EXPECT_EQ(run.receipts[0].contract_address, s.token);
  // SafetyToken: balanceOf slot 0, allowance slot 1.
  EXPECT_EQ(run.post.storage(s.token, mapping_slot(abi_word(s.spender), uint256(0))), uint256(100));
  const uint256 allowance = mapping_slot(abi_word(s.spender), mapping_slot(abi_word(s.owner), uint256(1)));
  EXPECT_EQ(run.post.storage(s.token, allowance), uint256(50));
  // Each approve and the transferFrom logged its ERC-20 event.
  EXPECT_EQ(run.receipts[s.approve_tx].logs.at(0).topics.at(0), event_topic(bench::erc20::kApprovalEventSignature));
  EXPECT_EQ(run.receipts[s.transfer_from_tx].logs.at(0).topics.at(0),
            event_topic(bench::erc20::kTransferEventSignature));
  EXPECT_EQ(run.receipts[s.reapprove_tx].logs.at(0).topics.at(0), event_topic(bench::erc20::kApprovalEventSignature));
}

TEST(AnalyzeScenario, SandwichCostsTheVictimTokensAndPaysTheAttacker) {
  const SandwichScenario s = sandwich_scenario();
  ASSERT_TRUE(s.front_tx && s.back_tx);
  EXPECT_LT(*s.front_tx, s.victim_tx);
  EXPECT_LT(s.victim_tx, *s.back_tx);
  const ScenarioRun run = run_scenario(s.block);
  expect_all_succeed(run, "sandwich");
  print_gas(run, "sandwich");
  EXPECT_EQ(run.receipts[1].contract_address, s.amm);
  const uint256 victim_tokens = run.post.storage(s.token, mapping_slot(abi_word(s.victim), uint256(0)));
  EXPECT_EQ(victim_tokens, s.victim_tokens);
  EXPECT_EQ(run.post.storage(s.token, mapping_slot(abi_word(s.attacker), uint256(0))), uint256(0))
      << "the back-run sells everything the front-run bought";
  // The attacker's ether after both swaps and all its fees, against before.
  EXPECT_GT(run.post.balance(s.attacker), s.block.pre.balance(s.attacker));

  const SandwichScenario alone = sandwich_scenario(false);
  EXPECT_FALSE(alone.front_tx || alone.back_tx);
  const ScenarioRun clean = run_scenario(alone.block);
  expect_all_succeed(clean, "no sandwich");
  const uint256 fair = clean.post.storage(alone.token, mapping_slot(abi_word(alone.victim), uint256(0)));
  EXPECT_EQ(fair, alone.victim_tokens);
  EXPECT_LT(victim_tokens, fair);
  std::printf("  victim gets %s tokens (wei units) sandwiched, %s alone\n", to_hex0x(abi_word(victim_tokens)).c_str(),
              to_hex0x(abi_word(fair)).c_str());
}

// What relay() did: nullopt when the transaction failed, else the success flag of
// Relayed(1, success).
std::optional<bool> relayed(const RelayerScenario& s, const ScenarioRun& run) {
  const Receipt& r = run.receipts.at(s.relay_tx);
  if (!r.success()) return std::nullopt;
  for (const Log& log : r.logs)
    if (log.address == s.relayer && log.topics.size() == 2 && log.topics[0] == event_topic("Relayed(uint256,bool)") &&
        log.topics[1] == abi_word(s.relay_id) && log.data.size() == 32)
      return log.data[31] != 0;
  ADD_FAILURE() << "relay() succeeded without a Relayed log";
  return std::nullopt;
}

std::optional<bool> relay_outcome(bool fixed, uint64_t gas) {
  const RelayerScenario s = relayer_scenario(fixed, gas);
  const ScenarioRun run = run_scenario(s.block);
  EXPECT_TRUE(run.receipts[0].success() && run.receipts[1].success());
  return relayed(s, run);
}

TEST(AnalyzeScenario, RelayerGenerousGasRunsTheCall) {
  for (bool fixed : {false, true}) {
    const RelayerScenario s = relayer_scenario(fixed, kRelayGenerousGas);
    const ScenarioRun run = run_scenario(s.block);
    expect_all_succeed(run, fixed ? "RelayerFixed generous" : "Relayer generous");
    print_gas(run, fixed ? "RelayerFixed generous" : "Relayer generous");
    EXPECT_EQ(run.receipts[0].contract_address, s.worker);
    EXPECT_EQ(run.receipts[1].contract_address, s.relayer);
    EXPECT_EQ(relayed(s, run), std::optional<bool>(true));
    EXPECT_NE(run.post.storage(s.worker, uint256(0)), uint256(0)) << "the worker stored its result";
    EXPECT_EQ(run.post.storage(s.relayer, mapping_slot(abi_word(s.relay_id), uint256(0))), uint256(1));
  }
}

TEST(AnalyzeScenario, RelayerGriefWindowBurnsTheRequestOnlyOnTheVulnerableRelayer) {
  const RelayerScenario s = relayer_scenario(false, kRelayGriefGas);
  const ScenarioRun run = run_scenario(s.block);
  print_gas(run, "Relayer grief");
  EXPECT_EQ(relayed(s, run), std::optional<bool>(false)) << "relay() succeeds, its call ran out of gas";
  EXPECT_EQ(run.post.storage(s.relayer, mapping_slot(abi_word(s.relay_id), uint256(0))), uint256(1)) << "id burnt";
  EXPECT_EQ(run.post.storage(s.worker, uint256(0)), uint256(0)) << "the work never landed";

  const RelayerScenario f = relayer_scenario(true, kRelayGriefGas);
  const ScenarioRun fixed = run_scenario(f.block);
  print_gas(fixed, "RelayerFixed grief");
  EXPECT_TRUE(fixed.receipts[0].success() && fixed.receipts[1].success());
  EXPECT_TRUE(fixed.receipts[f.relay_tx].included());
  EXPECT_FALSE(fixed.receipts[f.relay_tx].success());
  EXPECT_EQ(fixed.post.storage(f.relayer, mapping_slot(abi_word(f.relay_id), uint256(0))), uint256(0))
      << "the id stays free";
}

// The first gas limit in [lo, hi) whose outcome is not `below`'s (outcomes change
// monotonically with the limit); hi when none.
uint64_t first_change(bool fixed, uint64_t lo, uint64_t hi) {
  const std::optional<bool> below = relay_outcome(fixed, lo);
  while (lo + 1 < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    (relay_outcome(fixed, mid) == below ? lo : hi) = mid;
  }
  return hi;
}

// The window where the vulnerable relayer burns the request: measured, wide, containing
// kRelayGriefGas, and all of it reverting on the fixed relayer. The figures are the ones
// analyze_scenarios.hpp quotes.
TEST(AnalyzeScenario, RelayerGriefWindowIsWide) {
  const uint64_t opens = first_change(false, 60'000, kRelayGriefGas);              // out of gas -> Relayed(false)
  const uint64_t closes = first_change(false, kRelayGriefGas, kRelayGenerousGas);  // -> Relayed(true)
  const uint64_t fixed_ok = first_change(true, kRelayGriefGas, kRelayGenerousGas);
  std::printf(
      "  Relayer: out of gas below %llu, Relayed(false) from %llu, Relayed(true) from %llu\n"
      "  RelayerFixed: fails below %llu, Relayed(true) from there\n",
      static_cast<unsigned long long>(opens), static_cast<unsigned long long>(opens),
      static_cast<unsigned long long>(closes), static_cast<unsigned long long>(fixed_ok));
  EXPECT_EQ(relay_outcome(false, opens - 1), std::nullopt);
  EXPECT_EQ(relay_outcome(false, opens), std::optional<bool>(false));
  EXPECT_EQ(relay_outcome(false, closes - 1), std::optional<bool>(false));
  EXPECT_EQ(relay_outcome(false, closes), std::optional<bool>(true));
  EXPECT_GE(closes - opens, 100'000u) << "a window tens of thousands of gas wide";
  EXPECT_LT(opens, kRelayGriefGas);
  EXPECT_GT(closes, kRelayGriefGas);
  EXPECT_LT(closes, kRelayGenerousGas);
  // The fixed relayer reverts over the whole window (and a little beyond: there the callee
  // succeeded with less than it was promised) and succeeds with enough gas.
  EXPECT_GE(fixed_ok, closes);
  EXPECT_LT(fixed_ok, kRelayGenerousGas);
  for (uint64_t gas = opens; gas < closes; gas += 10'000) EXPECT_EQ(relay_outcome(true, gas), std::nullopt) << gas;
  EXPECT_EQ(relay_outcome(true, fixed_ok), std::optional<bool>(true));
}

TEST(AnalyzeScenario, DistributorCreditsEveryMember) {
  for (size_t n : {1u, 3u, 20u}) {
    const DistributorScenario s = distributor_scenario(n);
    ASSERT_EQ(s.members.size(), n);
    ASSERT_EQ(s.join_txs.size(), n);
    EXPECT_EQ(s.block.txs.size(), n + 3);
    const ScenarioRun run = run_scenario(s.block);
    expect_all_succeed(run, "distributor");
    print_gas(run, "distributor " + std::to_string(n));
    EXPECT_EQ(run.receipts[0].contract_address, s.distributor);
    EXPECT_EQ(run.post.storage(s.distributor, uint256(0)), uint256(static_cast<uint64_t>(n))) << "members.length";
    // distribute() gives everyone 1/n ether; distributeRange(0, 2) splits another among the
    // first two (or the only one).
    const uint256 share = kEther / uint256(static_cast<uint64_t>(n));
    const uint64_t ranged = n < 2 ? n : 2;
    const uint256 range_share = kEther / uint256(ranged);
    for (size_t k = 0; k < n; ++k) {
      const uint256 credit = run.post.storage(s.distributor, mapping_slot(abi_word(s.members[k]), uint256(1)));
      EXPECT_EQ(credit, share + (k < ranged ? range_share : uint256(0))) << "member " << k;
    }
    EXPECT_EQ(run.post.balance(s.distributor), kEther * uint256(2));
  }
  // distribute()'s gas grows with the members, distributeRange's does not.
  const DistributorScenario small = distributor_scenario(3), big = distributor_scenario(20);
  const ScenarioRun rs = run_scenario(small.block), rb = run_scenario(big.block);
  EXPECT_GT(rb.receipts[big.distribute_tx].gas_used, rs.receipts[small.distribute_tx].gas_used + 17 * 20'000);
  EXPECT_EQ(rb.receipts[big.distribute_range_tx].gas_used, rs.receipts[small.distribute_range_tx].gas_used);
}

}  // namespace
}  // namespace warp
