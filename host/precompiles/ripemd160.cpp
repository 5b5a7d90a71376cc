// 0x03 RIPEMD-160: 600 gas + 120 per 32-byte word; the 20-byte digest is returned as a
// 32-byte word, left-padded with zeros.
#include "builtins.hpp"
#include "openssl_digest.hpp"

namespace warp::precompile {

PrecompileResult ripemd160(ByteView input, int64_t gas_limit) {
  const int64_t gas = word_gas(input.size(), 600, 120);
  if (gas > gas_limit) return failure(gas_limit);
  PrecompileResult result{PrecompileStatus::Success, gas, Bytes(32, 0)};
  if (!ripemd160_digest(input, result.output.data() + 12)) return failure(gas_limit);
  return result;
}

}  // namespace warp::precompile
