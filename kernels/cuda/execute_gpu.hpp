// Host API of the execute kernel (kernels/cuda/execute_kernel.cu): a session that keeps the
// flat snapshot, the block's transactions and every thread's working memory on device 0
// between rounds, so a round copies in only what changed. A plain header: no CUDA types, so
// host/executor/gpu/cuda_backend.cpp can include it (under WARPEVM_HAVE_CUDA). Its inputs
// are plain views of host arrays, not FlatState or PreparedBatch, so kernels/cuda does not
// depend on the host layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "kernels/evm/fork.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/exec/device_tx.hpp"
#include "kernels/exec/tx_outcome.hpp"
#include "state/flat/flat_view.hpp"

namespace warp::cuda {

// The host's flat snapshot (state/flat/flat_state.hpp) and what changed since the last
// sync. Tables are whole (capacity entries, a power of two); blobs are append-only.
struct FlatUpload {
  uint64_t generation = 0;  // a change means the arrays were rebuilt: copy everything
  std::span<const FlatAccount> accounts;
  std::span<const FlatSlot> slots;
  std::span<const uint8_t> code;
  std::span<const uint8_t> jumpdests;
  std::span<const uint64_t> dirty_accounts;  // indices into `accounts` changed since the last sync
  std::span<const uint64_t> dirty_slots;
  uint64_t code_from = 0;  // first byte of `code` appended since the last sync
  uint64_t jumpdests_from = 0;
};

// One block's prepared transactions (host/executor/gpu/device_batch.hpp's PreparedBatch).
struct BatchUpload {
  const DeviceBlock* block = nullptr;
  std::span<const DeviceTx> txs;
  std::span<const uint8_t> bytes;
  std::span<const Address> access_addresses;
  std::span<const DeviceAccessKey> access_keys;
};

// Seconds per phase since the session opened, each measured on the host after the device
// finished it.
struct ExecuteTimes {
  double copy_in = 0;
  double kernel = 0;
  double copy_out = 0;
};

// What the session holds on the device, for reports and tests.
struct ExecuteSessionInfo {
  uint32_t threads_per_block = 0;
  uint32_t registers = 0;             // per thread of the execute kernel
  uint64_t local_bytes = 0;           // per-thread local memory (stack frame) of the execute kernel
  uint64_t max_resident_threads = 0;  // the most threads a launch keeps arenas for
  uint64_t resident_threads = 0;      // arenas allocated now
  uint64_t full_syncs = 0;            // snapshot copied whole
  uint64_t dirty_syncs = 0;           // only changed entries copied
  uint64_t device_bytes = 0;          // allocated by the session
};

// Every call returns "" on success, else the failing step and its CUDA error; after a failure
// the session should not be used again (a kernel fault leaves the device context unusable).
class ExecuteSession {
 public:
  ExecuteSession();
  ~ExecuteSession();
  ExecuteSession(const ExecuteSession&) = delete;
  ExecuteSession& operator=(const ExecuteSession&) = delete;

  // Selects device 0 and works out how many threads a launch keeps resident: what the device
  // runs at once, bounded by memory; `max_resident_threads` > 0 lowers that (tests use it to
  // make each thread loop over several transactions). First call.
  std::string open(uint64_t max_resident_threads = 0);
  // Makes the device's snapshot equal to `flat`.
  std::string sync_state(const FlatUpload& flat);
  // Copies the block's transactions for the run() calls that follow.
  std::string load_batch(const BatchUpload& batch);
  // Runs transactions first + which[k] of the loaded batch against the synced snapshot;
  // out[w] (host memory) receives the outcome of transaction first + w for each w in
  // `which`, and no other entry of `out` is written (ExecBackend::run's contract).
  std::string run(uint64_t first, std::span<const uint32_t> which, Fork fork, TxOutcome* out);

  const ExecuteTimes& times() const;
  ExecuteSessionInfo info() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace warp::cuda
