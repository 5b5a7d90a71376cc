#include "bench/rpc_load/load_txs.hpp"

#include "bench/contracts/contracts.hpp"
#include "bench/workloads/signing.hpp"
#include "host/tx/tx_codec.hpp"

namespace warp::bench {

std::optional<LoadWorkload> parse_load_workload(std::string_view name) {
  if (name == "transfer") return LoadWorkload::Transfer;
  if (name == "erc20") return LoadWorkload::Erc20;
  return std::nullopt;
}

const char* load_workload_name(LoadWorkload w) { return w == LoadWorkload::Transfer ? "transfer" : "erc20"; }

uint64_t load_gas_limit(LoadWorkload w) { return w == LoadWorkload::Transfer ? 21'000 : 60'000; }

Address load_recipient(size_t i) {
  Address a{};
  a.bytes[0] = 0x10;  // above every precompile address
  a.bytes[1] = 0xad;
  for (int b = 0; b < 8; ++b) a.bytes[19 - b] = static_cast<uint8_t>((i + 1) >> (8 * b));
  return a;
}

Transaction make_load_tx(uint64_t chain_id, uint64_t nonce, const LoadFees& fees, uint64_t gas_limit,
                         std::optional<Address> to, const uint256& value, Bytes data) {
  Transaction tx;
  tx.type = TxType::DynamicFee;
  tx.chain_id = chain_id;
  tx.nonce = nonce;
  tx.max_fee_per_gas = fees.max_fee_per_gas;
  tx.max_priority_fee_per_gas = fees.max_priority_fee_per_gas;
  tx.gas_limit = gas_limit;
  tx.to = to;
  tx.value = value;
  tx.data = std::move(data);
  return tx;
}

size_t sender_share(size_t txs, size_t senders, size_t s) { return txs / senders + (s < txs % senders); }

SignedLoad sign_load(std::vector<Transaction> txs, std::vector<uint32_t> sender, std::span<const LoadSender> senders) {
  SignedLoad out;
  std::vector<Hash> keys;
  keys.reserve(senders.size());
  for (const LoadSender& s : senders) {
    keys.push_back(s.secret_key);
    out.sender_address.push_back(s.address);
    out.first_nonce.push_back(s.first_nonce);
  }
  sign_transactions(txs, sender, keys);
  out.raw_hex.reserve(txs.size());
  out.hashes.reserve(txs.size());
  out.nonce.reserve(txs.size());
  for (const Transaction& tx : txs) {
    out.raw_hex.push_back(to_hex0x(encode_transaction(tx)));
    out.hashes.push_back(tx.hash);
    out.nonce.push_back(tx.nonce);
  }
  out.sender = std::move(sender);
  return out;
}

SignedLoad make_signed_load(const LoadSpec& spec, std::span<const LoadSender> senders) {
  const uint64_t gas_limit = load_gas_limit(spec.workload);
  const size_t k = senders.size();
  std::vector<Transaction> txs;
  std::vector<uint32_t> sender;
  txs.reserve(spec.txs);
  sender.reserve(spec.txs);
  for (size_t i = 0; i < spec.txs; ++i) {
    const size_t s = i % k;
    const uint64_t nonce = senders[s].first_nonce + i / k;
    const Address to = load_recipient(i);
    if (spec.workload == LoadWorkload::Transfer) {
      txs.push_back(make_load_tx(spec.chain_id, nonce, spec.fees, gas_limit, to, uint256(1), {}));
    } else {
      txs.push_back(make_load_tx(spec.chain_id, nonce, spec.fees, gas_limit, spec.token, uint256(0),
                                 erc20::transfer_calldata(to, uint256(1))));
    }
    sender.push_back(static_cast<uint32_t>(s));
  }
  return sign_load(std::move(txs), std::move(sender), senders);
}

}  // namespace warp::bench
