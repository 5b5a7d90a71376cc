// Pure stack instructions: arithmetic, comparison, bitwise, PUSH/DUP/SWAP/POP. The
// dispatcher has already checked the stack height and charged the base gas; only EXP
// charges more (per exponent byte).
#pragma once

#include <cstdint>

#include "exec_context.hpp"
#include "gas_schedule.hpp"
#include "uint256.hpp"

namespace warp::instr {

// clang-format off
#define WARP_BINARY_OP(NAME, EXPR)                   \
  template <Fork F, class C>                         \
  WARP_HD WARP_FORCEINLINE Flow NAME(C& c) {         \
    const uint256 a = c.pop();                       \
    uint256& b = c.top();                            \
    b = (EXPR);                                      \
    return Flow::Next;                               \
  }

WARP_BINARY_OP(ADD, a + b)
WARP_BINARY_OP(MUL, a * b)
WARP_BINARY_OP(SUB, a - b)
WARP_BINARY_OP(DIV, a / b)
WARP_BINARY_OP(SDIV, sdiv(a, b))
WARP_BINARY_OP(MOD, a % b)
WARP_BINARY_OP(SMOD, smod(a, b))
WARP_BINARY_OP(SIGNEXTEND, signextend(a, b))
WARP_BINARY_OP(LT, uint256(a < b))
WARP_BINARY_OP(GT, uint256(b < a))
WARP_BINARY_OP(SLT, uint256(slt(a, b)))
WARP_BINARY_OP(SGT, uint256(sgt(a, b)))
WARP_BINARY_OP(EQ, uint256(a == b))
WARP_BINARY_OP(AND, a & b)
WARP_BINARY_OP(OR, a | b)
WARP_BINARY_OP(XOR, a ^ b)
WARP_BINARY_OP(BYTE, byte(a, b))
WARP_BINARY_OP(SHL, shl(a, b))
WARP_BINARY_OP(SHR, shr(a, b))
WARP_BINARY_OP(SAR, sar(a, b))
#undef WARP_BINARY_OP
// clang-format on

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow ADDMOD(C& c) {
  const uint256 a = c.pop();
  const uint256 b = c.pop();
  uint256& m = c.top();
  m = addmod(a, b, m);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow MULMOD(C& c) {
  const uint256 a = c.pop();
  const uint256 b = c.pop();
  uint256& m = c.top();
  m = mulmod(a, b, m);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow EXP(C& c) {
  const uint256 base = c.pop();
  uint256& e = c.top();
  if (!c.charge(static_cast<int64_t>(e.count_significant_bytes()) * schedule<F>().exp_byte))
    return c.fail(EvmStatus::OutOfGas);
  e = exp(base, e);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow ISZERO(C& c) {
  c.top() = uint256(c.top().is_zero());
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow NOT(C& c) {
  c.top() = ~c.top();
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow POP(C& c) {
  --c.sp;
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow PUSH0(C& c) {
  c.push(uint256{});
  return Flow::Next;
}

// PUSHn: the immediate is big-endian; code that ends inside it reads as if padded with
// zeros (STOP) on the right.
template <int N, class C>
WARP_HD WARP_FORCEINLINE Flow push_n(C& c) {
  const uint8_t* p = c.f.code + c.pc + 1;
  const uint64_t avail = c.f.code_size - c.pc - 1;
  uint256 v{};
  if (avail >= static_cast<uint64_t>(N)) {
    if constexpr (N <= 8) {
      uint64_t x = 0;
      for (int i = 0; i < N; ++i) x = (x << 8) | p[i];
      v = uint256(x);
    } else if constexpr (N == 32) {
      v = load_word_be(p);
    } else {
      v = uint256::from_be_bytes(p, N);
    }
  } else {
    uint8_t buf[N];
    for (int i = 0; i < N; ++i) buf[i] = static_cast<uint64_t>(i) < avail ? p[i] : 0;
    v = uint256::from_be_bytes(buf, N);
  }
  c.push(v);
  c.pc += N + 1;
  return Flow::Jumped;
}

template <int N, class C>
WARP_HD WARP_FORCEINLINE Flow dup_n(C& c) {
  c.sp[0] = c.sp[-N];
  ++c.sp;
  return Flow::Next;
}

template <int N, class C>
WARP_HD WARP_FORCEINLINE Flow swap_n(C& c) {
  const uint256 t = c.sp[-1];
  c.sp[-1] = c.sp[-1 - N];
  c.sp[-1 - N] = t;
  return Flow::Next;
}

// clang-format off
#define WARP_N_OP(NAME, IMPL, N)             \
  template <Fork F, class C>                 \
  WARP_HD WARP_FORCEINLINE Flow NAME(C& c) { \
    return IMPL<N>(c);                       \
  }
#define WARP_N_OPS_16(PREFIX, IMPL)                                                              \
  WARP_N_OP(PREFIX##1, IMPL, 1) WARP_N_OP(PREFIX##2, IMPL, 2) WARP_N_OP(PREFIX##3, IMPL, 3)     \
  WARP_N_OP(PREFIX##4, IMPL, 4) WARP_N_OP(PREFIX##5, IMPL, 5) WARP_N_OP(PREFIX##6, IMPL, 6)     \
  WARP_N_OP(PREFIX##7, IMPL, 7) WARP_N_OP(PREFIX##8, IMPL, 8) WARP_N_OP(PREFIX##9, IMPL, 9)     \
  WARP_N_OP(PREFIX##10, IMPL, 10) WARP_N_OP(PREFIX##11, IMPL, 11) WARP_N_OP(PREFIX##12, IMPL, 12) \
  WARP_N_OP(PREFIX##13, IMPL, 13) WARP_N_OP(PREFIX##14, IMPL, 14) WARP_N_OP(PREFIX##15, IMPL, 15) \
  WARP_N_OP(PREFIX##16, IMPL, 16)

WARP_N_OPS_16(PUSH, push_n)
WARP_N_OP(PUSH17, push_n, 17) WARP_N_OP(PUSH18, push_n, 18) WARP_N_OP(PUSH19, push_n, 19)
WARP_N_OP(PUSH20, push_n, 20) WARP_N_OP(PUSH21, push_n, 21) WARP_N_OP(PUSH22, push_n, 22)
WARP_N_OP(PUSH23, push_n, 23) WARP_N_OP(PUSH24, push_n, 24) WARP_N_OP(PUSH25, push_n, 25)
WARP_N_OP(PUSH26, push_n, 26) WARP_N_OP(PUSH27, push_n, 27) WARP_N_OP(PUSH28, push_n, 28)
WARP_N_OP(PUSH29, push_n, 29) WARP_N_OP(PUSH30, push_n, 30) WARP_N_OP(PUSH31, push_n, 31)
WARP_N_OP(PUSH32, push_n, 32)
WARP_N_OPS_16(DUP, dup_n)
WARP_N_OPS_16(SWAP, swap_n)
#undef WARP_N_OPS_16
#undef WARP_N_OP
// clang-format on

}  // namespace warp::instr
