// Where the GPU executor's kernel runs: on a CUDA device (cuda_backend) or, with the same
// flat buffers and the same kernel body, in a TBB loop on the host (emu_backend). The
// executor's rounds, validation and commit do not know which (DESIGN.md section 3).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "host/executor/gpu/device_batch.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/exec/tx_outcome.hpp"
#include "state/flat/flat_state.hpp"

namespace warp {

// Seconds spent in each phase since the backend was made (the executor takes differences).
struct BackendTimes {
  double copy_in = 0;   // state, batch and dirty entries to the device
  double kernel = 0;    // the execute kernel
  double copy_out = 0;  // outcomes back
};

class ExecBackend {
 public:
  virtual ~ExecBackend() = default;
  virtual std::string_view name() const = 0;
  // Makes the device's copy of `flat` equal to it: all of it after a build (its generation
  // changed), otherwise the entries flat.dirty() lists. The caller then clears the dirty list.
  virtual void sync_state(const FlatState& flat) = 0;
  // The block's prepared transactions, for the run() calls that follow.
  virtual void load_batch(const PreparedBatch& batch) = 0;
  // Runs transactions first + which[k] of the loaded batch against the synced state; out[w]
  // receives the outcome of transaction first + w for each w in `which` (other entries of
  // `out` are left alone: a later round re-runs only the stale part of a window). Throws
  // std::runtime_error when the device fails (the message names the failing call).
  virtual void run(uint64_t first, std::span<const uint32_t> which, Fork fork, TxOutcome* out) = 0;
  virtual const BackendTimes& times() const = 0;
};

// The host-emulated backend, on the caller's TBB arena.
std::unique_ptr<ExecBackend> make_emu_backend();
// The CUDA backend on device 0. Throws std::runtime_error when this build has no CUDA or no
// device can be used, with the reason.
std::unique_ptr<ExecBackend> make_cuda_backend();

}  // namespace warp
