// Call traces (host/trace) and the analyses that read them (host/analyze/reentrancy,
// gas_dependence) on hand-built bytecode, where every frame, slot and loop is known: the
// trace must record exactly the calls, storage accesses and backward jumps the code makes,
// tracing must not change any outcome, and each analysis must find its pattern and stay
// silent on the safe variant. The Solidity versions are in analyze_safety_test.cpp.
#include <gtest/gtest.h>

#include <algorithm>

#include "bench/workloads/block_env.hpp"
#include "bench/workloads/keys.hpp"
#include "bench/workloads/pre_state.hpp"
#include "bench/workloads/signing.hpp"
#include "bench/workloads/tx_makers.hpp"
#include "bench/workloads/workload.hpp"
#include "host/analyze/gas_dependence.hpp"
#include "host/analyze/reentrancy.hpp"
#include "host/analyze/traced_run.hpp"
#include "tests/evm/bytecode_builder.hpp"

namespace warp {
namespace {

using namespace warp::test;

const uint256 kEther = uint256(1'000'000'000'000'000'000ull);

const bench::Keyring& keys() {
  static const bench::Keyring ring = bench::derive_keyring(0x7ace, 2);
  return ring;
}

Address contract(uint8_t last) {
  Address a{};
  a.bytes[0] = 0xc0;
  a.bytes[19] = last;
  return a;
}
const Address kA = contract(0xa), kB = contract(0xb);

AnalysisBlock empty_block() {
  AnalysisBlock b;
  b.env = bench::make_block_env(30'000'000);
  bench::fund_accounts(b.pre, keys().addresses, kEther * uint256(100));
  b.pre.set_balance(b.env.context.coinbase, kEther);
  return b;
}

Transaction call_tx(uint64_t nonce, const Address& to, Bytes data = {}, uint64_t gas = 1'000'000) {
  Transaction tx = bench::make_transfer({1, nonce, uint256(bench::kGwei)}, to, uint256());
  tx.gas_limit = gas;
  tx.data = std::move(data);
  bench::sign_transaction(tx, keys().secret_keys[0]);
  tx.sender = keys().addresses[0];
  return tx;
}

Bytes bytes_of(const Bytecode& code) { return Bytes(code.bytes.begin(), code.bytes.end()); }

// `head` then `tail` at a JUMPDEST that `head` can jump to with push_n(2, offset).
Bytecode jumpdest() { return Bytecode(OP_JUMPDEST); }

// Contract A: called without calldata it writes slot 0, calls B, then runs `after_call`; called
// with calldata (by B, re-entering) it runs `reentered`. B calls A back with selector
// 0xdeadbeef through `kind` (CALL or STATICCALL).
struct Reentry {
  Bytecode after_call;
  Bytecode reentered;
  Opcode kind = OP_CALL;
  Bytecode before_call = {};
  bool b_reverts = false;    // B reverts after A returned to it (A ignores B's failure)
  bool via_library = false;  // A makes the call to B from library code it DELEGATECALLs
};
const Address kLibrary = contract(0x11);

AnalysisBlock reentry_block(const Reentry& r) {
  AnalysisBlock b = empty_block();
  const Bytecode to_b =
      r.via_library ? call(300'000, kLibrary, 0, 0, 0, 0, 0, OP_DELEGATECALL) : call(200'000, kB, 0, 0, 0, 0, 0);
  const Bytecode outer = r.before_call + sstore(0, 1) + to_b + OP_POP + r.after_call + OP_STOP;
  b.pre.set_code(kLibrary, bytes_of(call(200'000, kB, 0, 0, 0, 0, 0) + OP_POP + OP_STOP));
  // CALLDATASIZE, PUSH2 dest, JUMPI: 5 bytes before `outer`.
  const uint64_t dest = 5 + outer.size();
  const Bytecode a =
      Bytecode(OP_CALLDATASIZE) + push_n(2, dest) + OP_JUMPI + outer + jumpdest() + r.reentered + OP_STOP;
  b.pre.set_code(kA, bytes_of(a));
  const Bytecode b_code = mstore(0, uint256(0xdeadbeefull) << 224) + call(100'000, kA, 0, 0, 4, 0, 0, r.kind) + OP_POP +
                          (r.b_reverts ? revert(0, 0) : Bytecode());
  b.pre.set_code(kB, bytes_of(b_code));
  b.txs.push_back(call_tx(0, kA));
  return b;
}

TEST(AnalyzeTrace, RecordsTheCallTreeStorageAccessesInOrder) {
  const AnalysisBlock b = reentry_block({sstore(1, 2), sload(1) + OP_POP + sstore(2, 3)});
  const std::vector<TracedTx> traces = trace_block(b);
  ASSERT_EQ(traces.size(), 1u);
  ASSERT_TRUE(traces[0].receipt.success());
  const CallTrace& t = traces[0].trace;
  ASSERT_EQ(t.frames.size(), 3u);
  EXPECT_EQ(t.frames[0].storage_address, kA);
  EXPECT_EQ(t.frames[0].parent, -1);
  EXPECT_FALSE(t.frames[0].selector.has_value());
  EXPECT_EQ(t.frames[1].storage_address, kB);
  EXPECT_EQ(t.frames[1].parent, 0);
  EXPECT_EQ(t.frames[1].caller, kA);
  EXPECT_EQ(t.frames[1].gas_given, 200'000);
  EXPECT_EQ(t.frames[2].storage_address, kA);
  EXPECT_EQ(t.frames[2].parent, 1);
  EXPECT_EQ(t.frames[2].depth, 2);
  ASSERT_TRUE(t.frames[2].selector.has_value());
  EXPECT_EQ(*t.frames[2].selector, 0xdeadbeefu);
  for (const TraceFrame& f : t.frames) {
    EXPECT_TRUE(f.ended);
    EXPECT_EQ(f.status, EvmStatus::Success);
  }
  EXPECT_EQ(t.path(2), (std::vector<uint32_t>{0, 0}));
  EXPECT_EQ(t.child_towards(0, 2), 1);
  EXPECT_TRUE(t.survives(2));

  // frame 0 writes slot 0, calls B; B calls A; A reads slot 1, writes slot 2; A writes slot 1.
  using K = TraceEvent::Kind;
  struct Want {
    K kind;
    int32_t frame;
    uint64_t key_or_child;
  };
  const Want want[] = {{K::Sstore, 0, 0}, {K::Call, 0, 1},   {K::Call, 1, 2},
                       {K::Sload, 2, 1},  {K::Sstore, 2, 2}, {K::Sstore, 0, 1}};
  ASSERT_EQ(t.events.size(), std::size(want));
  for (size_t i = 0; i < std::size(want); ++i) {
    EXPECT_EQ(t.events[i].kind, want[i].kind) << i;
    EXPECT_EQ(t.events[i].frame, want[i].frame) << i;
    if (want[i].kind == K::Call)
      EXPECT_EQ(t.events[i].child, static_cast<int32_t>(want[i].key_or_child)) << i;
    else
      EXPECT_EQ(t.events[i].key, uint256(want[i].key_or_child)) << i;
  }
}

// The traced run is the same transition: same receipt, same post-state.
TEST(AnalyzeTrace, TracingDoesNotChangeTheOutcome) {
  const AnalysisBlock b = reentry_block({sstore(1, 2), sload(1) + OP_POP + sstore(2, 3)});
  State plain = b.pre, traced = b.pre;
  TransitionScratch scratch;
  const Receipt r1 = apply_transaction(plain, b.txs[0], b.env, b.fork, BlockUsage{}, scratch);
  const TracedTx r2 = apply_traced(traced, b.txs[0], b, BlockUsage{}, scratch);
  EXPECT_EQ(r1.status, r2.receipt.status);
  EXPECT_EQ(r1.gas_used, r2.receipt.gas_used);
  EXPECT_EQ(plain.state_root(), traced.state_root());
  EXPECT_EQ(traced.storage(kA, uint256(2)), uint256(3));
}

// The generated workloads (transfers, ERC-20, swaps through one pool, the mix): the traced
// transition gives every receipt and the post-state root the plain one gives, each trace's
// top frame ends as its receipt says, and no analysis finds anything in contracts without
// callbacks, inner calls whose failure is swallowed, or loops.
TEST(AnalyzeTrace, TracedWorkloadsMatchThePlainTransitionAndFindNothing) {
  for (const bench::WorkloadKind kind : {bench::WorkloadKind::Transfer, bench::WorkloadKind::Erc20,
                                         bench::WorkloadKind::Amm, bench::WorkloadKind::Mixed}) {
    bench::WorkloadOptions o;
    o.kind = kind;
    o.txs = 200;
    o.accounts = 60;
    o.pools = 1;
    o.seed = 11;
    bench::Workload w = bench::generate_workload(o);
    ASSERT_EQ(bench::recover_senders(w.txs, 2), 0u);
    const AnalysisBlock b{std::move(w.pre_state), std::move(w.txs), std::move(w.env), w.fork};
    const std::string name(bench::to_string(kind));

    State plain = b.pre, traced = b.pre;
    TransitionScratch scratch;
    BlockUsage usage;
    for (size_t i = 0; i < b.txs.size(); ++i) {
      const Receipt r1 = apply_transaction(plain, b.txs[i], b.env, b.fork, usage, scratch);
      const TracedTx r2 = apply_traced(traced, b.txs[i], b, usage, scratch);
      ASSERT_EQ(r1.included(), r2.receipt.included()) << name << " tx " << i;
      EXPECT_EQ(r1.status, r2.receipt.status) << name << " tx " << i;
      EXPECT_EQ(r1.gas_used, r2.receipt.gas_used) << name << " tx " << i;
      EXPECT_EQ(r1.logs.size(), r2.receipt.logs.size()) << name << " tx " << i;
      if (r1.included()) {
        usage.gas_used += r1.gas_used;
        ASSERT_FALSE(r2.trace.frames.empty());
        EXPECT_TRUE(r2.trace.frames[0].ended);
        EXPECT_EQ(r2.trace.frames[0].status, r1.status) << name << " tx " << i;
      }
    }
    EXPECT_EQ(plain.state_root(), traced.state_root()) << name;

    const ReentrancyReport re = analyze_reentrancy(trace_block(b));
    EXPECT_EQ(re.transactions_traced, b.txs.size()) << name;
    EXPECT_TRUE(re.findings.empty()) << name;
    const GasReport gas = analyze_gas_dependence(b);
    EXPECT_EQ(gas.transactions_checked, b.txs.size()) << name;
    EXPECT_TRUE(gas.griefing.empty()) << name;
    EXPECT_TRUE(gas.loops.empty()) << name;
  }
}

TEST(AnalyzeTrace, ReentryWithWritesAfterTheCallIsFound) {
  const AnalysisBlock b = reentry_block({sstore(1, 2), sload(1) + OP_POP + sstore(2, 3)});
  const ReentrancyReport r = analyze_reentrancy(trace_block(b));
  EXPECT_EQ(r.reentries, 1u);
  ASSERT_EQ(r.findings.size(), 1u);
  const ReentrancyFinding& f = r.findings[0];
  EXPECT_EQ(f.tx, 0u);
  EXPECT_EQ(f.kind, ReentrancyKind::CrossFunction) << "the inner call runs another function and writes";
  EXPECT_EQ(f.contract, kA);
  EXPECT_EQ(f.called, kB);
  EXPECT_EQ(f.outer_depth, 0);
  EXPECT_EQ(f.inner_depth, 2);
  EXPECT_EQ(f.written_after, std::vector<uint256>{uint256(1)});
  EXPECT_EQ(f.stale, std::vector<uint256>{uint256(1)}) << "the inner call read slot 1 before the outer wrote it";
  EXPECT_FALSE(f.explanation.empty());
}

TEST(AnalyzeTrace, ViewReadingASlotWrittenAfterTheCallIsReadOnlyReentry) {
  Reentry r{sstore(1, 2), sload(1) + OP_POP, OP_STATICCALL};
  const ReentrancyReport report = analyze_reentrancy(trace_block(reentry_block(r)));
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].kind, ReentrancyKind::ReadOnly);
  EXPECT_EQ(report.findings[0].stale, std::vector<uint256>{uint256(1)});

  // The view reads a slot the outer frame never writes again: it saw consistent state.
  r.reentered = sload(5) + OP_POP;
  const ReentrancyReport consistent = analyze_reentrancy(trace_block(reentry_block(r)));
  EXPECT_EQ(consistent.reentries, 1u);
  EXPECT_EQ(consistent.safe_reentries, 1u);
  EXPECT_TRUE(consistent.findings.empty());
}

TEST(AnalyzeTrace, ChecksEffectsInteractionsIsNotAFinding) {
  // Nothing written after the call: the re-entry is counted, not reported.
  const ReentrancyReport r = analyze_reentrancy(trace_block(reentry_block({Bytecode(), sload(1) + sstore(2, 3)})));
  EXPECT_EQ(r.reentries, 1u);
  EXPECT_EQ(r.safe_reentries, 1u);
  EXPECT_TRUE(r.findings.empty());
}

TEST(AnalyzeTrace, RevertedOuterFrameIsNotAFinding) {
  // The outer frame writes after the call and then reverts: nothing it did stands.
  const ReentrancyReport r =
      analyze_reentrancy(trace_block(reentry_block({sstore(1, 2) + revert(0, 0), sload(1) + sstore(2, 3)})));
  EXPECT_EQ(r.reentries, 1u);
  EXPECT_TRUE(r.findings.empty());
}

TEST(AnalyzeTrace, RevertedCallBetweenTheFramesIsNotAFinding) {
  // B reverts after A re-entered through it: the inner frame's effects are undone.
  Reentry r{sstore(1, 2), sload(1) + OP_POP + sstore(2, 3)};
  r.b_reverts = true;
  const ReentrancyReport report = analyze_reentrancy(trace_block(reentry_block(r)));
  EXPECT_EQ(report.reentries, 1u);
  EXPECT_TRUE(report.findings.empty());
}

TEST(AnalyzeTrace, ResettingASlotTheInnerFrameNeverUsedIsNotAFinding) {
  // The outer frame only resets slot 1 after the call (a lock, a cache); the re-entered
  // function writes slot 2 and never reads slot 1.
  const ReentrancyReport r = analyze_reentrancy(trace_block(reentry_block({sstore(1, 2), sstore(2, 3)})));
  EXPECT_EQ(r.reentries, 1u);
  EXPECT_EQ(r.safe_reentries, 1u);
  EXPECT_TRUE(r.findings.empty());
}

TEST(AnalyzeTrace, LostUpdateIsAFinding) {
  // The outer frame reads slot 3, calls out, then writes slot 3 from what it read: the
  // re-entered function's write to slot 3 is lost.
  Reentry r{sstore(3, 1), sstore(3, 9)};
  r.before_call = sload(3) + OP_POP;
  const ReentrancyReport report = analyze_reentrancy(trace_block(reentry_block(r)));
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].kind, ReentrancyKind::CrossFunction);
  EXPECT_EQ(report.findings[0].stale, std::vector<uint256>{uint256(3)});
}

TEST(AnalyzeTrace, WritesAfterALibraryMadeTheCallAreTheOuterFunctions) {
  // A delegates to a library, whose code calls B, which re-enters A; A writes slot 1 after
  // the library returns. The outer frame is A's, the external call the library's call to B.
  Reentry r{sstore(1, 2), sload(1) + OP_POP + sstore(2, 3)};
  r.via_library = true;
  const std::vector<TracedTx> traces = trace_block(reentry_block(r));
  ASSERT_TRUE(traces[0].receipt.success());
  ASSERT_EQ(traces[0].trace.frames.size(), 4u) << "A, the library (on A's storage), B, A again";
  const ReentrancyReport report = analyze_reentrancy(traces);
  EXPECT_EQ(report.reentries, 1u) << "the library frame enters no contract";
  ASSERT_EQ(report.findings.size(), 1u);
  const ReentrancyFinding& f = report.findings[0];
  EXPECT_EQ(f.contract, kA);
  EXPECT_EQ(f.called, kB);
  EXPECT_EQ(f.outer_depth, 0);
  EXPECT_EQ(f.inner_depth, 3);
  EXPECT_EQ(f.written_after, std::vector<uint256>{uint256(1)});
  EXPECT_EQ(f.stale, std::vector<uint256>{uint256(1)});
}

TEST(AnalyzeTrace, ReentryThroughALibraryOfTheInnerFrameIsOneReentry) {
  // The re-entered A delegates to a library that reads slot 1, which the outer A writes after
  // the call: the library's read is the inner frame's.
  const Address lib = contract(0x12);
  AnalysisBlock b = reentry_block({sstore(1, 2), call(50'000, lib, 0, 0, 0, 0, 0, OP_DELEGATECALL) + OP_POP});
  b.pre.set_code(lib, bytes_of(sload(1) + OP_POP + OP_STOP));
  const ReentrancyReport r = analyze_reentrancy(trace_block(b));
  EXPECT_EQ(r.reentries, 1u);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].stale, std::vector<uint256>{uint256(1)});
}

TEST(AnalyzeTrace, RevertedWriteAfterTheCallDoesNotCount) {
  // After the call, the outer A's library writes slot 1 and reverts: nothing was written.
  const Address lib = contract(0x12);
  AnalysisBlock b = reentry_block({call(50'000, lib, 0, 0, 0, 0, 0, OP_DELEGATECALL) + OP_POP, sload(1) + OP_POP});
  b.pre.set_code(lib, bytes_of(sstore(1, 7) + revert(0, 0)));
  const ReentrancyReport r = analyze_reentrancy(trace_block(b));
  EXPECT_EQ(r.reentries, 1u);
  EXPECT_TRUE(r.findings.empty());
}

TEST(AnalyzeTrace, ReadOfTheInnerFramesOwnWriteIsNotStale) {
  // The inner frame writes slot 1 and reads it back; the outer only resets slot 1 after.
  const ReentrancyReport r =
      analyze_reentrancy(trace_block(reentry_block({sstore(1, 2), sstore(1, 5) + sload(1) + OP_POP})));
  EXPECT_EQ(r.reentries, 1u);
  EXPECT_TRUE(r.findings.empty());
}

TEST(AnalyzeTrace, ACallToItselfIsNotReentry) {
  AnalysisBlock b = empty_block();
  // Without calldata: call itself with 4 bytes, then write; with calldata: write slot 2.
  const Bytecode outer = mstore(0, uint256(1)) + call(100'000, kA, 0, 0, 4, 0, 0) + OP_POP + sstore(1, 1) + OP_STOP;
  const uint64_t dest = 5 + outer.size();
  b.pre.set_code(kA, bytes_of(Bytecode(OP_CALLDATASIZE) + push_n(2, dest) + OP_JUMPI + outer + jumpdest() +
                              sstore(2, 2) + OP_STOP));
  b.txs.push_back(call_tx(0, kA));
  const std::vector<TracedTx> traces = trace_block(b);
  ASSERT_EQ(traces[0].trace.frames.size(), 2u);
  const ReentrancyReport r = analyze_reentrancy(traces);
  EXPECT_EQ(r.reentries, 0u);
  EXPECT_TRUE(r.findings.empty());
}

// `before`, then for (i = 0; i < bound; ++i) {} with `bound` pushed by `bound_code`: one
// backward jump per iteration.
Bytecode counting_loop(const Bytecode& bound_code, const Bytecode& before = {}) {
  const Bytecode pre = before + push(0);  // i
  const uint64_t head = pre.size();
  // head: JUMPDEST DUP1 <bound> GT ISZERO PUSH2 exit JUMPI PUSH1 1 ADD PUSH2 head JUMP exit: JUMPDEST STOP
  const Bytecode test = jumpdest() + OP_DUP1 + bound_code + OP_GT + OP_ISZERO;
  const Bytecode step = push(1) + OP_ADD + push_n(2, head) + OP_JUMP;
  const uint64_t exit = head + test.size() + 3 + 1 + step.size();  // past PUSH2 exit, JUMPI, step
  return pre + test + push_n(2, exit) + OP_JUMPI + step + jumpdest() + OP_STOP;
}

TEST(AnalyzeTrace, LoopsCountBackwardJumps) {
  AnalysisBlock b = empty_block();
  b.pre.set_code(kA, bytes_of(counting_loop(push(7))));
  b.txs.push_back(call_tx(0, kA));
  const std::vector<TracedTx> traces = trace_block(b);
  ASSERT_TRUE(traces[0].receipt.success());
  ASSERT_EQ(traces[0].trace.loops.size(), 1u);
  const TraceLoop& l = traces[0].trace.loops[0];
  EXPECT_EQ(l.count, 7u);
  EXPECT_EQ(l.head_pc, 2u);  // after PUSH1 0
  EXPECT_GT(l.gas_at_first, l.gas_at_last);
}

TEST(AnalyzeGas, LoopBoundedByAStorageValueIsFoundAndConfirmed) {
  AnalysisBlock b = empty_block();
  b.pre.set_code(kA, bytes_of(counting_loop(sload(0))));
  b.pre.set_storage(kA, uint256(0), uint256(5));
  b.txs.push_back(call_tx(0, kA));
  const GasReport r = analyze_gas_dependence(b);
  ASSERT_EQ(r.loops.size(), 1u);
  const StorageLoopFinding& f = r.loops[0];
  EXPECT_EQ(f.contract, kA);
  EXPECT_EQ(f.iterations, 5u);
  EXPECT_EQ(f.bound_slot, uint256(0));
  EXPECT_EQ(f.bound_value, uint256(5));
  // Per element: the warm SLOAD (100) and the loop's other instructions, a few dozen gas.
  EXPECT_GT(f.gas_per_element, 100u);
  EXPECT_LT(f.gas_per_element, 300u);
  EXPECT_EQ(f.elements_at_block_limit, 5 + (30'000'000 - f.gas_used) / f.gas_per_element);
  EXPECT_TRUE(r.griefing.empty());
}

TEST(AnalyzeGas, TwoLoopsOverEqualLengthsAreTwoFindings) {
  // Loops over slot 0 and slot 1, both 5: slot 0 is the first candidate of both, and confirms
  // only the first loop; the second must go on to slot 1.
  AnalysisBlock b = empty_block();
  const Bytecode first = counting_loop(sload(0));
  const Bytecode first_open(std::vector<uint8_t>(first.bytes.begin(), first.bytes.end() - 1));  // no STOP
  b.pre.set_code(kA, bytes_of(counting_loop(sload(1), first_open + OP_POP)));
  b.pre.set_storage(kA, uint256(0), uint256(5));
  b.pre.set_storage(kA, uint256(1), uint256(5));
  b.txs.push_back(call_tx(0, kA));
  const GasReport r = analyze_gas_dependence(b);
  ASSERT_EQ(r.loops.size(), 2u);
  EXPECT_EQ(r.loops[0].bound_slot, uint256(0));
  EXPECT_EQ(r.loops[1].bound_slot, uint256(1));
  EXPECT_EQ(r.loops_unconfirmed, 0u);
}

TEST(AnalyzeGas, RichestSenderStillConfirmsTheLoop) {
  // The what-if run funds the sender for a whole block without wrapping its balance.
  AnalysisBlock b = empty_block();
  b.pre.set_code(kA, bytes_of(counting_loop(sload(0))));
  b.pre.set_storage(kA, uint256(0), uint256(5));
  b.pre.set_balance(keys().addresses[0], ~uint256());
  b.txs.push_back(call_tx(0, kA));
  const GasReport r = analyze_gas_dependence(b);
  EXPECT_EQ(r.loops.size(), 1u);
  EXPECT_EQ(r.loops_unconfirmed, 0u);
}

TEST(AnalyzeGas, LoopBoundedByCalldataIsNotAFindingEvenWhenAStorageValueMatches) {
  AnalysisBlock b = empty_block();
  // The bound comes from calldata (5); slot 1 also holds 5 and is read before the loop. Raising
  // slot 1 does not lengthen the loop: the coincidence is rejected by the confirmation run.
  const Bytecode code = counting_loop(push(0) + OP_CALLDATALOAD, sload(1) + OP_POP);
  b.pre.set_code(kA, bytes_of(code));
  b.pre.set_storage(kA, uint256(1), uint256(5));
  Bytes data(32, 0);
  data[31] = 5;
  b.txs.push_back(call_tx(0, kA, data));
  const std::vector<TracedTx> traces = trace_block(b);
  ASSERT_TRUE(traces[0].receipt.success());
  ASSERT_EQ(traces[0].trace.loops.size(), 1u);
  EXPECT_EQ(traces[0].trace.loops[0].count, 5u);
  const GasReport r = analyze_gas_dependence(b);
  EXPECT_TRUE(r.loops.empty());
  EXPECT_EQ(r.loops_unconfirmed, 1u);
}

// A relayer: marks the request done (slot 0), calls the worker with 200,000 gas and ignores
// the result. The worker writes five fresh slots (~110,000 gas). With the fix, after the
// call the relayer fails when it has less than 1/63 of what it asked for left.
// With `handles_failure`, a failed call makes the relayer record it (slot 9, kept warm and
// nonzero so that the record costs ~3k after a starved call); the worker then needs ~330k of the
// 400k it is given: the failure is acted on, not swallowed.
AnalysisBlock relay_block(bool fixed, uint64_t tx_gas, bool handles_failure = false) {
  AnalysisBlock b = empty_block();
  const uint64_t asked = handles_failure ? 400'000 : 200'000;
  const uint64_t worker_slots = handles_failure ? 15 : 5;
  Bytecode relay = sstore(0, 1) + (handles_failure ? sload(9) + OP_POP : Bytecode()) + call(asked, kB, 0, 0, 0, 0, 0);
  if (handles_failure) {
    const uint64_t done = relay.size() + 3 + 1 + sstore(9, 1).size();
    relay += push_n(2, done) + OP_JUMPI + sstore(9, 1) + jumpdest();
    b.pre.set_storage(kA, uint256(9), uint256(5));
  } else {
    relay += OP_POP;
  }
  if (fixed) {
    // GAS PUSH (asked/63) LT ISZERO PUSH2 ok JUMPI INVALID ok: JUMPDEST
    const Bytecode check = Bytecode(OP_GAS) + push(uint256(asked / 63)) + OP_LT + OP_ISZERO;
    const uint64_t ok = relay.size() + check.size() + 3 + 1 + 1;
    relay += check + push_n(2, ok) + OP_JUMPI + OP_INVALID + jumpdest();
  }
  b.pre.set_code(kA, bytes_of(relay + OP_STOP));
  Bytecode worker;
  for (uint64_t k = 1; k <= worker_slots; ++k) worker += sstore(k, 1);
  b.pre.set_code(kB, bytes_of(worker + OP_STOP));
  b.txs.push_back(call_tx(0, kA, {}, tx_gas));
  return b;
}

TEST(AnalyzeGas, InnerCallThatFailsAtALowerGasLimitIsGriefing) {
  const GasReport r = analyze_gas_dependence(relay_block(false, 400'000));
  ASSERT_EQ(r.griefing.size(), 1u);
  const GriefingFinding& g = r.griefing[0];
  EXPECT_EQ(g.tx, 0u);
  EXPECT_EQ(g.caller, kA);
  EXPECT_EQ(g.callee, kB);
  EXPECT_EQ(g.depth, 1);
  EXPECT_EQ(g.failing_status, EvmStatus::OutOfGas);
  EXPECT_LT(g.failing_gas_limit, g.succeeding_gas_limit);
  EXPECT_EQ(g.original_gas_limit, 400'000u);
  // The worker needs ~110k of the 63/64 it gets: it fails below ~160k of transaction gas.
  EXPECT_LT(g.failing_gas_limit, 170'000u);
  EXPECT_GT(g.succeeding_gas_limit, 150'000u);
  EXPECT_TRUE(r.loops.empty());

  // The same block sent with a gas limit inside the window: the finding is the same kind,
  // now from raising the limit.
  const GasReport low = analyze_gas_dependence(relay_block(false, 140'000));
  ASSERT_EQ(low.griefing.size(), 1u);
  EXPECT_EQ(low.griefing[0].original_gas_limit, 140'000u);
}

TEST(AnalyzeGas, RelayerThatChecksTheGasItForwardedIsNotGriefable) {
  const GasReport r = analyze_gas_dependence(relay_block(true, 400'000));
  EXPECT_TRUE(r.griefing.empty());
  EXPECT_GT(r.reruns, 10u);
}

TEST(AnalyzeGas, FailureTheCallerActsOnIsNotGriefing) {
  const GasReport r = analyze_gas_dependence(relay_block(false, 1'000'000, true));
  EXPECT_TRUE(r.griefing.empty());
  EXPECT_EQ(r.handled_failures, 1u) << "the starved call is seen, and the record after it";
}

TEST(AnalyzeGas, PointsSpanIntrinsicToTwiceTheLimit) {
  const std::vector<uint64_t> p = gas_points(21'000, 50'000, 100'000, 30'000'000, 24);
  ASSERT_FALSE(p.empty());
  EXPECT_EQ(p.front(), 21'001u);
  EXPECT_EQ(p.back(), 200'000u);
  EXPECT_TRUE(std::is_sorted(p.begin(), p.end()));
  EXPECT_NE(std::find(p.begin(), p.end(), 50'000u), p.end());
  EXPECT_NE(std::find(p.begin(), p.end(), 100'000u), p.end());
  EXPECT_GE(p.size(), 20u);
  // Never above the block's gas limit.
  const std::vector<uint64_t> capped = gas_points(21'000, 25'000, 29'000'000, 30'000'000, 8);
  EXPECT_EQ(capped.back(), 30'000'000u);
}

}  // namespace
}  // namespace warp
