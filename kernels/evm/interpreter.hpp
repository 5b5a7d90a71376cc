// The interpreter: the dispatch loop over one frame, and the driver that runs a whole message
// with all its nested CALL*/CREATE* frames on an explicit frame stack in the ExecArena (no
// recursion, DESIGN.md section 3). Same source for the CPU and the GPU.
//
// Contract with the caller (the transaction layer):
//   - it has charged intrinsic gas, checked the sender's balance for the value, and for a
//     create raised the sender's nonce and passed Message{kind=Create, recipient=new address};
//   - it has warmed the EIP-2929 sets (sender, recipient, precompiles, access list, coinbase);
//   - the result's gas_left and gas_refund are the message's; the caller applies the refund
//     cap (EIP-3529) and pays the fees.
// A status of NeedsHost or InternalError means the run was abandoned: the host must discard
// everything it recorded for this transaction.
#pragma once

#include <cstdint>

#include "arena.hpp"
#include "exec_context.hpp"
#include "fork.hpp"
#include "frame.hpp"
#include "gas_schedule.hpp"
#include "host_concept.hpp"
#include "instructions_arith.hpp"
#include "instructions_call.hpp"
#include "instructions_control.hpp"
#include "instructions_env.hpp"
#include "instructions_memory.hpp"
#include "instructions_storage.hpp"
#include "jumpdest.hpp"
#include "message.hpp"
#include "opcodes.hpp"
#include "status.hpp"
#include "trace_hooks.hpp"

