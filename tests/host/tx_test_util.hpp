// Signing for transaction tests: libsecp256k1 with its deterministic (RFC 6979) nonces, so
// signatures are reproducible and always low-s.
#pragma once

#include <secp256k1.h>
#include <secp256k1_recovery.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "host/tx/transaction.hpp"
#include "host/tx/tx_codec.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/bytes.hpp"

namespace warp::txtest {

inline secp256k1_context* signing_context() {
  static secp256k1_context* ctx = secp256k1_context_create(SECP256K1_CONTEXT_SIGN | SECP256K1_CONTEXT_VERIFY);
  return ctx;
}

inline Hash key_from_hex(const char* hex) { return *fixed_from_hex<32>(hex); }

inline Address address_of(const Hash& key) {
  secp256k1_pubkey pub;
  if (!secp256k1_ec_pubkey_create(signing_context(), &pub, key.bytes)) throw std::runtime_error("bad key");
  uint8_t ser[65];
  size_t len = sizeof(ser);
  secp256k1_ec_pubkey_serialize(signing_context(), ser, &len, &pub, SECP256K1_EC_UNCOMPRESSED);
  const Hash h = keccak256(ser + 1, 64);
  Address a{};
  std::memcpy(a.bytes, h.bytes + 12, 20);
  return a;
}

// Signs tx in place: sets v (legacy: 27/28 or EIP-155 from tx.chain_id; typed: parity), r, s,
// and hash.
inline void sign(Transaction& tx, const Hash& key) {
  const Hash msg = signing_hash(tx);
  secp256k1_ecdsa_recoverable_signature sig;
  if (!secp256k1_ecdsa_sign_recoverable(signing_context(), &sig, msg.bytes, key.bytes, nullptr, nullptr))
    throw std::runtime_error("signing failed");
  uint8_t rs[64];
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(signing_context(), rs, &recid, &sig);
  tx.r = uint256::from_be_bytes(rs, 32);
  tx.s = uint256::from_be_bytes(rs + 32, 32);
  const uint64_t parity = static_cast<uint64_t>(recid);
  if (tx.type != TxType::Legacy)
    tx.v = parity;
  else if (tx.chain_id)
    tx.v = uint256(*tx.chain_id) * uint256(2) + uint256(35 + parity);  // may pass 2^64
  else
    tx.v = uint256(27 + parity);
  tx.hash = transaction_hash(tx);
}

inline Bytes hex(std::string_view s) {
  auto b = from_hex(s);
  if (!b) throw std::runtime_error("bad hex in test: " + std::string(s));
  return *b;
}

inline Address addr(std::string_view s) { return *fixed_from_hex<20>(s); }

inline uint256 u256(const char* hex_str) {
  uint256 v{};
  if (!uint256::from_hex(hex_str, std::strlen(hex_str), &v)) throw std::runtime_error("bad u256 hex");
  return v;
}

}  // namespace warp::txtest
