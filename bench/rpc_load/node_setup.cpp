#include "bench/rpc_load/node_setup.hpp"

#include <algorithm>
#include <chrono>
#include <ostream>
#include <thread>

#include "bench/contracts/contracts.hpp"
#include "bench/workloads/signing.hpp"
#include "host/node/rpc_hex.hpp"
#include "host/tx/tx_codec.hpp"

namespace warp::bench {

using nlohmann::json;

namespace {

constexpr uint64_t kGwei = 1'000'000'000;
constexpr uint64_t kDeployGas = 2'000'000;

// Whole ether with three decimals, for messages.
std::string ether(const uint256& wei) {
  const uint256 milli = wei / uint256(uint64_t{1'000'000'000'000'000});
  if (!milli.fits_u64()) return "more than 2^64 milliether";
  const uint64_t m = milli.low64();
  std::string frac = std::to_string(m % 1000);
  return std::to_string(m / 1000) + "." + std::string(3 - frac.size(), '0') + frac + " ETH";
}

json wait_for_receipt(RpcClient& client, const Hash& hash, double timeout_s) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  for (;;) {
    json r = client.call("eth_getTransactionReceipt", {to_hex0x(hash)});
    if (!r.is_null()) return r;
    if (std::chrono::steady_clock::now() > until)
      throw std::runtime_error("transaction " + to_hex0x(hash) + " was not included within " +
                               std::to_string(static_cast<int>(timeout_s)) + " s");
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

ChainFacts read_chain_facts(RpcClient& client) {
  ChainFacts f;
  f.chain_id = rpc::parse_u64(client.call("eth_chainId", json::array()), "chain id");
  const json head = client.call("eth_getBlockByNumber", {"latest", false});
  f.head = rpc::parse_u64(head.at("number"), "number");
  f.gas_limit = rpc::parse_u64(head.at("gasLimit"), "gasLimit");
  if (head.contains("baseFeePerGas")) f.base_fee = rpc::parse_u256(head["baseFeePerGas"], "baseFeePerGas");
  return f;
}

std::vector<uint256> read_balances(RpcClient& client, std::span<const Address> addresses) {
  std::vector<uint256> out;
  for (const json& r : per_address(client, "eth_getBalance", addresses, [](const Address& a) {
         return json{to_hex0x(a), "latest"};
       }))
    out.push_back(rpc::parse_u256(r, "balance"));
  return out;
}

LoadFees choose_fees(const ChainFacts& facts) {
  LoadFees f;
  f.max_fee_per_gas = std::max(uint256(100 * kGwei), facts.base_fee * uint256(10));
  f.max_priority_fee_per_gas = uint256(kGwei);
  return f;
}

std::string funding_problem(std::span<const LoadSender> senders, std::span<const uint256> balances, size_t txs,
                            uint64_t gas_limit, const LoadFees& fees, const uint256& value) {
  const size_t k = senders.size();
  for (size_t s = 0; s < k; ++s) {
    const size_t count = sender_share(txs, k, s);
    const uint256 need = uint256(count) * (uint256(gas_limit) * fees.max_fee_per_gas + value);
    if (balances[s] < need)
      return "sender " + std::to_string(s) + " (" + to_hex0x(senders[s].address) + ") holds " + ether(balances[s]) +
             " but its " + std::to_string(count) + " transactions may cost up to " + ether(need) +
             ": start the node with --dev-accounts " + std::to_string(k) + " or more (senders are the first " +
             std::to_string(k) + " dev accounts)";
  }
  return "";
}

Address setup_erc20(const SendOptions& options, RpcClient& client, const ChainFacts& facts, const LoadFees& fees,
                    std::vector<LoadSender>& senders, std::ostream& log) {
  LoadSender& owner = senders[0];
  // Far more than the load can move: 1 unit per transaction.
  const uint256 supply = uint256(1) << 200;
  Bytes init = erc20_init_code();
  const Hash supply_word = abi_word(supply);
  init.insert(init.end(), supply_word.bytes, supply_word.bytes + 32);
  Transaction deploy =
      make_load_tx(facts.chain_id, owner.first_nonce, fees, kDeployGas, std::nullopt, uint256(0), init);
  sign_transaction(deploy, owner.secret_key);
  client.call("eth_sendRawTransaction", {to_hex0x(encode_transaction(deploy))});
  const json receipt = wait_for_receipt(client, deploy.hash, options.stall_seconds);
  if (receipt.value("status", "") != "0x1" || !receipt.contains("contractAddress") ||
      receipt["contractAddress"].is_null())
    throw std::runtime_error("the ERC-20 deploy failed: " + receipt.dump());
  const Address token = rpc::parse_address(receipt["contractAddress"], "contractAddress");
  ++owner.first_nonce;
  log << "deployed the ERC-20 at " << to_hex0x(token) << "\n";

  // Tokens for everyone else: transfers from the owner, one sender's chain of nonces, so the
  // send engine (which respects the pool's per-sender limit) delivers them.
  if (senders.size() > 1) {
    const uint256 share = supply / uint256(senders.size());
    std::vector<Transaction> txs;
    for (size_t s = 1; s < senders.size(); ++s)
      txs.push_back(make_load_tx(facts.chain_id, owner.first_nonce + s - 1, fees, 100'000, token, uint256(0),
                                 erc20::transfer_calldata(senders[s].address, share)));
    std::vector<uint32_t> signer(txs.size(), 0);
    const SignedLoad funding = sign_load(std::move(txs), std::move(signer), std::span<const LoadSender>(&owner, 1));
    SendOptions one = options;
    one.connections = 1;
    const SendOutcome sent = run_send(one, funding, log);
    if (sent.refused > 0 || sent.stalled)
      throw std::runtime_error("funding the senders with tokens failed" +
                               (sent.errors.empty() ? std::string() : ": " + sent.errors.front()));
    // Every sender must now hold its share (a reverted transfer would leave one without).
    std::vector<Address> holders;
    for (size_t s = 1; s < senders.size(); ++s) holders.push_back(senders[s].address);
    const std::vector<json> balances = per_address(client, "eth_call", holders, [&](const Address& a) {
      return json{{{"to", to_hex0x(token)}, {"data", to_hex0x(erc20::balance_of_calldata(a))}}, "latest"};
    });
    for (size_t i = 0; i < balances.size(); ++i)
      if (uint256::from_hash(rpc::parse_hash(balances[i], "balanceOf")) != share)
        throw std::runtime_error("sender " + std::to_string(i + 1) + " did not receive its tokens");
    owner.first_nonce += funding.size();
    log << "gave " << funding.size() << " senders tokens\n";
  }
  return token;
}

}  // namespace warp::bench
