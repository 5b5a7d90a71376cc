#include "tests/node/tx_stream.hpp"

#include "bench/workloads/signing.hpp"
#include "host/tx/transaction.hpp"
#include "host/tx/tx_codec.hpp"
#include "tests/node/probe_contract.hpp"
#include "tests/node/rpc_client.hpp"

namespace warp::nodetest {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

constexpr uint64_t kChainId = 31337;
constexpr uint64_t kGwei = 1'000'000'000;
// Transactions a pool sender keeps in flight; more would only lengthen the resync after a kill.
constexpr size_t kMaxPendingPerSender = 4;
// A pooled transaction not mined by then counts as a stall: the sender resyncs its nonce.
constexpr auto kStallAfter = std::chrono::seconds(5);
constexpr size_t kMaxBatch = 40;

}  // namespace

TxStream::TxStream(std::vector<DevAccount> accounts, size_t pool_threads, size_t batch_senders, Ledger& ledger)
    : pool_threads_(pool_threads), batch_senders_(batch_senders), ledger_(ledger) {
  for (DevAccount& a : accounts) senders_.push_back(Sender{a, std::nullopt, {}});
}

TxStream::~TxStream() { stop(); }

void TxStream::start(int port, uint64_t seed) {
  stop();
  stop_ = false;
  node_gone_ = false;
  for (Sender& s : senders_) {
    s.nonce.reset();
    s.pending.clear();
  }
  const size_t pool_senders = senders_.size() - batch_senders_;
  const size_t per_thread = pool_senders / pool_threads_;
  for (size_t t = 0; t < pool_threads_; ++t) {
    const size_t count = t + 1 == pool_threads_ ? pool_senders - t * per_thread : per_thread;
    threads_.emplace_back(
        [this, port, t, per_thread, count, seed] { run_pool_client(port, t * per_thread, count, seed * 1000 + t); });
  }
  if (batch_senders_ > 0) threads_.emplace_back([this, port, seed] { run_batch_client(port, seed * 1000 + 999); });
  threads_.emplace_back([this, port] { run_watcher(port); });
}

void TxStream::stop() {
  stop_ = true;
  for (std::thread& t : threads_) t.join();
  threads_.clear();
}

bool TxStream::resync_nonce(RpcClient& rpc, Sender& s, const char* tag) {
  RpcReply r = rpc.call("eth_getTransactionCount", {to_hex0x(s.account.address), tag});
  if (!delivered(r.delivered, "eth_getTransactionCount")) return false;
  const auto n = r.error ? std::nullopt : parse_quantity(r.result);
  if (!n) {
    ledger_.problem("eth_getTransactionCount: " + r.error.value_or(r.result.dump()));
    return false;
  }
  s.nonce = *n;
  return true;
}

bool TxStream::delivered(bool ok, const char* what) {
  if (ok) return true;
  if (!node_gone_) ledger_.problem(std::string(what) + ": no answer from the node while it was alive");
  return false;
}

void TxStream::add_contract(const Address& a) {
  std::lock_guard lock(contracts_mutex_);
  contracts_.push_back(a);
}

