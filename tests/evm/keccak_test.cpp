// Keccak-256 (kernels/evm/keccak.hpp) against published vectors and against a second,
// deliberately naive implementation written here from the Keccak reference's definitions.
// The reference shares nothing with the production code: it works on single bits
// (A[x][y][z]), derives the round constants from the LFSR rc(t) and the rho offsets from the
// (x, y) walk, so a wrong table entry or lane-ordering slip in keccak.hpp cannot hide in both.
#include "kernels/evm/keccak.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "state/bytes.hpp"

namespace {

using warp::Bytes;
using warp::Hash;

std::string hex_of(const Hash& h) { return warp::to_hex(warp::ByteView(h.bytes, 32)); }

Hash production(warp::ByteView data) { return warp::keccak256(data.data(), data.size()); }

// ---- the independent reference --------------------------------------------------------

namespace ref {

constexpr int kW = 64;  // lane width for Keccak-f[1600]

// A[x][y][z], one bool per bit, exactly as the specification writes the state.
using State = std::array<std::array<std::array<bool, kW>, 5>, 5>;

int mod(int a, int m) { return ((a % m) + m) % m; }

// rc(t) from the reference: an LFSR over GF(2) with polynomial x^8 + x^6 + x^5 + x^4 + 1.
bool rc(int t) {
  if (mod(t, 255) == 0) return true;
  unsigned r = 0x01;  // bit k holds R[k]; R = 10000000
  for (int i = 1; i <= mod(t, 255); ++i) {
    r <<= 1;  // R = 0 || R  (R[8] is now bit 8)
    const unsigned r8 = (r >> 8) & 1;
    r ^= r8 << 0;
    r ^= r8 << 4;
    r ^= r8 << 5;
    r ^= r8 << 6;
    r &= 0xff;  // Trunc8
  }
  return (r & 1) != 0;
}

void theta(State& a) {
  bool c[5][kW];
  for (int x = 0; x < 5; ++x)
    for (int z = 0; z < kW; ++z) {
      bool v = false;
      for (int y = 0; y < 5; ++y) v ^= a[x][y][z];
      c[x][z] = v;
    }
  for (int x = 0; x < 5; ++x)
    for (int z = 0; z < kW; ++z) {
      const bool d = c[mod(x - 1, 5)][z] ^ c[mod(x + 1, 5)][mod(z - 1, kW)];
      for (int y = 0; y < 5; ++y) a[x][y][z] ^= d;
    }
}

void rho(State& a) {
  State out = a;
  int x = 1, y = 0;
  for (int t = 0; t < 24; ++t) {
    const int offset = (t + 1) * (t + 2) / 2;
    for (int z = 0; z < kW; ++z) out[x][y][z] = a[x][y][mod(z - offset, kW)];
    const int nx = y, ny = mod(2 * x + 3 * y, 5);
    x = nx;
    y = ny;
  }
  a = out;
}

void pi(State& a) {
  State out{};
  for (int x = 0; x < 5; ++x)
    for (int y = 0; y < 5; ++y) out[x][y] = a[mod(x + 3 * y, 5)][x];
  a = out;
}

void chi(State& a) {
  State out{};
  for (int x = 0; x < 5; ++x)
    for (int y = 0; y < 5; ++y)
      for (int z = 0; z < kW; ++z) out[x][y][z] = a[x][y][z] ^ (!a[mod(x + 1, 5)][y][z] && a[mod(x + 2, 5)][y][z]);
  a = out;
}

void iota(State& a, int round) {
  // RC[2^j - 1] = rc(j + 7 * round) for j = 0..6 (l = 6 for w = 64); other bits are 0.
  for (int j = 0; j <= 6; ++j) a[0][0][(1 << j) - 1] ^= rc(j + 7 * round);
}

void keccak_f(State& a) {
  for (int round = 0; round < 24; ++round) {
    theta(a);
    rho(a);
    pi(a);
    chi(a);
    iota(a, round);
  }
}

// String bit i (byte i / 8, bit i % 8, least significant first) is A[x][y][z] with
// i = 64 (5y + x) + z.
bool& bit(State& a, size_t i) {
  const size_t lane = i / kW;
  return a[lane % 5][lane / 5][i % kW];
}

// Keccak[r = 1088, c = 512] with the original multi-rate padding pad10*1, 256-bit output.
Hash keccak256(warp::ByteView message) {
  constexpr size_t kRateBits = 1088;
  std::vector<bool> bits;
  for (uint8_t byte : message)
    for (int j = 0; j < 8; ++j) bits.push_back(((byte >> j) & 1) != 0);
  bits.push_back(true);  // pad10*1: a 1, zeros, a final 1
  while ((bits.size() + 1) % kRateBits != 0) bits.push_back(false);
  bits.push_back(true);

  State a{};
  for (size_t block = 0; block < bits.size(); block += kRateBits) {
    for (size_t i = 0; i < kRateBits; ++i) bit(a, i) ^= bits[block + i];
    keccak_f(a);
  }
  Hash out{};
  for (size_t i = 0; i < 256; ++i)
    if (bit(a, i)) out.bytes[i / 8] = static_cast<uint8_t>(out.bytes[i / 8] | (1u << (i % 8)));
  return out;
}

}  // namespace ref

Bytes counting(size_t n) {  // 00 01 02 ... ff 00 01 ...
  Bytes b(n);
  for (size_t i = 0; i < n; ++i) b[i] = static_cast<uint8_t>(i & 0xff);
  return b;
}

// Deterministic but irregular bytes, so that lane/byte order mistakes show.
Bytes scrambled(size_t n, uint32_t seed) {
  Bytes b(n);
  uint32_t s = seed * 2654435761u + 1;
  for (size_t i = 0; i < n; ++i) {
    s ^= s << 13;
    s ^= s >> 17;
    s ^= s << 5;
    b[i] = static_cast<uint8_t>(s >> 11);
  }
  return b;
}

// ---- published and externally computed vectors --------------------------------------

TEST(Keccak, EmptyInput) {
  EXPECT_EQ(hex_of(production({})), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  // Also a null pointer with length 0 (callers pass empty spans' data()).
  EXPECT_EQ(hex_of(warp::keccak256(nullptr, 0)), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
}

TEST(Keccak, Abc) {
  EXPECT_EQ(hex_of(production(warp::as_view("abc"))),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
}

TEST(Keccak, QuickBrownFox) {
  EXPECT_EQ(hex_of(production(warp::as_view("The quick brown fox jumps over the lazy dog"))),
            "4d741b6f1eb29cb2a9b9911c82f56fa8d73b04959d3d9d222895df6c0b28aa15");
}

// Digests of counting(n) computed once with the npm package js-sha3 (keccak256), an
// implementation unrelated to this project:
//   node -e "const {keccak256}=require('js-sha3'); const a=new Uint8Array(N);
//            for(let i=0;i<N;i++)a[i]=i&0xff; console.log(keccak256(a))"
TEST(Keccak, MultiBlockVectorsFromJsSha3) {
  const struct {
    size_t n;
    const char* digest;
  } vectors[] = {
      {135, "cbdfd9dee5faad3818d6b06f95a219fd290b0e1706f6a82e5a595b9ce9faca62"},  // rate - 1
      {136, "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e"},  // exactly rate
      {137, "ac73d4fae68b8453f764007c1a20ce95994187861f0c3227a3a8e99a73a3b1db"},
      {200, "bfb0aa97863e797943cf7c33bb7e880bb4543f3d2703c0923c6901c2af57b890"},
      {272, "fdf2ec49e749960d3c8521a0219af8d03e30e2b3bf19bd16150ee0eaf133d66e"},
      {273, "4f707289a9c3ccd0c4a51f2f17339f5dd171d371c04ff7783b735b5b22682eaf"},
      {1000, "aca79e4146e30eb1c733f6d6060d72471c36ea4e01ebf45d7f4916249c2bbd82"},
      {5000, "9548e7154dacc945be2f49145052ca1ac9b2290025d717aef5daca0e546f3735"},
  };
  for (const auto& v : vectors) {
    EXPECT_EQ(hex_of(production(counting(v.n))), v.digest) << "length " << v.n;
  }
}

TEST(Keccak, OneMillionA) {  // also from js-sha3: keccak256('a'.repeat(1000000))
  const Bytes a(1'000'000, 'a');
  EXPECT_EQ(hex_of(production(a)), "fadae6b49f129bbb812be8407b7b2894f34aecf6dbd1f9b0f0c7e9853098fc96");
}

// The reference must itself reproduce the external vectors, or comparing against it
// proves nothing.
TEST(Keccak, ReferenceMatchesExternalVectors) {
  EXPECT_EQ(hex_of(ref::keccak256({})), "c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
  EXPECT_EQ(hex_of(ref::keccak256(warp::as_view("abc"))),
            "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  EXPECT_EQ(hex_of(ref::keccak256(counting(136))), "7ce759f1ab7f9ce437719970c26b0a66ff11fe3e38e17df89cf5d29c7d7f807e");
  EXPECT_EQ(hex_of(ref::keccak256(counting(273))), "4f707289a9c3ccd0c4a51f2f17339f5dd171d371c04ff7783b735b5b22682eaf");
}

// The round constants as derived by the LFSR, spot-checked against the Keccak reference's
// printed table (first, a middle one, last), so a broken rc(t) is caught directly.
TEST(Keccak, ReferenceRoundConstantsFromLfsr) {
  auto constant = [](int round) {
    uint64_t c = 0;
    for (int j = 0; j <= 6; ++j)
      if (ref::rc(j + 7 * round)) c |= uint64_t{1} << ((1 << j) - 1);
    return c;
  };
  EXPECT_EQ(constant(0), 0x0000000000000001ULL);
  EXPECT_EQ(constant(1), 0x0000000000008082ULL);
  EXPECT_EQ(constant(12), 0x000000008000808bULL);
  EXPECT_EQ(constant(23), 0x8000000080008008ULL);
}

// ---- every length against the reference ------------------------------------------------

TEST(Keccak, EveryLengthUpTo300MatchesReference) {
  for (size_t n = 0; n <= 300; ++n) {
    const Bytes msg = scrambled(n, static_cast<uint32_t>(n));
    ASSERT_EQ(hex_of(production(msg)), hex_of(ref::keccak256(msg))) << "length " << n;
  }
}

TEST(Keccak, RateBoundariesMatchReference) {
  for (size_t n : {135u, 136u, 137u, 271u, 272u, 273u, 407u, 408u, 409u}) {
    for (uint32_t seed : {7u, 1234u}) {
      const Bytes msg = scrambled(n, seed);
      EXPECT_EQ(hex_of(production(msg)), hex_of(ref::keccak256(msg))) << "length " << n;
    }
    const Bytes ff(n, 0xff);  // all-ones data interacts with the padding bits
    EXPECT_EQ(hex_of(production(ff)), hex_of(ref::keccak256(ff))) << "0xff x " << n;
  }
}

TEST(Keccak, SingleBitChangesDigest) {
  Bytes msg = scrambled(200, 99);
  const Hash base = production(msg);
  msg[137] ^= 0x10;
  EXPECT_NE(production(msg), base);
  EXPECT_EQ(production(msg), ref::keccak256(msg));
}

TEST(Keccak, PointerFormAndHashFormAgree) {
  const Bytes msg = scrambled(150, 5);
  uint8_t out[32];
  warp::keccak256(msg.data(), msg.size(), out);
  const Hash h = warp::keccak256(msg.data(), msg.size());
  for (int i = 0; i < 32; ++i) EXPECT_EQ(out[i], h.bytes[i]);
}

}  // namespace
