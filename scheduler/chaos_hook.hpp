// A seeded ChaosHook for the Block-STM scheduler: at the decision points it is called from,
// it sometimes yields and sometimes sleeps a few microseconds, so that workers interleave in
// ways a quiet machine rarely produces. Used by the differential tests and `--chaos-seed`;
// the committed result of a block must never change because of it.
#pragma once

#include <cstdint>

#include "scheduler/block_stm_scheduler.hpp"

namespace warp {

// seed 0 = no chaos (an empty hook).
BlockStmScheduler::ChaosHook make_chaos_hook(uint64_t seed);

}  // namespace warp
