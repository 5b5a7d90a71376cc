// The node's durable state: committed accounts, storage, code, block records and the
// head, in one LMDB environment. Every block lands in one write transaction, so after a
// crash the store holds exactly the blocks whose commit returned, never part of one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"
#include "state/durable/state_diff.hpp"
#include "state/state.hpp"

// Kept out of the header so users of the store do not need <lmdb.h>.
struct MDB_env;

namespace warp {

// The last committed block and the state root after it.
struct Head {
  uint64_t number = 0;
  Hash state_root{};

  friend bool operator==(const Head&, const Head&) = default;
};

// Where a committed transaction is: its block and its index in that block.
struct TxLocation {
  uint64_t block = 0;
  uint32_t index = 0;

  friend bool operator==(const TxLocation&, const TxLocation&) = default;
};

// The lookups a block adds, written in the block's transaction: its hash (skipped when
// zero) and its transactions' hashes, in block order.
struct BlockIndex {
  Hash block_hash{};
  std::span<const Hash> tx_hashes;
};

// Tables (LMDB named databases), keys and values in a fixed binary layout, integers
// big-endian so keys sort numerically:
//   accounts: address(20)             -> nonce(8) balance(32) code_hash(32)
//   storage:  address(20) slot(32)    -> value(32), non-zero values only
//   code:     code_hash(32)           -> code, never for the empty code
//   blocks:   number(8)               -> the caller's block record, opaque
//   hashes:   block_hash(32)          -> number(8)
//   txs:      tx_hash(32)             -> number(8) index(4)
//   meta:     "head"                  -> number(8) state_root(32)
// Not shared between threads without the caller's locking (read transactions are per
// thread in LMDB), and never used across fork(): a child opens its own.
class DurableStore {
 public:
  static constexpr size_t kDefaultMapSize = size_t{1} << 36;

  // Opens, or creates (the folder too), the store in `dir`. map_size bounds the data
  // file; it is address space, not disk, until written.
  static std::variant<std::unique_ptr<DurableStore>, std::string> open(const std::filesystem::path& dir,
                                                                       size_t map_size = kDefaultMapSize);
  ~DurableStore();
  DurableStore(const DurableStore&) = delete;
  DurableStore& operator=(const DurableStore&) = delete;

  // nullopt for a store with no block yet (or one that cannot be read: commit_block
  // re-reads the head inside its own transaction, so that cannot lead to a bad commit).
  std::optional<Head> head() const;

  // The whole committed state. Errors on a row that breaks the layout above, code
  // missing or not matching its hash, or storage of an absent account.
  std::variant<State, std::string> load_state() const;

  // Applies `diff` (account changes in order, then storage rows, then codes), records the
  // block and moves the head, all in one transaction. Refused, writing nothing, unless
  // number is head + 1 (0 on an empty store), every code matches its hash, every account's
  // code is present and every non-zero storage row belongs to an account. "" on success.
  // The index rows are written in the same transaction.
  std::string commit_block(uint64_t number, const Hash& state_root, const StateDiff& diff, ByteView block_record,
                           const BlockIndex& index = {});

  // The record given to commit_block for `number`; nullopt if none.
  std::optional<Bytes> block(uint64_t number) const;
  // From the index rows of committed blocks; nullopt if none.
  std::optional<uint64_t> block_number(const Hash& block_hash) const;
  std::optional<TxLocation> tx_location(const Hash& tx_hash) const;

  // Small named values the owner keeps beside the chain (the node: the chain id it was made
  // for), in the meta table. Any name but "head". put_setting returns "" on success.
  std::optional<Bytes> setting(std::string_view name) const;
  std::string put_setting(std::string_view name, ByteView value);

 private:
  DurableStore() = default;

  MDB_env* env_ = nullptr;
  unsigned accounts_ = 0, storage_ = 0, code_ = 0, blocks_ = 0, hashes_ = 0, txs_ = 0, meta_ = 0;  // MDB_dbi
};

}  // namespace warp
