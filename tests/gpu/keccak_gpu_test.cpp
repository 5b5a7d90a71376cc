// The GPU Keccak batch (kernels/cuda/keccak_batch.cu) against the CPU keccak256, over
// every length across the first few rate boundaries and a large mixed batch. Skipped, by
// name, where there is no device or no CUDA build.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "host/device_info.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/bytes.hpp"
#include "tests/gpu/require_device.hpp"

#if defined(WARPEVM_HAVE_CUDA)
#include "kernels/cuda/keccak_batch_gpu.hpp"
#endif

namespace {

using warp::Bytes;
using warp::ByteView;
using warp::Hash;

#if defined(WARPEVM_HAVE_CUDA)
struct Batch {
  std::vector<Bytes> storage;
  std::vector<ByteView> views;
};

Batch make_batch(const std::vector<size_t>& lengths, uint64_t seed) {
  Batch b;
  uint64_t s = seed | 1;
  for (size_t len : lengths) {
    Bytes item(len);
    for (auto& byte : item) {
      s ^= s << 13;
      s ^= s >> 7;
      s ^= s << 17;
      byte = static_cast<uint8_t>(s);
    }
    b.storage.push_back(std::move(item));
  }
  for (const Bytes& item : b.storage) b.views.emplace_back(item);
  return b;
}

Hash sentinel() {
  Hash h;
  for (auto& byte : h.bytes) byte = 0x5a;
  return h;
}

void expect_matches_cpu(const Batch& b) {
  std::vector<Hash> out(b.views.size(), sentinel());
  const std::string error = warp::gpu_keccak_batch(b.views, out);
  ASSERT_TRUE(error.empty()) << error;
  for (size_t i = 0; i < out.size(); ++i) {
    const Hash expected = warp::keccak256(b.views[i].data(), b.views[i].size());
    ASSERT_EQ(out[i], expected) << "item " << i << " length " << b.views[i].size();
  }
}
#endif

TEST(KeccakGpu, EveryLengthUpTo700MatchesCpu) {
  WARP_REQUIRE_DEVICE();
#if defined(WARPEVM_HAVE_CUDA)
  std::vector<size_t> lengths;
  for (size_t n = 0; n <= 700; ++n) lengths.push_back(n);
  expect_matches_cpu(make_batch(lengths, 1));
#endif
}

TEST(KeccakGpu, LargeMixedBatchMatchesCpu) {
  WARP_REQUIRE_DEVICE();
#if defined(WARPEVM_HAVE_CUDA)
  // Many grid blocks, mostly trie-node-sized items with some long ones, so threads of one
  // warp run very different numbers of permutations.
  std::vector<size_t> lengths;
  for (size_t i = 0; i < 100'000; ++i) lengths.push_back(i % 97 == 0 ? (i * 131) % 20'000 : (i * 7) % 600);
  expect_matches_cpu(make_batch(lengths, 2));
#endif
}

TEST(KeccakGpu, KnownDigestsAndEmptyInputs) {
  WARP_REQUIRE_DEVICE();
#if defined(WARPEVM_HAVE_CUDA)
  const std::vector<ByteView> views = {ByteView{}, warp::as_view("abc"), ByteView{}};
  std::vector<Hash> out(views.size(), sentinel());
  const std::string error = warp::gpu_keccak_batch(views, out);
  ASSERT_TRUE(error.empty()) << error;
  EXPECT_EQ(warp::to_hex0x(out[0]), "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(warp::to_hex0x(out[1]), "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  EXPECT_EQ(out[2], out[0]);
#endif
}

TEST(KeccakGpu, EmptyBatchAndSizeMismatch) {
  WARP_REQUIRE_DEVICE();
#if defined(WARPEVM_HAVE_CUDA)
  std::vector<Hash> none;
  EXPECT_EQ(warp::gpu_keccak_batch(std::span<const ByteView>{}, none), "");
  const Batch b = make_batch({1, 2, 3}, 3);
  std::vector<Hash> two(2, sentinel());
  EXPECT_NE(warp::gpu_keccak_batch(b.views, two), "");
  for (const Hash& h : two) EXPECT_EQ(h, sentinel());
#endif
}

}  // namespace
