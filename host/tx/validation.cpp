// Transaction validity rules. The order follows execution-specs (Cancun): the stateless
// checks of validate_transaction first, then check_transaction. Only the first failure is
// reported, so the order decides which reason a multiply-invalid transaction gets.
#include "host/tx/validation.hpp"

#include <limits>

#include "host/tx/blob_gas.hpp"
#include "host/tx/intrinsic_gas.hpp"
#include "host/tx/tx_rules.hpp"
#include "state/bytes.hpp"

namespace warp {
namespace {

std::optional<TxRejection> reject(TxRejectCode code, std::string message) {
  return TxRejection{code, std::move(message)};
}

// a * b when it fits in 256 bits.
std::optional<uint256> checked_mul(const uint256& a, const uint256& b) {
  uint64_t p[8];
  mul_full(a, b, p);
  if ((p[4] | p[5] | p[6] | p[7]) != 0) return std::nullopt;
  return uint256(p[0], p[1], p[2], p[3]);
}

// a + b when it fits in 256 bits.
std::optional<uint256> checked_add(const uint256& a, const uint256& b) {
  const uint256 s = a + b;
  if (s < a) return std::nullopt;
  return s;
}

}  // namespace

const char* rejection_name(TxRejectCode code) {
  switch (code) {
    case TxRejectCode::TypeNotSupported:
      return "TransactionException.TYPE_NOT_SUPPORTED";
    case TxRejectCode::WrongChainId:
      return "TransactionException.INVALID_CHAINID";
    case TxRejectCode::IntrinsicGasTooLow:
      return "TransactionException.INTRINSIC_GAS_TOO_LOW";
    case TxRejectCode::NonceIsMax:
      return "TransactionException.NONCE_IS_MAX";
    case TxRejectCode::InitcodeSizeExceeded:
      return "TransactionException.INITCODE_SIZE_EXCEEDED";
    case TxRejectCode::GasAllowanceExceeded:
      return "TransactionException.GAS_ALLOWANCE_EXCEEDED";
    case TxRejectCode::PriorityGreaterThanMaxFee:
      return "TransactionException.PRIORITY_GREATER_THAN_MAX_FEE_PER_GAS";
    case TxRejectCode::FeeCapBelowBaseFee:
      return "TransactionException.INSUFFICIENT_MAX_FEE_PER_GAS";
    case TxRejectCode::BlobTxContractCreation:
      return "TransactionException.TYPE_3_TX_CONTRACT_CREATION";
    case TxRejectCode::BlobTxZeroBlobs:
      return "TransactionException.TYPE_3_TX_ZERO_BLOBS";
    case TxRejectCode::BlobTxBlobCountExceeded:
      return "TransactionException.TYPE_3_TX_BLOB_COUNT_EXCEEDED";
    case TxRejectCode::BlobTxBlockBlobGasExceeded:
      return "TransactionException.TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED";
    case TxRejectCode::BlobTxInvalidVersionedHash:
      return "TransactionException.TYPE_3_TX_INVALID_BLOB_VERSIONED_HASH";
    case TxRejectCode::BlobFeeCapBelowBlobBaseFee:
      return "TransactionException.INSUFFICIENT_MAX_FEE_PER_BLOB_GAS";
    case TxRejectCode::NonceTooLow:
      return "TransactionException.NONCE_MISMATCH_TOO_LOW";
    case TxRejectCode::NonceTooHigh:
      return "TransactionException.NONCE_MISMATCH_TOO_HIGH";
    case TxRejectCode::GasLimitPriceProductOverflow:
      return "TransactionException.GASLIMIT_PRICE_PRODUCT_OVERFLOW";
    case TxRejectCode::InsufficientFunds:
      return "TransactionException.INSUFFICIENT_ACCOUNT_FUNDS";
    case TxRejectCode::SenderNotEoa:
      return "TransactionException.SENDER_NOT_EOA";
  }
  return "TransactionException.UNKNOWN";
}

std::optional<TxRejection> validate_transaction(const Transaction& tx, const SenderAccount& sender,
                                                const TxBlockEnv& block, Fork fork, uint64_t chain_id) {
  const TxRules rules = tx_rules(fork);

  // ---- envelope and replay protection ------------------------------------------------------
  if (tx.type > rules.max_tx_type)
    return reject(TxRejectCode::TypeNotSupported,
                  "transaction type " + std::to_string(static_cast<int>(tx.type)) + " is not supported in this fork");
  if (tx.type != TxType::Legacy && !tx.chain_id)
    return reject(TxRejectCode::WrongChainId, "typed transaction without a chain id");
  if (tx.chain_id && *tx.chain_id != chain_id)
    return reject(TxRejectCode::WrongChainId, "chain id " + std::to_string(*tx.chain_id) +
                                                  " does not match the network's " + std::to_string(chain_id));

  // ---- stateless (execution-specs validate_transaction) -------------------------------------
  const IntrinsicGas ig = intrinsic_gas(tx, fork);
  const uint64_t required_gas = ig.gas > ig.floor ? ig.gas : ig.floor;
  if (tx.gas_limit < required_gas)
    return reject(TxRejectCode::IntrinsicGasTooLow, "intrinsic gas too low: gas limit " + std::to_string(tx.gas_limit) +
                                                        ", needs " + std::to_string(required_gas));
  if (tx.nonce == std::numeric_limits<uint64_t>::max())
    return reject(TxRejectCode::NonceIsMax, "nonce is 2^64-1, the maximum (EIP-2681)");
  if (!tx.to && tx.data.size() > rules.max_initcode_size)
    return reject(TxRejectCode::InitcodeSizeExceeded, "init code of " + std::to_string(tx.data.size()) +
                                                          " bytes exceeds the limit of " +
                                                          std::to_string(rules.max_initcode_size) + " (EIP-3860)");

  // ---- block and fees (execution-specs check_transaction) -----------------------------------
  if (tx.gas_limit > block.gas_limit)
    return reject(TxRejectCode::GasAllowanceExceeded, "gas limit " + std::to_string(tx.gas_limit) +
                                                          " exceeds the block's available gas " +
                                                          std::to_string(block.gas_limit));
  if (tx.type >= TxType::DynamicFee && tx.max_priority_fee_per_gas > tx.max_fee_per_gas)
    return reject(TxRejectCode::PriorityGreaterThanMaxFee,
                  "max priority fee per gas " + decimal_string(tx.max_priority_fee_per_gas) +
                      " is above max fee per gas " + decimal_string(tx.max_fee_per_gas));
  if (tx.fee_cap() < block.base_fee)
    return reject(TxRejectCode::FeeCapBelowBaseFee, "max fee per gas " + decimal_string(tx.fee_cap()) +
                                                        " is below the block base fee " +
                                                        decimal_string(block.base_fee));
  const auto gas_cost = checked_mul(uint256(tx.gas_limit), tx.fee_cap());
  if (!gas_cost)
    return reject(TxRejectCode::GasLimitPriceProductOverflow, "gas limit * max fee per gas exceeds 2^256-1");
  uint256 max_cost = *gas_cost;

  // ---- blobs (EIP-4844) ---------------------------------------------------------------------
  if (tx.type == TxType::Blob) {
    if (!tx.to) return reject(TxRejectCode::BlobTxContractCreation, "blob transaction cannot create a contract");
    const uint64_t count = tx.blob_versioned_hashes.size();
    if (count == 0) return reject(TxRejectCode::BlobTxZeroBlobs, "blob transaction without blobs");
    if (count > rules.max_blobs_per_tx())
      return reject(TxRejectCode::BlobTxBlobCountExceeded, std::to_string(count) + " blobs exceed the limit of " +
                                                               std::to_string(rules.max_blobs_per_tx()) + " per block");
    const uint64_t blob_gas = blob_gas_used(count, fork);
    if (block.blob_gas_used > rules.max_blob_gas_per_block ||
        blob_gas > rules.max_blob_gas_per_block - block.blob_gas_used)
      return reject(TxRejectCode::BlobTxBlockBlobGasExceeded,
                    "blob gas " + std::to_string(blob_gas) + " exceeds the block's remaining blob gas");
    for (size_t i = 0; i < tx.blob_versioned_hashes.size(); ++i) {
      if (tx.blob_versioned_hashes[i].bytes[0] != kVersionedHashVersionKzg)
        return reject(TxRejectCode::BlobTxInvalidVersionedHash,
                      "blob versioned hash " + std::to_string(i) + " does not start with 0x01");
    }
    if (!block.blob_base_fee || tx.max_fee_per_blob_gas < *block.blob_base_fee)
      return reject(TxRejectCode::BlobFeeCapBelowBlobBaseFee,
                    "max fee per blob gas " + decimal_string(tx.max_fee_per_blob_gas) + " is below the blob base fee " +
                        (block.blob_base_fee ? decimal_string(*block.blob_base_fee) : std::string("(> 2^256)")));
    const auto blob_cost = checked_mul(uint256(blob_gas), tx.max_fee_per_blob_gas);
    if (!blob_cost)
      return reject(TxRejectCode::GasLimitPriceProductOverflow, "blob gas * max fee per blob gas exceeds 2^256-1");
    const auto sum = checked_add(max_cost, *blob_cost);
    if (!sum) return reject(TxRejectCode::InsufficientFunds, "insufficient funds: required balance exceeds 2^256-1");
    max_cost = *sum;
  }

  // ---- the sender's account -------------------------------------------------------------------
  if (tx.nonce < sender.nonce)
    return reject(TxRejectCode::NonceTooLow, "nonce too low: transaction " + std::to_string(tx.nonce) + ", account " +
                                                 std::to_string(sender.nonce));
  if (tx.nonce > sender.nonce)
    return reject(TxRejectCode::NonceTooHigh, "nonce too high: transaction " + std::to_string(tx.nonce) + ", account " +
                                                  std::to_string(sender.nonce));
  const auto total = checked_add(max_cost, tx.value);
  if (!total) return reject(TxRejectCode::InsufficientFunds, "insufficient funds: required balance exceeds 2^256-1");
  if (sender.balance < *total)
    return reject(TxRejectCode::InsufficientFunds, "insufficient funds for gas * price + value: balance " +
                                                       decimal_string(sender.balance) + ", required " +
                                                       decimal_string(*total));
  if (sender.has_code) return reject(TxRejectCode::SenderNotEoa, "sender has deployed code (EIP-3607)");
  return std::nullopt;
}

uint256 effective_gas_price(const Transaction& tx, const uint256& base_fee) {
  if (tx.type < TxType::DynamicFee) return tx.gas_price;
  const uint256 headroom = tx.max_fee_per_gas - base_fee;
  const uint256& tip = tx.max_priority_fee_per_gas < headroom ? tx.max_priority_fee_per_gas : headroom;
  return tip + base_fee;
}

uint256 priority_fee_per_gas(const Transaction& tx, const uint256& base_fee) {
  return effective_gas_price(tx, base_fee) - base_fee;
}

}  // namespace warp
