// Addresses of new contracts: CREATE (keccak of the RLP list [sender, nonce]) and CREATE2
// (EIP-1014: keccak of 0xff ++ sender ++ salt ++ keccak(init code)). Portable: the CREATE
// opcodes run on the device too, so the RLP here is written out by hand.
#pragma once

#include <cstddef>
#include <cstdint>

#include "hash.hpp"
#include "keccak.hpp"
#include "platform.hpp"

namespace warp {

WARP_HD inline Address address_from_hash_tail(const Hash& h) {
  Address a{};
  for (size_t i = 0; i < 20; ++i) a.bytes[i] = h.bytes[12 + i];
  return a;
}

// keccak256(rlp([sender, nonce]))[12:]. The list is at most 1 + 21 + 9 = 31 bytes, so its
// header is the single byte 0xc0 + payload length.
WARP_HD inline Address create_address(const Address& sender, uint64_t nonce) {
  uint8_t buf[32];
  size_t n = 1;
  buf[n++] = 0x80 + 20;  // a 20-byte string
  for (size_t i = 0; i < 20; ++i) buf[n++] = sender.bytes[i];
  if (nonce == 0) {
    buf[n++] = 0x80;  // the empty string encodes integer zero
  } else if (nonce < 0x80) {
    buf[n++] = static_cast<uint8_t>(nonce);  // a single byte below 0x80 is its own encoding
  } else {
    unsigned len = 0;
    for (uint64_t v = nonce; v != 0; v >>= 8) ++len;
    buf[n++] = static_cast<uint8_t>(0x80 + len);
    for (unsigned i = len; i-- > 0;) buf[n++] = static_cast<uint8_t>(nonce >> (8 * i));
  }
  buf[0] = static_cast<uint8_t>(0xc0 + (n - 1));
  return address_from_hash_tail(keccak256(buf, n));
}

WARP_HD inline Address create2_address(const Address& sender, const Hash& salt, const Hash& initcode_hash) {
  uint8_t buf[1 + 20 + 32 + 32];
  buf[0] = 0xff;
  for (size_t i = 0; i < 20; ++i) buf[1 + i] = sender.bytes[i];
  for (size_t i = 0; i < 32; ++i) buf[21 + i] = salt.bytes[i];
  for (size_t i = 0; i < 32; ++i) buf[53 + i] = initcode_hash.bytes[i];
  return address_from_hash_tail(keccak256(buf, sizeof(buf)));
}

}  // namespace warp
