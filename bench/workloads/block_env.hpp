// The block every workload runs in: Cancun, chain id 1, fixed number, time and randomness.
#pragma once

#include <cstdint>

#include "host/transition.hpp"

namespace warp::bench {

// gas_limit: the block's, at least the sum of its transactions' limits so none is refused
// for lack of block gas.
BlockEnv make_block_env(uint64_t gas_limit);

}  // namespace warp::bench
