// The contract the crash test deploys: each call writes storage that depends on the block it
// runs in (BLOCKHASH of the parent, PREVRANDAO, TIMESTAMP, BASEFEE, NUMBER), bumps one shared
// counter (so parallel executors see conflicts) and logs. A re-execution that builds any part
// of the block environment differently from the node ends with another state root.
#pragma once

#include <cstdint>

#include "kernels/evm/uint256.hpp"
#include "state/bytes.hpp"

namespace warp::nodetest {

// Creation code: stores the deployer at slot 0x100, then returns the runtime code.
Bytes probe_init_code();
// The runtime code (what eth_getCode of a deployed probe returns).
Bytes probe_runtime_code();
// Call data for one call: the slot base and the value mixed into the first slot.
Bytes probe_call_data(const uint256& slot, const uint256& value);

}  // namespace warp::nodetest
