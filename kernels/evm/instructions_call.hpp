// CALL*, CREATE* and SELFDESTRUCT. The call instructions only price the call, settle the
// cases that never start a child (depth limit, insufficient balance) and describe the child
// in ctx.pending; the driver in interpreter.hpp runs it on the frame stack and hands the
// result back through complete_child().
#pragma once

#include <cstdint>

#include "create_address.hpp"
#include "exec_context.hpp"
#include "gas_schedule.hpp"
#include "keccak.hpp"

namespace warp::instr {

// All but one 64th of what is left (EIP-150).
WARP_HD WARP_FORCEINLINE int64_t all_but_one_64th(int64_t gas) { return gas - gas / 64; }

template <Fork F, CallKind K, class C>
WARP_HD WARP_FORCEINLINE Flow call_op(C& c) {
  constexpr GasSchedule s = schedule<F>();
  constexpr bool kHasValue = K == CallKind::Call || K == CallKind::CallCode;
  const uint256 gas_req = c.pop();
  const Address target = word_to_address(c.pop());
  uint256 value{};
  if constexpr (kHasValue) value = c.pop();
  const uint256 in_offset = c.pop();
  const uint256 in_size = c.pop();
  const uint256 out_offset = c.pop();
  const uint256 out_size = c.pop();

  uint64_t in_off = 0, in_len = 0, out_off = 0, out_len = 0;
  if (!memory_region<F>(c, in_offset, in_size, in_off, in_len)) return Flow::Exit;
  if (!memory_region<F>(c, out_offset, out_size, out_off, out_len)) return Flow::Exit;

  const bool has_value = kHasValue && !value.is_zero();
  int64_t extra = c.host.access_account(target) ? 0 : s.cold_account_access - s.warm_access;
  if (has_value) {
    extra += s.call_value;
    if (K == CallKind::Call && c.host.account_is_dead(target)) extra += s.call_new_account;
  }
  if (!c.charge(extra)) return c.fail(EvmStatus::OutOfGas);
  if (K == CallKind::Call && has_value && c.f.msg.is_static) return c.fail(EvmStatus::StaticModeViolation);

  const int64_t cap = all_but_one_64th(c.gas);
  int64_t child_gas =
      (gas_req.fits_u64() && gas_req.w[0] < static_cast<uint64_t>(cap)) ? static_cast<int64_t>(gas_req.w[0]) : cap;
  c.gas -= child_gas;
  if (has_value) child_gas += s.call_stipend;

  c.f.returndata_size = 0;
  const Address& self = c.f.msg.recipient;
  // Calls that never start: the child's gas (stipend included) comes straight back.
  if (c.f.msg.depth + 1 > s.max_call_depth || (has_value && c.host.balance(self) < value)) {
    c.gas += child_gas;
    c.push(uint256{});
    return Flow::Next;
  }

  Message& m = c.pending;
  m.kind = K;
  m.is_static = c.f.msg.is_static || K == CallKind::StaticCall;
  m.depth = c.f.msg.depth + 1;
  m.gas = child_gas;
  m.code_address = target;
  m.recipient = (K == CallKind::Call || K == CallKind::StaticCall) ? target : self;
  m.sender = K == CallKind::DelegateCall ? c.f.msg.sender : self;
  m.value = K == CallKind::DelegateCall ? c.f.msg.value : value;
  m.input = c.f.memory + in_off;
  m.input_size = in_len;
  m.salt = Hash{};
  c.f.ret_offset = out_off;
  c.f.ret_size = out_len;
  return Flow::Call;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CALL(C& c) {
  return call_op<F, CallKind::Call>(c);
}
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CALLCODE(C& c) {
  return call_op<F, CallKind::CallCode>(c);
}
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow DELEGATECALL(C& c) {
  return call_op<F, CallKind::DelegateCall>(c);
}
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow STATICCALL(C& c) {
  return call_op<F, CallKind::StaticCall>(c);
}

// CREATE and CREATE2. The creator's nonce is raised here; whether the new address collides
// is decided when the child starts (it then fails with all its gas, as the spec has it).
template <Fork F, CallKind K, class C>
WARP_HD WARP_FORCEINLINE Flow create_op(C& c) {
  constexpr GasSchedule s = schedule<F>();
  if (c.f.msg.is_static) return c.fail(EvmStatus::StaticModeViolation);
  const uint256 value = c.pop();
  const uint256 offset = c.pop();
  const uint256 size = c.pop();
  uint256 salt{};
  if constexpr (K == CallKind::Create2) salt = c.pop();

  uint64_t off = 0, len = 0;
  if (!memory_region<F>(c, offset, size, off, len)) return Flow::Exit;
  if (len > s.max_initcode_size) return c.fail(EvmStatus::OutOfGas);  // EIP-3860
  const int64_t words = static_cast<int64_t>(num_words(len));
  int64_t cost = words * s.initcode_word;
  if constexpr (K == CallKind::Create2) cost += words * s.keccak_word;
  if (!c.charge(cost)) return c.fail(EvmStatus::OutOfGas);

  c.f.returndata_size = 0;
  const Address self = c.f.msg.recipient;
  const uint64_t nonce = c.host.nonce(self);
  if (c.f.msg.depth + 1 > s.max_call_depth || c.host.balance(self) < value || nonce == ~0ull) {
    c.push(uint256{});
    return Flow::Next;
  }

  const uint8_t* init = c.f.memory + off;
  const Address addr = K == CallKind::Create2 ? create2_address(self, salt.to_hash(), keccak256(init, len))
                                              : create_address(self, nonce);
  const int64_t child_gas = all_but_one_64th(c.gas);
  c.gas -= child_gas;
  c.host.access_account(addr);
  c.host.set_nonce(self, nonce + 1);

  Message& m = c.pending;
  m.kind = K;
  m.is_static = false;
  m.depth = c.f.msg.depth + 1;
  m.gas = child_gas;
  m.recipient = addr;
  m.sender = self;
  m.code_address = addr;
  m.value = value;
  m.input = init;
  m.input_size = len;
  m.salt = salt.to_hash();
  c.f.ret_offset = 0;
  c.f.ret_size = 0;
  return Flow::Call;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CREATE(C& c) {
  return create_op<F, CallKind::Create>(c);
}
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow CREATE2(C& c) {
  return create_op<F, CallKind::Create2>(c);
}

// EIP-6780: the host moves the balance and deletes the account only if it was created in
// this transaction. Gas: base (opcode table) + cold beneficiary + new account when value
// goes to a dead one.
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow SELFDESTRUCT(C& c) {
  constexpr GasSchedule s = schedule<F>();
  const Address beneficiary = word_to_address(c.pop());
  const Address& self = c.f.msg.recipient;
  int64_t cost = c.host.access_account(beneficiary) ? 0 : s.cold_account_access;
  if (c.host.account_is_dead(beneficiary) && !c.host.balance(self).is_zero()) cost += s.selfdestruct_new_account;
  if (!c.charge(cost)) return c.fail(EvmStatus::OutOfGas);
  if (c.f.msg.is_static) return c.fail(EvmStatus::StaticModeViolation);
  c.host.selfdestruct(self, beneficiary);
  c.f.out_offset = 0;
  c.f.out_size = 0;
  return c.fail(EvmStatus::Success);
}

}  // namespace warp::instr
