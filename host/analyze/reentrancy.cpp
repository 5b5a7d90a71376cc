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

std::string selector_text(const std::optional<uint32_t>& s) { return s ? selector_hex(*s) : "(no selector)"; }

// A re-entry of `inner`: the external call that left the contract (`ext`, the first frame on
// other storage above `inner`'s nearest same-storage ancestor) and the outer frame (the
// topmost of the same-storage frames that made that call: a DELEGATECALL to a library or a
// call to itself runs in the same context as the function that made it).
struct ReentryPath {
  int32_t outer = -1;
  int32_t ext = -1;
};

ReentryPath reentry_path(const CallTrace& t, int32_t inner) {
  const Address& self = t.frames[static_cast<size_t>(inner)].storage_address;
  bool left_contract = false;
  int32_t below = inner;
  for (int32_t f = t.frames[static_cast<size_t>(inner)].parent; f >= 0; f = t.frames[static_cast<size_t>(f)].parent) {
    if (t.frames[static_cast<size_t>(f)].storage_address != self) {
      left_contract = true;
    } else if (left_contract) {
      ReentryPath p{f, below};
      for (int32_t up = t.frames[static_cast<size_t>(f)].parent;
           up >= 0 && t.frames[static_cast<size_t>(up)].storage_address == self;
           up = t.frames[static_cast<size_t>(up)].parent)
        p.outer = up;
      return p;
    }
    below = f;
  }
  return {};
}

// The outer context's own storage accesses (the outer frame and the same-storage frames it
// reached without leaving the contract): where it last wrote each slot and first read it
// (event indices), and its writes in order. Built once per outer frame, so that each
// re-entry costs only its own subtree.
struct OwnAccesses {
  std::unordered_map<uint256, size_t, WordHasher> last_write;
  std::unordered_map<uint256, size_t, WordHasher> first_read;
  std::vector<std::pair<size_t, uint256>> writes;
};

OwnAccesses own_accesses(const CallTrace& t, int32_t outer) {
  OwnAccesses out;
  const TraceFrame& top = t.frames[static_cast<size_t>(outer)];
  // In the context: every frame from it up to the outer frame runs on the outer frame's
  // storage and succeeded (a reverted library call wrote nothing).
  SubtreePaths in_context(t, outer,
                          [&](const TraceFrame& f) { return f.storage_address == top.storage_address && f.stood(); });
  for (size_t i = top.events_begin; i < top.events_end; ++i) {
    const TraceEvent& e = t.events[i];
    if (e.kind == TraceEvent::Kind::Call || !in_context(e.frame)) continue;
    if (e.kind == TraceEvent::Kind::Sstore) {
      out.last_write[e.key] = i;
      out.writes.emplace_back(i, e.key);
    } else {
      out.first_read.try_emplace(e.key, i);
    }
  }
  return out;
}

// Storage reads and writes of `frame` and the frames below it on the same storage whose
// effects stood (a reverted sub-call's accesses did nothing). A read of a slot the subtree
// had already written reads its own value, not the outer frame's: it is not a read here.
void accesses_below(const CallTrace& t, int32_t frame, std::set<uint256>& reads, std::set<uint256>& writes) {
  const TraceFrame& top = t.frames[static_cast<size_t>(frame)];
  SubtreePaths stands(t, frame, [](const TraceFrame& f) { return f.stood(); });
  for (size_t i = top.events_begin; i < top.events_end; ++i) {
    const TraceEvent& e = t.events[i];
    if (e.kind == TraceEvent::Kind::Call) continue;
    if (t.frames[static_cast<size_t>(e.frame)].storage_address != top.storage_address || !stands(e.frame)) continue;
    if (e.kind == TraceEvent::Kind::Sstore)
      writes.insert(e.key);
    else if (!writes.count(e.key))
      reads.insert(e.key);
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
    std::map<int32_t, OwnAccesses> outer_accesses;
    for (size_t g = 1; g < t.frames.size(); ++g) {
      const auto inner = static_cast<int32_t>(g);
      // Only frames that enter the contract: a frame its own contract started (a library it
      // delegates to, a call to itself) is part of the re-entered frame above it.
      if (t.frames[static_cast<size_t>(t.frames[g].parent)].storage_address == t.frames[g].storage_address) continue;
      const ReentryPath path = reentry_path(t, inner);
      const int32_t outer = path.outer;
      if (outer < 0) continue;
      ++report.reentries;
      // The inner frame's effects, and everything between it and the top, stood.
      if (!t.survives(inner)) {
        ++report.safe_reentries;
        continue;
      }
      const TraceFrame& in = t.frames[g];
      const TraceFrame& out = t.frames[static_cast<size_t>(outer)];
      const TraceFrame& ext = t.frames[static_cast<size_t>(path.ext)];
      const size_t call_begin = ext.events_begin;
      const size_t call_end = ext.events_end;
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
      f.called = ext.code_address;
      f.outer_depth = out.depth;
      f.inner_depth = in.depth;
      if (!seen.insert({f.tx, f.contract, f.kind, selector_key(f.outer_selector), selector_key(f.inner_selector)})
               .second) {
        ++report.repeated_reentries;
        continue;
      }
      std::sort(stale.begin(), stale.end());
      f.stale = std::move(stale);
      std::set<uint256> after;
      for (const auto& [index, slot] : own.writes)
        if (index >= call_end) after.insert(slot);
      f.written_after.assign(after.begin(), after.end());
      f.explanation = explain(f);
      report.findings.push_back(std::move(f));
    }
  }
  return report;
}

}  // namespace warp
