// What one block changed in the world state, in the shape the durable store writes it:
// whole account headers, single storage rows, and new code blobs.
#pragma once

#include <optional>
#include <utility>
#include <vector>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/bytes.hpp"
#include "state/state.hpp"

namespace warp {

// An account without its code and storage: those live in their own tables.
struct AccountFields {
  uint64_t nonce = 0;
  uint256 balance{};
  Hash code_hash = kEmptyCodeHash;

  friend bool operator==(const AccountFields&, const AccountFields&) = default;
};

struct AccountChange {
  Address address{};
  // nullopt: the account is gone, and with it every storage row it had.
  std::optional<AccountFields> fields;
};

struct StorageChange {
  Address address{};
  uint256 slot{};
  uint256 value{};  // zero removes the row
};

struct StateDiff {
  std::vector<AccountChange> accounts;
  // Rows of deleted accounts need not (and from diff_states do not) appear here: the
  // account delete wipes them.
  std::vector<StorageChange> storage;
  // Code hash -> code. Code rows are content-addressed and shared, so never deleted.
  std::vector<std::pair<Hash, Bytes>> codes;

  bool empty() const { return accounts.empty() && storage.empty() && codes.empty(); }
};

// The changes that turn `before` into `after`: accounts added, changed or removed;
// storage rows added, changed or zeroed in accounts that exist in `after`; and the code
// of every account whose code hash is new to it (empty code is never stored).
StateDiff diff_states(const State& before, const State& after);

// The same diff from the accounts a block touched (State::record_before_images) and the state
// after it: costs the touched accounts, not the whole state.
StateDiff diff_touched(const State::BeforeImages& before, const State& after);

}  // namespace warp
