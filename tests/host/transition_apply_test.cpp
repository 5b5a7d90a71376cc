// apply_transaction and the sequential executor on hand-built transactions: value
// transfer, fee accounting with the coinbase, the refund cap, reverts, creation, and
// rejection leaving the state untouched.
#include <gtest/gtest.h>

#include "host/executor/sequential_executor.hpp"
#include "host/log.hpp"
#include "host/transition.hpp"
#include "kernels/evm/create_address.hpp"
#include "kernels/evm/keccak.hpp"
#include "tests/evm/bytecode_builder.hpp"

namespace warp {
namespace {

using test::Bytecode;
using test::push;

Address addr(uint8_t last, uint8_t first) {
  Address a{};
  a.bytes[0] = first;
  a.bytes[19] = last;
  return a;
}

const uint256 kEther = uint256(1000000000000000000ull);

class TransitionTest : public ::testing::Test {
 protected:
  TransitionTest() {
    state.set_balance(sender, kEther);
    env.context.coinbase = coinbase;
    env.context.number = 1;
    env.context.gas_limit = 30000000;
    env.context.base_fee = uint256(7);
    env.blob_base_fee = uint256(1);
    env.context.blob_base_fee = uint256(1);
  }

  Transaction legacy(const Address& to, const uint256& value, uint64_t gas = 21000, uint64_t price = 10) {
    Transaction tx;
    tx.type = TxType::Legacy;
    tx.chain_id = 1;
    tx.nonce = state.nonce(sender);
    tx.gas_price = uint256(price);
    tx.gas_limit = gas;
    tx.to = to;
    tx.value = value;
    tx.sender = sender;
    return tx;
  }

