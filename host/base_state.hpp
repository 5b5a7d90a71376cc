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

// A State that does not change while this object reads it: apply_transaction builds one per
// transaction and stops reading before it finalizes. The host asks field by field, usually for
// one account several times in a row: the last account found is kept (a State's accounts do
// not move while it is unchanged), so that costs one lookup, not four.
class StateBase final : public BaseState {
 public:
  StateBase(const State& state, CodeCache& codes) : state_(state), codes_(codes) {}

  bool exists(const Address& a) override { return find(a) != nullptr; }
  uint64_t nonce(const Address& a) override { return find(a)->nonce; }
  uint256 balance(const Address& a) override { return find(a)->balance; }
  CodePtr code(const Address& a) override {
    const Account* acc = find(a);
    return codes_.get(acc->code_hash, acc->code);
  }
  bool has_storage(const Address& a) override {
    const Account* acc = find(a);
    return acc != nullptr && !acc->storage.empty();
  }
  uint256 storage(const Address& a, const uint256& key) override { return state_.storage(a, key); }

 private:
  const Account* find(const Address& a) {
    if (!has_last_ || a != last_address_) {
      last_ = state_.find(a);
      last_address_ = a;
      has_last_ = true;
    }
    return last_;
  }

  const State& state_;
  CodeCache& codes_;
  bool has_last_ = false;
  Address last_address_{};
  const Account* last_ = nullptr;
};

}  // namespace warp
