// Optional tracing hooks of the interpreter. A host that declares them is told when each
// message begins and ends and before each instruction; a host that does not (every executor's
// host) compiles to exactly the code it had before: the checks are `if constexpr` on the
// host type, so the hot loop carries no branch for tracing. `warpevm analyze` traces through
// host/trace/tracing_host.hpp.
#pragma once

#include <cstdint>

#include "message.hpp"
#include "platform.hpp"

namespace warp {

// Message begins (before any state change for it) and ends (its result, after the journal
// revert of a failure). Every begin has exactly one end, also for messages that run no code
// (precompiles, accounts without code, failed creates).
template <class H>
concept TracesMessages = requires(H& h, const Message& m, const CallResult& r) {
  h.trace_enter(m);
  h.trace_exit(r);
};

// Before the instruction at `pc` (opcode `op`) runs, with the frame's gas before its charge.
template <class H>
concept TracesSteps = requires(H& h, uint64_t pc, uint8_t op, int64_t gas) {
  h.trace_step(pc, op, gas);
};

namespace interp {

template <class Host>
WARP_HD WARP_FORCEINLINE void trace_enter(Host& host, const Message& m) {
  if constexpr (TracesMessages<Host>) host.trace_enter(m);
}

template <class Host>
WARP_HD WARP_FORCEINLINE void trace_exit(Host& host, const CallResult& r) {
  if constexpr (TracesMessages<Host>) host.trace_exit(r);
}

}  // namespace interp

}  // namespace warp
