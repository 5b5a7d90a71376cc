// The batch mode's engine: the signed load cut into batches, each executed as one block by
// warp_executeBatch, one after another over one connection.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

#include "bench/rpc_load/load_txs.hpp"
#include "bench/rpc_load/rpc_client.hpp"

namespace warp::bench {

struct BatchRunOutcome {
  double seconds = 0;  // first request sent to the last answer read
  uint64_t blocks = 0;
  uint64_t first_block = 0;  // the head before the run
  uint64_t last_block = 0;
  uint64_t gas_used = 0;
  size_t included = 0;              // receipts returned
  size_t reverted = 0;              // receipts with status 0
  size_t rejected = 0;              // entries of the answers' "rejected" lists
  std::vector<std::string> errors;  // the first few rejection reasons
};

// Request bodies are encoded before the clock starts. Throws RpcCallError when the node
// refuses a batch as a whole, std::runtime_error when it cannot be reached.
BatchRunOutcome run_batches(RpcClient& client, const SignedLoad& load, size_t batch_size, std::ostream& log);

}  // namespace warp::bench
