// The send mode's engine: pushes a signed load through eth_sendRawTransaction over several
// connections while a monitor watches blocks, and reports when the last transaction was
// included. It assumes nothing else sends to the node during the run (it counts every
// transaction of the blocks produced meanwhile).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "bench/rpc_load/load_txs.hpp"
#include "host/node/jwt_auth.hpp"

namespace warp::bench {

struct SendOptions {
  std::string url;
  std::optional<JwtSecret> jwt;
  size_t connections = 4;
  bool keep_alive = true;  // see RpcClient
  // A sender's transactions sent but not yet included, at most. The node holds 64 per sender
  // (MempoolLimits::max_per_sender); staying below leaves room and avoids refusals.
  size_t window = 48;
  // With everything sent, how long to wait without a new block before giving up.
  double stall_seconds = 60;
};

struct SendOutcome {
  double submit_seconds = 0;  // first send to the answer of the last one
  double seconds = 0;         // first send to the poll that saw the last transaction included
  uint64_t first_block = 0;   // the head before the run; the run's blocks follow it
  uint64_t last_block = 0;
  uint64_t blocks = 0;  // blocks with at least one transaction
  uint64_t gas_used = 0;
  size_t included = 0;              // transactions in the run's blocks
  size_t submitted = 0;             // accepted by eth_sendRawTransaction
  size_t refused = 0;               // refused (not for a pool limit), with the later nonces of the same sender
  size_t retries = 0;               // answers "txpool is full" / "account limit exceeded", sent again later
  std::vector<std::string> errors;  // the first few refusals
  bool stalled = false;             // gave up waiting for inclusion
};

// Throws std::runtime_error when the node cannot be reached.
SendOutcome run_send(const SendOptions& options, const SignedLoad& load, std::ostream& log);

}  // namespace warp::bench
