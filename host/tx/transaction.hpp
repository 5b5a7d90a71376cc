// A signed Ethereum transaction of any supported type (EIP-2718 envelope).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/bytes.hpp"

namespace warp {

enum class TxType : uint8_t {
  Legacy = 0,      // with or without EIP-155 replay protection
  AccessList = 1,  // EIP-2930
  DynamicFee = 2,  // EIP-1559
  Blob = 3,        // EIP-4844
};

struct AccessListEntry {
  Address address{};
  std::vector<Hash> storage_keys;
};

struct Transaction {
  TxType type = TxType::Legacy;
  std::optional<uint64_t> chain_id;  // absent only for pre-EIP-155 legacy transactions
  uint64_t nonce = 0;
  uint256 gas_price{};                 // legacy and type 1
  uint256 max_priority_fee_per_gas{};  // type 2 and 3
  uint256 max_fee_per_gas{};           // type 2 and 3
  uint64_t gas_limit = 0;
  std::optional<Address> to;           // absent: contract creation (not allowed for type 3)
  uint256 value{};
  Bytes data;
  std::vector<AccessListEntry> access_list;
  uint256 max_fee_per_blob_gas{};      // type 3
  std::vector<Hash> blob_versioned_hashes;  // type 3

  // Signature: v as encoded (legacy: 27/28 or chain_id*2+35/36; typed: y parity 0/1), r, s.
  uint256 v{}, r{}, s{};

  // Filled in by decoding/recovery (not part of the signed payload).
  Address sender{};
  Hash hash{};

  // Fee cap and tip for every type (legacy and type 1: both are gas_price).
  const uint256& fee_cap() const { return type >= TxType::DynamicFee ? max_fee_per_gas : gas_price; }
  const uint256& tip_cap() const { return type >= TxType::DynamicFee ? max_priority_fee_per_gas : gas_price; }
};

}  // namespace warp
