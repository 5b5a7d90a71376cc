// `warpevm analyze`: re-entrancy, read from call traces (host/trace). A contract is re-entered
// when a frame running on its storage starts while an outer frame on the same storage is still
// on the call stack, with another contract's frame between them (a contract calling itself
// directly is not re-entry). What makes it a finding is the outer frame writing storage after
// the external call that led to the re-entry: the inner frame ran on state the outer one had
// not finished updating.
//
//   same-function:  the inner frame runs the outer frame's function (the classic drain);
//   cross-function: it runs another function of the contract and writes storage;
//   read-only:      it writes nothing (a view, often reached by STATICCALL from a third
//                   contract) but reads a slot the outer frame writes after the call.
//
// In every kind the inner frame must have used stale state: read a slot the outer frame wrote
// after the call, or written one the outer frame had read before the call and overwrote after
// it (a lost update). Re-entries without that (checks-effects-interactions; a lock or cache
// the outer frame only resets) are counted, not reported. Only effects that stand count: the
// inner frame and every frame above it succeeded; accesses of reverted sub-calls are ignored.
//
// The outer frame is the function's whole context: the frames on the contract's storage it
// reached without leaving the contract (a DELEGATECALL to a library, a call to itself) write
// and read for it, and the outermost of them is the outer frame reported.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "host/analyze/traced_run.hpp"

namespace warp {

enum class ReentrancyKind : uint8_t { SameFunction, CrossFunction, ReadOnly };
const char* to_string(ReentrancyKind kind);

struct ReentrancyFinding {
  uint32_t tx = 0;
  ReentrancyKind kind = ReentrancyKind::SameFunction;
  Address contract{};  // the storage re-entered
  Address code{};      // the outer frame's code address
  std::optional<uint32_t> outer_selector;
  std::optional<uint32_t> inner_selector;
  Address called{};  // the contract the outer frame called, which led to the re-entry
  int32_t outer_depth = 0;
  int32_t inner_depth = 0;
  std::vector<uint256> written_after;  // slots the outer frame wrote after that call returned
  std::vector<uint256> stale;          // the slots the inner frame used stale (see above), sorted
  std::string explanation;             // one line
};

struct ReentrancyReport {
  size_t transactions_traced = 0;
  size_t reentries = 0;           // frames entering a contract already on the stack: safe + repeated + findings
  size_t safe_reentries = 0;      // no stale state used, or the effects did not stand
  size_t repeated_reentries = 0;  // like a reported finding (same tx, contract, kind, selectors)
  std::vector<ReentrancyFinding> findings;  // by tx; one per (tx, contract, kind, selectors)
};

// `traces[i]` is transaction i's (trace_block).
ReentrancyReport analyze_reentrancy(std::span<const TracedTx> traces);

}  // namespace warp
