// The KZG pieces behind POINT_EVALUATION (0x0a), exposed for tests and benchmarks.
#pragma once

#include <cstdint>

#include "host/precompiles/crypto/bls12_381.hpp"

namespace warp::precompile {

// [tau]G2 of the mainnet KZG trusted setup.
const crypto::Affine<crypto::Bls12381::E2>& kzg_tau_g2();

// verify_kzg_proof of the EIP-4844 consensus spec: z and y are 32-byte big-endian scalars,
// commitment and proof compressed G1 points. False for any invalid input as well as a wrong proof.
bool kzg_verify_proof(const uint8_t commitment[48], const uint8_t z[32], const uint8_t y[32], const uint8_t proof[48]);

}  // namespace warp::precompile
