// GPU Keccak batch: the host packs every input into one buffer, the kernel hashes one input
// per thread with the same portable keccak256 the CPU uses (kernels/evm/keccak.hpp), so the
// two batch implementations agree by construction.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "kernels/cuda/cuda_check.hpp"
#include "kernels/cuda/device_buffer.hpp"
#include "kernels/cuda/keccak_batch_gpu.hpp"
#include "kernels/evm/keccak.hpp"

namespace warp {

namespace {

constexpr unsigned kThreadsPerBlock = 256;

// offsets has count + 1 entries: input i is bytes[offsets[i], offsets[i + 1]).
__global__ void keccak_batch_kernel(const uint8_t* bytes, const uint64_t* offsets, size_t count, Hash* out) {
  const size_t i = static_cast<size_t>(blockIdx.x) * blockDim.x + threadIdx.x;
  if (i >= count) return;
  const uint64_t begin = offsets[i];
  keccak256(bytes + begin, static_cast<size_t>(offsets[i + 1] - begin), out[i].bytes);
}

}  // namespace

std::string gpu_keccak_batch(std::span<const ByteView> inputs, std::span<Hash> out) {
  if (inputs.size() != out.size())
    return "gpu_keccak_batch: " + std::to_string(inputs.size()) + " inputs but " + std::to_string(out.size()) +
           " outputs";
  const size_t count = inputs.size();
  if (count == 0) return {};

  std::vector<uint64_t> offsets(count + 1);
  offsets[0] = 0;
  for (size_t i = 0; i < count; ++i) offsets[i + 1] = offsets[i] + inputs[i].size();
  std::vector<uint8_t> packed(offsets[count]);
  for (size_t i = 0; i < count; ++i)
    std::copy(inputs[i].begin(), inputs[i].end(), packed.begin() + static_cast<std::ptrdiff_t>(offsets[i]));

  cuda::DeviceBuffer<uint8_t> d_bytes;
  cuda::DeviceBuffer<uint64_t> d_offsets;
  cuda::DeviceBuffer<Hash> d_out;
  if (auto e = d_bytes.allocate(packed.size()); !e.empty()) return e;
  if (auto e = d_offsets.allocate(offsets.size()); !e.empty()) return e;
  if (auto e = d_out.allocate(count); !e.empty()) return e;
  if (auto e = d_bytes.copy_from_host(packed.data(), packed.size()); !e.empty()) return e;
  if (auto e = d_offsets.copy_from_host(offsets.data(), offsets.size()); !e.empty()) return e;

  const size_t blocks = (count + kThreadsPerBlock - 1) / kThreadsPerBlock;
  if (blocks > 0x7fffffffu) return "gpu_keccak_batch: batch too large for one grid";
  keccak_batch_kernel<<<static_cast<unsigned>(blocks), kThreadsPerBlock>>>(d_bytes.data(), d_offsets.data(), count,
                                                                           d_out.data());
  WARP_CUDA_CHECK_LAUNCH("keccak_batch_kernel");

  return d_out.copy_to_host(out.data(), count);
}

}  // namespace warp
