// One call frame of the interpreter's explicit frame stack (no recursion: GPU thread stacks
// are small, DESIGN.md section 3). Frames live in the ExecArena; a frame's stack, memory and
// JUMPDEST bitmap are slices of the arena's shared regions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "code.hpp"
#include "message.hpp"
#include "uint256.hpp"

namespace warp {

struct Frame {
  Message msg;                   // what this frame runs (recipient, sender, value, input, depth, ...)
  const uint8_t* code;           // code bytes (for creates: the init code)
  const uint8_t* jumpdest_bits;  // bit i set: byte i is a valid JUMP target
  uint64_t code_size;

  uint256* stack_base;   // first stack slot of this frame
  uint8_t* memory;       // first byte of this frame's memory
  uint64_t memory_size;  // bytes, always a multiple of 32
  uint64_t memory_cap;   // bytes available from `memory` to the end of the arena region

  uint64_t pc;
  uint32_t stack_size;
  uint32_t checkpoint;  // host journal position at entry; reverted to on failure
  int64_t gas_left;
  int64_t refund;            // net EIP-3529 refund counter; may go negative within a frame
  uint64_t returndata_size;  // this frame's RETURNDATA, held in the arena's shared buffer
  uint64_t scratch_mark;     // arena scratch top at entry, restored when the frame ends

  // While a child runs: where its output goes in this frame's memory.
  uint64_t ret_offset;
  uint64_t ret_size;

  // When the frame ends: its output, as a slice of its own memory.
  uint64_t out_offset;
  uint64_t out_size;
};

static_assert(std::is_trivially_copyable_v<Frame>, "frames live in raw arena memory");

}  // namespace warp
