// Memory instructions and the copies into memory from calldata, code and returndata; also
// KECCAK256, which reads memory. Every one expands memory first (memory_region), which
// charges the quadratic cost and rejects offsets and sizes no gas could pay for.
#pragma once

#include <cstdint>

#include "exec_context.hpp"
#include "gas_schedule.hpp"
#include "keccak.hpp"

namespace warp::instr {

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow MLOAD(C& c) {
  uint256& slot = c.top();
  uint64_t off = 0, len = 0;
  if (!memory_region<F>(c, slot, uint256(32), off, len)) return Flow::Exit;
  slot = load_word_be(c.f.memory + off);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow MSTORE(C& c) {
  const uint256 offset = c.pop();
  const uint256 value = c.pop();
  uint64_t off = 0, len = 0;
  if (!memory_region<F>(c, offset, uint256(32), off, len)) return Flow::Exit;
  store_word_be(c.f.memory + off, value);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow MSTORE8(C& c) {
  const uint256 offset = c.pop();
  const uint256 value = c.pop();
  uint64_t off = 0, len = 0;
  if (!memory_region<F>(c, offset, uint256(1), off, len)) return Flow::Exit;
  c.f.memory[off] = static_cast<uint8_t>(value.w[0]);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow MSIZE(C& c) {
  c.push(uint256(c.f.memory_size));
  return Flow::Next;
}

// EIP-5656: memory to memory, regions may overlap; expansion covers both.
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow MCOPY(C& c) {
  const uint256 dst = c.pop();
  const uint256 src = c.pop();
  const uint256 size = c.pop();
  if (size.is_zero()) return Flow::Next;
  const uint256& far = dst < src ? src : dst;
  uint64_t off = 0, len = 0;
  if (!memory_region<F>(c, far, size, off, len)) return Flow::Exit;
  if (!c.charge(copy_cost<F>(len))) return c.fail(EvmStatus::OutOfGas);
  move_bytes(c.f.memory + dst.w[0], c.f.memory + src.w[0], len);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow KECCAK256(C& c) {
  const uint256 offset = c.pop();
  uint256& size_out = c.top();
  uint64_t off = 0, len = 0;
  if (!memory_region<F>(c, offset, size_out, off, len)) return Flow::Exit;
  if (!c.charge(static_cast<int64_t>(num_words(len)) * schedule<F>().keccak_word)) return c.fail(EvmStatus::OutOfGas);
  size_out = uint256::from_hash(keccak256(c.f.memory + off, len));
  return Flow::Next;
}

// Shared by CALLDATACOPY and CODECOPY: memory[dst..] = src[src_offset..] padded with zeros.
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow copy_to_memory(C& c, const uint8_t* src, uint64_t src_size) {
  const uint256 dst = c.pop();
  const uint256 src_offset = c.pop();
  const uint256 size = c.pop();
  uint64_t off = 0, len = 0;
  if (!memory_region<F>(c, dst, size, off, len)) return Flow::Exit;
  if (!c.charge(copy_cost<F>(len))) return c.fail(EvmStatus::OutOfGas);
  copy_padded(c.f.memory + off, len, src, src_size, src_offset);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CALLDATACOPY(C& c) {
  return copy_to_memory<F>(c, c.f.msg.input, c.f.msg.input_size);
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CODECOPY(C& c) {
  return copy_to_memory<F>(c, c.f.code, c.f.code_size);
}

// EIP-211: reading past the end of the returndata is an exceptional halt, not zeros.
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow RETURNDATACOPY(C& c) {
  const uint256 dst = c.pop();
  const uint256 src = c.pop();
  const uint256 size = c.pop();
  const uint64_t avail = c.f.returndata_size;
  if (!src.fits_u64() || src.w[0] > avail || !size.fits_u64() || size.w[0] > avail - src.w[0])
    return c.fail(EvmStatus::InvalidMemoryAccess);
  uint64_t off = 0, len = 0;
  if (!memory_region<F>(c, dst, size, off, len)) return Flow::Exit;
  if (!c.charge(copy_cost<F>(len))) return c.fail(EvmStatus::OutOfGas);
  copy_bytes(c.f.memory + off, c.arena.returndata + src.w[0], len);
  return Flow::Next;
}

}  // namespace warp::instr
