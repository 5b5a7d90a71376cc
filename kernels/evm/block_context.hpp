// Block and transaction environment the opcodes read (COINBASE ... BLOBHASH, ORIGIN, GASPRICE).
#pragma once

#include <cstddef>
#include <cstdint>

#include "hash.hpp"
#include "uint256.hpp"

namespace warp {

struct BlockContext {
  Address coinbase{};
  uint64_t number = 0;
  uint64_t timestamp = 0;
  int64_t gas_limit = 0;
  Hash prevrandao{};       // DIFFICULTY opcode after the merge
  uint256 chain_id{};
  uint256 base_fee{};
  uint256 blob_base_fee{};
};

struct TxContext {
  Address origin{};
  uint256 gas_price{};              // effective gas price
  const Hash* blob_hashes = nullptr;  // EIP-4844 versioned hashes
  size_t blob_hash_count = 0;
};

}  // namespace warp
