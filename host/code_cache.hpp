// Contract code as the interpreter wants it (bytes, hash, JUMPDEST bitmap), analysed once
// per code hash and shared by every account and transaction that runs the same code.
#pragma once

#include <cstring>
#include <memory>
#include <unordered_map>

#include "kernels/evm/code.hpp"
#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"

namespace warp {

struct CodeEntry {
  Bytes code;
  Hash hash{};
  std::vector<uint8_t> jumpdest_bits;

  CodeRef ref() const { return CodeRef{code.data(), code.size(), hash, jumpdest_bits.data()}; }
};

// Immutable once built: holders may keep a pointer while the cache or the state changes.
using CodePtr = std::shared_ptr<const CodeEntry>;

struct HashKeyHasher {
  size_t operator()(const Hash& h) const noexcept {
    size_t v;  // a Keccak output: any 8 bytes are uniformly distributed already
    std::memcpy(&v, h.bytes, sizeof(v));
    return v;
  }
};

// Not thread-safe: one cache per executor (or per worker thread).
class CodeCache {
 public:
  // The entry for `code`, whose keccak256 is `hash` (callers know it: State keeps it).
  CodePtr get(const Hash& hash, ByteView code);
  // The entry for new code (CREATE results): hashes it first.
  CodePtr get(ByteView code);
  size_t size() const { return entries_.size(); }

 private:
  std::unordered_map<Hash, CodePtr, HashKeyHasher> entries_;
};

// The entry every code-less account shares (empty code, the empty-code hash).
const CodePtr& empty_code_entry();

}  // namespace warp
