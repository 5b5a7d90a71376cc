// The execute kernel's body: one prepared transaction (DeviceTx) run against the flat
// snapshot, from the sender's state checks to the fee payment, leaving its TxOutcome. The
// steps and their order are host/transition.cpp's run_transaction; the stateless checks
// were done by the host when it prepared the transaction. kernels/cuda launches this once per
// GPU thread; the host-emulated executor calls it from a TBB loop.
#pragma once

#include <cstdint>

#include "kernels/evm/arena.hpp"
#include "kernels/evm/create_address.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/evm/interpreter.hpp"
#include "kernels/exec/device_tx.hpp"
#include "kernels/exec/flat_host.hpp"
#include "kernels/exec/flat_overlay.hpp"
#include "kernels/exec/tx_outcome.hpp"
#include "state/flat/flat_view.hpp"

namespace warp {

// Per-thread working memory of the device interpreter. Nested frames stack up in each region
// by what they use (a frame starts only with 1024 free stack words above its parent's top);
// a call chain that does not fit ends in NeedsHost(Arena) and runs on the host.
struct DeviceArenaSizes {
  static constexpr uint64_t kStackWords = 3 * kStackWordsPerFrame;
  static constexpr uint64_t kMemoryBytes = 16 * 1024;
  static constexpr uint64_t kReturnBytes = 2 * 1024;
  static constexpr uint64_t kScratchBytes = 8 * 1024;
  static constexpr uint32_t kFrames = 16;
};

// The arena of thread `t`, sliced from regions of `threads` equal parts.
struct DeviceArenaRegions {
  uint256* stacks = nullptr;
  uint8_t* memories = nullptr;
  uint8_t* returns = nullptr;
  uint8_t* scratches = nullptr;
  Frame* frames = nullptr;
  FlatOverlay* overlays = nullptr;

  WARP_HD ExecArena arena(uint64_t t) const {
    using S = DeviceArenaSizes;
    ExecArena a;
    a.stack = stacks + t * S::kStackWords;
    a.stack_words = S::kStackWords;
    a.memory = memories + t * S::kMemoryBytes;
    a.memory_bytes = S::kMemoryBytes;
    a.returndata = returns + t * S::kReturnBytes;
    a.returndata_bytes = S::kReturnBytes;
    a.scratch = scratches + t * S::kScratchBytes;
    a.scratch_bytes = S::kScratchBytes;
    a.frames = frames + t * S::kFrames;
    a.frame_count = S::kFrames;
    return a;
  }
};

// Runs transaction `i` of `batch`; `out` is its outcome record (only the header and the used
// parts of the arrays are written).
template <Fork F>
WARP_HD void execute_device_tx(const FlatView& view, const DeviceBatch& batch, uint64_t i, FlatOverlay& overlay,
                               ExecArena& arena, TxOutcome& out) {
  const DeviceTx& tx = batch.txs[i];
  const DeviceBlock& block = *batch.block;
  out.done = 0;
  out.reason = NeedsHostReason::None;
  out.status = EvmStatus::Success;
  out.has_contract = 0;
  out.gas_used = 0;
  if (tx.host_only) {
    out.reason = NeedsHostReason::NotPrepared;
    return;
  }
  FlatHost host(view, block, F, overlay, out);

  // ---- validity that the state decides: anything unexpected is the host's to judge -------
  const uint64_t nonce = host.nonce(tx.sender);
  const uint256 balance = host.balance(tx.sender);
  const bool has_code = host.code(tx.sender).size != 0;
  if (nonce != tx.nonce || balance < tx.max_cost || has_code) {
    out.reason = NeedsHostReason::SenderCheck;
    return;
  }
  TxContext context;
  context.origin = tx.sender;
  context.gas_price = tx.gas_price;
  host.set_tx_context(context);

  // ---- nonce and gas purchase, then the message ---------------------------------------
  host.set_nonce(tx.sender, nonce + 1);
  host.sub_balance(tx.sender, uint256(tx.gas_limit) * tx.gas_price);

  Message msg;
  msg.kind = tx.has_to ? CallKind::Call : CallKind::Create;
  msg.depth = 0;
  msg.gas = static_cast<int64_t>(tx.gas_limit - tx.intrinsic_gas);
  msg.sender = tx.sender;
  msg.recipient = tx.has_to ? tx.to : create_address(tx.sender, tx.nonce);
  msg.code_address = msg.recipient;
  msg.value = tx.value;
  msg.input = batch.bytes + tx.data_offset;
  msg.input_size = tx.data_size;

  // ---- warm sets: EIP-2929, EIP-2930, EIP-3651 ------------------------------------------
  host.access_account(tx.sender);
  host.access_account(msg.recipient);
  for (uint32_t p = 1; p <= block.precompile_count; ++p) {
    Address a{};
    a.bytes[19] = static_cast<uint8_t>(p);
    host.access_account(a);
  }
  host.access_account(block.context.coinbase);
  for (uint32_t e = 0; e < tx.access_count; ++e) host.access_account(batch.access_addresses[tx.access_offset + e]);
  for (uint32_t k = 0; k < tx.key_count; ++k) {
    const DeviceAccessKey& key = batch.access_keys[tx.key_offset + k];
    host.access_storage(batch.access_addresses[key.entry], key.key);
  }

  const CallResult r = execute_message<F>(host, msg, arena);
  if (host.abort_reason != NeedsHostReason::None) {
    out.reason = host.abort_reason;
    return;
  }
  if (r.status == EvmStatus::NeedsHost || r.status == EvmStatus::InternalError) {
    out.reason = NeedsHostReason::Arena;
    return;
  }

  // ---- gas accounting: EIP-3529 refund cap, unused gas back, priority fee to the coinbase --
  const uint64_t gas_left = r.gas_left > 0 ? static_cast<uint64_t>(r.gas_left) : 0;
  uint64_t gas_used = tx.gas_limit - gas_left;
  if (r.status == EvmStatus::Success && r.gas_refund > 0) {
    const uint64_t cap = gas_used / 5;
    const uint64_t refund = static_cast<uint64_t>(r.gas_refund);
    gas_used -= refund < cap ? refund : cap;
  }
  if (gas_used < tx.gas_floor) gas_used = tx.gas_floor;
  host.add_balance(tx.sender, uint256(tx.gas_limit - gas_used) * tx.gas_price);
  host.add_balance(block.context.coinbase, uint256(gas_used) * tx.priority_fee);

  if (r.status != EvmStatus::Success) out.log_count = 0;  // a failed top frame keeps no logs
  host.emit_writes();
  if (host.abort_reason != NeedsHostReason::None) {
    out.reason = host.abort_reason;
    return;
  }
  out.status = r.status;
  out.gas_used = gas_used;
  if (!tx.has_to && r.status == EvmStatus::Success) {
    out.has_contract = 1;
    out.contract_address = msg.recipient;
  }
  out.done = 1;
}

// The fork is a compile-time parameter of the interpreter: one switch per transaction. The
// device runs Cancun only (each fork is another copy of the interpreter for nvcc to compile,
// minutes per architecture); other forks' transactions run on the host.
WARP_HD inline void execute_device_tx(Fork fork, const FlatView& view, const DeviceBatch& batch, uint64_t i,
                                      FlatOverlay& overlay, ExecArena& arena, TxOutcome& out) {
  if (fork == Fork::Cancun) {
    execute_device_tx<Fork::Cancun>(view, batch, i, overlay, arena, out);
    return;
  }
  out.done = 0;
  out.reason = NeedsHostReason::NotPrepared;
}

}  // namespace warp