Bytes TxStream::next_transaction(Sender& s, std::mt19937_64& rng, Hash& hash) {
  Transaction tx;
  tx.type = TxType::DynamicFee;
  tx.chain_id = kChainId;
  tx.nonce = *s.nonce;
  tx.max_priority_fee_per_gas = uint256(kGwei);
  tx.max_fee_per_gas = uint256(20 * kGwei);
  std::optional<Address> probe;
  {
    std::lock_guard lock(contracts_mutex_);
    if (!contracts_.empty()) probe = contracts_[rng() % contracts_.size()];
  }
  const uint64_t pick = rng() % 100;
  if (pick < 12) {
    tx.data = probe_init_code();
    tx.gas_limit = 250'000;
  } else if (pick < 50 && probe) {
    tx.to = *probe;
    tx.data = probe_call_data(uint256((rng() % 32) * 4), uint256(rng()));
    tx.gas_limit = 300'000;
  } else {
    Address to{};
    if (rng() % 2 == 0) {
      to = senders_[rng() % senders_.size()].account.address;
    } else {
      // A fresh account: the state grows instead of only moving balances around.
      const uint64_t r = rng();
      to.bytes[0] = 0xc7;
      for (size_t i = 0; i < 8; ++i) to.bytes[12 + i] = static_cast<uint8_t>(r >> (8 * i));
    }
    tx.to = to;
    tx.value = uint256(1 + rng() % 1'000'000'000'000'000ull);
    tx.gas_limit = 21'000;
  }
  bench::sign_transaction(tx, s.account.secret_key);
  hash = tx.hash;
  ++*s.nonce;
  return encode_transaction(tx);
}

namespace {

// Records a receipt the node gave; false (with a problem recorded) when it is malformed.
bool record_receipt(const json& r, const std::string& source, Ledger& ledger, std::optional<Address>& contract) {
  const auto tx = parse_hash(r.value("transactionHash", json()));
  const auto number = parse_quantity(r.value("blockNumber", json()));
  const auto block = parse_hash(r.value("blockHash", json()));
  if (!tx || !number || !block) {
    ledger.problem(source + ": malformed receipt " + r.dump().substr(0, 300));
    return false;
  }
  ledger.tx(*tx, *number, *block, source);
  if (r.value("status", json()) != json("0x1"))
    ledger.problem(source + ": transaction " + to_hex0x(*tx) + " failed: " + r.dump().substr(0, 300));
  const json address = r.value("contractAddress", json());
  if (address.is_string()) contract = fixed_from_hex<20>(address.get<std::string>());
  return true;
}

}  // namespace

void TxStream::run_pool_client(int port, size_t first, size_t count, uint64_t seed) {
  RpcClient rpc(port);
  std::mt19937_64 rng(seed);
  while (!done()) {
    for (size_t i = first; i < first + count && !done(); ++i) {
      Sender& s = senders_[i];
      if (!s.nonce && !resync_nonce(rpc, s, "pending")) return;
      // One sender's transactions are mined in nonce order: the oldest first.
      while (!s.pending.empty()) {
        RpcReply r = rpc.call("eth_getTransactionReceipt", {to_hex0x(s.pending.front().hash)});
        if (!delivered(r.delivered, "eth_getTransactionReceipt")) return;
        if (r.error) {
          ledger_.problem("eth_getTransactionReceipt: " + *r.error);
          return;
        }
        if (r.result.is_null()) break;
        std::optional<Address> contract;
        if (!record_receipt(r.result, "eth_getTransactionReceipt", ledger_, contract)) return;
        if (contract) add_contract(*contract);
        s.pending.pop_front();
        ++stats_.mined;
      }
      if (!s.pending.empty() && Clock::now() - s.pending.front().sent > kStallAfter) {
        ++stats_.stalls;
        s.pending.clear();
        s.nonce.reset();
        continue;
      }
      if (s.pending.size() >= kMaxPendingPerSender) continue;
      Hash hash{};
      const Bytes raw = next_transaction(s, rng, hash);
      RpcReply r = rpc.call("eth_sendRawTransaction", {to_hex0x(raw)});
      if (!delivered(r.delivered, "eth_sendRawTransaction")) return;
      if (r.error) {
        ++stats_.refused;
        s.pending.clear();
        s.nonce.reset();
        continue;
      }
      if (parse_hash(r.result) != hash)
        ledger_.problem("eth_sendRawTransaction answered " + r.result.dump() + " for " + to_hex0x(hash));
      s.pending.push_back(Pending{hash, Clock::now()});
      ++stats_.sent;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

void TxStream::run_batch_client(int port, uint64_t seed) {
  RpcClient rpc(port, std::chrono::seconds(10));
  std::mt19937_64 rng(seed);
  const size_t first = senders_.size() - batch_senders_;
  while (!done()) {
    for (size_t i = first; i < senders_.size(); ++i) {
      Sender& s = senders_[i];
      if (s.nonce) continue;
      // Batch senders never use the pool: the latest state has their next nonce.
      if (!resync_nonce(rpc, s, "latest")) return;
    }
    const size_t size = 1 + rng() % kMaxBatch;
    json raws = json::array();
    for (size_t k = 0; k < size; ++k) {
      Hash hash{};
      raws.push_back(to_hex0x(next_transaction(senders_[first + rng() % batch_senders_], rng, hash)));
    }
    json params = json::array();
    params.push_back(std::move(raws));  // [[raw...]]: a braced {raws} would be raws itself
    RpcReply r = rpc.call("warp_executeBatch", std::move(params));
    if (!delivered(r.delivered, "warp_executeBatch")) return;
    if (r.error) {
      ledger_.problem("warp_executeBatch: " + *r.error);
      return;
    }
    const json& rejected = r.result.value("rejected", json::array());
    const json& receipts = r.result.value("receipts", json::array());
    if (!rejected.empty()) {
      ledger_.problem("warp_executeBatch rejected transactions of a valid batch: " + rejected.dump().substr(0, 300));
      for (size_t i = first; i < senders_.size(); ++i) senders_[i].nonce.reset();
    }
    if (receipts.size() + rejected.size() != size)
      ledger_.problem("warp_executeBatch: " + std::to_string(receipts.size()) + " receipts and " +
                      std::to_string(rejected.size()) + " rejections for " + std::to_string(size) + " transactions");
    if (!r.result.value("blockNumber", json()).is_null()) {
      const auto number = parse_quantity(r.result.value("blockNumber", json()));
      const auto hash = parse_hash(r.result.value("blockHash", json()));
      const auto root = parse_hash(r.result.value("stateRoot", json()));
      if (!number || !hash || !root) {
        ledger_.problem("warp_executeBatch: malformed result " + r.result.dump().substr(0, 300));
        return;
      }
      ledger_.block(*number, *hash, root, "warp_executeBatch");
      for (const json& receipt : receipts) {
        std::optional<Address> contract;
        if (!record_receipt(receipt, "warp_executeBatch", ledger_, contract)) return;
        if (contract) add_contract(*contract);
      }
      ++stats_.batches;
      stats_.batch_txs += receipts.size();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(rng() % 15));
  }
}

void TxStream::run_watcher(int port) {
  RpcClient rpc(port);
  std::optional<uint64_t> last;
  while (!done()) {
    RpcReply r = rpc.call("eth_blockNumber", json::array());
    if (!delivered(r.delivered, "eth_blockNumber")) return;
    const auto head = r.error ? std::nullopt : parse_quantity(r.result);
    if (!head) {
      ledger_.problem("eth_blockNumber: " + r.error.value_or(r.result.dump()));
      return;
    }
    for (uint64_t n = last ? *last + 1 : *head; n <= *head && !done(); ++n) {
      RpcReply b = rpc.call("eth_getBlockByNumber", {quantity_hex(n), false});
      if (!delivered(b.delivered, "eth_getBlockByNumber")) return;
      if (b.error || b.result.is_null()) {
        ledger_.problem("eth_getBlockByNumber(" + std::to_string(n) + ") at head " + std::to_string(*head) + ": " +
                        b.error.value_or("null"));
        return;
      }
      const auto hash = parse_hash(b.result.value("hash", json()));
      const auto root = parse_hash(b.result.value("stateRoot", json()));
      const auto parent = parse_hash(b.result.value("parentHash", json()));
      if (!hash || !root || !parent) {
        ledger_.problem("eth_getBlockByNumber: malformed block " + b.result.dump().substr(0, 300));
        return;
      }
      ledger_.block(n, *hash, root, "eth_getBlockByNumber");
      if (n > 0) {
        const auto known_parent = ledger_.hash_of(n - 1);
        if (known_parent && *known_parent != *parent)
          ledger_.problem("block " + std::to_string(n) + " has parent " + to_hex0x(*parent) + ", block " +
                          std::to_string(n - 1) + " was reported as " + to_hex0x(*known_parent));
      }
      last = n;
      ++stats_.blocks_seen;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace warp::nodetest
