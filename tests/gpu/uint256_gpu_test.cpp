// uint256 on the device against the same code on the host: every operation over random
// operands (spread bit lengths, small shift amounts, edge values), one thread per case.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "host/device_info.hpp"
#include "kernels/evm/uint256.hpp"
#include "kernels/evm/uint256_ops.hpp"

#if defined(WARPEVM_HAVE_CUDA)
#include "kernels/cuda/uint256_gpu.hpp"
#endif

namespace warp {
namespace {

constexpr uint64_t kSeed = 0x6e0d'2560'5eedULL;
constexpr size_t kCases = 20'000;

[[maybe_unused]] uint256 random_operand(std::mt19937_64& rng) {
  const uint64_t mode = rng() % 8;
  if (mode == 0) return uint256(rng() % 300);                 // shift amounts, byte indices
  if (mode == 1) return -uint256(rng() % 1000);               // small negatives
  if (mode == 2) return uint256::max() - uint256(rng() % 3);  // near 2^256
  if (mode == 3) return uint256(1) << static_cast<unsigned>(rng() % 256);
  const unsigned bits = 1 + static_cast<unsigned>(rng() % 256);  // every limb count
  return uint256(rng(), rng(), rng(), rng()) >> (256 - bits);
}

[[maybe_unused]] std::string hex(const uint256& x) {
  char buf[67];
  x.to_hex(buf);
  return buf;
}

TEST(Uint256Gpu, EveryOperationMatchesHost) {
#if !defined(WARPEVM_HAVE_CUDA)
  GTEST_SKIP() << "built without CUDA";
#else
  const DeviceInfo info = query_device();
  if (info.devices == 0) GTEST_SKIP() << info.description;

  std::mt19937_64 rng(kSeed);
  std::vector<uint256> a(kCases), b(kCases), c(kCases), out(kCases);
  for (size_t i = 0; i < kCases; ++i) {
    a[i] = random_operand(rng);
    b[i] = random_operand(rng);
    c[i] = random_operand(rng);
  }
  for (int op = 0; op < kU256OpCount; ++op) {
    std::fill(out.begin(), out.end(), uint256(0xdead));
    const std::string error = cuda::gpu_uint256_eval(op, a.data(), b.data(), c.data(), out.data(), kCases);
    ASSERT_EQ(error, "") << "op " << op;
    int failures = 0;
    for (size_t i = 0; i < kCases; ++i) {
      const uint256 want = u256_apply(static_cast<U256Op>(op), a[i], b[i], c[i]);
      if (out[i] != want && ++failures <= 5)
        ADD_FAILURE() << "op " << op << " case " << i << " (seed 0x" << std::hex << kSeed << std::dec
                      << "): a=" << hex(a[i]) << " b=" << hex(b[i]) << " c=" << hex(c[i]) << " device " << hex(out[i])
                      << " host " << hex(want);
    }
    EXPECT_EQ(failures, 0) << "op " << op;
  }
#endif
}

TEST(Uint256Gpu, EmptyBatchIsANoOp) {
#if !defined(WARPEVM_HAVE_CUDA)
  GTEST_SKIP() << "built without CUDA";
#else
  const DeviceInfo info = query_device();
  if (info.devices == 0) GTEST_SKIP() << info.description;
  EXPECT_EQ(cuda::gpu_uint256_eval(0, nullptr, nullptr, nullptr, nullptr, 0), "");
#endif
}

}  // namespace
}  // namespace warp
