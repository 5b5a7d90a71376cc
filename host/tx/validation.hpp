// Whether a transaction may be included in a block, checked before any execution: the
// rules of execution-specs' validate_transaction and check_transaction, each failure with
// its own code (a state-test runner needs only rejected-or-not; JSON-RPC needs the reason).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/evm/uint256.hpp"

namespace warp {

enum class TxRejectCode : uint8_t {
  TypeNotSupported,              // envelope type not active in this fork
  WrongChainId,                  // chain id differs from the network's (or is missing on a typed tx)
  IntrinsicGasTooLow,            // gas limit below the intrinsic gas (or the EIP-7623 floor)
  NonceIsMax,                    // nonce == 2^64-1 (EIP-2681)
  InitcodeSizeExceeded,          // creation data longer than 49152 bytes (EIP-3860)
  GasAllowanceExceeded,          // gas limit above the gas left in the block
  PriorityGreaterThanMaxFee,     // max_priority_fee_per_gas > max_fee_per_gas
  FeeCapBelowBaseFee,            // max_fee_per_gas (or gas_price) < block base fee
  BlobTxContractCreation,        // type 3 without `to`
  BlobTxZeroBlobs,               // type 3 without versioned hashes
  BlobTxBlobCountExceeded,       // more blobs than one block can hold
  BlobTxBlockBlobGasExceeded,    // the block's remaining blob gas cannot hold this transaction
  BlobTxInvalidVersionedHash,    // a versioned hash not starting with 0x01 (KZG)
  BlobFeeCapBelowBlobBaseFee,    // max_fee_per_blob_gas < blob base fee
  NonceTooLow,                   // tx nonce < account nonce
  NonceTooHigh,                  // tx nonce > account nonce
  GasLimitPriceProductOverflow,  // gas_limit * fee cap (or blob gas * blob fee cap) > 2^256-1
  InsufficientFunds,             // balance < gas_limit * fee cap + blob gas * blob fee cap + value
  SenderNotEoa,                  // sender has code (EIP-3607)
};

struct TxRejection {
  TxRejectCode code;
  std::string message;  // human-readable, with the numbers involved
};

// The ethereum/tests and execution-spec-tests name of a code, e.g.
// "TransactionException.INSUFFICIENT_ACCOUNT_FUNDS" (as in a fixture's expectException).
const char* rejection_name(TxRejectCode code);

// The sender as the state holds it before the transaction.
struct SenderAccount {
  uint64_t nonce = 0;
  uint256 balance{};
  bool has_code = false;  // code hash != keccak(""). Prague: EIP-7702 delegations will not count.
};

// What the block contributes to validity.
struct TxBlockEnv {
  uint256 base_fee{};
  // Gas still available: the block gas limit minus gas used by earlier transactions (for the
  // first transaction, or a state test, the block gas limit itself).
  uint64_t gas_limit = 0;
  // Blob base fee from blob_base_fee(excess_blob_gas); nullopt when it exceeds 2^256-1.
  std::optional<uint256> blob_base_fee = uint256(1);
  uint64_t blob_gas_used = 0;  // by earlier transactions in the block
};

// First failing rule in execution-specs order (stateless checks, then the block, fees, blob
// rules, nonce, balance, sender code), or nullopt when the transaction is valid. Does not
// check the signature: the sender was recovered before (recover_sender).
std::optional<TxRejection> validate_transaction(const Transaction& tx, const SenderAccount& sender,
                                                const TxBlockEnv& block, Fork fork, uint64_t chain_id);

// EIP-1559 price per gas actually paid: min(tip cap, fee cap - base fee) + base fee for
// types 2 and 3, gas_price otherwise. Requires fee cap >= base fee (validated).
uint256 effective_gas_price(const Transaction& tx, const uint256& base_fee);

// What the coinbase receives per gas: effective_gas_price - base fee.
uint256 priority_fee_per_gas(const Transaction& tx, const uint256& base_fee);

}  // namespace warp
