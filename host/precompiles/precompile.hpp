// Precompiled contracts run on the CPU (they need libsecp256k1, OpenSSL and GMP). The
// interpreter asks is_precompile() before a CALL and hands the input to run_precompile();
// on the GPU such a call ends the run with NeedsHost (DESIGN.md section 3).
#pragma once

#include <cstdint>

#include "kernels/evm/fork.hpp"
#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"

namespace warp {

enum class PrecompileStatus {
  Success,
  // Bad input or out of gas: the call consumes all the gas given to it.
  Failure,
  // Not built yet (Prague's EIP-2537 BLS12-381 at 0x0b-0x11): the caller reports unsupported_name.
  Unsupported,
};

struct PrecompileResult {
  PrecompileStatus status;
  int64_t gas_used;  // <= gas_limit on Success; equal to gas_limit on Failure
  Bytes output;
  const char* unsupported_name = nullptr;
};

// Whether `a` is a precompile address under `fork` (0x01..0x0a for Cancun).
bool is_precompile(const Address& a, Fork fork);

// Runs the precompile at `a`; `a` must satisfy is_precompile(a, fork).
PrecompileResult run_precompile(const Address& a, ByteView input, int64_t gas_limit, Fork fork);

}  // namespace warp
