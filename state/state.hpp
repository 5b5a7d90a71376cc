// The in-memory world state: accounts by address, and its Merkle-Patricia state root.
// Plain host containers; the executors read it through views, the GPU through flat copies.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <unordered_map>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/account.hpp"
#include "state/bytes.hpp"
#include "state/trie.hpp"

namespace warp {

class State {
 public:
  using Accounts = std::unordered_map<Address, Account, AddressHasher>;
  // Accounts as they were before their first change since recording began; nullopt: absent.
  using BeforeImages = std::unordered_map<Address, std::optional<Account>, AddressHasher>;

  // ---- before-images: what a block changed, without a copy of the whole state ----------
  // While `images` is set, the first call of a mutator below for an address (find included,
  // since it hands out a mutable account) saves that account's prior value there. The node
  // diffs and, when a block cannot be stored, restores exactly those accounts. Every writer of
  // a State (executors' commits, finalize) runs on one thread, so no locking is needed.
  void record_before_images(BeforeImages* images) { before_ = images; }

  // Copies carry the accounts, never the recording or the root cache (a copy is a different
  // state, and hashes from scratch); a move takes the root cache along.
  State();
  ~State();
  State(const State& o);
  State(State&& o) noexcept;
  State& operator=(const State& o);
  State& operator=(State&& o) noexcept;

  // ---- incremental root: the node's state lives across blocks --------------------------
  // From now on state_root() keeps its tries (state/incremental_trie.hpp) and re-hashes only
  // the accounts changed since the last call: every mutator below marks its address. Off by
  // default: a state hashed once (a test, one benchmark block) gains nothing from it.
  // With it on, state_root() must not run concurrently with itself.
  void enable_incremental_root();
  // Puts every recorded account back as it was.
  void restore(const BeforeImages& images);

  // ---- whole accounts -----------------------------------------------------------
  bool exists(const Address& a) const { return accounts_.count(a) != 0; }
  const Account* find(const Address& a) const;
  Account* find(const Address& a);
  // The account at `a`, created empty if absent. Editing code through it bypasses the
  // code-hash bookkeeping: use set_code for that.
  Account& get_or_create(const Address& a) {
    note(a);
    return accounts_[a];
  }
  void erase(const Address& a) {
    note(a);
    accounts_.erase(a);
  }
  const Accounts& accounts() const { return accounts_; }
  size_t size() const { return accounts_.size(); }

  // ---- fields; getters give zero / empty for an absent account, setters create it --
  uint256 balance(const Address& a) const;
  void set_balance(const Address& a, const uint256& v) {
    note(a);
    accounts_[a].balance = v;
  }

  uint64_t nonce(const Address& a) const;
  void set_nonce(const Address& a, uint64_t v) {
    note(a);
    accounts_[a].nonce = v;
  }

  ByteView code(const Address& a) const;
  // All-zero for an absent account (what EXTCODEHASH pushes for it), else keccak256(code).
  Hash code_hash(const Address& a) const;
  void set_code(const Address& a, Bytes code);

  uint256 storage(const Address& a, const uint256& slot) const;
  // Writing zero removes the slot (and does not create an absent account).
  void set_storage(const Address& a, const uint256& slot, const uint256& value);

  // ---- commitment -----------------------------------------------------------------
  // Secure trie of address -> rlp([nonce, balance, storageRoot, codeHash]); each storage
  // root is the secure trie of slot -> rlp(value without leading zero bytes). Every
  // present account counts, empty or not (removing EIP-161 empty accounts is the
  // executor's job). All storage tries are hashed together, level by level, then the
  // account trie: see trie_roots().
  Hash state_root(const BatchHasher& hasher = cpu_batch_hasher()) const;

 private:
  void note(const Address& a) {
    if (before_) note_slow(a);
    if (root_cache_) mark_dirty(a);
  }
  void note_slow(const Address& a);
  void mark_dirty(const Address& a);
  Hash full_state_root(const BatchHasher& hasher) const;
  Hash incremental_state_root(const BatchHasher& hasher) const;

  struct RootCache;
  Accounts accounts_;
  BeforeImages* before_ = nullptr;
  mutable std::unique_ptr<RootCache> root_cache_;
};

}  // namespace warp
