// uint256 against GMP: every EVM operation on all pairs (triples for ADDMOD/MULMOD) of edge
// values, and 100,000 random cases per operation with bit lengths spread so that division
// meets every limb-count path. GMP computes each result a different way (signed values as
// negative integers, modular reduction on unbounded integers), so agreement is meaningful.
#include <gmp.h>
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "kernels/evm/uint256.hpp"
#include "kernels/evm/uint256_ops.hpp"

namespace warp {
namespace {

constexpr uint64_t kSeed = 0x5eed'2560'ca11'ab1eULL;
constexpr int kRandomCases = 100'000;

struct Z {
  mpz_t v;
  Z() { mpz_init(v); }
  explicit Z(const uint256& x) {
    mpz_init(v);
    mpz_import(v, 4, -1, sizeof(uint64_t), 0, 0, x.w);
  }
  ~Z() { mpz_clear(v); }
  Z(const Z&) = delete;
  Z& operator=(const Z&) = delete;
};

// Two's complement reading of x.
void to_signed(mpz_t out, const uint256& x) {
  mpz_import(out, 4, -1, sizeof(uint64_t), 0, 0, x.w);
  if (x.is_negative()) {
    Z two256;
    mpz_setbit(two256.v, 256);
    mpz_sub(out, out, two256.v);
  }
}

// z mod 2^256 (z may be negative or wider).
uint256 wrap(const mpz_t z) {
  Z t;
  mpz_fdiv_r_2exp(t.v, z, 256);
  uint256 r{};
  size_t count = 0;
  mpz_export(r.w, &count, -1, sizeof(uint64_t), 0, 0, t.v);
  return r;
}

std::string hex(const uint256& x) {
  char buf[67];
  x.to_hex(buf);
  return buf;
}

const char* op_name(U256Op op) {
  static const char* const kNames[] = {"ADD", "SUB",        "MUL", "DIV",  "SDIV", "MOD", "SMOD", "ADDMOD", "MULMOD",
                                       "EXP", "SIGNEXTEND", "LT",  "GT",   "SLT",  "SGT", "EQ",   "ISZERO", "AND",
                                       "OR",  "XOR",        "NOT", "BYTE", "SHL",  "SHR", "SAR"};
  static_assert(sizeof(kNames) / sizeof(kNames[0]) == kU256OpCount);
  return kNames[static_cast<int>(op)];
}

// The reference result, computed with GMP only.
uint256 oracle(U256Op op, const uint256& a, const uint256& b, const uint256& c) {
  Z A(a), B(b), C(c), SA, SB, r;
  to_signed(SA.v, a);
  to_signed(SB.v, b);
  const auto as_small = [](const mpz_t z, unsigned limit) -> unsigned {
    return mpz_cmp_ui(z, limit) >= 0 ? limit : static_cast<unsigned>(mpz_get_ui(z));
  };
  switch (op) {
    case U256Op::Add:
      mpz_add(r.v, A.v, B.v);
      break;
    case U256Op::Sub:
      mpz_sub(r.v, A.v, B.v);
      break;
    case U256Op::Mul:
      mpz_mul(r.v, A.v, B.v);
      break;
    case U256Op::Div:
      if (mpz_sgn(B.v) != 0) mpz_fdiv_q(r.v, A.v, B.v);
      break;
    case U256Op::Mod:
      if (mpz_sgn(B.v) != 0) mpz_fdiv_r(r.v, A.v, B.v);
      break;
    case U256Op::Sdiv:
      if (mpz_sgn(B.v) != 0) mpz_tdiv_q(r.v, SA.v, SB.v);
      break;
    case U256Op::Smod:
      if (mpz_sgn(B.v) != 0) mpz_tdiv_r(r.v, SA.v, SB.v);
      break;
    case U256Op::Addmod:
      if (mpz_sgn(C.v) != 0) {
        mpz_add(r.v, A.v, B.v);
        mpz_fdiv_r(r.v, r.v, C.v);
      }
      break;
    case U256Op::Mulmod:
      if (mpz_sgn(C.v) != 0) {
        mpz_mul(r.v, A.v, B.v);
        mpz_fdiv_r(r.v, r.v, C.v);
      }
      break;
    case U256Op::Exp: {
      Z m;
      mpz_setbit(m.v, 256);
      mpz_powm(r.v, A.v, B.v, m.v);
      break;
    }
    case U256Op::Signextend: {
      const unsigned k = as_small(A.v, 31);
      if (k >= 31) {
        mpz_set(r.v, B.v);
        break;
      }
      const unsigned width = 8 * k + 8;
      mpz_fdiv_r_2exp(r.v, B.v, width);
      if (mpz_tstbit(B.v, width - 1)) {
        Z bit;
        mpz_setbit(bit.v, width);
        mpz_sub(r.v, r.v, bit.v);
      }
      break;
    }
    case U256Op::Lt:
      mpz_set_ui(r.v, mpz_cmp(A.v, B.v) < 0);
      break;
    case U256Op::Gt:
      mpz_set_ui(r.v, mpz_cmp(A.v, B.v) > 0);
      break;
    case U256Op::Slt:
      mpz_set_ui(r.v, mpz_cmp(SA.v, SB.v) < 0);
      break;
    case U256Op::Sgt:
      mpz_set_ui(r.v, mpz_cmp(SA.v, SB.v) > 0);
      break;
    case U256Op::Eq:
      mpz_set_ui(r.v, mpz_cmp(A.v, B.v) == 0);
      break;
    case U256Op::Iszero:
      mpz_set_ui(r.v, mpz_sgn(A.v) == 0);
      break;
    case U256Op::And:
      mpz_and(r.v, A.v, B.v);
      break;
    case U256Op::Or:
      mpz_ior(r.v, A.v, B.v);
      break;
    case U256Op::Xor:
      mpz_xor(r.v, A.v, B.v);
      break;
    case U256Op::Not:
      mpz_com(r.v, A.v);
      break;  // -A-1, wrapped
    case U256Op::Byte: {
      const unsigned i = as_small(A.v, 32);
      if (i < 32) {
        mpz_fdiv_q_2exp(r.v, B.v, 8 * (31 - i));
        mpz_fdiv_r_2exp(r.v, r.v, 8);
      }
      break;
    }
    case U256Op::Shl: {
      const unsigned s = as_small(A.v, 256);
      if (s < 256) mpz_mul_2exp(r.v, B.v, s);
      break;
    }
    case U256Op::Shr: {
      const unsigned s = as_small(A.v, 256);
      if (s < 256) mpz_fdiv_q_2exp(r.v, B.v, s);
      break;
    }
    case U256Op::Sar: {
      // Floor division by 2^s is the arithmetic shift; huge shifts leave 0 or -1.
      mpz_fdiv_q_2exp(r.v, SB.v, as_small(A.v, 256));
      break;
    }
    case U256Op::Count:
      break;
  }
  return wrap(r.v);
}

std::vector<uint256> edge_values() {
  const uint256 one(1);
  std::vector<uint256> v = {
      uint256{},
      one,
      uint256(2),
      uint256(3),
      uint256(~0ull),
      one << 64,
      (one << 64) + one,
      one << 63,
      one << 128,
      (one << 128) - one,
      (one << 128) + one,
      one << 192,
      (one << 192) - one,
      one << 255,
      (one << 255) - one,
      (one << 255) + one,
      uint256::max(),
      uint256::max() - one,
      -uint256(2),
      -uint256(3),
      -uint256(~0ull),
      uint256(0x8000000000000000ull, 0, 0x8000000000000000ull, 0),
      uint256(0x0123456789abcdefull, 0xfedcba9876543210ull, 0x0f0f0f0f0f0f0f0full, 0x7070707070707070ull),
      uint256(0, ~0ull, 0, ~0ull),
      uint256(~0ull, 0, ~0ull, 0),
      uint256(0, 0, 1, 0x8000000000000000ull)};
  return v;
}

// Values with a spread of bit lengths and limb patterns, so every division path appears.
uint256 random_word(std::mt19937_64& rng) {
  static const std::vector<uint256> edges = edge_values();
  const unsigned mode = static_cast<unsigned>(rng() % 100);
  if (mode < 40) {
    const unsigned bits = static_cast<unsigned>(rng() % 257);
    uint256 x(rng(), rng(), rng(), rng());
    if (bits == 0) return uint256{};
    x = x >> (256 - bits);
    return x | (uint256(1) << (bits - 1));
  }
  if (mode < 55) return uint256(rng(), rng(), rng(), rng());
  if (mode < 65) return uint256(rng() % 300);
  if (mode < 75) return edges[rng() % edges.size()];
  if (mode < 85) return -uint256(rng() >> (rng() % 64));  // small negative
  uint256 x{};
  for (auto& limb : x.w) {
    const uint64_t pick = rng() % 5;
    limb = pick == 0 ? 0 : pick == 1 ? ~0ull : pick == 2 ? 1ull : pick == 3 ? (1ull << 63) : rng();
  }
  return x;
}

// Shift amounts, byte indices and SIGNEXTEND widths: mostly small, sometimes huge.
uint256 random_small_operand(std::mt19937_64& rng, unsigned range) {
  const unsigned mode = static_cast<unsigned>(rng() % 10);
  if (mode < 7) return uint256(rng() % range);
  if (mode < 8) return uint256(rng(), rng() % 2, 0, 0);
  return random_word(rng);
}

struct Checker {
  U256Op op;
  int failures = 0;
  int checked = 0;
  void check(const uint256& a, const uint256& b, const uint256& c, const char* source, long index) {
    ++checked;
    const uint256 got = u256_apply(op, a, b, c);
    const uint256 want = oracle(op, a, b, c);
    if (got == want) return;
    if (++failures <= 5)
      ADD_FAILURE() << op_name(op) << " " << source << " case " << index << " (seed 0x" << std::hex << kSeed << std::dec
                    << "): a=" << hex(a) << " b=" << hex(b) << " c=" << hex(c) << " got " << hex(got) << " want "
                    << hex(want);
  }
};

class Uint256Oracle : public ::testing::TestWithParam<U256Op> {};

TEST_P(Uint256Oracle, EdgeValueCombinations) {
  const U256Op op = GetParam();
  const std::vector<uint256> edges = edge_values();
  Checker checker{op};
  const bool ternary = op == U256Op::Addmod || op == U256Op::Mulmod;
  long index = 0;
  for (const uint256& a : edges)
    for (const uint256& b : edges) {
      if (ternary) {
        for (const uint256& c : edges) checker.check(a, b, c, "edge", index++);
      } else {
        checker.check(a, b, uint256{}, "edge", index++);
      }
    }
  // Small shift amounts / byte indices against every edge value.
  for (unsigned s = 0; s <= 300; ++s)
    for (const uint256& b : edges) checker.check(uint256(s), b, b, "small-first", index++);
  EXPECT_EQ(checker.failures, 0);
}

TEST_P(Uint256Oracle, RandomCases) {
  const U256Op op = GetParam();
  std::mt19937_64 rng(kSeed + static_cast<uint64_t>(op));
  Checker checker{op};
  for (long i = 0; i < kRandomCases; ++i) {
    uint256 a = random_word(rng), b = random_word(rng);
    const uint256 c = random_word(rng);
    switch (op) {
      case U256Op::Shl:
      case U256Op::Shr:
      case U256Op::Sar:
        a = random_small_operand(rng, 300);
        break;
      case U256Op::Byte:
        a = random_small_operand(rng, 40);
        break;
      case U256Op::Signextend:
        a = random_small_operand(rng, 40);
        break;
      case U256Op::Exp:
        if (i % 2 == 0) b = random_small_operand(rng, 300);
        break;
      case U256Op::Div:
      case U256Op::Mod:
      case U256Op::Sdiv:
      case U256Op::Smod:
        // A multiple of b plus a small offset: quotient digits near the estimate's limits.
        if (i % 4 == 0) a = b * random_word(rng) + uint256(rng() % 3) - uint256(1);
        break;
      default:
        break;
    }
    checker.check(a, b, c, "random", i);
  }
  EXPECT_EQ(checker.checked, kRandomCases);
  EXPECT_EQ(checker.failures, 0);
}

std::vector<U256Op> all_ops() {
  std::vector<U256Op> ops;
  for (int i = 0; i < kU256OpCount; ++i) ops.push_back(static_cast<U256Op>(i));
  return ops;
}

INSTANTIATE_TEST_SUITE_P(AllOps, Uint256Oracle, ::testing::ValuesIn(all_ops()),
                         [](const ::testing::TestParamInfo<U256Op>& param) {
                           return std::string(op_name(param.param));
                         });

// The limb division directly, including dividends of 5..8 limbs (ADDMOD/MULMOD) and inputs
// built so that the quotient estimate hits its special cases: top words equal to the
// divisor's (estimate 2^64-1) and windows just below a multiple of the divisor.
TEST(Uint256LimbDivision, MatchesGmpOnAllLengths) {
  std::mt19937_64 rng(kSeed ^ 0xd1d1d1d1ull);
  int failures = 0;
  for (int iter = 0; iter < 100'000; ++iter) {
    const int dlen = 1 + static_cast<int>(rng() % 4);
    const int ulen = dlen + static_cast<int>(rng() % (9 - dlen));
    uint64_t d[4] = {}, u[8] = {};
    for (int i = 0; i < dlen; ++i) d[i] = random_word(rng).w[0] | random_word(rng).w[1];
    if (d[dlen - 1] == 0) d[dlen - 1] = rng() | 1;
    if (iter % 3 == 0) d[dlen - 1] |= 1ull << 63;  // already normalized: shift of 0
    for (int i = 0; i < ulen; ++i) u[i] = rng();
    if (iter % 4 == 1 && ulen > dlen) {
      // Top limbs hold d - 1: after normalization the next window's top two words equal the
      // divisor's, which forces the estimate 2^64-1.
      const int j = ulen - dlen - 1;
      uint64_t borrow = 1;
      for (int i = 0; i < dlen; ++i) {
        u[j + 1 + i] = d[i] - borrow;
        borrow = (d[i] < borrow) ? 1 : 0;
      }
    } else if (iter % 4 == 2) {
      for (int i = 0; i < ulen; ++i) u[i] = (rng() % 2) ? ~0ull : 0;
    }
    if (u[ulen - 1] == 0) u[ulen - 1] = 1;  // keep ulen exact
    uint64_t q[8] = {}, r[4] = {};
    u256_detail::udivrem_limbs(u, ulen, d, dlen, q, r);

    Z U, D, Q, R, gq, gr;
    mpz_import(U.v, static_cast<size_t>(ulen), -1, 8, 0, 0, u);
    mpz_import(D.v, static_cast<size_t>(dlen), -1, 8, 0, 0, d);
    mpz_import(Q.v, static_cast<size_t>(ulen - dlen + 1), -1, 8, 0, 0, q);
    mpz_import(R.v, static_cast<size_t>(dlen), -1, 8, 0, 0, r);
    mpz_fdiv_qr(gq.v, gr.v, U.v, D.v);
    if (mpz_cmp(Q.v, gq.v) != 0 || mpz_cmp(R.v, gr.v) != 0) {
      if (++failures <= 5)
        ADD_FAILURE() << "iteration " << iter << " (seed 0x" << std::hex << kSeed << std::dec << ") ulen " << ulen
                      << " dlen " << dlen;
    }
  }
  EXPECT_EQ(failures, 0);
}

TEST(Uint256Bytes, RoundTripMatchesGmpExport) {
  std::mt19937_64 rng(kSeed ^ 0xb17e5ull);
  for (int iter = 0; iter < 20'000; ++iter) {
    const uint256 x = random_word(rng);
    uint8_t be[32];
    x.to_be_bytes(be);
    uint8_t want[32] = {};
    size_t count = 0;
    Z X(x);
    uint8_t tmp[32];
    mpz_export(tmp, &count, 1, 1, 1, 0, X.v);
    std::memcpy(want + 32 - count, tmp, count);
    ASSERT_EQ(std::memcmp(be, want, 32), 0) << hex(x);
    ASSERT_EQ(uint256::from_be_bytes(be, 32), x);
    // A right-aligned suffix is the value mod 2^(8*len).
    const size_t len = static_cast<size_t>(rng() % 33);
    const uint256 suffix = uint256::from_be_bytes(be + 32 - len, len);
    ASSERT_EQ(suffix, len == 32 ? x : (x & ((uint256(1) << static_cast<unsigned>(8 * len)) - uint256(1))));
    ASSERT_EQ(uint256::from_hash(x.to_hash()), x);
    // bit_length against GMP (whose size of 0 is 1).
    const unsigned bits = x.is_zero() ? 0u : static_cast<unsigned>(mpz_sizeinbase(X.v, 2));
    ASSERT_EQ(x.bit_length(), bits) << hex(x);
    ASSERT_EQ(x.count_significant_bytes(), (bits + 7) / 8);
  }
}

TEST(Uint256Hex, RoundTripMatchesGmp) {
  std::mt19937_64 rng(kSeed ^ 0x4e7ull);
  for (int iter = 0; iter < 20'000; ++iter) {
    const uint256 x = random_word(rng);
    Z X(x);
    char* digits = mpz_get_str(nullptr, 16, X.v);
    const std::string want = std::string("0x") + digits;
    void (*gmp_free)(void*, size_t) = nullptr;
    mp_get_memory_functions(nullptr, nullptr, &gmp_free);
    gmp_free(digits, std::strlen(digits) + 1);
    ASSERT_EQ(hex(x), want);
    uint256 back{};
    ASSERT_TRUE(uint256::from_hex(want.c_str(), want.size(), &back));
    ASSERT_EQ(back, x);
  }
}

}  // namespace
}  // namespace warp
