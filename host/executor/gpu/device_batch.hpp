// The block's transactions as the execute kernel takes them (kernels/exec/device_tx.hpp):
// fixed records plus one blob of calldata and flat access lists. Preparing also does every
// check that does not depend on state, so a transaction the device gets can only fail on
// nonce, balance or sender code, which the device leaves to the host.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "host/transition.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/exec/device_tx.hpp"

namespace warp {

struct PreparedBatch {
  DeviceBlock block{};
  std::vector<DeviceTx> txs;  // one per transaction of the block, in order
  // 1: the device may run it; 0: the host runs it (blob type, a stateless rule fails, a
  // fork the device does not run). DeviceTx::host_only says the same to the kernel.
  std::vector<uint8_t> on_device;
  std::vector<uint8_t> bytes;
  std::vector<Address> access_addresses;
  std::vector<DeviceAccessKey> access_keys;

  // The view the kernel reads, over these host vectors.
  DeviceBatch view() const;
};

// Whether the device executes this fork at all (execute_device_tx's instantiations).
bool device_runs_fork(Fork fork);

// Builds the batch; the transactions' senders are recovered.
PreparedBatch prepare_device_batch(std::span<const Transaction> txs, const BlockEnv& env, Fork fork);

}  // namespace warp
