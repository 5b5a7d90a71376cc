// Interpreter micro-benchmarks: ns per call and gas per second for a tight arithmetic loop,
// a KECCAK256 loop, an SSTORE/SLOAD loop and an ERC-20 `transfer` (solc-compiled, from
// bench/contracts). Each iteration runs one top-level message on a fresh journaled host over
// the same State and discards the overlay, so every iteration does identical work.
#include <benchmark/benchmark.h>

#include <initializer_list>

#include "bench/contracts/contracts.hpp"
#include "host/code_cache.hpp"
#include "host/evm_arena.hpp"
#include "host/evm_state_host.hpp"
#include "kernels/evm/interpreter.hpp"
#include "state/state.hpp"

namespace {

using warp::Address;
using warp::Bytes;
using warp::uint256;

Address make_address(uint8_t tag) {
  Address a{};
  a.bytes[19] = tag;
  return a;
}

const Address kSender = make_address(0x10);
const Address kContract = make_address(0xc0);

// A counted loop `for (i = n; i != 0; --i) { body }` around a body that leaves the stack as
// it found it (with i on top). The loop head is the JUMPDEST at offset 3.
Bytes counted_loop(uint16_t n, std::initializer_list<uint8_t> body) {
  // PUSH2 n, JUMPDEST, body, then PUSH1 1, SWAP1, SUB, DUP1, PUSH1 3, JUMPI, STOP.
  static constexpr uint8_t kTail[] = {0x60, 0x01, 0x90, 0x03, 0x80, 0x60, 0x03, 0x57, 0x00};
  Bytes code;
  code.reserve(4 + body.size() + sizeof(kTail));
  code.push_back(0x61);
  code.push_back(static_cast<uint8_t>(n >> 8));
  code.push_back(static_cast<uint8_t>(n & 0xff));
  code.push_back(0x5b);
  for (uint8_t op : body) code.push_back(op);
  for (uint8_t op : kTail) code.push_back(op);
  return code;
}

// i*i + i, divided by 3, dropped.
const Bytes kArithmeticLoop = counted_loop(10000, {0x80, 0x80, 0x02, 0x81, 0x01, 0x60, 0x03, 0x90, 0x04, 0x50});
// mem[0..32] = i; keccak256(mem[0..64]), dropped.
const Bytes kKeccakLoop = counted_loop(5000, {0x80, 0x60, 0x00, 0x52, 0x60, 0x40, 0x60, 0x00, 0x20, 0x50});
// storage[i] = storage[i] + i.
const Bytes kStorageLoop = counted_loop(200, {0x80, 0x80, 0x54, 0x01, 0x81, 0x55});

struct Fixture {
  warp::State state;
  warp::BlockContext block;
  warp::TxContext tx;
  warp::CodeCache codes;
  warp::EvmArena arena;
  Bytes calldata;
};

void run_message(benchmark::State& bench, Fixture& f) {
  warp::Message msg;
  msg.kind = warp::CallKind::Call;
  msg.gas = 30'000'000;
  msg.sender = kSender;
  msg.recipient = kContract;
  msg.code_address = kContract;
  msg.input = f.calldata.data();
  msg.input_size = f.calldata.size();

  int64_t gas_total = 0;
  warp::StateBase base(f.state, f.codes);
  for (auto _ : bench) {
    warp::EvmStateHost host(base, f.block, f.tx, warp::Fork::Cancun, f.codes, nullptr);
    const warp::CallResult r = warp::execute_message<warp::Fork::Cancun>(host, msg, f.arena.view());
    if (r.status != warp::EvmStatus::Success) {
      bench.SkipWithError(warp::to_string(r.status));
      return;
    }
    gas_total += msg.gas - r.gas_left;
  }
  bench.counters["gas"] =
      benchmark::Counter(static_cast<double>(gas_total), benchmark::Counter::kAvgIterations);
  bench.counters["gas/s"] = benchmark::Counter(static_cast<double>(gas_total), benchmark::Counter::kIsRate);
}

void bench_code(benchmark::State& bench, const Bytes& code) {
  Fixture f;
  f.state.set_balance(kSender, uint256(1) << 80);
  f.state.set_code(kContract, code);
  run_message(bench, f);
}

void BM_ArithmeticLoop(benchmark::State& bench) { bench_code(bench, kArithmeticLoop); }
void BM_KeccakLoop(benchmark::State& bench) { bench_code(bench, kKeccakLoop); }
void BM_StorageLoop(benchmark::State& bench) { bench_code(bench, kStorageLoop); }

void BM_Erc20Transfer(benchmark::State& bench) {
  namespace erc20 = warp::bench::erc20;
  Fixture f;
  f.state.set_balance(kSender, uint256(1) << 80);
  f.state.set_code(kContract, warp::bench::erc20_runtime_code());
  f.state.set_storage(kContract, erc20::balance_slot(kSender), uint256(1) << 64);
  f.state.set_storage(kContract, uint256(erc20::kTotalSupplySlot), uint256(1) << 64);
  f.calldata = erc20::transfer_calldata(make_address(0x77), uint256(1000));
  run_message(bench, f);
}

BENCHMARK(BM_ArithmeticLoop);
BENCHMARK(BM_KeccakLoop);
BENCHMARK(BM_StorageLoop);
BENCHMARK(BM_Erc20Transfer);

}  // namespace

BENCHMARK_MAIN();
