// The value encodings of the Ethereum JSON-RPC (EIP-1474): quantities are "0x" + hex without
// leading zeros ("0x0" for zero), data is "0x" + an even number of hex digits. Parsing is
// strict, as geth's is; a bad value throws RpcError(kInvalidParams) naming the parameter.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/bytes.hpp"

namespace warp::rpc {

std::string quantity(uint64_t v);
std::string quantity(const uint256& v);
std::string hex_data(ByteView bytes);
template <size_t N>
std::string hex_data(const FixedBytes<N>& v) {
  return to_hex0x(v);
}

uint64_t parse_u64(const nlohmann::json& v, std::string_view what);
uint256 parse_u256(const nlohmann::json& v, std::string_view what);
Bytes parse_data(const nlohmann::json& v, std::string_view what);
Address parse_address(const nlohmann::json& v, std::string_view what);
Hash parse_hash(const nlohmann::json& v, std::string_view what);

}  // namespace warp::rpc
