// Fixed-size byte values that cross every layer: 32-byte hashes and 20-byte addresses.
// Trivially copyable PODs so they can live in device buffers and on disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>

#include "platform.hpp"

namespace warp {

template <size_t N>
struct FixedBytes {
  uint8_t bytes[N];

  static constexpr size_t size() { return N; }
  WARP_HD friend bool operator==(const FixedBytes& a, const FixedBytes& b) {
    for (size_t i = 0; i < N; ++i)
      if (a.bytes[i] != b.bytes[i]) return false;
    return true;
  }
  WARP_HD friend bool operator!=(const FixedBytes& a, const FixedBytes& b) { return !(a == b); }
  WARP_HD friend bool operator<(const FixedBytes& a, const FixedBytes& b) {
    for (size_t i = 0; i < N; ++i)
      if (a.bytes[i] != b.bytes[i]) return a.bytes[i] < b.bytes[i];
    return false;
  }
};

using Hash = FixedBytes<32>;
using Address = FixedBytes<20>;

static_assert(std::is_trivially_copyable_v<Hash> && sizeof(Hash) == 32);
static_assert(std::is_trivially_copyable_v<Address> && sizeof(Address) == 20);

}  // namespace warp
