// The safety analyses of `warpevm analyze` on the Solidity contracts of the issue
// (tests/analyze_contracts, blocks from analyze_scenarios): each vulnerable contract must be
// found with the right kind, transaction and contract, and each fixed variant must give no
// finding of that kind (a false positive fails the test). Ordering dependence is checked on
// the approve race and the sandwich; re-entrancy on the vault; gas dependence on the relayer
// and the distributor. Blocks also go through the block file, as `analyze` reads them.
#include <gtest/gtest.h>

#include <algorithm>

#include "host/analyze/block_file.hpp"
#include "host/analyze/gas_dependence.hpp"
#include "host/analyze/ordering.hpp"
#include "host/analyze/reentrancy.hpp"
#include "kernels/evm/keccak.hpp"
#include "tests/host/analyze_scenarios.hpp"

namespace warp {
namespace {

using namespace warp::test;

// keccak256(pad32(key) ++ pad32(slot)): where Solidity keeps mapping[key] of a mapping at `slot`.
uint256 mapping_slot(const Address& key, uint64_t slot) {
  uint8_t buf[64] = {};
  std::copy(key.bytes, key.bytes + 20, buf + 12);
  uint256(slot).to_be_bytes(buf + 32);
  return uint256::from_hash(keccak256(buf, sizeof(buf)));
}

bool contains(const std::vector<uint256>& v, const uint256& x) { return std::find(v.begin(), v.end(), x) != v.end(); }

size_t count_kind(const ReentrancyReport& r, ReentrancyKind kind) {
  return static_cast<size_t>(
      std::count_if(r.findings.begin(), r.findings.end(), [&](const ReentrancyFinding& f) { return f.kind == kind; }));
}

const ReentrancyFinding* find_kind(const ReentrancyReport& r, ReentrancyKind kind) {
  for (const ReentrancyFinding& f : r.findings)
    if (f.kind == kind) return &f;
  return nullptr;
}

ReentrancyReport reentrancy_of(const AnalysisBlock& b) { return analyze_reentrancy(trace_block(b)); }

// ---- re-entrancy ---------------------------------------------------------------------------

TEST(AnalyzeSafety, VaultSameFunctionReentryIsFoundAndTheFixIsNot) {
  const VaultScenario s = vault_scenario(false, 1);
  const ReentrancyReport r = reentrancy_of(s.block);
  ASSERT_EQ(r.findings.size(), 1u);
  const ReentrancyFinding& f = r.findings[0];
  EXPECT_EQ(f.kind, ReentrancyKind::SameFunction);
  EXPECT_EQ(f.tx, s.attack_tx);
  EXPECT_EQ(f.contract, s.vault);
  EXPECT_EQ(f.called, s.attacker) << "the withdraw's value call hands control to the attacker";
  ASSERT_TRUE(f.outer_selector && f.inner_selector);
  EXPECT_EQ(*f.outer_selector, *f.inner_selector);
  // withdraw() clears balanceOf[attacker] (slot 0 mapping) and totalShares (slot 1) after the
  // call; the re-entered withdraw read the balance that was not cleared yet.
  const uint256 balance = mapping_slot(s.attacker, 0);
  EXPECT_TRUE(contains(f.written_after, balance));
  EXPECT_TRUE(contains(f.written_after, uint256(1)));
  EXPECT_TRUE(contains(f.stale, balance));

  const ReentrancyReport fixed = reentrancy_of(vault_scenario(true, 1).block);
  EXPECT_TRUE(fixed.findings.empty()) << fixed.findings[0].explanation;
  EXPECT_GE(fixed.reentries, 1u) << "the attacker still re-enters; the fixed vault has nothing left to write";
}

TEST(AnalyzeSafety, VaultCrossFunctionReentryIsFoundAndTheFixIsNot) {
  const VaultScenario s = vault_scenario(false, 2);
  const ReentrancyReport r = reentrancy_of(s.block);
  const ReentrancyFinding* f = find_kind(r, ReentrancyKind::CrossFunction);
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->tx, s.attack_tx);
  EXPECT_EQ(f->contract, s.vault);
  ASSERT_TRUE(f->outer_selector && f->inner_selector);
  EXPECT_NE(*f->outer_selector, *f->inner_selector) << "withdraw() re-entered through transfer()";
  EXPECT_TRUE(contains(f->stale, mapping_slot(s.attacker, 0)));
  // The attacker's balanceOf() view before the transfer read the uncleared balance too.
  EXPECT_EQ(count_kind(r, ReentrancyKind::SameFunction), 0u);

