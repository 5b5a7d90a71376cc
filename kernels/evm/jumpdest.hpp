// JUMPDEST analysis: which bytes of a code are valid jump targets (a 0x5b byte that is an
// instruction, not PUSH data). Hosts compute it once per code hash and hand it over in
// CodeRef; the interpreter computes it itself for init code and when the host does not.
#pragma once

#include <cstddef>
#include <cstdint>

#include "opcodes.hpp"
#include "platform.hpp"

namespace warp {

// Bytes needed for the bitmap of a code of `size` bytes.
WARP_HD constexpr size_t jumpdest_bitmap_bytes(size_t size) { return (size + 7) / 8; }

// Writes the bitmap (bit i of byte i/8 set = byte i is a JUMPDEST instruction).
WARP_HD inline void analyze_jumpdests(const uint8_t* code, size_t size, uint8_t* bits) {
  for (size_t i = 0, n = jumpdest_bitmap_bytes(size); i < n; ++i) bits[i] = 0;
  for (size_t i = 0; i < size; ++i) {
    const uint8_t op = code[i];
    if (op == OP_JUMPDEST)
      bits[i / 8] = static_cast<uint8_t>(bits[i / 8] | (1u << (i % 8)));
    else
      i += static_cast<size_t>(push_size(op));
  }
}

WARP_HD WARP_FORCEINLINE bool is_jumpdest(const uint8_t* bits, size_t size, uint64_t pos) {
  return pos < size && ((bits[pos / 8] >> (pos % 8)) & 1) != 0;
}

}  // namespace warp
