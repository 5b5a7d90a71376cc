#include "secp256k1_recover.hpp"

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstring>

#include "kernels/evm/keccak.hpp"

namespace warp {

namespace {

// Recovery needs no signing tables or randomisation, so a plain context shared by all
// threads suffices; the library only reads it. Created on first use, never destroyed
// (other static destructors may still recover keys during exit).
const secp256k1_context* context() {
  static const secp256k1_context* const ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  return ctx;
}

}  // namespace

std::optional<Address> recover_address(const Hash& msg, const uint8_t sig64[64], int recid) {
  if (recid < 0 || recid > 3) return std::nullopt;
  const secp256k1_context* ctx = context();
  secp256k1_ecdsa_recoverable_signature sig;
  // Rejects r or s >= n; recover below rejects r = 0 or s = 0.
  if (!secp256k1_ecdsa_recoverable_signature_parse_compact(ctx, &sig, sig64, recid)) return std::nullopt;
  secp256k1_pubkey pubkey;
  if (!secp256k1_ecdsa_recover(ctx, &pubkey, &sig, msg.bytes)) return std::nullopt;
  uint8_t serialized[65];
  size_t len = sizeof(serialized);
  secp256k1_ec_pubkey_serialize(ctx, serialized, &len, &pubkey, SECP256K1_EC_UNCOMPRESSED);
  // Skip the 0x04 prefix: the address hashes the bare 64-byte point.
  const Hash h = keccak256(serialized + 1, 64);
  Address out;
  std::memcpy(out.bytes, h.bytes + 12, 20);
  return out;
}

}  // namespace warp
