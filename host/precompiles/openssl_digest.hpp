// One-shot OpenSSL digests for SHA-256 (0x02) and RIPEMD-160 (0x03).
#pragma once

#include <cstdint>

#include "state/bytes.hpp"

namespace warp::precompile {

// Writes the 32-byte SHA-256 of `in` to out; false only if OpenSSL itself fails.
bool sha256_digest(ByteView in, uint8_t out[32]);
// Writes the 20-byte RIPEMD-160 of `in` to out; false only if OpenSSL itself fails.
bool ripemd160_digest(ByteView in, uint8_t out[20]);

}  // namespace warp::precompile
