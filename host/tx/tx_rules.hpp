// Per-fork constants of transaction processing, in one table (DESIGN.md section 10: gas
// costs per fork are tables, not `if` chains). Adding a fork adds one row here; intrinsic
// gas, validation and the blob fee market read only this.
#pragma once

#include <cstdint>

#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"

namespace warp {

struct TxRules {
  // Intrinsic gas (yellow paper g_transaction, g_txcreate; EIP-2028; EIP-2930; EIP-3860).
  uint64_t tx_base = 21000;
  uint64_t tx_create = 32000;
  uint64_t data_zero_byte = 4;
  uint64_t data_nonzero_byte = 16;
  uint64_t access_list_address = 2400;
  uint64_t access_list_storage_key = 1900;
  uint64_t initcode_word = 2;          // EIP-3860, per 32-byte word of creation data
  uint64_t max_initcode_size = 49152;  // EIP-3860: 2 * MAX_CODE_SIZE (24576)

  // Prague, EIP-7623 (calldata floor): tokens = zero bytes + 4 * non-zero bytes, floor gas =
  // tx_base + tokens * floor_cost_per_token; 0 disables the floor. Not wired in yet: see the
  // marked spot in intrinsic_gas.cpp.
  uint64_t floor_cost_per_token = 0;

  // Highest transaction type accepted (EIP-2718 envelope types).
  TxType max_tx_type = TxType::Blob;

  // EIP-4844 blob fee market (Prague: EIP-7691 raises target/max and the update fraction).
  uint64_t gas_per_blob = 131072;               // 2^17
  uint64_t target_blob_gas_per_block = 393216;  // 3 blobs
  uint64_t max_blob_gas_per_block = 786432;     // 6 blobs
  uint64_t blob_base_fee_update_fraction = 3338477;
  uint64_t min_blob_base_fee = 1;

  constexpr uint64_t max_blobs_per_tx() const { return max_blob_gas_per_block / gas_per_blob; }
};

// The rules of `fork`. Shanghai has no blob transactions (max type 2); its blob fields are
// never read because type-3 transactions are rejected first.
constexpr TxRules tx_rules(Fork fork) {
  TxRules r{};
  switch (fork) {
    case Fork::Shanghai:
      r.max_tx_type = TxType::DynamicFee;
      break;
    case Fork::Cancun:
      break;
    case Fork::Prague:
      r.target_blob_gas_per_block = 786432;  // 6 blobs
      r.max_blob_gas_per_block = 1179648;    // 9 blobs
      r.blob_base_fee_update_fraction = 5007716;
      // TODO(Prague): r.floor_cost_per_token = 10 (EIP-7623) once the floor is applied
      // everywhere intrinsic gas is used; type 4 (EIP-7702) once it can be decoded.
      break;
  }
  return r;
}

// Byte 0 of every EIP-4844 versioned hash: the KZG commitment version.
inline constexpr uint8_t kVersionedHashVersionKzg = 0x01;

}  // namespace warp
