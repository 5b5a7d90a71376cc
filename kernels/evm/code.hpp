// Code as the interpreter sees it: bytes, hash and JUMPDEST bitmap, all owned by the host.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hash.hpp"

namespace warp {

struct CodeRef {
  const uint8_t* code = nullptr;
  size_t size = 0;
  Hash hash{};                           // keccak256 of the code (empty-code hash when size 0)
  const uint8_t* jumpdest_bits = nullptr;  // bit i set = byte i is a JUMPDEST opcode (not push data);
                                           // nullptr: the interpreter analyses the code itself
};

}  // namespace warp
