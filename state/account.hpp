// One account of the in-memory world state, and the hashers that key host containers by
// address and by storage slot.
#pragma once

#include <cstdint>
#include <cstring>
#include <unordered_map>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/bytes.hpp"

namespace warp {

// keccak256("") : the code hash of every account without code.
inline constexpr Hash kEmptyCodeHash = {{0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d,
                                         0xb2, 0xdc, 0xc7, 0x03, 0xc0, 0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82,
                                         0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70}};

namespace detail {
// splitmix64's finalizer: addresses and slots are often tiny or patterned (0x...01,
// 0xcccc...), so raw bytes would cluster in the buckets.
inline uint64_t mix64(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
}  // namespace detail

struct AddressHasher {
  size_t operator()(const Address& a) const noexcept {
    uint64_t parts[3] = {0, 0, 0};
    std::memcpy(parts, a.bytes, sizeof(a.bytes));
    return static_cast<size_t>(detail::mix64(parts[0] ^ detail::mix64(parts[1] ^ detail::mix64(parts[2]))));
  }
};

struct WordHasher {
  size_t operator()(const uint256& v) const noexcept {
    return static_cast<size_t>(
        detail::mix64(v.w[0] ^ detail::mix64(v.w[1] ^ detail::mix64(v.w[2] ^ detail::mix64(v.w[3])))));
  }
};

// Slot -> value. Holds non-zero values only: a zero slot is absent from the storage trie.
using Storage = std::unordered_map<uint256, uint256, WordHasher>;

struct Account {
  uint64_t nonce = 0;
  uint256 balance{};
  Bytes code;
  Hash code_hash = kEmptyCodeHash;  // keccak256(code); kept in step by State::set_code
  Storage storage;

  // EIP-161 "empty": no nonce, no balance, no code (storage does not count).
  bool empty() const { return nonce == 0 && balance.is_zero() && code_hash == kEmptyCodeHash; }
};

}  // namespace warp
