// eth_call and eth_estimateGas: a message run against the latest state without changing it.
// Unlike a block, a call needs no signature and, without fee fields, pays no fee (geth's
// rule: the base fee is then taken as zero so that a zero gas price passes validation).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/transition.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "state/state.hpp"

namespace warp {

// The JSON-RPC call object, decoded.
struct CallRequest {
  Address from{};
  std::optional<Address> to;
  std::optional<uint64_t> gas;
  std::optional<uint256> gas_price;
  std::optional<uint256> max_fee_per_gas;
  std::optional<uint256> max_priority_fee_per_gas;
  uint256 value{};
  Bytes data;
  std::vector<AccessListEntry> access_list;
};

struct CallOutcome {
  std::string rejection;  // non-empty: the message could not run (e.g. insufficient funds)
  EvmStatus status = EvmStatus::Success;
  uint64_t gas_used = 0;
  Bytes output;  // return data, or revert data when status is Revert

  bool ran() const { return rejection.empty(); }
  bool success() const { return ran() && status == EvmStatus::Success; }
};

// The transaction the request stands for, with the sender's nonce, for `chain_id`.
Transaction call_transaction(const CallRequest& req, uint64_t nonce, uint64_t gas_limit, uint64_t chain_id);

// Runs the request with `gas_limit` gas (the request's own gas, if any, is ignored here).
CallOutcome run_call(const State& state, const BlockEnv& env, Fork fork, const CallRequest& req, uint64_t gas_limit);

struct GasEstimate {
  std::optional<uint64_t> gas;  // the least gas with which the message succeeds
  CallOutcome failure;          // when gas is nullopt: the run at the highest gas allowed
};

// Binary search between the intrinsic gas and the request's gas capped at `gas_cap` (or
// `gas_cap` itself): the exact least gas limit that succeeds, found with O(log gas_cap) runs.
GasEstimate estimate_gas(const State& state, const BlockEnv& env, Fork fork, const CallRequest& req, uint64_t gas_cap);

}  // namespace warp
