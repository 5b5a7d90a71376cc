#include "host/log.hpp"

#include "kernels/evm/keccak.hpp"
#include "state/rlp.hpp"

namespace warp {

void append_encoded_logs(Bytes& payload, const std::vector<Log>& logs) {
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
}

Bytes encode_logs(const std::vector<Log>& logs) {
  Bytes payload;
  append_encoded_logs(payload, logs);
  return rlp::encode_list(payload);
}

Hash logs_hash_of_items(ByteView payload) {
  const Bytes encoded = rlp::encode_list(payload);
  return keccak256(encoded.data(), encoded.size());
}

Hash logs_hash(const std::vector<Log>& logs) {
  const Bytes encoded = encode_logs(logs);
  return keccak256(encoded.data(), encoded.size());
}

}  // namespace warp
