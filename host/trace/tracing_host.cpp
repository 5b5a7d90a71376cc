#include "host/trace/tracing_host.hpp"

#include <algorithm>

namespace warp {

namespace {

constexpr uint8_t kSload = 0x54;
constexpr uint8_t kSstore = 0x55;
constexpr uint8_t kJump = 0x56;
constexpr uint8_t kJumpi = 0x57;

}  // namespace

void TracingHost::trace_enter(const Message& m) {
  TraceFrame f;
  f.parent = open_.empty() ? -1 : open_.back().frame;
  f.depth = m.depth;
  f.kind = m.kind;
  f.is_static = m.is_static;
  f.storage_address = m.recipient;
  f.code_address = m.code_address;
  f.caller = m.sender;
  if (!is_create(m.kind) && m.input_size >= 4)
    f.selector = (uint32_t{m.input[0]} << 24) | (uint32_t{m.input[1]} << 16) | (uint32_t{m.input[2]} << 8) |
                 uint32_t{m.input[3]};
  f.gas_given = m.gas;
  const auto index = static_cast<int32_t>(out_.frames.size());
  if (f.parent >= 0) {
    std::vector<int32_t>& siblings = out_.frames[static_cast<size_t>(f.parent)].children;
    f.ordinal = static_cast<uint32_t>(siblings.size());
    siblings.push_back(index);
    TraceEvent call;
    call.kind = TraceEvent::Kind::Call;
    call.frame = f.parent;
    call.child = index;
    out_.events.push_back(call);
  }
  f.events_begin = f.events_end = out_.events.size();
  out_.frames.push_back(std::move(f));
  open_.push_back(Open{index});
}

void TracingHost::trace_exit(const CallResult& r) {
  if (open_.empty()) return;
  TraceFrame& f = out_.frames[static_cast<size_t>(open_.back().frame)];
  f.status = r.status;
  f.gas_left = r.gas_left;
  f.ended = true;
  f.events_end = out_.events.size();
  f.frames_end = static_cast<int32_t>(out_.frames.size());
  open_.pop_back();
}

void TracingHost::trace_step(uint64_t pc, uint8_t op, int64_t gas) {
  if (open_.empty()) return;
  Open& o = open_.back();
  if (o.stepped && (o.last_op == kJump || o.last_op == kJumpi) && pc <= o.last_pc) {
    const auto key = std::make_pair(o.frame, pc);
    auto [it, fresh] = loop_index_.try_emplace(key, out_.loops.size());
    if (fresh) out_.loops.push_back(TraceLoop{o.frame, pc, 0, gas, gas});
    TraceLoop& loop = out_.loops[it->second];
    ++loop.count;
    loop.gas_at_last = gas;
  }
  o.last_op = op;
  o.last_pc = pc;
  o.stepped = true;
}

uint256 TracingHost::sload(const Address& a, const uint256& key) {
  const uint256 value = inner_.sload(a, key);
  if (!open_.empty() && open_.back().stepped) {
    const uint8_t op = open_.back().last_op;
    if (op == kSload || op == kSstore) {
      TraceEvent e;
      e.kind = op == kSload ? TraceEvent::Kind::Sload : TraceEvent::Kind::Sstore;
      e.frame = open_.back().frame;
      e.key = key;
      e.value = value;
      out_.events.push_back(e);
    }
  }
  return value;
}

void TracingHost::finish() {
  for (const Open& o : open_) {
    out_.frames[static_cast<size_t>(o.frame)].events_end = out_.events.size();
    out_.frames[static_cast<size_t>(o.frame)].frames_end = static_cast<int32_t>(out_.frames.size());
  }
  open_.clear();
  std::sort(out_.loops.begin(), out_.loops.end(), [](const TraceLoop& x, const TraceLoop& y) {
    return x.frame != y.frame ? x.frame < y.frame : x.head_pc < y.head_pc;
  });
  loop_index_.clear();
}

}  // namespace warp
