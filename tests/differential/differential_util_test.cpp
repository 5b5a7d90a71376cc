// The comparison helpers themselves: a change to any one receipt field, block total, root
// or account must be reported (a comparator that passes everything would make every
// differential test vacuous), and the report must name the first differing transaction.
#include "tests/differential/differential_util.hpp"

#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "tests/differential/adversarial_blocks.hpp"

namespace warp::difftest {
namespace {

// A small real block: its sequential result and post-state.
struct Reference {
  BlockResult result;
  State post;
};
Reference reference() {
  const GeneratedBlock b = nested_failure_block(7, 30);
  Reference r;
  r.post = b.pre_state;
  r.result = make_executor("sequential", 1)->execute(r.post, b.txs, b.env, b.fork);
  return r;
}

// Index of the first successful receipt with logs (the block has them).
size_t with_logs(const BlockResult& r) {
  for (size_t i = 0; i < r.receipts.size(); ++i)
    if (!r.receipts[i].logs.empty()) return i;
  ADD_FAILURE() << "no receipt with logs";
  return 0;
}

TEST(DifferentialUtil, IdenticalResultsPass) {
  const Reference r = reference();
  EXPECT_TRUE(expect_same_result(r.result, r.result, "same"));
  EXPECT_TRUE(expect_same_state(r.post, r.post, "same"));
}

TEST(DifferentialUtil, EveryReceiptFieldIsCompared) {
  const Reference r = reference();
  const size_t i = with_logs(r.result);
  const std::function<void(Receipt&)> mutations[] = {
      [](Receipt& x) { x.status = EvmStatus::Revert; },
      [](Receipt& x) { x.gas_used += 1; },
      [](Receipt& x) { x.cumulative_gas_used += 1; },
      [](Receipt& x) { x.blob_gas_used = 131072; },
      [](Receipt& x) { x.logs[0].data.push_back(0); },
      [](Receipt& x) { x.logs[0].topics.push_back(Hash{}); },
      [](Receipt& x) { x.logs[0].address.bytes[0] ^= 1; },
      [](Receipt& x) { x.logs.pop_back(); },
      [](Receipt& x) { x.contract_address = Address{}; },
      [](Receipt& x) { x.error = "interpreter gave up"; },
      [](Receipt& x) {
        x.rejection = TxRejection{TxRejectCode::NonceTooHigh, "nonce"};
      },
  };
  for (const auto& mutate : mutations) {
    BlockResult got = r.result;
    mutate(got.receipts[i]);
    EXPECT_NONFATAL_FAILURE(expect_same_result(r.result, got, "mutated"),
                            "first differing receipt is transaction " + std::to_string(i));
  }
}

TEST(DifferentialUtil, BlockTotalsAndRootsAreCompared) {
  const Reference r = reference();
  BlockResult got = r.result;
  got.state_root.bytes[31] ^= 1;
  EXPECT_NONFATAL_FAILURE(expect_same_result(r.result, got, "root"), "state root");
  got = r.result;
  got.logs_hash.bytes[0] ^= 1;
  EXPECT_NONFATAL_FAILURE(expect_same_result(r.result, got, "logs"), "logs hash");
  got = r.result;
  got.gas_used += 1;
  EXPECT_NONFATAL_FAILURE(expect_same_result(r.result, got, "gas"), "block gas_used");
  got = r.result;
  got.receipts.pop_back();
  EXPECT_NONFATAL_FAILURE(expect_same_result(r.result, got, "count"), "receipts, expected");
}

TEST(DifferentialUtil, EveryAccountFieldIsCompared) {
  const Reference r = reference();
  const Address probe = addrs::outer();
  const std::function<void(State&)> mutations[] = {
      [&](State& s) { s.set_nonce(probe, s.nonce(probe) + 1); },
      [&](State& s) { s.set_balance(probe, s.balance(probe) + uint256(1)); },
      [&](State& s) { s.set_code(probe, Bytes{0x00}); },
      [&](State& s) { s.set_storage(probe, uint256(0), s.storage(probe, uint256(0)) + uint256(1)); },
      [&](State& s) { s.set_storage(probe, uint256(12345), uint256(1)); },
      [&](State& s) { s.erase(probe); },
      [&](State& s) { s.set_balance(Address{}, uint256(1)); },
  };
  for (const auto& mutate : mutations) {
    State got = r.post;
    mutate(got);
    EXPECT_NONFATAL_FAILURE(expect_same_state(r.post, got, "mutated"), "mutated");
  }
}

}  // namespace
}  // namespace warp::difftest
