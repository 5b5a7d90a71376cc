// summarize_receipts: the block totals every executor reports, checked against the plain
// definitions (the logs hash of all included receipts' logs concatenated, in order).
#include <gtest/gtest.h>

#include <vector>

#include "host/executor/block_executor.hpp"
#include "host/log.hpp"

namespace warp {
namespace {

Log make_log(uint8_t tag, size_t topics, size_t data) {
  Log log;
  log.address.bytes[19] = tag;
  for (size_t i = 0; i < topics; ++i) {
    Hash t{};
    t.bytes[0] = static_cast<uint8_t>(tag + i);
    log.topics.push_back(t);
  }
  log.data.assign(data, tag);
  return log;
}

TEST(SummarizeReceipts, TotalsCumulativeGasAndTheLogsHashOfIncludedReceipts) {
  std::vector<Receipt> receipts(4);
  receipts[0].gas_used = 21000;
  receipts[0].logs = {make_log(1, 2, 40), make_log(2, 0, 0)};
  receipts[1].rejection = TxRejection{};  // not included: no gas, no logs counted
  receipts[1].gas_used = 99;
  receipts[1].logs = {make_log(9, 1, 1)};
  receipts[2].gas_used = 50000;
  receipts[2].blob_gas_used = 131072;
  receipts[2].logs = {make_log(3, 4, 300)};
  receipts[3].gas_used = 30000;

  std::vector<Log> all = receipts[0].logs;
  all.insert(all.end(), receipts[2].logs.begin(), receipts[2].logs.end());

  const BlockResult r = summarize_receipts(receipts);
  EXPECT_EQ(r.gas_used, 101000u);
  EXPECT_EQ(r.blob_gas_used, 131072u);
  EXPECT_EQ(r.rejected, 1u);
  EXPECT_EQ(r.receipts[0].cumulative_gas_used, 21000u);
  EXPECT_EQ(r.receipts[1].cumulative_gas_used, 21000u);
  EXPECT_EQ(r.receipts[2].cumulative_gas_used, 71000u);
  EXPECT_EQ(r.receipts[3].cumulative_gas_used, 101000u);
  EXPECT_EQ(r.logs_hash, logs_hash(all));
  EXPECT_NE(r.logs_hash, logs_hash({}));
  EXPECT_EQ(summarize_receipts({}).logs_hash, logs_hash({}));
}

}  // namespace
}  // namespace warp
