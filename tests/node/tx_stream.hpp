// The clients of the crash test: threads that stream signed transactions at one node run,
// through the pool (eth_sendRawTransaction, then receipts) and as whole batches
// (warp_executeBatch), and a watcher that reads every new block. All of them write what the
// node reported into the Ledger. Nonces are tracked per sender and survive nothing: after a
// restart each sender asks the node again, since the fate of whatever was in flight at the
// kill is unknown.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <random>
#include <thread>
#include <vector>

#include "host/node/dev_keys.hpp"
#include "kernels/evm/hash.hpp"
#include "state/bytes.hpp"
#include "tests/node/ledger.hpp"

namespace warp::nodetest {

class RpcClient;

struct StreamStats {
  std::atomic<uint64_t> sent{0};         // accepted by eth_sendRawTransaction
  std::atomic<uint64_t> mined{0};        // of those, seen in a receipt
  std::atomic<uint64_t> refused{0};      // eth_sendRawTransaction errors (the sender then resyncs)
  std::atomic<uint64_t> stalls{0};       // a sender whose oldest transaction waited too long
  std::atomic<uint64_t> batches{0};      // warp_executeBatch calls answered with a block
  std::atomic<uint64_t> batch_txs{0};    // transactions in those blocks
  std::atomic<uint64_t> blocks_seen{0};  // blocks read by the watcher
};

class TxStream {
 public:
  // accounts: the node's funded dev accounts; the last `batch_senders` of them send only
  // through warp_executeBatch, the others only through the pool, so the two paths never
  // race for one nonce. pool_threads >= 1; the pool senders are split between them.
  TxStream(std::vector<DevAccount> accounts, size_t pool_threads, size_t batch_senders, Ledger& ledger);
  ~TxStream();
  TxStream(const TxStream&) = delete;
  TxStream& operator=(const TxStream&) = delete;

  // Starts the threads against the node on `port`.
  void start(int port, uint64_t seed);
  // From now on a request without an answer is expected (the node is about to be killed);
  // before this, one is a problem: a live node stopped answering.
  void expect_node_gone() { node_gone_ = true; }
  // Stops and joins every thread.
  void stop();

  const StreamStats& stats() const { return stats_; }

 private:
  struct Pending {
    Hash hash{};
    std::chrono::steady_clock::time_point sent;
  };
  struct Sender {
    DevAccount account;
    std::optional<uint64_t> nonce;  // the next one to use; nullopt: ask the node
    std::deque<Pending> pending;    // accepted by the pool, no receipt yet
  };

  void run_pool_client(int port, size_t first, size_t count, uint64_t seed);
  void run_batch_client(int port, uint64_t seed);
  void run_watcher(int port);
  // False when the node did not answer (the thread should end).
  bool delivered(bool ok, const char* what);
  // Reads the sender's nonce at `tag` ("pending" or "latest"); false (a problem recorded, or
  // the node gone) when there is none.
  bool resync_nonce(RpcClient& rpc, Sender& s, const char* tag);
  // A signed transaction from `s` with its next nonce: a transfer, a probe deployment or a
  // probe call, chosen by `rng`.
  Bytes next_transaction(Sender& s, std::mt19937_64& rng, Hash& hash);
  void add_contract(const Address& a);
  bool done() const { return stop_.load(std::memory_order_relaxed); }

  std::vector<Sender> senders_;
  size_t pool_threads_;
  size_t batch_senders_;
  Ledger& ledger_;
  StreamStats stats_;

  std::mutex contracts_mutex_;
  std::vector<Address> contracts_;  // deployed probes, from receipts the node gave

  std::atomic<bool> stop_{false};
  std::atomic<bool> node_gone_{false};
  std::vector<std::thread> threads_;
};

}  // namespace warp::nodetest
