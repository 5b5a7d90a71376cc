// Keccak offload where the executors use it (DESIGN.md section 6): transaction and signing
// hashes of a signed block, and the state root, through the GPU batch hasher, must equal the
// CPU's. Skipped, by name, where no device can be used.
#include <gtest/gtest.h>

#include <vector>

#include "bench/workloads/workload.hpp"
#include "host/device_info.hpp"
#include "host/executor/gpu/gpu_root_hasher.hpp"
#include "host/tx/tx_hash_batch.hpp"
#include "tests/gpu/require_device.hpp"

namespace warp {
namespace {

bench::Workload block() {
  bench::WorkloadOptions o;
  o.kind = bench::WorkloadKind::Mixed;
  o.txs = 5000;
  o.accounts = 3000;
  o.seed = 4;
  return bench::generate_workload(o);
}

TEST(HashOffloadGpu, TransactionAndSigningHashesMatchCpu) {
  WARP_REQUIRE_DEVICE();
  bench::Workload w = block();
  std::vector<Transaction> on_gpu = w.txs;
  hash_transactions(w.txs);
  hash_transactions(on_gpu, gpu_root_hasher(1));
  for (size_t i = 0; i < w.txs.size(); ++i) ASSERT_EQ(on_gpu[i].hash, w.txs[i].hash) << "transaction " << i;
  EXPECT_EQ(signing_hashes(w.txs, gpu_root_hasher(1)), signing_hashes(w.txs));
}

TEST(HashOffloadGpu, StateRootMatchesCpu) {
  WARP_REQUIRE_DEVICE();
  const bench::Workload w = block();
  // Every level on the device (threshold 1), and the executor's default split.
  EXPECT_EQ(w.pre_state.state_root(gpu_root_hasher(1)), w.pre_state.state_root());
  EXPECT_EQ(w.pre_state.state_root(gpu_root_hasher()), w.pre_state.state_root());
}

}  // namespace
}  // namespace warp
