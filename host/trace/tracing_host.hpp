// An EvmHost that runs a transaction through an EvmStateHost and records its CallTrace: it
// forwards every host call and declares the interpreter's tracing hooks
// (kernels/evm/trace_hooks.hpp). Only `warpevm analyze` uses it (run_transaction's `trace`
// argument); the executors' hosts declare no hooks and pay nothing for them.
#pragma once

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "host/evm_state_host.hpp"
#include "host/trace/call_trace.hpp"
#include "kernels/evm/host_concept.hpp"
#include "kernels/evm/trace_hooks.hpp"

namespace warp {

class TracingHost {
 public:
  TracingHost(EvmStateHost& inner, CallTrace& out) : inner_(inner), out_(out) {}

  // ---- tracing hooks ----
  void trace_enter(const Message& m);
  void trace_exit(const CallResult& r);
  void trace_step(uint64_t pc, uint8_t op, int64_t gas);
  // Frames still open (an abandoned run) are left with ended == false; loops sorted.
  void finish();

  // ---- EvmHost, forwarded; storage reads are recorded ----
  bool account_exists(const Address& a) { return inner_.account_exists(a); }
  bool account_is_dead(const Address& a) { return inner_.account_is_dead(a); }
  uint256 balance(const Address& a) { return inner_.balance(a); }
  uint64_t nonce(const Address& a) { return inner_.nonce(a); }
  CodeRef code(const Address& a) { return inner_.code(a); }
  bool create_collision(const Address& a) { return inner_.create_collision(a); }
  void set_nonce(const Address& a, uint64_t n) { inner_.set_nonce(a, n); }
  void transfer(const Address& a, const Address& b, const uint256& v) { inner_.transfer(a, b, v); }
  void touch(const Address& a) { inner_.touch(a); }
  void create_account(const Address& a) { inner_.create_account(a); }
  void set_code(const Address& a, const uint8_t* data, size_t size) { inner_.set_code(a, data, size); }
  void selfdestruct(const Address& a, const Address& b) { inner_.selfdestruct(a, b); }
  // SLOAD reads through here; so does SSTORE (for its gas), before it writes: which of the
  // two is running tells a read from a write, and a write is recorded even when it leaves
  // the value as it was (the host is not asked to store then).
  uint256 sload(const Address& a, const uint256& key);
  uint256 sload_original(const Address& a, const uint256& key) { return inner_.sload_original(a, key); }
  void sstore(const Address& a, const uint256& key, const uint256& v) { inner_.sstore(a, key, v); }
  uint256 tload(const Address& a, const uint256& key) { return inner_.tload(a, key); }
  void tstore(const Address& a, const uint256& key, const uint256& v) { inner_.tstore(a, key, v); }
  bool access_account(const Address& a) { return inner_.access_account(a); }
  bool access_storage(const Address& a, const uint256& key) { return inner_.access_storage(a, key); }
  void emit_log(const Address& a, const Hash* topics, size_t n, const uint8_t* data, size_t size) {
    inner_.emit_log(a, topics, n, data, size);
  }
  Hash block_hash(uint64_t number) { return inner_.block_hash(number); }
  const BlockContext& block() const { return inner_.block(); }
  const TxContext& tx() const { return inner_.tx(); }
  bool is_precompile(const Address& a) const { return inner_.is_precompile(a); }
  CallResult call_precompile(const Message& m) { return inner_.call_precompile(m); }
  uint32_t checkpoint() const { return inner_.checkpoint(); }
  void revert_to(uint32_t cp) { inner_.revert_to(cp); }

 private:
  struct Open {
    int32_t frame = 0;
    uint8_t last_op = 0;  // the frame's previous instruction, to see a jump taken backwards
    uint64_t last_pc = 0;
    bool stepped = false;
  };

  EvmStateHost& inner_;
  CallTrace& out_;
  std::vector<Open> open_;
  std::map<std::pair<int32_t, uint64_t>, size_t> loop_index_;  // (frame, head pc) -> out_.loops
};

static_assert(EvmHost<TracingHost>);
static_assert(TracesMessages<TracingHost> && TracesSteps<TracingHost>);

}  // namespace warp
