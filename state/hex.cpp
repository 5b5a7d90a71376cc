#include "state/bytes.hpp"

namespace warp {

namespace {
constexpr char kDigits[] = "0123456789abcdef";

int nibble(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}
}  // namespace

std::string to_hex(ByteView bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 15]);
  }
  return out;
}

std::string to_hex0x(ByteView bytes) { return "0x" + to_hex(bytes); }

std::optional<Bytes> from_hex(std::string_view hex) {
  if (hex.size() >= 2 && hex[0] == '0' && (hex[1] == 'x' || hex[1] == 'X')) hex.remove_prefix(2);
  if (hex.size() % 2 != 0) return std::nullopt;
  Bytes out(hex.size() / 2);
  for (size_t i = 0; i < out.size(); ++i) {
    const int hi = nibble(hex[2 * i]);
    const int lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return out;
}

std::string hex_quantity(const uint256& v) {
  char buf[2 + 64 + 1];  // "0x", the digits, and the terminating zero to_hex writes
  return std::string(buf, v.to_hex(buf));
}

std::string decimal_string(const uint256& v) {
  if (v.is_zero()) return "0";
  std::string digits;
  const uint256 ten(10);
  for (uint256 x = v; !x.is_zero(); x = x / ten) digits.push_back(static_cast<char>('0' + (x % ten).low64()));
  return {digits.rbegin(), digits.rend()};
}

}  // namespace warp
