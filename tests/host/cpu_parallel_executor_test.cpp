// The Block-STM executor against the sequential reference on small random blocks of native
// and ERC-20 transfers: every receipt, the logs hash and the state root must match, at 1, 2
// and 4 threads, from low contention (many senders and recipients) to full contention
// (one hot recipient, the coinbase itself read by the block).
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <thread>
#include <vector>

#include "bench/contracts/contracts.hpp"
#include "host/executor/cpu_parallel_executor.hpp"
#include "host/executor/sequential_executor.hpp"
#include "kernels/evm/create_address.hpp"

namespace warp {
namespace {

Address addr(uint8_t tag, uint8_t i) {
  Address a{};
  a.bytes[0] = tag;
  a.bytes[19] = i;
  return a;
}

const uint256 kEther = uint256(1000000000000000000ull);

struct Workload {
  State pre;
  BlockEnv env;
  std::vector<Transaction> txs;
};

// `accounts` senders/recipients; `erc20_share` in percent; recipients drawn from the first
// `hot` accounts (1 = every transfer goes to one account).
Workload make_block(uint32_t seed, size_t n, uint8_t accounts, uint8_t hot, int erc20_share) {
  Workload w;
  const Address token = addr(0xee, 1);
  const Address coinbase = addr(0xcb, 1);
  w.env.context.coinbase = coinbase;
  w.env.context.number = 1;
  w.env.context.gas_limit = 30000000;
  w.env.context.base_fee = uint256(7);
  w.env.blob_base_fee = uint256(1);
  w.env.context.blob_base_fee = uint256(1);
  w.pre.set_code(token, bench::erc20_runtime_code());
  uint256 supply{};
  for (uint8_t i = 0; i < accounts; ++i) {
    w.pre.set_balance(addr(0xa0, i), kEther);
    w.pre.set_storage(token, bench::erc20::balance_slot(addr(0xa0, i)), uint256(1000000));
    supply += uint256(1000000);
  }
  w.pre.set_storage(token, uint256(bench::erc20::kTotalSupplySlot), supply);

  std::mt19937 rng(seed);
  std::vector<uint64_t> nonces(accounts, 0);
  for (size_t k = 0; k < n; ++k) {
    const uint8_t from = static_cast<uint8_t>(rng() % accounts);
    const uint8_t to = static_cast<uint8_t>(rng() % hot);
    Transaction tx;
    tx.type = TxType::Legacy;
    tx.chain_id = 1;
    tx.sender = addr(0xa0, from);
    tx.nonce = nonces[from]++;
    tx.gas_price = uint256(10 + rng() % 5);
    const auto kind = static_cast<uint32_t>(rng() % 100);
    if (static_cast<int>(kind) < erc20_share) {
      tx.to = token;
      tx.gas_limit = 100000;
      // Sometimes more than the sender holds: the call reverts (no logs, a failed receipt).
      tx.data = bench::erc20::transfer_calldata(addr(0xa0, to), uint256(rng() % 1500000));
    } else {
      // A few transfers pay the coinbase, whose balance the fee credits otherwise only add to.
      tx.to = (kind % 17 == 0) ? coinbase : addr(0xa0, to);
      tx.gas_limit = 21000;
      tx.value = uint256(rng() % 100000);
    }
    if (kind % 23 == 0) tx.nonce += 5;  // invalid: rejected, and the sender's chain goes on
    if (kind % 23 == 0) --nonces[from];
    w.txs.push_back(std::move(tx));
  }
  return w;
}

void expect_same_block(const Workload& w, size_t threads) {
  State seq_state = w.pre;
  SequentialExecutor seq;
  const BlockResult expected = seq.execute(seq_state, w.txs, w.env, Fork::Cancun);

  State par_state = w.pre;
  CpuParallelExecutor par(threads);
  const BlockResult got = par.execute(par_state, w.txs, w.env, Fork::Cancun);

  ASSERT_EQ(got.receipts.size(), expected.receipts.size());
  for (size_t i = 0; i < got.receipts.size(); ++i) {
    const Receipt& g = got.receipts[i];
    const Receipt& e = expected.receipts[i];
    EXPECT_EQ(g.included(), e.included()) << "tx " << i;
    EXPECT_EQ(g.status, e.status) << "tx " << i;
    EXPECT_EQ(g.gas_used, e.gas_used) << "tx " << i;
    EXPECT_EQ(g.cumulative_gas_used, e.cumulative_gas_used) << "tx " << i;
    EXPECT_EQ(g.logs, e.logs) << "tx " << i;
  }
  EXPECT_EQ(got.gas_used, expected.gas_used);
  EXPECT_EQ(got.rejected, expected.rejected);
  EXPECT_EQ(got.logs_hash, expected.logs_hash);
  EXPECT_EQ(got.state_root, expected.state_root);
  if (got.state_root != expected.state_root) {
    for (const auto& [a, acc] : seq_state.accounts()) {
      const Account* p = par_state.find(a);
      if (!p) { std::printf("missing in parallel: %s\n", to_hex0x(a).c_str()); continue; }
      if (p->nonce != acc.nonce || p->balance != acc.balance || p->code_hash != acc.code_hash || p->storage.size() != acc.storage.size())
        std::printf("differs: %s nonce %llu/%llu balance %s/%s storage %zu/%zu\n", to_hex0x(a).c_str(),
                    (unsigned long long)acc.nonce, (unsigned long long)p->nonce, to_hex0x(acc.balance.to_hash()).c_str(),
                    to_hex0x(p->balance.to_hash()).c_str(), acc.storage.size(), p->storage.size());
    }
    for (const auto& [a, acc] : par_state.accounts())
      if (!seq_state.find(a)) std::printf("extra in parallel: %s\n", to_hex0x(a).c_str());
  }
  const ExecutorStats& st = par.stats();
  EXPECT_FALSE(st.sequential_fallback);
  EXPECT_GE(st.executions, w.txs.size());
  // Not asserted (it depends on timing), but shows whether conflicts were exercised.
  testing::Test::RecordProperty("reexecutions", static_cast<int>(st.executions - w.txs.size()));
  if (st.executions > w.txs.size())
    std::printf("  %zu threads: %llu executions, %llu aborts, %llu suspensions for %zu txs\n", threads,
                static_cast<unsigned long long>(st.executions), static_cast<unsigned long long>(st.aborts),
                static_cast<unsigned long long>(st.suspensions), w.txs.size());
}

TEST(CpuParallelExecutor, MatchesSequentialOnLowContention) {
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    const Workload w = make_block(seed, 60, 40, 40, 50);
    for (size_t threads : {1, 2, 4}) {
      SCOPED_TRACE(testing::Message() << "seed " << seed << " threads " << threads);
      expect_same_block(w, threads);
    }
  }
}

TEST(CpuParallelExecutor, MatchesSequentialOnHighContention) {
  for (uint32_t seed = 10; seed <= 13; ++seed) {
    const Workload w = make_block(seed, 60, 4, 1, 50);
    for (size_t threads : {1, 2, 4}) {
      SCOPED_TRACE(testing::Message() << "seed " << seed << " threads " << threads);
      expect_same_block(w, threads);
    }
  }
}

TEST(CpuParallelExecutor, MatchesSequentialOnErc20Only) {
  const Workload w = make_block(21, 80, 8, 8, 100);
  for (size_t threads : {1, 2, 4}) {
    SCOPED_TRACE(testing::Message() << "threads " << threads);
    expect_same_block(w, threads);
  }
}

TEST(CpuParallelExecutor, RunsTheTailSequentiallyWhenTheBlockGasRunsOut) {
  // Each transaction fits the block alone, not all together: only the cumulative check,
  // done after the parallel run, sees it. The part that fits stays parallel.
  Workload w = make_block(31, 6, 6, 6, 0);
  w.env.context.gas_limit = 21000 * 3;
  State seq_state = w.pre;
  SequentialExecutor seq;
  const BlockResult expected = seq.execute(seq_state, w.txs, w.env, Fork::Cancun);
  State par_state = w.pre;
  CpuParallelExecutor par(2);
  const BlockResult got = par.execute(par_state, w.txs, w.env, Fork::Cancun);
  EXPECT_FALSE(par.stats().sequential_fallback);
  EXPECT_GT(par.stats().sequential_tail, 0u);
  EXPECT_LT(par.stats().sequential_tail, w.txs.size());
  EXPECT_GT(expected.rejected, 0u);
  ASSERT_EQ(got.receipts.size(), expected.receipts.size());
  for (size_t i = 0; i < got.receipts.size(); ++i) {
    EXPECT_EQ(got.receipts[i].included(), expected.receipts[i].included()) << "tx " << i;
    EXPECT_EQ(got.receipts[i].gas_used, expected.receipts[i].gas_used) << "tx " << i;
    EXPECT_EQ(got.receipts[i].cumulative_gas_used, expected.receipts[i].cumulative_gas_used) << "tx " << i;
  }
  EXPECT_EQ(got.rejected, expected.rejected);
  EXPECT_EQ(got.state_root, expected.state_root);
}

}  // namespace
}  // namespace warp

