// The transactions of a load run, built and signed before any timing starts: N transactions
// spread over K senders, each sender's in consecutive nonces. No network here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "host/tx/transaction.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"

namespace warp::bench {

enum class LoadWorkload : uint8_t { Transfer, Erc20 };

std::optional<LoadWorkload> parse_load_workload(std::string_view name);
const char* load_workload_name(LoadWorkload w);

// Gas limit of one load transaction. A plain transfer uses exactly 21000. An ERC-20 transfer to
// a holder with no balance yet (every load recipient is fresh) uses about 52k: 21000, calldata,
// two cold balance slots, a zero-to-nonzero SSTORE and the Transfer log. The margin above that
// is kept small because the node packs blocks by the sum of gas limits, not gas used.
uint64_t load_gas_limit(LoadWorkload w);

struct LoadSender {
  Address address{};
  Hash secret_key{};
  uint64_t first_nonce = 0;  // the sender's pending nonce when the run starts
};

struct LoadFees {
  uint256 max_fee_per_gas{};
  uint256 max_priority_fee_per_gas{};
};

struct LoadSpec {
  LoadWorkload workload = LoadWorkload::Transfer;
  size_t txs = 0;
  uint64_t chain_id = 31337;
  LoadFees fees;
  std::optional<Address> token;  // the ERC-20 contract (erc20 workload only)
};

// How many of `txs` transactions sender s of `senders` sends when transaction i is sent by
// sender i % senders.
size_t sender_share(size_t txs, size_t senders, size_t s);

struct SignedLoad {
  std::vector<std::string> raw_hex;  // "0x" + the EIP-2718 encoding, as the JSON-RPC wants it
  std::vector<Hash> hashes;
  std::vector<uint32_t> sender;  // index into the senders
  std::vector<uint64_t> nonce;
  std::vector<Address> sender_address;  // [s]: sender s
  std::vector<uint64_t> first_nonce;    // [s]: sender s's first nonce in this load
  size_t size() const { return raw_hex.size(); }
  size_t sender_count() const { return sender_address.size(); }
  // How many transactions sender s sends.
  size_t count_of(size_t s) const { return sender_share(size(), sender_count(), s); }
};

// The address that receives load transaction i: distinct for every i, never a precompile, and
// never one of the dev accounts (which are derived keys, not small numbers).
Address load_recipient(size_t i);

// Transaction i is sent by senders[i % K] with nonce first_nonce + i / K: any prefix of the
// list leaves every sender's nonces without a gap, so it can be cut into batches freely.
// Transfers send 1 wei; ERC-20 loads move 1 token unit. Signed in parallel.
SignedLoad make_signed_load(const LoadSpec& spec, std::span<const LoadSender> senders);

// Signs txs[i] with the key of senders[sender[i]] (in parallel) and encodes them: a load whose
// first_nonce are the senders' first_nonce.
SignedLoad sign_load(std::vector<Transaction> txs, std::vector<uint32_t> sender, std::span<const LoadSender> senders);

// One unsigned transaction of any shape (the setup's deploy and funding transfers).
Transaction make_load_tx(uint64_t chain_id, uint64_t nonce, const LoadFees& fees, uint64_t gas_limit,
                         std::optional<Address> to, const uint256& value, Bytes data);

}  // namespace warp::bench
