#include "host/node/rpc_hex.hpp"

#include <algorithm>

#include "host/node/rpc_error.hpp"

namespace warp::rpc {

namespace {

[[noreturn]] void bad(std::string_view what, const std::string& why) {
  throw RpcError(kInvalidParams, "invalid " + std::string(what) + ": " + why);
}

// The digits after "0x" of a quantity: at least one, no leading zero unless the value is 0.
std::string_view quantity_digits(const nlohmann::json& v, std::string_view what) {
  if (!v.is_string()) bad(what, "expected a hex string");
  std::string_view s = v.get_ref<const std::string&>();
  if (s.size() < 3 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) bad(what, "hex string without 0x prefix");
  s.remove_prefix(2);
  if (s.size() > 1 && s[0] == '0') bad(what, "hex number with leading zero digits");
  return s;
}

// Data of exactly N bytes (an address, a hash).
template <size_t N>
FixedBytes<N> parse_fixed(const nlohmann::json& v, std::string_view what) {
  const Bytes b = parse_data(v, what);
  if (b.size() != N) bad(what, "expected " + std::to_string(N) + " bytes, got " + std::to_string(b.size()));
  FixedBytes<N> out{};
  std::copy(b.begin(), b.end(), out.bytes);
  return out;
}

}  // namespace

std::string quantity(uint64_t v) { return hex_quantity(uint256(v)); }

std::string quantity(const uint256& v) { return hex_quantity(v); }

std::string hex_data(ByteView bytes) { return to_hex0x(bytes); }

uint256 parse_u256(const nlohmann::json& v, std::string_view what) {
  const std::string_view s = quantity_digits(v, what);
  if (s.size() > 64) bad(what, "number larger than 256 bits");
  uint256 out{};
  if (!uint256::from_hex(s.data(), s.size(), &out)) bad(what, "invalid hex digit");
  return out;
}

uint64_t parse_u64(const nlohmann::json& v, std::string_view what) {
  const uint256 x = parse_u256(v, what);
  if (x > uint256(~uint64_t{0})) bad(what, "number larger than 64 bits");
  return x.w[0];
}

Bytes parse_data(const nlohmann::json& v, std::string_view what) {
  if (!v.is_string()) bad(what, "expected a hex string");
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() < 2 || s[0] != '0' || (s[1] != 'x' && s[1] != 'X')) bad(what, "hex string without 0x prefix");
  auto bytes = from_hex(s);
  if (!bytes) bad(what, "odd length or invalid hex digit");
  return std::move(*bytes);
}

Address parse_address(const nlohmann::json& v, std::string_view what) { return parse_fixed<20>(v, what); }

Hash parse_hash(const nlohmann::json& v, std::string_view what) { return parse_fixed<32>(v, what); }

}  // namespace warp::rpc
