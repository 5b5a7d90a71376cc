// Storage: SSTORE gas and refunds (the EIP-3529 test table), EIP-2929 cold/warm slots, the
// EIP-2200 stipend sentry, transient storage (EIP-1153) and logs.
#include <gtest/gtest.h>

#include <vector>

#include "tests/evm/interpreter_test_host.hpp"

namespace warp::test {
namespace {

class InterpreterStorage : public ::testing::Test {
 protected:
  TestHost host;
  EvmArena arena;
};

struct SstoreCase {
  std::vector<uint8_t> values;  // values written to slot 0, in order
  uint64_t original;
  int64_t gas;
  int64_t refund;
};

// EIP-3529's table (slot 0 warm through an access list, as the EIP assumes). The code of a
// case is PUSH1 v, PUSH1 0, SSTORE per value, e.g. 0x60006000556000600055 for {0, 0}.
class SstoreTable : public InterpreterStorage, public ::testing::WithParamInterface<SstoreCase> {};

TEST_P(SstoreTable, GasAndRefundMatchEip3529) {
  const SstoreCase& c = GetParam();
  Bytecode code;
  for (uint8_t v : c.values) code += push_n(1, v) + push_n(1, 0) + OP_SSTORE;
  host.set_account(kContract, uint256{});
  if (c.original != 0) host.accounts[kContract].storage[uint256(0)] = uint256(c.original);
  host.prewarm_slots.insert({kContract, uint256(0)});
  const RunResult r = run_code(host, arena, code, 100'000);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(r.gas_used, c.gas);
  EXPECT_EQ(r.result.gas_refund, c.refund);
  EXPECT_EQ(host.storage_at(kContract, uint256(0)), uint256(c.values.back()));
}

INSTANTIATE_TEST_SUITE_P(Eip3529, SstoreTable,
                         ::testing::Values(SstoreCase{{0, 0}, 0, 212, 0}, SstoreCase{{0, 1}, 0, 20112, 0},
                                           SstoreCase{{1, 0}, 0, 20112, 19900}, SstoreCase{{1, 2}, 0, 20112, 0},
                                           SstoreCase{{1, 1}, 0, 20112, 0}, SstoreCase{{0, 0}, 1, 3012, 4800},
                                           SstoreCase{{0, 1}, 1, 3012, 2800}, SstoreCase{{0, 2}, 1, 3012, 0},
                                           SstoreCase{{2, 0}, 1, 3012, 4800}, SstoreCase{{2, 3}, 1, 3012, 0},
                                           SstoreCase{{2, 1}, 1, 3012, 2800}, SstoreCase{{2, 2}, 1, 3012, 0},
                                           SstoreCase{{1, 0}, 1, 3012, 4800}, SstoreCase{{1, 2}, 1, 3012, 0},
                                           SstoreCase{{1, 1}, 1, 212, 0}, SstoreCase{{1, 0, 1}, 0, 40118, 19900},
                                           SstoreCase{{0, 1, 0}, 1, 5918, 7600}));

TEST_F(InterpreterStorage, ColdAndWarmSlots) {
  // SLOAD cold (2100) then warm (100).
  RunResult r = run_code(host, arena, sload(1) + sload(1));
  EXPECT_EQ(r.gas_used, 3 + 2100 + 3 + 100);
  // SSTORE to a cold, originally zero slot: 2100 + 20000; then SLOAD of it is warm.
  r = run_code(host, arena, sstore(1, 1) + sload(1));
  EXPECT_EQ(r.gas_used, 6 + 2100 + 20000 + 3 + 100);
  // Different keys and different contracts are separate slots.
  r = run_code(host, arena, sload(1) + sload(2));
  EXPECT_EQ(r.gas_used, 2 * (3 + 2100));
}

TEST_F(InterpreterStorage, SstoreSentryRefusesTheStipend) {
  host.prewarm_slots.insert({kContract, uint256(0)});
  // After two PUSH1 (6 gas) exactly 2300 is left: out of gas even for a 100-gas no-op.
  EXPECT_EQ(run_code(host, arena, sstore(0, 0), 2306).result.status, EvmStatus::OutOfGas);
  const RunResult r = run_code(host, arena, sstore(0, 0), 2307);
  EXPECT_EQ(r.result.status, EvmStatus::Success);
  EXPECT_EQ(r.gas_used, 106);
}

TEST_F(InterpreterStorage, SloadSeesStoredValues) {
  const RunResult r = run_code(host, arena, sstore(7, 0xbeef) + sload(7) + ret_top());
  EXPECT_EQ(output_word(r), uint256(0xbeef));
  EXPECT_EQ(host.storage_at(kContract, uint256(7)), uint256(0xbeef));
}

TEST_F(InterpreterStorage, TransientStorage) {
  RunResult r = run_code(host, arena, tstore(1, 5) + tload(1) + ret_top());
  EXPECT_EQ(output_word(r), uint256(5));
  r = run_code(host, arena, tstore(1, 5) + tload(1));
  EXPECT_EQ(r.gas_used, 6 + 100 + 3 + 100);
  // Transient storage does not touch persistent storage.
  EXPECT_EQ(host.storage_at(kContract, uint256(1)), uint256(0));
}

TEST_F(InterpreterStorage, LogsCarryTopicsDataAndExactGas) {
  const Bytecode code = mstore(0, 0xabcd) + push(0x22) + push(0x11) + push(32) + push(0) + OP_LOG2;
  const RunResult r = run_code(host, arena, code);
  ASSERT_EQ(r.result.status, EvmStatus::Success);
  ASSERT_EQ(host.logs.size(), 1u);
  const TestLog& log = host.logs[0];
  EXPECT_EQ(log.address, kContract);
  ASSERT_EQ(log.topics.size(), 2u);
  EXPECT_EQ(uint256::from_hash(log.topics[0]), uint256(0x11));
  EXPECT_EQ(uint256::from_hash(log.topics[1]), uint256(0x22));
  ASSERT_EQ(log.data.size(), 32u);
  EXPECT_EQ(uint256::from_be_bytes(log.data.data(), 32), uint256(0xabcd));
  // mstore 12 (incl. memory) + 4 pushes + LOG2 375*3 + 8*32.
  EXPECT_EQ(r.gas_used, 12 + 12 + 1125 + 256);
  // LOG0 with no data.
  const RunResult r0 = run_code(host, arena, push(0) + push(0) + OP_LOG0);
  EXPECT_EQ(r0.gas_used, 6 + 375);
}

}  // namespace
}  // namespace warp::test
