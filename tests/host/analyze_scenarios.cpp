#include "tests/host/analyze_scenarios.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include "bench/contracts/contracts.hpp"
#include "bench/workloads/block_env.hpp"
#include "bench/workloads/keys.hpp"
#include "bench/workloads/pre_state.hpp"
#include "bench/workloads/signing.hpp"
#include "bench/workloads/tx_makers.hpp"
#include "host/executor/block_executor.hpp"
#include "kernels/evm/create_address.hpp"

namespace warp::test {

namespace {

using bench::abi_word;
using bench::encode_call;
using bench::selector_of;

// Enough for every deployment here (the biggest, OracleAMM, uses ~481k) and every call.
constexpr uint64_t kCreateGas = 1'500'000;
constexpr uint64_t kCallGas = 300'000;

Bytes read_hex(std::string_view name, std::string_view suffix) {
  const std::string path =
      std::string(WARPEVM_SOURCE_DIR) + "/tests/analyze_contracts/" + std::string(name) + std::string(suffix);
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.pop_back();
  std::optional<Bytes> bytes = from_hex(text);
  if (!bytes || bytes->empty()) throw std::runtime_error(path + " is not hex");
  return *std::move(bytes);
}

// The accounts of every scenario: index k is the same address whatever the count.
bench::Keyring keyring(size_t count) { return bench::derive_keyring(0x5afe, count); }

// Builds a block transaction by transaction, tracking each sender's nonce.
class BlockBuilder {
 public:
  explicit BlockBuilder(size_t accounts) : keys_(keyring(accounts)), nonces_(accounts, 0) {
    bench::fund_accounts(block_.pre, keys_.addresses, kScenarioEther * uint256(1000));
    block_.env = bench::make_block_env(30'000'000);
    block_.pre.set_balance(block_.env.context.coinbase, kScenarioEther);
  }

  const Address& address(size_t k) const { return keys_.addresses[k]; }

  // The address the next creation from account k gets.
  Address next_created(size_t k) const { return create_address(address(k), nonces_[k]); }

  // Appends a signed transaction; returns its index.
  uint32_t send(size_t from, std::optional<Address> to, Bytes data, const uint256& value, uint64_t gas) {
    Transaction tx = bench::make_transfer({1, nonces_[from]++, uint256(bench::kGwei)}, Address{}, value);
    tx.to = to;
    tx.data = std::move(data);
    tx.gas_limit = gas;
    bench::sign_transaction(tx, keys_.secret_keys[from]);
    tx.sender = address(from);
    block_.txs.push_back(std::move(tx));
    return static_cast<uint32_t>(block_.txs.size() - 1);
  }
  uint32_t call(size_t from, const Address& to, Bytes data, const uint256& value = {}, uint64_t gas = kCallGas) {
    return send(from, to, std::move(data), value, gas);
  }
  // Creates `contract` with ABI-encoded constructor arguments; returns its address.
  Address create(size_t from, std::string_view contract, std::initializer_list<Hash> args = {}) {
    const Address at = next_created(from);
    Bytes code = analyze_contract_init_code(contract);
    for (const Hash& w : args) code.insert(code.end(), w.bytes, w.bytes + 32);
    send(from, std::nullopt, std::move(code), {}, kCreateGas);
    return at;
  }

  // The block, its gas limit at least the sum of its transactions' limits.
  AnalysisBlock finish() {
    uint64_t sum = 0;
    for (const Transaction& tx : block_.txs) sum += tx.gas_limit;
    block_.env.context.gas_limit = static_cast<int64_t>(std::max<uint64_t>(sum, 30'000'000));
    return std::move(block_);
  }

