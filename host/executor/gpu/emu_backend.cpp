// The host-emulated backend (`gpu-emu`): the execute kernel's body run by a TBB loop over
// the host copies of the flat buffers. Only the launch and the copies differ from the
// device: each worker thread has its own arena and overlay, as each GPU thread does.
#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>

#include <chrono>
#include <memory>
#include <vector>

#include "host/executor/gpu/exec_backend.hpp"
#include "kernels/exec/execute_tx.hpp"

namespace warp {

namespace {

// One emulated GPU thread's working memory.
struct EmuThread {
  std::vector<uint256> stack = std::vector<uint256>(DeviceArenaSizes::kStackWords);
  std::vector<uint8_t> memory = std::vector<uint8_t>(DeviceArenaSizes::kMemoryBytes);
  std::vector<uint8_t> returndata = std::vector<uint8_t>(DeviceArenaSizes::kReturnBytes);
  std::vector<uint8_t> scratch = std::vector<uint8_t>(DeviceArenaSizes::kScratchBytes);
  std::vector<Frame> frames = std::vector<Frame>(DeviceArenaSizes::kFrames);
  std::unique_ptr<FlatOverlay> overlay = std::make_unique<FlatOverlay>();

  ExecArena arena() {
    DeviceArenaRegions r;
    r.stacks = stack.data();
    r.memories = memory.data();
    r.returns = returndata.data();
    r.scratches = scratch.data();
    r.frames = frames.data();
    return r.arena(0);
  }
};

class EmuBackend final : public ExecBackend {
 public:
  std::string_view name() const override { return "emulated"; }
  void sync_state(const FlatState& flat) override { view_ = flat.view(); }  // the host arrays themselves
  void load_batch(const PreparedBatch& batch) override { batch_ = batch.view(); }
  void run(uint64_t first, std::span<const uint32_t> which, Fork fork, TxOutcome* out) override {
    const auto t0 = std::chrono::steady_clock::now();
    tbb::parallel_for(tbb::blocked_range<size_t>(0, which.size(), 16), [&](const tbb::blocked_range<size_t>& r) {
      EmuThread& t = threads_.local();
      ExecArena arena = t.arena();
      for (size_t k = r.begin(); k != r.end(); ++k)
        execute_device_tx(fork, view_, batch_, first + which[k], *t.overlay, arena, out[which[k]]);
    });
    times_.kernel += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }
  const BackendTimes& times() const override { return times_; }

 private:
  FlatView view_{};
  DeviceBatch batch_{};
  tbb::enumerable_thread_specific<EmuThread> threads_;
  BackendTimes times_;
};

}  // namespace

std::unique_ptr<ExecBackend> make_emu_backend() { return std::make_unique<EmuBackend>(); }

}  // namespace warp
