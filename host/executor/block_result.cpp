// The block totals every executor reports (block_executor.hpp).
#include "host/executor/block_executor.hpp"
#include "host/log.hpp"

namespace warp {

BlockResult summarize_receipts(std::vector<Receipt> receipts) {
  BlockResult out;
  out.receipts = std::move(receipts);
  Bytes log_items;  // the block's logs encoded in place: no copy of every Log
  for (Receipt& r : out.receipts) {
    if (r.included()) {
      out.gas_used += r.gas_used;
      out.blob_gas_used += r.blob_gas_used;
      append_encoded_logs(log_items, r.logs);
    } else {
      ++out.rejected;
    }
    r.cumulative_gas_used = out.gas_used;
  }
  out.logs_hash = logs_hash_of_items(log_items);
  return out;
}

}  // namespace warp
