// Seeded generators of blocks built to trip a parallel executor: one hot account, nonce
// chains with gaps, re-entrancy, nested reverts and out-of-gas, CREATE2 + SELFDESTRUCT,
// contracts created mid-block, reads of the coinbase balance, transient storage, shared
// counters, a block gas limit that runs out, zero-tip transactions, and a random mix of all.
// Transactions carry their sender directly (no signature: the executors take `sender` as
// recovered and never re-verify it).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "host/transition.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/evm/hash.hpp"
#include "state/state.hpp"

namespace warp::difftest {

struct GeneratedBlock {
  State pre_state;
  std::vector<Transaction> txs;
  BlockEnv env;
  Fork fork = Fork::Cancun;
};

// The fixed addresses of the adversarial contracts and accounts, for the tests' sanity
// checks on the sequential post-state.
namespace addrs {
Address sender(size_t i);  // externally owned, funded
Address coinbase();
Address hot();            // the account every hot-account transfer pays
Address balance_probe();  // stores and logs BALANCE(calldata address)
Address forwarder();      // forwards CALLVALUE to hot(), then stores BALANCE(hot())
Address reentrant_a();    // calls B, which calls A back, n levels deep
Address reentrant_b();
Address outer();  // calls inner(), which writes, logs, pays, then fails or not
Address inner();
Address sink();              // receives the inner frame's value transfers
Address destruct_factory();  // CREATE2 children that SELFDESTRUCT
Address beneficiary();       // receives the SELFDESTRUCTed balances
Address old_suicide();       // a pre-existing contract that SELFDESTRUCTs when called
Address create_factory();    // CREATE of counters; calls the last one it made
Address coinbase_probe();    // stores and logs BALANCE(COINBASE)
Address transient();         // TSTORE/TLOAD across nested calls and a revert
Address counter();           // slot[calldata word 0] += 1
Address gas_burner();        // loops calldata word 0 times
}  // namespace addrs

// Runtime code of the counter that CREATE transactions and create_factory() deploy mid-block:
// slot 0 += 1, logs the new value, returns it.
Bytes counter_runtime();
// The CREATE2 init codes of destruct_factory() (mode 0: SELFDESTRUCTs during its own init;
// modes 1 and 2: deploys a child that SELFDESTRUCTs to beneficiary() when called).
Bytes destruct_init_code(uint64_t mode);

// Each generator is deterministic in `seed`.
GeneratedBlock hot_account_block(uint64_t seed, size_t txs = 120);
GeneratedBlock nonce_chain_block(uint64_t seed);
GeneratedBlock reentrancy_block(uint64_t seed, size_t txs = 80);
GeneratedBlock nested_failure_block(uint64_t seed, size_t txs = 100);
GeneratedBlock selfdestruct_block(uint64_t seed);
GeneratedBlock mid_block_creation_block(uint64_t seed);
GeneratedBlock coinbase_balance_block(uint64_t seed, size_t txs = 100);
GeneratedBlock transient_storage_block(uint64_t seed, size_t txs = 80);
GeneratedBlock counters_block(uint64_t seed, size_t txs = 150);
GeneratedBlock block_gas_limit_block(uint64_t seed);
// Only zero-tip transactions and an absent coinbase: the coinbase is touched with zero and
// removed (EIP-161) by every transaction.
GeneratedBlock zero_tip_block(uint64_t seed, size_t txs = 60);
// Every transaction drawn at random from all the kinds above.
GeneratedBlock random_mix_block(uint64_t seed, size_t txs = 300);

}  // namespace warp::difftest
