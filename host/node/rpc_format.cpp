#include "host/node/rpc_format.hpp"

#include "host/node/logs_bloom.hpp"
#include "host/node/rpc_hex.hpp"
#include "host/tx/tx_codec.hpp"
#include "state/rlp.hpp"

namespace warp::rpc {

using nlohmann::json;

namespace {

json access_list_json(const std::vector<AccessListEntry>& list) {
  json out = json::array();
  for (const AccessListEntry& e : list) {
    json keys = json::array();
    for (const Hash& k : e.storage_keys) keys.push_back(hex_data(k));
    out.push_back({{"address", hex_data(e.address)}, {"storageKeys", std::move(keys)}});
  }
  return out;
}

// rlp(block) = [header, transactions, ommers, withdrawals]; typed transactions are byte strings.
uint64_t block_size(const StoredBlock& block) {
  Bytes txs;
  for (const Bytes& raw : block.raw_txs) {
    if (!raw.empty() && raw[0] < 0x80) {
      rlp::encode_string(txs, raw);
    } else {
      txs.insert(txs.end(), raw.begin(), raw.end());
    }
  }
  Bytes payload = encode_header(block.header);
  const Bytes tx_list = rlp::encode_list(txs);
  payload.insert(payload.end(), tx_list.begin(), tx_list.end());
  payload.push_back(0xc0);  // no ommers
  payload.push_back(0xc0);  // no withdrawals
  return rlp::encode_list(payload).size();
}

}  // namespace

json format_transaction(const Transaction& tx, const std::optional<TxPlace>& place) {
  json out;
  out["hash"] = hex_data(tx.hash);
  out["type"] = quantity(static_cast<uint64_t>(tx.type));
  out["nonce"] = quantity(tx.nonce);
  out["from"] = hex_data(tx.sender);
  out["to"] = tx.to ? json(hex_data(*tx.to)) : json(nullptr);
  out["value"] = quantity(tx.value);
  out["gas"] = quantity(tx.gas_limit);
  out["input"] = hex_data(tx.data);
  if (tx.chain_id) out["chainId"] = quantity(*tx.chain_id);
  if (tx.type >= TxType::DynamicFee) {
    out["maxFeePerGas"] = quantity(tx.max_fee_per_gas);
    out["maxPriorityFeePerGas"] = quantity(tx.max_priority_fee_per_gas);
    // Mined: what it paid; pending: its cap (geth's convention).
    out["gasPrice"] = quantity(place ? place->effective_gas_price : tx.max_fee_per_gas);
  } else {
    out["gasPrice"] = quantity(tx.gas_price);
  }
  if (tx.type != TxType::Legacy) {
    out["accessList"] = access_list_json(tx.access_list);
    out["yParity"] = quantity(tx.v);
  }
  if (tx.type == TxType::Blob) {
    out["maxFeePerBlobGas"] = quantity(tx.max_fee_per_blob_gas);
    json hashes = json::array();
    for (const Hash& h : tx.blob_versioned_hashes) hashes.push_back(hex_data(h));
    out["blobVersionedHashes"] = std::move(hashes);
  }
  out["v"] = quantity(tx.v);
  out["r"] = quantity(tx.r);
  out["s"] = quantity(tx.s);
  if (place) {
    out["blockHash"] = hex_data(place->block_hash);
    out["blockNumber"] = quantity(place->block_number);
    out["transactionIndex"] = quantity(static_cast<uint64_t>(place->index));
  } else {
    out["blockHash"] = nullptr;
    out["blockNumber"] = nullptr;
    out["transactionIndex"] = nullptr;
  }
  return out;
}

std::optional<Transaction> block_transaction(const StoredBlock& block, uint32_t index) {
  if (index >= block.raw_txs.size() || index >= block.receipts.size()) return std::nullopt;
  auto decoded = decode_transaction(block.raw_txs[index]);
  if (!std::holds_alternative<Transaction>(decoded)) return std::nullopt;
  Transaction tx = std::move(std::get<Transaction>(decoded));
  tx.sender = block.receipts[index].sender;
  return tx;
}

std::optional<json> format_block_transaction(const StoredBlock& block, const Hash& block_hash, uint32_t index) {
  auto tx = block_transaction(block, index);
  if (!tx) return std::nullopt;
  return format_transaction(*tx,
                            TxPlace{block_hash, block.header.number, index, block.receipts[index].effective_gas_price});
}

json format_block(const StoredBlock& block, const Hash& hash, bool full_transactions) {
  const BlockHeader& h = block.header;
  json out;
  out["number"] = quantity(h.number);
  out["hash"] = hex_data(hash);
  out["parentHash"] = hex_data(h.parent_hash);
  out["sha3Uncles"] = hex_data(h.ommers_hash);
  out["miner"] = hex_data(h.coinbase);
  out["stateRoot"] = hex_data(h.state_root);
  out["transactionsRoot"] = hex_data(h.transactions_root);
  out["receiptsRoot"] = hex_data(h.receipts_root);
  out["logsBloom"] = hex_data(ByteView(h.logs_bloom.data(), h.logs_bloom.size()));
  out["difficulty"] = quantity(h.difficulty);
  out["totalDifficulty"] = "0x0";
  out["gasLimit"] = quantity(h.gas_limit);
  out["gasUsed"] = quantity(h.gas_used);
  out["timestamp"] = quantity(h.timestamp);
  out["extraData"] = hex_data(h.extra_data);
  out["mixHash"] = hex_data(h.mix_hash);
  uint8_t nonce[8];
  put_be64(nonce, h.nonce);
  out["nonce"] = hex_data(ByteView(nonce, 8));
  if (h.base_fee_per_gas) out["baseFeePerGas"] = quantity(*h.base_fee_per_gas);
  if (h.withdrawals_root) {
    out["withdrawalsRoot"] = hex_data(*h.withdrawals_root);
    out["withdrawals"] = json::array();
  }
  if (h.blob_gas_used) out["blobGasUsed"] = quantity(*h.blob_gas_used);
  if (h.excess_blob_gas) out["excessBlobGas"] = quantity(*h.excess_blob_gas);
  if (h.parent_beacon_block_root) out["parentBeaconBlockRoot"] = hex_data(*h.parent_beacon_block_root);
  if (h.requests_hash) out["requestsHash"] = hex_data(*h.requests_hash);
  out["size"] = quantity(block_size(block));
  out["uncles"] = json::array();
  json txs = json::array();
  for (uint32_t i = 0; i < block.raw_txs.size(); ++i) {
    if (!full_transactions) {
      txs.push_back(hex_data(block.receipts[i].tx_hash));
      continue;
    }
    if (auto tx = format_block_transaction(block, hash, i)) txs.push_back(std::move(*tx));
  }
  out["transactions"] = std::move(txs);
  return out;
}

uint64_t first_log_index(const StoredBlock& block, uint32_t index) {
  uint64_t n = 0;
  for (uint32_t i = 0; i < index && i < block.receipts.size(); ++i) n += block.receipts[i].logs.size();
  return n;
}

json format_log(const Log& log, const StoredBlock& block, const Hash& block_hash, uint32_t tx_index,
                uint64_t log_index) {
  json topics = json::array();
  for (const Hash& t : log.topics) topics.push_back(hex_data(t));
  return json{{"address", hex_data(log.address)},
              {"topics", std::move(topics)},
              {"data", hex_data(log.data)},
              {"blockNumber", quantity(block.header.number)},
              {"blockHash", hex_data(block_hash)},
              {"blockTimestamp", quantity(block.header.timestamp)},
              {"transactionHash", hex_data(block.receipts[tx_index].tx_hash)},
              {"transactionIndex", quantity(static_cast<uint64_t>(tx_index))},
              {"logIndex", quantity(log_index)},
              {"removed", false}};
}

json format_logs(const StoredBlock& block, const Hash& block_hash, uint32_t index, uint64_t first_log) {
  json out = json::array();
  uint64_t log_index = first_log;
  for (const Log& log : block.receipts[index].logs)
    out.push_back(format_log(log, block, block_hash, index, log_index++));
  return out;
}

json format_receipt(const StoredBlock& block, const Hash& block_hash, uint32_t index, uint64_t first_log) {
  const StoredReceipt& r = block.receipts[index];
  auto tx = block_transaction(block, index);
  const Bloom bloom = logs_bloom(r.logs);
  json out;
  out["transactionHash"] = hex_data(r.tx_hash);
  out["transactionIndex"] = quantity(static_cast<uint64_t>(index));
  out["blockHash"] = hex_data(block_hash);
  out["blockNumber"] = quantity(block.header.number);
  out["from"] = hex_data(r.sender);
  out["to"] = tx && tx->to ? json(hex_data(*tx->to)) : json(nullptr);
  out["cumulativeGasUsed"] = quantity(r.cumulative_gas_used);
  out["gasUsed"] = quantity(r.gas_used);
  out["effectiveGasPrice"] = quantity(r.effective_gas_price);
  out["contractAddress"] = r.contract_address ? json(hex_data(*r.contract_address)) : json(nullptr);
  out["logs"] = format_logs(block, block_hash, index, first_log);
  out["logsBloom"] = hex_data(ByteView(bloom.data(), bloom.size()));
  out["type"] = quantity(static_cast<uint64_t>(r.type));
  out["status"] = r.success ? "0x1" : "0x0";
  return out;
}

json format_receipt(const StoredBlock& block, const Hash& block_hash, uint32_t index) {
  return format_receipt(block, block_hash, index, first_log_index(block, index));
}

json format_receipts(const StoredBlock& block, const Hash& block_hash) {
  json out = json::array();
  uint64_t first_log = 0;
  for (uint32_t i = 0; i < block.receipts.size(); ++i) {
    out.push_back(format_receipt(block, block_hash, i, first_log));
    first_log += block.receipts[i].logs.size();
  }
  return out;
}

}  // namespace warp::rpc
