// Shared helpers for the pairing tests: deterministic random field elements, scalars and points.
#pragma once

#include <gmp.h>

#include <random>
#include <string>

#include "host/precompiles/crypto/bls12_381.hpp"
#include "host/precompiles/crypto/bn254.hpp"

namespace warp::crypto::testing {

// A uniformly random integer below `bound`, by rejection.
template <size_t N>
Limbs<N> random_below(std::mt19937_64& rng, const Limbs<N>& bound) {
  const size_t bits = bit_length(bound);
  for (;;) {
    Limbs<N> v{};
    for (auto& w : v) w = rng();
    for (size_t i = 0; i < N; ++i) {
      const size_t lo = i * 64;
      if (lo >= bits)
        v[i] = 0;
      else if (bits - lo < 64)
        v[i] &= (uint64_t{1} << (bits - lo)) - 1;
    }
    if (less_than(v, bound)) return v;
  }
}

template <class F>
F random_fp(std::mt19937_64& rng) {
  return F::from_limbs(random_below(rng, F::kP));
}

template <class F>
Fp2<F> random_fp2(std::mt19937_64& rng) {
  return {random_fp<F>(rng), random_fp<F>(rng)};
}

template <class F, unsigned Xi>
Fp12<F, Xi> random_fp12(std::mt19937_64& rng) {
  Fp12<F, Xi> r;
  for (auto* e6 : {&r.c0, &r.c1})
    for (auto* e2 : {&e6->c0, &e6->c1, &e6->c2}) *e2 = random_fp2<F>(rng);
  return r;
}

// f^e for any exponent, by plain square-and-multiply (the reference the fast paths are checked against).
template <class GT, size_t M>
GT pow_big(const GT& f, const Limbs<M>& e) {
  GT r = GT::one();
  for (size_t i = bit_length(e); i-- > 0;) {
    r = r.square();
    if (bit_at(e, i)) r = r * f;
  }
  return r;
}

// Limbs <-> GMP, to check field arithmetic against an independent implementation.
template <size_t N>
void to_mpz(mpz_t out, const Limbs<N>& v) {
  mpz_import(out, N, -1, sizeof(uint64_t), 0, 0, v.data());
}
template <size_t N>
Limbs<N> from_mpz(const mpz_t v) {
  Limbs<N> out{};
  size_t count = 0;
  mpz_export(out.data(), &count, -1, sizeof(uint64_t), 0, 0, v);
  return out;
}

// (a·b) mod m as limbs, computed with GMP.
template <size_t N, size_t M>
Limbs<N> mulmod(const Limbs<M>& a, const Limbs<M>& b, const Limbs<N>& m) {
  mpz_t x, y, z;
  mpz_inits(x, y, z, nullptr);
  to_mpz(x, a);
  to_mpz(y, b);
  to_mpz(z, m);
  mpz_mul(x, x, y);
  mpz_mod(x, x, z);
  const auto r = from_mpz<N>(x);
  mpz_clears(x, y, z, nullptr);
  return r;
}

}  // namespace warp::crypto::testing
