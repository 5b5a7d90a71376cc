// Traced execution for `warpevm analyze`: one transaction through the transition function with
// its call trace recorded (host/trace), on a State or on any BaseState (a state with an
// override, for what-if runs).
#pragma once

#include <vector>

#include "host/analyze/analysis_block.hpp"
#include "host/base_state.hpp"
#include "host/trace/call_trace.hpp"
#include "host/transition.hpp"

namespace warp {

struct TracedTx {
  Receipt receipt;
  CallTrace trace;  // empty when the transaction was rejected before its message ran
};

// Runs `tx` over `base` and discards the outcome (nothing is written anywhere).
TracedTx run_traced(BaseState& base, const Transaction& tx, const AnalysisBlock& block, const BlockUsage& usage,
                    TransitionScratch& scratch);

// Runs `tx` over `state` and applies it when included (apply_transaction with a trace).
TracedTx apply_traced(State& state, const Transaction& tx, const AnalysisBlock& block, const BlockUsage& usage,
                      TransitionScratch& scratch);

// The whole block in order on a copy of its pre-state, with block gas accounting as the
// sequential executor does it: one TracedTx per transaction.
std::vector<TracedTx> trace_block(const AnalysisBlock& block);

}  // namespace warp
