// What a load run learns from, and prepares on, the node before the clock starts: chain facts,
// the senders' nonces and balances, and for the ERC-20 load the token and the senders' tokens.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "bench/rpc_load/load_txs.hpp"
#include "bench/rpc_load/rpc_client.hpp"
#include "bench/rpc_load/send_load.hpp"

namespace warp::bench {

struct ChainFacts {
  uint64_t chain_id = 0;
  uint64_t head = 0;
  uint256 base_fee{};  // of the head block
  uint64_t gas_limit = 0;
};

ChainFacts read_chain_facts(RpcClient& client);

// eth_getBalance(address, "latest") for each, in JSON-RPC batches (read_nonces: rpc_client.hpp).
std::vector<uint256> read_balances(RpcClient& client, std::span<const Address> addresses);

// A fee cap far above the base fee (100 gwei, or 10x the base fee if that is more), so blocks
// filled by the load itself cannot push the base fee past it during a run; a 1 gwei tip.
LoadFees choose_fees(const ChainFacts& facts);

// "" when every sender can pay for its share of `txs` transactions (each `gas_limit` at the
// fee cap, plus `value`); otherwise a message naming the first one that cannot.
std::string funding_problem(std::span<const LoadSender> senders, std::span<const uint256> balances, size_t txs,
                            uint64_t gas_limit, const LoadFees& fees, const uint256& value);

// Deploys the ERC-20 from senders[0] and gives every other sender tokens, through
// eth_sendRawTransaction, waiting until all of it is included. Returns the token address and
// moves each sender's first_nonce past what the setup used. Throws std::runtime_error with the
// reason when the deploy or a funding transfer fails.
Address setup_erc20(const SendOptions& options, RpcClient& client, const ChainFacts& facts, const LoadFees& fees,
                    std::vector<LoadSender>& senders, std::ostream& log);

}  // namespace warp::bench