 private:
  bench::Keyring keys_;
  std::vector<uint64_t> nonces_;
  AnalysisBlock block_;
};

Bytes call0(std::string_view signature) { return encode_call(selector_of(signature), {}); }

// The AMM's formula (OracleAMM._amountOut).
uint256 amm_out(const uint256& in, const uint256& reserve_in, const uint256& reserve_out) {
  const uint256 in_with_fee = in * uint256(997);
  return in_with_fee * reserve_out / (reserve_in * uint256(1000) + in_with_fee);
}

}  // namespace

Bytes analyze_contract_init_code(std::string_view name) { return read_hex(name, ".bin.hex"); }
Bytes analyze_contract_runtime_code(std::string_view name) { return read_hex(name, ".bin-runtime.hex"); }

ScenarioRun run_scenario(const AnalysisBlock& block) {
  ScenarioRun run{block.pre, {}};
  run.receipts = make_executor("sequential", 1)->execute(run.post, block.txs, block.env, block.fork).receipts;
  return run;
}

VaultScenario vault_scenario(bool fixed, int mode) {
  enum : size_t { kDeployer, kVictim0, kVictim1, kAttacker, kAccomplice, kAccounts };
  BlockBuilder b(kAccounts);
  VaultScenario s;
  s.deployer = b.address(kDeployer);
  s.victims[0] = b.address(kVictim0);
  s.victims[1] = b.address(kVictim1);
  s.attacker_eoa = b.address(kAttacker);
  s.accomplice = b.address(kAccomplice);

  s.vault = b.create(kDeployer, fixed ? "VaultFixed" : "Vault");
  b.call(kVictim0, s.vault, call0("deposit()"), kScenarioEther * uint256(10));
  b.call(kVictim1, s.vault, call0("deposit()"), kScenarioEther * uint256(10));
  s.consumer = b.create(kDeployer, "PriceConsumer");
  s.attacker = b.create(kAttacker, "VaultAttacker", {abi_word(s.vault), abi_word(s.accomplice)});
  s.attack_tx = b.call(kAttacker, s.attacker,
                       encode_call(selector_of("attack(uint8,address)"),
                                   {abi_word(uint256(static_cast<uint64_t>(mode))), abi_word(s.consumer)}),
                       kScenarioEther);
  s.block = b.finish();
  return s;
}

ApproveRaceScenario approve_race_scenario() {
  enum : size_t { kOwner, kSpender, kAccounts };
  BlockBuilder b(kAccounts);
  ApproveRaceScenario s;
  s.owner = b.address(kOwner);
  s.spender = b.address(kSpender);
  s.token = b.create(kOwner, "SafetyToken", {abi_word(kScenarioEther * uint256(1'000'000))});
  s.approve_tx = b.call(kOwner, s.token, bench::erc20::approve_calldata(s.spender, uint256(100)));
  s.transfer_from_tx =
      b.call(kSpender, s.token, bench::erc20::transfer_from_calldata(s.owner, s.spender, uint256(100)));
  s.reapprove_tx = b.call(kOwner, s.token, bench::erc20::approve_calldata(s.spender, uint256(50)));
  s.block = b.finish();
  return s;
}

SandwichScenario sandwich_scenario(bool front_run) {
  enum : size_t { kLp, kAttacker, kVictim, kAccounts };
  const uint256 liquidity_eth = kScenarioEther * uint256(100);
  const uint256 liquidity_tokens = kScenarioEther * uint256(100'000);
  const uint256 front_eth = kScenarioEther * uint256(10);
  const uint256 victim_eth = kScenarioEther * uint256(5);

  BlockBuilder b(kAccounts);
  SandwichScenario s;
  s.lp = b.address(kLp);
  s.attacker = b.address(kAttacker);
  s.victim = b.address(kVictim);
  s.token = b.create(kLp, "SafetyToken", {abi_word(kScenarioEther * uint256(1'000'000))});
  s.amm = b.create(kLp, "OracleAMM", {abi_word(s.token)});
  b.call(kLp, s.token, bench::erc20::approve_calldata(s.amm, liquidity_tokens));
  b.call(kLp, s.amm, encode_call(selector_of("addLiquidity(uint256)"), {abi_word(liquidity_tokens)}), liquidity_eth);
  b.call(kAttacker, s.token, bench::erc20::approve_calldata(s.amm, ~uint256(0)));

  uint256 eth_reserve = liquidity_eth, token_reserve = liquidity_tokens;
  if (front_run) {
    s.front_run_tokens = amm_out(front_eth, eth_reserve, token_reserve);
    eth_reserve = eth_reserve + front_eth;
    token_reserve = token_reserve - s.front_run_tokens;
    s.front_tx = b.call(kAttacker, s.amm, encode_call(selector_of("swapEthForToken(uint256)"), {abi_word(uint256(0))}),
                        front_eth);
  }
  s.victim_tokens = amm_out(victim_eth, eth_reserve, token_reserve);
  s.victim_tx =
      b.call(kVictim, s.amm, encode_call(selector_of("swapEthForToken(uint256)"), {abi_word(uint256(0))}), victim_eth);
  if (front_run)
    s.back_tx = b.call(kAttacker, s.amm,
                       encode_call(selector_of("swapTokenForEth(uint256,uint256)"),
                                   {abi_word(s.front_run_tokens), abi_word(uint256(0))}));
  s.block = b.finish();
  return s;
}

RelayerScenario relayer_scenario(bool fixed, uint64_t relay_gas_limit) {
  enum : size_t { kDeployer, kUser, kAccounts };
  BlockBuilder b(kAccounts);
  RelayerScenario s;
  s.deployer = b.address(kDeployer);
  s.user = b.address(kUser);
  s.worker = b.create(kDeployer, "Worker");
  s.relayer = b.create(kDeployer, fixed ? "RelayerFixed" : "Relayer");

  // relay(address target, bytes data, uint256 gasLimit, uint256 id): four head words (data
  // as an offset to its tail), then the tail: length, and the bytes padded to whole words.
  const Bytes work = encode_call(selector_of("work(uint256)"), {abi_word(uint256(kRelayRounds))});
  Bytes data = encode_call(selector_of("relay(address,bytes,uint256,uint256)"),
                           {abi_word(s.worker), abi_word(uint256(4 * 32)), abi_word(uint256(kRelayInnerGas)),
                            abi_word(s.relay_id), abi_word(uint256(work.size()))});
  data.insert(data.end(), work.begin(), work.end());
  data.resize(data.size() + (32 - work.size() % 32) % 32, 0);
  s.relay_tx = b.send(kUser, s.relayer, std::move(data), {}, relay_gas_limit);
  s.block = b.finish();
  return s;
}

DistributorScenario distributor_scenario(size_t members) {
  if (members == 0) throw std::invalid_argument("distributor_scenario: at least one member");
  const size_t kDeployer = 0;
  BlockBuilder b(1 + members);
  DistributorScenario s;
  s.deployer = b.address(kDeployer);
  s.distributor = b.create(kDeployer, "Distributor");
  for (size_t k = 0; k < members; ++k) {
    s.members.push_back(b.address(1 + k));
    s.join_txs.push_back(b.call(1 + k, s.distributor, call0("join()")));
  }
  // Per member: a cold read of its array slot and a zero-to-nonzero credit write (~27k).
  const uint64_t distribute_gas = 100'000 + 30'000 * static_cast<uint64_t>(members);
  s.distribute_tx = b.call(kDeployer, s.distributor, call0("distribute()"), kScenarioEther, distribute_gas);
  s.distribute_range_tx =
      b.call(kDeployer, s.distributor,
             encode_call(selector_of("distributeRange(uint256,uint256)"), {abi_word(uint256(0)), abi_word(uint256(2))}),
             kScenarioEther);
  s.block = b.finish();
  return s;
}

}  // namespace warp::test
