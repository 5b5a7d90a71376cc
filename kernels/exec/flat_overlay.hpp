// The working memory of one transaction on the device: what FlatHost has read from the flat
// snapshot and what the transaction changed, in fixed-size arrays searched linearly (a
// transaction touches a handful of accounts and slots). It lives in a per-thread slice of a
// preallocated buffer, not on the thread's stack, so the kernel's stack stays small.
// Running out of any array ends the run with NeedsHost(Overlay).
#pragma once

#include <cstdint>
#include <type_traits>

#include "kernels/evm/code.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/flat/flat_view.hpp"

namespace warp {

// Which fields the overlay holds a value for (the others are still the base's).
enum : uint8_t { kOvNonce = 1, kOvBalance = 2, kOvCode = 4 };

// The fields journaled as one unit: any change records the whole old value.
struct OvFields {
  uint8_t exists = 0;
  uint8_t set = 0;         // kOvNonce | kOvBalance | kOvCode
  uint8_t created = 0;     // by CREATE/CREATE2 in this transaction (EIP-6780)
  uint8_t destructed = 0;  // SELFDESTRUCT of an account created in this transaction
  uint32_t code = 0;       // with kOvCode: 0 = no code, k = TxOutcome::codes[k - 1]
  uint64_t nonce = 0;
  uint256 balance{};
  uint256 credit{};  // added to the unread base balance (only while !(set & kOvBalance))
};

struct OvAccount {
  Address address{};
  uint8_t base_exists = 0;
  uint8_t base_loaded = 0;  // kOvNonce | kOvBalance | kOvCode: read from the snapshot
  uint8_t touched = 0;
  uint8_t pad = 0;
  const FlatAccount* flat = nullptr;  // the snapshot's entry (null: absent)
  uint64_t base_nonce = 0;
  uint256 base_balance{};
  CodeRef base_code{};
  OvFields f;
};

struct OvSlot {
  uint32_t account = 0;  // index into FlatOverlay::accounts
  uint32_t pad = 0;
  uint256 key{};
  uint256 original{};  // at the start of the transaction
  uint256 current{};
};

struct OvTransient {
  Address address{};
  uint32_t pad = 0;
  uint256 key{};
  uint256 value{};
};

struct OvWarmSlot {
  Address address{};
  uint32_t pad = 0;
  uint256 key{};
};

enum class OvChange : uint8_t { Fields, Slot, Transient, Touched, WarmAccount, WarmSlot, Log, Code };

// One journal entry: what to restore. Warm keys, logs and codes are appended in order and
// popped in reverse, so their entries need no payload.
struct OvJournal {
  OvChange kind = OvChange::Fields;
  uint8_t pad[3] = {0, 0, 0};
  uint32_t index = 0;  // account (Fields, Touched), slot (Slot) or transient entry
  OvFields old_fields;
  uint256 old_value{};
};

struct FlatOverlay {
  static constexpr uint32_t kAccounts = 32;
  static constexpr uint32_t kSlots = 64;
  static constexpr uint32_t kTransient = 16;
  static constexpr uint32_t kWarmAccounts = 48;
  static constexpr uint32_t kWarmSlots = 96;
  static constexpr uint32_t kJournal = 256;

  uint32_t account_count = 0;
  uint32_t slot_count = 0;
  uint32_t transient_count = 0;
  uint32_t warm_account_count = 0;
  uint32_t warm_slot_count = 0;
  uint32_t journal_count = 0;
  // One spare entry each: where a run that overflowed keeps writing until it ends (its
  // outcome is discarded, NeedsHost).
  OvAccount accounts[kAccounts + 1];
  OvSlot slots[kSlots + 1];
  OvTransient transient[kTransient + 1];
  Address warm_accounts[kWarmAccounts];
  OvWarmSlot warm_slots[kWarmSlots];
  OvJournal journal[kJournal];
};
static_assert(std::is_trivially_copyable_v<FlatOverlay>);

}  // namespace warp
