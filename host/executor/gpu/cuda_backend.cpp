// The CUDA backend: the execute kernel on device 0. Not in this commit yet: make_cuda_backend
// says so (gpu-emu runs the same kernel body on the host).
#include <stdexcept>

#include "host/executor/gpu/exec_backend.hpp"

namespace warp {

std::unique_ptr<ExecBackend> make_cuda_backend() {
  throw std::runtime_error("the CUDA backend of the gpu executor is not built yet; use gpu-emu or cpu");
}

}  // namespace warp
