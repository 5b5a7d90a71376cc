// The sequencer's transaction pool: holds signed transactions (sender recovered, hash set) per
// sender in nonce order and hands out, first come first served, those that can execute next.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "host/tx/transaction.hpp"
#include "kernels/evm/hash.hpp"

namespace warp {

enum class AddStatus : uint8_t {
  Added,                   // ready now, or held until the nonces before it arrive
  Replaced,                // took the place of the sender's transaction with the same nonce
  ReplacementUnderpriced,  // same sender and nonce, but the fees were not bumped enough
  NonceTooLow,             // nonce below the sender's committed nonce
  AlreadyKnown,            // a transaction with this hash is in the pool
  PoolFull,                // max_txs reached and this is not a replacement
  SenderFull,              // max_per_sender reached for this sender and this is not a replacement
};

// Errors are values: the RPC layer turns a non-ok result into a JSON-RPC error with `message`
// (geth's wording, which wallets and tools already recognise).
struct AddResult {
  AddStatus status = AddStatus::Added;
  std::string message;
  bool ok() const { return status == AddStatus::Added || status == AddStatus::Replaced; }
};

struct MempoolLimits {
  size_t max_txs = 10'000;
  size_t max_per_sender = 64;
};

// A replacement must raise both the fee cap and the tip cap to at least this percentage of the old
// transaction's (and strictly above them): otherwise a sender could churn the pool for free.
inline constexpr uint64_t kReplacementBumpPercent = 110;

// True when `new_tx` may replace `old_tx` (same sender and nonce) under the rule above.
bool replacement_fees_ok(const Transaction& old_tx, const Transaction& new_tx);

// Not thread-safe: the node serialises access (one lock around the pool).
class Mempool {
 public:
  using NonceOf = std::function<uint64_t(const Address&)>;

  explicit Mempool(MempoolLimits limits = {}) : limits_(limits) {}

  // account_nonce: the sender's committed nonce. Drops the sender's transactions that this nonce
  // has made stale before checking the limits.
  AddResult add(Transaction tx, uint64_t account_nonce);

  // Removes and returns up to max_txs executable transactions whose gas limits sum to at most
  // gas_limit. Only a sender's transactions that continue without a gap from its account nonce
  // are executable. Across senders the order is by arrival of each sender's next executable
  // transaction; within a sender, by nonce. A transaction that does not fit the remaining gas
  // ends its sender's turn (later nonces could not run without it); other senders continue.
  std::vector<Transaction> take_ready(size_t max_txs, uint64_t gas_limit, const NonceOf& account_nonce);

  // After a block: drops every transaction whose nonce is below its sender's nonce now.
  void on_block_committed(const NonceOf& account_nonce);

  size_t size() const { return by_hash_.size(); }
  bool contains(const Hash& hash) const { return by_hash_.count(hash) != 0; }
  std::optional<Transaction> find(const Hash& hash) const;
  // Transactions held for this sender, executable or waiting for a gap to fill.
  size_t pending_for(const Address& sender) const;
  // The first nonce at or after account_nonce that the sender has no transaction for here.
  uint64_t next_nonce(const Address& sender, uint64_t account_nonce) const;

 private:
  struct Entry {
    Transaction tx;
    uint64_t seq;  // global arrival order, for first come first served across senders
  };
  struct AddressHasher {
    size_t operator()(const Address& a) const noexcept;
  };
  struct HashHasher {
    size_t operator()(const Hash& h) const noexcept;
  };
  using SenderTxs = std::map<uint64_t, Entry>;  // by nonce

  // Drops the sender's transactions with nonce < nonce; erases the sender when none remain.
  void drop_below(const Address& sender, uint64_t nonce);

  MempoolLimits limits_;
  uint64_t next_seq_ = 0;
  std::unordered_map<Address, SenderTxs, AddressHasher> by_sender_;
  struct Slot {
    Address sender;
    uint64_t nonce;
  };
  std::unordered_map<Hash, Slot, HashHasher> by_hash_;
};

}  // namespace warp
