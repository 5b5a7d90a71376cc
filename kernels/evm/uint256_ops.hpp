// Every uint256 EVM operation selectable at run time by number, so one kernel (and one host
// loop) can evaluate any of them over arrays: the GPU-vs-CPU differential test uses this.
// Operands follow EVM stack order: a is the top of the stack (shift amount, byte index, ...).
#pragma once

#include "platform.hpp"
#include "uint256.hpp"

namespace warp {

enum class U256Op : int {
  Add,
  Sub,
  Mul,
  Div,
  Sdiv,
  Mod,
  Smod,
  Addmod,
  Mulmod,
  Exp,
  Signextend,
  Lt,
  Gt,
  Slt,
  Sgt,
  Eq,
  Iszero,
  And,
  Or,
  Xor,
  Not,
  Byte,
  Shl,
  Shr,
  Sar,
  Count
};

inline constexpr int kU256OpCount = static_cast<int>(U256Op::Count);

// Result of `op` on (a, b, c); unused operands are ignored, bools become 0/1, and an unknown
// op gives 0.
WARP_HD inline uint256 u256_apply(U256Op op, const uint256& a, const uint256& b, const uint256& c) {
  switch (op) {
    case U256Op::Add:
      return add(a, b);
    case U256Op::Sub:
      return sub(a, b);
    case U256Op::Mul:
      return mul(a, b);
    case U256Op::Div:
      return div(a, b);
    case U256Op::Sdiv:
      return sdiv(a, b);
    case U256Op::Mod:
      return mod(a, b);
    case U256Op::Smod:
      return smod(a, b);
    case U256Op::Addmod:
      return addmod(a, b, c);
    case U256Op::Mulmod:
      return mulmod(a, b, c);
    case U256Op::Exp:
      return exp(a, b);
    case U256Op::Signextend:
      return signextend(a, b);
    case U256Op::Lt:
      return uint256(lt(a, b));
    case U256Op::Gt:
      return uint256(gt(a, b));
    case U256Op::Slt:
      return uint256(slt(a, b));
    case U256Op::Sgt:
      return uint256(sgt(a, b));
    case U256Op::Eq:
      return uint256(eq(a, b));
    case U256Op::Iszero:
      return uint256(iszero(a));
    case U256Op::And:
      return a & b;
    case U256Op::Or:
      return a | b;
    case U256Op::Xor:
      return a ^ b;
    case U256Op::Not:
      return ~a;
    case U256Op::Byte:
      return byte(a, b);
    case U256Op::Shl:
      return shl(a, b);
    case U256Op::Shr:
      return shr(a, b);
    case U256Op::Sar:
      return sar(a, b);
    case U256Op::Count:
      break;
  }
  return uint256{};
}

}  // namespace warp
