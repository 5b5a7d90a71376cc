// Transaction-ordering dependence (host/analyze/ordering): hand-built blocks whose pairs are
// known to depend on their order (an ERC-20 approve race, a first-come-first-served claim)
// must be found with the right indices and gains; pairs that commute (independent transfers,
// credits to one recipient) must not.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "bench/contracts/contracts.hpp"
#include "bench/workloads/block_env.hpp"
#include "bench/workloads/keys.hpp"
#include "bench/workloads/pre_state.hpp"
#include "bench/workloads/signing.hpp"
#include "bench/workloads/tx_makers.hpp"
#include "bench/workloads/workload.hpp"
#include "host/analyze/ordering.hpp"
#include "tests/evm/bytecode_builder.hpp"

namespace warp {
namespace {

using namespace warp::test;

const uint256 kEther = uint256(1'000'000'000'000'000'000ull);
const uint256 kTokens = uint256(1'000'000);

const bench::Keyring& keys() {
  static const bench::Keyring ring = bench::derive_keyring(0xa11a, 4);
  return ring;
}
const Address& account(size_t k) { return keys().addresses[k]; }

Address token_address() {
  Address a{};
  a.bytes[0] = 0xe2;
  a.bytes[19] = 0x01;
  return a;
}

// Four funded accounts, each holding kTokens of the token.
AnalysisBlock funded_block() {
  AnalysisBlock b;
  b.env = bench::make_block_env(30'000'000);
  bench::fund_accounts(b.pre, keys().addresses, kEther * uint256(100));
  bench::install_erc20(b.pre, token_address(), keys().addresses, kTokens);
  // An existing coinbase, as on a real chain: creating it would make the first two fee
  // payments write its existence, an edge between otherwise independent transactions.
  b.pre.set_balance(b.env.context.coinbase, kEther);
  return b;
}

// A type-2 transaction from account `from` with the given nonce, signed, its sender set.
Transaction signed_call(size_t from, uint64_t nonce, const Address& to, Bytes data, const uint256& value = {},
                        uint64_t gas = bench::kErc20Gas) {
  Transaction tx = bench::make_transfer({1, nonce, uint256(bench::kGwei)}, to, value);
  tx.gas_limit = gas;
  tx.data = std::move(data);
  bench::sign_transaction(tx, keys().secret_keys[from]);
  tx.sender = account(from);
  return tx;
}

bool has_edge(const std::vector<ConflictEdge>& edges, uint32_t from, uint32_t to) {
  return std::any_of(edges.begin(), edges.end(), [&](const ConflictEdge& e) { return e.from == from && e.to == to; });
}

const OrderingFinding* finding(const OrderingReport& r, uint32_t first, uint32_t second) {
  for (const OrderingFinding& f : r.findings)
    if (f.first == first && f.second == second) return &f;
  return nullptr;
}

const TokenEffect* effect_for(const OrderingFinding& f, const Address& holder) {
  for (const TokenEffect& e : f.token_effects)
    if (e.token == token_address() && e.holder == holder) return &e;
  return nullptr;
}

TEST(AnalyzeOrdering, TransferTopicIsTheErc20EventHash) {
  // Published value: topic 0 of every ERC-20 Transfer log.
  EXPECT_EQ(to_hex0x(erc20_transfer_topic()), "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
}

// Owner approves the spender 100, the spender takes 100, the owner lowers the approval to 50.
// Had the re-approval gone first, the spender's transferFrom would have failed.
TEST(AnalyzeOrdering, ApproveRaceIsFoundWithTheSpendersGain) {
  AnalysisBlock b = funded_block();
  const Address owner = account(0), spender = account(1);
  b.txs.push_back(signed_call(0, 0, token_address(), bench::erc20::approve_calldata(spender, uint256(100))));
  b.txs.push_back(
      signed_call(1, 0, token_address(), bench::erc20::transfer_from_calldata(owner, spender, uint256(100))));
  b.txs.push_back(signed_call(0, 1, token_address(), bench::erc20::approve_calldata(spender, uint256(50))));

  const std::vector<ConflictEdge> edges = conflict_edges(b);
  EXPECT_TRUE(has_edge(edges, 0, 1)) << "transferFrom reads the allowance the approve wrote";
  EXPECT_TRUE(has_edge(edges, 1, 2)) << "the re-approval overwrites the allowance transferFrom spent";
  const OrderingReport r = analyze_ordering(b, edges);

  const OrderingFinding* race = finding(r, 1, 2);
  ASSERT_NE(race, nullptr) << "the (transferFrom, re-approve) pair depends on its order";
  EXPECT_FALSE(race->gas_only);
  EXPECT_FALSE(race->explanation.empty());
  const auto allowance = StateKey::storage(token_address(), bench::erc20::allowance_slot(owner, spender));
  EXPECT_NE(std::find(race->shared_keys.begin(), race->shared_keys.end(), allowance), race->shared_keys.end());
  // The spender gets 100 tokens in the block's order (tx 1 first) and none the other way; the
  // owner keeps them when tx 2 goes first.
  const TokenEffect* gain = effect_for(*race, spender);
  ASSERT_NE(gain, nullptr);
  EXPECT_FALSE(gain->more_when_second_first);
  EXPECT_EQ(gain->difference, uint256(100));
  EXPECT_EQ(gain->received_a, uint256(100));
  EXPECT_EQ(gain->received_b, uint256(0));
  const TokenEffect* loss = effect_for(*race, owner);
  ASSERT_NE(loss, nullptr);
  EXPECT_TRUE(loss->more_when_second_first);
  EXPECT_EQ(loss->difference, uint256(100));
  // transferFrom succeeds in block order and reverts after the re-approval.
  const bool status_flip = std::any_of(race->receipt_changes.begin(), race->receipt_changes.end(), [](const auto& c) {
    return c.tx == 1 && c.field == "status" && c.in_a == std::string(to_string(EvmStatus::Success)) &&
           c.in_b == std::string(to_string(EvmStatus::Revert));
  });
  EXPECT_TRUE(status_flip);
  // The allowance ends at 50 either way; the spender's balance is what differs.
  const auto balance = StateKey::storage(token_address(), bench::erc20::balance_slot(spender));
  const bool balance_changed = std::any_of(race->key_changes.begin(), race->key_changes.end(), [&](const KeyChange& c) {
    return c.key == balance && c.in_a.word == kTokens + uint256(100) && c.in_b.word == kTokens;
  });
  EXPECT_TRUE(balance_changed);

  // Approve, then transferFrom: the other way round the spender has no allowance yet.
  const OrderingFinding* front = finding(r, 0, 1);
  ASSERT_NE(front, nullptr);
  ASSERT_NE(effect_for(*front, spender), nullptr);
  EXPECT_EQ(effect_for(*front, spender)->difference, uint256(100));

  // The two approvals share a sender: not reorderable, counted, not run.
  EXPECT_EQ(finding(r, 0, 2), nullptr);
  EXPECT_EQ(r.findings.size(), 2u);
  EXPECT_EQ(r.pairs_checked + r.same_sender_pairs + r.pairs_skipped, r.conflicting_pairs);

  // The cap: nothing run, every reorderable pair counted as skipped.
  OrderingOptions none;
  none.max_pairs = 0;
  const OrderingReport capped = analyze_ordering(b, edges, none);
  EXPECT_EQ(capped.pairs_checked, 0u);
  EXPECT_TRUE(capped.findings.empty());
  EXPECT_EQ(capped.pairs_skipped, r.pairs_checked);
}

// Different senders, different recipients, one token: no shared key, and even a pair forced
// onto the analysis gives identical results in both orders.
TEST(AnalyzeOrdering, IndependentTokenTransfersAreNotFindings) {
  AnalysisBlock b = funded_block();
  b.txs.push_back(signed_call(0, 0, token_address(), bench::erc20::transfer_calldata(account(2), uint256(10))));
  b.txs.push_back(signed_call(1, 0, token_address(), bench::erc20::transfer_calldata(account(3), uint256(20))));
  const std::vector<ConflictEdge> edges = conflict_edges(b);
  EXPECT_FALSE(has_edge(edges, 0, 1));
  EXPECT_TRUE(analyze_ordering(b, edges).findings.empty());

  const ConflictEdge forced{0, 1, ConflictKind::ReadAfterWrite, StateKey::storage(token_address(), uint256(0))};
  const OrderingReport r = analyze_ordering(b, std::span(&forced, 1));
  EXPECT_EQ(r.pairs_checked, 1u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.gas_only_pairs, 0u);
}

// Two ETH payments to one recipient: credits commute, whatever the order.
TEST(AnalyzeOrdering, CreditsToOneRecipientCommute) {
  AnalysisBlock b = funded_block();
  b.txs.push_back(signed_call(0, 0, account(2), {}, kEther, bench::kTransferGas));
  b.txs.push_back(signed_call(1, 0, account(2), {}, kEther * uint256(2), bench::kTransferGas));
  EXPECT_TRUE(analyze_ordering(b, conflict_edges(b)).findings.empty());

  const ConflictEdge forced{0, 1, ConflictKind::ReadAfterWrite, StateKey::balance(account(2))};
  const OrderingReport r = analyze_ordering(b, std::span(&forced, 1));
  EXPECT_EQ(r.pairs_checked, 1u);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.gas_only_pairs, 0u);
}

// Two token transfers to one fresh holder: whichever runs first writes the slot from zero and
// pays for it. Only gas differs: counted, listed only on request.
TEST(AnalyzeOrdering, GasOnlyDifferencesAreCountedNotListed) {
  AnalysisBlock b = funded_block();
  Address fresh{};
  fresh.bytes[0] = 0x77;
  b.txs.push_back(signed_call(0, 0, token_address(), bench::erc20::transfer_calldata(fresh, uint256(10))));
  b.txs.push_back(signed_call(1, 0, token_address(), bench::erc20::transfer_calldata(fresh, uint256(20))));
  const std::vector<ConflictEdge> edges = conflict_edges(b);
  ASSERT_TRUE(has_edge(edges, 0, 1)) << "both read and write the fresh holder's balance";
  const OrderingReport r = analyze_ordering(b, edges);
  EXPECT_TRUE(r.findings.empty());
  EXPECT_EQ(r.gas_only_pairs, 1u);

  OrderingOptions all;
  all.include_gas_only = true;
  const OrderingReport listed = analyze_ordering(b, edges, all);
  ASSERT_EQ(listed.findings.size(), 1u);
  const OrderingFinding& f = listed.findings[0];
  EXPECT_TRUE(f.gas_only);
  EXPECT_TRUE(f.token_effects.empty());
  ASSERT_FALSE(f.receipt_changes.empty());
  for (const ReceiptChange& c : f.receipt_changes) EXPECT_EQ(c.field, "gas_used");
}

// A contract that pays 1 ether to its first caller and reverts for everyone after.
Bytes first_come_first_served() {
  const Bytecode claimed = push(0) + OP_SLOAD;
  // Record the winner, then send it 1 ether with all the gas left: CALL(gas, caller, value,
  // no input, no output).
  const Bytecode pay = OP_CALLER + push(0) + OP_SSTORE + push(0) + push(0) + push(0) + push(0) + push(kEther) +
                       OP_CALLER + OP_GAS + OP_CALL + OP_POP + OP_STOP;
  // [claimed, PUSH1 dest, JUMPI] then pay, then JUMPDEST revert.
  const size_t dest = claimed.size() + 3 + pay.size();
  Bytecode code = claimed + push_n(1, uint256(dest)) + OP_JUMPI + pay + OP_JUMPDEST + revert(0, 0);
  return Bytes(code.bytes.begin(), code.bytes.end());
}

TEST(AnalyzeOrdering, FirstComeFirstServedClaimIsFound) {
  AnalysisBlock b = funded_block();
  Address prize{};
  prize.bytes[0] = 0xc1;
  b.pre.set_code(prize, first_come_first_served());
  b.pre.set_balance(prize, kEther * uint256(10));
  b.txs.push_back(signed_call(2, 0, prize, {}));
  b.txs.push_back(signed_call(3, 0, prize, {}));

  const std::vector<ConflictEdge> edges = conflict_edges(b);
  ASSERT_TRUE(has_edge(edges, 0, 1)) << "the second claim reads the slot the first wrote";
  const OrderingReport r = analyze_ordering(b, edges);
  ASSERT_EQ(r.findings.size(), 1u);
  const OrderingFinding& f = r.findings[0];
  EXPECT_EQ(f.first, 0u);
  EXPECT_EQ(f.second, 1u);
  EXPECT_FALSE(f.gas_only);
  EXPECT_FALSE(f.explanation.empty());
  auto flipped = [&](uint32_t tx, EvmStatus a, EvmStatus bb) {
    return std::any_of(f.receipt_changes.begin(), f.receipt_changes.end(), [&](const ReceiptChange& c) {
      return c.tx == tx && c.field == "status" && c.in_a == to_string(a) && c.in_b == to_string(bb);
    });
  };
  EXPECT_TRUE(flipped(0, EvmStatus::Success, EvmStatus::Revert));
  EXPECT_TRUE(flipped(1, EvmStatus::Revert, EvmStatus::Success));
  // Slot 0 records the winner: account 2 in block order, account 3 the other way.
  const auto winner = std::find_if(f.key_changes.begin(), f.key_changes.end(),
                                   [&](const KeyChange& c) { return c.key == StateKey::storage(prize, uint256(0)); });
  ASSERT_NE(winner, f.key_changes.end());
  EXPECT_EQ(winner->in_a.word, uint256::from_be_bytes(account(2).bytes, 20));
  EXPECT_EQ(winner->in_b.word, uint256::from_be_bytes(account(3).bytes, 20));
  // Each claimant is about 1 ether richer in the order where it goes first.
  auto eth = [&](const Address& a) -> const EthEffect* {
    for (const EthEffect& e : f.eth_effects)
      if (e.account == a) return &e;
    return nullptr;
  };
  ASSERT_NE(eth(account(2)), nullptr);
  ASSERT_NE(eth(account(3)), nullptr);
  EXPECT_FALSE(eth(account(2))->more_when_second_first);
  EXPECT_TRUE(eth(account(3))->more_when_second_first);
  EXPECT_GT(eth(account(2))->difference, kEther - uint256(bench::kErc20Gas * 100 * bench::kGwei));
  EXPECT_LT(eth(account(2))->difference, kEther + uint256(bench::kErc20Gas * 100 * bench::kGwei));
}

// Swaps through one AMM pool never commute (each moves the price the next one gets): on the
// mixed workload some such pair is found, and every finding is a pair the graph named.
TEST(AnalyzeOrdering, MixedWorkloadSwapsThroughOnePoolAreFound) {
  bench::WorkloadOptions o;
  o.kind = bench::WorkloadKind::Mixed;
  o.txs = 300;
  o.accounts = 100;
  o.pools = 1;
  o.seed = 4;
  bench::Workload w = bench::generate_workload(o);
  ASSERT_EQ(bench::recover_senders(w.txs, 2), 0u);
  const Address pool = w.pools.at(0).pair;
  const AnalysisBlock b{std::move(w.pre_state), std::move(w.txs), std::move(w.env), w.fork};
  const std::vector<ConflictEdge> edges = conflict_edges(b);
  const OrderingReport r = analyze_ordering(b, edges);
  EXPECT_EQ(r.pairs_checked + r.pairs_skipped + r.same_sender_pairs, r.conflicting_pairs);
  bool swap_pair = false;
  for (const OrderingFinding& f : r.findings) {
    EXPECT_TRUE(std::any_of(edges.begin(), edges.end(),
                            [&](const ConflictEdge& e) { return e.from == f.first && e.to == f.second; }));
    EXPECT_FALSE(f.shared_keys.empty());
    EXPECT_FALSE(f.explanation.empty());
    swap_pair = swap_pair || (b.txs[f.first].to == pool && b.txs[f.second].to == pool);
  }
  EXPECT_TRUE(swap_pair);
  std::printf("  %zu conflicting pairs, %zu checked, %zu same-sender, %zu gas-only, %zu findings\n",
              r.conflicting_pairs, r.pairs_checked, r.same_sender_pairs, r.gas_only_pairs, r.findings.size());
  if (!r.findings.empty()) std::printf("  e.g. %s\n", r.findings.front().explanation.c_str());
}

}  // namespace
}  // namespace warp