  const ReentrancyReport fixed = reentrancy_of(vault_scenario(true, 2).block);
  EXPECT_TRUE(fixed.findings.empty());
  EXPECT_GE(fixed.reentries, 1u);
}

TEST(AnalyzeSafety, VaultReadOnlyReentryIsFoundAndTheFixIsNot) {
  const VaultScenario s = vault_scenario(false, 3);
  const ReentrancyReport r = reentrancy_of(s.block);
  ASSERT_EQ(r.findings.size(), 1u);
  const ReentrancyFinding& f = r.findings[0];
  EXPECT_EQ(f.kind, ReentrancyKind::ReadOnly);
  EXPECT_EQ(f.tx, s.attack_tx);
  EXPECT_EQ(f.contract, s.vault);
  EXPECT_EQ(f.inner_depth, f.outer_depth + 3) << "vault -> attacker -> consumer -> vault.sharePrice()";
  EXPECT_TRUE(contains(f.stale, uint256(1))) << "sharePrice() read totalShares before withdraw() burnt the shares";

  const ReentrancyReport fixed = reentrancy_of(vault_scenario(true, 3).block);
  EXPECT_TRUE(fixed.findings.empty());
}

TEST(AnalyzeSafety, PlainDepositAndWithdrawalHaveNoReentrancy) {
  for (bool fixed : {false, true}) {
    const ReentrancyReport r = reentrancy_of(vault_scenario(fixed, 0).block);
    // The vault's payment calls the attacker's receive() while its attack() is on the stack:
    // a re-entry of the attacker contract, which writes nothing after that call.
    EXPECT_EQ(r.reentries, 1u);
    EXPECT_EQ(r.safe_reentries, 1u);
    EXPECT_TRUE(r.findings.empty());
  }
}

// ---- transaction ordering ------------------------------------------------------------------

const OrderingFinding* ordering_pair(const OrderingReport& r, uint32_t first, uint32_t second) {
  for (const OrderingFinding& f : r.findings)
    if (f.first == first && f.second == second) return &f;
  return nullptr;
}

const TokenEffect* token_effect(const OrderingFinding& f, const Address& token, const Address& holder) {
  for (const TokenEffect& e : f.token_effects)
    if (e.token == token && e.holder == holder) return &e;
  return nullptr;
}

TEST(AnalyzeSafety, ApproveRaceIsAnOrderingFinding) {
  const ApproveRaceScenario s = approve_race_scenario();
  const OrderingReport r = analyze_ordering(s.block, conflict_edges(s.block));
  const OrderingFinding* race = ordering_pair(r, s.transfer_from_tx, s.reapprove_tx);
  ASSERT_NE(race, nullptr);
  const TokenEffect* spender = token_effect(*race, s.token, s.spender);
  ASSERT_NE(spender, nullptr);
  EXPECT_FALSE(spender->more_when_second_first) << "the spender gains when its transferFrom goes first";
  EXPECT_EQ(spender->difference, uint256(100));
  // Neither trace nor gas analysis sees anything in a token without callbacks.
  EXPECT_TRUE(reentrancy_of(s.block).findings.empty());
  const GasReport gas = analyze_gas_dependence(s.block);
  EXPECT_TRUE(gas.griefing.empty());
  EXPECT_TRUE(gas.loops.empty());
}

TEST(AnalyzeSafety, SandwichIsFoundOnBothSidesOfTheVictim) {
  const SandwichScenario s = sandwich_scenario(true);
  ASSERT_TRUE(s.front_tx && s.back_tx);
  const OrderingReport r = analyze_ordering(s.block, conflict_edges(s.block));
  const OrderingFinding* front = ordering_pair(r, *s.front_tx, s.victim_tx);
  ASSERT_NE(front, nullptr) << "the front-run moves the victim's price";
  const TokenEffect* victim = token_effect(*front, s.token, s.victim);
  ASSERT_NE(victim, nullptr);
  EXPECT_TRUE(victim->more_when_second_first) << "the victim gets more tokens when its swap goes first";
  EXPECT_FALSE(victim->difference.is_zero());
  const TokenEffect* attacker = token_effect(*front, s.token, s.attacker);
  ASSERT_NE(attacker, nullptr);
  EXPECT_FALSE(attacker->more_when_second_first) << "the attacker's front-run buys more ahead of the victim";
  EXPECT_NE(ordering_pair(r, s.victim_tx, *s.back_tx), nullptr) << "the back-run sells into the victim's price";
  EXPECT_TRUE(reentrancy_of(s.block).findings.empty()) << "the AMM updates its reserves before paying out";
  const GasReport gas = analyze_gas_dependence(s.block);
  EXPECT_TRUE(gas.griefing.empty()) << "every inner call of the AMM is checked: a failure reverts the swap";
  EXPECT_TRUE(gas.loops.empty());
}

// ---- gas-dependent outcomes ----------------------------------------------------------------

TEST(AnalyzeSafety, RelayerGriefingIsFoundAtEitherGasLimit) {
  for (uint64_t limit : {kRelayGenerousGas, kRelayGriefGas}) {
    const RelayerScenario s = relayer_scenario(false, limit);
    const GasReport r = analyze_gas_dependence(s.block);
    ASSERT_EQ(r.griefing.size(), 1u) << limit;
    const GriefingFinding& g = r.griefing[0];
    EXPECT_EQ(g.tx, s.relay_tx);
    EXPECT_EQ(g.caller, s.relayer);
    EXPECT_EQ(g.callee, s.worker);
    EXPECT_EQ(g.depth, 1);
    EXPECT_EQ(g.failing_status, EvmStatus::OutOfGas);
    EXPECT_EQ(g.original_gas_limit, limit);
    // Measured window (analyze_scenarios.hpp): relay() succeeds with a starved call from 145,542
    // to 301,874 of transaction gas, and the call gets what it asked for from 301,875.
    EXPECT_GE(g.failing_gas_limit, 145'542u);
    EXPECT_LE(g.failing_gas_limit, 301'874u);
    EXPECT_GE(g.succeeding_gas_limit, 301'875u);
    EXPECT_TRUE(r.loops.empty()) << "Worker's loop is bounded by calldata";
    EXPECT_TRUE(reentrancy_of(s.block).findings.empty());
  }
}

TEST(AnalyzeSafety, FixedRelayerIsNotGriefable) {
  for (uint64_t limit : {kRelayGenerousGas, kRelayGriefGas}) {
    const GasReport r = analyze_gas_dependence(relayer_scenario(true, limit).block);
    EXPECT_TRUE(r.griefing.empty()) << limit << ": " << r.griefing[0].explanation;
    EXPECT_GT(r.reruns, 10u);
  }
}

TEST(AnalyzeSafety, DistributeOverAllMembersIsAStorageBoundedLoop) {
  const DistributorScenario s = distributor_scenario(6);
  const GasReport r = analyze_gas_dependence(s.block);
  ASSERT_EQ(r.loops.size(), 1u) << "distribute() only: distributeRange is bounded by its calldata";
  const StorageLoopFinding& f = r.loops[0];
  EXPECT_EQ(f.tx, s.distribute_tx);
  EXPECT_EQ(f.contract, s.distributor);
  EXPECT_EQ(f.bound_slot, uint256(0)) << "members.length";
  EXPECT_EQ(f.bound_value, uint256(6));
  // ~25k a member (a cold array slot and a fresh credit): the block fits about 1,200 members.
  EXPECT_GT(f.gas_per_element, 20'000u);
  EXPECT_LT(f.gas_per_element, 30'000u);
  EXPECT_GT(f.elements_at_block_limit, 1'000u);
  EXPECT_LT(f.elements_at_block_limit, 1'500u);
  EXPECT_TRUE(r.griefing.empty());
}

// The block as `analyze` reads it: through the block file, the same findings.
TEST(AnalyzeSafety, FindingsSurviveTheBlockFile) {
  const VaultScenario s = vault_scenario(false, 1);
  const AnalysisBlock loaded = parse_block_file(block_file_json(s.block.pre, s.block.txs, s.block.env, s.block.fork));
  const ReentrancyReport r = reentrancy_of(loaded);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].kind, ReentrancyKind::SameFunction);
  EXPECT_EQ(r.findings[0].contract, s.vault);
}

}  // namespace
}  // namespace warp
