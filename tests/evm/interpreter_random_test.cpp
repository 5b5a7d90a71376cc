// Robustness: random bytecode (biased towards real opcodes, with calls into itself and
// creates) must end with an EVM status, never crash, and account for gas consistently.
// Run under the sanitizer build this is the interpreter's memory-safety net.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>

#include "tests/evm/interpreter_test_host.hpp"

namespace warp::test {
namespace {

bool is_evm_outcome(EvmStatus s) {
  return s != EvmStatus::NeedsHost && s != EvmStatus::InternalError && s != EvmStatus::PrecompileFailure &&
         s != EvmStatus::CreateCollision;
}

TEST(InterpreterRandom, RandomBytecodeEndsCleanly) {
  std::mt19937_64 rng(20261125);
  // Opcodes that make programs interesting: small pushes keep offsets in range.
  const uint8_t pool[] = {OP_ADD,
                          OP_MUL,
                          OP_SUB,
                          OP_DIV,
                          OP_SDIV,
                          OP_EXP,
                          OP_LT,
                          OP_ISZERO,
                          OP_AND,
                          OP_SHL,
                          OP_SAR,
                          OP_KECCAK256,
                          OP_ADDRESS,
                          OP_BALANCE,
                          OP_CALLER,
                          OP_CALLDATALOAD,
                          OP_CALLDATACOPY,
                          OP_CODECOPY,
                          OP_EXTCODESIZE,
                          OP_RETURNDATASIZE,
                          OP_RETURNDATACOPY,
                          OP_EXTCODEHASH,
                          OP_POP,
                          OP_MLOAD,
                          OP_MSTORE,
                          OP_MSTORE8,
                          OP_SLOAD,
                          OP_SSTORE,
                          OP_JUMP,
                          OP_JUMPI,
                          OP_PC,
                          OP_MSIZE,
                          OP_GAS,
                          OP_JUMPDEST,
                          OP_TLOAD,
                          OP_TSTORE,
                          OP_MCOPY,
                          OP_PUSH0,
                          OP_DUP1,
                          OP_DUP3,
                          OP_SWAP1,
                          OP_SWAP2,
                          OP_LOG0,
                          OP_LOG2,
                          OP_CREATE,
                          OP_CALL,
                          OP_CALLCODE,
                          OP_RETURN,
                          OP_DELEGATECALL,
                          OP_CREATE2,
                          OP_STATICCALL,
                          OP_REVERT,
                          OP_INVALID,
                          OP_SELFDESTRUCT,
                          0x0c,
                          0xef};
  int statuses[32] = {};
  EvmArena arena;  // one arena for all rounds: reuse must be safe
  for (int round = 0; round < 3000; ++round) {
    TestHost host;
    Bytecode code;
    const int len = 1 + static_cast<int>(rng() % 96);
    for (int i = 0; i < len; ++i) {
      const uint64_t r = rng() % 10;
      if (r < 4)
        code += push(rng() % 80);  // small values: offsets, sizes, jump targets
      else if (r == 4)
        code += push(kContract);
      else
        code += Bytecode(static_cast<Opcode>(pool[rng() % sizeof(pool)]));
    }
    host.set_account(kContract, uint256(1000), code, 1);
    const int64_t gas = 20'000 + static_cast<int64_t>(rng() % 2'000'000);
    const RunResult r = run_code(host, arena, code, gas);
    ASSERT_TRUE(is_evm_outcome(r.result.status)) << to_string(r.result.status) << " in round " << round;
    ASSERT_GE(r.result.gas_left, 0);
    ASSERT_LE(r.result.gas_left, gas);
    if (consumes_all_gas(r.result.status)) {
      ASSERT_EQ(r.result.gas_left, 0);
    }
    if (r.result.status != EvmStatus::Success) {
      ASSERT_EQ(r.result.gas_refund, 0);
    }
    ++statuses[static_cast<int>(r.result.status)];
  }
  // The generator reaches the interesting endings.
  EXPECT_GT(statuses[static_cast<int>(EvmStatus::Success)], 100);
  EXPECT_GT(statuses[static_cast<int>(EvmStatus::StackUnderflow)], 100);
  EXPECT_GT(statuses[static_cast<int>(EvmStatus::BadJumpDestination)], 10);
}

}  // namespace
}  // namespace warp::test
