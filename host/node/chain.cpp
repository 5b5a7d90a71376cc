#include "host/node/chain.hpp"

#include <algorithm>

#include "host/node/base_fee.hpp"
#include "host/node/logs_bloom.hpp"
#include "host/node/receipt_codec.hpp"
#include "host/tx/blob_gas.hpp"
#include "host/tx/tx_codec.hpp"
#include "host/tx/validation.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/durable/state_diff.hpp"
#include "state/trie.hpp"

namespace warp {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

constexpr uint64_t kBlockHashWindow = 256;

const Bytes& extra_data() {
  static const Bytes extra = {'w', 'a', 'r', 'p', 'e', 'v', 'm'};
  return extra;
}

// Why the executor left a transaction out, in the words a client shows its user.
std::string rejection_reason(const Receipt& r) {
  if (r.rejection) return r.rejection->message;
  return r.error;
}

constexpr std::string_view kChainIdSetting = "chain_id";

// The chain id is fixed when the datadir is made: signatures (EIP-155) commit to it, so a
// restart under another id would accept replays from a different chain. A store without the
// setting (made before it existed, or a crash right after genesis) gets it now.
std::string check_chain_id(DurableStore& store, uint64_t chain_id) {
  uint8_t be[8];
  put_be64(be, chain_id);
  const std::optional<Bytes> stored = store.setting(kChainIdSetting);
  if (!stored) {
    const std::string err = store.put_setting(kChainIdSetting, ByteView(be, 8));
    return err.empty() ? "" : "cannot record the chain id: " + err;
  }
  if (stored->size() != 8) return "the datadir's chain id record is damaged";
  const uint64_t was = get_be64(stored->data());
  if (was == chain_id) return "";
  return "the datadir was made for chain id " + std::to_string(was) + ", not " + std::to_string(chain_id) +
         ": restart with --chain-id " + std::to_string(was) + " or use another --datadir";
}

}  // namespace

std::variant<std::unique_ptr<Chain>, std::string> Chain::open(const std::filesystem::path& datadir,
                                                              const ChainConfig& config, const State& genesis) {
  auto opened = DurableStore::open(datadir);
  if (auto* err = std::get_if<std::string>(&opened)) return *err;
  std::unique_ptr<Chain> chain(new Chain());
  chain->config_ = config;
  chain->store_ = std::move(std::get<std::unique_ptr<DurableStore>>(opened));
  DurableStore& store = *chain->store_;

  if (!store.head()) {
    BlockHeader g;
    g.coinbase = config.coinbase;
    g.state_root = genesis.state_root();
    g.number = 0;
    g.gas_limit = config.gas_limit;
    g.timestamp = config.genesis_timestamp;
    g.extra_data = extra_data();
    g.base_fee_per_gas = config.genesis_base_fee;
    g.withdrawals_root = kEmptyTrieRoot;
    g.blob_gas_used = 0;
    g.excess_blob_gas = 0;
    g.parent_beacon_block_root = Hash{};
    StoredBlock record;
    record.header = g;
    record.diff = diff_states(State{}, genesis);
    const Hash hash = header_hash(g);
    const std::string err =
        store.commit_block(0, g.state_root, record.diff, encode_stored_block(record), BlockIndex{hash, {}});
    if (!err.empty()) return "cannot write the genesis block: " + err;
  }

  const std::optional<Head> head = store.head();
  if (!head) return "the store has no head after opening it";
  if (std::string err = check_chain_id(store, config.chain_id); !err.empty()) return err;
  auto loaded = store.load_state();
  if (auto* err = std::get_if<std::string>(&loaded)) return "cannot load the state: " + *err;
  chain->state_ = std::move(std::get<State>(loaded));
  // Blocks change a few accounts of a state that lives on: keep the tries between roots.
  chain->state_.enable_incremental_root();
  if (chain->state_.state_root() != head->state_root)
    return "the stored state does not match the head's state root (block " + std::to_string(head->number) + ")";

  const uint64_t first = head->number >= kBlockHashWindow ? head->number - kBlockHashWindow + 1 : 0;
  for (uint64_t n = first; n <= head->number; ++n) {
    auto b = chain->load_block(n);
    if (!b) return "block " + std::to_string(n) + " is missing or unreadable";
    chain->recent_hashes_[n] = header_hash(b->header);
    if (n == head->number) {
      chain->head_ = b->header;
      chain->head_hash_ = chain->recent_hashes_[n];
    }
  }
  if (chain->head_.state_root != head->state_root) return "the head block's state root differs from the store's head";
  return chain;
}

