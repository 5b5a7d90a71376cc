// 0x05 MODEXP (EIP-198, priced by EIP-2565). Input: base_len(32) exp_len(32) mod_len(32)
// base exp mod, all big-endian, implicitly right-padded with zeros. The three lengths may be
// anything up to 2^256-1, so gas is computed first, from the header and the exponent's
// first 32 bytes only, with saturating arithmetic; nothing is allocated before it fits.
#include <gmp.h>

#include <algorithm>
#include <bit>
#include <limits>

#include "builtins.hpp"

namespace warp::precompile {

namespace {

constexpr uint64_t kSaturated = std::numeric_limits<uint64_t>::max();

uint64_t sat_add(uint64_t a, uint64_t b) {
  uint64_t r;
  return __builtin_add_overflow(a, b, &r) ? kSaturated : r;
}

uint64_t sat_mul(uint64_t a, uint64_t b) {
  uint64_t r;
  return __builtin_mul_overflow(a, b, &r) ? kSaturated : r;
}

// The part of input[at, at + len) that exists; everything past the end reads as zero.
ByteView present(ByteView in, uint64_t at, uint64_t len) {
  if (at >= in.size()) return {};
  return in.subspan(at, std::min<uint64_t>(len, in.size() - at));
}

struct Layout {
  uint64_t base_len, exp_len, mod_len;  // saturated at kSaturated
  uint64_t base_at, exp_at, mod_at;     // offsets into the input, saturated likewise
};

// A 32-byte big-endian length, saturated to 64 bits (anything larger costs too much gas
// to ever run, except where it multiplies a zero, which saturation preserves).
uint64_t read_length(ByteView in, uint64_t at) {
  const ByteView word = present(in, at, 32);
  uint64_t v = 0;
  for (size_t i = 0; i < 32; ++i) {
    const uint8_t byte = i < word.size() ? word[i] : 0;
    if (i < 24 && byte != 0) return kSaturated;
    if (i >= 24) v = (v << 8) | byte;
  }
  return v;
}

Layout read_layout(ByteView in) {
  Layout l{};
  l.base_len = read_length(in, 0);
  l.exp_len = read_length(in, 32);
  l.mod_len = read_length(in, 64);
  l.base_at = 96;
  l.exp_at = sat_add(l.base_at, l.base_len);
  l.mod_at = sat_add(l.exp_at, l.exp_len);
  return l;
}

// Bit length of the exponent's first min(exp_len, 32) bytes read as a big-endian number.
uint64_t exponent_head_bits(ByteView in, const Layout& l) {
  const uint64_t head_len = std::min<uint64_t>(l.exp_len, 32);
  const ByteView head = present(in, l.exp_at, head_len);
  // Bytes past the input are zeros at the low end of the head: they add to its length.
  for (size_t i = 0; i < head.size(); ++i) {
    if (head[i] != 0) {
      const uint64_t bytes_after = head_len - i - 1;
      return bytes_after * 8 + static_cast<uint64_t>(std::bit_width(head[i]));
    }
  }
  return 0;
}

struct Mpz {
  mpz_t v;
  Mpz() { mpz_init(v); }
  ~Mpz() { mpz_clear(v); }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
};

void import(mpz_t out, ByteView bytes) {
  if (bytes.empty()) {
    mpz_set_ui(out, 0);
    return;
  }
  mpz_import(out, bytes.size(), 1, 1, 0, 0, bytes.data());
}

}  // namespace

uint64_t modexp_gas(ByteView input) {
  const Layout l = read_layout(input);
  const uint64_t max_len = std::max(l.base_len, l.mod_len);
  const uint64_t words = max_len / 8 + (max_len % 8 != 0 ? 1 : 0);
  const uint64_t complexity = sat_mul(words, words);

  const uint64_t head_bits = exponent_head_bits(input, l);
  const uint64_t head_term = head_bits > 0 ? head_bits - 1 : 0;
  uint64_t iterations = head_term;
  if (l.exp_len > 32) iterations = sat_add(sat_mul(8, l.exp_len - 32), head_term);
  iterations = std::max<uint64_t>(iterations, 1);

  const uint64_t product = sat_mul(complexity, iterations);
  if (product == kSaturated) return kSaturated;
  return std::max<uint64_t>(product / 3, 200);
}

PrecompileResult modexp(ByteView input, int64_t gas_limit) {
  const uint64_t gas = modexp_gas(input);
  if (gas_limit < 0 || gas > static_cast<uint64_t>(gas_limit)) return failure(gas_limit);
  const int64_t gas_used = static_cast<int64_t>(gas);

  const Layout l = read_layout(input);
  if (l.mod_len == 0) return PrecompileResult{PrecompileStatus::Success, gas_used, {}};
  // From here the gas bounds base_len and mod_len: ceil(len/8)^2 / 3 <= gas_limit.
  PrecompileResult result{PrecompileStatus::Success, gas_used, Bytes(l.mod_len, 0)};

  // Only the modulus can run past the end of the input: base and exponent come before it,
  // so if either is cut short the modulus is all padding, hence zero. The modulus is its
  // present bytes shifted up by the padding (bounded by the gas, see above).
  Mpz mod, base, exp, r;
  const ByteView mod_bytes = present(input, l.mod_at, l.mod_len);
  import(mod.v, mod_bytes);
  if (mpz_sgn(mod.v) == 0) return result;  // x mod 0 is defined as 0 here
  mpz_mul_2exp(mod.v, mod.v, 8 * (l.mod_len - mod_bytes.size()));
  import(base.v, present(input, l.base_at, l.base_len));
  import(exp.v, present(input, l.exp_at, l.exp_len));
  mpz_powm(r.v, base.v, exp.v, mod.v);

  // r < mod, and mod fits mod_len bytes, so r does too; write it right-aligned.
  if (mpz_sgn(r.v) != 0) {
    const size_t r_len = (mpz_sizeinbase(r.v, 2) + 7) / 8;
    size_t written = 0;
    mpz_export(result.output.data() + (l.mod_len - r_len), &written, 1, 1, 0, 0, r.v);
  }
  return result;
}

}  // namespace warp::precompile
