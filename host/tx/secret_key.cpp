#include "host/tx/secret_key.hpp"

#include <secp256k1.h>

#include <cstring>

#include "kernels/evm/keccak.hpp"

namespace warp {

const secp256k1_context* secp256k1_signing_context() {
  static secp256k1_context* const ctx = secp256k1_context_create(SECP256K1_CONTEXT_NONE);
  return ctx;
}

std::optional<Address> address_from_secret_key(const Hash& secret_key) {
  secp256k1_pubkey pubkey;
  if (secp256k1_ec_pubkey_create(secp256k1_signing_context(), &pubkey, secret_key.bytes) != 1) return std::nullopt;
  uint8_t serialized[65];
  size_t len = sizeof(serialized);
  secp256k1_ec_pubkey_serialize(secp256k1_context_static, serialized, &len, &pubkey, SECP256K1_EC_UNCOMPRESSED);
  const Hash h = keccak256(serialized + 1, 64);
  Address a{};
  std::memcpy(a.bytes, h.bytes + 12, 20);
  return a;
}

}  // namespace warp