  const Address sender = addr(0x01, 0xa0);
  const Address bob = addr(0x02, 0xb0);
  const Address coinbase = addr(0x03, 0xc0);
  const Address contract = addr(0x04, 0xd0);
  State state;
  BlockEnv env;
};

TEST_F(TransitionTest, ValueTransferPaysGasAndTheCoinbaseTip) {
  const Receipt r = apply_transaction(state, legacy(bob, uint256(12345)), env, Fork::Cancun);
  ASSERT_TRUE(r.success()) << r.error;
  EXPECT_EQ(r.gas_used, 21000u);
  EXPECT_EQ(state.balance(bob), uint256(12345));
  EXPECT_EQ(state.balance(sender), kEther - uint256(12345) - uint256(21000 * 10));
  EXPECT_EQ(state.nonce(sender), 1u);
  // The base fee (7 per gas) is burnt; the coinbase gets the rest of the price.
  EXPECT_EQ(state.balance(coinbase), uint256(21000 * 3));
}

TEST_F(TransitionTest, DynamicFeePaysBaseFeePlusCappedTip) {
  Transaction tx = legacy(bob, uint256(1));
  tx.type = TxType::DynamicFee;
  tx.max_fee_per_gas = uint256(9);           // leaves 2 per gas of headroom above the base fee
  tx.max_priority_fee_per_gas = uint256(5);  // capped to 2
  const Receipt r = apply_transaction(state, tx, env, Fork::Cancun);
  ASSERT_TRUE(r.success()) << r.error;
  EXPECT_EQ(state.balance(sender), kEther - uint256(1) - uint256(21000 * 9));
  EXPECT_EQ(state.balance(coinbase), uint256(21000 * 2));
}

TEST_F(TransitionTest, ZeroTipLeavesNoEmptyCoinbase) {
  const Receipt r = apply_transaction(state, legacy(bob, uint256(1), 21000, 7), env, Fork::Cancun);
  ASSERT_TRUE(r.success()) << r.error;
  EXPECT_FALSE(state.exists(coinbase));  // touched with zero, empty: removed (EIP-161)
}

TEST_F(TransitionTest, UnusedGasIsReturned) {
  const Receipt r = apply_transaction(state, legacy(bob, uint256(0), 100000), env, Fork::Cancun);
  ASSERT_TRUE(r.success()) << r.error;
  EXPECT_EQ(r.gas_used, 21000u);
  EXPECT_EQ(state.balance(sender), kEther - uint256(21000 * 10));
}

TEST_F(TransitionTest, RefundIsCappedAtOneFifthOfGasUsed) {
  // Clears three set slots: 3 x 4800 refund, far above a fifth of the gas used.
  const Bytecode code = test::sstore(1, 0) + test::sstore(2, 0) + test::sstore(3, 0) + OP_STOP;
  state.set_code(contract, code.bytes);
  for (uint64_t k = 1; k <= 3; ++k) state.set_storage(contract, uint256(k), uint256(1));
  const Receipt r = apply_transaction(state, legacy(contract, uint256(0), 100000), env, Fork::Cancun);
  ASSERT_TRUE(r.success()) << r.error;
  // Each clear: PUSH, PUSH (3 + 3) + SSTORE of a cold slot to zero (2100 + 2900).
  const uint64_t before_refund = 21000 + 3 * (6 + 5000);
  EXPECT_EQ(r.gas_used, before_refund - before_refund / 5);
  EXPECT_EQ(state.find(contract)->storage.size(), 0u);
  EXPECT_EQ(state.balance(sender), kEther - uint256(r.gas_used * 10));
}

TEST_F(TransitionTest, SmallRefundIsPaidInFull) {
  const Bytecode code = test::sstore(1, 0) + OP_STOP;
  state.set_code(contract, code.bytes);
  state.set_storage(contract, uint256(1), uint256(1));
  const Receipt r = apply_transaction(state, legacy(contract, uint256(0), 100000), env, Fork::Cancun);
  ASSERT_TRUE(r.success()) << r.error;
  EXPECT_EQ(r.gas_used, 21000u + 6 + 5000 - 4800);
}

TEST_F(TransitionTest, RevertKeepsFeesAndNonceButNotValueOrLogs) {
  const Bytecode code = test::sstore(1, 5) + push(0) + push(0) + OP_LOG0 + test::revert(0, 0);
  state.set_code(contract, code.bytes);
  const Receipt r = apply_transaction(state, legacy(contract, uint256(777), 100000), env, Fork::Cancun);
  ASSERT_TRUE(r.included());
  EXPECT_EQ(r.status, EvmStatus::Revert);
  EXPECT_TRUE(r.logs.empty());
  EXPECT_GT(r.gas_used, 21000u);
  EXPECT_LT(r.gas_used, 100000u);
  EXPECT_EQ(state.balance(contract), uint256{});
  EXPECT_EQ(state.storage(contract, uint256(1)), uint256{});
  EXPECT_EQ(state.nonce(sender), 1u);
  EXPECT_EQ(state.balance(sender), kEther - uint256(r.gas_used * 10));
}

TEST_F(TransitionTest, ExceptionalHaltConsumesAllGas) {
  state.set_code(contract, Bytecode(OP_INVALID).bytes);
  const Receipt r = apply_transaction(state, legacy(contract, uint256(0), 50000), env, Fork::Cancun);
  ASSERT_TRUE(r.included());
  EXPECT_EQ(r.status, EvmStatus::InvalidInstruction);
  EXPECT_EQ(r.gas_used, 50000u);
  EXPECT_EQ(state.balance(coinbase), uint256(50000 * 3));
}

TEST_F(TransitionTest, LogsOfASuccessfulCall) {
  const Bytecode code = test::mstore(0, uint256(0xabcdef)) + push(42) + push(32) + push(0) + OP_LOG1 + OP_STOP;
  state.set_code(contract, code.bytes);
  const Receipt r = apply_transaction(state, legacy(contract, uint256(0), 100000), env, Fork::Cancun);
  ASSERT_TRUE(r.success()) << r.error;
  ASSERT_EQ(r.logs.size(), 1u);
  EXPECT_EQ(r.logs[0].address, contract);
  ASSERT_EQ(r.logs[0].topics.size(), 1u);
  EXPECT_EQ(r.logs[0].topics[0], uint256(42).to_hash());
  ASSERT_EQ(r.logs[0].data.size(), 32u);
  EXPECT_EQ(r.logs[0].data[31], 0xef);
}

TEST_F(TransitionTest, CreationDeploysAtTheSenderNonceAddress) {
  state.set_nonce(sender, 3);
  const Bytecode runtime = push(1) + OP_STOP;
  // Init code: copy the runtime code from the end of the init code and return it.
  const Bytecode init_head_probe = push(runtime.size()) + push(0) + push(0) + OP_CODECOPY;
  const uint64_t head_size = init_head_probe.size() + test::ret(0, runtime.size()).size();
  const Bytecode init =
      push(runtime.size()) + push(head_size) + push(0) + OP_CODECOPY + test::ret(0, runtime.size()) + runtime;
  ASSERT_EQ(init.size(), head_size + runtime.size());
  Transaction tx = legacy(bob, uint256(5), 200000);
  tx.to.reset();
  tx.data = init.bytes;
  const Receipt r = apply_transaction(state, tx, env, Fork::Cancun);
  ASSERT_TRUE(r.success()) << r.error;
  const Address created = create_address(sender, 3);
  ASSERT_TRUE(r.contract_address.has_value());
  EXPECT_EQ(*r.contract_address, created);
  ASSERT_TRUE(state.exists(created));
  EXPECT_EQ(state.find(created)->code, runtime.bytes);
  EXPECT_EQ(state.nonce(created), 1u);
  EXPECT_EQ(state.balance(created), uint256(5));
  EXPECT_EQ(state.nonce(sender), 4u);
}

TEST_F(TransitionTest, RejectionLeavesTheStateUntouched) {
  state.set_code(contract, (test::sstore(1, 1) + OP_STOP).bytes);
  const Hash root_before = state.state_root();
  const State before = state;

  Transaction too_high = legacy(contract, uint256(0), 100000);
  too_high.nonce = 1;
  Receipt r = apply_transaction(state, too_high, env, Fork::Cancun);
  ASSERT_TRUE(r.rejection.has_value());
  EXPECT_EQ(r.rejection->code, TxRejectCode::NonceTooHigh);

  Transaction broke = legacy(contract, kEther, 100000);  // value + gas exceed the balance
  r = apply_transaction(state, broke, env, Fork::Cancun);
  ASSERT_TRUE(r.rejection.has_value());
  EXPECT_EQ(r.rejection->code, TxRejectCode::InsufficientFunds);

  Transaction low_gas = legacy(contract, uint256(0), 20999);
  r = apply_transaction(state, low_gas, env, Fork::Cancun);
  ASSERT_TRUE(r.rejection.has_value());
  EXPECT_EQ(r.rejection->code, TxRejectCode::IntrinsicGasTooLow);

  EXPECT_FALSE(r.included());
  EXPECT_EQ(state.state_root(), root_before);
  EXPECT_EQ(state.nonce(sender), 0u);
  EXPECT_EQ(state.balance(sender), before.balance(sender));
  EXPECT_FALSE(state.exists(coinbase));
}

TEST_F(TransitionTest, AccessListWarmsSlots) {
  state.set_code(contract, (test::sload(1) + OP_POP + OP_STOP).bytes);
  Transaction cold = legacy(contract, uint256(0), 100000);
  const Receipt rc = apply_transaction(state, cold, env, Fork::Cancun);
  ASSERT_TRUE(rc.success());
  Transaction warm = legacy(contract, uint256(0), 100000);
  warm.type = TxType::AccessList;
  warm.access_list.push_back(AccessListEntry{contract, {uint256(1).to_hash()}});
  const Receipt rw = apply_transaction(state, warm, env, Fork::Cancun);
  ASSERT_TRUE(rw.success());
  // Access list: +2400 (address) +1900 (key); SLOAD: 100 warm instead of 2100 cold.
  EXPECT_EQ(rw.gas_used, rc.gas_used + 2400 + 1900 - 2000);
}

TEST_F(TransitionTest, SequentialBlockChainsNoncesAndAccumulatesGas) {
  state.set_code(contract, (push(0) + push(0) + OP_LOG0 + OP_STOP).bytes);
  std::vector<Transaction> txs;
  txs.push_back(legacy(bob, uint256(1)));
  Transaction second = legacy(contract, uint256(0), 50000);
  second.nonce = 1;
  txs.push_back(second);
  Transaction stale = legacy(bob, uint256(1));  // nonce 0 again: rejected, skipped
  txs.push_back(stale);
  SequentialExecutor exec;
  const BlockResult b = exec.execute(state, txs, env, Fork::Cancun);
  ASSERT_EQ(b.receipts.size(), 3u);
  EXPECT_TRUE(b.receipts[0].success());
  EXPECT_TRUE(b.receipts[1].success());
  EXPECT_FALSE(b.receipts[2].included());
  EXPECT_EQ(b.rejected, 1u);
  EXPECT_EQ(b.receipts[1].cumulative_gas_used, b.receipts[0].gas_used + b.receipts[1].gas_used);
  EXPECT_EQ(b.gas_used, b.receipts[1].cumulative_gas_used);
  EXPECT_EQ(state.nonce(sender), 2u);
  EXPECT_EQ(b.state_root, state.state_root());
  std::vector<Log> expected_logs(1);
  expected_logs[0].address = contract;
  EXPECT_EQ(b.logs_hash, logs_hash(expected_logs));
}

TEST(LogsHash, EmptyListIsKeccakOfEmptyRlpList) {
  const uint8_t empty_list = 0xc0;
  EXPECT_EQ(logs_hash({}), keccak256(&empty_list, 1));
}

TEST(LogsHash, EncodesAddressTopicsAndData) {
  Log log;
  log.address = addr(0x11, 0x22);
  log.topics = {uint256(1).to_hash()};
  log.data = {0xaa};
  // [addr(20), [topic(32)], data(1)]: 0xf8 0x39 | 0x94 addr | 0xe1 0xa0 topic | 0x81 0xaa (59
  // bytes), wrapped once more as the list of logs: 0xf8 0x3b.
  const Bytes enc = encode_logs({log});
  ASSERT_EQ(enc.size(), 2u + 2u + 21u + 2u + 32u + 2u);
  EXPECT_EQ(enc[0], 0xf8);
  EXPECT_EQ(enc[1], 0x3b);
  EXPECT_EQ(enc[2], 0xf8);
  EXPECT_EQ(enc[3], 0x39);
  EXPECT_EQ(enc[4], 0x94);
  EXPECT_EQ(enc[25], 0xe1);
  EXPECT_EQ(enc[26], 0xa0);
  EXPECT_EQ(enc[59], 0x81);
  EXPECT_EQ(enc[60], 0xaa);
}

}  // namespace
}  // namespace warp
