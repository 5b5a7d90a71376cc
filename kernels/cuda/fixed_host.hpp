// A minimal EvmHost that answers from fixed arrays, and one run of the portable
// interpreter against it. Header-only and WARP_HD, so the same run executes on the CPU and
// on the GPU (kernels/cuda/interpreter_fixed_host.cu) and tests compare the two. It is not
// the GPU executor's host: one contract, a few storage slots, no journal (revert_to does
// nothing), no precompiles, no other accounts.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/evm/arena.hpp"
#include "kernels/evm/host_concept.hpp"
#include "kernels/evm/interpreter.hpp"

namespace warp::cuda {

struct FixedHost {
  static constexpr int kSlots = 8;
  Address contract{};
  const uint8_t* code_bytes = nullptr;
  size_t code_size = 0;
  uint256 keys[kSlots];
  uint256 values[kSlots];
  int used = 0;
  BlockContext block_ctx{};
  TxContext tx_ctx{};

  WARP_HD bool account_exists(const Address& a) { return a == contract; }
  WARP_HD bool account_is_dead(const Address& a) { return a != contract; }
  WARP_HD uint256 balance(const Address&) { return uint256{}; }
  WARP_HD uint64_t nonce(const Address& a) { return a == contract ? 1 : 0; }
  WARP_HD CodeRef code(const Address& a) {
    CodeRef r{};
    if (a == contract) {
      r.code = code_bytes;
      r.size = code_size;
    }
    return r;
  }
  WARP_HD bool create_collision(const Address& a) { return a == contract; }
  WARP_HD void set_nonce(const Address&, uint64_t) {}
  WARP_HD void transfer(const Address&, const Address&, const uint256&) {}
  WARP_HD void touch(const Address&) {}
  WARP_HD void create_account(const Address&) {}
  WARP_HD void set_code(const Address&, const uint8_t*, size_t) {}
  WARP_HD void selfdestruct(const Address&, const Address&) {}
  WARP_HD uint256 sload(const Address&, const uint256& k) {
    for (int i = 0; i < used; ++i)
      if (keys[i] == k) return values[i];
    return uint256{};
  }
  WARP_HD uint256 sload_original(const Address&, const uint256&) { return uint256{}; }
  // Slots past kSlots are dropped: the programs run against this host use fewer.
  WARP_HD void sstore(const Address&, const uint256& k, const uint256& v) {
    for (int i = 0; i < used; ++i)
      if (keys[i] == k) {
        values[i] = v;
        return;
      }
    if (used < kSlots) {
      keys[used] = k;
      values[used++] = v;
    }
  }
  WARP_HD uint256 tload(const Address&, const uint256&) { return uint256{}; }
  WARP_HD void tstore(const Address&, const uint256&, const uint256&) {}
  WARP_HD bool access_account(const Address&) { return true; }
  WARP_HD bool access_storage(const Address&, const uint256&) { return true; }
  WARP_HD void emit_log(const Address&, const Hash*, size_t, const uint8_t*, size_t) {}
  WARP_HD Hash block_hash(uint64_t) { return Hash{}; }
  WARP_HD const BlockContext& block() { return block_ctx; }
  WARP_HD const TxContext& tx() { return tx_ctx; }
  WARP_HD bool is_precompile(const Address&) { return false; }
  WARP_HD CallResult call_precompile(const Message&) {
    CallResult r;
    r.status = EvmStatus::NeedsHost;
    return r;
  }
  WARP_HD uint32_t checkpoint() { return 0; }
  WARP_HD void revert_to(uint32_t) {}
};

static_assert(EvmHost<FixedHost>);

// Everything a run leaves behind, as plain values that can be copied off the device.
struct FixedRunResult {
  static constexpr uint32_t kMaxOutput = 64;
  EvmStatus status = EvmStatus::InternalError;
  int64_t gas_left = 0;
  int64_t gas_refund = 0;
  uint32_t output_size = 0;  // the full size; only the first kMaxOutput bytes are kept
  uint8_t output[kMaxOutput] = {};
  int slots_used = 0;
  uint256 keys[FixedHost::kSlots];
  uint256 values[FixedHost::kSlots];
};

// Per-run arena sizes. One frame: calls into other accounts end in the host's refusal, and
// a depth-1 frame is never needed by the programs run here. Small memory so that a
// program touching more gets NeedsHost, the device's answer to running out.
struct FixedArenaSizes {
  static constexpr uint64_t kStackWords = kStackWordsPerFrame;
  static constexpr uint64_t kMemoryBytes = 4096;
  static constexpr uint64_t kReturnBytes = 256;
  static constexpr uint64_t kScratchBytes = 1024;
  static constexpr uint32_t kFrames = 1;
};

// Runs `code` as contract 0x..01 with `calldata`, from a fresh FixedHost.
WARP_HD inline FixedRunResult run_on_fixed_host(const uint8_t* code, size_t code_size, const uint8_t* calldata,
                                                size_t calldata_size, int64_t gas, ExecArena& arena) {
  FixedHost host;
  host.contract.bytes[19] = 1;
  host.code_bytes = code;
  host.code_size = code_size;
  Message msg;
  msg.gas = gas;
  msg.recipient = host.contract;
  msg.code_address = host.contract;
  msg.input = calldata;
  msg.input_size = calldata_size;
  const CallResult r = execute_message<Fork::Cancun>(host, msg, arena);

  FixedRunResult out;
  out.status = r.status;
  out.gas_left = r.gas_left;
  out.gas_refund = r.gas_refund;
  out.output_size = static_cast<uint32_t>(r.output_size);
  const size_t kept = r.output_size < FixedRunResult::kMaxOutput ? r.output_size : FixedRunResult::kMaxOutput;
  for (size_t i = 0; i < kept; ++i) out.output[i] = r.output[i];
  out.slots_used = host.used;
  for (int i = 0; i < host.used; ++i) {
    out.keys[i] = host.keys[i];
    out.values[i] = host.values[i];
  }
  return out;
}

}  // namespace warp::cuda
