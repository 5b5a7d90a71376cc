// The ExecArena contract: a bounded arena (as on the device) ends the message with
// NeedsHost when a region or the frame array runs out, undoing what the run did; the CPU
// arena (host/evm_arena) is large enough never to, and reusable across runs.
#include <gtest/gtest.h>

#include <vector>

#include "tests/evm/interpreter_test_host.hpp"

namespace warp::test {
namespace {

// A small arena over vectors, sized like a device thread's slice.
struct SmallArena {
  std::vector<Frame> frames;
  std::vector<uint256> stack;
  std::vector<uint8_t> memory, returndata, scratch;
  ExecArena view{};

  SmallArena(uint32_t frame_count, size_t memory_bytes, size_t scratch_bytes)
      : frames(frame_count),
        stack(frame_count * kStackWordsPerFrame),
        memory(memory_bytes),
        returndata(memory_bytes),
        scratch(scratch_bytes) {
    view.frames = frames.data();
    view.frame_count = frame_count;
    view.stack = stack.data();
    view.stack_words = stack.size();
    view.memory = memory.data();
    view.memory_bytes = memory.size();
    view.returndata = returndata.data();
    view.returndata_bytes = returndata.size();
    view.scratch = scratch.data();
    view.scratch_bytes = scratch.size();
  }
};

Message call_message(int64_t gas) {
  Message m;
  m.gas = gas;
  m.recipient = m.code_address = kContract;
  m.sender = kSender;
  return m;
}

TEST(InterpreterArena, MemoryBeyondTheArenaNeedsHost) {
  TestHost host;
  SmallArena arena(4, 1024, 1024);
  host.set_account(kContract, uint256{}, sstore(1, 1) + mstore(2048, 1));
  host.begin_tx();
  const CallResult r = execute_message<Fork::Cancun>(host, call_message(1'000'000), arena.view);
  EXPECT_EQ(r.status, EvmStatus::NeedsHost);
  EXPECT_EQ(host.storage_at(kContract, uint256(1)), uint256(0));  // the run was undone
  // Without the gas for that memory the true answer is out of gas, not NeedsHost.
  host.begin_tx();
  EXPECT_EQ(execute_message<Fork::Cancun>(host, call_message(22'200), arena.view).status, EvmStatus::OutOfGas);
  // Within the arena all is well.
  host.set_account(kContract, uint256{}, mstore(512, 1));
  host.begin_tx();
  EXPECT_EQ(execute_message<Fork::Cancun>(host, call_message(1'000'000), arena.view).status, EvmStatus::Success);
}

TEST(InterpreterArena, FrameDepthBeyondTheArenaNeedsHost) {
  TestHost host;
  SmallArena arena(2, 4096, 1024);
  const Address a = addr(0xa0), b = addr(0xb0), c = addr(0xc0);
  host.set_account(a, uint256{}, sstore(1, 1) + call(100'000, b, 0, 0, 0, 0, 0));
  host.set_account(b, uint256{}, call(50'000, c, 0, 0, 0, 0, 0));
  host.set_account(c, uint256{}, push(1));
  Message m = call_message(1'000'000);
  m.recipient = m.code_address = a;
  host.begin_tx();
  const CallResult r = execute_message<Fork::Cancun>(host, m, arena.view);
  EXPECT_EQ(r.status, EvmStatus::NeedsHost);
  EXPECT_EQ(host.storage_at(a, uint256(1)), uint256(0));
  // Two levels fit.
  host.set_account(b, uint256{}, push(1));
  host.begin_tx();
  EXPECT_EQ(execute_message<Fork::Cancun>(host, m, arena.view).status, EvmStatus::Success);
  EXPECT_EQ(host.storage_at(a, uint256(1)), uint256(1));
}

TEST(InterpreterArena, JumpdestScratchBeyondTheArenaNeedsHost) {
  TestHost host;
  SmallArena arena(2, 4096, 16);  // bitmap room for 128 bytes of code
  Bytecode big;
  for (int i = 0; i < 200; ++i) big += Bytecode(OP_JUMPDEST);
  host.set_account(kContract, uint256{}, big);
  host.set_account(kSender, uint256(100));
  host.begin_tx();
  Message m = call_message(1'000'000);
  m.value = uint256(5);
  EXPECT_EQ(execute_message<Fork::Cancun>(host, m, arena.view).status, EvmStatus::NeedsHost);
  EXPECT_EQ(host.balance(kSender), uint256(100));  // the value transfer was undone too
  EXPECT_EQ(host.balance(kContract), uint256(0));
  host.set_account(kContract, uint256{}, Bytecode(OP_JUMPDEST) + push(0) + OP_JUMP);  // loops until out of gas
  host.begin_tx();
  EXPECT_EQ(execute_message<Fork::Cancun>(host, call_message(1000), arena.view).status, EvmStatus::OutOfGas);
}

TEST(InterpreterArena, CpuArenaIsReusableAndReleasesPages) {
  TestHost host;
  EvmArena arena;
  EXPECT_GE(arena.view().memory_bytes, uint64_t{1} << 30);
  EXPECT_EQ(arena.view().frame_count, kMaxFrames);
  // A run that leaves memory dirty, then one that must see zeros.
  run_code(host, arena, mstore(0, uint256::max()) + mstore(32, uint256::max()));
  arena.release_pages(0);
  const RunResult r = run_code(host, arena, mload(32) + ret_top());
  EXPECT_EQ(output_word(r), uint256(0));
  const RunResult again = run_code(host, arena, mstore(0, uint256::max()) + mload(32) + ret_top());
  EXPECT_EQ(output_word(again), uint256(0));
}

}  // namespace
}  // namespace warp::test
