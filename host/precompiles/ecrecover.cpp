// 0x01 ECRECOVER: input hash(32) || v(32) || r(32) || s(32), right-padded with zeros.
// Every malformed signature is a successful call with empty output; only a gas limit
// below the fixed price fails.
#include <algorithm>
#include <cstring>

#include "builtins.hpp"
#include "secp256k1_recover.hpp"

namespace warp::precompile {

PrecompileResult ecrecover(ByteView input, int64_t gas_limit) {
  constexpr int64_t kGas = 3000;
  if (gas_limit < kGas) return failure(gas_limit);
  const auto empty = [] { return PrecompileResult{PrecompileStatus::Success, kGas, {}}; };

  uint8_t buf[128] = {};
  std::copy_n(input.data(), std::min(input.size(), sizeof(buf)), buf);

  // v is a full 32-byte word: 27 or 28 with 31 leading zero bytes, nothing else.
  const uint8_t* v = buf + 32;
  if (std::any_of(v, v + 31, [](uint8_t b) { return b != 0; })) return empty();
  if (v[31] != 27 && v[31] != 28) return empty();

  Hash msg;
  std::memcpy(msg.bytes, buf, 32);
  const auto addr = recover_address(msg, buf + 64, v[31] - 27);
  if (!addr) return empty();

  PrecompileResult result{PrecompileStatus::Success, kGas, Bytes(32, 0)};
  std::memcpy(result.output.data() + 12, addr->bytes, 20);
  return result;
}

}  // namespace warp::precompile
