// The sequencer node behind `warpevm serve`: the chain, the mempool, and the thread that turns
// pending transactions into a block every block time. Transactions arrive one at a time
// (eth_sendRawTransaction, through the mempool) or as a whole batch (warp_executeBatch, one
// block right away); both paths produce blocks through Chain::produce_block, one at a time.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "host/executor/block_executor.hpp"
#include "host/node/chain.hpp"
#include "host/node/mempool.hpp"

namespace warp {

struct NodeConfig {
  ChainConfig chain;
  std::filesystem::path datadir;
  uint64_t block_time_ms = 1000;
  size_t max_block_txs = 10'000;
  std::string executor = "auto";
  size_t threads = 0;  // executor threads, 0: all hardware threads
  MempoolLimits mempool;
  std::string client_version = "warpevm";  // web3_clientVersion
  bool log_blocks = false;                 // one line per block on stderr
};

// Why a transaction was refused at the door; the RPC layer sends `message` to the client.
struct SubmitResult {
  bool ok = false;
  bool invalid_params = false;  // undecodable: a malformed request rather than a rejected tx
  std::string message;
  Hash hash{};
};

// What warp_executeBatch reports: the block (if any transaction made it) and, by batch index,
// every transaction that did not, with the reason.
struct BatchOutcome {
  ProducedBlock block;
  std::vector<RejectedTx> rejected;  // indexes into the batch
};

struct NodeStats {
  uint64_t blocks = 0;
  uint64_t transactions = 0;
  uint64_t dropped = 0;  // taken from the pool but rejected by the executor
};

class Node {
 public:
  static std::variant<std::unique_ptr<Node>, std::string> open(const NodeConfig& config, const State& genesis);
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // Starts producing a block every block time from the pool; stop() (or the destructor) ends it.
  void start();
  void stop();

  // Decodes, recovers the sender, checks the transaction against the latest state and the next
  // block, and pools it.
  SubmitResult submit_raw(ByteView raw);
  // Executes `raw` transactions, in order, as the next block now.
  BatchOutcome execute_batch(const std::vector<Bytes>& raw);
  // Produces one block from the pool now (tests; the producer thread calls it too).
  ProducedBlock produce_from_pool();

  const Chain& chain() const { return *chain_; }
  const NodeConfig& config() const { return config_; }
  std::optional<Transaction> pending(const Hash& hash) const;
  // The nonce the sender's next pooled transaction would need: account nonce plus the
  // transactions held for it without a gap (eth_getTransactionCount "pending").
  uint64_t pending_nonce(const Address& sender) const;
  NodeStats stats() const;
  const ExecutorStats& last_executor_stats() const { return executor_->stats(); }

 private:
  Node() = default;
  ProducedBlock produce(std::span<const Transaction> txs);
  void run_producer();

  NodeConfig config_;
  std::unique_ptr<Chain> chain_;
  std::unique_ptr<BlockExecutor> executor_;
  std::mutex production_mutex_;    // one block at a time; guards executor_
  mutable std::mutex pool_mutex_;  // lock order: pool_mutex_ before the chain's lock
  Mempool pool_;

  mutable std::mutex stats_mutex_;
  NodeStats stats_;

  std::mutex wake_mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread producer_;
};

// geth's wording for a transaction the node refuses, which wallets and libraries match on
// ("nonce too low", "insufficient funds for gas * price + value", ...), then our details.
std::string client_rejection_message(const TxRejection& rejection);

}  // namespace warp
