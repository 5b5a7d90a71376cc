// 0x0a POINT_EVALUATION (EIP-4844): checks a KZG proof that the blob committed to by `commitment`
// evaluates to y at z. Input is exactly versioned_hash(32) || z(32) || y(32) || commitment(48) ||
// proof(48); the versioned hash must be 0x01 || sha256(commitment)[1:], z and y canonical scalars
// (< BLS_MODULUS), commitment and proof valid compressed G1 points. Success returns
// FIELD_ELEMENTS_PER_BLOB and BLS_MODULUS as two 32-byte words; anything else fails the call.
#include "kzg.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "builtins.hpp"
#include "host/precompiles/crypto/bls12_381.hpp"
#include "openssl_digest.hpp"

namespace warp::precompile {

namespace {

using Curve = crypto::Bls12381;
using F = Curve::F;
using E2 = Curve::E2;

F fp_from_hex(const char (&hex)[97]) { return F::from_limbs(crypto::limbs_from_hex<6>(hex)); }

}  // namespace

// [tau]G2 from the mainnet KZG ceremony: the G2 monomial point at index 1 of trusted_setup.txt
// (as shipped in the c-kzg 4.1.0 npm package, deps/c-kzg/trusted_setup.txt), compressed there as
//   b5bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72
//   185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2
// and decompressed to affine coordinates with @noble/curves 2.4.0. x is visible in the compressed
// form (flags masked off the first byte); tests check that y is on the curve and is the root the
// compressed form's sort flag selects, and that the point is in G2.
const crypto::Affine<E2>& kzg_tau_g2() {
  static const crypto::Affine<E2> tau{
      {fp_from_hex("185cbfee53492714734429b7b38608e23926c911cceceac9a36851477ba4c60b087041de621000edc98edada20c1def2"),
       fp_from_hex("15bfd7dd8cdeb128843bc287230af38926187075cbfbefa81009a2ce615ac53d2914e5870cb452d2afaaab24f3499f72")},
      {fp_from_hex("014353bdb96b626dd7d5ee8599d1fca2131569490e28de18e82451a496a9c9794ce26d105941f383ee689bfbbb832a99"),
       fp_from_hex("1666c54b0a32529503432fcae0181b4bef79de09fc63671fda5ed1ba9bfa07899495346f3d7ac9cd23048ef30d0a154f")},
      false};
  return tau;
}

bool kzg_verify_proof(const uint8_t commitment[48], const uint8_t z[32], const uint8_t y[32], const uint8_t proof[48]) {
  const auto z_limbs = crypto::limbs_from_be<4>(z);
  const auto y_limbs = crypto::limbs_from_be<4>(y);
  if (!crypto::less_than(z_limbs, Curve::kOrder) || !crypto::less_than(y_limbs, Curve::kOrder)) return false;
  crypto::Affine<F> c, pi;
  if (!Curve::g1_from_compressed(commitment, c) || !Curve::g1_from_compressed(proof, pi)) return false;

  // e(pi, [tau]G2 - [z]G2) == e(C - [y]G1, G2) is, by bilinearity (e(pi, -[z]G2) = e(-[z]pi, G2)),
  // e(pi, [tau]G2) · e([y]G1 - [z]pi - C, G2) == 1, which keeps all scalar multiplication in G1
  // (cheaper than in G2) and both G2 arguments fixed.
  const auto pi_j = Curve::G1::from_affine(pi);
  const auto lhs = Curve::G1::from_affine(Curve::g1_generator()).mul(y_limbs) + pi_j.mul(z_limbs).neg() +
                   Curve::G1::from_affine(c).neg();
  // Both G2 points are constants, so their Miller-loop lines are computed once.
  static const crypto::PreparedG2<Curve> tau_lines = crypto::prepare_g2<Curve>(kzg_tau_g2());
  static const crypto::PreparedG2<Curve> g2_lines = crypto::prepare_g2<Curve>(Curve::g2_generator());
  const crypto::Affine<F> ps[2] = {pi, lhs.to_affine()};
  const crypto::PreparedG2<Curve>* const qs[2] = {&tau_lines, &g2_lines};
  return crypto::pairing_product_is_one<Curve>(std::span<const crypto::Affine<F>>(ps),
                                               std::span<const crypto::PreparedG2<Curve>* const>(qs));
}

PrecompileResult point_evaluation(ByteView input, int64_t gas_limit) {
  constexpr int64_t kGas = 50000;
  if (gas_limit < kGas || input.size() != 192) return failure(gas_limit);
  const uint8_t* versioned_hash = input.data();
  const uint8_t* commitment = input.data() + 96;

  uint8_t digest[32];
  if (!sha256_digest(ByteView(commitment, 48), digest)) return failure(gas_limit);
  digest[0] = 0x01;  // VERSIONED_HASH_VERSION_KZG
  if (std::memcmp(digest, versioned_hash, 32) != 0) return failure(gas_limit);
  if (!kzg_verify_proof(commitment, input.data() + 32, input.data() + 64, input.data() + 144))
    return failure(gas_limit);

  PrecompileResult result{PrecompileStatus::Success, kGas, Bytes(64, 0)};
  result.output[30] = 0x10;  // FIELD_ELEMENTS_PER_BLOB = 4096
  crypto::limbs_to_be<4>(Curve::kOrder, result.output.data() + 32);
  return result;
}

}  // namespace warp::precompile
