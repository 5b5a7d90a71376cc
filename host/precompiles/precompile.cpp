// Dispatch by address and fork. Addresses are 0x00..00XX; the table below is the single
// place that says which exist in which fork and which are not built yet.
#include "precompile.hpp"

#include "builtins.hpp"

namespace warp {

namespace {

using RunFn = PrecompileResult (*)(ByteView, int64_t);

struct Entry {
  RunFn run;         // nullptr: not built yet
  const char* name;  // reported for unsupported ones
  Fork since;
};

constexpr Entry kTable[] = {
    {nullptr, nullptr, Fork::Shanghai},  // 0x00 is not a precompile
    {precompile::ecrecover, "ecrecover (0x01)", Fork::Shanghai},
    {precompile::sha256, "sha256 (0x02)", Fork::Shanghai},
    {precompile::ripemd160, "ripemd160 (0x03)", Fork::Shanghai},
    {precompile::identity, "identity (0x04)", Fork::Shanghai},
    {precompile::modexp, "modexp (0x05)", Fork::Shanghai},
    {precompile::ecadd, "ecAdd (0x06)", Fork::Shanghai},
    {precompile::ecmul, "ecMul (0x07)", Fork::Shanghai},
    {precompile::ecpairing, "ecPairing (0x08)", Fork::Shanghai},
    {precompile::blake2f, "blake2f (0x09)", Fork::Shanghai},
    {precompile::point_evaluation, "pointEvaluation (0x0a)", Fork::Cancun},
    // EIP-2537 BLS12-381, Prague.
    {nullptr, "bls12381G1Add (0x0b)", Fork::Prague},
    {nullptr, "bls12381G1MultiExp (0x0c)", Fork::Prague},
    {nullptr, "bls12381G2Add (0x0d)", Fork::Prague},
    {nullptr, "bls12381G2MultiExp (0x0e)", Fork::Prague},
    {nullptr, "bls12381Pairing (0x0f)", Fork::Prague},
    {nullptr, "bls12381MapG1 (0x10)", Fork::Prague},
    {nullptr, "bls12381MapG2 (0x11)", Fork::Prague},
};
constexpr size_t kTableSize = sizeof(kTable) / sizeof(kTable[0]);

// The table index of `a`, or 0 when its 19 high bytes are not all zero.
size_t index_of(const Address& a) {
  for (size_t i = 0; i < 19; ++i)
    if (a.bytes[i] != 0) return 0;
  return a.bytes[19];
}

}  // namespace

bool is_precompile(const Address& a, Fork fork) {
  const size_t i = index_of(a);
  return i != 0 && i < kTableSize && static_cast<int>(kTable[i].since) <= static_cast<int>(fork);
}

PrecompileResult run_precompile(const Address& a, ByteView input, int64_t gas_limit, Fork fork) {
  if (!is_precompile(a, fork)) return precompile::failure(gas_limit);
  const Entry& e = kTable[index_of(a)];
  if (e.run == nullptr) return PrecompileResult{PrecompileStatus::Unsupported, 0, {}, e.name};
  return e.run(input, gas_limit);
}

}  // namespace warp
