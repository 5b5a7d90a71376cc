#include "bench/workloads/signing.hpp"

#include <secp256k1.h>
#include <secp256k1_recovery.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <atomic>
#include <stdexcept>

#include "bench/workloads/workload.hpp"
#include "host/tx/secret_key.hpp"
#include "host/tx/tx_codec.hpp"
#include "host/tx/tx_hash_batch.hpp"

namespace warp::bench {

void sign_transaction(Transaction& tx, const Hash& secret_key) {
  const Hash digest = signing_hash(tx);
  secp256k1_ecdsa_recoverable_signature sig;
  if (secp256k1_ecdsa_sign_recoverable(secp256k1_signing_context(), &sig, digest.bytes, secret_key.bytes, nullptr,
                                       nullptr) != 1)
    throw std::runtime_error("secp256k1: cannot sign with this secret key");
  uint8_t rs[64];
  int recid = 0;
  secp256k1_ecdsa_recoverable_signature_serialize_compact(secp256k1_context_static, rs, &recid, &sig);
  tx.r = uint256::from_be_bytes(rs, 32);
  tx.s = uint256::from_be_bytes(rs + 32, 32);
  // Typed transactions carry the y-parity itself. libsecp256k1 normalizes s to the lower
  // half, so recid's x-overflow bit (2) never arises for real keys: 0 or 1 is left.
  tx.v = uint256(static_cast<uint64_t>(recid));
  tx.hash = transaction_hash(tx);
}

void sign_transactions(std::vector<Transaction>& txs, std::span<const uint32_t> signer,
                       std::span<const Hash> secret_keys) {
  tbb::parallel_for(tbb::blocked_range<size_t>(0, txs.size(), 64), [&](const tbb::blocked_range<size_t>& r) {
    for (size_t i = r.begin(); i != r.end(); ++i) sign_transaction(txs[i], secret_keys[signer[i]]);
  });
}

size_t recover_senders(std::vector<Transaction>& txs, size_t threads, const BatchHasher& hasher) {
  std::atomic<size_t> failed{0};
  tbb::task_arena arena(threads == 0 ? tbb::task_arena::automatic : static_cast<int>(threads));
  arena.execute([&] {
    // The digests as one Keccak batch, then the (much costlier) key recoveries.
    const std::vector<Hash> digests = signing_hashes(txs, hasher);
    tbb::parallel_for(tbb::blocked_range<size_t>(0, txs.size(), 64), [&](const tbb::blocked_range<size_t>& r) {
      size_t local_failed = 0;
      for (size_t i = r.begin(); i != r.end(); ++i) {
        const auto sender = recover_sender(txs[i], digests[i]);
        if (const Address* a = std::get_if<Address>(&sender)) {
          txs[i].sender = *a;
        } else {
          txs[i].sender = Address{};
          ++local_failed;
        }
      }
      failed.fetch_add(local_failed, std::memory_order_relaxed);
    });
  });
  return failed.load();
}

}  // namespace warp::bench
