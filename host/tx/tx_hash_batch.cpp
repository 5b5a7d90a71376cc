#include "host/tx/tx_hash_batch.hpp"

#include <oneapi/tbb/parallel_for.h>

#include "host/tx/tx_codec.hpp"

namespace warp {

namespace {

template <class Encode>
std::vector<Hash> hash_encodings(size_t n, Encode encode, const BatchHasher& hasher) {
  std::vector<Bytes> payloads(n);
  tbb::parallel_for(size_t{0}, n, [&](size_t i) { payloads[i] = encode(i); });
  std::vector<ByteView> views(payloads.begin(), payloads.end());
  std::vector<Hash> out(n);
  hasher(views, out);
  return out;
}

}  // namespace

void hash_transactions(std::span<Transaction> txs, const BatchHasher& hasher) {
  const std::vector<Hash> hashes = hash_encodings(
      txs.size(), [&](size_t i) { return encode_transaction(txs[i]); }, hasher);
  for (size_t i = 0; i < txs.size(); ++i) txs[i].hash = hashes[i];
}

std::vector<Hash> signing_hashes(std::span<const Transaction> txs, const BatchHasher& hasher) {
  return hash_encodings(
      txs.size(), [&](size_t i) { return signing_payload(txs[i]); }, hasher);
}

}  // namespace warp
