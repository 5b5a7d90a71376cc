// Code created during a block, by hash, shared by every worker of a parallel executor (the
// per-worker CodeCache is not thread-safe). A transaction publishes its new code here before
// its writes reach the multi-version memory, so a reader that sees the code hash finds the code.
#pragma once

#include <shared_mutex>
#include <unordered_map>

#include "host/code_cache.hpp"
#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"

namespace warp {

class BlockCodes {
 public:
  void put(const CodePtr& code);
  CodePtr find(const Hash& hash) const;  // nullptr when unknown
  // The bytes for MVMemory::commit_into; entries are never removed, so the pointer stays valid.
  const Bytes* bytes(const Hash& hash) const;

 private:
  mutable std::shared_mutex mutex_;
  std::unordered_map<Hash, CodePtr, HashKeyHasher> codes_;
};

}  // namespace warp
