// Environment instructions: the message (ADDRESS, CALLER, CALLDATA*), other accounts
// (BALANCE, EXTCODE*; EIP-2929 cold/warm), the transaction and the block.
#pragma once

#include <cstdint>

#include "exec_context.hpp"
#include "gas_schedule.hpp"

namespace warp::instr {

// EIP-2929: the opcode's base gas is the warm cost; a first access adds the difference.
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE bool charge_account_access(C& c, const Address& a) {
  constexpr GasSchedule s = schedule<F>();
  if (c.host.access_account(a)) return true;
  return c.charge(s.cold_account_access - s.warm_access);
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow ADDRESS(C& c) {
  c.push(address_to_word(c.f.msg.recipient));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow BALANCE(C& c) {
  uint256& slot = c.top();
  const Address a = word_to_address(slot);
  if (!charge_account_access<F>(c, a)) return c.fail(EvmStatus::OutOfGas);
  slot = c.host.balance(a);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow ORIGIN(C& c) {
  c.push(address_to_word(c.host.tx().origin));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CALLER(C& c) {
  c.push(address_to_word(c.f.msg.sender));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CALLVALUE(C& c) {
  c.push(c.f.msg.value);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CALLDATALOAD(C& c) {
  uint256& slot = c.top();
  const uint64_t size = c.f.msg.input_size;
  if (!slot.fits_u64() || slot.w[0] >= size) {
    slot = uint256{};
    return Flow::Next;
  }
  const uint64_t off = slot.w[0];
  if (size - off >= 32) {
    slot = load_word_be(c.f.msg.input + off);
    return Flow::Next;
  }
  uint8_t buf[32];
  for (uint64_t i = 0; i < 32; ++i) buf[i] = off + i < size ? c.f.msg.input[off + i] : 0;
  slot = uint256::from_be_bytes(buf, 32);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CALLDATASIZE(C& c) {
  c.push(uint256(static_cast<uint64_t>(c.f.msg.input_size)));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CODESIZE(C& c) {
  c.push(uint256(c.f.code_size));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow GASPRICE(C& c) {
  c.push(c.host.tx().gas_price);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow EXTCODESIZE(C& c) {
  uint256& slot = c.top();
  const Address a = word_to_address(slot);
  if (!charge_account_access<F>(c, a)) return c.fail(EvmStatus::OutOfGas);
  slot = uint256(static_cast<uint64_t>(c.host.code(a).size));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow EXTCODECOPY(C& c) {
  const Address a = word_to_address(c.pop());
  const uint256 dst = c.pop();
  const uint256 src_offset = c.pop();
  const uint256 size = c.pop();
  uint64_t off = 0, len = 0;
  if (!memory_region<F>(c, dst, size, off, len)) return Flow::Exit;
  if (!c.charge(copy_cost<F>(len))) return c.fail(EvmStatus::OutOfGas);
  if (!charge_account_access<F>(c, a)) return c.fail(EvmStatus::OutOfGas);
  if (len != 0) {
    const CodeRef code = c.host.code(a);
    copy_padded(c.f.memory + off, len, code.code, code.size, src_offset);
  }
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow RETURNDATASIZE(C& c) {
  c.push(uint256(c.f.returndata_size));
  return Flow::Next;
}

// EIP-1052: zero for an account that does not exist or is empty (EIP-161).
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow EXTCODEHASH(C& c) {
  uint256& slot = c.top();
  const Address a = word_to_address(slot);
  if (!charge_account_access<F>(c, a)) return c.fail(EvmStatus::OutOfGas);
  slot = c.host.account_is_dead(a) ? uint256{} : uint256::from_hash(c.host.code(a).hash);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow BLOCKHASH(C& c) {
  uint256& slot = c.top();
  const uint64_t current = c.host.block().number;
  const uint64_t window = static_cast<uint64_t>(schedule<F>().blockhash_window);
  const bool in_window = slot.fits_u64() && slot.w[0] < current && current - slot.w[0] <= window;
  slot = in_window ? uint256::from_hash(c.host.block_hash(slot.w[0])) : uint256{};
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow COINBASE(C& c) {
  c.push(address_to_word(c.host.block().coinbase));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow TIMESTAMP(C& c) {
  c.push(uint256(c.host.block().timestamp));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow NUMBER(C& c) {
  c.push(uint256(c.host.block().number));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow PREVRANDAO(C& c) {
  c.push(uint256::from_hash(c.host.block().prevrandao));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow GASLIMIT(C& c) {
  c.push(uint256(static_cast<uint64_t>(c.host.block().gas_limit)));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CHAINID(C& c) {
  c.push(c.host.block().chain_id);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow SELFBALANCE(C& c) {
  c.push(c.host.balance(c.f.msg.recipient));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow BASEFEE(C& c) {
  c.push(c.host.block().base_fee);
  return Flow::Next;
}

// EIP-4844: the transaction's versioned hash at an index, zero past the end.
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow BLOBHASH(C& c) {
  uint256& slot = c.top();
  const TxContext& tx = c.host.tx();
  slot =
      (slot.fits_u64() && slot.w[0] < tx.blob_hash_count) ? uint256::from_hash(tx.blob_hashes[slot.w[0]]) : uint256{};
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow BLOBBASEFEE(C& c) {
  c.push(c.host.block().blob_base_fee);
  return Flow::Next;
}

}  // namespace warp::instr
