// A block to analyse (`warpevm analyze`): the state before it, its transactions in order
// (senders recovered) and its environment.
#pragma once

#include <vector>

#include "host/transition.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "state/state.hpp"

namespace warp {

struct AnalysisBlock {
  State pre;
  std::vector<Transaction> txs;
  BlockEnv env;
  Fork fork = Fork::Cancun;
};

}  // namespace warp
