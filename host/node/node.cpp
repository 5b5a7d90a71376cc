#include "host/node/node.hpp"

#include <oneapi/tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "host/node/unix_time.hpp"
#include "host/tx/tx_codec.hpp"
#include "host/tx/validation.hpp"

namespace warp {

std::string client_rejection_message(const TxRejection& rejection) {
  const char* prefix = nullptr;
  switch (rejection.code) {
    case TxRejectCode::NonceTooLow:
      prefix = "nonce too low";
      break;
    case TxRejectCode::NonceTooHigh:
      prefix = "nonce too high";
      break;
    case TxRejectCode::InsufficientFunds:
      prefix = "insufficient funds for gas * price + value";
      break;
    case TxRejectCode::FeeCapBelowBaseFee:
      prefix = "max fee per gas less than block base fee";
      break;
    case TxRejectCode::GasAllowanceExceeded:
      prefix = "exceeds block gas limit";
      break;
    case TxRejectCode::IntrinsicGasTooLow:
      prefix = "intrinsic gas too low";
      break;
    case TxRejectCode::WrongChainId:
      prefix = "invalid chain id";
      break;
    case TxRejectCode::PriorityGreaterThanMaxFee:
      prefix = "max priority fee per gas higher than max fee per gas";
      break;
    case TxRejectCode::TypeNotSupported:
      prefix = "transaction type not supported";
      break;
    case TxRejectCode::SenderNotEoa:
      prefix = "sender not an eoa";
      break;
    default:
      return rejection.message;
  }
  // The validator's own message may already start with the same words.
  if (rejection.message.rfind(prefix, 0) == 0) return rejection.message;
  return std::string(prefix) + ": " + rejection.message;
}

std::variant<std::unique_ptr<Node>, std::string> Node::open(const NodeConfig& config, const State& genesis) {
  std::unique_ptr<Node> node(new Node());
  node->config_ = config;
  node->pool_ = Mempool(config.mempool);
  try {
    node->executor_ = make_executor(config.executor, config.threads);
  } catch (const std::exception& e) {
    return std::string("cannot use executor: ") + e.what();
  }
  auto chain = Chain::open(config.datadir, config.chain, genesis);
  if (auto* err = std::get_if<std::string>(&chain)) return *err;
  node->chain_ = std::move(std::get<std::unique_ptr<Chain>>(chain));
  return node;
}

Node::~Node() { stop(); }

void Node::start() {
  std::lock_guard lock(wake_mutex_);
  if (producer_.joinable()) return;
  stopping_ = false;
  producer_ = std::thread([this] { run_producer(); });
}

void Node::stop() {
  {
    std::lock_guard lock(wake_mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (producer_.joinable()) producer_.join();
}

void Node::run_producer() {
  const auto period = std::chrono::milliseconds(config_.block_time_ms);
  auto next = std::chrono::steady_clock::now() + period;
  for (;;) {
    {
      std::unique_lock lock(wake_mutex_);
      if (wake_.wait_until(lock, next, [this] { return stopping_; })) return;
    }
    next += period;
    const auto now = std::chrono::steady_clock::now();
    if (next < now) next = now + period;  // a block that took longer than the period: no burst after it
    ProducedBlock b = produce_from_pool();
    if (!b.error.empty()) std::fprintf(stderr, "warpevm serve: %s\n", b.error.c_str());
  }
}

SubmitResult Node::submit_raw(ByteView raw) {
  SubmitResult out;
  auto decoded = decode_transaction(raw);
  if (auto* err = std::get_if<TxError>(&decoded)) {
    out.invalid_params = true;
    out.message = "invalid raw transaction: " + err->message;
    return out;
  }
  Transaction tx = std::move(std::get<Transaction>(decoded));
  out.hash = tx.hash;
  auto sender = recover_sender(tx);
  if (auto* err = std::get_if<TxError>(&sender)) {
    out.message = "invalid sender: " + err->message;
    return out;
  }
  tx.sender = std::get<Address>(sender);

  // Stateful checks against the latest state and the next block. A nonce above the account's
  // is fine here (held until the gap fills); the block re-checks everything anyway.
  SenderAccount account;
  TxBlockEnv limits;
  chain_->with_next_block(unix_now(), [&](const State& s, const BlockHeader& next, const BlockEnv& env) {
    account.nonce = s.nonce(tx.sender);
    account.balance = s.balance(tx.sender);
    account.has_code = !s.code(tx.sender).empty();
    limits.base_fee = env.context.base_fee;
    limits.gas_limit = next.gas_limit;
    limits.blob_base_fee = env.blob_base_fee;
  });
  SenderAccount as_checked = account;
  if (tx.nonce > account.nonce) as_checked.nonce = tx.nonce;
  if (auto rejection = validate_transaction(tx, as_checked, limits, chain_->config().fork, chain_->config().chain_id)) {
    out.message = client_rejection_message(*rejection);
    return out;
  }
  AddResult added;
  {
    std::lock_guard lock(pool_mutex_);
    added = pool_.add(std::move(tx), account.nonce);
  }
  if (!added.ok()) {
    out.message = added.message;
    return out;
  }
  out.ok = true;
  return out;
}

ProducedBlock Node::produce(std::span<const Transaction> txs) {
  ProducedBlock b = chain_->produce_block(txs, *executor_, unix_now());
  if (config_.log_blocks && b.header) {
    std::fprintf(stderr, "block %llu: %zu txs (%zu left out), gas %llu, execute %.1f ms, commit %.1f ms\n",
                 static_cast<unsigned long long>(b.header->number), b.included.size(), b.rejected.size(),
                 static_cast<unsigned long long>(b.header->gas_used), b.seconds_execute * 1e3, b.seconds_commit * 1e3);
  }
  {
    std::lock_guard lock(stats_mutex_);
    if (b.header) {
      ++stats_.blocks;
      stats_.transactions += b.included.size();
    }
  }
  // Pooled transactions the block made stale (same sender, nonce now used) go.
  std::lock_guard lock(pool_mutex_);
  chain_->with_state([&](const State& s, const BlockHeader&) {
    pool_.on_block_committed([&](const Address& a) { return s.nonce(a); });
  });
  return b;
}

ProducedBlock Node::produce_from_pool() {
  std::lock_guard production(production_mutex_);
  std::vector<Transaction> txs;
  {
    std::lock_guard lock(pool_mutex_);
    if (pool_.size() == 0) return {};
    txs = chain_->with_state([&](const State& s, const BlockHeader& head) {
      return pool_.take_ready(config_.max_block_txs, head.gas_limit, [&](const Address& a) { return s.nonce(a); });
    });
  }
  if (txs.empty()) return {};
  ProducedBlock b = produce(txs);
  if (!b.rejected.empty()) {
    std::lock_guard lock(stats_mutex_);
    stats_.dropped += b.rejected.size();
  }
  if (!b.error.empty()) {
    // Nothing was written: the transactions go back to the pool to be tried again.
    std::lock_guard lock(pool_mutex_);
    chain_->with_state([&](const State& s, const BlockHeader&) {
      for (Transaction& tx : txs) {
        const uint64_t nonce = s.nonce(tx.sender);  // before tx is moved from
        pool_.add(std::move(tx), nonce);
      }
    });
  }
  return b;
}

BatchOutcome Node::execute_batch(const std::vector<Bytes>& raw) {
  BatchOutcome out;
  // Decoding and sender recovery (one secp256k1 recovery each, the costliest step before
  // execution) run in parallel; the batch keeps its order.
  std::vector<std::variant<Transaction, RejectedTx>> decoded(raw.size());
  tbb::parallel_for(size_t{0}, raw.size(), [&](size_t i) {
    const auto index = static_cast<uint32_t>(i);
    auto d = decode_transaction(raw[i]);
    if (auto* err = std::get_if<TxError>(&d)) {
      decoded[i] = RejectedTx{index, Hash{}, "invalid raw transaction: " + err->message};
      return;
    }
    Transaction tx = std::move(std::get<Transaction>(d));
    auto sender = recover_sender(tx);
    if (auto* err = std::get_if<TxError>(&sender)) {
      decoded[i] = RejectedTx{index, tx.hash, "invalid sender: " + err->message};
      return;
    }
    tx.sender = std::get<Address>(sender);
    decoded[i] = std::move(tx);
  });
  std::vector<Transaction> txs;
  std::vector<uint32_t> batch_index;
  txs.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (auto* refused = std::get_if<RejectedTx>(&decoded[i])) {
      out.rejected.push_back(std::move(*refused));
      continue;
    }
    txs.push_back(std::move(std::get<Transaction>(decoded[i])));
    batch_index.push_back(static_cast<uint32_t>(i));
  }
  {
    std::lock_guard production(production_mutex_);
    out.block = produce(txs);
  }
  for (uint32_t& i : out.block.included) i = batch_index[i];
  for (RejectedTx& r : out.block.rejected) {
    r.index = batch_index[r.index];
    out.rejected.push_back(std::move(r));
  }
  out.block.rejected.clear();
  std::sort(out.rejected.begin(), out.rejected.end(),
            [](const RejectedTx& a, const RejectedTx& b) { return a.index < b.index; });
  return out;
}

std::optional<Transaction> Node::pending(const Hash& hash) const {
  std::lock_guard lock(pool_mutex_);
  return pool_.find(hash);
}

uint64_t Node::pending_nonce(const Address& sender) const {
  std::lock_guard lock(pool_mutex_);
  const uint64_t account = chain_->with_state([&](const State& s, const BlockHeader&) { return s.nonce(sender); });
  return pool_.next_nonce(sender, account);
}

NodeStats Node::stats() const {
  std::lock_guard lock(stats_mutex_);
  return stats_;
}

}  // namespace warp
