// One unsigned EIP-1559 transaction per workload kind. The caller picks who and how much;
// these fill in the call data, the gas limit and the fees.
#pragma once

#include <cstdint>

#include "host/tx/transaction.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"

namespace warp::bench {

// Gas limits: safe upper bounds of what each kind uses (the tests check the margin). A
// transfer uses exactly 21000; an ERC-20 transfer between funded holders at most ~35k; a
// swap, with two token calls and cold slots everywhere, at most ~80k (measured, Cancun).
inline constexpr uint64_t kTransferGas = 21'000;
inline constexpr uint64_t kErc20Gas = 100'000;
inline constexpr uint64_t kSwapGas = 200'000;

// The block's base fee and what the generated transactions offer on top of it: a fee cap
// far above the base fee, so every transaction stays valid, and a nonzero tip, so the
// coinbase earns something (its balance is then written by every transaction).
inline constexpr uint64_t kGwei = 1'000'000'000;
inline constexpr uint64_t kBaseFee = 7 * kGwei;
inline constexpr uint64_t kMaxFeePerGas = 100 * kGwei;

// Fields every kind shares: type 2, chain id, nonce, fees.
struct TxHeader {
  uint64_t chain_id = 1;
  uint64_t nonce = 0;
  uint256 max_priority_fee_per_gas{};
};

Transaction make_transfer(const TxHeader& h, const Address& to, const uint256& value);
Transaction make_erc20_transfer(const TxHeader& h, const Address& token, const Address& to, const uint256& amount);
Transaction make_swap(const TxHeader& h, const Address& pair, bool zero_for_one, const uint256& amount_in,
                      const uint256& min_amount_out, const Address& to);

}  // namespace warp::bench
