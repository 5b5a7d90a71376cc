// Outcome of an EVM frame or message. Errors are values (DESIGN.md section 10).
#pragma once

#include <cstdint>

namespace warp {

enum class EvmStatus : uint8_t {
  Success = 0,
  Revert,                  // REVERT: state rolled back, gas left returned
  OutOfGas,                // every other failure below consumes all gas of the frame
  InvalidInstruction,      // 0xFE INVALID
  UndefinedInstruction,    // an opcode not defined in this fork
  StackUnderflow,
  StackOverflow,
  BadJumpDestination,
  InvalidMemoryAccess,     // RETURNDATACOPY out of bounds
  StaticModeViolation,     // state change inside STATICCALL
  PrecompileFailure,       // a precompile rejected its input
  ContractValidationFailure,  // EIP-3541: new code starting with 0xEF
  CreateCollision,         // CREATE/CREATE2 target already has code, nonce or storage
  // Not EVM outcomes: the run could not be completed here and must be redone elsewhere.
  NeedsHost,               // the device cannot do this (precompile, buffer or depth limit)
  InternalError,           // a broken invariant; never expected
};

// True for the statuses that end a frame with its gas consumed (not Success, not Revert).
constexpr bool consumes_all_gas(EvmStatus s) {
  return s != EvmStatus::Success && s != EvmStatus::Revert;
}

const char* to_string(EvmStatus s);

inline const char* to_string(EvmStatus s) {
  switch (s) {
    case EvmStatus::Success: return "success";
    case EvmStatus::Revert: return "revert";
    case EvmStatus::OutOfGas: return "out of gas";
    case EvmStatus::InvalidInstruction: return "invalid instruction";
    case EvmStatus::UndefinedInstruction: return "undefined instruction";
    case EvmStatus::StackUnderflow: return "stack underflow";
    case EvmStatus::StackOverflow: return "stack overflow";
    case EvmStatus::BadJumpDestination: return "bad jump destination";
    case EvmStatus::InvalidMemoryAccess: return "invalid memory access";
    case EvmStatus::StaticModeViolation: return "static mode violation";
    case EvmStatus::PrecompileFailure: return "precompile failure";
    case EvmStatus::ContractValidationFailure: return "contract validation failure";
    case EvmStatus::CreateCollision: return "create collision";
    case EvmStatus::NeedsHost: return "needs host";
    case EvmStatus::InternalError: return "internal error";
  }
  return "unknown";
}

}  // namespace warp
