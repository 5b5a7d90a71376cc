// Memory: quadratic expansion cost, huge offsets (out of gas, never overflow or crash),
// MCOPY, KECCAK256, the copy instructions and RETURNDATACOPY bounds.
#include <gtest/gtest.h>

#include <vector>

#include "tests/evm/interpreter_test_host.hpp"

namespace warp::test {
namespace {

class InterpreterMemory : public ::testing::Test {
 protected:
  TestHost host;
  EvmArena arena;
};

int64_t memory_cost_words(int64_t w) { return 3 * w + w * w / 512; }

TEST_F(InterpreterMemory, ExpansionCostIsQuadraticAndCharged) {
  // MSTORE at 0: PUSH1 PUSH1 MSTORE = 3 + 3 + 3 + 1 word (3).
  EXPECT_EQ(run_code(host, arena, mstore(0, 1)).gas_used, 12);
  // MSTORE at 1000 touches bytes up to 1032: 33 words = 99 + 2.
  EXPECT_EQ(run_code(host, arena, mstore(1000, 1)).gas_used, 3 + 3 + 3 + memory_cost_words(33));
  // 1024 words at once: 3072 + 2048; a second store inside costs no expansion.
  const int64_t big = 3 + 3 + 3 + memory_cost_words(1024);
  EXPECT_EQ(run_code(host, arena, mstore(32 * 1023, 1)).gas_used, big);
  EXPECT_EQ(run_code(host, arena, mstore(32 * 1023, 1) + mstore(0, 1)).gas_used, big + 9);
  // MSTORE8 expands by one word; MSIZE reports whole words.
  const RunResult r = run_code(host, arena, mstore8(40, 0xab) + OP_MSIZE + ret_top());
  EXPECT_EQ(output_word(r), uint256(64));
}

TEST_F(InterpreterMemory, HugeOffsetsAreOutOfGasNotCrashes) {
  const uint256 huge[] = {uint256(1) << 32, uint256(1) << 63, uint256(1) << 64, uint256::max(),
                          uint256(0xffffffffull - 10)};
  for (const uint256& off : huge) {
    EXPECT_EQ(run_code(host, arena, push(1) + push(off) + OP_MSTORE, 1'000'000).result.status, EvmStatus::OutOfGas);
    EXPECT_EQ(run_code(host, arena, push(off) + OP_MLOAD, 1'000'000).result.status, EvmStatus::OutOfGas);
    // size huge, offset small
    EXPECT_EQ(run_code(host, arena, push(off) + push(0) + push(0) + OP_CALLDATACOPY, 1'000'000).result.status,
              EvmStatus::OutOfGas);
    EXPECT_EQ(run_code(host, arena, push(off) + push(0) + OP_KECCAK256, 1'000'000).result.status, EvmStatus::OutOfGas);
    EXPECT_EQ(run_code(host, arena, push(off) + push(0) + OP_RETURN, 1'000'000).result.status, EvmStatus::OutOfGas);
    EXPECT_EQ(run_code(host, arena, push(1) + push(0) + push(off) + OP_MCOPY, 1'000'000).result.status,
              EvmStatus::OutOfGas);
  }
  // Even with gas to burn, sizes beyond 2^32 are refused.
  EXPECT_EQ(run_code(host, arena, push(1) + push(uint256(1) << 40) + OP_MSTORE, int64_t{1} << 62).result.status,
            EvmStatus::OutOfGas);
}

TEST_F(InterpreterMemory, ZeroSizeIgnoresTheOffset) {
  // RETURN(huge, 0), KECCAK256(huge, 0), CALLDATACOPY(huge, 0, 0) expand nothing.
  RunResult r = run_code(host, arena, push(0) + push(uint256::max()) + OP_RETURN);
  EXPECT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(r.gas_used, 6);
  r = run_code(host, arena, push(0) + push(uint256::max()) + OP_KECCAK256 + ret_top());
  EXPECT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(output_word(r), uint256::from_hash(keccak256(nullptr, 0)));
  r = run_code(host, arena, push(0) + push(0) + push(uint256::max()) + OP_CALLDATACOPY);
  EXPECT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(r.gas_used, 9 + 3);
}

TEST_F(InterpreterMemory, Keccak256ResultAndGas) {
  // keccak of the 32-byte word 1: 30 + 6 per word + memory.
  const uint8_t word[32] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
  const RunResult r = run_code(host, arena, mstore(0, 1) + push(32) + push(0) + OP_KECCAK256 + ret_top());
  EXPECT_EQ(output_word(r), uint256::from_hash(keccak256(word, 32)));
  const RunResult g = run_code(host, arena, push(64) + push(0) + OP_KECCAK256);
  EXPECT_EQ(g.gas_used, 3 + 3 + 30 + 6 * 2 + memory_cost_words(2));
}

TEST_F(InterpreterMemory, McopyHandlesOverlapAndCharges) {
  // mem[0..32) = 0x0102..20; MCOPY(dst=1, src=0, len=32) shifts it right by one byte.
  uint8_t bytes[32];
  for (int i = 0; i < 32; ++i) bytes[i] = static_cast<uint8_t>(i + 1);
  const uint256 v = uint256::from_be_bytes(bytes, 32);
  RunResult r = run_code(host, arena, mstore(0, v) + push(32) + push(0) + push(1) + OP_MCOPY + mload(0) + ret_top());
  uint8_t expect[32];
  expect[0] = 1;
  for (int i = 1; i < 32; ++i) expect[i] = static_cast<uint8_t>(i);
  EXPECT_EQ(output_word(r), uint256::from_be_bytes(expect, 32));
  // Copying backwards (dst < src).
  r = run_code(host, arena, mstore(0, v) + push(31) + push(1) + push(0) + OP_MCOPY + mload(0) + ret_top());
  uint8_t back[32];
  for (int i = 0; i < 31; ++i) back[i] = static_cast<uint8_t>(i + 2);
  back[31] = 32;
  EXPECT_EQ(output_word(r), uint256::from_be_bytes(back, 32));
  // Gas: 3 pushes (9) + 3 + 3 per word (2 words for 33 bytes) + expansion to 64+33 -> 4 words.
  r = run_code(host, arena, push(33) + push(0) + push(64) + OP_MCOPY);
  EXPECT_EQ(r.gas_used, 9 + 3 + 6 + memory_cost_words(4));
  // Zero length: base cost only, offsets ignored.
  r = run_code(host, arena, push(0) + push(uint256::max()) + push(uint256::max()) + OP_MCOPY);
  EXPECT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(r.gas_used, 9 + 3);
}

TEST_F(InterpreterMemory, CalldataLoadAndCopyPadWithZeros) {
  std::vector<uint8_t> input(40);
  for (size_t i = 0; i < input.size(); ++i) input[i] = static_cast<uint8_t>(i + 1);
  RunResult r = run_code(host, arena, push(20) + OP_CALLDATALOAD + ret_top(), 100'000, uint256{}, input);
  uint8_t expect[32] = {};
  for (int i = 0; i < 20; ++i) expect[i] = static_cast<uint8_t>(21 + i);
  EXPECT_EQ(output_word(r), uint256::from_be_bytes(expect, 32));
  r = run_code(host, arena, push(uint256::max()) + OP_CALLDATALOAD + ret_top(), 100'000, uint256{}, input);
  EXPECT_EQ(output_word(r), uint256(0));
  r = run_code(host, arena, OP_CALLDATASIZE + ret_top(), 100'000, uint256{}, input);
  EXPECT_EQ(output_word(r), uint256(40));
  // CALLDATACOPY(0, 20, 32) = same bytes; gas 9 + 3 + 3 (1 word) + 3 (memory).
  r = run_code(host, arena, push(32) + push(20) + push(0) + OP_CALLDATACOPY + ret(0, 32), 100'000, uint256{}, input);
  EXPECT_EQ(output_word(r), uint256::from_be_bytes(expect, 32));
  r = run_code(host, arena, push(32) + push(20) + push(0) + OP_CALLDATACOPY, 100'000, uint256{}, input);
  EXPECT_EQ(r.gas_used, 9 + 3 + 3 + 3);
  // Source offset far past the end copies zeros.
  r = run_code(host, arena,
               mstore(0, uint256::max()) + push(32) + push(uint256::max()) + push(0) + OP_CALLDATACOPY + ret(0, 32),
               100'000, uint256{}, input);
  EXPECT_EQ(output_word(r), uint256(0));
}

TEST_F(InterpreterMemory, CodeCopyAndCodeSize) {
  const Bytecode code = push(32) + push(0) + push(0) + OP_CODECOPY + ret(0, 32);
  const RunResult r = run_code(host, arena, code);
  uint8_t expect[32] = {};
  for (size_t i = 0; i < code.size(); ++i) expect[i] = code.bytes[i];
  EXPECT_EQ(output_word(r), uint256::from_be_bytes(expect, 32));
  EXPECT_EQ(output_word(run_code(host, arena, OP_CODESIZE + ret_top())), uint256(1 + 8));
}

TEST_F(InterpreterMemory, ReturnDataCopyIsBoundsChecked) {
  // Callee returns 32 bytes.
  const Address callee = addr(0xca11);
  host.set_account(callee, uint256{}, mstore(0, 0x77) + ret(0, 32));
  const Bytecode prefix = call(100'000, callee, 0, 0, 0, 0, 0) + OP_POP;
  auto rdc = [&](uint64_t dst, uint64_t src, uint64_t size) {
    return run_code(host, arena, prefix + push(size) + push(src) + push(dst) + OP_RETURNDATACOPY + ret(0, 32));
  };
  RunResult r = rdc(0, 0, 32);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(output_word(r), uint256(0x77));
  EXPECT_EQ(rdc(0, 1, 32).result.status, EvmStatus::InvalidMemoryAccess);
  EXPECT_EQ(rdc(0, 33, 0).result.status, EvmStatus::InvalidMemoryAccess);
  EXPECT_EQ(rdc(0, 32, 0).result.status, EvmStatus::Success);
  EXPECT_EQ(run_code(host, arena, prefix + push(1) + push(uint256::max()) + push(0) + OP_RETURNDATACOPY).result.status,
            EvmStatus::InvalidMemoryAccess);
  r = run_code(host, arena, prefix + OP_RETURNDATASIZE + ret_top());
  EXPECT_EQ(output_word(r), uint256(32));
  // Before any call there is no returndata.
  EXPECT_EQ(run_code(host, arena, push(1) + push(0) + push(0) + OP_RETURNDATACOPY).result.status,
            EvmStatus::InvalidMemoryAccess);
}

TEST_F(InterpreterMemory, MemoryOfNestedFramesIsIsolatedAndZeroed) {
  // The callee reads its memory word 0 (must be zero even though the arena region after
  // the caller's memory was used by an earlier call) and returns it.
  const Address dirty = addr(0xd1);
  const Address reader = addr(0xd2);
  host.set_account(dirty, uint256{}, mstore(0, uint256::max()) + mstore(32, uint256::max()));
  host.set_account(reader, uint256{}, mload(0) + ret_top());
  const Bytecode code = mstore(0, 5) + call(100'000, dirty, 0, 0, 0, 0, 0) + OP_POP +
                        call(100'000, reader, 0, 0, 0, 32, 32) + OP_POP + push(64) + push(0) + OP_RETURN;
  const RunResult r = run_code(host, arena, code);
  ASSERT_EQ(r.output.size(), 64u);
  EXPECT_EQ(uint256::from_be_bytes(r.output.data(), 32), uint256(5));  // caller memory untouched
  EXPECT_EQ(uint256::from_be_bytes(r.output.data() + 32, 32), uint256(0));
}

}  // namespace
}  // namespace warp::test
