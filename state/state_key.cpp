// Reading one StateKey out of the in-memory State.
#include "state/state_key.hpp"

#include "state/state.hpp"

namespace warp {

StateValue base_value(const State& s, const StateKey& key) {
  switch (key.kind) {
    case KeyKind::Existence:
      return StateValue::of(s.exists(key.address) ? 1 : 0);
    case KeyKind::Balance:
      return StateValue::of(s.balance(key.address));
    case KeyKind::Nonce:
      return StateValue::of(s.nonce(key.address));
    case KeyKind::CodeHash:
      return StateValue::of_hash(s.code_hash(key.address));
    case KeyKind::StorageSlot:
      return StateValue::of(s.storage(key.address, key.slot));
  }
  return {};
}

}  // namespace warp
