// Wall-clock seconds since 1970: block timestamps and JWT `iat` claims.
#pragma once

#include <chrono>
#include <cstdint>

namespace warp {

inline int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The same as a block timestamp.
inline uint64_t unix_now() { return static_cast<uint64_t>(unix_seconds()); }

}  // namespace warp
