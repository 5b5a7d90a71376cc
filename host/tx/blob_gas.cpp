// The blob fee market in exact arithmetic (GMP): the series in fake_exponential grows far
// past 256 bits in its intermediate terms for large excess gas, so fixed width would
// change the answer.
#include "host/tx/blob_gas.hpp"

#include <gmp.h>

#include <limits>

#include "host/tx/tx_rules.hpp"

namespace warp {
namespace {

// RAII for one mpz_t (only in this file; GMP never escapes it).
struct Mpz {
  mpz_t v;
  Mpz() { mpz_init(v); }
  explicit Mpz(const uint256& x) {
    mpz_init(v);
    uint8_t be[32];
    x.to_be_bytes(be);
    mpz_import(v, 32, 1, 1, 1, 0, be);
  }
  ~Mpz() { mpz_clear(v); }
  Mpz(const Mpz&) = delete;
  Mpz& operator=(const Mpz&) = delete;
};

}  // namespace

std::optional<uint256> fake_exponential(const uint256& factor, const uint256& numerator, const uint256& denominator) {
  if (denominator.is_zero()) return std::nullopt;
  const Mpz num(numerator), den(denominator);
  Mpz output, accum, divisor, limit;
  // The result is output / denominator; once output reaches 2^256 * denominator the result
  // cannot fit, and output only grows, so stop there (this also bounds the loop).
  mpz_mul_2exp(limit.v, den.v, 256);
  mpz_mul(accum.v, Mpz(factor).v, den.v);
  for (unsigned long i = 1; mpz_sgn(accum.v) > 0; ++i) {
    mpz_add(output.v, output.v, accum.v);
    if (mpz_cmp(output.v, limit.v) >= 0) return std::nullopt;
    mpz_mul(accum.v, accum.v, num.v);
    mpz_mul_ui(divisor.v, den.v, i);
    mpz_fdiv_q(accum.v, accum.v, divisor.v);
  }
  mpz_fdiv_q(output.v, output.v, den.v);
  uint8_t be[32] = {};
  // Byte length without exporting (mpz_export with a null buffer allocates one).
  size_t count = mpz_sgn(output.v) == 0 ? 0 : (mpz_sizeinbase(output.v, 2) + 7) / 8;
  if (count > 32) return std::nullopt;
  mpz_export(be + (32 - count), &count, 1, 1, 1, 0, output.v);
  return uint256::from_be_bytes(be, 32);
}

std::optional<uint256> blob_base_fee(uint64_t excess_blob_gas, Fork fork) {
  const TxRules rules = tx_rules(fork);
  return fake_exponential(uint256(rules.min_blob_base_fee), uint256(excess_blob_gas),
                          uint256(rules.blob_base_fee_update_fraction));
}

uint64_t calc_excess_blob_gas(uint64_t parent_excess_blob_gas, uint64_t parent_blob_gas_used, Fork fork) {
  const uint64_t target = tx_rules(fork).target_blob_gas_per_block;
  // The sum of two header fields can exceed 64 bits only in a hostile header; saturate.
  const uint64_t sum = parent_excess_blob_gas > std::numeric_limits<uint64_t>::max() - parent_blob_gas_used
                           ? std::numeric_limits<uint64_t>::max()
                           : parent_excess_blob_gas + parent_blob_gas_used;
  return sum < target ? 0 : sum - target;
}

uint64_t blob_gas_used(uint64_t blob_count, Fork fork) {
  const uint64_t per_blob = tx_rules(fork).gas_per_blob;
  return blob_count > std::numeric_limits<uint64_t>::max() / per_blob ? std::numeric_limits<uint64_t>::max()
                                                                      : blob_count * per_blob;
}

}  // namespace warp
