// Batched transaction and signing hashes against the one-at-a-time definitions, on signed
// transactions of every kind the workloads make, and recovery from a precomputed digest.
#include "host/tx/tx_hash_batch.hpp"

#include <gtest/gtest.h>

#include <variant>

#include "bench/workloads/workload.hpp"
#include "host/tx/tx_codec.hpp"
#include "kernels/evm/keccak.hpp"

namespace warp {
namespace {

std::vector<Transaction> signed_block() {
  bench::WorkloadOptions o;
  o.kind = bench::WorkloadKind::Mixed;
  o.txs = 300;
  o.accounts = 40;
  o.seed = 9;
  return bench::generate_workload(o).txs;
}

TEST(TxHashBatch, TransactionHashesEqualTheDefinition) {
  std::vector<Transaction> txs = signed_block();
  for (Transaction& tx : txs) tx.hash = Hash{};
  hash_transactions(txs);
  for (const Transaction& tx : txs) {
    const Bytes encoded = encode_transaction(tx);
    ASSERT_EQ(tx.hash, keccak256(encoded.data(), encoded.size()));
    ASSERT_NE(tx.hash, Hash{});
  }
}

TEST(TxHashBatch, SigningHashesRecoverTheSigners) {
  std::vector<Transaction> txs = signed_block();
  const std::vector<Hash> digests = signing_hashes(txs);
  ASSERT_EQ(digests.size(), txs.size());
  for (size_t i = 0; i < txs.size(); ++i) {
    ASSERT_EQ(digests[i], signing_hash(txs[i]));
    const auto from_digest = recover_sender(txs[i], digests[i]);
    const auto direct = recover_sender(txs[i]);
    ASSERT_TRUE(std::holds_alternative<Address>(from_digest));
    ASSERT_EQ(std::get<Address>(from_digest), std::get<Address>(direct));
  }
  // A wrong digest recovers someone else (or nobody), never the signer.
  Hash other = digests[0];
  other.bytes[0] ^= 1;
  const auto wrong = recover_sender(txs[0], other);
  if (const Address* a = std::get_if<Address>(&wrong)) {
    EXPECT_NE(*a, std::get<Address>(recover_sender(txs[0])));
  }
}

TEST(TxHashBatch, EmptyBatch) {
  std::vector<Transaction> none;
  hash_transactions(none);
  EXPECT_TRUE(signing_hashes(none).empty());
}

}  // namespace
}  // namespace warp
