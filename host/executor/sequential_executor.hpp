// The reference executor (DESIGN.md section 5): the block's transactions one after another,
// in block order, each against the state the previous one left. Every other executor must
// produce exactly its receipts, logs and state root.
#pragma once

#include <span>
#include <vector>

#include "host/transition.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/evm/hash.hpp"
#include "state/state.hpp"

namespace warp {

struct BlockResult {
  std::vector<Receipt> receipts;  // one per transaction, rejected ones included (not applied)
  uint64_t gas_used = 0;          // by included transactions
  uint64_t blob_gas_used = 0;
  Hash logs_hash{};  // keccak(rlp(all logs of the block, in order))
  Hash state_root{};
  size_t rejected = 0;  // transactions not included (invalid or not executable here)
};

class SequentialExecutor {
 public:
  // Applies `txs` to `state` (senders already recovered) and returns the receipts and the
  // post-state root. An invalid transaction is skipped, as a block builder would.
  BlockResult execute(State& state, std::span<const Transaction> txs, const BlockEnv& env, Fork fork);

 private:
  TransitionScratch scratch_;  // kept across blocks: arena pages and analysed code stay warm
};

}  // namespace warp
