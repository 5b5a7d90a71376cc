// Signing the generated transactions (recovery is recover_senders in workload.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "host/tx/transaction.hpp"
#include "kernels/evm/hash.hpp"

namespace warp::bench {

// Signs a typed transaction (v = y-parity, low s as libsecp256k1 always gives) and sets its
// hash. `sender` is left as it is. Throws std::runtime_error if libsecp256k1 refuses the
// key, which a key from derive_keyring never is.
void sign_transaction(Transaction& tx, const Hash& secret_key);

// txs[i] signed with secret_keys[signer[i]], in parallel (TBB). RFC 6979 nonces make
// signatures deterministic, so the result does not depend on the thread count.
void sign_transactions(std::vector<Transaction>& txs, std::span<const uint32_t> signer,
                       std::span<const Hash> secret_keys);

}  // namespace warp::bench
