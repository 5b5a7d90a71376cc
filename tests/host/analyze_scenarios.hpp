// Blocks for `warpevm analyze` safety analyses, built from the Solidity contracts in
// tests/analyze_contracts (sources, hex and README there). Every contract is deployed by a
// transaction of the block; every transaction is signed (the block can be saved as a block
// file) and has its sender set. Each builder returns the block with the indices and addresses
// the assertions need. The init code is read at run time from WARPEVM_SOURCE_DIR, so only
// test binaries that define it (tests/CMakeLists.txt) can use these.
//
// Accounts are derived from one fixed seed (bench::derive_keyring), funded with 1000 ether each
// in the pre-state; the coinbase exists already (a first fee payment would otherwise create it,
// an edge between otherwise independent transactions). Fees: 1 gwei tip over a 7 gwei base fee.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "host/analyze/analysis_block.hpp"
#include "host/transition.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/bytes.hpp"
#include "state/state.hpp"

namespace warp::test {

inline constexpr uint256 kScenarioEther = uint256(1'000'000'000'000'000'000ull);

// tests/analyze_contracts/<name>.bin.hex (init code) and .bin-runtime.hex; throw
// std::runtime_error when the file is missing or not hex.
Bytes analyze_contract_init_code(std::string_view name);
Bytes analyze_contract_runtime_code(std::string_view name);

// The block run in order on a copy of its pre-state, with block gas accounting.
struct ScenarioRun {
  State post;
  std::vector<Receipt> receipts;
};
ScenarioRun run_scenario(const AnalysisBlock& block);

// ---- re-entrancy ------------------------------------------------------------------------
// tx0 deployer creates Vault (or VaultFixed)         -> vault
// tx1 victims[0] deposits 10 ether
// tx2 victims[1] deposits 10 ether
// tx3 deployer creates PriceConsumer                 -> consumer
// tx4 attacker_eoa creates VaultAttacker(vault, accomplice) -> attacker
// tx5 attacker_eoa calls attacker.attack(mode, consumer) with 1 ether   (attack_tx)
// mode: 0 none, 1 same-function (withdraw again), 2 cross-function (transfer the balance to
// the accomplice), 3 read-only (consumer.quote(vault) from inside withdraw). Every transaction
// succeeds, on both vaults. Outcomes (checked by analyze_scenarios_test):
//   mode 1: the attacker contract ends with 2 ether on Vault, 1 on VaultFixed;
//   mode 2: Vault.balanceOf(accomplice) = 1 ether on Vault, 0 on VaultFixed;
//   mode 3: consumer.lastPrice = 20/21 ether on Vault (ether sent, shares not yet burnt),
//           1 ether on VaultFixed.
// Gas used (Cancun), tx0..tx4: 273,081 (Vault) or 275,031 (VaultFixed), 65,746, 48,646,
// 114,723, 403,556; the attack (tx5), Vault / VaultFixed: mode 0 71,625 / 71,625,
// mode 1 82,100 / 73,840, mode 2 93,466 / 77,013, mode 3 95,302 / 95,302.
struct VaultScenario {
  AnalysisBlock block;
  Address deployer{}, attacker_eoa{}, accomplice{};  // accomplice: an EOA, never sends
  Address victims[2]{};
  Address vault{}, consumer{}, attacker{};  // contracts (attacker: the VaultAttacker)
  uint32_t attack_tx = 5;
};
VaultScenario vault_scenario(bool fixed, int mode);

// ---- transaction ordering: the approve race -------------------------------------------
// tx0 owner creates SafetyToken(1,000,000 tokens of 18 decimals) -> token
// tx1 owner approve(spender, 100)                          (approve_tx)
// tx2 spender transferFrom(owner, spender, 100)            (transfer_from_tx)
// tx3 owner approve(spender, 50)                           (reapprove_tx)
// Had tx3 run before tx2, the transferFrom would revert; in block order the spender ends with
// 100 tokens and a fresh allowance of 50. Gas used: 344,954, 46,035, 52,802, 46,035.
struct ApproveRaceScenario {
  AnalysisBlock block;
  Address owner{}, spender{}, token{};
  uint32_t approve_tx = 1, transfer_from_tx = 2, reapprove_tx = 3;
};
ApproveRaceScenario approve_race_scenario();

// ---- transaction ordering: a sandwich on an AMM used as an oracle ----------------------
// tx0 lp creates SafetyToken(1,000,000 tokens)  -> token
// tx1 lp creates OracleAMM(token)               -> amm
// tx2 lp approve(amm, 100,000 tokens)
// tx3 lp addLiquidity(100,000 tokens) with 100 ether (1000 tokens per ether)
// tx4 attacker approve(amm, 2^256-1)
// tx5 attacker swapEthForToken(0) with 10 ether               (front_tx)
// tx6 victim swapEthForToken(0) with 5 ether                  (victim_tx)
// tx7 attacker swapTokenForEth(front_run_tokens, 0)           (back_tx)
// With front_run false, tx5 and tx7 are left out (the victim's swap is tx5, front_tx and
// back_tx are empty). The attacker sells exactly what the front-run bought
// (front_run_tokens) and ends with more ether than it paid; the victim gets fewer tokens than
// without the front-run (about 3,942 tokens instead of 4,748). Gas used, tx0..tx7: 344,954,
// 480,881, 46,119, 99,798, 46,407, 67,340, 67,340, 58,320.
struct SandwichScenario {
  AnalysisBlock block;
  Address lp{}, attacker{}, victim{}, token{}, amm{};
  std::optional<uint32_t> front_tx, back_tx;
  uint32_t victim_tx = 6;
  uint256 front_run_tokens{};  // what the front-run buys (the AMM's formula, computed here)
  uint256 victim_tokens{};     // what the victim's swap buys in this block
};
SandwichScenario sandwich_scenario(bool front_run = true);

// ---- gas griefing: the 63/64 rule -------------------------------------------------------
// tx0 deployer creates Worker      -> worker
// tx1 deployer creates Relayer (or RelayerFixed) -> relayer
// tx2 user calls relayer.relay(worker, work(kRelayRounds), kRelayInnerGas, id 1) with a
//     transaction gas limit of relay_gas_limit  (relay_tx)
// work(kRelayRounds) needs about 250k gas inside the call; the relayer asks for kRelayInnerGas.
// Measured (Cancun), the outcome of tx2 by its gas limit:
//   Relayer:       below 145,542 the transaction runs out of gas; from 145,542 to 301,874
//                  relay() succeeds with the inner call out of gas, Relayed(1, false) and the
//                  id burnt (the griefing window, ~156k gas wide); from 301,875 Relayed(1, true).
//   RelayerFixed:  fails below 302,791 (INVALID after a starved call: the whole window
//                  reverts, so the id is not burnt); Relayed(1, true) from there.
// Gas used by tx2: 299,433 (Relayer) and 299,517 (RelayerFixed) at kRelayGenerousGas;
// 248,368 (Relayer, Relayed false) and 250,000 (RelayerFixed, all of it) at kRelayGriefGas.
// analyze_scenarios_test finds the edges by bisection and checks the window's width.
inline constexpr uint64_t kRelayRounds = 1000;
inline constexpr uint64_t kRelayInnerGas = 300'000;
inline constexpr uint64_t kRelayGenerousGas = 1'000'000;  // the inner call gets kRelayInnerGas
inline constexpr uint64_t kRelayGriefGas = 250'000;       // inside the window
struct RelayerScenario {
  AnalysisBlock block;
  Address deployer{}, user{}, worker{}, relayer{};
  uint32_t relay_tx = 2;
  uint256 relay_id = uint256(1);
};
RelayerScenario relayer_scenario(bool fixed, uint64_t relay_gas_limit);

// ---- gas growing with storage: unbounded iteration -------------------------------------
// tx0 deployer creates Distributor        -> distributor
// tx1 .. tx<members> member k joins       (join_txs[k])
// then deployer distribute() with 1 ether              (distribute_tx)
// then deployer distributeRange(0, 2) with 1 ether     (distribute_range_tx)
// distribute() loops over every member (gas ~ members); distributeRange over at most 2.
// members >= 1. Gas used: deploy 278,837; join 65,481 for the first member, 48,381 after;
// distribute() 48,423 / 97,895 / 518,407 with 1 / 3 / 20 members (~25k a member);
// distributeRange(0, 2) 39,728 with 2 members or more (32,138 with one).
struct DistributorScenario {
  AnalysisBlock block;
  Address deployer{}, distributor{};
  std::vector<Address> members;
  std::vector<uint32_t> join_txs;
  uint32_t distribute_tx = 0, distribute_range_tx = 0;
};
DistributorScenario distributor_scenario(size_t members);

}  // namespace warp::test
