// Whether an executor's block result is the sequential one (DESIGN.md section 1): the state
// root, the logs hash, the gas used and every receipt's inclusion, status and gas.
#pragma once

#include <string>

#include "host/executor/block_executor.hpp"

namespace warp::bench {

// Empty when `got` matches `expected`; otherwise the first difference, for a person.
std::string compare_block_results(const BlockResult& expected, const BlockResult& got);

}  // namespace warp::bench
