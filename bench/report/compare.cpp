#include "bench/report/compare.hpp"

#include <string>

#include "state/bytes.hpp"

namespace warp::bench {

namespace {

std::string receipt_prefix(size_t i) { return "receipt " + std::to_string(i) + ": "; }

}  // namespace

std::string compare_block_results(const BlockResult& expected, const BlockResult& got) {
  if (got.receipts.size() != expected.receipts.size())
    return "receipt count " + std::to_string(got.receipts.size()) + ", expected " +
           std::to_string(expected.receipts.size());
  // Receipts first: the first diverging transaction says more than a differing root.
  for (size_t i = 0; i < expected.receipts.size(); ++i) {
    const Receipt& e = expected.receipts[i];
    const Receipt& g = got.receipts[i];
    if (g.included() != e.included())
      return receipt_prefix(i) + (g.included() ? "included, expected not included" : "not included, expected included");
    if (g.status != e.status)
      return receipt_prefix(i) + "status " + std::to_string(static_cast<int>(g.status)) + ", expected " +
             std::to_string(static_cast<int>(e.status));
    if (g.gas_used != e.gas_used)
      return receipt_prefix(i) + "gas " + std::to_string(g.gas_used) + ", expected " + std::to_string(e.gas_used);
  }
  if (got.gas_used != expected.gas_used)
    return "block gas " + std::to_string(got.gas_used) + ", expected " + std::to_string(expected.gas_used);
  if (got.logs_hash != expected.logs_hash)
    return "logs hash " + to_hex0x(got.logs_hash) + ", expected " + to_hex0x(expected.logs_hash);
  if (got.state_root != expected.state_root)
    return "state root " + to_hex0x(got.state_root) + ", expected " + to_hex0x(expected.state_root);
  return {};
}

}  // namespace warp::bench
