// 0x02 SHA-256: 60 gas + 12 per 32-byte word of input; output the 32-byte digest.
#include "builtins.hpp"
#include "openssl_digest.hpp"

namespace warp::precompile {

PrecompileResult sha256(ByteView input, int64_t gas_limit) {
  const int64_t gas = word_gas(input.size(), 60, 12);
  if (gas > gas_limit) return failure(gas_limit);
  PrecompileResult result{PrecompileStatus::Success, gas, Bytes(32, 0)};
  if (!sha256_digest(input, result.output.data())) return failure(gas_limit);
  return result;
}

}  // namespace warp::precompile
