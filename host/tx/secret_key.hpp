// The address that belongs to a secp256k1 secret key: keccak256 of the 64-byte
// uncompressed public key (without the 0x04 tag), last 20 bytes. State tests name the
// sender by its secret key.
#pragma once

#include <secp256k1.h>

#include <optional>

#include "kernels/evm/hash.hpp"

namespace warp {

// A context for key generation and signing (secp256k1_context_static cannot create keys):
// made once, only read afterwards, so threads share it.
const secp256k1_context* secp256k1_signing_context();

// nullopt when the key is not a valid secret key (zero or >= the group order).
std::optional<Address> address_from_secret_key(const Hash& secret_key);

}  // namespace warp
