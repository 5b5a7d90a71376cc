// The sequential executor's EvmHost: a journaled overlay over `State` for ONE transaction.
// Reads fall through to the State and are cached; every change goes to the overlay and is
// journaled (old value first), so revert_to() can undo a failed frame exactly. The State is
// not touched until finalize(), which applies the surviving changes and the end-of-
// transaction deletions (EIP-6780 self-destructs, EIP-161 touched dead accounts).
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
#include "state/account.hpp"
#include "state/bytes.hpp"
#include "state/state.hpp"

namespace warp {

// BLOCKHASH source for numbers inside the 256-block window (the interpreter checks it).
using BlockHashFn = std::function<Hash(uint64_t number)>;

class EvmStateHost {
 public:
  EvmStateHost(const State& state, const BlockContext& block, const TxContext& tx, Fork fork, CodeCache& codes,
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

  // Applies the overlay to `state` (which must be the State given to the constructor) and
  // deletes self-destructed and touched dead accounts. The host is spent afterwards.
  void finalize(State& state);

 private:
  // The fields journaled as one unit (any change records the whole old value).
  struct Fields {
    bool exists = false;  // present in the state (possibly empty)
    uint64_t nonce = 0;
    uint256 balance{};
    CodePtr code;             // never null
    bool created = false;     // by CREATE/CREATE2 in this transaction (EIP-6780)
    bool destructed = false;  // SELFDESTRUCT of an account created in this transaction
  };
  struct Slot {
    uint256 original{};  // at the start of the transaction
    uint256 current{};
  };
  struct Account {
    Fields f;
    bool touched = false;
    bool has_committed_storage = false;  // the State holds storage for it (EIP-7610)
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

  const State& state_;
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
