#include "host/analyze/reentrancy.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "state/bytes.hpp"

namespace warp {

namespace {

using Slots = std::vector<uint256>;

std::string selector_text(const std::optional<uint32_t>& s) {
  if (!s) return "(no selector)";
  static const char* digits = "0123456789abcdef";
  std::string out = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) out += digits[(*s >> shift) & 0xf];
  return out;
}

// The innermost frame above `inner` on the same storage, with a frame on other storage in
// between; -1 when there is none.
int32_t outer_frame_of(const CallTrace& t, int32_t inner) {
  const Address& self = t.frames[static_cast<size_t>(inner)].storage_address;
  bool left_contract = false;
  for (int32_t f = t.frames[static_cast<size_t>(inner)].parent; f >= 0; f = t.frames[static_cast<size_t>(f)].parent) {
    const TraceFrame& tf = t.frames[static_cast<size_t>(f)];
    if (tf.storage_address != self)
      left_contract = true;
    else if (left_contract)
      return f;
  }
  return -1;
}

// Slots the frame wrote after its call event for `child` (its own SSTOREs only).
Slots written_after_call(const CallTrace& t, int32_t frame, int32_t child) {
  std::set<uint256> out;
  bool after = false;
  for (const TraceEvent& e : t.events) {
    if (e.frame != frame) continue;
    if (e.kind == TraceEvent::Kind::Call && e.child == child) after = true;
    if (after && e.kind == TraceEvent::Kind::Sstore) out.insert(e.key);
  }
  return {out.begin(), out.end()};
}

// Storage reads and writes of `frame` and the frames below it on the same storage.
void accesses_below(const CallTrace& t, int32_t frame, std::set<uint256>& reads, std::set<uint256>& writes) {
  const Address& self = t.frames[static_cast<size_t>(frame)].storage_address;
  for (const TraceEvent& e : t.events) {
    if (e.kind == TraceEvent::Kind::Call) continue;
    if (t.frames[static_cast<size_t>(e.frame)].storage_address != self || !t.is_ancestor(frame, e.frame)) continue;
    (e.kind == TraceEvent::Kind::Sload ? reads : writes).insert(e.key);
  }
}

std::string explain(const ReentrancyFinding& f) {
  std::string s;
  switch (f.kind) {
    case ReentrancyKind::SameFunction:
      s = "re-entered " + selector_text(f.inner_selector) + " while its outer call of the same function";
      break;
    case ReentrancyKind::CrossFunction:
      s = "re-entered through " + selector_text(f.inner_selector) + " (writes storage) while " +
          selector_text(f.outer_selector);
      break;
    case ReentrancyKind::ReadOnly:
      s = "view " + selector_text(f.inner_selector) + " read state mid-update while " + selector_text(f.outer_selector);
      break;
  }
  s += " was waiting on a call to " + to_hex0x(f.called) + "; the outer frame then wrote " +
       std::to_string(f.written_after.size()) + " slot(s)";
  if (!f.stale.empty()) s += ", " + std::to_string(f.stale.size()) + " of them used by the inner call (stale state)";
  return s;
}

}  // namespace

const char* to_string(ReentrancyKind kind) {
  switch (kind) {
    case ReentrancyKind::SameFunction:
      return "same-function";
    case ReentrancyKind::CrossFunction:
      return "cross-function";
    case ReentrancyKind::ReadOnly:
      return "read-only";
  }
  return "?";
}

ReentrancyReport analyze_reentrancy(std::span<const TracedTx> traces) {
  ReentrancyReport report;
  using Seen = std::tuple<uint32_t, Address, ReentrancyKind, uint64_t, uint64_t>;
  std::set<Seen> seen;
  const auto selector_key = [](const std::optional<uint32_t>& s) { return s ? uint64_t{*s} : (uint64_t{1} << 32); };
  for (size_t i = 0; i < traces.size(); ++i) {
    const CallTrace& t = traces[i].trace;
    if (t.frames.empty()) continue;
    ++report.transactions_traced;
    for (size_t g = 1; g < t.frames.size(); ++g) {
      const auto inner = static_cast<int32_t>(g);
      const int32_t outer = outer_frame_of(t, inner);
      if (outer < 0) continue;
      ++report.reentries;
      const TraceFrame& in = t.frames[g];
      const TraceFrame& out = t.frames[static_cast<size_t>(outer)];
      const int32_t via = t.child_towards(outer, inner);
      Slots after = written_after_call(t, outer, via);
      if (!t.survives(outer) || !in.ended || in.status != EvmStatus::Success || after.empty()) {
        ++report.safe_reentries;
        continue;
      }
      std::set<uint256> reads, writes;
      accesses_below(t, inner, reads, writes);
      ReentrancyFinding f;
      f.tx = static_cast<uint32_t>(i);
      f.kind = !writes.empty()
                   ? (in.selector == out.selector ? ReentrancyKind::SameFunction : ReentrancyKind::CrossFunction)
                   : ReentrancyKind::ReadOnly;
      for (const uint256& slot : after)
        if (reads.count(slot) || writes.count(slot)) f.stale.push_back(slot);
      // A view that reads nothing the outer frame was about to change saw consistent state.
      if (f.kind == ReentrancyKind::ReadOnly && f.stale.empty()) {
        ++report.safe_reentries;
        continue;
      }
      f.contract = out.storage_address;
      f.code = out.code_address;
      f.outer_selector = out.selector;
      f.inner_selector = in.selector;
      f.called = t.frames[static_cast<size_t>(via)].code_address;
      f.outer_depth = out.depth;
      f.inner_depth = in.depth;
      f.written_after = std::move(after);
      if (!seen.insert({f.tx, f.contract, f.kind, selector_key(f.outer_selector), selector_key(f.inner_selector)})
               .second)
        continue;
      f.explanation = explain(f);
      report.findings.push_back(std::move(f));
    }
  }
  return report;
}

}  // namespace warp
