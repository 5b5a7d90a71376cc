#include "host/evm_arena.hpp"

#include <sys/mman.h>

#include <stdexcept>
#include <string>

namespace warp {
namespace {

constexpr size_t kGiB = size_t{1} << 30;
constexpr size_t kMiB = size_t{1} << 20;

void unmap(void* base, size_t bytes) {
  if (base != nullptr) static_cast<void>(munmap(base, bytes));
}

}  // namespace

// Tries each size in turn (largest first): a system with strict overcommit may refuse the
// larger reservations, and a smaller one only lowers the (gas-bounded) ceiling.
EvmArena::Region EvmArena::reserve(const size_t* sizes, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    void* p = mmap(nullptr, sizes[i], PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p != MAP_FAILED) return Region{p, sizes[i]};
  }
  throw std::runtime_error("EvmArena: cannot reserve " + std::to_string(sizes[count - 1] / kMiB) +
                           " MiB of address space for the interpreter");
}

EvmArena::EvmArena() {
  try {
    const size_t frame_bytes[] = {kMaxFrames * sizeof(Frame)};
    const size_t stack_bytes[] = {kMaxFrames * kStackWordsPerFrame * sizeof(uint256)};
    // Memory of all live frames together; bounded by gas only (2^32 bytes of one frame
    // already cost ~3.6e13 gas).
    const size_t memory_bytes[] = {16 * kGiB, 4 * kGiB, 1 * kGiB};
    // Returndata is one frame's output, at most one frame's memory (< 2^32 bytes).
    const size_t returndata_bytes[] = {4 * kGiB, 1 * kGiB};
    // JUMPDEST bitmaps of all live frames: 1025 frames of large code.
    const size_t scratch_bytes[] = {256 * kMiB, 64 * kMiB};
    frames_ = reserve(frame_bytes, 1);
    stack_ = reserve(stack_bytes, 1);
    memory_ = reserve(memory_bytes, 3);
    returndata_ = reserve(returndata_bytes, 2);
    scratch_ = reserve(scratch_bytes, 2);
  } catch (...) {
    free_all();
    throw;
  }
  view_.frames = static_cast<Frame*>(frames_.base);
  view_.frame_count = kMaxFrames;
  view_.stack = static_cast<uint256*>(stack_.base);
  view_.stack_words = kMaxFrames * kStackWordsPerFrame;
  view_.memory = static_cast<uint8_t*>(memory_.base);
  view_.memory_bytes = memory_.bytes;
  view_.returndata = static_cast<uint8_t*>(returndata_.base);
  view_.returndata_bytes = returndata_.bytes;
  view_.scratch = static_cast<uint8_t*>(scratch_.base);
  view_.scratch_bytes = scratch_.bytes;
}

EvmArena::~EvmArena() { free_all(); }

void EvmArena::free_all() {
  for (Region* r : {&frames_, &stack_, &memory_, &returndata_, &scratch_}) {
    unmap(r->base, r->bytes);
    *r = Region{};
  }
}

void EvmArena::release_pages(size_t keep_bytes) {
  const size_t page = 4096;
  keep_bytes = (keep_bytes + page - 1) / page * page;
  for (Region* r : {&memory_, &returndata_, &scratch_}) {
    if (r->base != nullptr && r->bytes > keep_bytes)
      static_cast<void>(madvise(static_cast<uint8_t*>(r->base) + keep_bytes, r->bytes - keep_bytes, MADV_DONTNEED));
  }
}

}  // namespace warp
