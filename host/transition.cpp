#include "host/transition.hpp"

#include <algorithm>

#include "host/precompiles/precompile.hpp"
#include "host/trace/tracing_host.hpp"
#include "host/tx/blob_gas.hpp"
#include "host/tx/intrinsic_gas.hpp"
#include "kernels/evm/create_address.hpp"
#include "kernels/evm/interpreter.hpp"

namespace warp {

namespace {

// Precompile addresses are 0x00..01 up to this; is_precompile() decides per fork.
constexpr uint8_t kMaxPrecompileIndex = 0x20;

Address small_address(uint8_t i) {
  Address a{};
  a.bytes[19] = i;
  return a;
}

// The fork is a compile-time parameter of the interpreter (DESIGN.md section 10).
template <class Host>
CallResult execute_in_fork(Fork fork, Host& host, const Message& msg, ExecArena& arena) {
  switch (fork) {
    case Fork::Shanghai:
      return execute_message<Fork::Shanghai>(host, msg, arena);
    case Fork::Cancun:
      return execute_message<Fork::Cancun>(host, msg, arena);
    case Fork::Prague:
      break;  // rejected by transition_supports()
  }
  CallResult r;
  r.status = EvmStatus::InternalError;
  return r;
}

// A traced run is a separate instantiation of the interpreter: the executors' hosts carry no
// tracing hooks.
CallResult execute(Fork fork, EvmStateHost& host, const Message& msg, ExecArena& arena, CallTrace* trace) {
  if (!trace) return execute_in_fork(fork, host, msg, arena);
  TracingHost traced(host, *trace);
  const CallResult r = execute_in_fork(fork, traced, msg, arena);
  traced.finish();
  return r;
}

}  // namespace

bool transition_supports(Fork fork) { return fork == Fork::Shanghai || fork == Fork::Cancun; }

Receipt run_transaction(EvmStateHost& host, const Transaction& tx, const BlockEnv& env, Fork fork,
                        const BlockUsage& usage, TransitionScratch& scratch, Bytes* output, CallTrace* trace) {
  Receipt receipt;
  if (!transition_supports(fork)) {
    receipt.error = "fork not supported by the transition function";
    return receipt;
  }
  const BlockContext& block = env.context;

  // ---- validity, against the state before anything changes ------------------------------
  SenderAccount sender;
  sender.nonce = host.nonce(tx.sender);
  sender.balance = host.balance(tx.sender);
  sender.has_code = host.code(tx.sender).size != 0;
  TxBlockEnv limits;
  limits.base_fee = block.base_fee;
  const uint64_t block_gas = block.gas_limit > 0 ? static_cast<uint64_t>(block.gas_limit) : 0;
  limits.gas_limit = block_gas > usage.gas_used ? block_gas - usage.gas_used : 0;
  limits.blob_base_fee = env.blob_base_fee;
  limits.blob_gas_used = usage.blob_gas_used;
  if (auto rejection = validate_transaction(tx, sender, limits, fork, env.chain_id)) {
    receipt.rejection = std::move(rejection);
    return receipt;
  }

  const uint256 gas_price = effective_gas_price(tx, block.base_fee);
  TxContext tx_context;
  tx_context.origin = tx.sender;
  tx_context.gas_price = gas_price;
  tx_context.blob_hashes = tx.blob_versioned_hashes.data();
  tx_context.blob_hash_count = tx.blob_versioned_hashes.size();
  host.set_tx_context(tx_context);

  // ---- nonce and gas purchase (never reverted: they precede the message's checkpoint) ----
  const uint64_t blob_gas = tx.type == TxType::Blob ? blob_gas_used(tx.blob_versioned_hashes.size(), fork) : 0;
  host.set_nonce(tx.sender, sender.nonce + 1);
  // The blob fee is paid at the block's blob base fee and burnt, whatever the outcome.
  host.sub_balance(tx.sender, uint256(tx.gas_limit) * gas_price + uint256(blob_gas) * block.blob_base_fee);

  // ---- the message ----------------------------------------------------------------------
  Message msg;
  msg.kind = tx.to ? CallKind::Call : CallKind::Create;
  msg.depth = 0;
  const IntrinsicGas intrinsic = intrinsic_gas(tx, fork);
  msg.gas = static_cast<int64_t>(tx.gas_limit - intrinsic.gas);
  msg.sender = tx.sender;
  msg.recipient = tx.to ? *tx.to : create_address(tx.sender, tx.nonce);
  msg.code_address = msg.recipient;
  msg.value = tx.value;
  msg.input = tx.data.data();
  msg.input_size = tx.data.size();

  // ---- warm sets: EIP-2929 (sender, recipient, precompiles), EIP-2930, EIP-3651 ------------
  host.access_account(tx.sender);
  host.access_account(msg.recipient);
  for (uint8_t i = 1; i <= kMaxPrecompileIndex; ++i)
    if (is_precompile(small_address(i), fork)) host.access_account(small_address(i));
  host.access_account(block.coinbase);
  for (const AccessListEntry& e : tx.access_list) {
    host.access_account(e.address);
    for (const Hash& key : e.storage_keys) host.access_storage(e.address, uint256::from_hash(key));
  }

  const CallResult result = execute(fork, host, msg, scratch.arena.view(), trace);
  if (host.unsupported_precompile()) {
    receipt.unsupported_precompile = host.unsupported_precompile();
    receipt.error = std::string("unsupported precompile ") + receipt.unsupported_precompile;
    return receipt;  // not included: the caller leaves the state untouched
  }
  if (result.status == EvmStatus::NeedsHost || result.status == EvmStatus::InternalError) {
    receipt.error = std::string("interpreter gave up: ") + to_string(result.status);
    return receipt;
  }

  // ---- gas accounting: EIP-3529 refund cap, unused gas back, priority fee to the coinbase --
  const uint64_t gas_left = result.gas_left > 0 ? static_cast<uint64_t>(result.gas_left) : 0;
  uint64_t gas_used = tx.gas_limit - gas_left;
  if (result.status == EvmStatus::Success && result.gas_refund > 0)
    gas_used -= std::min<uint64_t>(static_cast<uint64_t>(result.gas_refund), gas_used / 5);
  gas_used = std::max(gas_used, intrinsic.floor);  // EIP-7623 calldata floor (0 before Prague)
  host.add_balance(tx.sender, uint256(tx.gas_limit - gas_used) * gas_price);
  // Always credited, even with a zero fee: the touch removes an empty coinbase (EIP-161).
  host.add_balance(block.coinbase, uint256(gas_used) * priority_fee_per_gas(tx, block.base_fee));

  if (output) output->assign(result.output, result.output + result.output_size);
  receipt.status = result.status;
  receipt.gas_used = gas_used;
  receipt.blob_gas_used = blob_gas;
  if (result.status == EvmStatus::Success) {
    receipt.logs = host.logs();
    if (!tx.to) receipt.contract_address = msg.recipient;
  }
  return receipt;
}

Receipt apply_transaction(State& state, const Transaction& tx, const BlockEnv& env, Fork fork, const BlockUsage& usage,
                          TransitionScratch& scratch, CallTrace* trace) {
  StateBase base(state, scratch.codes);
  EvmStateHost host(base, env.context, TxContext{}, fork, scratch.codes, env.block_hash);
  Receipt receipt = run_transaction(host, tx, env, fork, usage, scratch, nullptr, trace);
  if (receipt.included()) host.finalize(state);
  return receipt;
}

Receipt apply_transaction(State& state, const Transaction& tx, const BlockEnv& env, Fork fork) {
  TransitionScratch scratch;
  return apply_transaction(state, tx, env, fork, BlockUsage{}, scratch);
}

}  // namespace warp
