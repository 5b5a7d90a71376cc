// Time per call of the BN254 and KZG precompiles, with the gas they charge turned into a
// gas/second rate (the number that says whether a precompile is priced fairly for this CPU).
#include <benchmark/benchmark.h>

#include <string>

#include "host/precompiles/precompile.hpp"
#include "state/bytes.hpp"

namespace {

using warp::Bytes;
using warp::Fork;
using warp::PrecompileStatus;

warp::Address precompile_address(uint8_t n) {
  warp::Address a{};
  a.bytes[19] = n;
  return a;
}

// G1 generator (1, 2) times a full-width scalar.
const std::string kEcMulInput =
    "0000000000000000000000000000000000000000000000000000000000000001"
    "0000000000000000000000000000000000000000000000000000000000000002"
    "f1e2d3c4b5a697887766554433221100ffeeddccbbaa99887766554433221100";

// e(aG1, bG2)·e(-abG1, G2) for a = 0x1234...cdef, b = 0xfedc...4321 (made with @noble/curves; the
// product is 1, so the call runs to the end).
const std::string kEcPairing2Input =
    "288fa200f9164766e43f6b5779c25479f0e93a7209c15f07a6d4d650ff9996e600128ffe174395fe3bdf2f99640741878d5c48610f7d906d"
    "bbb9f0ea745acba72df3ca02c99d7e66072596b3311c42da04395004e03b30fb40f7b327ec4b1ac3045fb8d37ce77b6f831df88032a7978a"
    "bfdc71a70a68bdc0efeef41a08f6e6fa191ef216eada1dbacf2d550d27e68c9d6ac4c4ee6a64a60bd8b0a6e41500934a15af5ea6f5d3eb9a"
    "9ea1a6bbe7bd6a4679ff92022b17e718682bed651c38fc6726d15d93c52ac139fbdd2eba305f71ede98d087413e46c6ce11cba29e28c8380"
    "2950a260f372d4915d514688707093d6e1759139463e10b9d9f37a990d12dd3b198e9393920d483a7260bfb731fb5d25f1aa493335a9e712"
    "97e485b7aef312c21800deef121f1e76426a00665e5c4479674322d4f75edadd46debd5cd992f6ed090689d0585ff075ec9e99ad690c3395"
    "bc4b313370b38ef355acdadcd122975b12c85ea5db8c6deb4aab71808dcb408fe3d1e7690c43d37b4ce6cc0166fa7daa";

// A valid proof from ethereum/tests Pyspecs point_evaluation_precompile_external_vectors.json
// (case verify_kzg_proof_case_correct_proof_31ebd010e6098750).
const std::string kPointEvaluationInput =
    "01e798154708fe7789429634053cbf9f99b619f9f084048927333fce637f549b73eda753299d7d483339d80809a1d80553bda402fffe5bfe"
    "ffffffff000000001522a4a7f34e1ea350ae07c29c96c7e79655aa926122e95fe69fcbd932ca49e98f59a8d2a1a625a17f3fea0fe5eb8c89"
    "6db3764f3185481bc22f91b4aaffcca25f26936857bc3a7c2539ea8ec3a952b7a62ad71d14c5719385c0686f1871430475bf3a00f0aa3f7b"
    "8dd99a9abc2160744faf0070725e00b60ad9a026a15b1a8c";

// `true_result`: the output must end in a nonzero byte (pairing says 1; POINT_EVALUATION's modulus).
void run(benchmark::State& state, uint8_t address, const std::string& hex, bool true_result) {
  const Bytes input = warp::from_hex(hex).value();
  int64_t gas = 0;
  for (auto _ : state) {
    const auto r = warp::run_precompile(precompile_address(address), input, 10'000'000, Fork::Cancun);
    if (r.status != PrecompileStatus::Success || (true_result && r.output.back() == 0)) {
      state.SkipWithError("precompile call did not succeed");
      return;
    }
    gas = r.gas_used;
    benchmark::DoNotOptimize(r.output.data());
  }
  state.counters["gas/s"] = benchmark::Counter(static_cast<double>(gas), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_EcMul(benchmark::State& state) { run(state, 0x07, kEcMulInput, false); }
void BM_EcPairing2(benchmark::State& state) { run(state, 0x08, kEcPairing2Input, true); }
void BM_PointEvaluation(benchmark::State& state) { run(state, 0x0a, kPointEvaluationInput, true); }

BENCHMARK(BM_EcMul)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_EcPairing2)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_PointEvaluation)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
