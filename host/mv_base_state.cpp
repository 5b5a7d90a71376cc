#include "host/mv_base_state.hpp"

#include "state/account.hpp"

namespace warp {

StateValue MvBaseState::read(const StateKey& key) {
  last_from_pre_state_ = false;
  if (blocked_) return {};
  const ObservedRead o = mv_.observe(key, tx_);
  if (o.blocked) {
    blocked_ = true;
    blocker_ = o.blocker;
    return {};
  }
  reads_.add(o.entry);
  last_from_pre_state_ = o.entry.origin == ReadOrigin::PreState;
  return o.entry.value;
}

CodePtr MvBaseState::code(const Address& a) {
  const Hash hash = read(StateKey::code_hash(a)).as_hash();
  // All-zero: the base value for an account absent from the pre-state and created in the
  // block without code (a plain credit writes the empty-code hash, but stay safe).
  if (hash == Hash{} || hash == kEmptyCodeHash) return empty_code_entry();
  if (last_from_pre_state_) return codes_.get(hash, pre_state_.code(a));
  if (CodePtr c = block_codes_.find(hash)) return c;
  // Code a lower transaction installed is published before its writes, so this is the
  // pre-state's code for the account written back unchanged by a lower transaction.
  if (pre_state_.code_hash(a) == hash) return codes_.get(hash, pre_state_.code(a));
  // Unreachable by construction. Never guess: the executor redoes the block sequentially.
  if (!blocked_) inconsistent_ = true;
  return empty_code_entry();
}

bool MvBaseState::has_storage(const Address& a) {
  const Account* acc = pre_state_.find(a);
  return acc != nullptr && !acc->storage.empty();
}

}  // namespace warp
