// The portable interpreter on the device (kernels/cuda/interpreter_fixed_host.cu) against
// the same run on the CPU: every thread runs one program with its own calldata word, and
// each thread's status, gas, refund, output and storage must equal the CPU's. The loop
// program's results are also recomputed directly, so a bug shared by both runs still fails.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "host/device_info.hpp"
#include "kernels/cuda/fixed_host.hpp"
#include "kernels/evm/keccak.hpp"
#include "tests/evm/bytecode_builder.hpp"
#include "tests/gpu/require_device.hpp"

#if defined(WARPEVM_HAVE_CUDA)
#include "kernels/cuda/interpreter_gpu.hpp"
#endif

namespace warp::cuda {
namespace {

using test::Bytecode;
using test::push;

constexpr size_t kRuns = 1000;

// Word i of the calldata: edge values first, then xorshift noise.
std::vector<uint8_t> make_calldata(size_t n) {
  std::vector<uint8_t> words(n * 32);
  uint64_t s = 0x9e3779b97f4a7c15ULL;
  for (size_t i = 0; i < n; ++i) {
    uint256 w;
    if (i == 0)
      w = uint256(0);
    else if (i == 1)
      w = uint256(1);
    else if (i == 2)
      w = uint256::max();
    else {
      uint64_t limbs[4];
      for (auto& limb : limbs) {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        limb = s;
      }
      w = uint256(limbs[0], limbs[1], limbs[2], limbs[3]) >> static_cast<unsigned>(i % 256);
    }
    w.to_be_bytes(&words[i * 32]);
  }
  return words;
}

// x = calldata word; n = x % 40 + 1; acc = x; for i = n..1: acc = acc*31 + i, acc ^= acc >> 7.
// Stores slot0 = acc, slot1 = n, slot2 = keccak(acc . x) and returns keccak(acc . x), x.
Bytecode loop_program() {
  Bytecode head = push(0) + OP_CALLDATALOAD + push(40) + OP_DUP2 + OP_MOD + push(1) + OP_ADD  // [x, n]
                  + OP_DUP1 + push(1) + OP_SSTORE;                                            // slot1 = n
  const uint64_t loop = head.size();
  Bytecode body = Bytecode(OP_JUMPDEST) + OP_SWAP1 + push(31) + OP_MUL + OP_DUP2 + OP_ADD  // [i, acc*31+i]
                  + OP_DUP1 + push(7) + OP_SHR + OP_XOR                                    // [i, acc']
                  + OP_SWAP1 + push(1) + OP_DUP2 + OP_SUB + OP_SWAP1 + OP_POP              // [acc', i-1]
                  + OP_DUP1 + push(loop) + OP_JUMPI + OP_POP;                              // [acc]
  Bytecode tail = OP_DUP1 + push(0) + OP_SSTORE + push(0) + OP_MSTORE                      // slot0 = acc, mem[0] = acc
                  + push(0) + OP_CALLDATALOAD + push(32) + OP_MSTORE                       // mem[32] = x
                  + push(64) + push(0) + OP_KECCAK256                                      // [h]
                  + OP_DUP1 + push(2) + OP_SSTORE + push(0) + OP_MSTORE + test::ret(0, 64);
  return head + body + tail;
}

// Sets slot 5 to x and back to 0 (a refund), then reverts for odd x and returns for even x.
Bytecode refund_program() {
  const Bytecode head = push(0) + OP_CALLDATALOAD + OP_DUP1 + push(5) + OP_SSTORE + push(0) + push(5) + OP_SSTORE +
                        OP_DUP1 + push(0) + OP_MSTORE + push(1) + OP_AND;
  const Bytecode even = test::ret(0, 32);
  const uint64_t odd = head.size() + 2 + 1 + even.size();  // after PUSH1 odd, JUMPI, the even branch
  return head + test::push_n(1, odd) + OP_JUMPI + even + OP_JUMPDEST + test::revert(0, 32);
}

FixedRunResult run_on_cpu(const Bytecode& code, const uint8_t* word, int64_t gas) {
  using S = FixedArenaSizes;
  std::vector<uint256> stack(S::kStackWords);
  std::vector<uint8_t> memory(S::kMemoryBytes), returns(S::kReturnBytes), scratch(S::kScratchBytes);
  std::vector<Frame> frames(S::kFrames);
  ExecArena arena;
  arena.stack = stack.data();
  arena.stack_words = S::kStackWords;
  arena.memory = memory.data();
  arena.memory_bytes = S::kMemoryBytes;
  arena.returndata = returns.data();
  arena.returndata_bytes = S::kReturnBytes;
  arena.scratch = scratch.data();
  arena.scratch_bytes = S::kScratchBytes;
  arena.frames = frames.data();
  arena.frame_count = S::kFrames;
  return run_on_fixed_host(code.data(), code.size(), word, 32, gas, arena);
}

[[maybe_unused]] void expect_same(const FixedRunResult& gpu, const FixedRunResult& cpu, size_t i) {
  ASSERT_EQ(static_cast<int>(gpu.status), static_cast<int>(cpu.status)) << "run " << i;
  EXPECT_EQ(gpu.gas_left, cpu.gas_left) << "run " << i;
  EXPECT_EQ(gpu.gas_refund, cpu.gas_refund) << "run " << i;
  ASSERT_EQ(gpu.output_size, cpu.output_size) << "run " << i;
  for (uint32_t k = 0; k < cpu.output_size && k < FixedRunResult::kMaxOutput; ++k)
    ASSERT_EQ(gpu.output[k], cpu.output[k]) << "run " << i << " output byte " << k;
  ASSERT_EQ(gpu.slots_used, cpu.slots_used) << "run " << i;
  for (int k = 0; k < cpu.slots_used; ++k) {
    EXPECT_TRUE(gpu.keys[k] == cpu.keys[k]) << "run " << i << " slot " << k;
    EXPECT_TRUE(gpu.values[k] == cpu.values[k]) << "run " << i << " slot " << k;
  }
}

#if defined(WARPEVM_HAVE_CUDA)
// Runs `code` on the GPU for every calldata word and compares each run with the CPU's.
std::vector<FixedRunResult> expect_gpu_matches_cpu(const Bytecode& code, const std::vector<uint8_t>& calldata,
                                                   int64_t gas) {
  const size_t n = calldata.size() / 32;
  std::vector<FixedRunResult> gpu(n);
  const std::string error = gpu_run_fixed_host(code.data(), code.size(), calldata.data(), gas, gpu.data(), n);
  EXPECT_EQ(error, "");
  if (!error.empty()) return {};
  for (size_t i = 0; i < n; ++i) {
    expect_same(gpu[i], run_on_cpu(code, &calldata[i * 32], gas), i);
    if (::testing::Test::HasFatalFailure()) break;
  }
  return gpu;
}
#endif

// Checks each run of loop_program() against the same arithmetic done directly in C++.
void expect_loop_results(const std::vector<FixedRunResult>& runs, const std::vector<uint8_t>& calldata) {
  ASSERT_EQ(runs.size() * 32, calldata.size());
  for (size_t i = 0; i < runs.size(); ++i) {
    const uint256 x = uint256::from_be_bytes(&calldata[i * 32], 32);
    const uint64_t n = (x % uint256(40)).low64() + 1;
    uint256 acc = x;
    for (uint64_t k = n; k > 0; --k) {
      acc = acc * uint256(31) + uint256(k);
      acc ^= acc >> 7;
    }
    uint8_t pre[64];
    acc.to_be_bytes(pre);
    x.to_be_bytes(pre + 32);
    const Hash h = keccak256(pre, 64);
    ASSERT_EQ(static_cast<int>(runs[i].status), static_cast<int>(EvmStatus::Success)) << "run " << i;
    ASSERT_EQ(runs[i].slots_used, 3) << "run " << i;
    EXPECT_TRUE(runs[i].values[0] == uint256(n)) << "run " << i;  // slot 1, stored first
    EXPECT_TRUE(runs[i].values[1] == acc) << "run " << i;
    EXPECT_TRUE(runs[i].values[2] == uint256::from_be_bytes(h.bytes, 32)) << "run " << i;
    ASSERT_EQ(runs[i].output_size, 64u);
    for (size_t k = 0; k < 32; ++k) ASSERT_EQ(runs[i].output[k], h.bytes[k]) << "run " << i;
    for (size_t k = 0; k < 32; ++k) ASSERT_EQ(runs[i].output[32 + k], calldata[i * 32 + k]) << "run " << i;
  }
  // Different loop counts cost different gas: the runs really took different paths.
  EXPECT_FALSE(runs[3].gas_left == runs[4].gas_left && runs[4].gas_left == runs[5].gas_left);
}

// No device needed: proves the program and the checks above on the CPU alone, so a GPU
// failure below points at the device build.
TEST(InterpreterFixedHost, LoopProgramOnCpuMatchesDirectComputation) {
  const std::vector<uint8_t> calldata = make_calldata(kRuns);
  const Bytecode code = loop_program();
  std::vector<FixedRunResult> cpu;
  for (size_t i = 0; i < kRuns; ++i) cpu.push_back(run_on_cpu(code, &calldata[i * 32], 1'000'000));
  expect_loop_results(cpu, calldata);
}

TEST(InterpreterGpu, LoopProgramMatchesCpuAndDirectComputation) {
  WARP_REQUIRE_DEVICE();
#if defined(WARPEVM_HAVE_CUDA)
  const std::vector<uint8_t> calldata = make_calldata(kRuns);
  const std::vector<FixedRunResult> gpu = expect_gpu_matches_cpu(loop_program(), calldata, 1'000'000);
  ASSERT_EQ(gpu.size(), kRuns);
  expect_loop_results(gpu, calldata);
#endif
}

// Odd calldata words revert, even ones return; both hand back the 32-byte word.
void expect_refund_results(const std::vector<FixedRunResult>& runs, const std::vector<uint8_t>& calldata) {
  ASSERT_EQ(runs.size() * 32, calldata.size());
  int reverted = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    const bool odd = (calldata[i * 32 + 31] & 1) != 0;
    ASSERT_EQ(static_cast<int>(runs[i].status), static_cast<int>(odd ? EvmStatus::Revert : EvmStatus::Success))
        << "run " << i;
    if (odd) ++reverted;
    ASSERT_EQ(runs[i].output_size, 32u) << "run " << i;
    for (size_t k = 0; k < 32; ++k) ASSERT_EQ(runs[i].output[k], calldata[i * 32 + k]) << "run " << i;
  }
  EXPECT_GT(reverted, 100);
  EXPECT_LT(reverted, 900);
}

TEST(InterpreterFixedHost, RefundProgramOnCpuRevertsOddReturnsEven) {
  const std::vector<uint8_t> calldata = make_calldata(kRuns);
  const Bytecode code = refund_program();
  std::vector<FixedRunResult> cpu;
  for (size_t i = 0; i < kRuns; ++i) cpu.push_back(run_on_cpu(code, &calldata[i * 32], 100'000));
  expect_refund_results(cpu, calldata);
}

TEST(InterpreterGpu, RefundRevertAndReturnMatchCpu) {
  WARP_REQUIRE_DEVICE();
#if defined(WARPEVM_HAVE_CUDA)
  const std::vector<uint8_t> calldata = make_calldata(kRuns);
  const std::vector<FixedRunResult> gpu = expect_gpu_matches_cpu(refund_program(), calldata, 100'000);
  ASSERT_EQ(gpu.size(), kRuns);
  expect_refund_results(gpu, calldata);
#endif
}

TEST(InterpreterGpu, FailuresMatchCpu) {
  WARP_REQUIRE_DEVICE();
#if defined(WARPEVM_HAVE_CUDA)
  const std::vector<uint8_t> calldata = make_calldata(64);
  struct Case {
    Bytecode code;
    int64_t gas;
    EvmStatus want;
  };
  const Case cases[] = {
      {loop_program(), 300, EvmStatus::OutOfGas},
      {push(3) + OP_JUMP + OP_STOP + OP_JUMPDEST, 1000, EvmStatus::BadJumpDestination},
      {Bytecode(OP_ADD), 1000, EvmStatus::StackUnderflow},
      {Bytecode(OP_INVALID), 1000, EvmStatus::InvalidInstruction},
      // Memory past the device arena's 4096 bytes: the device gives the run back to the host.
      {test::mstore(FixedArenaSizes::kMemoryBytes, uint256(1)), 100'000, EvmStatus::NeedsHost},
  };
  for (const Case& c : cases) {
    const std::vector<FixedRunResult> gpu = expect_gpu_matches_cpu(c.code, calldata, c.gas);
    ASSERT_EQ(gpu.size(), 64u);
    EXPECT_EQ(static_cast<int>(gpu[0].status), static_cast<int>(c.want)) << to_string(c.want);
  }
#endif
}

TEST(InterpreterGpu, EmptyBatchIsANoOp) {
  WARP_REQUIRE_DEVICE();
#if defined(WARPEVM_HAVE_CUDA)
  const Bytecode code = push(1);
  EXPECT_EQ(gpu_run_fixed_host(code.data(), code.size(), nullptr, 1000, nullptr, 0), "");
#endif
}

}  // namespace
}  // namespace warp::cuda
