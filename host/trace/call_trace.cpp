#include "host/trace/call_trace.hpp"

#include <algorithm>

#include "state/bytes.hpp"

namespace warp {

std::string selector_hex(uint32_t selector) {
  const uint8_t be[4] = {static_cast<uint8_t>(selector >> 24), static_cast<uint8_t>(selector >> 16),
                         static_cast<uint8_t>(selector >> 8), static_cast<uint8_t>(selector)};
  return to_hex0x(ByteView(be, 4));
}

bool CallTrace::survives(int32_t frame) const {
  for (int32_t f = frame; f >= 0; f = frames[static_cast<size_t>(f)].parent) {
    if (!frames[static_cast<size_t>(f)].stood()) return false;
  }
  return true;
}

bool CallTrace::is_ancestor(int32_t ancestor, int32_t frame) const {
  for (int32_t f = frame; f >= 0; f = frames[static_cast<size_t>(f)].parent)
    if (f == ancestor) return true;
  return false;
}

int32_t CallTrace::child_towards(int32_t ancestor, int32_t frame) const {
  for (int32_t f = frame; f >= 0; f = frames[static_cast<size_t>(f)].parent)
    if (frames[static_cast<size_t>(f)].parent == ancestor) return f;
  return -1;
}

std::vector<uint32_t> CallTrace::path(int32_t frame) const {
  std::vector<uint32_t> out;
  for (int32_t f = frame; f >= 0 && frames[static_cast<size_t>(f)].parent >= 0;
       f = frames[static_cast<size_t>(f)].parent)
    out.push_back(frames[static_cast<size_t>(f)].ordinal);
  std::reverse(out.begin(), out.end());
  return out;
}

}  // namespace warp