namespace warp {
namespace {

// Creation, a call into the new code by a later transaction (its code travels through
// BlockCodes), an EIP-161 touch deleting an empty pre-state account, and zero-tip
// transactions (the coinbase credit is then a plain touch, not a delta).
TEST(CpuParallelExecutor, MatchesSequentialOnCreationTouchAndZeroTip) {
  // Runtime: PUSH1 42 PUSH1 0 SSTORE STOP. Init: return those 6 bytes.
  const Bytes init = from_hex("65602a600055006000526006601af3").value_or(Bytes{});
  Workload w = make_block(41, 0, 6, 6, 0);
  const Address empty = addr(0xe0, 1);
  w.pre.get_or_create(empty);  // present and empty: a touch removes it
  const Address a = addr(0xa0, 0);
  const Address created = create_address(a, 0);
  auto tx_from = [&](uint8_t i, uint64_t nonce) {
    Transaction tx;
    tx.type = TxType::Legacy;
    tx.chain_id = 1;
    tx.sender = addr(0xa0, i);
    tx.nonce = nonce;
    tx.gas_price = uint256(11);
    tx.gas_limit = 21000;
    return tx;
  };
  Transaction create = tx_from(0, 0);
  create.gas_limit = 200000;
  create.data = init;
  w.txs.push_back(create);
  for (uint8_t i = 1; i < 4; ++i) {  // call the new contract: writes its slot 0
    Transaction call = tx_from(i, 0);
    call.to = created;
    call.gas_limit = 60000;
    w.txs.push_back(call);
  }
  Transaction touch = tx_from(4, 0);
  touch.to = empty;  // zero value
  w.txs.push_back(touch);
  Transaction zero_tip = tx_from(5, 0);
  zero_tip.gas_price = uint256(7);  // exactly the base fee
  zero_tip.to = addr(0xa0, 1);
  zero_tip.value = uint256(5);
  w.txs.push_back(zero_tip);
  ASSERT_EQ(init.size(), 15u);
  for (int round = 0; round < 10; ++round)
    for (size_t threads : {1, 2, 4}) {
      SCOPED_TRACE(testing::Message() << "threads " << threads);
      expect_same_block(w, threads);
    }
  // The scenario itself: the sequential result has the new code run and the empty account gone.
  State s = w.pre;
  SequentialExecutor seq;
  const BlockResult r = seq.execute(s, w.txs, w.env, Fork::Cancun);
  EXPECT_EQ(r.rejected, 0u);
  EXPECT_EQ(s.storage(created, uint256(0)), uint256(42));
  EXPECT_FALSE(s.exists(empty));
}

}  // namespace
}  // namespace warp

