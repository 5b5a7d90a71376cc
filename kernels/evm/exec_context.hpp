// The state one instruction sees: the running frame, its hot registers (pc, gas, stack
// pointer) and the host. Plus the helpers every instruction group shares: stack access,
// memory expansion with its quadratic cost, and bounded copies.
#pragma once

#include <cstddef>
#include <cstdint>

#include "arena.hpp"
#include "fork.hpp"
#include "frame.hpp"
#include "gas_schedule.hpp"
#include "message.hpp"
#include "platform.hpp"
#include "status.hpp"
#include "uint256.hpp"

namespace warp {

// What the dispatcher does after an instruction.
enum class Flow : uint8_t {
  Next,    // continue at pc + 1
  Jumped,  // the instruction set pc itself (jumps, PUSHn)
  Exit,    // the frame ends with ctx.status (output in frame.out_offset/out_size)
  Call,    // the frame waits for the child message in ctx.pending
};

// Memory offsets and sizes beyond this are out of gas by construction (a memory of 2^32
// bytes costs ~3.6e13 gas), which keeps every later sum of offset and size inside 64 bits.
inline constexpr uint64_t kMaxBufferSize = 0xffffffffull;

template <class Host>
struct ExecContext {
  Host& host;
  Frame& f;
  ExecArena& arena;
  Message& pending;  // filled by CALL*/CREATE* before returning Flow::Call
  uint256* sp;       // one past the top of the stack
  int64_t gas;
  uint64_t pc;
  EvmStatus status = EvmStatus::Success;

  WARP_HD WARP_FORCEINLINE Flow fail(EvmStatus s) {
    status = s;
    return Flow::Exit;
  }
  WARP_HD WARP_FORCEINLINE uint32_t stack_size() const { return static_cast<uint32_t>(sp - f.stack_base); }
  // top(0) is the top of the stack.
  WARP_HD WARP_FORCEINLINE uint256& top(int i = 0) { return sp[-1 - i]; }
  WARP_HD WARP_FORCEINLINE uint256 pop() { return *--sp; }
  WARP_HD WARP_FORCEINLINE void push(const uint256& v) { *sp++ = v; }
  WARP_HD WARP_FORCEINLINE bool charge(int64_t cost) { return (gas -= cost) >= 0; }
};

WARP_HD WARP_FORCEINLINE uint256 address_to_word(const Address& a) { return uint256::from_be_bytes(a.bytes, 20); }

WARP_HD WARP_FORCEINLINE Address word_to_address(const uint256& v) {
  uint8_t b[32];
  v.to_be_bytes(b);
  Address a{};
  for (int i = 0; i < 20; ++i) a.bytes[i] = b[12 + i];
  return a;
}

// 32 big-endian bytes <-> word (MLOAD, MSTORE, PUSH32). The host path uses 64-bit loads and
// byte swaps; the device path stays bytewise because memory offsets need not be aligned.
WARP_HD WARP_FORCEINLINE uint256 load_word_be(const uint8_t* p) {
#if defined(__CUDA_ARCH__)
  return uint256::from_be_bytes(p, 32);
#else
  uint64_t w[4];
  __builtin_memcpy(w, p, 32);
  return uint256(__builtin_bswap64(w[3]), __builtin_bswap64(w[2]), __builtin_bswap64(w[1]), __builtin_bswap64(w[0]));
#endif
}
WARP_HD WARP_FORCEINLINE void store_word_be(uint8_t* p, const uint256& v) {
#if defined(__CUDA_ARCH__)
  v.to_be_bytes(p);
#else
  const uint64_t w[4] = {__builtin_bswap64(v.w[3]), __builtin_bswap64(v.w[2]), __builtin_bswap64(v.w[1]),
                         __builtin_bswap64(v.w[0])};
  __builtin_memcpy(p, w, 32);
#endif
}

WARP_HD WARP_FORCEINLINE void copy_bytes(uint8_t* dst, const uint8_t* src, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) dst[i] = src[i];
}
WARP_HD WARP_FORCEINLINE void zero_bytes(uint8_t* dst, uint64_t n) {
  for (uint64_t i = 0; i < n; ++i) dst[i] = 0;
}
// Overlap-safe copy (MCOPY).
WARP_HD WARP_FORCEINLINE void move_bytes(uint8_t* dst, const uint8_t* src, uint64_t n) {
  if (dst < src) {
    for (uint64_t i = 0; i < n; ++i) dst[i] = src[i];
  } else if (dst > src) {
    for (uint64_t i = n; i-- > 0;) dst[i] = src[i];
  }
}

// Grows the frame's memory to cover [0, end), charging the expansion. False (status set)
// on out of gas, or NeedsHost when the arena has no room.
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE bool grow_memory(C& c, uint64_t end) {
  Frame& f = c.f;
  if (end <= f.memory_size) return true;
  const uint64_t new_words = num_words(end);
  const uint64_t old_words = f.memory_size / 32;
  if (!c.charge(memory_cost<F>(new_words) - memory_cost<F>(old_words))) {
    c.status = EvmStatus::OutOfGas;
    return false;
  }
  const uint64_t new_size = new_words * 32;
  if (new_size > f.memory_cap) {
    c.status = EvmStatus::NeedsHost;
    return false;
  }
  zero_bytes(f.memory + f.memory_size, new_size - f.memory_size);
  f.memory_size = new_size;
  return true;
}

// Validates the region [offset, offset + size) and grows memory over it. A zero size touches
// nothing, whatever the offset. On success `off` and `len` hold the region as integers.
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE bool memory_region(C& c, const uint256& offset, const uint256& size, uint64_t& off,
                                            uint64_t& len) {
  off = 0;
  len = 0;
  if (size.is_zero()) return true;
  if (!size.fits_u64() || size.w[0] > kMaxBufferSize || !offset.fits_u64() || offset.w[0] > kMaxBufferSize) {
    c.status = EvmStatus::OutOfGas;
    return false;
  }
  off = offset.w[0];
  len = size.w[0];
  return grow_memory<F>(c, off + len);
}

// Copies `len` bytes from src[src_offset ...] (src_size bytes long) to dst, with zeros for
// the part past the end of the source (CALLDATACOPY, CODECOPY, EXTCODECOPY).
WARP_HD WARP_FORCEINLINE void copy_padded(uint8_t* dst, uint64_t len, const uint8_t* src, uint64_t src_size,
                                          const uint256& src_offset) {
  const uint64_t start = (src_offset.fits_u64() && src_offset.w[0] < src_size) ? src_offset.w[0] : src_size;
  const uint64_t avail = src_size - start;
  const uint64_t n = len < avail ? len : avail;
  copy_bytes(dst, src + start, n);
  zero_bytes(dst + n, len - n);
}

// Gas for copying `len` bytes (len <= kMaxBufferSize, so no overflow).
template <Fork F>
WARP_HD WARP_FORCEINLINE int64_t copy_cost(uint64_t len) {
  return static_cast<int64_t>(num_words(len)) * schedule<F>().copy_word;
}

}  // namespace warp
