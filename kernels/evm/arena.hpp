// Working memory of one interpreter run, as plain views into buffers the caller owns:
// host/evm_arena (CPU, virtual memory large enough never to run out) or a per-thread slice
// of device buffers (GPU, bounded: running out ends the message with NeedsHost).
//
// Nested frames share each region like a stack, because a parent cannot touch its stack or
// memory while its child runs:
//   stack      a child's first slot is its parent's top (after the call's arguments popped)
//   memory     a child's memory begins after its parent's current memory end; expansion
//              zeroes the new bytes because the region may hold a previous frame's data
//   returndata one buffer for all depths: a parent's RETURNDATA is dead once it calls again,
//              so a returning child's output is copied there for the parent
//   scratch    JUMPDEST bitmaps computed by the interpreter (init code, or code whose host
//              did not supply one), released when the frame ends
//   frames     frames[d] is the frame at depth d
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "frame.hpp"
#include "uint256.hpp"

namespace warp {

struct ExecArena {
  uint256* stack = nullptr;
  uint64_t stack_words = 0;
  uint8_t* memory = nullptr;
  uint64_t memory_bytes = 0;
  uint8_t* returndata = nullptr;
  uint64_t returndata_bytes = 0;
  uint8_t* scratch = nullptr;
  uint64_t scratch_bytes = 0;
  Frame* frames = nullptr;
  uint32_t frame_count = 0;  // capacity: depths 0 .. frame_count-1

  uint64_t scratch_top = 0;  // bytes of scratch in use (reset by every run)
};

static_assert(std::is_trivially_copyable_v<ExecArena>, "an arena view is copied to the device");

// What a CPU arena must hold so that no message can run out (depth 0..1024, 1024 words
// each). Memory and returndata are bounded by gas only, so the owner reserves them as
// large virtual regions.
inline constexpr uint32_t kMaxFrames = 1025;
inline constexpr uint64_t kStackWordsPerFrame = 1024;

}  // namespace warp
