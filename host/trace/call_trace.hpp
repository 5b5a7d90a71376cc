// What one traced transaction did, frame by frame (host/trace/tracing_host.hpp records it):
// the call tree, every storage access in execution order, and the loops each frame ran.
// `warpevm analyze` reads re-entrancy, inner-call failures and storage-bounded loops from it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/message.hpp"
#include "kernels/evm/status.hpp"
#include "kernels/evm/uint256.hpp"

namespace warp {

// One message: a call, a create, or the transaction's own message (depth 0, parent -1). A
// message that runs no code (an account without code, a precompile) is a frame too.
struct TraceFrame {
  int32_t parent = -1;  // index in CallTrace::frames
  int32_t depth = 0;
  CallKind kind = CallKind::Call;
  bool is_static = false;
  Address storage_address{};  // Message::recipient: whose storage and balance the code runs on
  Address code_address{};
  Address caller{};
  std::optional<uint32_t> selector;  // the first 4 bytes of the calldata, when it has them
  int64_t gas_given = 0;
  int64_t gas_left = 0;  // at the end
  EvmStatus status = EvmStatus::Success;
  bool ended = false;             // false: the run was abandoned while the frame was open
  std::vector<int32_t> children;  // in call order

  // It ended and succeeded (its own effects stand if every frame above it stood too).
  bool stood() const { return ended && status == EvmStatus::Success; }
  uint32_t ordinal = 0;  // its index in the parent's children
  // Frames are numbered in call order (depth first), so the events of a frame and everything
  // below it are one range of CallTrace::events: [events_begin, events_end).
  size_t events_begin = 0;
  size_t events_end = 0;
  // Likewise its frames: [this frame's index, frames_end).
  int32_t frames_end = 0;
};

// A storage access by a frame, on its storage_address. `seq` orders all events of the trace:
// an event of a frame after a child's call event happened after the whole child subtree.
struct TraceEvent {
  enum class Kind : uint8_t { Sload, Sstore, Call };
  Kind kind = Kind::Sload;
  int32_t frame = 0;
  uint256 key{};       // the slot (Sload, Sstore)
  uint256 value{};     // Sload: the value read; Sstore: the value before the write
  int32_t child = -1;  // Call: the frame it started
};

// A loop of a frame: backward jumps to one destination. `count` jumps were taken; the gas of
// the frame is given at the first and the last of them.
struct TraceLoop {
  int32_t frame = 0;
  uint64_t head_pc = 0;  // the jump destination
  uint64_t count = 0;
  int64_t gas_at_first = 0;
  int64_t gas_at_last = 0;
};

// A function selector as "0x" and 8 hex digits.
std::string selector_hex(uint32_t selector);

struct CallTrace;

// For the frames below `top`: whether every frame from one up to `top` (both included) passes
// `ok`. Memoised over the subtree, so asking for every event of it costs linear time.
template <class Ok>
class SubtreePaths {
 public:
  SubtreePaths(const CallTrace& t, int32_t top, Ok ok);
  bool operator()(int32_t frame);

 private:
  const CallTrace& t_;
  int32_t top_;
  Ok ok_;
  std::vector<int8_t> known_;  // by frame - top: -1 unknown, 0 no, 1 yes
};

struct CallTrace {
  std::vector<TraceFrame> frames;  // frames[0] is the transaction's message, when it ran
  std::vector<TraceEvent> events;  // in execution order
  std::vector<TraceLoop> loops;    // by frame, then head_pc

  // The frame succeeded and so did every frame above it: its effects are in the result.
  bool survives(int32_t frame) const;
  // `ancestor` is `frame` or above it.
  bool is_ancestor(int32_t ancestor, int32_t frame) const;
  // The child of `ancestor` on the way down to `frame` (-1 when `frame` is not below it).
  int32_t child_towards(int32_t ancestor, int32_t frame) const;
  // Where the frame sits in the call tree: the child ordinal at each level below the
  // transaction's message (empty for frame 0). Equal paths in two runs of one transaction
  // name the same call when the calls before it were the same.
  std::vector<uint32_t> path(int32_t frame) const;
};

template <class Ok>
SubtreePaths<Ok>::SubtreePaths(const CallTrace& t, int32_t top, Ok ok)
    : t_(t),
      top_(top),
      ok_(ok),
      known_(static_cast<size_t>(t.frames[static_cast<size_t>(top)].frames_end - top), int8_t{-1}) {}

template <class Ok>
bool SubtreePaths<Ok>::operator()(int32_t frame) {
  std::vector<int32_t> walk;
  int32_t f = frame;
  while (known_[static_cast<size_t>(f - top_)] < 0) {
    walk.push_back(f);
    if (f == top_) break;
    f = t_.frames[static_cast<size_t>(f)].parent;
  }
  // `f` is known, or is the top (then walk ends with it and the value starts from "yes").
  int8_t value = known_[static_cast<size_t>(f - top_)] < 0 ? int8_t{1} : known_[static_cast<size_t>(f - top_)];
  for (auto it = walk.rbegin(); it != walk.rend(); ++it) {
    if (!ok_(t_.frames[static_cast<size_t>(*it)])) value = 0;
    known_[static_cast<size_t>(*it - top_)] = value;
  }
  return value == 1;
}

}  // namespace warp
