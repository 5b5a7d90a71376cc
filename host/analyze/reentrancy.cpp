#include "host/analyze/reentrancy.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "state/account.hpp"
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

// One frame's own storage accesses: where it last wrote each slot and first read it (event
// indices), built once per outer frame so that each re-entry costs only its own subtree.
struct OwnAccesses {
  std::unordered_map<uint256, size_t, WordHasher> last_write;
  std::unordered_map<uint256, size_t, WordHasher> first_read;
};

OwnAccesses own_accesses(const CallTrace& t, int32_t frame) {
  OwnAccesses out;
  const TraceFrame& f = t.frames[static_cast<size_t>(frame)];
  for (size_t i = f.events_begin; i < f.events_end; ++i) {
    const TraceEvent& e = t.events[i];
    if (e.frame != frame) continue;
    if (e.kind == TraceEvent::Kind::Sstore) out.last_write[e.key] = i;
    if (e.kind == TraceEvent::Kind::Sload) out.first_read.try_emplace(e.key, i);
  }
  return out;
}

// `frame` and every frame between it and `top` succeeded: its accesses count.
bool stands_below(const CallTrace& t, int32_t frame, int32_t top) {
  for (int32_t f = frame; f >= 0; f = t.frames[static_cast<size_t>(f)].parent) {
    const TraceFrame& tf = t.frames[static_cast<size_t>(f)];
    if (!tf.ended || tf.status != EvmStatus::Success) return false;
    if (f == top) return true;
  }
  return false;
}

// Storage reads and writes of `frame` and the frames below it on the same storage whose
// effects stood (a reverted sub-call's accesses did nothing).
void accesses_below(const CallTrace& t, int32_t frame, std::set<uint256>& reads, std::set<uint256>& writes) {
  const TraceFrame& top = t.frames[static_cast<size_t>(frame)];
  for (size_t i = top.events_begin; i < top.events_end; ++i) {
    const TraceEvent& e = t.events[i];
    if (e.kind == TraceEvent::Kind::Call) continue;
    if (t.frames[static_cast<size_t>(e.frame)].storage_address != top.storage_address) continue;
    if (e.frame != frame && !stands_below(t, e.frame, frame)) continue;
    (e.kind == TraceEvent::Kind::Sload ? reads : writes).insert(e.key);
  }
}

// The slots the outer frame wrote after the call that led to the re-entry (its own SSTOREs).
Slots written_after_call(const CallTrace& t, int32_t outer, int32_t via) {
  std::set<uint256> out;
  const TraceFrame& f = t.frames[static_cast<size_t>(outer)];
  for (size_t i = t.frames[static_cast<size_t>(via)].events_end; i < f.events_end; ++i)
    if (t.events[i].frame == outer && t.events[i].kind == TraceEvent::Kind::Sstore) out.insert(t.events[i].key);
  return {out.begin(), out.end()};
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
    std::map<int32_t, OwnAccesses> outer_accesses;
    for (size_t g = 1; g < t.frames.size(); ++g) {
      const auto inner = static_cast<int32_t>(g);
      const int32_t outer = outer_frame_of(t, inner);
      if (outer < 0) continue;
      ++report.reentries;
      // The inner frame's effects, and everything between it and the top, stood.
      if (!t.survives(inner)) {
        ++report.safe_reentries;
        continue;
      }
      const TraceFrame& in = t.frames[g];
      const TraceFrame& out = t.frames[static_cast<size_t>(outer)];
      const int32_t via = t.child_towards(outer, inner);
      const size_t call_begin = t.frames[static_cast<size_t>(via)].events_begin;
      const size_t call_end = t.frames[static_cast<size_t>(via)].events_end;
      auto found = outer_accesses.find(outer);
      if (found == outer_accesses.end()) found = outer_accesses.emplace(outer, own_accesses(t, outer)).first;
      const OwnAccesses& own = found->second;
      const auto written_after = [&](const uint256& slot) {
        const auto w = own.last_write.find(slot);
        return w != own.last_write.end() && w->second >= call_end;
      };
      const auto read_before = [&](const uint256& slot) {
        const auto r = own.first_read.find(slot);
        return r != own.first_read.end() && r->second < call_begin;
      };
      std::set<uint256> reads, writes;
      accesses_below(t, inner, reads, writes);
      // Stale: the inner frame read a slot the outer frame had yet to write, or wrote one the
      // outer frame had read before the call and overwrote after it (a lost update). A slot
      // the outer frame only resets (a lock, a cache) and the inner frame never read is not.
      std::vector<uint256> stale;
      for (const uint256& slot : reads)
        if (written_after(slot)) stale.push_back(slot);
      for (const uint256& slot : writes)
        if (!reads.count(slot) && written_after(slot) && read_before(slot)) stale.push_back(slot);
      if (stale.empty()) {
        ++report.safe_reentries;
        continue;
      }
      ReentrancyFinding f;
      f.tx = static_cast<uint32_t>(i);
      f.kind = !writes.empty()
                   ? (in.selector == out.selector ? ReentrancyKind::SameFunction : ReentrancyKind::CrossFunction)
                   : ReentrancyKind::ReadOnly;
      f.contract = out.storage_address;
      f.code = out.code_address;
      f.outer_selector = out.selector;
      f.inner_selector = in.selector;
      f.called = t.frames[static_cast<size_t>(via)].code_address;
      f.outer_depth = out.depth;
      f.inner_depth = in.depth;
      if (!seen.insert({f.tx, f.contract, f.kind, selector_key(f.outer_selector), selector_key(f.inner_selector)})
               .second)
        continue;
      std::sort(stale.begin(), stale.end());
      f.stale = std::move(stale);
      f.written_after = written_after_call(t, outer, via);
      f.explanation = explain(f);
      report.findings.push_back(std::move(f));
    }
  }
  return report;
}

}  // namespace warp
