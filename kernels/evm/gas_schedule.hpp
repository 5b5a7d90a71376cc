// Gas costs that are not a plain per-opcode base (those live in opcodes.hpp), per fork.
// One constexpr table per fork, selected at compile time (the fork is a template parameter
// of the interpreter), so instructions read `schedule<F>().cold_sload` instead of testing
// the fork. A fork that changes a cost gets its own branch in `schedule()`.
#pragma once

#include <cstdint>

#include "fork.hpp"
#include "opcodes.hpp"
#include "platform.hpp"

namespace warp {

struct GasSchedule {
  // EIP-2929 access costs; the warm cost is the opcode's base gas, the cold one is added.
  int64_t warm_access = 100;
  int64_t cold_account_access = 2600;
  int64_t cold_sload = 2100;

  // SSTORE (EIP-2200 as amended by EIP-2929 and EIP-3529).
  int64_t sstore_set = 20000;           // zero -> non-zero, slot clean
  int64_t sstore_reset = 2900;          // non-zero -> other, slot clean (5000 - cold_sload)
  int64_t sstore_sentry = 2300;         // SSTORE fails when gas left <= this (EIP-2200)
  int64_t sstore_clears_refund = 4800;  // EIP-3529
  int64_t sstore_set_refund = 19900;    // restoring an originally zero slot: set - warm
  int64_t sstore_reset_refund = 2800;   // restoring an originally non-zero slot: reset - warm

  // Calls.
  int64_t call_value = 9000;
  int64_t call_stipend = 2300;
  int64_t call_new_account = 25000;
  int32_t max_call_depth = 1024;

  // SELFDESTRUCT: base is in the opcode table; this is for a value sent to a dead account.
  int64_t selfdestruct_new_account = 25000;

  // Creation.
  int64_t create_data_per_byte = 200;  // code deposit
  int64_t initcode_word = 2;           // EIP-3860
  int64_t keccak_word = 6;             // KECCAK256 and CREATE2's hash of the init code
  uint64_t max_code_size = 24576;      // EIP-170
  uint64_t max_initcode_size = 49152;  // EIP-3860

  // Memory and copies.
  int64_t memory_word = 3;
  int64_t memory_quad_divisor = 512;
  int64_t copy_word = 3;
  int64_t log_data_byte = 8;
  int64_t exp_byte = 50;

  int64_t blockhash_window = 256;
};

template <Fork F>
WARP_HD constexpr GasSchedule schedule() {
  // Shanghai, Cancun and Prague share every cost modelled here.
  return GasSchedule{};
}

// Base gas of `op` in fork F: the opcode table's cost, adjusted here if a fork changes it.
template <Fork F>
WARP_HD constexpr int64_t base_gas(uint8_t op) {
  return op_traits(op).base_gas;
}

// Words of 32 bytes covering `bytes` (no overflow for bytes < 2^64 - 31; callers bound it).
WARP_HD constexpr uint64_t num_words(uint64_t bytes) { return (bytes + 31) / 32; }

// Total cost of a memory of `words` words: linear plus quadratic term. words < 2^27 (the
// interpreter caps memory at 2^32 bytes), so words^2 fits in 64 bits.
template <Fork F>
WARP_HD constexpr int64_t memory_cost(uint64_t words) {
  constexpr GasSchedule s = schedule<F>();
  const int64_t w = static_cast<int64_t>(words);
  return w * s.memory_word + w * w / s.memory_quad_divisor;
}

}  // namespace warp
