#include "host/analyze/traced_run.hpp"

namespace warp {

namespace {

TracedTx run_on(BaseState& base, State* apply_to, const Transaction& tx, const AnalysisBlock& block,
                const BlockUsage& usage, TransitionScratch& scratch) {
  TracedTx out;
  EvmStateHost host(base, block.env.context, TxContext{}, block.fork, scratch.codes, block.env.block_hash);
  out.receipt = run_transaction(host, tx, block.env, block.fork, usage, scratch, nullptr, &out.trace);
  if (apply_to && out.receipt.included()) host.finalize(*apply_to);
  return out;
}

}  // namespace

TracedTx run_traced(BaseState& base, const Transaction& tx, const AnalysisBlock& block, const BlockUsage& usage,
                    TransitionScratch& scratch) {
  return run_on(base, nullptr, tx, block, usage, scratch);
}

TracedTx apply_traced(State& state, const Transaction& tx, const AnalysisBlock& block, const BlockUsage& usage,
                      TransitionScratch& scratch) {
  StateBase base(state, scratch.codes);
  return run_on(base, &state, tx, block, usage, scratch);
}

std::vector<TracedTx> trace_block(const AnalysisBlock& block) {
  State state = block.pre;
  TransitionScratch scratch;
  BlockUsage usage;
  std::vector<TracedTx> out;
  out.reserve(block.txs.size());
  for (const Transaction& tx : block.txs) {
    out.push_back(apply_traced(state, tx, block, usage, scratch));
    const Receipt& r = out.back().receipt;
    if (r.included()) {
      usage.gas_used += r.gas_used;
      usage.blob_gas_used += r.blob_gas_used;
    }
  }
  return out;
}

}  // namespace warp
