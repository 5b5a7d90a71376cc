// Intrinsic gas: base, calldata (EIP-2028), creation, access lists (EIP-2930), initcode
// words (EIP-3860). The GeneralStateTests cross-check (tx_fixtures_test) covers the
// boundaries against real fixtures.
#include <gtest/gtest.h>

#include "host/tx/intrinsic_gas.hpp"
#include "host/tx/tx_rules.hpp"
#include "tx_test_util.hpp"

namespace warp {
namespace {

Transaction call_tx(Bytes data) {
  Transaction tx{};
  tx.to = txtest::addr("0x1000000000000000000000000000000000000000");
  tx.data = std::move(data);
  return tx;
}

Transaction create_tx(Bytes data) {
  Transaction tx{};
  tx.data = std::move(data);
  return tx;
}

TEST(TxIntrinsicGas, PlainTransfer) {
  EXPECT_EQ(intrinsic_gas(call_tx({}), Fork::Cancun).gas, 21000u);
  EXPECT_EQ(intrinsic_gas(call_tx({}), Fork::Cancun).floor, 0u);
}

TEST(TxIntrinsicGas, CalldataZeroAndNonZeroBytes) {
  EXPECT_EQ(intrinsic_gas(call_tx({0, 0, 1, 2, 0}), Fork::Cancun).gas, 21000u + 3 * 4 + 2 * 16);
  EXPECT_EQ(intrinsic_gas(call_tx(Bytes(1000, 0)), Fork::Cancun).gas, 21000u + 4000);
  EXPECT_EQ(intrinsic_gas(call_tx(Bytes(1000, 0xff)), Fork::Cancun).gas, 21000u + 16000);
  const CalldataCounts c = count_calldata(Bytes{0, 1, 0, 0, 7});
  EXPECT_EQ(c.zero, 3u);
  EXPECT_EQ(c.nonzero, 2u);
}

TEST(TxIntrinsicGas, CreationAddsCreateCostAndInitcodeWords) {
  EXPECT_EQ(intrinsic_gas(create_tx({}), Fork::Cancun).gas, 53000u);
  // 1 byte = 1 word, 32 bytes = 1 word, 33 bytes = 2 words.
  EXPECT_EQ(intrinsic_gas(create_tx({1}), Fork::Cancun).gas, 53000u + 16 + 2);
  EXPECT_EQ(intrinsic_gas(create_tx(Bytes(32, 1)), Fork::Cancun).gas, 53000u + 32 * 16 + 2);
  EXPECT_EQ(intrinsic_gas(create_tx(Bytes(33, 1)), Fork::Cancun).gas, 53000u + 33 * 16 + 4);
  EXPECT_EQ(intrinsic_gas(create_tx(Bytes(49152, 0)), Fork::Shanghai).gas, 53000u + 49152 * 4 + 1536 * 2);
  // The same data sent to an address pays no creation or word cost.
  EXPECT_EQ(intrinsic_gas(call_tx(Bytes(33, 1)), Fork::Cancun).gas, 21000u + 33 * 16);
}

TEST(TxIntrinsicGas, AccessList) {
  Transaction tx = call_tx({});
  tx.type = TxType::AccessList;
  tx.access_list = {{txtest::addr("0x1111111111111111111111111111111111111111"), {}},
                    {txtest::addr("0x2222222222222222222222222222222222222222"),
                     {Hash{}, uint256(1).to_hash(), uint256(2).to_hash()}}};
  EXPECT_EQ(intrinsic_gas(tx, Fork::Cancun).gas, 21000u + 2 * 2400 + 3 * 1900);
  // Duplicates are charged again (the EIP charges per entry, not per distinct key).
  tx.access_list.push_back(tx.access_list[1]);
  EXPECT_EQ(intrinsic_gas(tx, Fork::Cancun).gas, 21000u + 3 * 2400 + 6 * 1900);
}

TEST(TxIntrinsicGas, ForkTable) {
  EXPECT_EQ(tx_rules(Fork::Cancun).max_blobs_per_tx(), 6u);
  EXPECT_EQ(tx_rules(Fork::Prague).max_blobs_per_tx(), 9u);
  EXPECT_EQ(tx_rules(Fork::Shanghai).max_tx_type, TxType::DynamicFee);
  EXPECT_EQ(tx_rules(Fork::Cancun).max_tx_type, TxType::Blob);
  const Transaction tx = create_tx(Bytes{0, 5, 0, 9});
  EXPECT_EQ(intrinsic_gas(tx, Fork::Shanghai).gas, intrinsic_gas(tx, Fork::Cancun).gas);
}

}  // namespace
}  // namespace warp
