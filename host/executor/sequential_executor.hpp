// The reference executor (DESIGN.md section 5): the block's transactions one after another,
// in block order, each against the state the previous one left. Every other executor must
// produce exactly its receipts, logs and state root.
#pragma once

#include <span>
#include <vector>

#include "host/executor/block_executor.hpp"
#include "host/transition.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "state/state.hpp"

namespace warp {

class SequentialExecutor final : public BlockExecutor {
 public:
  std::string_view name() const override { return "sequential"; }
  size_t threads() const override { return 1; }
  // Senders already recovered. An invalid transaction is skipped, as a block builder would.
  BlockResult execute(State& state, std::span<const Transaction> txs, const BlockEnv& env, Fork fork) override;
  const ExecutorStats& stats() const override { return stats_; }

 private:
  TransitionScratch scratch_;  // kept across blocks: arena pages and analysed code stay warm
  ExecutorStats stats_;
};

}  // namespace warp
