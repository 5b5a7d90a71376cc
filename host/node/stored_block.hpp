// What the node keeps per block: the record handed to DurableStore::commit_block (opaque
// to the store). Enough to answer eth_getBlockBy*, eth_getTransaction*, receipts, logs and
// warp_getStateDiff without re-executing anything.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "host/log.hpp"
#include "host/node/block_header.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/bytes.hpp"
#include "state/durable/state_diff.hpp"

namespace warp {

struct StoredReceipt {
  Hash tx_hash{};
  Address sender{};
  TxType type = TxType::Legacy;
  bool success = false;
  uint64_t gas_used = 0;
  uint64_t cumulative_gas_used = 0;
  uint256 effective_gas_price{};
  std::optional<Address> contract_address;
  std::vector<Log> logs;

  friend bool operator==(const StoredReceipt&, const StoredReceipt&) = default;
};

struct StoredBlock {
  BlockHeader header;
  std::vector<Bytes> raw_txs;           // encode_transaction bytes, in block order
  std::vector<StoredReceipt> receipts;  // one per raw tx
  StateDiff diff;                       // what the block changed (for warp_getStateDiff)
};

// The layout version encode_stored_block writes (the record's first field).
inline constexpr uint64_t kStoredBlockVersion = 1;

// rlp([version, header, [raw_tx...], [receipt...], diff]) with
//   receipt = [tx_hash, sender, type, status (0/1), gas_used, cumulative_gas_used,
//              effective_gas_price, contract_address (empty or 20 bytes), logs]
//   diff    = [[[address, [] | [nonce, balance, code_hash]]...],
//              [[address, slot, value]...], [[code_hash, code]...]]
// The header is encoded as by encode_header (so only its contiguous fields are kept).
Bytes encode_stored_block(const StoredBlock& block);

// Strict: the version must be kStoredBlockVersion, every list has its exact field count,
// sizes and integers as written, one receipt per transaction, nothing after the record.
// Returns a message for any other input; never throws on malformed bytes.
std::variant<StoredBlock, std::string> decode_stored_block(ByteView record);

}  // namespace warp
