// The address that belongs to a secp256k1 secret key: keccak256 of the 64-byte
// uncompressed public key (without the 0x04 tag), last 20 bytes. State tests name the
// sender by its secret key.
#pragma once

#include <optional>

#include "kernels/evm/hash.hpp"

namespace warp {

// nullopt when the key is not a valid secret key (zero or >= the group order).
std::optional<Address> address_from_secret_key(const Hash& secret_key);

}  // namespace warp
