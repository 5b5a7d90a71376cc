// The conflict graph of a block as JSON (`--conflicts FILE.json`), for research on what
// makes parallel execution safe or slow: every dependency edge between two transactions,
// each transaction's in/out degree, and the longest dependency chain, which bounds the
// speedup any schedule can reach on that block.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <string_view>

#include "bench/report/bench_record.hpp"
#include "host/executor/block_executor.hpp"
#include "state/state_key.hpp"

namespace warp::bench {

// "existence", "balance", "nonce", "code_hash", "storage".
std::string_view key_kind_name(KeyKind kind);
// "raw" (read after write) or "waw" (write after write).
std::string_view conflict_kind_name(ConflictKind kind);

// {"address": "0x..", "kind": "storage", "slot": "0x.."}; slot is "0x0" unless storage.
nlohmann::json key_json(const StateKey& key);
// "0xabc..:storage[0x5]" or "0xabc..:balance", for one-line messages.
std::string describe_key(const StateKey& key);

// Transactions on the longest path of edges (each from a lower to a higher index): 0 for
// an empty block, 1 when no transaction depends on another. Edges that do not point
// upwards inside [0, txs) are ignored.
size_t longest_chain(std::span<const ConflictEdge> edges, size_t txs);

// {"txs", "edges": [{from, to, kind, key}], "in_degree": [...], "out_degree": [...],
//  "summary": {edges, raw, waw, dependent_txs, max_in_degree, max_out_degree,
//              longest_chain}}. Degrees count distinct neighbours, not edges (two keys
// between the same pair are one dependency).
nlohmann::json conflict_graph_json(std::span<const ConflictEdge> edges, size_t txs);

// The --conflicts file: the graph of the run's block with workload, accounts, recorded_by
// and threads added; {"graphs": [...]} of those when the run had several blocks (bench's
// matrix). recorded_by is null when no executor of the run records conflicts.
nlohmann::json conflicts_file_json(std::span<const CellConflicts> cells);

}  // namespace warp::bench
