#include "host/log.hpp"

#include "kernels/evm/keccak.hpp"
#include "state/rlp.hpp"

namespace warp {

Bytes encode_logs(const std::vector<Log>& logs) {
  Bytes payload;
  for (const Log& log : logs) {
    Bytes item;
    rlp::encode_string(item, ByteView(log.address.bytes, 20));
    Bytes topics;
    for (const Hash& t : log.topics) rlp::encode_string(topics, ByteView(t.bytes, 32));
    rlp::encode_list_header(item, topics.size());
    item.insert(item.end(), topics.begin(), topics.end());
    rlp::encode_string(item, log.data);
    rlp::encode_list_header(payload, item.size());
    payload.insert(payload.end(), item.begin(), item.end());
  }
  return rlp::encode_list(payload);
}

Hash logs_hash(const std::vector<Log>& logs) {
  const Bytes encoded = encode_logs(logs);
  return keccak256(encoded.data(), encoded.size());
}

}  // namespace warp
