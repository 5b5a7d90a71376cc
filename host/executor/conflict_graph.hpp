// The dependency graph of a block from its transactions' final read and write sets: what the
// `--conflicts` output and `warpevm analyze` show. Deterministic: the final sets are what
// sequential execution would have read and written, however the run was scheduled.
#pragma once

#include <span>
#include <vector>

#include "host/executor/block_executor.hpp"
#include "state/rw_set.hpp"

namespace warp {

// reads[i], writes[i]: transaction i's (empty for a transaction not included).
// ReadAfterWrite: i read a value written below it (an edge to the topmost writer; a read that
// summed deltas depends on all of them, only the topmost is listed).
// WriteAfterWrite: i wrote a key a lower transaction wrote last, unless both writes are
// deltas (credits commute, so their order does not matter).
std::vector<ConflictEdge> conflict_graph(std::span<const ReadSet> reads, std::span<const WriteSet> writes);

}  // namespace warp
