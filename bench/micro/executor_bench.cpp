// One block through each executor, repeated on fresh copies of its pre-state: the per-
// transaction cost of the executor's machinery (multi-version memory, validation, commit)
// next to the sequential baseline, for profiling. `warpevm bench` is the benchmark to quote.
#include <benchmark/benchmark.h>

#include <memory>

#include "bench/workloads/workload.hpp"
#include "host/executor/block_executor.hpp"

namespace {

const warp::bench::Workload& erc20_block() {
  static const warp::bench::Workload w = [] {
    warp::bench::WorkloadOptions o;
    o.kind = warp::bench::WorkloadKind::Erc20;
    o.txs = 5000;
    o.accounts = 5000;
    warp::bench::Workload out = warp::bench::generate_workload(o);
    warp::bench::recover_senders(out.txs, 0);
    return out;
  }();
  return w;
}

void run_block(benchmark::State& bench, const char* executor, size_t threads) {
  const warp::bench::Workload& w = erc20_block();
  std::unique_ptr<warp::BlockExecutor> ex = warp::make_executor(executor, threads);
  for (auto _ : bench) {
    bench.PauseTiming();
    warp::State state = w.pre_state;
    bench.ResumeTiming();
    const warp::BlockResult r = ex->execute(state, w.txs, w.env, w.fork);
    benchmark::DoNotOptimize(r.state_root);
  }
  bench.SetItemsProcessed(static_cast<int64_t>(bench.iterations() * w.txs.size()));
}

void BM_Erc20Sequential(benchmark::State& s) { run_block(s, "sequential", 1); }
void BM_Erc20Cpu(benchmark::State& s) { run_block(s, "cpu", static_cast<size_t>(s.range(0))); }

BENCHMARK(BM_Erc20Sequential)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_Erc20Cpu)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
