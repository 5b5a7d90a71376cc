// Host side of the flat snapshot (state/flat/flat_view.hpp): builds the arrays from a State
// and keeps them in step with it while an executor commits, recording which entries changed
// so that a device copy is refreshed with only those (DESIGN.md section 3).
#pragma once

#include <cstdint>
#include <cstring>
#include <unordered_map>
#include <vector>

#include "kernels/evm/hash.hpp"
#include "kernels/evm/uint256.hpp"
#include "state/account.hpp"
#include "state/flat/flat_view.hpp"
#include "state/state.hpp"

namespace warp {

class FlatState {
 public:
  // What changed since the last clear_dirty(): entry indices (each at most once) and the
  // first byte appended to the code and bitmap blobs. After a rebuild (generation() moved)
  // everything is new and the lists are empty.
  struct Dirty {
    std::vector<uint64_t> accounts;
    std::vector<uint64_t> slots;
    uint64_t code_from = 0;
    uint64_t jumpdests_from = 0;
  };

  // Replaces the arrays with a copy of `state`, in parallel (oneTBB, in the caller's arena).
  // Both tables get room for growth (load at most 1/2 now, and well below after updates).
  void build(const State& state);

  // Refreshes the entry of `a` from `state` after a commit changed it: inserted, updated or
  // deleted (absent from `state`). New code is appended to the blobs once per code hash.
  void update_account(const State& state, const Address& a);
  // Refreshes the entry of slot (a, key) from `state` (a zero value stays as an entry).
  void update_slot(const State& state, const Address& a, const uint256& key);

  // True when incremental updates can no longer keep the arrays right or fast: a table
  // passed its load limit, or an account that held storage was deleted (its slots would
  // linger). The owner then calls build() again.
  bool needs_rebuild() const { return needs_rebuild_; }

  FlatView view() const;                               // over the host arrays; invalidated by the next update or build
  uint64_t generation() const { return generation_; }  // +1 per build()
  const Dirty& dirty() const { return dirty_; }
  void clear_dirty();

  const std::vector<FlatAccount>& accounts() const { return accounts_; }
  const std::vector<FlatSlot>& slots() const { return slots_; }
  const std::vector<uint8_t>& code() const { return code_; }
  const std::vector<uint8_t>& jumpdests() const { return jumpdests_; }
  size_t account_count() const { return account_count_; }
  size_t slot_count() const { return slot_count_; }

 private:
  struct CodeHashHasher {
    size_t operator()(const Hash& h) const noexcept {
      size_t v;  // a Keccak output: any 8 bytes are uniformly distributed already
      std::memcpy(&v, h.bytes, sizeof(v));
      return v;
    }
  };
  struct CodeLocation {
    uint64_t code_offset = 0;
    uint64_t jumpdest_offset = 0;
  };

  // Smallest table: a FlatState that was never built still gives a valid (empty) view.
  static constexpr size_t kMinCapacity = 16;

  uint64_t find_or_insert_account(const Address& a);
  CodeLocation place_code(const Hash& hash, const Bytes& code);
  void mark_account(uint64_t i);
  void mark_slot(uint64_t i);

  std::vector<FlatAccount> accounts_ = std::vector<FlatAccount>(kMinCapacity);
  std::vector<FlatSlot> slots_ = std::vector<FlatSlot>(kMinCapacity);
  std::vector<uint8_t> code_;
  std::vector<uint8_t> jumpdests_;
  std::unordered_map<Hash, CodeLocation, CodeHashHasher> code_index_;
  size_t account_count_ = 0;  // used entries
  size_t slot_count_ = 0;
  size_t account_tombstones_ = 0;
  size_t slot_tombstones_ = 0;
  bool needs_rebuild_ = false;
  uint64_t generation_ = 0;
  Dirty dirty_;
  std::vector<uint8_t> account_marked_ = std::vector<uint8_t>(kMinCapacity);  // per entry: in dirty_.accounts
  std::vector<uint8_t> slot_marked_ = std::vector<uint8_t>(kMinCapacity);
};

}  // namespace warp
