// keccak_batch (state/keccak_batch.cpp) must equal keccak256 item by item, for any batch
// shape and any thread count (DESIGN.md section 6).
#include "state/keccak_batch.hpp"

#include <gtest/gtest.h>
#include <tbb/task_arena.h>

#include <cstdint>
#include <vector>

#include "kernels/evm/keccak.hpp"
#include "state/bytes.hpp"

namespace {

using warp::Bytes;
using warp::ByteView;
using warp::Hash;

struct Batch {
  std::vector<Bytes> storage;
  std::vector<ByteView> views;
};

// Mostly short items (trie nodes, transactions) with a long one every seventh, lengths
// spread over 0..5000 and including both ends exactly.
Batch mixed_batch(size_t count) {
  Batch b;
  b.storage.reserve(count);
  uint64_t s = 0x9e3779b97f4a7c15ULL;
  auto next = [&s] {
    s ^= s << 13;
    s ^= s >> 7;
    s ^= s << 17;
    return s;
  };
  for (size_t i = 0; i < count; ++i) {
    size_t len = i % 7 == 0 ? next() % 5001 : next() % 201;
    if (i == 1) len = 0;
    if (i == 2) len = 5000;
    Bytes item(len);
    for (auto& byte : item) byte = static_cast<uint8_t>(next());
    b.storage.push_back(std::move(item));
  }
  for (const Bytes& item : b.storage) b.views.emplace_back(item);
  return b;
}

Hash sentinel() {
  Hash h;
  for (auto& byte : h.bytes) byte = 0xa5;
  return h;
}

std::vector<Hash> one_by_one(const std::vector<ByteView>& views) {
  std::vector<Hash> out;
  for (ByteView v : views) out.push_back(warp::keccak256(v.data(), v.size()));
  return out;
}

TEST(KeccakBatch, MatchesSingleHashForMixedSizes) {
  const Batch b = mixed_batch(10'000);
  std::vector<Hash> out(b.views.size(), sentinel());
  warp::keccak_batch(b.views, out);
  const std::vector<Hash> expected = one_by_one(b.views);
  for (size_t i = 0; i < out.size(); ++i)
    ASSERT_EQ(out[i], expected[i]) << "item " << i << " length " << b.views[i].size();
}

TEST(KeccakBatch, SmallBatchesRunInlineAndMatch) {
  const Batch b = mixed_batch(40);
  for (size_t n : {1u, 2u, 3u, 17u, 40u}) {
    std::vector<ByteView> views(b.views.begin(), b.views.begin() + static_cast<std::ptrdiff_t>(n));
    std::vector<Hash> out(n, sentinel());
    warp::keccak_batch(views, out);
    EXPECT_EQ(out, one_by_one(views)) << "batch of " << n;
  }
}

TEST(KeccakBatch, EmptyItemsAndKnownDigest) {
  const std::vector<ByteView> views(300, ByteView{});
  std::vector<Hash> out(views.size(), sentinel());
  warp::keccak_batch(views, out);
  const auto empty = warp::fixed_from_hex<32>("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  ASSERT_TRUE(empty.has_value());
  for (const Hash& h : out) ASSERT_EQ(h, *empty);
}

TEST(KeccakBatch, EmptyBatchIsANoOp) {
  std::vector<ByteView> none;
  std::vector<Hash> out;
  warp::keccak_batch(none, out);
  EXPECT_TRUE(out.empty());
}

// The documented contract: on a size mismatch nothing is written.
TEST(KeccakBatch, SizeMismatchWritesNothing) {
  const Batch b = mixed_batch(5);
  {
    std::vector<Hash> longer(8, sentinel());
    warp::keccak_batch(b.views, longer);
    for (const Hash& h : longer) EXPECT_EQ(h, sentinel());
  }
  {
    std::vector<Hash> shorter(3, sentinel());
    warp::keccak_batch(b.views, shorter);
    for (const Hash& h : shorter) EXPECT_EQ(h, sentinel());
  }
  {
    std::vector<Hash> some(2, sentinel());
    warp::keccak_batch(std::span<const ByteView>{}, some);
    for (const Hash& h : some) EXPECT_EQ(h, sentinel());
  }
}

TEST(KeccakBatch, OverlappingViewsOfOneBuffer) {
  Bytes buffer(1000);
  for (size_t i = 0; i < buffer.size(); ++i) buffer[i] = static_cast<uint8_t>(i * 31 + 7);
  std::vector<ByteView> views;
  for (size_t start = 0; start < 1000; start += 3)
    views.push_back(ByteView(buffer).subspan(start, std::min<size_t>(300, 1000 - start)));
  std::vector<Hash> out(views.size(), sentinel());
  warp::keccak_batch(views, out);
  EXPECT_EQ(out, one_by_one(views));
}

TEST(KeccakBatch, SameResultsUnderOneAndTwoThreadArenas) {
  const Batch b = mixed_batch(10'000);
  std::vector<Hash> single(b.views.size(), sentinel());
  std::vector<Hash> dual(b.views.size(), sentinel());
  tbb::task_arena one(1);
  one.execute([&] { warp::keccak_batch(b.views, single); });
  tbb::task_arena two(2);
  two.execute([&] { warp::keccak_batch(b.views, dual); });
  EXPECT_EQ(single, dual);
  EXPECT_EQ(single, one_by_one(b.views));
}

}  // namespace
