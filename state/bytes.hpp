// Host-side byte strings and hex conversion, used by every layer above kernels/evm.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"

namespace warp {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

// Lower-case hex without prefix.
std::string to_hex(ByteView bytes);
// "0x" + lower-case hex.
std::string to_hex0x(ByteView bytes);
template <size_t N>
std::string to_hex0x(const FixedBytes<N>& v) {
  return to_hex0x(ByteView(v.bytes, N));
}

// A quantity as Ethereum's JSON writes it: "0x" + lower-case hex without leading zeros
// ("0x0" for zero).
std::string hex_quantity(const uint256& v);
// The value in decimal digits ("0" for zero), for messages people read.
std::string decimal_string(const uint256& v);

// Big-endian fixed-width integers in byte buffers (database keys and rows, header fields).
inline void put_be64(uint8_t* out, uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) out[i] = static_cast<uint8_t>(v);
}
inline uint64_t get_be64(const uint8_t* in) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | in[i];
  return v;
}
inline void put_be32(uint8_t* out, uint32_t v) {
  for (int i = 3; i >= 0; --i, v >>= 8) out[i] = static_cast<uint8_t>(v);
}
inline uint32_t get_be32(const uint8_t* in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | in[i];
  return v;
}

// Accepts an optional 0x/0X prefix and an even number of hex digits; nullopt otherwise.
std::optional<Bytes> from_hex(std::string_view hex);

// Decodes a hex string of exactly N bytes (with or without 0x); nullopt otherwise.
template <size_t N>
std::optional<FixedBytes<N>> fixed_from_hex(std::string_view hex) {
  auto bytes = from_hex(hex);
  if (!bytes || bytes->size() != N) return std::nullopt;
  FixedBytes<N> out{};
  for (size_t i = 0; i < N; ++i) out.bytes[i] = (*bytes)[i];
  return out;
}

inline ByteView as_view(std::string_view s) { return ByteView(reinterpret_cast<const uint8_t*>(s.data()), s.size()); }

}  // namespace warp
