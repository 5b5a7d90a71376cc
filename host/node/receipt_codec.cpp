#include "host/node/receipt_codec.hpp"

#include "state/rlp.hpp"
#include "state/trie.hpp"

namespace warp {

Bytes encode_receipt(TxType type, bool success, uint64_t cumulative_gas_used, const Bloom& bloom,
                     const std::vector<Log>& logs) {
  Bytes payload;
  payload.reserve(300);
  rlp::encode_uint(payload, success ? 1 : 0);  // 0 encodes as the empty string
  rlp::encode_uint(payload, cumulative_gas_used);
  rlp::encode_string(payload, ByteView(bloom.data(), bloom.size()));
  const Bytes encoded_logs = encode_logs(logs);
  payload.insert(payload.end(), encoded_logs.begin(), encoded_logs.end());

  Bytes out;
  if (type != TxType::Legacy) out.push_back(static_cast<uint8_t>(type));
  rlp::append_list(out, payload);
  return out;
}

Hash receipts_root(const std::vector<Bytes>& encoded_receipts) { return ordered_trie_root(encoded_receipts); }

}  // namespace warp
