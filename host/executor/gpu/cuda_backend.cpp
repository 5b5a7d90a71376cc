// The CUDA backend: the execute kernel on device 0 (kernels/cuda/execute_kernel.cu). In a
// build without CUDA, make_cuda_backend says so instead.
#include <stdexcept>

#include "host/executor/gpu/exec_backend.hpp"

#if defined(WARPEVM_HAVE_CUDA)
#include <span>
#include <string>

#include "host/executor/gpu/cuda_upload.hpp"
#endif

namespace warp {

#if defined(WARPEVM_HAVE_CUDA)

namespace {

// The session reports errors as values (kernels/ style); the executor expects exceptions.
void check(const std::string& error) {
  if (!error.empty()) throw std::runtime_error("cuda backend: " + error);
}

class CudaBackend final : public ExecBackend {
 public:
  CudaBackend() { check(session_.open()); }

  std::string_view name() const override { return "cuda"; }

  void sync_state(const FlatState& flat) override {
    check(session_.sync_state(upload_of(flat)));
    update_times();
  }

  void load_batch(const PreparedBatch& batch) override {
    check(session_.load_batch(upload_of(batch)));
    update_times();
  }

  void run(uint64_t first, std::span<const uint32_t> which, Fork fork, TxOutcome* out) override {
    check(session_.run(first, which, fork, out));
    update_times();
  }

  const BackendTimes& times() const override { return times_; }

 private:
  void update_times() {
    const cuda::ExecuteTimes& t = session_.times();
    times_.copy_in = t.copy_in;
    times_.kernel = t.kernel;
    times_.copy_out = t.copy_out;
  }

  cuda::ExecuteSession session_;
  BackendTimes times_;
};

}  // namespace

std::unique_ptr<ExecBackend> make_cuda_backend() { return std::make_unique<CudaBackend>(); }

#else

std::unique_ptr<ExecBackend> make_cuda_backend() {
  throw std::runtime_error(
      "the gpu executor needs a CUDA build (this one was built without nvcc or with "
      "-DWARPEVM_CUDA=OFF); use gpu-emu or cpu");
}

#endif

}  // namespace warp
