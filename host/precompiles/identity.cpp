// 0x04 IDENTITY: returns its input; 15 gas + 3 per 32-byte word.
#include "builtins.hpp"

namespace warp::precompile {

PrecompileResult identity(ByteView input, int64_t gas_limit) {
  const int64_t gas = word_gas(input.size(), 15, 3);
  if (gas > gas_limit) return failure(gas_limit);
  return PrecompileResult{PrecompileStatus::Success, gas, Bytes(input.begin(), input.end())};
}

}  // namespace warp::precompile
