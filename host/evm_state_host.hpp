// Every executor's EvmHost: a journaled overlay for ONE transaction over a BaseState (a State
// for the sequential executor, the multi-version memory for the parallel one). Base values
// are read field by field, only when needed, and cached; every change goes to the overlay
// and is journaled (old value first), so revert_to() can undo a failed frame exactly.
// Nothing below is touched until the end: finalize(State&) applies the surviving changes and
// the end-of-transaction deletions (EIP-6780 self-destructs, EIP-161 touched dead accounts),
// emit_writes(WriteSet&) states the same as writes for the multi-version memory.
//
// Balance credits to an account whose balance was never read stay a pending amount
// (`credit`), emitted as a commutative Delta write: fee payments to the coinbase and plain
// value transfers to one recipient then do not conflict with each other (DESIGN.md section 4).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>
#include <vector>

#include "host/code_cache.hpp"
#include "host/log.hpp"
#include "kernels/evm/block_context.hpp"
#include "kernels/evm/code.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/message.hpp"
#include "kernels/evm/uint256.hpp"
#include "host/base_state.hpp"
#include "state/account.hpp"
#include "state/bytes.hpp"
#include "state/rw_set.hpp"
#include "state/state.hpp"

namespace warp {

// BLOCKHASH source for numbers inside the 256-block window (the interpreter checks it).
using BlockHashFn = std::function<Hash(uint64_t number)>;

class EvmStateHost {
 public:
  // `base` must outlive the host; `tx` may be set later (set_tx_context), before execution.
  EvmStateHost(BaseState& base, const BlockContext& block, const TxContext& tx, Fork fork, CodeCache& codes,
               BlockHashFn block_hash);

  // ---- EvmHost (kernels/evm/host_concept.hpp) -------------------------------------
  bool account_exists(const Address& a);
  bool account_is_dead(const Address& a);
  uint256 balance(const Address& a);
  uint64_t nonce(const Address& a);
  CodeRef code(const Address& a);
  bool create_collision(const Address& a);
  void set_nonce(const Address& a, uint64_t nonce);
  void transfer(const Address& from, const Address& to, const uint256& value);
  void touch(const Address& a);
  void create_account(const Address& a);
  void set_code(const Address& a, const uint8_t* data, size_t size);
  void selfdestruct(const Address& a, const Address& beneficiary);

  uint256 sload(const Address& a, const uint256& key);
  uint256 sload_original(const Address& a, const uint256& key);
  void sstore(const Address& a, const uint256& key, const uint256& value);
  uint256 tload(const Address& a, const uint256& key);
  void tstore(const Address& a, const uint256& key, const uint256& value);

  bool access_account(const Address& a);
  bool access_storage(const Address& a, const uint256& key);

  void emit_log(const Address& a, const Hash* topics, size_t topic_count, const uint8_t* data, size_t size);
  Hash block_hash(uint64_t number) { return block_hash_ ? block_hash_(number) : Hash{}; }
  const BlockContext& block() const { return block_; }
  const TxContext& tx() const { return tx_; }
  // The transaction context is known only after validation (the gas price), which reads state.
  void set_tx_context(const TxContext& tx) { tx_ = tx; }

  bool is_precompile(const Address& a) const;
  CallResult call_precompile(const Message& msg);

  uint32_t checkpoint() const { return static_cast<uint32_t>(journal_.size()); }
  void revert_to(uint32_t checkpoint);

  // ---- for the transition function ----------------------------------------------------
  void add_balance(const Address& a, const uint256& v);  // touches `a`
  void sub_balance(const Address& a, const uint256& v);  // caller checked the balance
  const std::vector<Log>& logs() const { return logs_; }
  // Name of the first precompile that could not run (not built): the transaction's result
  // is then unknown, and the caller must report it rather than a state.
  const char* unsupported_precompile() const { return unsupported_precompile_; }

