#include "host/analyze/gas_dependence.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "host/analyze/traced_run.hpp"
#include "host/tx/intrinsic_gas.hpp"
#include "state/bytes.hpp"

namespace warp {

namespace {

constexpr size_t kMaxBoundCandidates = 4;  // storage values tried as one loop's bound

uint64_t block_gas_limit(const AnalysisBlock& block) {
  return block.env.context.gas_limit > 0 ? static_cast<uint64_t>(block.env.context.gas_limit) : 0;
}

// The state as it is, but for one slot: what-if runs of the loop confirmation.
class SlotOverride final : public BaseState {
 public:
  SlotOverride(const State& state, CodeCache& codes, const Address& a, const uint256& key, const uint256& value)
      : base_(state, codes), address_(a), key_(key), value_(value) {}
  // The sender (an account without code) has at least `wei`: enough to buy a whole block of
  // gas, so the longer loop is not cut short by what the sender could afford.
  void fund(const Address& sender, const uint256& wei) {
    sender_ = sender;
    at_least_ = wei;
  }
  bool exists(const Address& a) override { return base_.exists(a); }
  uint64_t nonce(const Address& a) override { return base_.nonce(a); }
  uint256 balance(const Address& a) override {
    const uint256 b = base_.balance(a);
    return a == sender_ && b < at_least_ ? at_least_ : b;
  }
  CodePtr code(const Address& a) override { return base_.code(a); }
  bool has_storage(const Address& a) override { return base_.has_storage(a); }
  uint256 storage(const Address& a, const uint256& key) override {
    return a == address_ && key == key_ ? value_ : base_.storage(a, key);
  }