namespace warp {
namespace {

// Random sleeps at the scheduler's decision points make workers overlap in many orders
// (ESTIMATE reads, aborts); one executor runs consecutive blocks on a chained state, so
// its per-thread scratch is reused. The chained result must stay the sequential one.
TEST(CpuParallelExecutor, MatchesSequentialUnderChaosAcrossBlocks) {
  auto chaos = [](const char*) {
    thread_local std::mt19937 rng(std::random_device{}());
    const auto r = rng() % 4;
    if (r == 0) std::this_thread::sleep_for(std::chrono::microseconds(50));
    else if (r == 1) std::this_thread::yield();
  };
  CpuParallelExecutor par(4, chaos);
  SequentialExecutor seq;
  Workload w = make_block(51, 0, 6, 2, 50);
  State seq_state = w.pre;
  State par_state = w.pre;
  uint64_t suspensions = 0;
  uint64_t reexecutions = 0;
  for (uint32_t block = 0; block < 4; ++block) {
    // Same accounts every block; nonces continue from the chained state.
    Workload next = make_block(60 + block, 40, 6, 2, 50);
    for (Transaction& tx : next.txs) tx.nonce += seq_state.nonce(tx.sender);
    const BlockResult expected = seq.execute(seq_state, next.txs, w.env, Fork::Cancun);
    const BlockResult got = par.execute(par_state, next.txs, w.env, Fork::Cancun);
    SCOPED_TRACE(testing::Message() << "block " << block);
    ASSERT_EQ(got.receipts.size(), expected.receipts.size());
    for (size_t i = 0; i < got.receipts.size(); ++i) {
      EXPECT_EQ(got.receipts[i].included(), expected.receipts[i].included()) << "tx " << i;
      EXPECT_EQ(got.receipts[i].gas_used, expected.receipts[i].gas_used) << "tx " << i;
      EXPECT_EQ(got.receipts[i].logs, expected.receipts[i].logs) << "tx " << i;
    }
    EXPECT_EQ(got.logs_hash, expected.logs_hash);
    EXPECT_EQ(got.state_root, expected.state_root);
    EXPECT_FALSE(par.stats().sequential_fallback);
    suspensions += par.stats().suspensions;
    reexecutions += par.stats().executions - next.txs.size();
  }
  std::printf("  chaos: %llu re-executions, %llu suspensions over 4 blocks\n",
              static_cast<unsigned long long>(reexecutions), static_cast<unsigned long long>(suspensions));
}

}  // namespace
}  // namespace warp
