// BLS12-381 constants that need run-time construction, and the compressed G1 encoding.
#include "bls12_381.hpp"

namespace warp::crypto {

namespace {

using F = Bls12381::F;

F fp_from_hex(const char (&hex)[97]) { return F::from_limbs(limbs_from_hex<6>(hex)); }

}  // namespace

// The standard generators (from the BLS12-381 definition; also used by the KZG ceremony, whose
// setup starts from them).
Affine<F> Bls12381::g1_generator() {
  static const Affine<F> g{
      fp_from_hex("17f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb"),
      fp_from_hex("08b3f481e3aaa0f1a09e30ed741d8ae4fcf5e095d5d00af600db18cb2c04b3edd03cc744a2888ae40caa232946c5e7e1"),
      false};
  return g;
}

Affine<Bls12381::E2> Bls12381::g2_generator() {
  static const Affine<E2> g{
      {fp_from_hex("024aa2b2f08f0a91260805272dc51051c6e47ad4fa403b02b4510b647ae3d1770bac0326a805bbefd48056c8c121bdb8"),
       fp_from_hex("13e02b6052719f607dacd3a088274f65596bd0d09920b61ab5da61bbdc7f5049334cf11213945d57e5ac7d055d042b7e")},
      {fp_from_hex("0ce5d527727d6e118cc9cdc6da2e351aadfd9baa8cbdd3a76d429a695160d12c923ac9cc3baca289e193548608b82801"),
       fp_from_hex("0606c4a02ea734cc32acd2b02bc28b99cb3e287e85a763af267492ab572e99ab3f370d275cec1da1aaa9075ff05f79be")},
      false};
  return g;
}

bool Bls12381::g1_in_subgroup(const Affine<F>& p) {
  // A primitive cube root of unity; of the two, the one whose phi acts on G1 as [-x^2] (the other
  // acts as [x^2 - 1]; EIP-2537's asset prints that one, its square, 0x1a0111ea...aaac).
  static const F beta =
      fp_from_hex("00000000000000005f19672fdf76ce51ba69c6076a0f77eaddb3a93be6f89688de17d813620a00022e01fffffffefffe");
  constexpr u128 kX2 = u128{kXAbs} * kXAbs;
  const G1 q = G1::from_affine(p);
  const G1 phi{q.x * beta, q.y, q.z};
  return (phi + q.mul(Limbs<2>{static_cast<uint64_t>(kX2), static_cast<uint64_t>(kX2 >> 64)})).is_infinity();
}

bool Bls12381::g1_from_compressed(const uint8_t in[48], Affine<F>& out) {
  const bool compressed = (in[0] & 0x80) != 0;
  const bool infinity = (in[0] & 0x40) != 0;
  const bool larger_y = (in[0] & 0x20) != 0;
  if (!compressed) return false;
  uint8_t x_bytes[48];
  for (size_t i = 0; i < 48; ++i) x_bytes[i] = in[i];
  x_bytes[0] &= 0x1f;
  if (infinity) {
    // Only one encoding of infinity: 0xc0 followed by zeros.
    if (larger_y) return false;
    for (const uint8_t b : x_bytes)
      if (b != 0) return false;
    out = {F::zero(), F::zero(), true};
    return true;
  }
  F x;
  if (!F::from_be_bytes(x_bytes, x)) return false;
  const F rhs = x.square() * x + g1_b();
  // p = 3 (mod 4), so a square root of a square a is a^((p+1)/4).
  constexpr Limbs<6> kSqrtExp = div_small(add_small(F::kP, 1), 4);
  F y = rhs.pow(kSqrtExp);
  if (!(y.square() == rhs)) return false;
  if (y.is_lexicographically_largest() != larger_y) y = -y;
  out = {x, y, false};
  return g1_in_subgroup(out);
}

}  // namespace warp::crypto
