// Compile check: the portable interpreter instantiated for the device, against a trivial
// host that answers from fixed arrays. It proves kernels/evm builds under nvcc (no heap,
// no exceptions, no std:: calls in device code); the real flat-state device host comes with
// the GPU executor.
#include <cstddef>
#include <cstdint>

#include "kernels/evm/arena.hpp"
#include "kernels/evm/host_concept.hpp"
#include "kernels/evm/interpreter.hpp"

namespace warp::cuda {
namespace compile_check {

// One contract, its storage as a few fixed slots, everything else empty. Writes are kept
// but never journaled (revert_to is a no-op): enough for a compile check, not for use.
struct CompileCheckHost {
  static constexpr int kSlots = 8;
  Address contract{};
  const uint8_t* code_bytes = nullptr;
  size_t code_size = 0;
  uint256 keys[kSlots];
  uint256 values[kSlots];
  int used = 0;
  BlockContext block_ctx{};
  TxContext tx_ctx{};

  WARP_HD bool account_exists(const Address& a) { return a == contract; }
  WARP_HD bool account_is_dead(const Address& a) { return a != contract; }
  WARP_HD uint256 balance(const Address&) { return uint256{}; }
  WARP_HD uint64_t nonce(const Address& a) { return a == contract ? 1 : 0; }
  WARP_HD CodeRef code(const Address& a) {
    CodeRef r{};
    if (a == contract) {
      r.code = code_bytes;
      r.size = code_size;
    }
    return r;
  }
  WARP_HD bool create_collision(const Address& a) { return a == contract; }
  WARP_HD void set_nonce(const Address&, uint64_t) {}
  WARP_HD void transfer(const Address&, const Address&, const uint256&) {}
  WARP_HD void touch(const Address&) {}
  WARP_HD void create_account(const Address&) {}
  WARP_HD void set_code(const Address&, const uint8_t*, size_t) {}
  WARP_HD void selfdestruct(const Address&, const Address&) {}
  WARP_HD uint256 sload(const Address&, const uint256& k) {
    for (int i = 0; i < used; ++i)
      if (keys[i] == k) return values[i];
    return uint256{};
  }
  WARP_HD uint256 sload_original(const Address&, const uint256&) { return uint256{}; }
  WARP_HD void sstore(const Address&, const uint256& k, const uint256& v) {
    for (int i = 0; i < used; ++i)
      if (keys[i] == k) {
        values[i] = v;
        return;
      }
    if (used < kSlots) {
      keys[used] = k;
      values[used++] = v;
    }
  }
  WARP_HD uint256 tload(const Address&, const uint256&) { return uint256{}; }
  WARP_HD void tstore(const Address&, const uint256&, const uint256&) {}
  WARP_HD bool access_account(const Address&) { return true; }
  WARP_HD bool access_storage(const Address&, const uint256&) { return true; }
  WARP_HD void emit_log(const Address&, const Hash*, size_t, const uint8_t*, size_t) {}
  WARP_HD Hash block_hash(uint64_t) { return Hash{}; }
  WARP_HD const BlockContext& block() { return block_ctx; }
  WARP_HD const TxContext& tx() { return tx_ctx; }
  WARP_HD bool is_precompile(const Address&) { return false; }
  WARP_HD CallResult call_precompile(const Message&) {
    CallResult r;
    r.status = EvmStatus::NeedsHost;
    return r;
  }
  WARP_HD uint32_t checkpoint() { return 0; }
  WARP_HD void revert_to(uint32_t) {}
};

static_assert(EvmHost<CompileCheckHost>);

}  // namespace compile_check

namespace {
using compile_check::CompileCheckHost;

__global__ void interpreter_compile_check_kernel(const uint8_t* code, size_t code_size, ExecArena* arenas,
                                                 int64_t* gas_left, int n) {
  const int i = static_cast<int>(blockIdx.x * blockDim.x + threadIdx.x);
  if (i >= n) return;
  CompileCheckHost host;
  host.contract.bytes[19] = 1;
  host.code_bytes = code;
  host.code_size = code_size;
  Message msg;
  msg.gas = 1000000;
  msg.recipient = host.contract;
  msg.code_address = host.contract;
  const CallResult r = execute_message<Fork::Cancun>(host, msg, arenas[i]);
  gas_left[i] = r.status == EvmStatus::Success ? r.gas_left : -1;
}

}  // namespace

// Referenced so the kernel is not discarded; never called by the project.
void* interpreter_compile_check_entry() { return reinterpret_cast<void*>(&interpreter_compile_check_kernel); }

}  // namespace warp::cuda