BlockHeader Chain::next_header_locked(uint64_t now_unix) const {
  BlockHeader h;
  h.parent_hash = head_hash_;
  h.coinbase = config_.coinbase;
  h.number = head_.number + 1;
  h.gas_limit = config_.gas_limit;
  // Strictly after the parent, as consensus requires, even when blocks come faster than seconds.
  h.timestamp = std::max(now_unix, head_.timestamp + 1);
  h.extra_data = extra_data();
  // A sequencer has no beacon chain: the randomness is derived from the parent, which keeps
  // the value deterministic for a re-execution from the store.
  h.mix_hash = keccak256(head_hash_.bytes, 32);
  h.base_fee_per_gas = next_base_fee(head_.gas_used, head_.gas_limit, head_.base_fee_per_gas.value_or(uint256(0)));
  h.withdrawals_root = kEmptyTrieRoot;
  h.blob_gas_used = 0;
  h.excess_blob_gas =
      calc_excess_blob_gas(head_.excess_blob_gas.value_or(0), head_.blob_gas_used.value_or(0), config_.fork);
  h.parent_beacon_block_root = Hash{};
  return h;
}

BlockHeader Chain::next_header(uint64_t now_unix) const {
  std::shared_lock lock(mutex_);
  return next_header_locked(now_unix);
}

std::optional<Hash> Chain::recent_hash(uint64_t number) const {
  auto it = recent_hashes_.find(number);
  if (it == recent_hashes_.end()) return std::nullopt;
  return it->second;
}

BlockEnv Chain::block_env(const BlockHeader& header) const {
  BlockEnv env;
  env.context.coinbase = header.coinbase;
  env.context.number = header.number;
  env.context.timestamp = header.timestamp;
  env.context.gas_limit = static_cast<int64_t>(header.gas_limit);
  env.context.prevrandao = header.mix_hash;
  env.context.chain_id = uint256(config_.chain_id);
  env.context.base_fee = header.base_fee_per_gas.value_or(uint256(0));
  env.blob_base_fee = blob_base_fee(header.excess_blob_gas.value_or(0), config_.fork);
  env.context.blob_base_fee = env.blob_base_fee.value_or(~uint256(0));
  env.chain_id = config_.chain_id;
  // Read while the chain's lock is held (shared by eth_call, exclusive by production), and
  // recent_hashes_ only changes under the exclusive lock, after execution.
  const uint64_t number = header.number;
  env.block_hash = [this, number](uint64_t n) -> Hash {
    if (n >= number || number - n > kBlockHashWindow) return Hash{};
    return recent_hash(n).value_or(Hash{});
  };
  return env;
}

