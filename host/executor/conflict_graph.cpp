#include "host/executor/conflict_graph.hpp"

#include <unordered_map>

namespace warp {

std::vector<ConflictEdge> conflict_graph(std::span<const ReadSet> reads, std::span<const WriteSet> writes) {
  std::vector<ConflictEdge> edges;
  struct LastWrite {
    uint32_t tx;
    WriteKind kind;
  };
  std::unordered_map<StateKey, LastWrite, StateKeyHasher> last;
  for (size_t i = 0; i < reads.size(); ++i) {
    const auto to = static_cast<uint32_t>(i);
    for (const ReadEntry& r : reads[i].entries())
      if (r.origin == ReadOrigin::Version) edges.push_back({r.version.tx_index, to, ConflictKind::ReadAfterWrite, r.key});
    if (i >= writes.size()) continue;
    for (const WriteEntry& w : writes[i].entries()) {
      auto [it, fresh] = last.try_emplace(w.key, LastWrite{to, w.kind});
      if (fresh) continue;
      if (!(it->second.kind == WriteKind::Delta && w.kind == WriteKind::Delta))
        edges.push_back({it->second.tx, to, ConflictKind::WriteAfterWrite, w.key});
      it->second = {to, w.kind};
    }
  }
  return edges;
}

}  // namespace warp