 private:
  StateBase base_;
  Address address_;
  uint256 key_, value_;
  Address sender_{};
  uint256 at_least_{};
};

// An inner call, the same in every run of one transaction: where it sits in the call tree,
// what code it runs and which function.
using CallKey = std::tuple<std::vector<uint32_t>, Address, uint64_t>;

CallKey key_of(const CallTrace& t, int32_t frame) {
  const TraceFrame& f = t.frames[static_cast<size_t>(frame)];
  return {t.path(frame), f.code_address, f.selector ? uint64_t{*f.selector} : (uint64_t{1} << 32)};
}

// One run's view of an inner call.
struct Seen {
  uint64_t limit = 0;
  EvmStatus status = EvmStatus::Success;
  const CallTrace* trace = nullptr;
  int32_t frame = 0;
};

struct CallOutcomes {
  std::vector<Seen> fails;
  std::vector<Seen> successes;
};

// Records, for a run in which the transaction succeeded, which inner calls succeeded and
// which failed while their caller went on (the shallowest failures only).
void record_run(const CallTrace& t, uint64_t limit, std::map<CallKey, CallOutcomes>& calls) {
  for (size_t g = 1; g < t.frames.size(); ++g) {
    const TraceFrame& f = t.frames[g];
    if (!f.ended || !t.survives(f.parent)) continue;
    CallOutcomes& o = calls[key_of(t, static_cast<int32_t>(g))];
    const Seen seen{limit, f.status, &t, static_cast<int32_t>(g)};
    (f.status == EvmStatus::Success ? o.successes : o.fails).push_back(seen);
  }
}

// The slots the caller wrote after the call returned: itself, or through frames on its storage
// it reached without leaving the contract (a library, a call to itself) that succeeded.
std::set<uint256> caller_writes_after(const Seen& s) {
  const CallTrace& t = *s.trace;
  const TraceFrame& f = t.frames[static_cast<size_t>(s.frame)];
  const TraceFrame& caller = t.frames[static_cast<size_t>(f.parent)];
  SubtreePaths in_context(
      t, f.parent, [&](const TraceFrame& x) { return x.storage_address == caller.storage_address && x.stood(); });
  std::set<uint256> out;
  for (size_t i = f.events_end; i < caller.events_end; ++i)
    if (t.events[i].kind == TraceEvent::Kind::Sstore && in_context(t.events[i].frame)) out.insert(t.events[i].key);
  return out;
}

std::string griefing_text(const GriefingFinding& g) {
  return "inner call to " + to_hex0x(g.callee) + " (depth " + std::to_string(g.depth) + ") fails (" +
         to_string(g.failing_status) + ") with gas limit " + std::to_string(g.failing_gas_limit) +
         " but succeeds with " + std::to_string(g.succeeding_gas_limit) +
         ", while the transaction succeeds with both: the sender's gas decides whether " + to_hex0x(g.caller) +
         "'s call happens (63/64 rule)";
}

void find_griefing(uint32_t index, const Transaction& tx, std::map<CallKey, CallOutcomes>& calls, GasReport& report) {
  const auto by_limit = [](const Seen& a, const Seen& b) { return a.limit < b.limit; };
  for (auto& [key, o] : calls) {
    if (o.fails.empty() || o.successes.empty()) continue;
    std::sort(o.fails.begin(), o.fails.end(), by_limit);
    std::sort(o.successes.begin(), o.successes.end(), by_limit);
    // The lowest success above the lowest failure, and the highest failure below it.
    const auto success = std::upper_bound(o.successes.begin(), o.successes.end(), o.fails.front(), by_limit);
    if (success == o.successes.end()) continue;
    auto fail = std::lower_bound(o.fails.begin(), o.fails.end(), *success, by_limit);
    --fail;
    // A caller that writes other slots after a failed call than after a successful one acts
    // on the result (a fallback credit, a retry queue): the failure is handled, not swallowed.
    if (caller_writes_after(*fail) != caller_writes_after(*success)) {
      ++report.handled_failures;
      continue;
    }
    const CallTrace& t = *success->trace;
    const TraceFrame& callee = t.frames[static_cast<size_t>(success->frame)];
    GriefingFinding g;
    g.tx = index;
    g.caller = t.frames[static_cast<size_t>(callee.parent)].storage_address;
    g.callee = callee.code_address;
    g.selector = callee.selector;
    g.depth = callee.depth;
    g.failing_gas_limit = fail->limit;
    g.failing_status = fail->status;
    g.succeeding_gas_limit = success->limit;
    g.original_gas_limit = tx.gas_limit;
    g.explanation = griefing_text(g);
    report.griefing.push_back(std::move(g));
  }
}

const TraceLoop* loop_at(const CallTrace& t, const std::vector<uint32_t>& path, const Address& code, uint64_t pc) {
  for (const TraceLoop& l : t.loops) {
    const TraceFrame& f = t.frames[static_cast<size_t>(l.frame)];
    if (l.head_pc == pc && f.code_address == code && t.path(l.frame) == path) return &l;
  }
  return nullptr;
}

std::string loop_text(const StorageLoopFinding& f, uint64_t block_limit) {
  return "loop at pc " + std::to_string(f.head_pc) + " of " + to_hex0x(f.code) + " runs once per element of slot " +
         hex_quantity(f.bound_slot) + " (now " +
         (f.bound_value.fits_u64() ? std::to_string(f.bound_value.w[0]) : hex_quantity(f.bound_value)) + ", " +
         std::to_string(f.iterations) + " iterations), about " + std::to_string(f.gas_per_element) +
         " gas each: at about " + std::to_string(f.elements_at_block_limit) +
         " elements the call needs the whole block (" + std::to_string(block_limit) + " gas)";
}

// What a transaction may cost at `gas_limit`, saturated at 2^256-1.
uint256 max_cost(const Transaction& tx, uint64_t gas_limit) {
  const uint256 fee = tx.fee_cap();
  if (!(fee >> 190).is_zero()) return ~uint256();  // gas_limit < 2^64: the product would not fit
  const uint256 gas = uint256(gas_limit) * fee;
  const uint256 total = gas + tx.value;
  return total < gas ? ~uint256() : total;
}

// The transaction again with the bound slot raised by loop_probe_extra, at the block gas limit.
TracedTx raised_bound_run(const Transaction& tx, const TraceEvent& bound, const TraceFrame& frame, const State& state,
                          const AnalysisBlock& block, const GasOptions& options, TransitionScratch& scratch) {
  const uint64_t block_limit = block_gas_limit(block);
  SlotOverride raised(state, scratch.codes, frame.storage_address, bound.key,
                      bound.value + uint256(options.loop_probe_extra));
  Transaction probe = tx;
  probe.gas_limit = std::max(tx.gas_limit, block_limit);
  raised.fund(tx.sender, max_cost(probe, probe.gas_limit));
  return run_traced(raised, probe, block, BlockUsage{}, scratch);
}

// The loop ran exactly loop_probe_extra more times in the what-if run, which used more gas.
bool loop_grew(const TracedTx& what_if, const TracedTx& run, const TraceLoop& loop, const GasOptions& options) {
  if (!what_if.receipt.success() || what_if.receipt.gas_used <= run.receipt.gas_used) return false;
  const CallTrace& t = run.trace;
  const TraceLoop* longer =
      loop_at(what_if.trace, t.path(loop.frame), t.frames[static_cast<size_t>(loop.frame)].code_address, loop.head_pc);
  return longer && longer->count == loop.count + options.loop_probe_extra;
}

// Loops of the transaction's own run whose trip count is a value their frame read from
// storage, confirmed by a run with that value raised.
void find_storage_loops(uint32_t index, const Transaction& tx, const TracedTx& run, const State& state,
                        const AnalysisBlock& block, const GasOptions& options, TransitionScratch& scratch,
                        GasReport& report) {
  const CallTrace& t = run.trace;
  const uint64_t block_limit = block_gas_limit(block);
  // (frame, bound slot) -> the what-if run that confirmed it.
  std::map<std::pair<int32_t, uint256>, TracedTx> confirmed;
  for (const TraceLoop& loop : t.loops) {
    if (loop.count < options.min_loop_iterations) continue;
    const TraceFrame& frame = t.frames[static_cast<size_t>(loop.frame)];
    // A `for (i = 0; i < n; ++i)` jumps back n times, or n - 1 times once rotated. Every
    // distinct slot of the frame holding such a value is a candidate, tried in read order.
    std::vector<const TraceEvent*> candidates;
    for (size_t i = frame.events_begin; i < frame.events_end && candidates.size() < kMaxBoundCandidates; ++i) {
      const TraceEvent& e = t.events[i];
      if (e.frame != loop.frame || e.kind != TraceEvent::Kind::Sload) continue;
      if (e.value != uint256(loop.count) && e.value != uint256(loop.count + 1)) continue;
      if (std::none_of(candidates.begin(), candidates.end(), [&](const TraceEvent* c) { return c->key == e.key; }))
        candidates.push_back(&e);
    }
    const TraceEvent* bound = nullptr;
    bool tried = false, already_reported = false;
    for (const TraceEvent* candidate : candidates) {
      // Solidity's internal calls are jumps too: one source loop can show several backward
      // jumps per iteration. A loop that grew in a bound's confirming run is that loop again.
      const auto done = confirmed.find({loop.frame, candidate->key});
      if (done != confirmed.end()) {
        if (loop_grew(done->second, run, loop, options)) {
          already_reported = true;
          break;
        }
        continue;
      }
      TracedTx what_if = raised_bound_run(tx, *candidate, frame, state, block, options, scratch);
      ++report.reruns;
      tried = true;
      if (loop_grew(what_if, run, loop, options)) {
        bound = candidate;
        confirmed.emplace(std::make_pair(loop.frame, candidate->key), std::move(what_if));
        break;
      }
    }
    if (!bound) {
      if (tried && !already_reported) ++report.loops_unconfirmed;
      continue;
    }
    StorageLoopFinding f;
    f.tx = index;
    f.contract = frame.storage_address;
    f.code = frame.code_address;
    f.head_pc = loop.head_pc;
    f.iterations = loop.count;
    f.bound_slot = bound->key;
    f.bound_value = bound->value;
    f.gas_used = run.receipt.gas_used;
    // Per element as the real elements cost (the frame's gas from the first backward jump to
    // the last); the what-if run's elements are zeros, often cheaper (warm repeated slots).
    f.gas_per_element =
        loop.count > 1 ? static_cast<uint64_t>(loop.gas_at_first - loop.gas_at_last) / (loop.count - 1) : 0;
    const uint64_t room = block_limit > f.gas_used ? block_limit - f.gas_used : 0;
    const uint64_t now = bound->value.fits_u64() ? bound->value.w[0] : ~uint64_t{0};
    f.elements_at_block_limit = now + (f.gas_per_element > 0 ? room / f.gas_per_element : 0);
    f.explanation = loop_text(f, block_limit);
    report.loops.push_back(std::move(f));
  }
}

}  // namespace

std::vector<uint64_t> gas_points(uint64_t intrinsic, uint64_t used, uint64_t limit, uint64_t block_limit,
                                 size_t ladder) {
  const uint64_t low = intrinsic + 1;
  const uint64_t high = std::max(low, std::min(block_limit, limit > block_limit / 2 ? block_limit : 2 * limit));
  std::vector<uint64_t> out{low, used, limit, high};
  if (ladder >= 2) {
    const double ratio = std::pow(static_cast<double>(high) / static_cast<double>(low), 1.0 / double(ladder - 1));
    double g = static_cast<double>(low);
    for (size_t k = 0; k < ladder; ++k, g *= ratio) out.push_back(static_cast<uint64_t>(g));
  }
  std::erase_if(out, [&](uint64_t g) { return g < low || g > std::max(high, limit); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

GasReport analyze_gas_dependence(const AnalysisBlock& block, const GasOptions& options) {
  GasReport report;
  State state = block.pre;
  TransitionScratch scratch;
  BlockUsage usage;
  const uint64_t block_limit = block_gas_limit(block);
  for (size_t i = 0; i < block.txs.size(); ++i) {
    const Transaction& tx = block.txs[i];
    const auto index = static_cast<uint32_t>(i);
    StateBase base(state, scratch.codes);
    const TracedTx own = run_traced(base, tx, block, usage, scratch);
    if (own.receipt.included()) {
      ++report.transactions_checked;
      if (own.trace.frames.size() > 1) {
        std::map<CallKey, CallOutcomes> calls;
        std::vector<TracedTx> runs;  // kept: CallOutcomes point into their frames
        const std::vector<uint64_t> points = gas_points(intrinsic_gas(tx, block.fork).gas, own.receipt.gas_used,
                                                        tx.gas_limit, block_limit, options.ladder_points);
        for (uint64_t limit : points) {
          Transaction variant = tx;
          variant.gas_limit = limit;
          runs.push_back(run_traced(base, variant, block, BlockUsage{}, scratch));
          ++report.reruns;
        }
        for (size_t k = 0; k < runs.size(); ++k)
          if (runs[k].receipt.success()) record_run(runs[k].trace, points[k], calls);
        find_griefing(index, tx, calls, report);
      }
      find_storage_loops(index, tx, own, state, block, options, scratch, report);
    }
    // The block goes on as the sequential executor runs it.
    count_usage(usage, apply_transaction(state, tx, block.env, block.fork, usage, scratch));
  }
  return report;
}

}  // namespace warp
