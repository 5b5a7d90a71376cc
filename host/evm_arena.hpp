// CPU owner of the interpreter's working memory (kernels/evm/arena.hpp). Every region is a
// virtual reservation (mmap with MAP_NORESERVE): pages are committed only when touched, so
// the regions can be sized for the worst case and the interpreter never answers NeedsHost
// on the CPU. One EvmArena per worker thread, reused across transactions.
#pragma once

#include <cstddef>
#include <cstdint>

#include "kernels/evm/arena.hpp"

namespace warp {

class EvmArena {
 public:
  // Throws std::runtime_error when the address space cannot be reserved.
  EvmArena();
  ~EvmArena();
  EvmArena(const EvmArena&) = delete;
  EvmArena& operator=(const EvmArena&) = delete;

  ExecArena& view() { return view_; }

  // Returns committed pages beyond the first `keep_bytes` of each region to the OS (after a
  // transaction that used a lot of memory); contents are lost, which the interpreter allows.
  void release_pages(size_t keep_bytes = size_t{1} << 20);

 private:
  struct Region {
    void* base = nullptr;
    size_t bytes = 0;
  };
  static Region reserve(const size_t* sizes, size_t count);
  void free_all();

  Region frames_, stack_, memory_, returndata_, scratch_;
  ExecArena view_{};
};

}  // namespace warp
