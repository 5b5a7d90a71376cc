// The parallel executor's BaseState: what transaction `tx` sees below it in the multi-version
// memory (the writes of lower transactions, else the pre-state), every read recorded in a
// ReadSet for validation. A read that hits an ESTIMATE marks the run blocked; from then on
// every read answers zero, so the interpreter ends quickly (gas bounds it) and the executor
// throws the run away. No exception crosses the interpreter.
#pragma once

#include "host/base_state.hpp"
#include "host/block_codes.hpp"
#include "host/code_cache.hpp"
#include "state/mv_memory.hpp"
#include "state/rw_set.hpp"
#include "state/state.hpp"
#include "state/tx_version.hpp"

namespace warp {

class MvBaseState final : public BaseState {
 public:
  // `pre_state` is the State `mv` was built over. `codes` is the worker's own cache.
  MvBaseState(const MVMemory& mv, const State& pre_state, TxIndex tx, const BlockCodes& block_codes,
              CodeCache& codes)
      : mv_(mv), pre_state_(pre_state), tx_(tx), block_codes_(block_codes), codes_(codes) {
    reads_.reserve(16);  // a token transfer reads about 10 keys: one allocation, not four
  }

  bool exists(const Address& a) override { return !read(StateKey::existence(a)).word.is_zero(); }
  uint64_t nonce(const Address& a) override { return read(StateKey::nonce(a)).word.low64(); }
  uint256 balance(const Address& a) override { return read(StateKey::balance(a)).word; }
  CodePtr code(const Address& a) override;
  // EIP-7610 from the pre-state only: storage written in the block belongs to an account
  // with code or a non-zero nonce, which collides anyway.
  bool has_storage(const Address& a) override;
  uint256 storage(const Address& a, const uint256& key) override { return read(StateKey::storage(a, key)).word; }

  bool blocked() const { return blocked_; }
  TxIndex blocker() const { return blocker_; }
  ReadSet& reads() { return reads_; }
  // A code hash with no code behind it was read (a bug if ever true): the run cannot be trusted.
  bool inconsistent() const { return inconsistent_; }

 private:
  StateValue read(const StateKey& key);

  const MVMemory& mv_;
  const State& pre_state_;
  TxIndex tx_;
  const BlockCodes& block_codes_;
  CodeCache& codes_;
  ReadSet reads_;
  bool blocked_ = false;
  TxIndex blocker_ = 0;
  bool last_from_pre_state_ = false;
  bool inconsistent_ = false;
};

}  // namespace warp
