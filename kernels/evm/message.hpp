// What a frame is asked to run, and what it returns. Pointers in a Message point into
// memory that outlives the call: the parent frame's memory (which cannot change while
// the child runs) or the host's transaction data.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hash.hpp"
#include "status.hpp"
#include "uint256.hpp"

namespace warp {

enum class CallKind : uint8_t { Call, CallCode, DelegateCall, StaticCall, Create, Create2 };

WARP_HD constexpr bool is_create(CallKind k) { return k == CallKind::Create || k == CallKind::Create2; }

struct Message {
  CallKind kind = CallKind::Call;
  bool is_static = false;
  int32_t depth = 0;        // 0 for the transaction's own message
  int64_t gas = 0;          // gas given to the frame (after the 63/64 rule and stipend)
  Address recipient{};      // whose storage, balance and ADDRESS the frame sees; for creates, the new address
  Address sender{};         // CALLER
  Address code_address{};   // whose code runs (differs from recipient for CALLCODE/DELEGATECALL)
  uint256 value{};          // CALLVALUE (for DELEGATECALL: the parent's value, nothing transferred)
  const uint8_t* input = nullptr;  // calldata; for creates, the init code
  size_t input_size = 0;
  Hash salt{};              // CREATE2
};

struct CallResult {
  EvmStatus status = EvmStatus::Success;
  int64_t gas_left = 0;
  int64_t gas_refund = 0;           // EIP-3529 refund counter of the message, already netted
  const uint8_t* output = nullptr;  // RETURN/REVERT data; valid until the next call into the interpreter
  size_t output_size = 0;
  Address created{};                // for successful creates
};

}  // namespace warp
