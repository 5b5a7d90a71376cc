// The `gpu` executor (CUDA backend, kernels/cuda/execute_kernel.cu) against the sequential
// reference: a hand-made block that reaches every way out of the device (a creation, a
// revert, a precompile the device leaves to the host, a rejected nonce, a same-sender
// conflict) and the benchmark's generated blocks must give the same receipts, logs, state
// root and post-state. Below the executor, the device session's outcomes must equal the
// host-emulated backend's on the same snapshot, after a full sync and after a sync of only
// the changed entries. Skipped, by name, where the build has no CUDA or the machine no device.
#include "host/executor/gpu/gpu_executor.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "bench/workloads/workload.hpp"
#include "host/device_info.hpp"
#include "host/executor/block_executor.hpp"
#include "host/executor/gpu/device_batch.hpp"
#include "host/executor/gpu/exec_backend.hpp"
#include "state/flat/flat_state.hpp"
#include "tests/evm/bytecode_builder.hpp"
#include "tests/gpu/require_device.hpp"

#if defined(WARPEVM_HAVE_CUDA)
#include "host/executor/gpu/cuda_upload.hpp"
#endif

namespace warp {
namespace {

using test::Bytecode;
using test::push;

const uint256 kEther = uint256(1000000000000000000ull);

Address addr(uint8_t tag, uint8_t i) {
  Address a{};
  a.bytes[0] = tag;
  a.bytes[19] = i;
  return a;
}

// ---- comparing block results ------------------------------------------------------------

void expect_same_receipts(const BlockResult& expected, const BlockResult& got, const std::string& label) {
  ASSERT_EQ(got.receipts.size(), expected.receipts.size()) << label;
  for (size_t i = 0; i < got.receipts.size(); ++i) {
    const Receipt& g = got.receipts[i];
    const Receipt& e = expected.receipts[i];
    EXPECT_EQ(g.included(), e.included()) << label << " tx " << i;
    EXPECT_EQ(g.error, e.error) << label << " tx " << i;
    EXPECT_EQ(g.status, e.status) << label << " tx " << i;
    EXPECT_EQ(g.gas_used, e.gas_used) << label << " tx " << i;
    EXPECT_EQ(g.cumulative_gas_used, e.cumulative_gas_used) << label << " tx " << i;
    EXPECT_EQ(g.logs, e.logs) << label << " tx " << i;
    EXPECT_EQ(g.contract_address, e.contract_address) << label << " tx " << i;
  }
  EXPECT_EQ(got.gas_used, expected.gas_used) << label;
  EXPECT_EQ(got.rejected, expected.rejected) << label;
  EXPECT_EQ(got.logs_hash, expected.logs_hash) << label;
  EXPECT_EQ(got.state_root, expected.state_root) << label;
}

// Account by account, so a failure names what differs (the root alone would not).
void expect_same_state(const State& expected, const State& got, const std::string& label) {
  EXPECT_EQ(got.accounts().size(), expected.accounts().size()) << label;
  for (const auto& [a, acc] : expected.accounts()) {
    const Account* g = got.find(a);
    ASSERT_NE(g, nullptr) << label << ": missing " << to_hex0x(a);
    EXPECT_EQ(g->nonce, acc.nonce) << label << ": nonce of " << to_hex0x(a);
    EXPECT_EQ(g->balance, acc.balance) << label << ": balance of " << to_hex0x(a);
    EXPECT_EQ(g->code_hash, acc.code_hash) << label << ": code of " << to_hex0x(a);
    EXPECT_EQ(g->code, acc.code) << label << ": code of " << to_hex0x(a);
    EXPECT_EQ(g->storage, acc.storage) << label << ": storage of " << to_hex0x(a);
  }
}

// Runs the block on copies of `pre` with the sequential executor and with `gpu`, compares
// everything, and leaves the sequential post-state in `post` (for a following block).
void expect_gpu_matches_sequential(BlockExecutor& gpu, const State& pre, std::span<const Transaction> txs,
                                   const BlockEnv& env, Fork fork, const std::string& label, State* post = nullptr) {
  State seq_state = pre;
  const BlockResult expected = make_executor("sequential", 1)->execute(seq_state, txs, env, fork);
  State gpu_state = pre;
  const BlockResult got = gpu.execute(gpu_state, txs, env, fork);
  expect_same_receipts(expected, got, label);
  expect_same_state(seq_state, gpu_state, label);
  EXPECT_GE(gpu.stats().rounds, 1u) << label;
  if (post) *post = std::move(seq_state);
}

bench::Workload make_workload(bench::WorkloadKind kind, size_t txs, size_t accounts, size_t pools, uint64_t seed) {
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

// ---- the hand-made block ------------------------------------------------------------------

struct HandBlock {
  State pre;
  BlockEnv env;
  std::vector<Transaction> txs;
};

Transaction legacy(const Address& from, uint64_t nonce, std::optional<Address> to, uint64_t gas, Bytes data = {},
                   uint256 value = {}) {
  Transaction tx;
  tx.type = TxType::Legacy;
  tx.chain_id = 1;
  tx.sender = from;
  tx.nonce = nonce;
  tx.gas_price = uint256(10);
  tx.gas_limit = gas;
  tx.to = to;
  tx.value = value;
  tx.data = std::move(data);
  return tx;
}

Bytes word(uint64_t v) {
  Bytes b(32, 0);
  uint256(v).to_be_bytes(b.data());
  return b;
}

HandBlock make_hand_block() {
  HandBlock b;
  const Address coinbase = addr(0xcb, 1);
  b.env.context.coinbase = coinbase;
  b.env.context.number = 10;
  b.env.context.timestamp = 1000;
  b.env.context.gas_limit = 30000000;
  b.env.context.base_fee = uint256(7);
  b.env.blob_base_fee = uint256(1);
  b.env.context.blob_base_fee = uint256(1);
  for (uint8_t i = 0; i < 4; ++i) b.pre.set_balance(addr(0xa0, i), uint256(10) * kEther);

  // K: slot 0 = calldata word, then LOG1(memory[0..32) = 0x1234, topic = caller).
  const Address k = addr(0xc0, 1);
  const Bytecode k_code = push(0) + OP_CALLDATALOAD + push(0) + OP_SSTORE + test::mstore(0, uint256(0x1234)) +
                          OP_CALLER + push(32) + push(0) + OP_LOG1 + OP_STOP;
  b.pre.set_code(k, Bytes(k_code.bytes.begin(), k_code.bytes.end()));
  b.pre.set_storage(k, uint256(0), uint256(99));
  // R: writes a slot, then reverts (the write must not survive).
  const Address r = addr(0xc0, 2);
  const Bytecode r_code = test::sstore(uint256(1), uint256(5)) + test::revert(0, 0);
  b.pre.set_code(r, Bytes(r_code.bytes.begin(), r_code.bytes.end()));
  // The creation's runtime: returns slot 0.
  const Bytecode runtime = test::sload(uint256(0)) + test::ret_top();
  const Bytecode init = test::sstore(uint256(0), uint256(42)) + test::deployer(runtime);
  Address sha256{};
  sha256.bytes[19] = 2;

  const Address a0 = addr(0xa0, 0), a1 = addr(0xa0, 1), a2 = addr(0xa0, 2), a3 = addr(0xa0, 3);
  b.txs.push_back(legacy(a0, 0, a1, 21000, {}, uint256(12345)));  // plain transfer
  b.txs.push_back(legacy(a1, 0, k, 100000, word(7)));             // storage and a log
  b.txs.push_back(legacy(a2, 0, r, 60000));                       // reverts
  b.txs.push_back(legacy(a3, 0, std::nullopt, 200000, Bytes(init.bytes.begin(), init.bytes.end())));  // creation
  b.txs.push_back(legacy(a0, 1, sha256, 50000, word(3)));             // a precompile the device leaves to the host
  b.txs.push_back(legacy(a1, 5, a2, 21000, {}, uint256(1)));          // nonce too high: rejected
  b.txs.push_back(legacy(a0, 2, k, 100000, word(8)));                 // same sender again, and K's slot again
  b.txs.push_back(legacy(a2, 1, coinbase, 21000, {}, uint256(777)));  // pays the coinbase directly
  return b;
}

TEST(GpuExecutor, HandMadeBlockSameAsSequential) {
  WARP_REQUIRE_DEVICE();
  const HandBlock b = make_hand_block();
  const auto gpu = make_executor("gpu", 2);
  expect_gpu_matches_sequential(*gpu, b.pre, b.txs, b.env, Fork::Cancun, "hand-made");
  // The block is built to leave some transactions to the host: the sha256 call at least.
  EXPECT_GE(gpu->stats().host_executions, 1u);
  EXPECT_GE(gpu->stats().executions, b.txs.size());
}

// ---- generated blocks ---------------------------------------------------------------------

struct Case {
  const char* name;
  bench::WorkloadKind kind;
  size_t pools;
  uint64_t seed;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class GpuWorkloads : public ::testing::TestWithParam<Case> {};

TEST_P(GpuWorkloads, SameAsSequential) {
  WARP_REQUIRE_DEVICE();
  const Case& c = GetParam();
  const bench::Workload w = make_workload(c.kind, 600, 200, c.pools, c.seed);
  const auto gpu = make_executor("gpu", 2);
  expect_gpu_matches_sequential(*gpu, w.pre_state, w.txs, w.env, w.fork, c.name);
}

INSTANTIATE_TEST_SUITE_P(Kinds, GpuWorkloads,
                         ::testing::Values(Case{"transfer", bench::WorkloadKind::Transfer, 4, 11},
                                           Case{"erc20", bench::WorkloadKind::Erc20, 4, 12},
                                           Case{"amm_one_pool", bench::WorkloadKind::Amm, 1, 13},
                                           Case{"amm_four_pools", bench::WorkloadKind::Amm, 4, 14},
                                           Case{"mixed", bench::WorkloadKind::Mixed, 4, 15}),
                         [](const ::testing::TestParamInfo<Case>& p) { return std::string(p.param.name); });

// ERC-20 transfers from n distinct senders to recipients drawn from 20n accounts. A transfer
// conflicts with an earlier one of the round only when it reads a token balance that one
// wrote: its recipient was an earlier recipient (about n^2 / 2 / 20n = n/40 pairs) or its
// sender was paid earlier (sum of j / 20n over j < n, about n/40). So about 5% of the block
// runs on the host (gpu-emu: 67 of 1000), well under the n/10 allowed here.
TEST(GpuExecutor, Erc20BlockRunsOnTheDevice) {
  WARP_REQUIRE_DEVICE();
  const size_t n = 1000;
  const bench::Workload w = make_workload(bench::WorkloadKind::Erc20, n, 20 * n, 4, 21);
  const auto gpu = make_executor("gpu", 2);
  expect_gpu_matches_sequential(*gpu, w.pre_state, w.txs, w.env, w.fork, "erc20 one tx per sender");
  const ExecutorStats& st = gpu->stats();
  EXPECT_GE(st.rounds, 1u);
  EXPECT_LE(st.host_executions, n / 10) << "most ERC-20 transfers should commit from the device";
  EXPECT_FALSE(st.host_tail);
  EXPECT_GT(st.seconds_kernel, 0.0);
  EXPECT_GT(st.seconds_copy_in, 0.0);
  EXPECT_GT(st.seconds_copy_out, 0.0);
}

// Consecutive blocks on one executor: the session keeps its buffers, and every block's
// snapshot and batch must replace the previous one's.
TEST(GpuExecutor, ConsecutiveBlocksOnOneExecutor) {
  WARP_REQUIRE_DEVICE();
  const auto gpu = make_executor("gpu", 2);
  const HandBlock hand = make_hand_block();
  State state;
  expect_gpu_matches_sequential(*gpu, hand.pre, hand.txs, hand.env, Fork::Cancun, "block 1 (hand-made)", &state);

  const bench::Workload big = make_workload(bench::WorkloadKind::Mixed, 800, 300, 4, 31);
  expect_gpu_matches_sequential(*gpu, big.pre_state, big.txs, big.env, big.fork, "block 2 (mixed)");
  // A smaller block after a larger one: stale entries of the larger batch or of the previous
  // snapshot would show up here.
  const bench::Workload small = make_workload(bench::WorkloadKind::Erc20, 50, 300, 4, 32);
  expect_gpu_matches_sequential(*gpu, small.pre_state, small.txs, small.env, small.fork, "block 3 (erc20)");
  // Block 1's transactions again on block 1's post-state: the nonces are used up, so the
  // device's sender checks send them to the host, which rejects them as the reference does.
  expect_gpu_matches_sequential(*gpu, state, hand.txs, hand.env, Fork::Cancun, "block 4 (hand-made again)");
}

// A tiny window: many rounds per block, so the snapshot is refreshed from the dirty lists
// (scatter of changed entries, appended code) between rounds rather than copied whole.
TEST(GpuExecutor, SmallWindowManyRounds) {
  WARP_REQUIRE_DEVICE();
  GpuExecutor::Options options;
  options.window = 16;
  options.hot_fraction = 0;  // never give up on the device: every round goes through it
  GpuExecutor gpu("gpu", make_cuda_backend(), 2, options);
  const bench::Workload w = make_workload(bench::WorkloadKind::Mixed, 300, 40, 2, 41);
  expect_gpu_matches_sequential(gpu, w.pre_state, w.txs, w.env, w.fork, "mixed, window 16");
  EXPECT_GE(gpu.stats().rounds, w.txs.size() / 16);

  const HandBlock hand = make_hand_block();
  expect_gpu_matches_sequential(gpu, hand.pre, hand.txs, hand.env, Fork::Cancun, "hand-made, window 16");
}

// ---- the session against the emulated backend ---------------------------------------------

#if defined(WARPEVM_HAVE_CUDA)

void expect_same_key(const DevKey& e, const DevKey& g, const std::string& where) {
  EXPECT_EQ(g.address, e.address) << where;
  EXPECT_EQ(g.kind, e.kind) << where;
  if (e.kind == kDevStorage) {
    EXPECT_EQ(g.slot, e.slot) << where;
  }
}

// Field by field: padding bytes are not part of an outcome.
void expect_same_outcome(const TxOutcome& e, const TxOutcome& g, size_t i) {
  const std::string at = "tx " + std::to_string(i);
  ASSERT_EQ(g.done, e.done) << at;
  ASSERT_EQ(g.reason, e.reason) << at << ": " << to_string(e.reason) << " vs " << to_string(g.reason);
  if (!e.done) return;
  EXPECT_EQ(g.status, e.status) << at;
  EXPECT_EQ(g.gas_used, e.gas_used) << at;
  ASSERT_EQ(g.has_contract, e.has_contract) << at;
  if (e.has_contract) {
    EXPECT_EQ(g.contract_address, e.contract_address) << at;
  }
  ASSERT_EQ(g.read_count, e.read_count) << at;
  for (uint32_t k = 0; k < e.read_count; ++k) {
    expect_same_key(e.reads[k].key, g.reads[k].key, at + " read " + std::to_string(k));
    EXPECT_EQ(g.reads[k].value, e.reads[k].value) << at << " read " << k;
  }
  ASSERT_EQ(g.write_count, e.write_count) << at;
  for (uint32_t k = 0; k < e.write_count; ++k) {
    expect_same_key(e.writes[k].key, g.writes[k].key, at + " write " + std::to_string(k));
    EXPECT_EQ(g.writes[k].delta, e.writes[k].delta) << at << " write " << k;
    EXPECT_EQ(g.writes[k].value, e.writes[k].value) << at << " write " << k;
  }
  ASSERT_EQ(g.log_count, e.log_count) << at;
  ASSERT_EQ(g.code_count, e.code_count) << at;
  ASSERT_EQ(g.bytes_used, e.bytes_used) << at;
  for (uint32_t k = 0; k < e.log_count; ++k) {
    const DevLog& el = e.logs[k];
    const DevLog& gl = g.logs[k];
    EXPECT_EQ(gl.address, el.address) << at << " log " << k;
    ASSERT_EQ(gl.topic_count, el.topic_count) << at << " log " << k;
    for (uint32_t t = 0; t < el.topic_count; ++t) EXPECT_EQ(gl.topics[t], el.topics[t]) << at << " log " << k;
    EXPECT_EQ(gl.data_offset, el.data_offset) << at << " log " << k;
    EXPECT_EQ(gl.data_size, el.data_size) << at << " log " << k;
  }
  for (uint32_t k = 0; k < e.code_count; ++k) {
    EXPECT_EQ(g.codes[k].hash, e.codes[k].hash) << at << " code " << k;
    EXPECT_EQ(g.codes[k].offset, e.codes[k].offset) << at << " code " << k;
    EXPECT_EQ(g.codes[k].size, e.codes[k].size) << at << " code " << k;
  }
  for (uint32_t k = 0; k < e.bytes_used && k < TxOutcome::kBytes; ++k)
    ASSERT_EQ(g.bytes[k], e.bytes[k]) << at << " byte " << k;
}

std::vector<uint32_t> range(uint32_t begin, uint32_t end, uint32_t step = 1) {
  std::vector<uint32_t> out;
  for (uint32_t w = begin; w < end; w += step) out.push_back(w);
  return out;
}

// Runs transactions first + which[k] on the session and on the emulated backend over the same
// FlatState and compares every outcome; entries of the output not in `which` must keep what
// they held. Returns the device's outputs (`size` entries).
std::vector<TxOutcome> expect_session_matches_emu(cuda::ExecuteSession& session, ExecBackend& emu,
                                                  const FlatState& flat, uint64_t first,
                                                  const std::vector<uint32_t>& which, size_t size, Fork fork) {
  constexpr uint32_t kUntouched = 0xdeadbeef;
  std::vector<TxOutcome> dev(size), host(size);
  for (TxOutcome& o : dev) o.done = kUntouched;
  EXPECT_EQ(session.run(first, which, fork, dev.data()), "");
  emu.sync_state(flat);
  emu.run(first, which, fork, host.data());
  std::vector<uint8_t> ran(size, 0);
  for (const uint32_t w : which) {
    ran[w] = 1;
    expect_same_outcome(host[w], dev[w], first + w);
    if (::testing::Test::HasFatalFailure()) return dev;
  }
  for (size_t w = 0; w < size; ++w) {
    if (!ran[w]) {
      EXPECT_EQ(dev[w].done, kUntouched) << "entry " << w << " was not in the run";
    }
  }
  return dev;
}

TEST(ExecuteSession, OutcomesEqualTheEmulatedBackends) {
  WARP_REQUIRE_DEVICE();
  bench::Workload w = make_workload(bench::WorkloadKind::Mixed, 700, 700, 4, 51);
  State state = w.pre_state;
  FlatState flat;
  flat.build(state);
  const PreparedBatch batch = prepare_device_batch(w.txs, w.env, w.fork);

  // 64 resident threads for 700 transactions: every thread loops over about eleven.
  cuda::ExecuteSession session;
  ASSERT_EQ(session.open(64), "");
  ASSERT_EQ(session.sync_state(upload_of(flat)), "");
  ASSERT_EQ(session.load_batch(upload_of(batch)), "");
  flat.clear_dirty();
  const std::unique_ptr<ExecBackend> emu = make_emu_backend();
  emu->load_batch(batch);
  const auto n = static_cast<uint32_t>(w.txs.size());
  const std::vector<TxOutcome> first = expect_session_matches_emu(session, *emu, flat, 0, range(0, n), n, w.fork);
  ASSERT_FALSE(::testing::Test::HasFailure());
  size_t done = 0;
  for (const TxOutcome& o : first) done += o.done;
  EXPECT_GT(done, w.txs.size() / 2) << "most transactions should complete on the device";
  EXPECT_EQ(session.info().resident_threads, 64u);
  EXPECT_EQ(session.info().full_syncs, 1u);

  // Change the snapshot the way commits do: the first sender runs dry (its transaction must
  // now fail the sender check), the token gets other code (appended to the blobs) and a
  // slot of it changes. Only these entries go to the device.
  ASSERT_TRUE(w.erc20_token.has_value());
  const Address& drained = w.txs[0].sender;
  state.set_balance(drained, uint256(0));
  flat.update_account(state, drained);
  const Bytecode other = test::sstore(uint256(3), uint256(4)) + test::mstore(0, uint256(1)) + push(32) + push(0) +
                         OP_LOG0 + test::ret(0, 32);
  state.set_code(*w.erc20_token, Bytes(other.bytes.begin(), other.bytes.end()));
  flat.update_account(state, *w.erc20_token);
  state.set_storage(*w.erc20_token, uint256(3), uint256(9));
  flat.update_slot(state, *w.erc20_token, uint256(3));
  ASSERT_FALSE(flat.needs_rebuild());
  ASSERT_FALSE(flat.dirty().accounts.empty());
  ASSERT_GT(flat.code().size(), flat.dirty().code_from) << "the new code should be appended";

  ASSERT_EQ(session.sync_state(upload_of(flat)), "");
  EXPECT_EQ(session.info().dirty_syncs, 1u);
  flat.clear_dirty();
  const std::vector<TxOutcome> second = expect_session_matches_emu(session, *emu, flat, 0, range(0, n), n, w.fork);
  ASSERT_FALSE(::testing::Test::HasFailure());
  EXPECT_EQ(second[0].done, 0u);
  EXPECT_EQ(second[0].reason, NeedsHostReason::SenderCheck);
  size_t changed = 0;
  for (size_t i = 0; i < second.size(); ++i)
    if (w.txs[i].to == w.erc20_token && second[i].done && first[i].done && second[i].gas_used != first[i].gas_used)
      ++changed;
  EXPECT_GT(changed, 0u) << "calls to the token should run its new code";
  // A window in the middle of the batch, then a round that re-runs only part of it (through
  // the pinned staging), as later rounds do.
  expect_session_matches_emu(session, *emu, flat, 100, range(0, 250), 250, w.fork);
  ASSERT_FALSE(::testing::Test::HasFailure());
  expect_session_matches_emu(session, *emu, flat, 100, range(3, 250, 7), 250, w.fork);
}

TEST(ExecuteSession, RejectsRunsOutsideTheBatch) {
  WARP_REQUIRE_DEVICE();
  cuda::ExecuteSession session;
  ASSERT_EQ(session.open(), "");
  std::vector<TxOutcome> out(16);
  const std::vector<uint32_t> one = {0};
  EXPECT_NE(session.run(0, one, Fork::Cancun, out.data()), "") << "nothing synced or loaded yet";
  FlatState flat;
  State state;
  state.set_balance(addr(0xa0, 0), kEther);
  flat.build(state);
  ASSERT_EQ(session.sync_state(upload_of(flat)), "");
  const HandBlock b = make_hand_block();
  const PreparedBatch batch = prepare_device_batch(b.txs, b.env, Fork::Cancun);
  ASSERT_EQ(session.load_batch(upload_of(batch)), "");
  const auto n = static_cast<uint32_t>(b.txs.size());
  EXPECT_NE(session.run(n, one, Fork::Cancun, out.data()), "") << "past the batch";
  EXPECT_NE(session.run(1, range(0, n), Fork::Cancun, out.data()), "") << "the last one is past the batch";
  EXPECT_EQ(session.run(n, {}, Fork::Cancun, out.data()), "") << "an empty run is fine anywhere";
  EXPECT_EQ(session.run(0, range(0, n), Fork::Cancun, out.data()), "");
}

#endif  // WARPEVM_HAVE_CUDA

}  // namespace
}  // namespace warp
