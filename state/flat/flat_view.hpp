// The flat snapshot of the world state that the GPU executor reads (DESIGN.md sections 2
// and 3): plain arrays, no pointers inside entries, so one memcpy moves them to the device.
//   accounts   open-addressing table keyed by address (linear probing, power-of-two size)
//   slots      open-addressing table keyed by (address, slot)
//   code       every distinct code, concatenated; accounts point at theirs by offset
//   jumpdests  the JUMPDEST bitmap of each code, computed once on the host
// Header-only and WARP_HD: the execute kernel and its host-emulated twin use the same
// lookups. The host side that builds and updates the arrays is state/flat/flat_state.
#pragma once

#include <cstdint>
#include <type_traits>

#include "kernels/evm/code.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/platform.hpp"
#include "kernels/evm/uint256.hpp"

namespace warp {

// Table entry states. A deleted entry keeps probing chains through it intact.
enum : uint32_t { kFlatEmpty = 0, kFlatUsed = 1, kFlatDeleted = 2 };

struct FlatAccount {
  Address address{};
  uint32_t state = kFlatEmpty;
  uint64_t nonce = 0;
  uint256 balance{};
  Hash code_hash{};              // keccak256 of the code (the empty-code hash when none)
  uint64_t code_offset = 0;      // into FlatView::code
  uint64_t jumpdest_offset = 0;  // into FlatView::jumpdests
  uint32_t code_size = 0;
  uint32_t has_storage = 0;  // any non-zero slot (EIP-7610 collisions)
};
static_assert(std::is_trivially_copyable_v<FlatAccount> && sizeof(FlatAccount) == 120);

struct FlatSlot {
  Address address{};
  uint32_t state = kFlatEmpty;
  uint256 key{};
  uint256 value{};  // zero is a valid entry (a slot cleared after the build): reads as absent
};
static_assert(std::is_trivially_copyable_v<FlatSlot> && sizeof(FlatSlot) == 88);

// 64-bit mixing of keys (splitmix64's finalizer); device-safe, unlike the std:: hashers.
WARP_HD inline uint64_t flat_mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ull;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

WARP_HD inline uint64_t flat_hash(const Address& a) {
  uint64_t p[3] = {0, 0, 0};
  for (int i = 0; i < 20; ++i) p[i / 8] |= static_cast<uint64_t>(a.bytes[i]) << (8 * (i % 8));
  return flat_mix(p[0] ^ flat_mix(p[1] ^ flat_mix(p[2])));
}

WARP_HD inline uint64_t flat_hash(const Address& a, const uint256& key) {
  return flat_mix(flat_hash(a) ^ flat_mix(key.w[0] ^ flat_mix(key.w[1] ^ flat_mix(key.w[2] ^ flat_mix(key.w[3])))));
}

// A read-only view of the arrays (host or device memory). Both tables are never full (the
// builder keeps the load at most one half), so every probe ends at an empty entry.
struct FlatView {
  const FlatAccount* accounts = nullptr;
  uint64_t account_mask = 0;  // capacity - 1
  const FlatSlot* slots = nullptr;
  uint64_t slot_mask = 0;
  const uint8_t* code = nullptr;
  const uint8_t* jumpdests = nullptr;

  WARP_HD const FlatAccount* find(const Address& a) const {
    for (uint64_t i = flat_hash(a) & account_mask;; i = (i + 1) & account_mask) {
      const FlatAccount& e = accounts[i];
      if (e.state == kFlatEmpty) return nullptr;
      if (e.state == kFlatUsed && e.address == a) return &e;
    }
  }

  // The slot's value; zero when the account or the slot is absent.
  WARP_HD uint256 storage(const Address& a, const uint256& key) const {
    for (uint64_t i = flat_hash(a, key) & slot_mask;; i = (i + 1) & slot_mask) {
      const FlatSlot& e = slots[i];
      if (e.state == kFlatEmpty) return uint256{};
      if (e.state == kFlatUsed && e.key == key && e.address == a) return e.value;
    }
  }

  WARP_HD CodeRef code_of(const FlatAccount& acc) const {
    CodeRef r;
    r.code = code + acc.code_offset;
    r.size = acc.code_size;
    r.hash = acc.code_hash;
    r.jumpdest_bits = jumpdests + acc.jumpdest_offset;
    return r;
  }
};
static_assert(std::is_trivially_copyable_v<FlatView>);

}  // namespace warp
