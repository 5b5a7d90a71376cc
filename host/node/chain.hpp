// The node's chain: the latest world state in memory, the durable store under it, and block
// production. A block is executed by any BlockExecutor, then written to the store in one LMDB
// transaction; only then does anything a reader can see move forward. So every block a
// client was ever shown survives a crash, and a failed write leaves the chain as it was.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "host/executor/block_executor.hpp"
#include "host/node/block_header.hpp"
#include "host/node/stored_block.hpp"
#include "host/transition.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "state/durable/durable_store.hpp"
#include "state/state.hpp"

namespace warp {

struct ChainConfig {
  uint64_t chain_id = 31337;
  uint64_t gas_limit = 30'000'000;
  Address coinbase{};
  uint256 genesis_base_fee = uint256(1'000'000'000);
  uint64_t genesis_timestamp = 0;
  Fork fork = Fork::Cancun;
};

// A transaction the block left out, and why (the receipt's rejection or error).
struct RejectedTx {
  uint32_t index = 0;  // in the transactions given to produce_block
  Hash hash{};
  std::string reason;
};

struct ProducedBlock {
  std::optional<BlockHeader> header;  // nullopt: nothing was included, no block was made
  Hash hash{};
  std::vector<uint32_t> included;  // input index of each transaction of the block, in order
  std::vector<RejectedTx> rejected;
  std::string error;  // the store refused the block: the chain is unchanged
  double seconds_execute = 0;
  double seconds_commit = 0;  // diff, roots, encoding and the durable write
};

class Chain {
 public:
  // Opens the store in `datadir`. An empty store gets block 0 with `genesis` as its state;
  // a store with blocks continues from its head (`genesis` is then ignored), after checking
  // that the loaded state's root is the head's.
  static std::variant<std::unique_ptr<Chain>, std::string> open(const std::filesystem::path& datadir,
                                                                const ChainConfig& config, const State& genesis);

  // Executes `txs` (senders recovered) as the next block, on top of the head. Transactions
  // the executor rejects are left out; when none is included no block is made.
  ProducedBlock produce_block(std::span<const Transaction> txs, BlockExecutor& executor, uint64_t now_unix);

  // ---- reads: safe from any thread, concurrently with produce_block -------------------------
  const ChainConfig& config() const { return config_; }
  BlockHeader head() const;
  // nullptr when there is no such block (or its record cannot be decoded).
  std::shared_ptr<const StoredBlock> block(uint64_t number) const;
  std::optional<uint64_t> block_number(const Hash& block_hash) const;
  std::optional<TxLocation> tx_location(const Hash& tx_hash) const;
  // The header the next block would get at `now_unix` (base fee, number, timestamp): what
  // eth_call and eth_estimateGas run in.
  BlockHeader next_header(uint64_t now_unix) const;
  BlockEnv block_env(const BlockHeader& header) const;

  // Runs f(state, next_header, env) under a shared lock: what eth_call and eth_estimateGas run
  // in (the next block's header at now_unix, on the latest state).
  template <typename F>
  auto with_next_block(uint64_t now_unix, F&& f) const {
    std::shared_lock lock(mutex_);
    const BlockHeader next = next_header_locked(now_unix);
    const BlockEnv env = block_env(next);
    return f(static_cast<const State&>(state_), next, env);
  }

  // Runs f(state, head) under a shared lock: the state a finished block left, never one in
  // the middle of execution.
  template <typename F>
  auto with_state(F&& f) const {
    std::shared_lock lock(mutex_);
    return f(static_cast<const State&>(state_), static_cast<const BlockHeader&>(head_));
  }

 private:
  Chain() = default;
  BlockHeader next_header_locked(uint64_t now_unix) const;
  std::optional<Hash> recent_hash(uint64_t number) const;
  std::shared_ptr<const StoredBlock> load_block(uint64_t number) const;

  ChainConfig config_;
  std::unique_ptr<DurableStore> store_;
  mutable std::shared_mutex mutex_;  // state_, head_, recent_hashes_
  State state_;
  BlockHeader head_;
  Hash head_hash_{};
  std::map<uint64_t, Hash> recent_hashes_;  // the last 256 blocks, for BLOCKHASH

  // Decoded blocks, most recently used last: receipts and logs are read per transaction.
  static constexpr size_t kBlockCacheSize = 64;
  mutable std::mutex cache_mutex_;
  mutable std::vector<std::pair<uint64_t, std::shared_ptr<const StoredBlock>>> cache_;
};

}  // namespace warp
