// After a run, untimed: did every transaction of the load make it into a block, and succeed?
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "bench/rpc_load/load_txs.hpp"
#include "bench/rpc_load/rpc_client.hpp"

namespace warp::bench {

struct LoadCheck {
  size_t included = 0;          // from the senders' nonces now
  size_t receipts_checked = 0;  // a sample, spread evenly over the load
  size_t receipts_failed = 0;   // in the sample: status 0, or no receipt for an included nonce
  // ERC-20 loads: Transfer events of the token in the run's blocks. Every successful token
  // transfer logs exactly one, so this counts the successes exactly.
  std::optional<size_t> token_transfers;
  std::vector<std::string> problems;  // one line each, for the report
  // Transactions of the load that are not included and successful.
  size_t failed(size_t txs) const;
};

// `blocks_after`/`last_block`: the run's blocks are blocks_after+1 .. last_block.
LoadCheck check_load(RpcClient& client, const SignedLoad& load, std::optional<Address> token, uint64_t blocks_after,
                     uint64_t last_block, size_t receipt_sample);

}  // namespace warp::bench