ProducedBlock Chain::produce_block(std::span<const Transaction> txs, BlockExecutor& executor, uint64_t now_unix) {
  ProducedBlock out;
  std::unique_lock lock(mutex_);
  BlockHeader header = next_header_locked(now_unix);
  const BlockEnv env = block_env(header);

  const auto t_exec = Clock::now();
  // The accounts the block changes, as they were: the diff for the store, and the way back if
  // the block cannot be written. A copy of the whole state would cost O(state) per block.
  State::BeforeImages before;
  state_.record_before_images(&before);
  BlockResult result;
  try {
    result = executor.execute(state_, txs, env, config_.fork);
  } catch (const std::exception& e) {
    state_.record_before_images(nullptr);
    state_.restore(before);
    out.error = std::string("block execution failed: ") + e.what();
    return out;
  }
  state_.record_before_images(nullptr);
  out.seconds_execute = seconds_since(t_exec);

  const auto t_commit = Clock::now();
  StoredBlock record;
  std::vector<Bytes> receipt_encodings;
  std::vector<Hash> tx_hashes;
  Bloom block_bloom{};
  uint64_t cumulative = 0;
  const uint256 base_fee = header.base_fee_per_gas.value_or(uint256(0));
  for (size_t i = 0; i < txs.size(); ++i) {
    Receipt& r = result.receipts[i];
    if (!r.included()) {
      out.rejected.push_back(RejectedTx{static_cast<uint32_t>(i), txs[i].hash, rejection_reason(r)});
      continue;
    }
    cumulative += r.gas_used;
    StoredReceipt sr;
    sr.tx_hash = txs[i].hash;
    sr.sender = txs[i].sender;
    sr.type = txs[i].type;
    sr.success = r.status == EvmStatus::Success;
    sr.gas_used = r.gas_used;
    sr.cumulative_gas_used = cumulative;
    sr.effective_gas_price = effective_gas_price(txs[i], base_fee);
    sr.contract_address = r.contract_address;
    sr.logs = std::move(r.logs);  // the result is not read after this
    const Bloom bloom = logs_bloom(sr.logs);
    bloom_or(block_bloom, bloom);
    receipt_encodings.push_back(encode_receipt(sr.type, sr.success, cumulative, bloom, sr.logs));
    record.raw_txs.push_back(encode_transaction(txs[i]));
    tx_hashes.push_back(txs[i].hash);
    record.receipts.push_back(std::move(sr));
    out.included.push_back(static_cast<uint32_t>(i));
  }
  if (out.included.empty()) {
    state_.restore(before);  // a no-op unless an executor wrote something for a rejected tx
    out.seconds_commit = seconds_since(t_commit);
    return out;  // nothing changed: every rejected transaction left the state as it was
  }

  header.state_root = result.state_root;
  header.transactions_root = ordered_trie_root(record.raw_txs);
  header.receipts_root = receipts_root(receipt_encodings);
  header.logs_bloom = block_bloom;
  header.gas_used = result.gas_used;
  header.blob_gas_used = result.blob_gas_used;
  record.header = header;
  record.diff = diff_touched(before, state_);
  const Hash hash = header_hash(header);
  const std::string err = store_->commit_block(header.number, header.state_root, record.diff,
                                               encode_stored_block(record), BlockIndex{hash, tx_hashes});
  if (!err.empty()) {
    state_.restore(before);
    out.error = "block " + std::to_string(header.number) + " not written: " + err;
    out.included.clear();
    out.seconds_commit = seconds_since(t_commit);
    return out;
  }
  head_ = header;
  head_hash_ = hash;
  recent_hashes_[header.number] = hash;
  while (recent_hashes_.size() > kBlockHashWindow) recent_hashes_.erase(recent_hashes_.begin());
  {
    std::lock_guard cache_lock(cache_mutex_);
    cache_.emplace_back(header.number, std::make_shared<const StoredBlock>(std::move(record)));
    if (cache_.size() > kBlockCacheSize) cache_.erase(cache_.begin());
  }
  out.header = header;
  out.hash = hash;
  out.seconds_commit = seconds_since(t_commit);
  return out;
}

BlockHeader Chain::head() const {
  std::shared_lock lock(mutex_);
  return head_;
}

std::shared_ptr<const StoredBlock> Chain::load_block(uint64_t number) const {
  {
    std::lock_guard cache_lock(cache_mutex_);
    for (size_t i = cache_.size(); i-- > 0;) {
      if (cache_[i].first != number) continue;
      auto found = cache_[i].second;
      cache_.erase(cache_.begin() + static_cast<std::ptrdiff_t>(i));
      cache_.emplace_back(number, found);
      return found;
    }
  }
  const std::optional<Bytes> raw = store_->block(number);
  if (!raw) return nullptr;
  auto decoded = decode_stored_block(*raw);
  if (!std::holds_alternative<StoredBlock>(decoded)) return nullptr;
  auto block = std::make_shared<const StoredBlock>(std::move(std::get<StoredBlock>(decoded)));
  std::lock_guard cache_lock(cache_mutex_);
  cache_.emplace_back(number, block);
  if (cache_.size() > kBlockCacheSize) cache_.erase(cache_.begin());
  return block;
}

std::shared_ptr<const StoredBlock> Chain::block(uint64_t number) const {
  {
    std::shared_lock lock(mutex_);
    if (number > head_.number) return nullptr;
  }
  return load_block(number);
}

std::optional<uint64_t> Chain::block_number(const Hash& block_hash) const { return store_->block_number(block_hash); }

std::optional<TxLocation> Chain::tx_location(const Hash& tx_hash) const { return store_->tx_location(tx_hash); }

}  // namespace warp
