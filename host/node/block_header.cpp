#include "host/node/block_header.hpp"

#include "host/node/rlp_fields.hpp"
#include "kernels/evm/keccak.hpp"

namespace warp {
namespace {

constexpr size_t kBaseFields = 15;
constexpr size_t kMaxFields = 21;

// How many optional fields are present before the first absent one.
size_t contiguous_tail(const BlockHeader& h) {
  const bool present[] = {
      h.base_fee_per_gas.has_value(), h.withdrawals_root.has_value(),         h.blob_gas_used.has_value(),
      h.excess_blob_gas.has_value(),  h.parent_beacon_block_root.has_value(), h.requests_hash.has_value()};
  size_t n = 0;
  while (n < std::size(present) && present[n]) ++n;
  return n;
}

}  // namespace

bool header_fields_contiguous(const BlockHeader& h) {
  const size_t present = static_cast<size_t>(h.base_fee_per_gas.has_value()) + h.withdrawals_root.has_value() +
                         h.blob_gas_used.has_value() + h.excess_blob_gas.has_value() +
                         h.parent_beacon_block_root.has_value() + h.requests_hash.has_value();
  return present == contiguous_tail(h);
}

Bytes encode_header(const BlockHeader& h) {
  Bytes p;
  p.reserve(600);
  rlp_put_fixed(p, h.parent_hash);
  rlp_put_fixed(p, h.ommers_hash);
  rlp_put_fixed(p, h.coinbase);
  rlp_put_fixed(p, h.state_root);
  rlp_put_fixed(p, h.transactions_root);
  rlp_put_fixed(p, h.receipts_root);
  rlp::encode_string(p, ByteView(h.logs_bloom.data(), h.logs_bloom.size()));
  rlp::encode_u256(p, h.difficulty);
  rlp::encode_uint(p, h.number);
  rlp::encode_uint(p, h.gas_limit);
  rlp::encode_uint(p, h.gas_used);
  rlp::encode_uint(p, h.timestamp);
  rlp::encode_string(p, h.extra_data);
  rlp_put_fixed(p, h.mix_hash);
  uint8_t nonce[8];
  put_be64(nonce, h.nonce);
  rlp::encode_string(p, ByteView(nonce, 8));

  const size_t tail = contiguous_tail(h);
  if (tail > 0) rlp::encode_u256(p, *h.base_fee_per_gas);
  if (tail > 1) rlp_put_fixed(p, *h.withdrawals_root);
  if (tail > 2) rlp::encode_uint(p, *h.blob_gas_used);
  if (tail > 3) rlp::encode_uint(p, *h.excess_blob_gas);
  if (tail > 4) rlp_put_fixed(p, *h.parent_beacon_block_root);
  if (tail > 5) rlp_put_fixed(p, *h.requests_hash);
  return rlp::encode_list(p);
}

Hash header_hash(const BlockHeader& h) {
  const Bytes encoded = encode_header(h);
  return keccak256(encoded.data(), encoded.size());
}

std::variant<BlockHeader, std::string> header_from_rlp(const rlp::Item& item) {
  if (!item.is_list) return std::string("header must be an RLP list");
  const size_t count = item.items.size();
  if (count < kBaseFields || count > kMaxFields)
    return "header has " + std::to_string(count) + " fields; expected " + std::to_string(kBaseFields) + " to " +
           std::to_string(kMaxFields);

  RlpFieldReader r(item, "header");
  BlockHeader h;
  h.parent_hash = r.fixed<32>("parentHash");
  h.ommers_hash = r.fixed<32>("ommersHash");
  h.coinbase = r.fixed<20>("coinbase");
  h.state_root = r.fixed<32>("stateRoot");
  h.transactions_root = r.fixed<32>("transactionsRoot");
  h.receipts_root = r.fixed<32>("receiptsRoot");
  r.fixed_into("logsBloom", h.logs_bloom.data(), h.logs_bloom.size());
  h.difficulty = r.u256("difficulty");
  h.number = r.u64("number");
  h.gas_limit = r.u64("gasLimit");
  h.gas_used = r.u64("gasUsed");
  h.timestamp = r.u64("timestamp");
  h.extra_data = r.bytes("extraData");
  h.mix_hash = r.fixed<32>("mixHash");
  const FixedBytes<8> nonce = r.fixed<8>("nonce");
  for (uint8_t b : nonce.bytes) h.nonce = (h.nonce << 8) | b;

  if (r.remaining() > 0) h.base_fee_per_gas = r.u256("baseFeePerGas");
  if (r.remaining() > 0) h.withdrawals_root = r.fixed<32>("withdrawalsRoot");
  if (r.remaining() > 0) h.blob_gas_used = r.u64("blobGasUsed");
  if (r.remaining() > 0) h.excess_blob_gas = r.u64("excessBlobGas");
  if (r.remaining() > 0) h.parent_beacon_block_root = r.fixed<32>("parentBeaconBlockRoot");
  if (r.remaining() > 0) h.requests_hash = r.fixed<32>("requestsHash");
  r.expect_end();
  if (!r.ok()) return r.error();
  return h;
}

std::variant<BlockHeader, std::string> decode_header(ByteView encoded) {
  // A header nests no lists: one level is all a valid one needs.
  auto decoded = rlp::decode(encoded, 1);
  if (auto* err = std::get_if<rlp::DecodeError>(&decoded)) return "header: " + err->message;
  return header_from_rlp(std::get<rlp::Item>(decoded));
}

}  // namespace warp
