// Transaction hashes and signing hashes of a whole block as Keccak batches (DESIGN.md
// section 6): the encodings are built in parallel on the CPU (TBB), then hashed by one
// BatchHasher call, the CPU batch or the GPU one (host/executor/gpu/gpu_root_hasher).
#pragma once

#include <span>
#include <vector>

#include "host/tx/transaction.hpp"
#include "kernels/evm/hash.hpp"
#include "state/trie.hpp"

namespace warp {

// Sets every tx.hash to keccak256(encode_transaction(tx)).
void hash_transactions(std::span<Transaction> txs, const BatchHasher& hasher = cpu_batch_hasher());

// keccak256(signing_payload(tx)) for each, in order: what recover_sender(tx, hash) takes.
std::vector<Hash> signing_hashes(std::span<const Transaction> txs, const BatchHasher& hasher = cpu_batch_hasher());

}  // namespace warp
