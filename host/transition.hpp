// The state transition function: one transaction applied to a State (execution-specs'
// process_transaction). Validation, gas purchase, warm sets, the message itself, refunds,
// fees, and the end-of-transaction deletions. A transaction that is rejected, or that could
// not be executed here, leaves the State exactly as it was.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/code_cache.hpp"
#include "host/evm_arena.hpp"
#include "host/evm_state_host.hpp"
#include "host/log.hpp"
#include "host/trace/call_trace.hpp"
#include "host/tx/transaction.hpp"
#include "host/tx/validation.hpp"
#include "kernels/evm/block_context.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/evm/status.hpp"
#include "state/state.hpp"

namespace warp {

// The block a transaction runs in.
struct BlockEnv {
  BlockContext context;                  // context.blob_base_fee: the fee, saturated at 2^256-1
  std::optional<uint256> blob_base_fee;  // nullopt: beyond 2^256-1 (no blob transaction is valid)
  uint64_t chain_id = 1;
  BlockHashFn block_hash;  // BLOCKHASH inside the 256-block window; null: zero
};

// What earlier transactions of the block used up.
struct BlockUsage {
  uint64_t gas_used = 0;
  uint64_t blob_gas_used = 0;
};

struct Receipt {
  // Set: the transaction is invalid; not included, state unchanged.
  std::optional<TxRejection> rejection;
  // Non-empty: valid, but it could not be executed here (a precompile not built, the
  // interpreter gave up); state unchanged. unsupported_precompile names the precompile.
  std::string error;
  const char* unsupported_precompile = nullptr;

  EvmStatus status = EvmStatus::Success;  // of the top-level message
  uint64_t gas_used = 0;                  // after the refund
  uint64_t cumulative_gas_used = 0;       // set by the block executor
  uint64_t blob_gas_used = 0;
  std::vector<Log> logs;                    // empty unless status == Success
  std::optional<Address> contract_address;  // successful creation

  bool included() const { return !rejection && error.empty(); }
  bool success() const { return included() && status == EvmStatus::Success; }
};

// Adds an included transaction's gas and blob gas to what the block has used.
inline void count_usage(BlockUsage& usage, const Receipt& r) {
  if (!r.included()) return;
  usage.gas_used += r.gas_used;
  usage.blob_gas_used += r.blob_gas_used;
}

// Reusable working memory for apply_transaction (one per thread): the interpreter arena and
// the code cache (JUMPDEST analysis once per code hash).
struct TransitionScratch {
  EvmArena arena;
  CodeCache codes;
};

// Whether apply_transaction runs this fork.
bool transition_supports(Fork fork);

// Runs `tx` through `host` (fresh, over whatever base the executor chose): validation against
// what the host reads for the sender, then the message, refunds and fees. The outcome stays in
// the host; the caller applies it (finalize, emit_writes) only when the receipt is included().
// `output`, when given, receives the top-level message's return or revert data (eth_call);
// `trace`, when given, receives the message's call trace (host/trace, `warpevm analyze`).
Receipt run_transaction(EvmStateHost& host, const Transaction& tx, const BlockEnv& env, Fork fork,
                        const BlockUsage& usage, TransitionScratch& scratch, Bytes* output = nullptr,
                        CallTrace* trace = nullptr);

// run_transaction over `state`, applied to it when included (with its call trace into `trace`
// when given).
Receipt apply_transaction(State& state, const Transaction& tx, const BlockEnv& env, Fork fork, const BlockUsage& usage,
                          TransitionScratch& scratch, CallTrace* trace = nullptr);

// A single transaction in a fresh block (the state-test case): no earlier usage.
Receipt apply_transaction(State& state, const Transaction& tx, const BlockEnv& env, Fork fork);

}  // namespace warp
