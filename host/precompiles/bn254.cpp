// 0x06 ECADD, 0x07 ECMUL and 0x08 ECPAIRING on BN254 (EIP-196, EIP-197), priced by EIP-1108.
// Field elements are 32-byte big-endian words; (0, 0) encodes the point at infinity. Any
// coordinate >= p, any point off its curve and any G2 point outside the order-r subgroup fails
// the call (all gas burned). ECADD and ECMUL zero-pad short input and ignore extra bytes;
// ECPAIRING takes whole 192-byte (G1, G2) pairs only.
#include "host/precompiles/crypto/bn254.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include "builtins.hpp"

namespace warp::precompile {

namespace {

using Curve = crypto::Bn254;
using F = Curve::F;
using E2 = Curve::E2;
using G1Affine = crypto::Affine<F>;
using G2Affine = crypto::Affine<E2>;

bool all_zero(const uint8_t* p, size_t n) {
  return std::all_of(p, p + n, [](uint8_t b) { return b == 0; });
}

// x || y, 64 bytes.
bool read_g1(const uint8_t* in, G1Affine& out) {
  if (all_zero(in, 64)) {
    out = {F::zero(), F::zero(), true};
    return true;
  }
  out.infinity = false;
  return F::from_be_bytes(in, out.x) && F::from_be_bytes(in + 32, out.y) && out.on_curve(Curve::g1_b());
}

// x.imaginary || x.real || y.imaginary || y.real, 128 bytes (EIP-197 writes a·i + b as (a, b)).
bool read_g2(const uint8_t* in, G2Affine& out) {
  if (all_zero(in, 128)) {
    out = {E2::zero(), E2::zero(), true};
    return true;
  }
  out.infinity = false;
  return F::from_be_bytes(in, out.x.c1) && F::from_be_bytes(in + 32, out.x.c0) && F::from_be_bytes(in + 64, out.y.c1) &&
         F::from_be_bytes(in + 96, out.y.c0) && out.on_curve(Curve::g2_b()) && Curve::g2_in_subgroup(out);
}

Bytes write_g1(const Curve::G1& p) {
  Bytes out(64, 0);
  const G1Affine a = p.to_affine();
  if (!a.infinity) {
    a.x.to_be_bytes(out.data());
    a.y.to_be_bytes(out.data() + 32);
  }
  return out;
}

// The first n bytes of input, zero-padded.
template <size_t n>
std::array<uint8_t, n> padded(ByteView input) {
  std::array<uint8_t, n> buf{};
  std::copy_n(input.data(), std::min(input.size(), n), buf.data());
  return buf;
}

}  // namespace

PrecompileResult ecadd(ByteView input, int64_t gas_limit) {
  constexpr int64_t kGas = 150;
  if (gas_limit < kGas) return failure(gas_limit);
  const auto buf = padded<128>(input);
  G1Affine a, b;
  if (!read_g1(buf.data(), a) || !read_g1(buf.data() + 64, b)) return failure(gas_limit);
  return {PrecompileStatus::Success, kGas, write_g1(Curve::G1::from_affine(a) + Curve::G1::from_affine(b))};
}

PrecompileResult ecmul(ByteView input, int64_t gas_limit) {
  constexpr int64_t kGas = 6000;
  if (gas_limit < kGas) return failure(gas_limit);
  const auto buf = padded<96>(input);
  G1Affine a;
  if (!read_g1(buf.data(), a)) return failure(gas_limit);
  const auto scalar = crypto::limbs_from_be<4>(buf.data() + 64);
  return {PrecompileStatus::Success, kGas, write_g1(Curve::G1::from_affine(a).mul(scalar))};
}

PrecompileResult ecpairing(ByteView input, int64_t gas_limit) {
  constexpr size_t kPairSize = 192;
  constexpr int64_t kBase = 45000;
  constexpr int64_t kPerPair = 34000;
  if (input.size() % kPairSize != 0) return failure(gas_limit);
  const size_t pairs = input.size() / kPairSize;
  if (gas_limit < kBase || pairs > static_cast<size_t>((gas_limit - kBase) / kPerPair)) return failure(gas_limit);
  const int64_t gas = kBase + kPerPair * static_cast<int64_t>(pairs);

  std::vector<crypto::PairingInput<Curve>> in(pairs);
  for (size_t i = 0; i < pairs; ++i) {
    const uint8_t* p = input.data() + i * kPairSize;
    if (!read_g1(p, in[i].p) || !read_g2(p + 64, in[i].q)) return failure(gas_limit);
  }
  Bytes out(32, 0);
  out[31] = crypto::pairing_product_is_one<Curve>(in) ? 1 : 0;
  return {PrecompileStatus::Success, gas, std::move(out)};
}

}  // namespace warp::precompile
