// Transaction validity: one test per rejection reason (each flips one thing of a valid
// transaction), the order between reasons where it matters, fee arithmetic, and the EIP-4844
// blob fee market.
#include <gtest/gtest.h>

#include <set>

#include "host/tx/blob_gas.hpp"
#include "host/tx/validation.hpp"
#include "tx_test_util.hpp"

namespace warp {
namespace {

using txtest::u256;

constexpr uint64_t kChain = 1;

struct Case {
  Transaction tx{};
  SenderAccount sender{};
  TxBlockEnv block{};
  Fork fork = Fork::Cancun;
};

// A valid type-2 transfer: 21000 gas at up to 10 wei, base fee 7, balance exactly enough.
Case valid_type2() {
  Case c;
  c.tx.type = TxType::DynamicFee;
  c.tx.chain_id = kChain;
  c.tx.nonce = 5;
  c.tx.max_priority_fee_per_gas = uint256(2);
  c.tx.max_fee_per_gas = uint256(10);
  c.tx.gas_limit = 21000;
  c.tx.to = txtest::addr("0x00000000000000000000000000000000000000aa");
  c.tx.value = uint256(1000);
  c.sender.nonce = 5;
  c.sender.balance = uint256(21000 * 10 + 1000);
  c.block.base_fee = uint256(7);
  c.block.gas_limit = 30'000'000;
  return c;
}

Case valid_blob() {
  Case c = valid_type2();
  c.tx.type = TxType::Blob;
  c.tx.max_fee_per_blob_gas = uint256(3);
  Hash h{};
  h.bytes[0] = 0x01;
  c.tx.blob_versioned_hashes = {h, h};
  c.block.blob_base_fee = uint256(3);
  c.sender.balance = uint256(21000 * 10 + 1000 + 2 * 131072 * 3);
  return c;
}

std::optional<TxRejectCode> check(const Case& c) {
  auto r = validate_transaction(c.tx, c.sender, c.block, c.fork, kChain);
  if (!r) return std::nullopt;
  EXPECT_FALSE(r->message.empty());
  return r->code;
}

TEST(TxValidation, ValidBaselines) {
  EXPECT_EQ(check(valid_type2()), std::nullopt);
  EXPECT_EQ(check(valid_blob()), std::nullopt);
  Case legacy = valid_type2();
  legacy.tx.type = TxType::Legacy;
  legacy.tx.gas_price = uint256(10);
  EXPECT_EQ(check(legacy), std::nullopt);
  legacy.tx.chain_id.reset();  // pre-EIP-155 legacy is valid on any chain
  EXPECT_EQ(check(legacy), std::nullopt);
  Case shanghai = valid_type2();
  shanghai.fork = Fork::Shanghai;
  EXPECT_EQ(check(shanghai), std::nullopt);
}

TEST(TxValidation, TypeNotSupported) {
  Case c = valid_blob();
  c.fork = Fork::Shanghai;
  EXPECT_EQ(check(c), TxRejectCode::TypeNotSupported);
}

TEST(TxValidation, WrongChainId) {
  Case c = valid_type2();
  c.tx.chain_id = 5;
  EXPECT_EQ(check(c), TxRejectCode::WrongChainId);
  c.tx.chain_id.reset();
  EXPECT_EQ(check(c), TxRejectCode::WrongChainId);
}

TEST(TxValidation, IntrinsicGasTooLow) {
  Case c = valid_type2();
  c.tx.gas_limit = 20999;
  EXPECT_EQ(check(c), TxRejectCode::IntrinsicGasTooLow);
  c.tx.gas_limit = 21000 + 16;
  c.tx.data = {1};
  c.sender.balance += uint256(16 * 10);
  EXPECT_EQ(check(c), std::nullopt);
  c.tx.data = {1, 1};
  EXPECT_EQ(check(c), TxRejectCode::IntrinsicGasTooLow);
}

TEST(TxValidation, NonceIsMax) {
  Case c = valid_type2();
  c.tx.nonce = ~0ull;
  c.sender.nonce = ~0ull;
  EXPECT_EQ(check(c), TxRejectCode::NonceIsMax);
  c.tx.nonce = ~0ull - 1;
  c.sender.nonce = ~0ull - 1;
  EXPECT_EQ(check(c), std::nullopt);
}

TEST(TxValidation, InitcodeSizeExceeded) {
  Case c = valid_type2();
  c.tx.to.reset();
  c.tx.data = Bytes(49152, 0);
  c.tx.gas_limit = 10'000'000;
  c.sender.balance = uint256(10'000'000ull * 10 + 1000);
  EXPECT_EQ(check(c), std::nullopt);
  c.tx.data.push_back(0);
  EXPECT_EQ(check(c), TxRejectCode::InitcodeSizeExceeded);
  c.tx.to = txtest::addr("0x00000000000000000000000000000000000000aa");  // not a creation
  EXPECT_EQ(check(c), std::nullopt);
}

TEST(TxValidation, GasAllowanceExceeded) {
  Case c = valid_type2();
  c.block.gas_limit = 20999;
  EXPECT_EQ(check(c), TxRejectCode::GasAllowanceExceeded);
  c.block.gas_limit = 21000;
  EXPECT_EQ(check(c), std::nullopt);
}

TEST(TxValidation, PriorityAboveMaxFee) {
  Case c = valid_type2();
  c.tx.max_priority_fee_per_gas = uint256(11);
  EXPECT_EQ(check(c), TxRejectCode::PriorityGreaterThanMaxFee);
  c.tx.max_priority_fee_per_gas = uint256(10);
  EXPECT_EQ(check(c), std::nullopt);
}

TEST(TxValidation, FeeCapBelowBaseFee) {
  Case c = valid_type2();
  c.block.base_fee = uint256(11);
  EXPECT_EQ(check(c), TxRejectCode::FeeCapBelowBaseFee);
  c.block.base_fee = uint256(10);
  EXPECT_EQ(check(c), std::nullopt);
  Case legacy = valid_type2();
  legacy.tx.type = TxType::Legacy;
  legacy.tx.gas_price = uint256(6);
  EXPECT_EQ(check(legacy), TxRejectCode::FeeCapBelowBaseFee);
}

TEST(TxValidation, NonceTooLowAndTooHigh) {
  Case c = valid_type2();
  c.sender.nonce = 6;
  EXPECT_EQ(check(c), TxRejectCode::NonceTooLow);
  c.sender.nonce = 4;
  EXPECT_EQ(check(c), TxRejectCode::NonceTooHigh);
}

TEST(TxValidation, InsufficientFundsCountsFeeCapNotEffectivePrice) {
  Case c = valid_type2();
  c.sender.balance -= uint256(1);
  EXPECT_EQ(check(c), TxRejectCode::InsufficientFunds);
  // Paying only base fee + tip (9 per gas) would fit, but the check uses the cap (10).
  c.sender.balance = uint256(21000 * 9 + 1000);
  EXPECT_EQ(check(c), TxRejectCode::InsufficientFunds);
  // The value counts too.
  c = valid_type2();
  c.tx.value += uint256(1);
  EXPECT_EQ(check(c), TxRejectCode::InsufficientFunds);
}

TEST(TxValidation, BlobCostCountsInBalance) {
  Case c = valid_blob();
  c.sender.balance -= uint256(1);
  EXPECT_EQ(check(c), TxRejectCode::InsufficientFunds);
}

TEST(TxValidation, ProductOverflow) {
  Case c = valid_type2();
  c.tx.max_fee_per_gas = uint256::max();
  c.tx.max_priority_fee_per_gas = uint256(0);
  c.sender.balance = uint256::max();
  EXPECT_EQ(check(c), TxRejectCode::GasLimitPriceProductOverflow);
  // gas * cap fits but + value does not: insufficient funds, never a wrapped sum.
  c.tx.max_fee_per_gas = uint256::max() / uint256(21000);
  c.tx.value = uint256::max();
  EXPECT_EQ(check(c), TxRejectCode::InsufficientFunds);
  Case b = valid_blob();
  b.tx.max_fee_per_blob_gas = uint256::max();
  b.sender.balance = uint256::max();
  EXPECT_EQ(check(b), TxRejectCode::GasLimitPriceProductOverflow);
}

TEST(TxValidation, SenderNotEoa) {
  Case c = valid_type2();
  c.sender.has_code = true;
  EXPECT_EQ(check(c), TxRejectCode::SenderNotEoa);
}

TEST(TxValidation, BlobRules) {
  Case c = valid_blob();
  c.tx.to.reset();
  c.tx.gas_limit = 53000;
  c.sender.balance = uint256::max();
  EXPECT_EQ(check(c), TxRejectCode::BlobTxContractCreation);

  c = valid_blob();
  c.tx.blob_versioned_hashes.clear();
  EXPECT_EQ(check(c), TxRejectCode::BlobTxZeroBlobs);

  c = valid_blob();
  c.tx.blob_versioned_hashes.resize(6, c.tx.blob_versioned_hashes[0]);
  c.sender.balance = uint256::max();
  EXPECT_EQ(check(c), std::nullopt);
  c.tx.blob_versioned_hashes.push_back(c.tx.blob_versioned_hashes[0]);
  EXPECT_EQ(check(c), TxRejectCode::BlobTxBlobCountExceeded);
  c.fork = Fork::Prague;  // 9 per block
  EXPECT_EQ(check(c), std::nullopt);

  c = valid_blob();
  c.block.blob_gas_used = 5 * 131072;  // room for one more blob, the tx has two
  EXPECT_EQ(check(c), TxRejectCode::BlobTxBlockBlobGasExceeded);
  c.block.blob_gas_used = 4 * 131072;
  EXPECT_EQ(check(c), std::nullopt);

  c = valid_blob();
  c.tx.blob_versioned_hashes[1].bytes[0] = 0x02;
  EXPECT_EQ(check(c), TxRejectCode::BlobTxInvalidVersionedHash);
  c.tx.blob_versioned_hashes[1].bytes[0] = 0x00;
  EXPECT_EQ(check(c), TxRejectCode::BlobTxInvalidVersionedHash);

  c = valid_blob();
  c.block.blob_base_fee = uint256(4);
  EXPECT_EQ(check(c), TxRejectCode::BlobFeeCapBelowBlobBaseFee);
  c.block.blob_base_fee = std::nullopt;  // beyond 2^256: nothing pays it
  EXPECT_EQ(check(c), TxRejectCode::BlobFeeCapBelowBlobBaseFee);
}

TEST(TxValidation, OrderFollowsExecutionSpecs) {
  // Intrinsic gas is checked before the balance and the nonce.
  Case c = valid_type2();
  c.tx.gas_limit = 100;
  c.sender.balance = uint256(0);
  c.sender.nonce = 0;
  EXPECT_EQ(check(c), TxRejectCode::IntrinsicGasTooLow);
  // Fee cap before nonce; nonce before balance; balance before sender code.
  c = valid_type2();
  c.block.base_fee = uint256(100);
  c.sender.nonce = 0;
  EXPECT_EQ(check(c), TxRejectCode::FeeCapBelowBaseFee);
  c = valid_type2();
  c.sender.nonce = 0;
  c.sender.balance = uint256(0);
  EXPECT_EQ(check(c), TxRejectCode::NonceTooHigh);
  c = valid_type2();
  c.sender.balance = uint256(0);
  c.sender.has_code = true;
  EXPECT_EQ(check(c), TxRejectCode::InsufficientFunds);
}

TEST(TxValidation, RejectionNamesAreDistinct) {
  std::set<std::string> names;
  for (int i = 0; i <= static_cast<int>(TxRejectCode::SenderNotEoa); ++i)
    names.insert(rejection_name(static_cast<TxRejectCode>(i)));
  EXPECT_EQ(names.size(), static_cast<size_t>(TxRejectCode::SenderNotEoa) + 1);
  EXPECT_STREQ(rejection_name(TxRejectCode::InsufficientFunds), "TransactionException.INSUFFICIENT_ACCOUNT_FUNDS");
  EXPECT_STREQ(rejection_name(TxRejectCode::IntrinsicGasTooLow), "TransactionException.INTRINSIC_GAS_TOO_LOW");
}

TEST(TxFees, EffectiveGasPriceAndPriorityFee) {
  Transaction tx{};
  tx.type = TxType::DynamicFee;
  tx.max_fee_per_gas = uint256(100);
  tx.max_priority_fee_per_gas = uint256(10);
  EXPECT_EQ(effective_gas_price(tx, uint256(95)), uint256(100));  // tip capped by headroom 5
  EXPECT_EQ(priority_fee_per_gas(tx, uint256(95)), uint256(5));
  EXPECT_EQ(effective_gas_price(tx, uint256(50)), uint256(60));
  EXPECT_EQ(priority_fee_per_gas(tx, uint256(50)), uint256(10));
  EXPECT_EQ(effective_gas_price(tx, uint256(100)), uint256(100));
  EXPECT_EQ(priority_fee_per_gas(tx, uint256(100)), uint256(0));
  Transaction legacy{};
  legacy.gas_price = uint256(70);
  EXPECT_EQ(effective_gas_price(legacy, uint256(50)), uint256(70));
  EXPECT_EQ(priority_fee_per_gas(legacy, uint256(50)), uint256(20));
}

TEST(TxBlobGas, FakeExponentialValues) {
  // Reference values from the EIP's integer algorithm.
  EXPECT_EQ(fake_exponential(1, 0, 3338477), uint256(1));
  EXPECT_EQ(fake_exponential(1, 1, 3338477), uint256(1));
  EXPECT_EQ(fake_exponential(1, 3338477, 3338477), uint256(2));  // floor(e)
  EXPECT_EQ(fake_exponential(1, 10'000'000, 3338477), uint256(19));
  EXPECT_EQ(fake_exponential(1, 33'554'432, 3338477), uint256(23174));
  EXPECT_EQ(fake_exponential(1, 100'000'000, 3338477), uint256(10203769476395ull));
  EXPECT_EQ(fake_exponential(3, 1u << 20, 1u << 18), uint256(163));
  EXPECT_EQ(fake_exponential(0, 12345, 1), uint256(0));
  EXPECT_EQ(fake_exponential(1, 1, 0), std::nullopt);
  // The largest excess whose fee fits 256 bits, and the first that does not.
  EXPECT_EQ(fake_exponential(1, 592398315, 3338477),
            u256("0xfffffd7f37d871923e777c8e1698f4a355b593742cb7f676ce08cf31f51e8874"));
  EXPECT_EQ(fake_exponential(1, 592398316, 3338477), std::nullopt);
  EXPECT_EQ(fake_exponential(1, uint256::max(), 3338477), std::nullopt);  // ends quickly
}

TEST(TxBlobGas, BlobBaseFeePerFork) {
  EXPECT_EQ(blob_base_fee(0, Fork::Cancun), uint256(1));
  EXPECT_EQ(blob_base_fee(10'000'000, Fork::Cancun), uint256(19));
  EXPECT_EQ(blob_base_fee(10'000'000, Fork::Prague), uint256(7));  // fraction 5007716
  EXPECT_EQ(blob_base_fee(~0ull, Fork::Cancun), std::nullopt);
}

TEST(TxBlobGas, ExcessBlobGas) {
  EXPECT_EQ(calc_excess_blob_gas(0, 0, Fork::Cancun), 0u);
  EXPECT_EQ(calc_excess_blob_gas(0, 393216, Fork::Cancun), 0u);
  EXPECT_EQ(calc_excess_blob_gas(0, 786432, Fork::Cancun), 393216u);
  EXPECT_EQ(calc_excess_blob_gas(100, 393216, Fork::Cancun), 100u);
  EXPECT_EQ(calc_excess_blob_gas(393216, 0, Fork::Cancun), 0u);
  EXPECT_EQ(calc_excess_blob_gas(393217, 0, Fork::Cancun), 1u);
  EXPECT_EQ(calc_excess_blob_gas(0, 786432, Fork::Prague), 0u);  // target 6 blobs
  EXPECT_EQ(calc_excess_blob_gas(~0ull, ~0ull, Fork::Cancun), ~0ull - 393216);
  EXPECT_EQ(blob_gas_used(6, Fork::Cancun), 786432u);
}

}  // namespace
}  // namespace warp
