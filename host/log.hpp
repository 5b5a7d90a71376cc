// A log record (LOG0..LOG4) and the logs hash state tests compare:
// keccak256(rlp([[address, [topic...], data]...])).
#pragma once

#include <vector>

#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"

namespace warp {

struct Log {
  Address address{};
  std::vector<Hash> topics;
  Bytes data;

  friend bool operator==(const Log&, const Log&) = default;
};

// rlp of the list of logs (the receipt's logs field).
Bytes encode_logs(const std::vector<Log>& logs);
Hash logs_hash(const std::vector<Log>& logs);
// The same in pieces, for a block's logs spread over its receipts without copying them:
// append each receipt's logs' items to one payload, then hash rlp(list(payload)).
void append_encoded_logs(Bytes& payload, const std::vector<Log>& logs);
Hash logs_hash_of_items(ByteView payload);

}  // namespace warp
