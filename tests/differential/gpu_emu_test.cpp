// The round structure of the host-emulated GPU executor, beyond "same result as sequential"
// (which run_all_executors checks for every block): which transactions the device really
// ran, which the host took and why, and that small windows, tiny conflict budgets and the
// hot-chain switch all still give the sequential result.
#include <gtest/gtest.h>

#include <string>

#include "bench/workloads/workload.hpp"
#include "host/executor/gpu/exec_backend.hpp"
#include "host/executor/gpu/gpu_executor.hpp"
#include "kernels/evm/opcodes.hpp"
#include "tests/differential/adversarial_blocks.hpp"
#include "tests/differential/differential_util.hpp"
#include "tests/differential/evm_asm.hpp"

namespace warp::difftest {
namespace {

uint64_t host_reason(const ExecutorStats& s, const std::string& reason) {
  for (const auto& [name, n] : s.host_reasons)
    if (name == reason) return n;
  return 0;
}

std::string reasons(const ExecutorStats& s) {
  std::string out = "host runs by reason:";
  for (const auto& [name, n] : s.host_reasons) out += " " + name + "=" + std::to_string(n);
  return out;
}

struct EmuRun {
  BlockResult result;
  State post;
  ExecutorStats stats;
};

EmuRun run_emu(const State& pre, std::span<const Transaction> txs, const BlockEnv& env, Fork fork,
               GpuExecutor::Options options, size_t threads = 2) {
  GpuExecutor executor("gpu-emu", make_emu_backend(), threads, std::move(options));
  EmuRun r;
  r.post = pre;
  r.result = executor.execute(r.post, txs, env, fork);
  r.stats = executor.stats();
  return r;
}

// Runs `options` against the sequential reference and checks the result and post-state.
EmuRun expect_sequential_result(const State& pre, std::span<const Transaction> txs, const BlockEnv& env, Fork fork,
                                GpuExecutor::Options options, const std::string& label) {
  State ref_post = pre;
  const BlockResult ref = make_executor("sequential", 1)->execute(ref_post, txs, env, fork);
  EmuRun got = run_emu(pre, txs, env, fork, std::move(options));
  expect_same_result(ref, got.result, label);
  expect_same_state(ref_post, got.post, label);
  return got;
}

bench::Workload workload(bench::WorkloadKind kind, size_t txs, size_t accounts, size_t pools, uint64_t seed) {
  bench::WorkloadOptions o;
  o.kind = kind;
  o.txs = txs;
  o.accounts = accounts;
  o.pools = pools;
  o.seed = seed;
  bench::Workload w = bench::generate_workload(o);
  EXPECT_EQ(bench::recover_senders(w.txs, 2), 0u);
  return w;
}

// ERC-20 transfers among many accounts hardly conflict: the device's outcomes are committed
// as they are, in one round. The generated block's coinbase does not exist yet: the host runs
// the first transaction (which creates it) before the device starts, or else every device run
// would see it absent and be stale.
TEST(GpuEmu, IndependentTransfersCommitFromTheDevice) {
  const bench::Workload w = workload(bench::WorkloadKind::Erc20, 300, 20000, 1, 5);
  const EmuRun r = expect_sequential_result(w.pre_state, w.txs, w.env, w.fork, {}, "erc20");
  SCOPED_TRACE(reasons(r.stats));
  ASSERT_EQ(r.stats.rounds, 1u);
  EXPECT_EQ(r.stats.round_executions.at(0), 299u);
  EXPECT_EQ(host_reason(r.stats, "coinbase-first"), 1u);
  EXPECT_EQ(host_reason(r.stats, "hot-chain"), 0u);
  EXPECT_LT(r.stats.host_executions, 30u) << "most transfers should need no host run";
  EXPECT_FALSE(r.stats.host_tail);
}

// Every swap through one pool reads the reserves the one before wrote, and every swap writes
// them: a hot chain. The host runs its links in order within the first round; no round is
// spent per link.
TEST(GpuEmu, OnePoolSwapsAreAHotChain) {
  const bench::Workload w = workload(bench::WorkloadKind::Amm, 200, 200, 1, 6);
  const EmuRun r = expect_sequential_result(w.pre_state, w.txs, w.env, w.fork, {}, "amm one pool");
  EXPECT_EQ(r.stats.rounds, 1u);
  EXPECT_GT(host_reason(r.stats, "hot-chain"), 150u);
  EXPECT_EQ(host_reason(r.stats, "conflict"), 0u);
  EXPECT_FALSE(r.stats.host_tail);
}

// A window of 7 and a conflict budget of 1 force many rounds, each against a snapshot the
// host refreshed entry by entry; the hot-chain switch is off so the rounds go on.
TEST(GpuEmu, ManySmallRoundsOverRefreshedSnapshots) {
  const bench::Workload w = workload(bench::WorkloadKind::Mixed, 240, 40, 2, 7);
  GpuExecutor::Options o;
  o.window = 7;
  o.min_conflict_budget = 1;
  o.hot_chain_writers = 1000;
  o.hot_fraction = 0;
  const EmuRun r = expect_sequential_result(w.pre_state, w.txs, w.env, w.fork, o, "mixed, window 7");
  EXPECT_GE(r.stats.rounds, 240u / 7);
  EXPECT_FALSE(r.stats.host_tail);
}

Address tagged(uint8_t tag, uint8_t i) {
  Address a{};
  a.bytes[0] = tag;
  a.bytes[19] = i;
  return a;
}

// A block of what the device does not do, each next to plain transfers: calls nested 40
// deep (more frames than the device arena holds), a call touching 40 accounts (more than
// the overlay holds; each is absent, one read), an ecrecover call (a CPU precompile), the identity precompile (run on
// the device), and a nonce chain of one sender (links after the first fail the device's
// sender check).
GeneratedBlock device_limits_block() {
  GeneratedBlock b;
  b.env.context.coinbase = tagged(0xcb, 1);
  b.pre_state.set_balance(tagged(0xcb, 1), uint256(1));  // present: no fan-out of its creation
  b.env.context.number = 1;
  b.env.context.gas_limit = 30000000;
  b.env.context.base_fee = uint256(7);
  b.env.context.blob_base_fee = uint256(1);
  b.env.blob_base_fee = uint256(1);
  const Address deep = tagged(0xd0, 1), wide = tagged(0xd0, 2), ecrecover = tagged(0, 1), identity = tagged(0, 4);
  {  // deep(n): if n > 0, deep(n - 1)
    Asm a;
    a.arg(0).op(OP_ISZERO).jumpi("end");
    a.push(1).arg(0).op(OP_SUB).push(0).op(OP_MSTORE);
    a.push(0).push(0).push(32).push(0).push(0).op(OP_ADDRESS).op(OP_GAS).op(OP_CALL).op(OP_POP);
    a.label("end").op(OP_STOP);
    b.pre_state.set_code(deep, a.build());
  }
  {  // wide: BALANCE of 40 absent accounts (one read each), summed into slot 0
    Asm a;
    a.push(0);
    for (uint8_t i = 0; i < 40; ++i) a.push(tagged(0xf0, i)).op(OP_BALANCE).op(OP_ADD);
    a.push(0).op(OP_SSTORE).op(OP_STOP);
    b.pre_state.set_code(wide, a.build());
  }
  for (uint8_t i = 0; i < 40; ++i) b.pre_state.set_balance(tagged(0xe0, i), uint256(i + 1u));
  for (uint8_t i = 0; i < 8; ++i) b.pre_state.set_balance(tagged(0xa0, i), uint256(1000000000000000000ull));
  std::vector<uint64_t> nonce(8, 0);
  auto add = [&](uint8_t from, const Address& to, Bytes data, uint64_t gas) {
    Transaction tx;
    tx.type = TxType::DynamicFee;
    tx.chain_id = 1;
    tx.sender = tagged(0xa0, from);
    tx.nonce = nonce[from]++;
    tx.max_fee_per_gas = uint256(20);
    tx.max_priority_fee_per_gas = uint256(2);
    tx.gas_limit = gas;
    tx.to = to;
    tx.data = std::move(data);
    b.txs.push_back(std::move(tx));
  };
  Bytes forty(32, 0);
  forty[31] = 40;
  Bytes three(32, 0);
  three[31] = 3;
  add(0, deep, forty, 3000000);
  add(1, tagged(0xe0, 1), {}, 21000);
  add(2, wide, {}, 500000);
  add(3, ecrecover, Bytes(128, 1), 100000);
  add(4, identity, Bytes(100, 7), 100000);
  add(5, deep, three, 300000);
  for (int k = 0; k < 5; ++k) add(6, tagged(0xe0, 2), {}, 21000);
  return b;
}

TEST(GpuEmu, WhatTheDeviceCannotDoRunsOnTheHost) {
  const GeneratedBlock b = device_limits_block();
  const EmuRun r = expect_sequential_result(b.pre_state, b.txs, b.env, b.fork, {}, "device limits");
  SCOPED_TRACE(reasons(r.stats));
  EXPECT_EQ(host_reason(r.stats, "arena"), 1u);
  EXPECT_EQ(host_reason(r.stats, "overlay"), 1u);
  EXPECT_EQ(host_reason(r.stats, "precompile"), 1u);
  EXPECT_EQ(host_reason(r.stats, "sender-check"), 4u);
  EXPECT_EQ(r.stats.host_executions, 7u) << "the identity call, the shallow recursion and the plain transfers "
                                            "run on the device";
}

// Every adversarial block, with a small window so that rounds end mid-block, at 1 and 3 threads.
TEST(GpuEmu, AdversarialBlocksInSmallWindows) {
  const GeneratedBlock blocks[] = {
      hot_account_block(21),        nonce_chain_block(22),      nested_failure_block(23),    selfdestruct_block(24),
      mid_block_creation_block(25), coinbase_balance_block(26), transient_storage_block(27), counters_block(28),
      block_gas_limit_block(29),    zero_tip_block(30),         random_mix_block(31),
  };
  for (const GeneratedBlock& b : blocks) {
    for (size_t threads : {size_t{1}, size_t{3}}) {
      GpuExecutor::Options o;
      o.window = 16;
      o.min_conflict_budget = 2;
      o.hot_fraction = 0;
      State ref_post = b.pre_state;
      const BlockResult ref = make_executor("sequential", 1)->execute(ref_post, b.txs, b.env, b.fork);
      EmuRun got = run_emu(b.pre_state, b.txs, b.env, b.fork, o, threads);
      const std::string label =
          "block of " + std::to_string(b.txs.size()) + " txs, " + std::to_string(threads) + " threads";
      expect_same_result(ref, got.result, label);
      expect_same_state(ref_post, got.post, label);
      EXPECT_GE(got.stats.rounds, 1u) << label;
    }
  }
}

}  // namespace
}  // namespace warp::difftest
