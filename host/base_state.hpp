// Where a transaction's EvmStateHost reads the values the transaction has not changed yet
// (DESIGN.md section 4). Field by field, so that a parallel executor records in the read
// set exactly the keys a transaction depended on: a host that only credits an account never
// reads its balance, and the credit stays a commutative delta.
//
// Two implementations: StateBase (the sequential executor: a plain State) and MvBaseState
// (the parallel executor: the multi-version memory, host/mv_base_state.hpp).
#pragma once

#include <cstdint>

#include "host/code_cache.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/state.hpp"

namespace warp {

class BaseState {
 public:
  virtual ~BaseState() = default;
  virtual bool exists(const Address& a) = 0;
  // The next three are asked only for an account that exists.
  virtual uint64_t nonce(const Address& a) = 0;
  virtual uint256 balance(const Address& a) = 0;
  virtual CodePtr code(const Address& a) = 0;  // never null
  // EIP-7610: the account holds storage, so a creation at its address collides.
  virtual bool has_storage(const Address& a) = 0;
  virtual uint256 storage(const Address& a, const uint256& key) = 0;
};

// A State that does not change while the host reads it.
class StateBase final : public BaseState {
 public:
  StateBase(const State& state, CodeCache& codes) : state_(state), codes_(codes) {}

  bool exists(const Address& a) override { return state_.find(a) != nullptr; }
  uint64_t nonce(const Address& a) override { return state_.find(a)->nonce; }
  uint256 balance(const Address& a) override { return state_.find(a)->balance; }
  CodePtr code(const Address& a) override {
    const Account* acc = state_.find(a);
    return codes_.get(acc->code_hash, acc->code);
  }
  bool has_storage(const Address& a) override {
    const Account* acc = state_.find(a);
    return acc != nullptr && !acc->storage.empty();
  }
  uint256 storage(const Address& a, const uint256& key) override { return state_.storage(a, key); }

 private:
  const State& state_;
  CodeCache& codes_;
};

}  // namespace warp