  // Applies the overlay to `state` (the State the base reads) and deletes self-destructed
  // and touched dead accounts. The host is spent afterwards.
  void finalize(State& state);
  // The same outcome as writes: only what changed, balance credits on unread balances as
  // deltas, a new account with every field, a deleted one as Existence = 0 (if it existed
  // below). New code goes out through `publish_code` before the writes are published. It may
  // still read the base (is a touched account dead?): check the base for a blocked read after.
  void emit_writes(WriteSet& out, const std::function<void(const CodePtr&)>& publish_code);

 private:
  // Which fields the overlay has a value for; the others are still the base's.
  enum : uint8_t { kNonce = 1, kBalance = 2, kCode = 4 };

  // The base's values, read once each on first need and never changed (not journaled: a
  // revert cannot un-read them).
  struct BaseFields {
    uint8_t loaded = 0;
    uint64_t nonce = 0;
    uint256 balance{};
    CodePtr code;
  };
  // The fields journaled as one unit (any change records the whole old value).
  struct Fields {
    bool exists = false;  // present (possibly empty)
    uint8_t set = 0;      // kNonce | kBalance | kCode: the field below holds the value
    uint64_t nonce = 0;
    uint256 balance{};
    uint256 credit{};  // added to the unread base balance (only while !(set & kBalance))
    CodePtr code;
    bool created = false;     // by CREATE/CREATE2 in this transaction (EIP-6780)
    bool destructed = false;  // SELFDESTRUCT of an account created in this transaction
  };
  struct Slot {
    uint256 original{};  // at the start of the transaction
    uint256 current{};
  };
  struct Account {
    bool base_exists = false;
    BaseFields base;
    Fields f;
    bool touched = false;
    std::unordered_map<uint256, Slot, WordHasher> slots;
  };
  struct SlotKey {
    Address address;
    uint256 key;
    friend bool operator==(const SlotKey&, const SlotKey&) = default;
  };
  struct SlotKeyHasher {
    size_t operator()(const SlotKey& k) const noexcept {
      return AddressHasher{}(k.address) ^ (WordHasher{}(k.key) * 0x9e3779b97f4a7c15ull);
    }
  };

  // Journal entries: each records what to restore.
  struct FieldsChange {
    Address a;
    Fields old;
  };
  struct StorageChange {
    Address a;
    uint256 key;
    uint256 old;
  };
  struct TransientChange {
    Address a;
    uint256 key;
    uint256 old;
  };
  struct Touched {
    Address a;
  };
  struct WarmAccount {
    Address a;
  };
  struct WarmSlot {
    Address a;
    uint256 key;
  };
  struct LogAdded {};
  using Entry = std::variant<FieldsChange, StorageChange, TransientChange, Touched, WarmAccount, WarmSlot, LogAdded>;

  Account& load(const Address& a);
  Slot& load_slot(Account& acc, const Address& a, const uint256& key);
  Fields& edit(const Address& a, Account& acc);  // journals the fields, returns them to change
  void mark_touched(const Address& a, Account& acc);
  // Current field values, reading the base on first need.
  uint64_t nonce_of(const Address& a, Account& acc);
  uint256 balance_of(const Address& a, Account& acc);
  const CodePtr& code_of(const Address& a, Account& acc);
  bool is_dead(const Address& a, Account& acc);
  // The surviving outcome of one account: erased (destructed, or touched and dead), or not.
  bool erased(const Address& a, Account& acc);

  BaseState& base_;
  const BlockContext& block_;
  TxContext tx_;
  Fork fork_;
  CodeCache& codes_;
  BlockHashFn block_hash_;

  std::unordered_map<Address, Account, AddressHasher> accounts_;
  std::unordered_map<SlotKey, uint256, SlotKeyHasher> transient_;
  std::unordered_set<Address, AddressHasher> warm_accounts_;
  std::unordered_set<SlotKey, SlotKeyHasher> warm_slots_;
  std::vector<Log> logs_;
  std::vector<Entry> journal_;
  Bytes precompile_output_;  // CallResult::output of the last precompile call
  const char* unsupported_precompile_ = nullptr;
};

}  // namespace warp
