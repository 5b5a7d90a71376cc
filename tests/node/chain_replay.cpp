#include "tests/node/chain_replay.hpp"

#include <memory>
#include <optional>
#include <variant>

#include "host/executor/block_executor.hpp"
#include "host/node/base_fee.hpp"
#include "host/node/block_header.hpp"
#include "host/node/stored_block.hpp"
#include "host/tx/blob_gas.hpp"
#include "host/tx/tx_codec.hpp"
#include "state/bytes.hpp"
#include "state/durable/durable_store.hpp"

namespace warp::nodetest {

namespace {

constexpr uint64_t kBlockHashWindow = 256;  // BLOCKHASH sees the last 256 blocks

// The environment a block runs in, from its header alone (what the node must have used).
BlockEnv env_from_header(const BlockHeader& h, uint64_t chain_id, Fork fork, const std::vector<Hash>& hashes) {
  BlockEnv env;
  env.context.coinbase = h.coinbase;
  env.context.number = h.number;
  env.context.timestamp = h.timestamp;
  env.context.gas_limit = static_cast<int64_t>(h.gas_limit);
  env.context.prevrandao = h.mix_hash;
  env.context.chain_id = uint256(chain_id);
  env.context.base_fee = h.base_fee_per_gas.value_or(uint256(0));
  env.blob_base_fee = blob_base_fee(h.excess_blob_gas.value_or(0), fork);
  env.context.blob_base_fee = env.blob_base_fee.value_or(~uint256(0));
  env.chain_id = chain_id;
  const uint64_t number = h.number;
  env.block_hash = [&hashes, number](uint64_t n) -> Hash {
    if (n >= number || number - n > kBlockHashWindow || n >= hashes.size()) return Hash{};
    return hashes[n];
  };
  return env;
}

// The stored receipt against the replayed one; "" when they agree.
std::string compare_receipt(const StoredReceipt& stored, const Receipt& replayed) {
  if (!replayed.included())
    return "not included on replay: " + (replayed.rejection ? replayed.rejection->message : replayed.error);
  if (stored.gas_used != replayed.gas_used)
    return "gas used " + std::to_string(stored.gas_used) + " stored, " + std::to_string(replayed.gas_used) +
           " replayed";
  if (stored.cumulative_gas_used != replayed.cumulative_gas_used) return "cumulative gas differs";
  if (stored.success != replayed.success()) return "status differs";
  if (stored.contract_address != replayed.contract_address) return "contract address differs";
  if (stored.logs != replayed.logs) return "logs differ";
  return "";
}

}  // namespace

ReplayReport replay_store(const std::filesystem::path& datadir, const State& genesis, uint64_t chain_id, Fork fork) {
  ReplayReport rep;
  auto opened = DurableStore::open(datadir);
  if (auto* err = std::get_if<std::string>(&opened)) {
    rep.problems.push_back("cannot open the store: " + *err);
    return rep;
  }
  const DurableStore& store = *std::get<std::unique_ptr<DurableStore>>(opened);
  const std::optional<Head> head = store.head();
  if (!head) {
    rep.problems.push_back("the store has no head");
    return rep;
  }
  rep.head = head->number;

  State state = genesis;
  const std::unique_ptr<BlockExecutor> executor = make_executor("sequential", 1);
  std::optional<BlockHeader> parent;
  for (uint64_t n = 0; n <= head->number; ++n) {
    const std::string at = "block " + std::to_string(n) + ": ";
    auto problem = [&](const std::string& what) { rep.problems.push_back(at + what); };
    const std::optional<Bytes> record = store.block(n);
    if (!record) {
      problem("missing from the store (head is " + std::to_string(head->number) + ")");
      return rep;
    }
    auto decoded = decode_stored_block(*record);
    if (auto* err = std::get_if<std::string>(&decoded)) {
      problem("undecodable record: " + *err);
      return rep;
    }
    const StoredBlock& block = std::get<StoredBlock>(decoded);
    const BlockHeader& h = block.header;
    if (h.number != n) {
      problem("header says number " + std::to_string(h.number));
      return rep;
    }
    const Hash hash = header_hash(h);
    rep.block_hashes.push_back(hash);
    rep.state_roots.push_back(h.state_root);
    if (store.block_number(hash) != n) problem("the hash index does not point at it");
    if (block.receipts.size() != block.raw_txs.size()) {
      problem("receipt count differs from tx count");
      return rep;
    }

    if (n == 0) {
      if (h.state_root != state.state_root()) {
        problem("state root is not the dev accounts' genesis");
        return rep;
      }
      if (!block.raw_txs.empty()) problem("genesis has transactions");
      parent = h;
      continue;
    }
    if (h.parent_hash != header_hash(*parent)) {
      problem("parent hash is not the previous header's hash");
      return rep;
    }
    if (h.timestamp <= parent->timestamp) problem("timestamp not after the parent's");
    const uint256 base_fee =
        next_base_fee(parent->gas_used, parent->gas_limit, parent->base_fee_per_gas.value_or(uint256(0)));
    if (h.base_fee_per_gas != base_fee) problem("base fee does not follow from the parent's (EIP-1559)");
    if (h.excess_blob_gas !=
        calc_excess_blob_gas(parent->excess_blob_gas.value_or(0), parent->blob_gas_used.value_or(0), fork))
      problem("excess blob gas does not follow from the parent's");
    if (block.raw_txs.empty()) problem("a block without transactions (the node makes none)");

    std::vector<Transaction> txs;
    for (uint32_t i = 0; i < block.raw_txs.size(); ++i) {
      const std::string tx_at = "tx " + std::to_string(i) + ": ";
      auto tx = decode_transaction(block.raw_txs[i]);
      if (auto* err = std::get_if<TxError>(&tx)) {
        problem(tx_at + "undecodable: " + err->message);
        return rep;
      }
      Transaction& t = std::get<Transaction>(tx);
      auto sender = recover_sender(t);
      if (auto* err = std::get_if<TxError>(&sender)) {
        problem(tx_at + "no sender: " + err->message);
        return rep;
      }
      t.sender = std::get<Address>(sender);
      if (t.hash != block.receipts[i].tx_hash) problem(tx_at + "hash differs from its receipt's");
      if (t.sender != block.receipts[i].sender) problem(tx_at + "sender differs from its receipt's");
      if (store.tx_location(t.hash) != TxLocation{n, i}) problem(tx_at + "the transaction index does not point at it");
      rep.tx_blocks[t.hash] = n;
      txs.push_back(std::move(t));
    }

    const BlockEnv env = env_from_header(h, chain_id, fork, rep.block_hashes);
    const BlockResult result = executor->execute(state, txs, env, fork);
    for (uint32_t i = 0; i < txs.size(); ++i) {
      const std::string diff = compare_receipt(block.receipts[i], result.receipts[i]);
      if (!diff.empty()) {
        problem("tx " + std::to_string(i) + " (" + to_hex0x(txs[i].hash) + "): " + diff);
        return rep;
      }
    }
    if (result.gas_used != h.gas_used) {
      problem("gas used " + std::to_string(h.gas_used) + " in the header, " + std::to_string(result.gas_used) +
              " replayed");
      return rep;
    }
    if (result.state_root != h.state_root) {
      problem("state root " + to_hex0x(h.state_root) + " in the header, " + to_hex0x(result.state_root) + " replayed");
      return rep;
    }
    rep.transactions += txs.size();
    parent = h;
  }

  if (head->state_root != parent->state_root) rep.problems.push_back("the store's head root is not the head block's");
  auto loaded = store.load_state();
  if (auto* err = std::get_if<std::string>(&loaded)) {
    rep.problems.push_back("load_state: " + *err);
    return rep;
  }
  const Hash loaded_root = std::get<State>(loaded).state_root();
  if (loaded_root != state.state_root())
    rep.problems.push_back("the stored state's root " + to_hex0x(loaded_root) + " differs from the replayed " +
                           to_hex0x(state.state_root()));
  return rep;
}

}  // namespace warp::nodetest
