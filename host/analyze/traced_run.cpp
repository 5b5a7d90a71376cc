#include "host/analyze/traced_run.hpp"

namespace warp {

TracedTx run_traced(BaseState& base, const Transaction& tx, const AnalysisBlock& block, const BlockUsage& usage,
                    TransitionScratch& scratch) {
  TracedTx out;
  EvmStateHost host(base, block.env.context, TxContext{}, block.fork, scratch.codes, block.env.block_hash);
  out.receipt = run_transaction(host, tx, block.env, block.fork, usage, scratch, nullptr, &out.trace);
  return out;
}

TracedTx apply_traced(State& state, const Transaction& tx, const AnalysisBlock& block, const BlockUsage& usage,
                      TransitionScratch& scratch) {
  TracedTx out;
  out.receipt = apply_transaction(state, tx, block.env, block.fork, usage, scratch, &out.trace);
  return out;
}

std::vector<TracedTx> trace_block(const AnalysisBlock& block) {
  State state = block.pre;
  TransitionScratch scratch;
  BlockUsage usage;
  std::vector<TracedTx> out;
  out.reserve(block.txs.size());
  for (const Transaction& tx : block.txs) {
    out.push_back(apply_traced(state, tx, block, usage, scratch));
    count_usage(usage, out.back().receipt);
  }
  return out;
}

}  // namespace warp
