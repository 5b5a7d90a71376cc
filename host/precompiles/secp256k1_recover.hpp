// Public-key recovery on secp256k1, shared by ECRECOVER (0x01) and transaction sender
// recovery. Accepts any r, s in [1, n-1]; the tx layer must itself reject s > n/2 (EIP-2).
#pragma once

#include <cstdint>
#include <optional>

#include "kernels/evm/hash.hpp"

namespace warp {

// sig64 = r || s (32 bytes each, big-endian); recid in 0..3 (v - 27 for ECRECOVER).
// Returns the address keccak256(pubkey)[12:], or nullopt when no key is recoverable.
// Thread-safe: one library context, created once, used read-only.
std::optional<Address> recover_address(const Hash& msg, const uint8_t sig64[64], int recid);

}  // namespace warp
