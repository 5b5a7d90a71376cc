// Control flow: jumps, frame ends (STOP, RETURN, REVERT, INVALID) and PC/GAS.
#pragma once

#include <cstdint>

#include "exec_context.hpp"
#include "jumpdest.hpp"

namespace warp::instr {

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow STOP(C& c) {
  c.f.out_offset = 0;
  c.f.out_size = 0;
  return c.fail(EvmStatus::Success);
}

template <class C>
WARP_HD WARP_FORCEINLINE Flow jump_to(C& c, const uint256& dest) {
  if (!dest.fits_u64() || !is_jumpdest(c.f.jumpdest_bits, c.f.code_size, dest.w[0]))
    return c.fail(EvmStatus::BadJumpDestination);
  c.pc = dest.w[0];
  return Flow::Jumped;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow JUMP(C& c) {
  return jump_to(c, c.pop());
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow JUMPI(C& c) {
  const uint256 dest = c.pop();
  const uint256 cond = c.pop();
  if (cond.is_zero()) return Flow::Next;
  return jump_to(c, dest);
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow JUMPDEST(C&) {
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow PC(C& c) {
  c.push(uint256(c.pc));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow GAS(C& c) {
  c.push(uint256(static_cast<uint64_t>(c.gas)));
  return Flow::Next;
}

// RETURN and REVERT: the output is a slice of this frame's memory.
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow end_with_output(C& c, EvmStatus status) {
  const uint256 offset = c.pop();
  const uint256 size = c.pop();
  uint64_t off = 0, len = 0;
  if (!memory_region<F>(c, offset, size, off, len)) return Flow::Exit;
  c.f.out_offset = off;
  c.f.out_size = len;
  return c.fail(status);
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow RETURN(C& c) {
  return end_with_output<F>(c, EvmStatus::Success);
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow REVERT(C& c) {
  return end_with_output<F>(c, EvmStatus::Revert);
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow INVALID(C& c) {
  return c.fail(EvmStatus::InvalidInstruction);
}

}  // namespace warp::instr
