// Calls: value transfer, stipend, new-account and cold/warm costs with exact gas; nested
// reverts rolling back storage, logs and transient storage; refunds; the depth limit (on
// the explicit frame stack, no C++ recursion); static context; precompiles; environment.
#include <gtest/gtest.h>

#include <vector>

#include "tests/evm/interpreter_test_host.hpp"

namespace warp::test {
namespace {

class InterpreterCall : public ::testing::Test {
 protected:
  TestHost host;
  EvmArena arena;
  const Address callee = addr(0xb0b);
};

TEST_F(InterpreterCall, ValueCallToLiveAccountWithStipend) {
  host.set_account(callee, uint256(1));  // alive, no code
  host.set_account(kContract, uint256(100));
  // 7 pushes (21) + CALL: 100 warm base + 2500 cold + 9000 value; the child gets 0 + 2300
  // stipend, runs no code and gives all 2300 back.
  const RunResult r = run_code(host, arena, call(0, callee, 1, 0, 0, 0, 0) + ret_top());
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(output_word(r), uint256(1));
  EXPECT_EQ(r.gas_used, 21 + 100 + 2500 + 9000 - 2300 + 15);
  EXPECT_EQ(host.balance(callee), uint256(2));
  EXPECT_EQ(host.balance(kContract), uint256(99));
}

TEST_F(InterpreterCall, ValueCallToDeadAccountPaysNewAccount) {
  host.set_account(kContract, uint256(100));
  const RunResult r = run_code(host, arena, call(0, callee, 1, 0, 0, 0, 0));
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(r.gas_used, 21 + 100 + 2500 + 9000 + 25000 - 2300);
  EXPECT_EQ(host.balance(callee), uint256(1));
  // A zero-value call to a dead account pays neither, and a second access is warm.
  const RunResult z =
      run_code(host, arena, call(0, addr(0xdead), 0, 0, 0, 0, 0) + OP_POP + call(0, addr(0xdead), 0, 0, 0, 0, 0));
  EXPECT_EQ(z.gas_used, 2 * 21 + 2600 + 2 + 100);
  EXPECT_TRUE(host.touched.count(addr(0xdead)));
}

TEST_F(InterpreterCall, InsufficientBalanceFailsSoftlyAndKeepsGas) {
  host.set_account(callee, uint256(1));
  // kContract has no balance: the call pushes 0, the child gas (with stipend) comes back.
  const RunResult r = run_code(host, arena, call(1000, callee, 1, 0, 0, 0, 0) + ret_top());
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(output_word(r), uint256(0));
  EXPECT_EQ(r.gas_used, 21 + 100 + 2500 + 9000 - 2300 + 15);
}

TEST_F(InterpreterCall, SixtyThreeSixtyFourthsRule) {
  // The callee reports the gas it got: GAS pushes gas - 2 at its first instruction.
  host.set_account(callee, uint256{}, Bytecode(OP_GAS) + ret_top());
  const int64_t gas = 100'000;
  const RunResult r =
      run_code(host, arena, call(uint256::max(), callee, 0, 0, 0, 0, 32) + OP_POP + mload(0) + ret_top(), gas);
  // Before CALL: 7 pushes (21); CALL base 100, cold 2500, memory 1 word (3).
  const int64_t left = gas - 21 - 100 - 2500 - 3;
  EXPECT_EQ(output_word(r), uint256(static_cast<uint64_t>(left - left / 64 - 2)));
  // A smaller request is honoured as is.
  const RunResult s = run_code(host, arena, call(5000, callee, 0, 0, 0, 0, 32) + OP_POP + mload(0) + ret_top(), gas);
  EXPECT_EQ(output_word(s), uint256(5000 - 2));
}

TEST_F(InterpreterCall, NestedRevertRollsBackEverything) {
  // The callee writes storage, transient storage and a log, raises the refund counter, then
  // reverts with a 32-byte reason.
  host.accounts[callee].storage[uint256(3)] = uint256(3);
  host.set_account(
      callee, uint256{},
      sstore(3, 0) + sstore(1, 1) + tstore(2, 2) + push(0) + push(0) + OP_LOG0 + mstore(0, 0x4242) + revert(0, 32));
  const Bytecode caller = call(200'000, callee, 0, 0, 0, 0, 32) + push(0x40) + OP_MSTORE + OP_RETURNDATASIZE +
                          push(0x60) + OP_MSTORE + push(0x80) + push(0) + OP_RETURN;
  const RunResult r = run_code(host, arena, caller);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  ASSERT_EQ(r.output.size(), 0x80u);
  EXPECT_EQ(uint256::from_be_bytes(r.output.data(), 32), uint256(0x4242));     // revert data copied out
  EXPECT_EQ(uint256::from_be_bytes(r.output.data() + 0x40, 32), uint256(0));   // call failed
  EXPECT_EQ(uint256::from_be_bytes(r.output.data() + 0x60, 32), uint256(32));  // RETURNDATASIZE
  EXPECT_EQ(host.storage_at(callee, uint256(1)), uint256(0));
  EXPECT_EQ(host.storage_at(callee, uint256(3)), uint256(3));
  EXPECT_EQ(host.tload(callee, uint256(2)), uint256(0));
  EXPECT_TRUE(host.logs.empty());
  EXPECT_EQ(r.result.gas_refund, 0);  // the callee's 4800 refund is dropped with it
}

TEST_F(InterpreterCall, SuccessfulChildKeepsStateAndRefunds) {
  host.accounts[callee].storage[uint256(3)] = uint256(3);
  host.set_account(callee, uint256{}, sstore(3, 0) + push(0) + push(0) + OP_LOG0);
  const RunResult r = run_code(host, arena, call(200'000, callee, 0, 0, 0, 0, 0));
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(host.storage_at(callee, uint256(3)), uint256(0));
  EXPECT_EQ(host.logs.size(), 1u);
  EXPECT_EQ(r.result.gas_refund, 4800);
}

TEST_F(InterpreterCall, FailedChildConsumesItsGasOnly) {
  host.set_account(callee, uint256{}, Bytecode(OP_INVALID));
  const RunResult r = run_code(host, arena, call(5000, callee, 0, 0, 0, 0, 0) + ret_top(), 100'000);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(output_word(r), uint256(0));
  EXPECT_EQ(r.gas_used, 21 + 100 + 2500 + 5000 + 15);
}

TEST_F(InterpreterCall, TopLevelRevertUndoesAndKeepsGas) {
  const RunResult r = run_code(host, arena, sstore(1, 1) + revert(0, 0), 100'000);
  EXPECT_EQ(r.result.status, EvmStatus::Revert);
  EXPECT_EQ(r.gas_used, 6 + 22100 + 6);
  EXPECT_EQ(host.storage_at(kContract, uint256(1)), uint256(0));
}

// Each frame stores (call succeeded + 1) at slot n = its depth and calls itself with n + 1.
// The frame at depth 1024 cannot call deeper: slot 1024 = 1, every slot below = 2.
TEST_F(InterpreterCall, DepthLimitIs1024WithoutRecursion) {
  const Bytecode code = push(0) + OP_CALLDATALOAD + OP_DUP1 + push(1) + OP_ADD + push(0) + OP_MSTORE + push(0) +
                        push(0) + push(32) + push(0) + push(0) + OP_ADDRESS + OP_GAS + OP_CALL + push(1) + OP_ADD +
                        OP_SWAP1 + OP_SSTORE;
  const RunResult r = run_code(host, arena, code, 1'000'000'000'000'000);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(host.storage_at(kContract, uint256(0)), uint256(2));
  EXPECT_EQ(host.storage_at(kContract, uint256(1023)), uint256(2));
  EXPECT_EQ(host.storage_at(kContract, uint256(1024)), uint256(1));
  EXPECT_EQ(host.storage_at(kContract, uint256(1025)), uint256(0));
  EXPECT_EQ(host.accounts[kContract].storage.size(), 1025u);
}

TEST_F(InterpreterCall, StaticContextForbidsStateChanges) {
  const Bytecode writers[] = {
      sstore(1, 1),
      tstore(1, 1),
      push(0) + push(0) + OP_LOG0,
      create(0, 0, 0),
      push(1) + OP_SELFDESTRUCT,
      call(0, addr(0x1234), 1, 0, 0, 0, 0),
  };
  for (const Bytecode& w : writers) {
    host.set_account(callee, uint256(10), w);
    const RunResult r = run_code(host, arena, call(50'000, callee, 0, 0, 0, 0, 0, OP_STATICCALL) + ret_top());
    ASSERT_EQ(r.result.status, EvmStatus::Success);
    EXPECT_EQ(output_word(r), uint256(0));
  }
  // Reads and zero-value calls are fine; the static flag passes down to nested calls.
  host.set_account(callee, uint256(10), sload(1) + call(0, addr(0x1234), 0, 0, 0, 0, 0) + OP_POP + tload(1));
  RunResult ok = run_code(host, arena, call(50'000, callee, 0, 0, 0, 0, 0, OP_STATICCALL) + ret_top());
  EXPECT_EQ(output_word(ok), uint256(1));
  const Address inner = addr(0x1a1a);
  host.set_account(inner, uint256{}, sstore(1, 1));
  host.set_account(callee, uint256{}, call(30'000, inner, 0, 0, 0, 0, 0) + ret_top());
  ok = run_code(host, arena, call(50'000, callee, 0, 0, 0, 0, 32, OP_STATICCALL) + OP_POP + mload(0) + ret_top());
  EXPECT_EQ(output_word(ok), uint256(0));  // the inner write failed
}

TEST_F(InterpreterCall, DelegateCallAndCallCodeRunInTheCallersContext) {
  // The library stores CALLER and CALLVALUE in its caller's storage.
  host.set_account(callee, uint256{}, OP_CALLER + push(1) + OP_SSTORE + OP_CALLVALUE + push(2) + OP_SSTORE);
  host.set_account(kContract, uint256(50));
  RunResult r = run_code(host, arena, call(100'000, callee, 0, 0, 0, 0, 0, OP_DELEGATECALL), 1'000'000, uint256(7));
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(host.storage_at(kContract, uint256(1)), address_to_word(kSender));
  EXPECT_EQ(host.storage_at(kContract, uint256(2)), uint256(7));
  EXPECT_TRUE(host.accounts[callee].storage.empty());
  r = run_code(host, arena, call(100'000, callee, 3, 0, 0, 0, 0, OP_CALLCODE));
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(host.storage_at(kContract, uint256(1)), address_to_word(kContract));
  EXPECT_EQ(host.storage_at(kContract, uint256(2)), uint256(3));
  EXPECT_EQ(host.balance(kContract), uint256(57));  // 50 + 7 from the first run; CALLCODE sends to itself
}

TEST_F(InterpreterCall, PrecompileIdentity) {
  // IDENTITY (0x04, warm): 15 + 3 per word; output copied back and to RETURNDATA.
  const Bytecode code = mstore(0, 0x1234) + call(1000, addr(4), 0, 0, 32, 32, 32) + OP_POP + OP_RETURNDATASIZE +
                        push(64) + OP_MSTORE + push(96) + push(0) + OP_RETURN;
  const RunResult r = run_code(host, arena, code);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(uint256::from_be_bytes(r.output.data() + 32, 32), uint256(0x1234));
  EXPECT_EQ(uint256::from_be_bytes(r.output.data() + 64, 32), uint256(32));
  EXPECT_EQ(host.precompile_calls, 1);
  // Exact gas: mstore 12, 7 pushes 21, CALL 100 (warm) + memory to 2 words 3, child 18.
  const RunResult g = run_code(host, arena, mstore(0, 0x1234) + call(1000, addr(4), 0, 0, 32, 32, 32));
  EXPECT_EQ(g.gas_used, 12 + 21 + 100 + 3 + 18);
  // Not enough gas for the precompile: the call fails and its gas is gone.
  const RunResult f = run_code(host, arena, mstore(0, 0x1234) + call(10, addr(4), 0, 0, 32, 32, 32) + ret_top());
  EXPECT_EQ(output_word(f), uint256(0));
}

TEST_F(InterpreterCall, EnvironmentOpcodes) {
  host.block_ctx.number = 1000;
  host.block_ctx.chain_id = uint256(1);
  host.block_ctx.blob_base_fee = uint256(77);
  host.block_ctx.base_fee = uint256(9);
  host.block_ctx.coinbase = addr(0xc0);
  Hash blob{};
  blob.bytes[0] = 1;
  blob.bytes[31] = 2;
  host.tx_ctx.blob_hashes = &blob;
  host.tx_ctx.blob_hash_count = 1;
  host.tx_ctx.origin = kSender;
  auto word = [&](const Bytecode& b) { return output_word(run_code(host, arena, b + ret_top())); };
  EXPECT_EQ(word(Bytecode(OP_ADDRESS)), address_to_word(kContract));
  EXPECT_EQ(word(Bytecode(OP_CALLER)), address_to_word(kSender));
  EXPECT_EQ(word(Bytecode(OP_ORIGIN)), address_to_word(kSender));
  EXPECT_EQ(word(Bytecode(OP_CHAINID)), uint256(1));
  EXPECT_EQ(word(Bytecode(OP_BLOBBASEFEE)), uint256(77));
  EXPECT_EQ(word(Bytecode(OP_BASEFEE)), uint256(9));
  EXPECT_EQ(word(Bytecode(OP_COINBASE)), address_to_word(addr(0xc0)));
  EXPECT_EQ(word(Bytecode(OP_NUMBER)), uint256(1000));
  EXPECT_EQ(word(push(0) + OP_BLOBHASH), uint256::from_hash(blob));
  EXPECT_EQ(word(push(1) + OP_BLOBHASH), uint256(0));
  EXPECT_EQ(word(push(999) + OP_BLOCKHASH), uint256::from_hash(host.block_hash(999)));
  EXPECT_EQ(word(push(744) + OP_BLOCKHASH), uint256::from_hash(host.block_hash(744)));
  EXPECT_EQ(word(push(743) + OP_BLOCKHASH), uint256(0));   // older than 256 blocks
  EXPECT_EQ(word(push(1000) + OP_BLOCKHASH), uint256(0));  // the current block
  // BALANCE / EXTCODE*: cold 2600 then warm 100; EXTCODEHASH of a dead account is 0.
  host.set_account(callee, uint256(5), push(1));
  EXPECT_EQ(word(push(callee) + OP_BALANCE), uint256(5));
  EXPECT_EQ(run_code(host, arena, push(callee) + OP_BALANCE + push(callee) + OP_BALANCE).gas_used, 6 + 2600 + 100);
  EXPECT_EQ(word(push(callee) + OP_EXTCODESIZE), uint256(2));
  EXPECT_EQ(word(push(callee) + OP_EXTCODEHASH), uint256::from_hash(host.accounts[callee].code_hash));
  EXPECT_EQ(word(push(addr(0x999)) + OP_EXTCODEHASH), uint256(0));
  EXPECT_EQ(word(Bytecode(OP_SELFBALANCE)), uint256(0));
  // EXTCODECOPY: 4 pushes + 100 + 2500 cold + copy 3 + memory 3.
  const RunResult c = run_code(host, arena, push(32) + push(0) + push(0) + push(callee) + OP_EXTCODECOPY + ret(0, 32));
  EXPECT_EQ(c.output[0], OP_PUSH1);
  EXPECT_EQ(c.output[1], 1);
  EXPECT_EQ(c.output[2], 0);
  EXPECT_EQ(run_code(host, arena, push(32) + push(0) + push(0) + push(callee) + OP_EXTCODECOPY).gas_used,
            12 + 100 + 2500 + 3 + 3);
}

}  // namespace
}  // namespace warp::test
