#include "host/node/call_runner.hpp"

#include <algorithm>

#include "host/base_state.hpp"
#include "host/evm_state_host.hpp"
#include "host/tx/intrinsic_gas.hpp"

namespace warp {

namespace {

bool has_fee_fields(const CallRequest& req) {
  return req.gas_price || req.max_fee_per_gas || req.max_priority_fee_per_gas;
}

}  // namespace

Transaction call_transaction(const CallRequest& req, uint64_t nonce, uint64_t gas_limit, uint64_t chain_id) {
  Transaction tx;
  const bool dynamic = req.max_fee_per_gas || req.max_priority_fee_per_gas;
  tx.type = dynamic ? TxType::DynamicFee : (req.access_list.empty() ? TxType::Legacy : TxType::AccessList);
  tx.chain_id = chain_id;
  tx.nonce = nonce;
  if (dynamic) {
    tx.max_fee_per_gas = req.max_fee_per_gas.value_or(uint256(0));
    tx.max_priority_fee_per_gas = req.max_priority_fee_per_gas.value_or(uint256(0));
    if (!req.max_fee_per_gas) tx.max_fee_per_gas = tx.max_priority_fee_per_gas;
  } else {
    tx.gas_price = req.gas_price.value_or(uint256(0));
  }
  tx.gas_limit = gas_limit;
  tx.to = req.to;
  tx.value = req.value;
  tx.data = req.data;
  tx.access_list = req.access_list;
  tx.sender = req.from;
  return tx;
}

CallOutcome run_call(const State& state, const BlockEnv& env, Fork fork, const CallRequest& req, uint64_t gas_limit) {
  const Transaction tx = call_transaction(req, state.nonce(req.from), gas_limit, env.chain_id);
  BlockEnv call_env = env;
  if (!has_fee_fields(req)) call_env.context.base_fee = uint256(0);
  TransitionScratch scratch;
  StateBase base(state, scratch.codes);
  EvmStateHost host(base, call_env.context, TxContext{}, fork, scratch.codes, call_env.block_hash);
  CallOutcome out;
  const Receipt r = run_transaction(host, tx, call_env, fork, BlockUsage{}, scratch, &out.output);
  if (r.rejection) {
    out.rejection = r.rejection->message;
  } else if (!r.error.empty()) {
    out.rejection = r.error;
  }
  out.status = r.status;
  out.gas_used = r.gas_used;
  return out;
}

GasEstimate estimate_gas(const State& state, const BlockEnv& env, Fork fork, const CallRequest& req, uint64_t gas_cap) {
  GasEstimate est;
  uint64_t hi = req.gas ? std::min(*req.gas, gas_cap) : gas_cap;
  CallOutcome top = run_call(state, env, fork, req, hi);
  if (!top.success()) {
    est.failure = std::move(top);
    return est;
  }
  // Below the intrinsic gas nothing runs; the gas the top run used is a lower bound as well,
  // except that refunds and the 63/64 rule can make the needed limit larger, never smaller.
  const Transaction probe = call_transaction(req, 0, hi, env.chain_id);
  uint64_t lo = intrinsic_gas(probe, fork).gas;
  if (lo > 0) --lo;                                  // lo: known (or assumed) to fail
  if (top.gas_used > lo + 1) lo = top.gas_used - 1;  // gas_used - 1 cannot succeed: it ran out
  while (lo + 1 < hi) {
    const uint64_t mid = lo + (hi - lo) / 2;
    if (run_call(state, env, fork, req, mid).success()) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  est.gas = hi;
  return est;
}

}  // namespace warp