namespace warp {

namespace interp {

// Runs the frame in `c` until it ends (Flow::Exit, status in c.status) or asks for a child
// (Flow::Call, child in c.pending; pc already past the call instruction).
template <Fork F, class Host>
WARP_HD Flow run_frame(ExecContext<Host>& c) {
  const uint8_t* const code = c.f.code;
  const uint64_t code_size = c.f.code_size;
  const uint256* const stack_base = c.f.stack_base;  // kept in a register: the height check is per instruction
  for (;;) {
    if (c.pc >= code_size) return instr::STOP<F>(c);  // running off the end is STOP
    if constexpr (TracesSteps<Host>) c.host.trace_step(c.pc, code[c.pc], c.gas);
    Flow flow = Flow::Next;
    switch (code[c.pc]) {
      // Per opcode, all from the table: availability in F, stack height, base gas.
#define WARP_DISPATCH(value, name, in, out, gas, since)                                                    \
  case value:                                                                                              \
    if constexpr (op_defined<F>(value)) {                                                                  \
      if constexpr ((in) > 0)                                                                              \
        if (c.sp - stack_base < (in)) return c.fail(EvmStatus::StackUnderflow);                            \
      if constexpr ((out) > (in))                                                                          \
        if (c.sp - stack_base > kMaxStackHeight - ((out) - (in))) return c.fail(EvmStatus::StackOverflow); \
      if constexpr (base_gas<F>(value) != 0)                                                               \
        if (!c.charge(base_gas<F>(value))) return c.fail(EvmStatus::OutOfGas);                             \
      flow = instr::name<F>(c);                                                                            \
    } else {                                                                                               \
      return c.fail(EvmStatus::UndefinedInstruction);                                                      \
    }                                                                                                      \
    break;
      WARP_OPCODES(WARP_DISPATCH)
#undef WARP_DISPATCH
      default:
        return c.fail(EvmStatus::UndefinedInstruction);
    }
    if (flow == Flow::Next) {
      ++c.pc;
    } else if (flow != Flow::Jumped) {
      if (flow == Flow::Call) ++c.pc;
      return flow;
    }
  }
}

// Either a new frame was pushed, or the message finished without one (precompile, empty
// code, collision, arena exhausted) and `result` holds its outcome.
struct StartOutcome {
  bool started;
  CallResult result;
};

WARP_HD inline StartOutcome finished(EvmStatus status, int64_t gas_left) {
  StartOutcome o{false, CallResult{}};
  o.result.status = status;
  o.result.gas_left = gas_left;
  return o;
}

// The arena cannot hold another frame: undo what the message began and hand it to the host.
template <class Host>
WARP_HD StartOutcome out_of_arena(Host& host, uint32_t checkpoint) {
  host.revert_to(checkpoint);
  return finished(EvmStatus::NeedsHost, 0);
}

// Begins message `m` as the frame above `top` (top < 0: the first frame).
template <Fork F, class Host>
WARP_HD StartOutcome start_message(Host& host, const Message& m, ExecArena& arena, int32_t top) {
  const uint8_t* code = nullptr;
  uint64_t code_size = 0;
  const uint8_t* bits = nullptr;
  uint32_t checkpoint = 0;

  if (is_create(m.kind)) {
    // EIP-684/EIP-7610: the target must be unused; the creator's nonce stays raised.
    if (host.create_collision(m.recipient)) return finished(EvmStatus::CreateCollision, 0);
    checkpoint = host.checkpoint();
    host.create_account(m.recipient);
    if (!m.value.is_zero()) host.transfer(m.sender, m.recipient, m.value);
    if (m.input_size == 0) {  // nothing to run, empty code to deposit
      StartOutcome o = finished(EvmStatus::Success, m.gas);
      o.result.created = m.recipient;
      return o;
    }
    code = m.input;
    code_size = m.input_size;
  } else {
    checkpoint = host.checkpoint();
    const bool transfers = m.kind == CallKind::Call || m.kind == CallKind::CallCode;
    if (transfers && !m.value.is_zero())
      host.transfer(m.sender, m.recipient, m.value);
    else
      host.touch(m.recipient);
    if (host.is_precompile(m.code_address)) {
      CallResult r = host.call_precompile(m);
      if (r.status != EvmStatus::Success) {
        host.revert_to(checkpoint);
        r.gas_refund = 0;
        if (consumes_all_gas(r.status)) r.gas_left = 0;
      }
      return StartOutcome{false, r};
    }
    const CodeRef ref = host.code(m.code_address);
    if (ref.size == 0) return finished(EvmStatus::Success, m.gas);
    code = ref.code;
    code_size = ref.size;
    bits = ref.jumpdest_bits;
  }

  // Room for the frame: its slot, 1024 stack words above the parent's top, the bitmap.
  const int32_t depth = top + 1;
  if (static_cast<uint32_t>(depth) >= arena.frame_count) return out_of_arena(host, checkpoint);
  Frame& f = arena.frames[depth];
  uint256* stack_base = arena.stack;
  uint8_t* memory = arena.memory;
  if (top >= 0) {
    const Frame& parent = arena.frames[top];
    stack_base = parent.stack_base + parent.stack_size;
    memory = parent.memory + parent.memory_size;
  }
  if (static_cast<uint64_t>(stack_base - arena.stack) + kStackWordsPerFrame > arena.stack_words)
    return out_of_arena(host, checkpoint);
  const uint64_t scratch_mark = arena.scratch_top;
  if (bits == nullptr) {
    const uint64_t need = (jumpdest_bitmap_bytes(code_size) + 7) & ~uint64_t{7};
    if (need > arena.scratch_bytes - arena.scratch_top) return out_of_arena(host, checkpoint);
    uint8_t* dst = arena.scratch + arena.scratch_top;
    analyze_jumpdests(code, code_size, dst);
    arena.scratch_top += need;
    bits = dst;
  }

  f.msg = m;
  if (is_create(m.kind)) {  // init code is the code, not calldata: CALLDATASIZE is 0
    f.msg.input = nullptr;
    f.msg.input_size = 0;
  }
  f.code = code;
  f.jumpdest_bits = bits;
  f.code_size = code_size;
  f.stack_base = stack_base;
  f.memory = memory;
  f.memory_size = 0;
  f.memory_cap = arena.memory_bytes - static_cast<uint64_t>(memory - arena.memory);
  f.pc = 0;
  f.stack_size = 0;
  f.checkpoint = checkpoint;
  f.gas_left = m.gas;
  f.refund = 0;
  f.returndata_size = 0;
  f.scratch_mark = scratch_mark;
  f.ret_offset = f.ret_size = 0;
  f.out_offset = f.out_size = 0;
  return StartOutcome{true, CallResult{}};
}

// Outcome of a frame that ended with `status`: code deposit for creates, journal revert on
// failure, output slice.
template <Fork F, class Host>
WARP_HD CallResult finish_frame(Host& host, Frame& f, EvmStatus status) {
  constexpr GasSchedule s = schedule<F>();
  CallResult r;
  r.status = status;
  r.gas_left = f.gas_left;
  r.gas_refund = f.refund;
  const uint8_t* out = f.memory + f.out_offset;
  if (status == EvmStatus::Success && is_create(f.msg.kind)) {
    const uint64_t size = f.out_size;
    const int64_t deposit = static_cast<int64_t>(size) * s.create_data_per_byte;
    if (size > 0 && out[0] == 0xEF)
      r.status = EvmStatus::ContractValidationFailure;  // EIP-3541
    else if (size > s.max_code_size || deposit > r.gas_left)
      r.status = EvmStatus::OutOfGas;  // EIP-170
    else {
      r.gas_left -= deposit;
      host.set_code(f.msg.recipient, out, static_cast<size_t>(size));
      r.created = f.msg.recipient;
      return r;  // a create's output is not returndata
    }
  }
  if (r.status == EvmStatus::Success || r.status == EvmStatus::Revert) {
    r.output = out;
    r.output_size = static_cast<size_t>(f.out_size);
  }
  if (r.status != EvmStatus::Success) {
    host.revert_to(f.checkpoint);
    r.gas_refund = 0;
    if (consumes_all_gas(r.status)) r.gas_left = 0;
  }
  return r;
}

// Hands a child's result to its parent frame: gas, refunds, RETURNDATA, output copy, and
// the value pushed by the call instruction. False when the returndata buffer is too small.
WARP_HD inline bool complete_child(ExecArena& arena, Frame& parent, const CallResult& r, CallKind kind) {
  parent.gas_left += r.gas_left;
  if (r.status == EvmStatus::Success) parent.refund += r.gas_refund;
  uint256 pushed{};
  const bool keep_output = !is_create(kind) || r.status == EvmStatus::Revert;
  const uint64_t size = keep_output ? r.output_size : 0;
  if (size > arena.returndata_bytes) return false;
  copy_bytes(arena.returndata, r.output, size);
  parent.returndata_size = size;
  if (is_create(kind)) {
    if (r.status == EvmStatus::Success) pushed = address_to_word(r.created);
  } else {
    const uint64_t n = size < parent.ret_size ? size : parent.ret_size;
    copy_bytes(parent.memory + parent.ret_offset, arena.returndata, n);
    pushed = uint256(r.status == EvmStatus::Success);
  }
  parent.stack_base[parent.stack_size++] = pushed;
  return true;
}

WARP_HD inline bool aborts_run(EvmStatus s) { return s == EvmStatus::NeedsHost || s == EvmStatus::InternalError; }

}  // namespace interp

// Runs message `msg` to completion, nested calls and creates included. The output of the
// result points into the arena (or the host's precompile buffer) and stays valid until the
// next call with the same arena.
template <Fork F, EvmHost Host>
WARP_HD CallResult execute_message(Host& host, const Message& msg, ExecArena& arena) {
  arena.scratch_top = 0;
  Message pending = msg;
  int32_t top = -1;  // index of the running frame

  interp::trace_enter(host, pending);
  interp::StartOutcome started = interp::start_message<F>(host, pending, arena, top);
  CallResult result = started.result;
  CallKind result_kind = msg.kind;
  bool have_result = !started.started;
  if (started.started) top = 0;

  for (;;) {
    if (have_result) {
      interp::trace_exit(host, result);
      if (top < 0) return result;
      if (interp::aborts_run(result.status) || !interp::complete_child(arena, arena.frames[top], result, result_kind)) {
        host.revert_to(arena.frames[0].checkpoint);
        CallResult abandoned;
        abandoned.status = interp::aborts_run(result.status) ? result.status : EvmStatus::NeedsHost;
        return abandoned;
      }
      have_result = false;
    }

    Frame& f = arena.frames[top];
    ExecContext<Host> c{host, f, arena, pending, f.stack_base + f.stack_size, f.gas_left, f.pc};
    const Flow flow = interp::run_frame<F>(c);
    f.pc = c.pc;
    f.gas_left = c.gas;
    f.stack_size = c.stack_size();

    if (flow == Flow::Call) {
      interp::trace_enter(host, pending);
      started = interp::start_message<F>(host, pending, arena, top);
      if (started.started) {
        ++top;
      } else {
        result = started.result;
        result_kind = pending.kind;
        have_result = true;
      }
      continue;
    }

    result = interp::finish_frame<F>(host, f, c.status);
    result_kind = f.msg.kind;
    arena.scratch_top = f.scratch_mark;
    --top;
    have_result = true;
  }
}

}  // namespace warp
