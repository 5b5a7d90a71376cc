// EvmStateHost over a State: the journaled overlay the sequential executor runs the interpreter against.
#include <gtest/gtest.h>

#include "host/code_cache.hpp"
#include "host/evm_state_host.hpp"
#include "kernels/evm/opcodes.hpp"
#include "state/state.hpp"

namespace warp {
namespace {

Address addr(uint8_t last, uint8_t first = 0) {
  Address a{};
  a.bytes[0] = first;
  a.bytes[19] = last;
  return a;
}

class HostTest : public ::testing::Test {
 protected:
  HostTest() {
    state.set_balance(alice, uint256(1000));
    state.set_nonce(alice, 5);
    state.set_code(contract, Bytes{OP_PUSH1, OP_JUMPDEST, OP_JUMPDEST, OP_STOP});
    state.set_storage(contract, uint256(1), uint256(11));
    state.get_or_create(empty);  // present but EIP-161 empty
  }
  EvmStateHost make_host() { return EvmStateHost(base, block, tx, Fork::Cancun, codes, nullptr); }

  const Address alice = addr(0xa1, 0x10);
  const Address bob = addr(0xb0, 0x10);
  const Address contract = addr(0xc0, 0x10);
  const Address empty = addr(0xe0, 0x10);
  State state;
  BlockContext block;
  TxContext tx;
  CodeCache codes;
  StateBase base{state, codes};
};

TEST_F(HostTest, ReadsFallThroughToTheState) {
  EvmStateHost h = make_host();
  EXPECT_EQ(h.balance(alice), uint256(1000));
  EXPECT_EQ(h.nonce(alice), 5u);
  EXPECT_EQ(h.sload(contract, uint256(1)), uint256(11));
  EXPECT_EQ(h.sload(contract, uint256(2)), uint256{});
  EXPECT_TRUE(h.account_exists(empty));
  EXPECT_TRUE(h.account_is_dead(empty));
  EXPECT_FALSE(h.account_exists(bob));
  EXPECT_TRUE(h.account_is_dead(bob));
  EXPECT_FALSE(h.account_is_dead(contract));
  const CodeRef c = h.code(contract);
  ASSERT_EQ(c.size, 4u);
  EXPECT_EQ(c.hash, state.code_hash(contract));
  EXPECT_EQ(h.code(bob).size, 0u);
}

TEST_F(HostTest, JumpdestBitmapSkipsPushData) {
  EvmStateHost h = make_host();
  const CodeRef c = h.code(contract);
  ASSERT_NE(c.jumpdest_bits, nullptr);
  // Byte 1 is PUSH1's immediate (0x5b, not an instruction); byte 2 is a real JUMPDEST.
  EXPECT_EQ(c.jumpdest_bits[0], 0b100);
  // The analysis is shared per code hash.
  EXPECT_EQ(codes.size(), 1u);
  EXPECT_EQ(h.code(contract).jumpdest_bits, c.jumpdest_bits);
}

TEST_F(HostTest, RevertUndoesEveryKindOfChange) {
  EvmStateHost h = make_host();
  h.access_account(alice);
  const uint32_t cp = h.checkpoint();
  h.transfer(alice, bob, uint256(100));
  h.set_nonce(alice, 6);
  h.sstore(contract, uint256(1), uint256(12));
  h.tstore(contract, uint256(7), uint256(70));
  EXPECT_FALSE(h.access_account(bob));
  EXPECT_FALSE(h.access_storage(contract, uint256(3)));
  const Hash topic = uint256(9).to_hash();
  const uint8_t data[2] = {1, 2};
  h.emit_log(contract, &topic, 1, data, 2);
  EXPECT_EQ(h.balance(bob), uint256(100));
  EXPECT_EQ(h.logs().size(), 1u);

  h.revert_to(cp);
  EXPECT_EQ(h.balance(alice), uint256(1000));
  EXPECT_EQ(h.balance(bob), uint256{});
  EXPECT_FALSE(h.account_exists(bob));
  EXPECT_EQ(h.nonce(alice), 5u);
  EXPECT_EQ(h.sload(contract, uint256(1)), uint256(11));
  EXPECT_EQ(h.tload(contract, uint256(7)), uint256{});
  EXPECT_FALSE(h.access_account(bob));   // cold again
  EXPECT_TRUE(h.access_account(alice));  // warmed before the checkpoint: stays warm
  EXPECT_FALSE(h.access_storage(contract, uint256(3)));
  EXPECT_TRUE(h.logs().empty());
}

TEST_F(HostTest, NestedCheckpointsRevertOnlyTheirPart) {
  EvmStateHost h = make_host();
  const uint32_t outer = h.checkpoint();
  h.sstore(contract, uint256(1), uint256(20));
  const uint32_t inner = h.checkpoint();
  h.sstore(contract, uint256(1), uint256(30));
  h.revert_to(inner);
  EXPECT_EQ(h.sload(contract, uint256(1)), uint256(20));
  h.revert_to(outer);
  EXPECT_EQ(h.sload(contract, uint256(1)), uint256(11));
}

TEST_F(HostTest, OriginalValueIsTheTransactionStart) {
  EvmStateHost h = make_host();
  h.sstore(contract, uint256(1), uint256(12));
  h.sstore(contract, uint256(1), uint256(13));
  EXPECT_EQ(h.sload(contract, uint256(1)), uint256(13));
  EXPECT_EQ(h.sload_original(contract, uint256(1)), uint256(11));
  EXPECT_EQ(h.sload_original(contract, uint256(5)), uint256{});
}

TEST_F(HostTest, FinalizeWritesChangesAndDeletesZeroSlots) {
  EvmStateHost h = make_host();
  h.transfer(alice, bob, uint256(100));
  h.sstore(contract, uint256(1), uint256{});
  h.sstore(contract, uint256(2), uint256(22));
  h.finalize(state);
  EXPECT_EQ(state.balance(alice), uint256(900));
  EXPECT_EQ(state.balance(bob), uint256(100));
  EXPECT_EQ(state.find(contract)->storage.count(uint256(1)), 0u);
  EXPECT_EQ(state.storage(contract, uint256(2)), uint256(22));
  EXPECT_TRUE(state.exists(empty));  // never touched: an empty account stays
}

TEST_F(HostTest, TouchedDeadAccountsAreDeleted) {
  EvmStateHost h = make_host();
  h.touch(empty);
  h.transfer(alice, bob, uint256{});  // a zero-value transfer touches bob: absent, stays absent
  h.finalize(state);
  EXPECT_FALSE(state.exists(empty));
  EXPECT_FALSE(state.exists(bob));
}

TEST_F(HostTest, RevertedTouchDoesNotDelete) {
  EvmStateHost h = make_host();
  const uint32_t cp = h.checkpoint();
  h.touch(empty);
  h.revert_to(cp);
  h.finalize(state);
  EXPECT_TRUE(state.exists(empty));
}

TEST_F(HostTest, RipemdTouchSurvivesRevert) {
  const Address ripemd = addr(3);
  state.get_or_create(ripemd);
  EvmStateHost h = make_host();
  const uint32_t cp = h.checkpoint();
  h.touch(ripemd);
  h.revert_to(cp);
  h.finalize(state);
  EXPECT_FALSE(state.exists(ripemd));
}

TEST_F(HostTest, SelfdestructDeletesOnlyAccountsCreatedInTheTransaction) {
  const Address fresh = addr(0xf0, 0x20);
  state.set_balance(contract, uint256(50));
  EvmStateHost h = make_host();
  h.create_account(fresh);
  h.transfer(alice, fresh, uint256(10));
  EXPECT_EQ(h.nonce(fresh), 1u);
  h.selfdestruct(fresh, bob);
  h.selfdestruct(contract, bob);  // pre-existing: loses its balance, keeps existing (EIP-6780)
  EXPECT_EQ(h.balance(bob), uint256(60));
  h.finalize(state);
  EXPECT_FALSE(state.exists(fresh));
  ASSERT_TRUE(state.exists(contract));
  EXPECT_EQ(state.balance(contract), uint256{});
  EXPECT_EQ(state.find(contract)->code.size(), 4u);
  EXPECT_EQ(state.balance(bob), uint256(60));
}

TEST_F(HostTest, SelfdestructToItselfBurnsOnlyWhenCreated) {
  const Address fresh = addr(0xf1, 0x20);
  state.set_balance(contract, uint256(50));
  EvmStateHost h = make_host();
  h.create_account(fresh);
  h.transfer(alice, fresh, uint256(10));
  h.selfdestruct(fresh, fresh);
  h.selfdestruct(contract, contract);
  EXPECT_EQ(h.balance(fresh), uint256{});
  EXPECT_EQ(h.balance(contract), uint256(50));
}

TEST_F(HostTest, CreateCollisionOnNonceCodeOrStorage) {
  const Address storage_only = addr(0x51, 0x30);
  state.set_storage(storage_only, uint256(1), uint256(1));
  EvmStateHost h = make_host();
  EXPECT_TRUE(h.create_collision(alice));         // nonce
  EXPECT_TRUE(h.create_collision(contract));      // code
  EXPECT_TRUE(h.create_collision(storage_only));  // storage (EIP-7610)
  EXPECT_FALSE(h.create_collision(bob));
  EXPECT_FALSE(h.create_collision(empty));
}

TEST_F(HostTest, SetCodeIsDepositedAndReverted) {
  const Address fresh = addr(0xf2, 0x20);
  EvmStateHost h = make_host();
  const uint32_t cp = h.checkpoint();
  h.create_account(fresh);
  const uint8_t code[3] = {OP_PUSH1, 0, OP_STOP};
  h.set_code(fresh, code, 3);
  EXPECT_EQ(h.code(fresh).size, 3u);
  h.revert_to(cp);
  EXPECT_EQ(h.code(fresh).size, 0u);
  EXPECT_FALSE(h.account_exists(fresh));
  h.create_account(fresh);
  h.set_code(fresh, code, 3);
  h.finalize(state);
  ASSERT_TRUE(state.exists(fresh));
  EXPECT_EQ(state.find(fresh)->code, Bytes(code, code + 3));
  EXPECT_EQ(state.nonce(fresh), 1u);
}

TEST_F(HostTest, PrecompileCallsRunOnTheHost) {
  EvmStateHost h = make_host();
  const Address identity = addr(4);
  ASSERT_TRUE(h.is_precompile(identity));
  EXPECT_FALSE(h.is_precompile(addr(0x40)));
  const uint8_t input[3] = {7, 8, 9};
  Message m;
  m.recipient = m.code_address = identity;
  m.gas = 1000;
  m.input = input;
  m.input_size = 3;
  const CallResult r = h.call_precompile(m);
  ASSERT_EQ(r.status, EvmStatus::Success);
  EXPECT_EQ(r.gas_left, 1000 - 18);  // 15 + 3 per word
  ASSERT_EQ(r.output_size, 3u);
  EXPECT_EQ(r.output[2], 9);
  EXPECT_EQ(h.unsupported_precompile(), nullptr);

  m.gas = 10;  // below the cost: the call fails and consumes the gas
  const CallResult oog = h.call_precompile(m);
  EXPECT_EQ(oog.status, EvmStatus::PrecompileFailure);
  EXPECT_EQ(oog.gas_left, 0);
}

}  // namespace
}  // namespace warp
