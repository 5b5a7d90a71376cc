#include "host/block_codes.hpp"

#include <mutex>

namespace warp {

void BlockCodes::put(const CodePtr& code) {
  std::unique_lock lock(mutex_);
  codes_.try_emplace(code->hash, code);
}

CodePtr BlockCodes::find(const Hash& hash) const {
  std::shared_lock lock(mutex_);
  auto it = codes_.find(hash);
  return it == codes_.end() ? nullptr : it->second;
}

const Bytes* BlockCodes::bytes(const Hash& hash) const {
  CodePtr c = find(hash);
  return c ? &c->code : nullptr;
}

}  // namespace warp
