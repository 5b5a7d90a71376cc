// The state view the interpreter runs against (DESIGN.md section 3). It is a template
// parameter, never a virtual interface, so that both g++ and nvcc inline it. The host
// owns all state and journals every change; the interpreter only asks and tells.
//
// Implementations: host/evm_state_host (sequential, over `State`), the multi-version view
// of the CPU-parallel executor, and the flat-snapshot view of the GPU executor. Device
// hosts mark their methods WARP_HD.
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>

#include "block_context.hpp"
#include "code.hpp"
#include "hash.hpp"
#include "message.hpp"
#include "uint256.hpp"

namespace warp {

template <class H>
concept EvmHost = requires(H& h, const Address& a, const Address& b, const uint256& key, const uint256& value,
                           const Message& msg, const uint8_t* data, size_t size, const Hash* topics,
                           uint32_t checkpoint, uint64_t number) {
  // ---- accounts ----
  { h.account_exists(a) } -> std::same_as<bool>;  // present in the state (even if empty)
  { h.account_is_dead(a) } -> std::same_as<bool>;  // EIP-161: absent, or nonce 0, balance 0, no code
  { h.balance(a) } -> std::same_as<uint256>;
  { h.nonce(a) } -> std::same_as<uint64_t>;
  { h.code(a) } -> std::same_as<CodeRef>;          // empty CodeRef (hash of "") for absent accounts
  // CREATE/CREATE2 target already has a nonce, code or storage (EIP-684, EIP-7610).
  { h.create_collision(a) } -> std::same_as<bool>;
  { h.set_nonce(a, number) } -> std::same_as<void>;
  // Moves value; the interpreter has already checked the sender's balance. Touches `b`.
  { h.transfer(a, b, value) } -> std::same_as<void>;
  // EIP-161: an account touched during the transaction (call target, beneficiary, created
  // address) that is dead at its end is deleted. Zero-value calls touch their target.
  { h.touch(a) } -> std::same_as<void>;
  // Makes `a` a new contract account: keeps its balance, nonce 1, no code, no storage;
  // remembers it as created in this transaction (EIP-6780).
  { h.create_account(a) } -> std::same_as<void>;
  { h.set_code(a, data, size) } -> std::same_as<void>;
  // SELFDESTRUCT: moves the whole balance of `a` to `b` and, if `a` was created in this
  // transaction, schedules its deletion at the end of the transaction (EIP-6780).
  { h.selfdestruct(a, b) } -> std::same_as<void>;

  // ---- storage ----
  { h.sload(a, key) } -> std::same_as<uint256>;
  { h.sload_original(a, key) } -> std::same_as<uint256>;  // value at the start of the transaction
  { h.sstore(a, key, value) } -> std::same_as<void>;
  { h.tload(a, key) } -> std::same_as<uint256>;            // EIP-1153 transient storage
  { h.tstore(a, key, value) } -> std::same_as<void>;

  // ---- EIP-2929 access sets: mark warm, return whether it already was ----
  { h.access_account(a) } -> std::same_as<bool>;
  { h.access_storage(a, key) } -> std::same_as<bool>;

  // ---- logs, environment ----
  { h.emit_log(a, topics, size, data, size) } -> std::same_as<void>;
  { h.block_hash(number) } -> std::same_as<Hash>;   // zero outside the 256 most recent blocks
  { h.block() } -> std::convertible_to<const BlockContext&>;
  { h.tx() } -> std::convertible_to<const TxContext&>;

  // ---- precompiles: the host runs them (CPU libraries); a device host answers NeedsHost ----
  { h.is_precompile(a) } -> std::same_as<bool>;
  { h.call_precompile(msg) } -> std::same_as<CallResult>;

  // ---- journal: every change above (state, transient storage, access sets, logs) ----
  { h.checkpoint() } -> std::same_as<uint32_t>;
  { h.revert_to(checkpoint) } -> std::same_as<void>;
};

}  // namespace warp
