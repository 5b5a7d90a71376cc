#include "scheduler/chaos_hook.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

namespace warp {

namespace {
uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
}  // namespace

BlockStmScheduler::ChaosHook make_chaos_hook(uint64_t seed) {
  if (seed == 0) return {};
  // Shared by the workers: each call draws the next number of one seeded sequence.
  auto calls = std::make_shared<std::atomic<uint64_t>>(0);
  return [seed, calls](const char* /*point*/) {
    const uint64_t x = splitmix(seed ^ splitmix(calls->fetch_add(1, std::memory_order_relaxed)));
    const uint64_t pick = x % 32;
    if (pick == 0) {
      std::this_thread::sleep_for(std::chrono::microseconds(20 + (x >> 8) % 180));
    } else if (pick < 6) {
      std::this_thread::yield();
    }
  };
}

}  // namespace warp
