// The portable interpreter run on the device, one message per thread against FixedHost
// (kernels/cuda/fixed_host.hpp). Beyond proving that kernels/evm builds under nvcc (no
// heap, no exceptions, no std:: calls in device code), tests run it and compare each
// thread's result with the same run on the CPU.
#include <cstddef>
#include <cstdint>

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/device_buffer.hpp"
#include "kernels/cuda/interpreter_gpu.hpp"

namespace warp::cuda {
namespace {

constexpr size_t kCalldataBytes = 32;

// Thread i's arena is slice i of each region buffer.
__global__ void fixed_host_kernel(const uint8_t* code, size_t code_size, const uint8_t* calldata, int64_t gas,
                                  uint256* stacks, uint8_t* memories, uint8_t* returns, uint8_t* scratches,
                                  Frame* frames, FixedRunResult* out, size_t n) {
  const size_t i = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= n) return;
  using S = FixedArenaSizes;
  ExecArena arena;
  arena.stack = stacks + i * S::kStackWords;
  arena.stack_words = S::kStackWords;
  arena.memory = memories + i * S::kMemoryBytes;
  arena.memory_bytes = S::kMemoryBytes;
  arena.returndata = returns + i * S::kReturnBytes;
  arena.returndata_bytes = S::kReturnBytes;
  arena.scratch = scratches + i * S::kScratchBytes;
  arena.scratch_bytes = S::kScratchBytes;
  arena.frames = frames + i * S::kFrames;
  arena.frame_count = S::kFrames;
  out[i] = run_on_fixed_host(code, code_size, calldata + i * kCalldataBytes, kCalldataBytes, gas, arena);
}

}  // namespace

std::string gpu_run_fixed_host(const uint8_t* code, size_t code_size, const uint8_t* calldata, int64_t gas,
                               FixedRunResult* out, size_t n) {
  if (n == 0) return {};
  using S = FixedArenaSizes;
  DeviceBuffer<uint8_t> d_code, d_calldata, d_memory, d_return, d_scratch;
  DeviceBuffer<uint256> d_stack;
  DeviceBuffer<Frame> d_frames;
  DeviceBuffer<FixedRunResult> d_out;
  if (auto e = d_code.allocate(code_size); !e.empty()) return e;
  if (auto e = d_calldata.allocate(n * kCalldataBytes); !e.empty()) return e;
  if (auto e = d_stack.allocate(n * S::kStackWords); !e.empty()) return e;
  if (auto e = d_memory.allocate(n * S::kMemoryBytes); !e.empty()) return e;
  if (auto e = d_return.allocate(n * S::kReturnBytes); !e.empty()) return e;
  if (auto e = d_scratch.allocate(n * S::kScratchBytes); !e.empty()) return e;
  if (auto e = d_frames.allocate(n * S::kFrames); !e.empty()) return e;
  if (auto e = d_out.allocate(n); !e.empty()) return e;
  if (auto e = d_code.copy_from_host(code, code_size); !e.empty()) return e;
  if (auto e = d_calldata.copy_from_host(calldata, n * kCalldataBytes); !e.empty()) return e;

  // Small blocks: each thread's interpreter state is large, and threads diverge anyway.
  constexpr unsigned kThreads = 64;
  const unsigned blocks = static_cast<unsigned>((n + kThreads - 1) / kThreads);
  fixed_host_kernel<<<blocks, kThreads>>>(d_code.data(), code_size, d_calldata.data(), gas, d_stack.data(),
                                          d_memory.data(), d_return.data(), d_scratch.data(), d_frames.data(),
                                          d_out.data(), n);
  WARP_CUDA_CHECK_LAUNCH("fixed_host_kernel");
  return d_out.copy_to_host(out, n);
}

}  // namespace warp::cuda
