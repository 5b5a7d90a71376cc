// Every executor against the sequential one on the adversarial blocks, at 1, 2, 4 and 8
// threads and under chaos. Each test first checks that the reference run really did what
// the block is built to provoke (a block where everything silently fails tests nothing).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "kernels/evm/create_address.hpp"
#include "tests/differential/adversarial_blocks.hpp"
#include "tests/differential/differential_util.hpp"

namespace warp::difftest {
namespace {

ReferenceRun run(const GeneratedBlock& b) { return run_all_executors(b.pre_state, b.txs, b.env, b.fork); }

size_t count_rejected(const BlockResult& r, TxRejectCode code) {
  return static_cast<size_t>(std::count_if(r.receipts.begin(), r.receipts.end(),
                                           [&](const Receipt& x) { return x.rejection && x.rejection->code == code; }));
}
size_t count_status(const BlockResult& r, EvmStatus s) {
  return static_cast<size_t>(std::count_if(r.receipts.begin(), r.receipts.end(),
                                           [&](const Receipt& x) { return x.included() && x.status == s; }));
}
// Successful transactions to `to` (with `data` when given).
size_t count_successes_to(const GeneratedBlock& b, const BlockResult& r, const Address& to,
                          const Bytes* data = nullptr) {
  size_t n = 0;
  for (size_t i = 0; i < b.txs.size(); ++i)
    if (b.txs[i].to == to && (!data || b.txs[i].data == *data) && r.receipts[i].success()) ++n;
  return n;
}
uint256 slot(const State& s, const Address& a, uint64_t k) { return s.storage(a, uint256(k)); }
Bytes word(uint64_t v) {
  Bytes out(32);
  uint256(v).to_be_bytes(out.data());
  return out;
}

class Seeded : public ::testing::TestWithParam<uint64_t> {};
INSTANTIATE_TEST_SUITE_P(Seeds, Seeded, ::testing::Values(1u, 2u));

TEST_P(Seeded, HotAccount) {
  const GeneratedBlock b = hot_account_block(GetParam());
  const ReferenceRun ref = run(b);
  EXPECT_EQ(ref.result.rejected, 0u);
  const size_t credits =
      count_successes_to(b, ref.result, addrs::hot()) + count_successes_to(b, ref.result, addrs::forwarder());
  EXPECT_GT(credits, b.txs.size() / 2);
  EXPECT_GT(ref.post_state.balance(addrs::hot()), uint256(0));
  EXPECT_GT(count_successes_to(b, ref.result, addrs::balance_probe()), 0u);
  EXPECT_NE(slot(ref.post_state, addrs::balance_probe(), 0), uint256(0));  // the probe saw credits
  EXPECT_NE(slot(ref.post_state, addrs::forwarder(), 1), uint256(0));
}

TEST_P(Seeded, NonceChains) {
  const GeneratedBlock b = nonce_chain_block(GetParam());
  const ReferenceRun ref = run(b);
  const State& s = ref.post_state;
  EXPECT_EQ(s.nonce(addrs::sender(0)), 50u);  // the long chain, all included
  EXPECT_EQ(s.nonce(addrs::sender(1)), 12u);  // 0..9, then 10 and 11 after the rejected gap
  EXPECT_EQ(s.nonce(addrs::sender(2)), 4u);   // two, two rejected, two after being paid
  EXPECT_GT(s.nonce(addrs::sender(3)), 5u);
  EXPECT_GE(count_rejected(ref.result, TxRejectCode::NonceTooHigh), 3u);
  EXPECT_GE(count_rejected(ref.result, TxRejectCode::NonceTooLow), 1u);
  EXPECT_EQ(count_rejected(ref.result, TxRejectCode::InsufficientFunds), 1u);
}

TEST_P(Seeded, Reentrancy) {
  const GeneratedBlock b = reentrancy_block(GetParam());
  const ReferenceRun ref = run(b);
  const State& s = ref.post_state;
  EXPECT_EQ(ref.result.rejected, 0u);
  EXPECT_EQ(count_status(ref.result, EvmStatus::Success), b.txs.size());
  // Entries into A exceed the transactions to it: B called back into A.
  const size_t to_a = count_successes_to(b, ref.result, addrs::reentrant_a());
  ASSERT_GT(to_a, 0u);
  EXPECT_GT(slot(s, addrs::reentrant_a(), 1), uint256(to_a));
  EXPECT_NE(slot(s, addrs::reentrant_a(), 2), uint256(0));
  EXPECT_NE(slot(s, addrs::reentrant_b(), 0), uint256(0));
  EXPECT_GT(s.balance(addrs::reentrant_b()), uint256(0));
}

TEST_P(Seeded, NestedRevertsAndOutOfGas) {
  const GeneratedBlock b = nested_failure_block(GetParam());
  const ReferenceRun ref = run(b);
  const State& s = ref.post_state;
  EXPECT_EQ(ref.result.rejected, 0u);
  EXPECT_GT(count_status(ref.result, EvmStatus::Revert), 0u);    // mode 4: the outer frame reverts
  EXPECT_GT(count_status(ref.result, EvmStatus::OutOfGas), 0u);  // too little gas for the outer frame
  const uint256 inner_successes = slot(s, addrs::inner(), 0);
  // Inner frames that failed left nothing: its count, the outer's count of successes and the
  // 1 wei per success the sink got agree exactly, and some inner calls did fail.
  EXPECT_GT(inner_successes, uint256(0));
  EXPECT_EQ(slot(s, addrs::outer(), 3), inner_successes);
  EXPECT_EQ(s.balance(addrs::sink()), inner_successes);
  EXPECT_GT(slot(s, addrs::outer(), 0), inner_successes);
}

TEST_P(Seeded, Create2ThenSelfdestruct) {
  const GeneratedBlock b = selfdestruct_block(GetParam());
  const ReferenceRun ref = run(b);
  const State& s = ref.post_state;
  for (size_t i = 0; i < 11; ++i) EXPECT_TRUE(ref.result.receipts[i].success()) << "scripted tx " << i;
  auto child = [](uint64_t mode, uint64_t salt) {
    const Bytes init = destruct_init_code(mode);
    return create2_address(addrs::destruct_factory(), uint256(salt).to_hash(), keccak256(init.data(), init.size()));
  };
  EXPECT_FALSE(s.exists(child(0, 1)));  // died in its init code, twice (the second time over a funded account)
  EXPECT_FALSE(s.exists(child(1, 2)));  // created and destroyed in one transaction
  ASSERT_TRUE(s.exists(child(2, 3)));   // destroyed in a later transaction: only the balance moved
  EXPECT_EQ(s.find(child(2, 3))->code, destruct_init_code(0));     // mode 0's init code is the children's runtime
  EXPECT_EQ(s.balance(child(2, 3)), uint256(0));                   // the 4242 sent later ran it again: passed on
  EXPECT_EQ(slot(s, addrs::destruct_factory(), 10), uint256(1));   // the same-transaction call succeeded
  EXPECT_EQ(slot(s, addrs::destruct_factory(), 11), uint256(22));  // code still there until the end
  ASSERT_TRUE(s.exists(addrs::old_suicide()));
  EXPECT_FALSE(s.find(addrs::old_suicide())->code.empty());
  EXPECT_EQ(slot(s, addrs::old_suicide(), 1), uint256(7));
  EXPECT_EQ(s.balance(addrs::old_suicide()), uint256(0));
  EXPECT_GE(s.balance(addrs::beneficiary()), uint256(1000000000000000000ull) * uint256(5));
}

TEST_P(Seeded, ContractsCreatedMidBlock) {
  const GeneratedBlock b = mid_block_creation_block(GetParam());
  const ReferenceRun ref = run(b);
  const State& s = ref.post_state;
  const Address made = create_address(addrs::sender(0), 0);
  ASSERT_TRUE(ref.result.receipts[2].success());
  ASSERT_EQ(ref.result.receipts[2].contract_address, made);
  EXPECT_EQ(s.find(made)->code, counter_runtime());
  EXPECT_GE(s.balance(made), uint256(31337));  // funded before its creation
  EXPECT_GE(slot(s, made, 0), uint256(5));
  EXPECT_EQ(ref.result.receipts[8].status, EvmStatus::Revert);  // the init code that reverts
  EXPECT_FALSE(ref.result.receipts[8].contract_address.has_value());
  const Address second = create_address(addrs::sender(0), 2);
  ASSERT_EQ(ref.result.receipts[9].contract_address, second);
  EXPECT_GE(slot(s, second, 0), uint256(1));
  const Address by_factory = create_address(addrs::create_factory(), 1);
  ASSERT_TRUE(s.exists(by_factory));
  EXPECT_GE(slot(s, by_factory, 0), uint256(2));               // called by the factory, then directly
  EXPECT_EQ(slot(s, addrs::create_factory(), 2), uint256(2));  // the factory's call succeeded
}

TEST_P(Seeded, CoinbaseBalance) {
  const GeneratedBlock b = coinbase_balance_block(GetParam());
  const ReferenceRun ref = run(b);
  const State& s = ref.post_state;
  EXPECT_GE(s.nonce(addrs::coinbase()), 1u);  // paid for its transactions from the fees
  size_t cb_rejected_for_funds = 0;
  std::vector<uint256> seen;
  for (size_t i = 0; i < b.txs.size(); ++i) {
    const Receipt& r = ref.result.receipts[i];
    if (b.txs[i].sender == addrs::coinbase() && r.rejection && r.rejection->code == TxRejectCode::InsufficientFunds)
      ++cb_rejected_for_funds;
    if (b.txs[i].to == addrs::coinbase_probe() && r.success()) {
      ASSERT_EQ(r.logs.size(), 1u);
      seen.push_back(uint256::from_be_bytes(r.logs[0].data.data(), 32));
    }
  }
  EXPECT_GE(cb_rejected_for_funds, 1u);
  ASSERT_GE(seen.size(), 10u);
  EXPECT_EQ(seen.back(), slot(s, addrs::coinbase_probe(), 0));
  std::sort(seen.begin(), seen.end(), [](const uint256& x, const uint256& y) { return x < y; });
  EXPECT_NE(seen.front(), seen.back());  // the balance moved between probes
}

TEST_P(Seeded, TransientStorage) {
  const GeneratedBlock b = transient_storage_block(GetParam());
  const ReferenceRun ref = run(b);
  const State& s = ref.post_state;
  const Address t = addrs::transient();
  const size_t calls = count_successes_to(b, ref.result, t);
  ASSERT_GT(calls, 0u);
  EXPECT_EQ(calls, static_cast<size_t>(
                       std::count_if(b.txs.begin(), b.txs.end(), [&](const Transaction& x) { return x.to == t; })));
  EXPECT_EQ(slot(s, t, 0), uint256(100));   // TLOAD(0) at the start: nothing leaked
  EXPECT_EQ(slot(s, t, 5), uint256(5000));  // TLOAD(7) at the start: nothing leaked
  EXPECT_EQ(slot(s, t, 1), uint256(1042));  // the nested frame saw the parent's 42
  EXPECT_EQ(slot(s, t, 2), uint256(1042));  // its revert undid TSTORE(0, 99)
  EXPECT_EQ(slot(s, t, 3), uint256(2000));  // and TSTORE(1, 7)
  EXPECT_EQ(slot(s, t, 4), uint256(3005));  // a successful nested TSTORE stays
  EXPECT_EQ(slot(s, t, 6), uint256(calls));
}

TEST_P(Seeded, SharedCounters) {
  const GeneratedBlock b = counters_block(GetParam());
  const ReferenceRun ref = run(b);
  const Bytes hot_slot = word(0);
  const size_t hot = count_successes_to(b, ref.result, addrs::counter(), &hot_slot);
  EXPECT_GT(hot, 30u);
  EXPECT_EQ(slot(ref.post_state, addrs::counter(), 0), uint256(hot));
  EXPECT_EQ(ref.result.rejected, 0u);
}

TEST_P(Seeded, BlockGasLimitRunsOut) {
  const GeneratedBlock b = block_gas_limit_block(GetParam());
  const ReferenceRun ref = run(b);
  const BlockResult& r = ref.result;
  EXPECT_GE(count_rejected(r, TxRejectCode::GasAllowanceExceeded), 3u);
  EXPECT_LE(r.gas_used, 1'500'000u);
  EXPECT_GT(r.gas_used, 1'500'000u - 150'000u);
  // After the first rejection for block gas, smaller transactions still got in.
  size_t first_rejected = r.receipts.size();
  for (size_t i = 0; i < r.receipts.size(); ++i)
    if (r.receipts[i].rejection && r.receipts[i].rejection->code == TxRejectCode::GasAllowanceExceeded) {
      first_rejected = i;
      break;
    }
  size_t included_after = 0;
  for (size_t i = first_rejected; i < r.receipts.size(); ++i) included_after += r.receipts[i].included() ? 1 : 0;
  EXPECT_GE(included_after, 1u);
  // Zero-tip transactions were included (and paid the coinbase nothing).
  size_t zero_tip = 0;
  for (size_t i = 0; i < b.txs.size(); ++i)
    if (b.txs[i].type == TxType::DynamicFee && b.txs[i].max_priority_fee_per_gas.is_zero() && r.receipts[i].included())
      ++zero_tip;
  EXPECT_GE(zero_tip, 1u);
}

TEST_P(Seeded, ZeroTipLeavesNoCoinbase) {
  const GeneratedBlock b = zero_tip_block(GetParam());
  ASSERT_FALSE(b.pre_state.exists(addrs::coinbase()));
  const ReferenceRun ref = run(b);
  EXPECT_EQ(ref.result.rejected, 0u);
  EXPECT_EQ(count_status(ref.result, EvmStatus::Success), b.txs.size());
  EXPECT_FALSE(ref.post_state.exists(addrs::coinbase()));  // touched with zero, empty: removed
}

class Mix : public ::testing::TestWithParam<uint64_t> {};
INSTANTIATE_TEST_SUITE_P(Seeds, Mix, ::testing::Values(11u, 12u, 13u));

TEST_P(Mix, RandomMixOf300) {
  const GeneratedBlock b = random_mix_block(GetParam());
  ASSERT_EQ(b.txs.size(), 300u);
  const ReferenceRun ref = run(b);
  const BlockResult& r = ref.result;
  EXPECT_GT(r.rejected, 0u);
  EXPECT_GT(count_status(r, EvmStatus::Success), 200u);
  EXPECT_GT(count_status(r, EvmStatus::Revert), 0u);
  size_t created = 0;
  for (const Receipt& x : r.receipts) created += x.contract_address ? 1 : 0;
  EXPECT_GT(created, 0u);
}

// Soak mode: WARPEVM_DIFF_EXTRA_SEEDS=N runs N more random mixes (seeds 1000..), for hunting
// rare interleavings; skipped otherwise. Stops at the first block that differs.
TEST(MixSoak, ExtraSeedsFromEnvironment) {
  const char* env = std::getenv("WARPEVM_DIFF_EXTRA_SEEDS");
  if (!env) GTEST_SKIP() << "set WARPEVM_DIFF_EXTRA_SEEDS=N to run N more random mixes";
  const uint64_t n = std::strtoull(env, nullptr, 10);
  for (uint64_t seed = 1000; seed < 1000 + n; ++seed) {
    const GeneratedBlock b = random_mix_block(seed);
    SCOPED_TRACE("random_mix_block seed " + std::to_string(seed));
    run(b);
    if (HasFailure()) break;
  }
}

}  // namespace
}  // namespace warp::difftest
