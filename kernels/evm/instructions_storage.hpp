// Persistent storage (SLOAD, SSTORE with EIP-2200/2929/3529 gas and refunds), transient
// storage (EIP-1153) and logs. Everything that writes is forbidden in a static context.
#pragma once

#include <cstdint>

#include "exec_context.hpp"
#include "gas_schedule.hpp"

namespace warp::instr {

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow SLOAD(C& c) {
  constexpr GasSchedule s = schedule<F>();
  uint256& key = c.top();
  if (!c.host.access_storage(c.f.msg.recipient, key) && !c.charge(s.cold_sload - s.warm_access))
    return c.fail(EvmStatus::OutOfGas);
  key = c.host.sload(c.f.msg.recipient, key);
  return Flow::Next;
}

// Gas and refund of one SSTORE, from the slot's value at the start of the transaction
// (original), now (current) and the value written (next). EIP-2200 with EIP-2929 costs and
// EIP-3529 refunds; `cold` adds the first-access surcharge.
struct SstoreCost {
  int64_t gas;
  int64_t refund;
};
template <Fork F>
WARP_HD constexpr SstoreCost sstore_cost(const uint256& original, const uint256& current, const uint256& next,
                                         bool cold) {
  constexpr GasSchedule s = schedule<F>();
  SstoreCost r{cold ? s.cold_sload : 0, 0};
  if (current == next) {
    r.gas += s.warm_access;  // no-op
    return r;
  }
  if (original == current) {  // clean slot
    r.gas += original.is_zero() ? s.sstore_set : s.sstore_reset;
    if (next.is_zero()) r.refund += s.sstore_clears_refund;
    return r;
  }
  r.gas += s.warm_access;  // dirty slot
  if (!original.is_zero()) {
    if (current.is_zero())
      r.refund -= s.sstore_clears_refund;  // the earlier clear is undone
    else if (next.is_zero())
      r.refund += s.sstore_clears_refund;
  }
  if (original == next) r.refund += original.is_zero() ? s.sstore_set_refund : s.sstore_reset_refund;
  return r;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow SSTORE(C& c) {
  constexpr GasSchedule s = schedule<F>();
  if (c.f.msg.is_static) return c.fail(EvmStatus::StaticModeViolation);
  // EIP-2200: never run SSTORE on the call stipend alone.
  if (c.gas <= s.sstore_sentry) return c.fail(EvmStatus::OutOfGas);
  const uint256 key = c.pop();
  const uint256 next = c.pop();
  const Address& self = c.f.msg.recipient;
  const bool cold = !c.host.access_storage(self, key);
  const uint256 current = c.host.sload(self, key);
  const uint256 original = c.host.sload_original(self, key);
  const SstoreCost cost = sstore_cost<F>(original, current, next, cold);
  if (!c.charge(cost.gas)) return c.fail(EvmStatus::OutOfGas);
  c.f.refund += cost.refund;
  if (current != next) c.host.sstore(self, key, next);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow TLOAD(C& c) {
  uint256& key = c.top();
  key = c.host.tload(c.f.msg.recipient, key);
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow TSTORE(C& c) {
  if (c.f.msg.is_static) return c.fail(EvmStatus::StaticModeViolation);
  const uint256 key = c.pop();
  const uint256 value = c.pop();
  c.host.tstore(c.f.msg.recipient, key, value);
  return Flow::Next;
}

template <int N, Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow log_n(C& c) {
  if (c.f.msg.is_static) return c.fail(EvmStatus::StaticModeViolation);
  const uint256 offset = c.pop();
  const uint256 size = c.pop();
  uint64_t off = 0, len = 0;
  if (!memory_region<F>(c, offset, size, off, len)) return Flow::Exit;
  if (!c.charge(static_cast<int64_t>(len) * schedule<F>().log_data_byte)) return c.fail(EvmStatus::OutOfGas);
  Hash topics[N > 0 ? N : 1];
  for (int i = 0; i < N; ++i) topics[i] = c.pop().to_hash();
  c.host.emit_log(c.f.msg.recipient, topics, static_cast<size_t>(N), c.f.memory + off, static_cast<size_t>(len));
  return Flow::Next;
}

template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow LOG0(C& c) {
  return log_n<0, F>(c);
}
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow LOG1(C& c) {
  return log_n<1, F>(c);
}
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow LOG2(C& c) {
  return log_n<2, F>(c);
}
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow LOG3(C& c) {
  return log_n<3, F>(c);
}
template <Fork F, class C>
WARP_HD WARP_FORCEINLINE Flow LOG4(C& c) {
  return log_n<4, F>(c);
}

}  // namespace warp::instr
