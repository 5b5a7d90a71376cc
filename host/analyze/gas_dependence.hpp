// `warpevm analyze`: outcomes that depend on gas. Every transaction is re-run on the state
// just before it (its prefix in the block) with its gas limit lowered and raised, traced:
//
//   inner-call griefing (63/64 rule): an inner call fails at a lower gas limit and succeeds at
//     a higher one, while the transaction itself succeeds at both. Whoever sends the
//     transaction chooses the gas, so they choose whether the inner call happens; a relayer
//     that records the request as done either way can be griefed.
//   storage-bounded loops: a loop that ran once per element of a value the frame read from
//     storage (an array length, a counter). The finding is confirmed by re-running the
//     transaction with that slot raised: the loop must run as many more times, and use more
//     gas. The gas of one iteration gives the size at which the call no longer fits in a block.
//
// An inner failure after which the caller writes other slots than after a success (a fallback
// credit, a retry queue) is handled, not griefing: counted, not reported.
//
// Limits: dynamic, like the rest: only the calls and loops the block's transactions reach,
// at the gas points tried (not a search for every boundary). A transaction whose message
// makes no inner call at its own limit is not re-run for griefing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "host/analyze/analysis_block.hpp"
#include "kernels/evm/status.hpp"

namespace warp {

struct GasOptions {
  size_t ladder_points = 24;         // gas limits from just above the intrinsic cost up to 2x the limit
  uint64_t min_loop_iterations = 3;  // shorter loops are not checked against storage
  uint64_t loop_probe_extra = 8;     // how many more elements the confirmation run pretends
};

struct GriefingFinding {
  uint32_t tx = 0;
  Address caller{};  // storage of the frame that made the inner call
  Address callee{};  // code address of the inner call
  std::optional<uint32_t> selector;
  int32_t depth = 0;
  uint64_t failing_gas_limit = 0;  // inner call fails, transaction succeeds
  EvmStatus failing_status = EvmStatus::OutOfGas;
  uint64_t succeeding_gas_limit = 0;  // inner call succeeds too
  uint64_t original_gas_limit = 0;
  std::string explanation;
};

struct StorageLoopFinding {
  uint32_t tx = 0;
  Address contract{};  // storage the frame ran on
  Address code{};
  uint64_t head_pc = 0;
  uint64_t iterations = 0;
  uint256 bound_slot{};
  uint256 bound_value{};
  uint64_t gas_used = 0;                 // by the transaction as the block ran it
  uint64_t gas_per_element = 0;          // the frame's gas per iteration, in this run
  uint64_t elements_at_block_limit = 0;  // bound value at which the transaction needs the whole block
  std::string explanation;
};

struct GasReport {
  size_t transactions_checked = 0;  // included transactions
  size_t reruns = 0;
  size_t loops_unconfirmed = 0;           // bound looked like a storage value, but raising it did not add iterations
  size_t handled_failures = 0;            // gas-dependent inner failures the caller acted on (wrote other slots)
  std::vector<GriefingFinding> griefing;  // by tx, then call path
  std::vector<StorageLoopFinding> loops;  // by tx
};

// The gas limits tried for one transaction: just above the intrinsic cost, what it used, its
// own limit, and a geometric ladder from the first to min(block gas limit, 2x its limit).
std::vector<uint64_t> gas_points(uint64_t intrinsic, uint64_t used, uint64_t limit, uint64_t block_limit,
                                 size_t ladder);

GasReport analyze_gas_dependence(const AnalysisBlock& block, const GasOptions& options = {});

}  // namespace warp
