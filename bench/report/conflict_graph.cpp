#include "bench/report/conflict_graph.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "state/bytes.hpp"

namespace warp::bench {

namespace {

bool usable(const ConflictEdge& e, size_t txs) { return e.from < e.to && e.to < txs; }

}  // namespace

std::string_view key_kind_name(KeyKind kind) {
  switch (kind) {
    case KeyKind::Existence:
      return "existence";
    case KeyKind::Balance:
      return "balance";
    case KeyKind::Nonce:
      return "nonce";
    case KeyKind::CodeHash:
      return "code_hash";
    case KeyKind::StorageSlot:
      return "storage";
  }
  return "unknown";
}

std::string_view conflict_kind_name(ConflictKind kind) { return kind == ConflictKind::ReadAfterWrite ? "raw" : "waw"; }

nlohmann::json key_json(const StateKey& key) {
  return {{"address", to_hex0x(key.address)},
          {"kind", key_kind_name(key.kind)},
          {"slot", hex_quantity(key.kind == KeyKind::StorageSlot ? key.slot : uint256{})}};
}

std::string describe_key(const StateKey& key) {
  std::string s = to_hex0x(key.address);
  s.append(":").append(key_kind_name(key.kind));
  if (key.kind == KeyKind::StorageSlot) s.append("[").append(hex_quantity(key.slot)).append("]");
  return s;
}

size_t longest_chain(std::span<const ConflictEdge> edges, size_t txs) {
  if (txs == 0) return 0;
  // Every edge points upwards, so visiting edges by their target in index order sees a
  // node's depth final before any edge leaves it.
  std::vector<std::pair<uint32_t, uint32_t>> by_target;  // (to, from)
  for (const ConflictEdge& e : edges)
    if (usable(e, txs)) by_target.emplace_back(e.to, e.from);
  std::sort(by_target.begin(), by_target.end());
  std::vector<size_t> depth(txs, 1);
  size_t longest = 1;
  for (const auto& [to, from] : by_target) {
    depth[to] = std::max(depth[to], depth[from] + 1);
    longest = std::max(longest, depth[to]);
  }
  return longest;
}

nlohmann::json conflict_graph_json(std::span<const ConflictEdge> edges, size_t txs) {
  nlohmann::json list = nlohmann::json::array();
  size_t raw = 0;
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  for (const ConflictEdge& e : edges) {
    list.push_back({{"from", e.from}, {"to", e.to}, {"kind", conflict_kind_name(e.kind)}, {"key", key_json(e.key)}});
    if (e.kind == ConflictKind::ReadAfterWrite) ++raw;
    if (usable(e, txs)) pairs.emplace_back(e.from, e.to);
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  std::vector<size_t> in(txs, 0);
  std::vector<size_t> out(txs, 0);
  for (const auto& [from, to] : pairs) {
    ++out[from];
    ++in[to];
  }
  const size_t dependent = static_cast<size_t>(std::count_if(in.begin(), in.end(), [](size_t d) { return d > 0; }));
  nlohmann::json j;
  j["txs"] = txs;
  j["edges"] = std::move(list);
  j["in_degree"] = in;
  j["out_degree"] = out;
  j["summary"] = {{"edges", edges.size()},
                  {"raw", raw},
                  {"waw", edges.size() - raw},
                  {"dependent_txs", dependent},
                  {"max_in_degree", in.empty() ? 0 : *std::max_element(in.begin(), in.end())},
                  {"max_out_degree", out.empty() ? 0 : *std::max_element(out.begin(), out.end())},
                  {"longest_chain", longest_chain(edges, txs)}};
  j["longest_chain"] = longest_chain(edges, txs);
  return j;
}

nlohmann::json conflicts_file_json(std::span<const CellConflicts> cells) {
  nlohmann::json graphs = nlohmann::json::array();
  for (const CellConflicts& c : cells) {
    nlohmann::json g = conflict_graph_json(c.edges, c.txs);
    g["workload"] = c.workload;
    g["accounts"] = c.accounts;
    g["recorded_by"] = c.executor.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.executor);
    g["threads"] = c.threads;
    graphs.push_back(std::move(g));
  }
  if (graphs.size() == 1) return graphs[0];
  return {{"graphs", std::move(graphs)}};
}

}  // namespace warp::bench
