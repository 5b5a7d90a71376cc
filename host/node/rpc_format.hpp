// Blocks, transactions, receipts and logs as the Ethereum JSON-RPC shows them (the field
// names and encodings geth and anvil use, which ethers and cast parse).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>

#include "host/node/stored_block.hpp"
#include "host/tx/transaction.hpp"

namespace warp::rpc {

// Where a mined transaction is; absent for one still in the pool.
struct TxPlace {
  Hash block_hash{};
  uint64_t block_number = 0;
  uint32_t index = 0;
  uint256 effective_gas_price{};
};

nlohmann::json format_transaction(const Transaction& tx, const std::optional<TxPlace>& place);
// The block's transaction `index` (decoded from its record), with its place; nullopt if the
// record is damaged.
std::optional<Transaction> block_transaction(const StoredBlock& block, uint32_t index);
// format_transaction of the block's transaction `index`, placed in the block; nullopt if its
// record is damaged (or there is no such transaction).
std::optional<nlohmann::json> format_block_transaction(const StoredBlock& block, const Hash& block_hash,
                                                       uint32_t index);
nlohmann::json format_block(const StoredBlock& block, const Hash& hash, bool full_transactions);
// Receipt `index`; its logs are numbered from `first_log` (first_log_index), which the caller
// passes when it formats several receipts of the block (format_receipts).
nlohmann::json format_receipt(const StoredBlock& block, const Hash& block_hash, uint32_t index, uint64_t first_log);
nlohmann::json format_receipt(const StoredBlock& block, const Hash& block_hash, uint32_t index);
// Every receipt of the block, in order, with one running log index (linear in the block).
nlohmann::json format_receipts(const StoredBlock& block, const Hash& block_hash);
// Logs of receipt `index`, with their block-wide log indexes starting at `first_log`.
nlohmann::json format_logs(const StoredBlock& block, const Hash& block_hash, uint32_t index, uint64_t first_log);
nlohmann::json format_log(const Log& log, const StoredBlock& block, const Hash& block_hash, uint32_t tx_index,
                          uint64_t log_index);
// The index of the first log of receipt `index` among the block's logs.
uint64_t first_log_index(const StoredBlock& block, uint32_t index);

}  // namespace warp::rpc
