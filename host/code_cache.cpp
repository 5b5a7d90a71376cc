#include "host/code_cache.hpp"

#include "kernels/evm/jumpdest.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/account.hpp"

namespace warp {

namespace {

CodePtr make_entry(const Hash& hash, ByteView code) {
  auto e = std::make_shared<CodeEntry>();
  e->code.assign(code.begin(), code.end());
  e->hash = hash;
  // At least one byte so that data() is never null, even for empty code.
  e->jumpdest_bits.assign(jumpdest_bitmap_bytes(code.size()) + 1, 0);
  analyze_jumpdests(e->code.data(), e->code.size(), e->jumpdest_bits.data());
  return e;
}

}  // namespace

CodePtr CodeCache::get(const Hash& hash, ByteView code) {
  if (code.empty()) return empty_code_entry();
  auto it = entries_.find(hash);
  if (it != entries_.end()) return it->second;
  CodePtr e = make_entry(hash, code);
  entries_.emplace(hash, e);
  return e;
}

CodePtr CodeCache::get(ByteView code) {
  if (code.empty()) return empty_code_entry();
  return get(keccak256(code.data(), code.size()), code);
}

const CodePtr& empty_code_entry() {
  static const CodePtr entry = make_entry(kEmptyCodeHash, ByteView{});
  return entry;
}

}  // namespace warp
