// Every EVM opcode, listed once. The X-macro below is the single source of truth: it
// generates the Opcode enum, the constexpr traits the dispatcher checks before each
// instruction (stack height, base gas, first fork), the dispatch `switch` itself
// (interpreter.hpp) and the host-side name table. Adding an opcode is one line here plus
// one function in an instructions_*.hpp file.
#pragma once

#include <cstdint>

#include "fork.hpp"
#include "platform.hpp"

namespace warp {

// X(value, NAME, stack inputs, stack outputs, base gas, first fork)
// Base gas is what every execution pays before the instruction runs; dynamic parts (memory
// expansion, cold access, copy size, ...) are charged by the instruction. Access opcodes
// carry the warm cost (EIP-2929) as base and add the cold surcharge themselves.
// Forks older than Shanghai are not modelled, so Shanghai stands for "always there".
// clang-format off
#define WARP_OPCODES(X)                          \
  X(0x00, STOP, 0, 0, 0, Shanghai)               \
  X(0x01, ADD, 2, 1, 3, Shanghai)                \
  X(0x02, MUL, 2, 1, 5, Shanghai)                \
  X(0x03, SUB, 2, 1, 3, Shanghai)                \
  X(0x04, DIV, 2, 1, 5, Shanghai)                \
  X(0x05, SDIV, 2, 1, 5, Shanghai)               \
  X(0x06, MOD, 2, 1, 5, Shanghai)                \
  X(0x07, SMOD, 2, 1, 5, Shanghai)               \
  X(0x08, ADDMOD, 3, 1, 8, Shanghai)             \
  X(0x09, MULMOD, 3, 1, 8, Shanghai)             \
  X(0x0a, EXP, 2, 1, 10, Shanghai)               \
  X(0x0b, SIGNEXTEND, 2, 1, 5, Shanghai)         \
  X(0x10, LT, 2, 1, 3, Shanghai)                 \
  X(0x11, GT, 2, 1, 3, Shanghai)                 \
  X(0x12, SLT, 2, 1, 3, Shanghai)                \
  X(0x13, SGT, 2, 1, 3, Shanghai)                \
  X(0x14, EQ, 2, 1, 3, Shanghai)                 \
  X(0x15, ISZERO, 1, 1, 3, Shanghai)             \
  X(0x16, AND, 2, 1, 3, Shanghai)                \
  X(0x17, OR, 2, 1, 3, Shanghai)                 \
  X(0x18, XOR, 2, 1, 3, Shanghai)                \
  X(0x19, NOT, 1, 1, 3, Shanghai)                \
  X(0x1a, BYTE, 2, 1, 3, Shanghai)               \
  X(0x1b, SHL, 2, 1, 3, Shanghai)                \
  X(0x1c, SHR, 2, 1, 3, Shanghai)                \
  X(0x1d, SAR, 2, 1, 3, Shanghai)                \
  X(0x20, KECCAK256, 2, 1, 30, Shanghai)         \
  X(0x30, ADDRESS, 0, 1, 2, Shanghai)            \
  X(0x31, BALANCE, 1, 1, 100, Shanghai)          \
  X(0x32, ORIGIN, 0, 1, 2, Shanghai)             \
  X(0x33, CALLER, 0, 1, 2, Shanghai)             \
  X(0x34, CALLVALUE, 0, 1, 2, Shanghai)          \
  X(0x35, CALLDATALOAD, 1, 1, 3, Shanghai)       \
  X(0x36, CALLDATASIZE, 0, 1, 2, Shanghai)       \
  X(0x37, CALLDATACOPY, 3, 0, 3, Shanghai)       \
  X(0x38, CODESIZE, 0, 1, 2, Shanghai)           \
  X(0x39, CODECOPY, 3, 0, 3, Shanghai)           \
  X(0x3a, GASPRICE, 0, 1, 2, Shanghai)           \
  X(0x3b, EXTCODESIZE, 1, 1, 100, Shanghai)      \
  X(0x3c, EXTCODECOPY, 4, 0, 100, Shanghai)      \
  X(0x3d, RETURNDATASIZE, 0, 1, 2, Shanghai)     \
  X(0x3e, RETURNDATACOPY, 3, 0, 3, Shanghai)     \
  X(0x3f, EXTCODEHASH, 1, 1, 100, Shanghai)      \
  X(0x40, BLOCKHASH, 1, 1, 20, Shanghai)         \
  X(0x41, COINBASE, 0, 1, 2, Shanghai)           \
  X(0x42, TIMESTAMP, 0, 1, 2, Shanghai)          \
  X(0x43, NUMBER, 0, 1, 2, Shanghai)             \
  X(0x44, PREVRANDAO, 0, 1, 2, Shanghai)         \
  X(0x45, GASLIMIT, 0, 1, 2, Shanghai)           \
  X(0x46, CHAINID, 0, 1, 2, Shanghai)            \
  X(0x47, SELFBALANCE, 0, 1, 5, Shanghai)        \
  X(0x48, BASEFEE, 0, 1, 2, Shanghai)            \
  X(0x49, BLOBHASH, 1, 1, 3, Cancun)             \
  X(0x4a, BLOBBASEFEE, 0, 1, 2, Cancun)          \
  X(0x50, POP, 1, 0, 2, Shanghai)                \
  X(0x51, MLOAD, 1, 1, 3, Shanghai)              \
  X(0x52, MSTORE, 2, 0, 3, Shanghai)             \
  X(0x53, MSTORE8, 2, 0, 3, Shanghai)            \
  X(0x54, SLOAD, 1, 1, 100, Shanghai)            \
  X(0x55, SSTORE, 2, 0, 0, Shanghai)             \
  X(0x56, JUMP, 1, 0, 8, Shanghai)               \
  X(0x57, JUMPI, 2, 0, 10, Shanghai)             \
  X(0x58, PC, 0, 1, 2, Shanghai)                 \
  X(0x59, MSIZE, 0, 1, 2, Shanghai)              \
  X(0x5a, GAS, 0, 1, 2, Shanghai)                \
  X(0x5b, JUMPDEST, 0, 0, 1, Shanghai)           \
  X(0x5c, TLOAD, 1, 1, 100, Cancun)              \
  X(0x5d, TSTORE, 2, 0, 100, Cancun)             \
  X(0x5e, MCOPY, 3, 0, 3, Cancun)                \
  X(0x5f, PUSH0, 0, 1, 2, Shanghai)              \
  X(0x60, PUSH1, 0, 1, 3, Shanghai)              \
  X(0x61, PUSH2, 0, 1, 3, Shanghai)              \
  X(0x62, PUSH3, 0, 1, 3, Shanghai)              \
  X(0x63, PUSH4, 0, 1, 3, Shanghai)              \
  X(0x64, PUSH5, 0, 1, 3, Shanghai)              \
  X(0x65, PUSH6, 0, 1, 3, Shanghai)              \
  X(0x66, PUSH7, 0, 1, 3, Shanghai)              \
  X(0x67, PUSH8, 0, 1, 3, Shanghai)              \
  X(0x68, PUSH9, 0, 1, 3, Shanghai)              \
  X(0x69, PUSH10, 0, 1, 3, Shanghai)             \
  X(0x6a, PUSH11, 0, 1, 3, Shanghai)             \
  X(0x6b, PUSH12, 0, 1, 3, Shanghai)             \
  X(0x6c, PUSH13, 0, 1, 3, Shanghai)             \
  X(0x6d, PUSH14, 0, 1, 3, Shanghai)             \
  X(0x6e, PUSH15, 0, 1, 3, Shanghai)             \
  X(0x6f, PUSH16, 0, 1, 3, Shanghai)             \
  X(0x70, PUSH17, 0, 1, 3, Shanghai)             \
  X(0x71, PUSH18, 0, 1, 3, Shanghai)             \
  X(0x72, PUSH19, 0, 1, 3, Shanghai)             \
  X(0x73, PUSH20, 0, 1, 3, Shanghai)             \
  X(0x74, PUSH21, 0, 1, 3, Shanghai)             \
  X(0x75, PUSH22, 0, 1, 3, Shanghai)             \
  X(0x76, PUSH23, 0, 1, 3, Shanghai)             \
  X(0x77, PUSH24, 0, 1, 3, Shanghai)             \
  X(0x78, PUSH25, 0, 1, 3, Shanghai)             \
  X(0x79, PUSH26, 0, 1, 3, Shanghai)             \
  X(0x7a, PUSH27, 0, 1, 3, Shanghai)             \
  X(0x7b, PUSH28, 0, 1, 3, Shanghai)             \
  X(0x7c, PUSH29, 0, 1, 3, Shanghai)             \
  X(0x7d, PUSH30, 0, 1, 3, Shanghai)             \
  X(0x7e, PUSH31, 0, 1, 3, Shanghai)             \
  X(0x7f, PUSH32, 0, 1, 3, Shanghai)             \
  X(0x80, DUP1, 1, 2, 3, Shanghai)               \
  X(0x81, DUP2, 2, 3, 3, Shanghai)               \
  X(0x82, DUP3, 3, 4, 3, Shanghai)               \
  X(0x83, DUP4, 4, 5, 3, Shanghai)               \
  X(0x84, DUP5, 5, 6, 3, Shanghai)               \
  X(0x85, DUP6, 6, 7, 3, Shanghai)               \
  X(0x86, DUP7, 7, 8, 3, Shanghai)               \
  X(0x87, DUP8, 8, 9, 3, Shanghai)               \
  X(0x88, DUP9, 9, 10, 3, Shanghai)              \
  X(0x89, DUP10, 10, 11, 3, Shanghai)            \
  X(0x8a, DUP11, 11, 12, 3, Shanghai)            \
  X(0x8b, DUP12, 12, 13, 3, Shanghai)            \
  X(0x8c, DUP13, 13, 14, 3, Shanghai)            \
  X(0x8d, DUP14, 14, 15, 3, Shanghai)            \
  X(0x8e, DUP15, 15, 16, 3, Shanghai)            \
  X(0x8f, DUP16, 16, 17, 3, Shanghai)            \
  X(0x90, SWAP1, 2, 2, 3, Shanghai)              \
  X(0x91, SWAP2, 3, 3, 3, Shanghai)              \
  X(0x92, SWAP3, 4, 4, 3, Shanghai)              \
  X(0x93, SWAP4, 5, 5, 3, Shanghai)              \
  X(0x94, SWAP5, 6, 6, 3, Shanghai)              \
  X(0x95, SWAP6, 7, 7, 3, Shanghai)              \
  X(0x96, SWAP7, 8, 8, 3, Shanghai)              \
  X(0x97, SWAP8, 9, 9, 3, Shanghai)              \
  X(0x98, SWAP9, 10, 10, 3, Shanghai)            \
  X(0x99, SWAP10, 11, 11, 3, Shanghai)           \
  X(0x9a, SWAP11, 12, 12, 3, Shanghai)           \
  X(0x9b, SWAP12, 13, 13, 3, Shanghai)           \
  X(0x9c, SWAP13, 14, 14, 3, Shanghai)           \
  X(0x9d, SWAP14, 15, 15, 3, Shanghai)           \
  X(0x9e, SWAP15, 16, 16, 3, Shanghai)           \
  X(0x9f, SWAP16, 17, 17, 3, Shanghai)           \
  X(0xa0, LOG0, 2, 0, 375, Shanghai)             \
  X(0xa1, LOG1, 3, 0, 750, Shanghai)             \
  X(0xa2, LOG2, 4, 0, 1125, Shanghai)            \
  X(0xa3, LOG3, 5, 0, 1500, Shanghai)            \
  X(0xa4, LOG4, 6, 0, 1875, Shanghai)            \
  X(0xf0, CREATE, 3, 1, 32000, Shanghai)         \
  X(0xf1, CALL, 7, 1, 100, Shanghai)             \
  X(0xf2, CALLCODE, 7, 1, 100, Shanghai)         \
  X(0xf3, RETURN, 2, 0, 0, Shanghai)             \
  X(0xf4, DELEGATECALL, 6, 1, 100, Shanghai)     \
  X(0xf5, CREATE2, 4, 1, 32000, Shanghai)        \
  X(0xfa, STATICCALL, 6, 1, 100, Shanghai)       \
  X(0xfd, REVERT, 2, 0, 0, Shanghai)             \
  X(0xfe, INVALID, 0, 0, 0, Shanghai)            \
  X(0xff, SELFDESTRUCT, 1, 0, 5000, Shanghai)
// clang-format on

enum Opcode : uint8_t {
#define WARP_OPCODE_ENUM(value, name, in, out, gas, since) OP_##name = value,
  WARP_OPCODES(WARP_OPCODE_ENUM)
#undef WARP_OPCODE_ENUM
};

inline constexpr int kMaxStackHeight = 1024;

struct OpTraits {
  const char* name = nullptr;  // nullptr: no such opcode in any modelled fork
  int8_t stack_in = 0;         // items the instruction needs on the stack
  int8_t stack_change = 0;     // outputs minus inputs
  int16_t base_gas = 0;
  Fork since = Fork::Shanghai;
};

// Traits of one opcode, independent of the fork (`since` says where it begins). A switch
// rather than a table so that it can be evaluated in constant expressions on the device,
// where namespace-scope constexpr arrays cannot be indexed.
WARP_HD constexpr OpTraits op_traits(uint8_t op) {
  switch (op) {
#define WARP_OPCODE_TRAITS(value, name, in, out, gas, since) \
  case value:                                                \
    return OpTraits{#name, in, (out) - (in), gas, Fork::since};
    WARP_OPCODES(WARP_OPCODE_TRAITS)
#undef WARP_OPCODE_TRAITS
    default:
      return OpTraits{};
  }
}

// Whether `op` exists in fork F.
template <Fork F>
WARP_HD constexpr bool op_defined(uint8_t op) {
  const OpTraits t = op_traits(op);
  return t.name != nullptr && static_cast<int>(t.since) <= static_cast<int>(F);
}

// PUSH1..PUSH32 immediate size; 0 for every other opcode (PUSH0 included).
WARP_HD constexpr int push_size(uint8_t op) { return (op >= OP_PUSH1 && op <= OP_PUSH32) ? op - OP_PUSH1 + 1 : 0; }

// Host-side name table (disassembly, tracing, test messages). Runtime indexing is fine on
// the CPU; device code uses op_traits() in constant expressions instead.
struct OpNameTable {
  const char* names[256];
};
constexpr OpNameTable make_op_name_table() {
  OpNameTable t{};
  for (int i = 0; i < 256; ++i) t.names[i] = op_traits(static_cast<uint8_t>(i)).name;
  return t;
}
inline constexpr OpNameTable kOpNames = make_op_name_table();

}  // namespace warp
