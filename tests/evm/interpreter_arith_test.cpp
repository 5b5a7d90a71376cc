// Arithmetic, comparison, bitwise, stack and control-flow instructions: results (operand
// order included) and exact gas.
#include <gtest/gtest.h>

#include <vector>

#include "kernels/evm/opcodes.hpp"
#include "tests/evm/interpreter_test_host.hpp"

namespace warp::test {
namespace {

class InterpreterArith : public ::testing::Test {
 protected:
  TestHost host;
  EvmArena arena;

  // Runs `code` followed by ret_top() and returns the word.
  uint256 eval(const Bytecode& code) {
    const RunResult r = run_code(host, arena, code + ret_top());
    EXPECT_EQ(r.result.status, EvmStatus::Success);
    return output_word(r);
  }
};

TEST_F(InterpreterArith, AddReturnsSumAndExactGas) {
  // PUSH1 PUSH1 ADD (3+3+3) + PUSH1 0 MSTORE (3+3, +3 for one word of memory)
  // + PUSH1 PUSH1 RETURN (3+3+0)
  const RunResult r = run_code(host, arena, push(1) + push(2) + OP_ADD + ret_top());
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(output_word(r), uint256(3));
  EXPECT_EQ(r.gas_used, 9 + 6 + 3 + 6);
}

TEST_F(InterpreterArith, OperandOrderFollowsTheStack) {
  // The first operand is the top of the stack (pushed last).
  EXPECT_EQ(eval(push(1) + push(3) + OP_SUB), uint256(2));
  EXPECT_EQ(eval(push(3) + push(1) + OP_SUB), uint256::max() - uint256(1));
  EXPECT_EQ(eval(push(2) + push(10) + OP_DIV), uint256(5));
  EXPECT_EQ(eval(push(0) + push(10) + OP_DIV), uint256(0));
  EXPECT_EQ(eval(push(3) + push(10) + OP_MOD), uint256(1));
  EXPECT_EQ(eval(push(2) + push(1) + OP_LT), uint256(1));
  EXPECT_EQ(eval(push(2) + push(1) + OP_GT), uint256(0));
  EXPECT_EQ(eval(push(1) + push(4) + OP_SHL), uint256(16));  // value 1 shifted by 4
  EXPECT_EQ(eval(push(256) + push(4) + OP_SHR), uint256(16));
  EXPECT_EQ(eval(push(0x1234) + push(30) + OP_BYTE), uint256(0x12));
  EXPECT_EQ(eval(push(0xff) + push(0) + OP_SIGNEXTEND), uint256::max());
  EXPECT_EQ(eval(push(3) + push(2) + OP_EXP), uint256(8));  // 2^3
  EXPECT_EQ(eval(push(7) + push(5) + push(4) + OP_ADDMOD), uint256(2));
  EXPECT_EQ(eval(push(7) + push(5) + push(4) + OP_MULMOD), uint256(6));
  EXPECT_EQ(eval(push(0) + OP_ISZERO), uint256(1));
  EXPECT_EQ(eval(push(0) + OP_NOT), uint256::max());
  EXPECT_EQ(eval(push(0xf0) + push(0x3c) + OP_AND), uint256(0x30));
  EXPECT_EQ(eval(push(0xf0) + push(0x3c) + OP_OR), uint256(0xfc));
  EXPECT_EQ(eval(push(0xf0) + push(0x3c) + OP_XOR), uint256(0xcc));
  EXPECT_EQ(eval(push(5) + push(5) + OP_EQ), uint256(1));
}

TEST_F(InterpreterArith, SignedOperations) {
  const uint256 minus_one = uint256::max();
  const uint256 min_int = uint256(1) << 255;
  EXPECT_EQ(eval(push(minus_one) + push(min_int) + OP_SDIV), min_int);  // -2^255 / -1 wraps
  EXPECT_EQ(eval(push(2) + push(-uint256(7)) + OP_SDIV), -uint256(3));
  EXPECT_EQ(eval(push(3) + push(-uint256(7)) + OP_SMOD), -uint256(1));
  EXPECT_EQ(eval(push(0) + push(minus_one) + OP_SLT), uint256(1));  // -1 < 0
  EXPECT_EQ(eval(push(minus_one) + push(0) + OP_SGT), uint256(1));  // 0 > -1
  EXPECT_EQ(eval(push(min_int) + push(255) + OP_SAR), minus_one);
}

TEST_F(InterpreterArith, ExpChargesFiftyPerExponentByte) {
  // PUSH2 0x0100, PUSH1 2, EXP: 3 + 3 + 10 + 50 * 2 (two exponent bytes), then STOP.
  RunResult r = run_code(host, arena, push(0x100) + push(2) + OP_EXP);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(r.gas_used, 3 + 3 + 10 + 100);
  // A zero exponent costs nothing extra.
  r = run_code(host, arena, push(0) + push(2) + OP_EXP);
  EXPECT_EQ(r.gas_used, 3 + 3 + 10);
  EXPECT_EQ(eval(push(0x100) + push(2) + OP_EXP), uint256(0));  // 2^256 mod 2^256
}

TEST_F(InterpreterArith, DupSwapPushPop) {
  EXPECT_EQ(eval(push(7) + push(8) + OP_DUP2), uint256(7));
  EXPECT_EQ(eval(push(7) + push(8) + OP_SWAP1), uint256(7));
  Bytecode sixteen;
  for (int i = 1; i <= 16; ++i) sixteen += push(i);
  EXPECT_EQ(eval(sixteen + OP_DUP16), uint256(1));
  EXPECT_EQ(eval(sixteen + push(17) + OP_SWAP16), uint256(1));
  EXPECT_EQ(eval(push(5) + push(6) + OP_POP), uint256(5));
  EXPECT_EQ(eval(push_n(32, uint256::max())), uint256::max());
  // PUSH0 costs 2, PUSH1 costs 3.
  EXPECT_EQ(run_code(host, arena, push0()).gas_used, 2);
  EXPECT_EQ(run_code(host, arena, push(0)).gas_used, 3);
}

TEST_F(InterpreterArith, PushRunningOffTheEndIsPaddedAndStops) {
  // PUSH2 with one byte left; then the code ends (STOP). Must not read past the code.
  const RunResult r = run_code(host, arena, raw({OP_PUSH2, 0x01}));
  EXPECT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(r.gas_used, 3);
  // PUSH32 as the very last byte.
  EXPECT_EQ(run_code(host, arena, raw({OP_PUSH32})).result.status, EvmStatus::Success);
}

TEST_F(InterpreterArith, StackUnderflowConsumesAllGas) {
  RunResult r = run_code(host, arena, push(1) + OP_ADD, 10'000);
  EXPECT_EQ(r.result.status, EvmStatus::StackUnderflow);
  EXPECT_EQ(r.gas_used, 10'000);
  Bytecode fifteen;
  for (int i = 0; i < 15; ++i) fifteen += push0();
  EXPECT_EQ(run_code(host, arena, fifteen + OP_DUP16).result.status, EvmStatus::StackUnderflow);
  EXPECT_EQ(run_code(host, arena, fifteen + push0() + OP_SWAP16).result.status, EvmStatus::StackUnderflow);
  EXPECT_EQ(run_code(host, arena, Bytecode(OP_POP)).result.status, EvmStatus::StackUnderflow);
}

TEST_F(InterpreterArith, StackOverflowAt1025Items) {
  Bytecode full;
  for (int i = 0; i < 1024; ++i) full += push0();
  EXPECT_EQ(run_code(host, arena, full).result.status, EvmStatus::Success);
  RunResult r = run_code(host, arena, full + push0(), 100'000);
  EXPECT_EQ(r.result.status, EvmStatus::StackOverflow);
  EXPECT_EQ(r.gas_used, 100'000);
  EXPECT_EQ(run_code(host, arena, full + OP_DUP1).result.status, EvmStatus::StackOverflow);
  // SWAP does not grow the stack.
  EXPECT_EQ(run_code(host, arena, full + OP_SWAP1).result.status, EvmStatus::Success);
}

TEST_F(InterpreterArith, JumpsAndJumpdestAnalysis) {
  // 0: PUSH1 4, 2: JUMP, 3: INVALID, 4: JUMPDEST, 5: PUSH1 42 ...
  Bytecode ok = push_n(1, 4) + OP_JUMP + OP_INVALID + OP_JUMPDEST + push(42) + ret_top();
  const RunResult r = run_code(host, arena, ok);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(output_word(r), uint256(42));

  // 0x5b inside PUSH data is not a destination: 0: PUSH1 4, 2: JUMP, 3: PUSH1 0x5b, 5: STOP.
  RunResult bad = run_code(host, arena, raw({OP_PUSH1, 4, OP_JUMP, OP_PUSH1, OP_JUMPDEST, OP_STOP}), 5000);
  EXPECT_EQ(bad.result.status, EvmStatus::BadJumpDestination);
  EXPECT_EQ(bad.gas_used, 5000);
  // Out of range and huge destinations.
  EXPECT_EQ(run_code(host, arena, push(100) + OP_JUMP).result.status, EvmStatus::BadJumpDestination);
  EXPECT_EQ(run_code(host, arena, push(uint256::max()) + OP_JUMP).result.status, EvmStatus::BadJumpDestination);
  // JUMPI: zero condition falls through (gas 3+3+10+... ), non-zero jumps.
  const Bytecode branch = push(0) + push_n(1, 8) + OP_JUMPI + push(1) + ret_top();  // falls through
  EXPECT_EQ(output_word(run_code(host, arena, branch)), uint256(1));
  // 0: PUSH1 1, 2: PUSH1 9, 4: JUMPI, 5: PUSH1 1, 7: STOP, 8: INVALID, 9: JUMPDEST, PUSH1 2 ...
  const Bytecode taken =
      push(1) + push_n(1, 9) + OP_JUMPI + push(1) + OP_STOP + OP_INVALID + OP_JUMPDEST + push(2) + ret_top();
  EXPECT_EQ(output_word(run_code(host, arena, taken)), uint256(2));
  // A bad destination with a zero condition is not checked.
  EXPECT_EQ(run_code(host, arena, push(0) + push(3) + OP_JUMPI).result.status, EvmStatus::Success);
}

TEST_F(InterpreterArith, PcGasAndExactGasOfJump) {
  // PC at position 0 pushes 0; GAS pushes what is left after its own base cost.
  EXPECT_EQ(eval(Bytecode(OP_PC)), uint256(0));
  const RunResult r = run_code(host, arena, Bytecode(OP_GAS) + ret_top(), 1000);
  EXPECT_EQ(output_word(r), uint256(1000 - 2));
  // PUSH1 3 (3) JUMP (8) JUMPDEST (1).
  EXPECT_EQ(run_code(host, arena, push_n(1, 3) + OP_JUMP + OP_JUMPDEST).gas_used, 12);
}

TEST_F(InterpreterArith, UndefinedAndInvalidOpcodes) {
  RunResult r = run_code(host, arena, raw({0x0c}), 777);
  EXPECT_EQ(r.result.status, EvmStatus::UndefinedInstruction);
  EXPECT_EQ(r.gas_used, 777);
  r = run_code(host, arena, Bytecode(OP_INVALID), 777);
  EXPECT_EQ(r.result.status, EvmStatus::InvalidInstruction);
  EXPECT_EQ(r.gas_used, 777);
  // Cancun opcodes do not exist in Shanghai.
  host.set_account(kContract, uint256{}, push(0) + OP_TLOAD);
  host.set_account(kSender, uint256{});
  Message m;
  m.gas = 1000;
  m.recipient = m.code_address = kContract;
  m.sender = kSender;
  EXPECT_EQ(execute_message<Fork::Shanghai>(host, m, arena.view()).status, EvmStatus::UndefinedInstruction);
  EXPECT_EQ(execute_message<Fork::Cancun>(host, m, arena.view()).status, EvmStatus::Success);
}

TEST_F(InterpreterArith, OutOfGasStopsExactly) {
  // Three PUSH1 cost 9: 9 gas is enough, 8 is not.
  const Bytecode code = push(1) + push(2) + push(3);
  EXPECT_EQ(run_code(host, arena, code, 9).result.status, EvmStatus::Success);
  const RunResult r = run_code(host, arena, code, 8);
  EXPECT_EQ(r.result.status, EvmStatus::OutOfGas);
  EXPECT_EQ(r.result.gas_left, 0);
}

TEST(OpcodeTable, TraitsComeFromTheOneList) {
  EXPECT_STREQ(kOpNames.names[OP_ADD], "ADD");
  EXPECT_STREQ(kOpNames.names[OP_PUSH0], "PUSH0");
  EXPECT_EQ(kOpNames.names[0x0c], nullptr);
  EXPECT_EQ(op_traits(OP_SWAP16).stack_in, 17);
  EXPECT_EQ(op_traits(OP_DUP16).stack_change, 1);
  EXPECT_EQ(op_traits(OP_CALL).stack_change, -6);
  EXPECT_EQ(op_traits(OP_LOG4).base_gas, 1875);
  EXPECT_TRUE(op_defined<Fork::Cancun>(OP_MCOPY));
  EXPECT_FALSE(op_defined<Fork::Shanghai>(OP_MCOPY));
  EXPECT_TRUE(op_defined<Fork::Shanghai>(OP_PUSH0));
  int defined = 0;
  for (int i = 0; i < 256; ++i) defined += op_defined<Fork::Cancun>(static_cast<uint8_t>(i)) ? 1 : 0;
  EXPECT_EQ(defined, 149);  // Cancun's opcode count
}

}  // namespace
}  // namespace warp::test
