// The node's chain (Chain::produce_block and the store under it): every executor makes the same
// block, a reopened datadir carries on where it stopped, and the header commits to exactly the
// transactions, receipts and logs stored with it.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bench/contracts/contracts.hpp"
#include "host/executor/block_executor.hpp"
#include "host/node/base_fee.hpp"
#include "host/node/chain.hpp"
#include "host/node/logs_bloom.hpp"
#include "host/node/node.hpp"
#include "host/node/receipt_codec.hpp"
#include "host/tx/tx_codec.hpp"
#include "state/trie.hpp"
#include "tests/host/node_test_util.hpp"

namespace warp::test {
namespace {

namespace fs = std::filesystem;

const DevAccount& key(size_t i) { return test_keys()[i]; }

constexpr Address kR1{{0x01, 0x11}};
constexpr Address kR2{{0x02, 0x22}};
constexpr uint64_t kNow = 1'700'000'000;

ChainConfig test_config(uint64_t gas_limit = 30'000'000) {
  ChainConfig c;
  c.chain_id = kTestChainId;
  c.gas_limit = gas_limit;
  c.coinbase = Address{{0xc0, 0x1b}};
  return c;
}

std::unique_ptr<Chain> open_chain(const fs::path& dir, const ChainConfig& config, const State& genesis) {
  auto opened = Chain::open(dir, config, genesis);
  if (auto* err = std::get_if<std::string>(&opened)) {
    ADD_FAILURE() << "Chain::open: " << *err;
    return nullptr;
  }
  return std::move(std::get<std::unique_ptr<Chain>>(opened));
}

Transaction token_tx(size_t signer, uint64_t nonce, const Address& to, uint64_t amount) {
  TxSpec s;
  s.nonce = nonce;
  s.to = kToken;
  s.value = uint256(0);
  s.gas_limit = 100'000;
  s.data = token_transfer(to, uint256(amount));
  return signed_tx(key(signer), s);
}

Transaction transfer_tx(size_t signer, uint64_t nonce, const Address& to, uint64_t value) {
  TxSpec s;
  s.nonce = nonce;
  s.to = to;
  s.value = uint256(value);
  return signed_tx(key(signer), s);
}

// A block with everything a receipt can carry: logs (token transfers), a failed call (the
// reverter), value moving between senders of the same block, a sender with several nonces,
// and one transaction no executor may include (its sender has no funds).
std::vector<Transaction> first_block() {
  TxSpec revert;
  revert.to = kReverter;
  revert.value = uint256(0);
  revert.gas_limit = 60'000;
  return {
      token_tx(0, 0, kR1, 10),
      transfer_tx(1, 0, key(2).address, 5),
      token_tx(0, 1, kR2, 20),
      signed_tx(key(3), revert),
      transfer_tx(kFundedKeys, 0, kR1, 1),  // unfunded: rejected
      transfer_tx(2, 0, kR1, 7),
      transfer_tx(1, 1, kR2, 9),
  };
}

std::vector<Transaction> second_block() {
  return {token_tx(0, 2, kR1, 30), transfer_tx(2, 1, key(1).address, 3), transfer_tx(1, 2, kR1, 4)};
}

constexpr uint32_t kRejectedInFirst = 4;

struct ChainRun {
  std::vector<Hash> hashes;
  std::vector<BlockHeader> headers;
  std::vector<std::vector<uint32_t>> included;
  std::vector<std::vector<uint32_t>> rejected;
  std::vector<std::vector<StoredReceipt>> receipts;
};

ChainRun run_blocks(const std::string& executor_name, const std::vector<std::vector<Transaction>>& blocks) {
  ChainRun run;
  TempDir dir;
  auto chain = open_chain(dir.path(), test_config(), test_genesis());
  if (!chain) return run;
  auto executor = make_executor(executor_name, 4);
  for (const auto& txs : blocks) {
    const ProducedBlock b = chain->produce_block(txs, *executor, kNow);
    EXPECT_TRUE(b.header.has_value()) << executor_name << ": " << b.error;
    if (!b.header) return run;
    run.hashes.push_back(b.hash);
    run.headers.push_back(*b.header);
    run.included.push_back(b.included);
    std::vector<uint32_t> rejected;
    for (const RejectedTx& r : b.rejected) rejected.push_back(r.index);
    run.rejected.push_back(rejected);
    auto stored = chain->block(b.header->number);
    EXPECT_TRUE(stored) << executor_name;
    if (stored) run.receipts.push_back(stored->receipts);
  }
  return run;
}

TEST(NodeChain, EveryExecutorMakesTheSameBlocks) {
  const std::vector<std::vector<Transaction>> blocks = {first_block(), second_block()};
  const ChainRun reference = run_blocks("sequential", blocks);
  ASSERT_EQ(reference.hashes.size(), 2u);
  EXPECT_EQ(reference.rejected[0], std::vector<uint32_t>{kRejectedInFirst});
  EXPECT_EQ(reference.included[0].size(), blocks[0].size() - 1);
  EXPECT_TRUE(reference.rejected[1].empty());
  for (const char* name : {"cpu", "gpu-emu"}) {
    SCOPED_TRACE(name);
    const ChainRun other = run_blocks(name, blocks);
    ASSERT_EQ(other.hashes.size(), 2u);
    for (size_t i = 0; i < 2; ++i) {
      EXPECT_EQ(other.headers[i].state_root, reference.headers[i].state_root) << "block " << i + 1;
      EXPECT_EQ(other.headers[i], reference.headers[i]) << "block " << i + 1;
      EXPECT_EQ(other.hashes[i], reference.hashes[i]) << "block " << i + 1;
      EXPECT_EQ(other.included[i], reference.included[i]);
      EXPECT_EQ(other.rejected[i], reference.rejected[i]);
      EXPECT_EQ(other.receipts[i], reference.receipts[i]);
    }
  }
}

TEST(NodeChain, TimestampsStrictlyIncreaseEvenAtTheSameNow) {
  TempDir dir;
  auto chain = open_chain(dir.path(), test_config(), test_genesis());
  ASSERT_TRUE(chain);
  auto executor = make_executor("sequential", 1);
  EXPECT_EQ(chain->next_header(kNow).timestamp, kNow);
  uint64_t previous = chain->head().timestamp;
  for (uint64_t nonce = 0; nonce < 3; ++nonce) {
    const std::vector<Transaction> txs = {transfer_tx(0, nonce, kR1, 1)};
    const ProducedBlock b = chain->produce_block(txs, *executor, kNow);
    ASSERT_TRUE(b.header);
    EXPECT_GT(b.header->timestamp, previous);
    EXPECT_GE(b.header->timestamp, kNow);
    previous = b.header->timestamp;
  }
  EXPECT_EQ(previous, kNow + 2);
  // A clock that went backwards still gives a later timestamp than the head's.
  const std::vector<Transaction> txs = {transfer_tx(0, 3, kR1, 1)};
  const ProducedBlock late = chain->produce_block(txs, *executor, kNow - 100);
  ASSERT_TRUE(late.header);
  EXPECT_EQ(late.header->timestamp, kNow + 3);
  EXPECT_EQ(chain->next_header(0).timestamp, kNow + 4);
}

TEST(NodeChain, HeaderCommitsToTheStoredTransactionsReceiptsAndLogs) {
  TempDir dir;
  auto chain = open_chain(dir.path(), test_config(), test_genesis());
  ASSERT_TRUE(chain);
  auto executor = make_executor("sequential", 1);
  const std::vector<Transaction> txs = first_block();
  const ProducedBlock b = chain->produce_block(txs, *executor, kNow);
  ASSERT_TRUE(b.header);
  auto block = chain->block(1);
  ASSERT_TRUE(block);
  EXPECT_EQ(block->header, *b.header);
  EXPECT_EQ(header_hash(block->header), b.hash);
  ASSERT_EQ(block->raw_txs.size(), b.included.size());
  ASSERT_EQ(block->receipts.size(), b.included.size());

  std::vector<Bytes> receipt_encodings;
  Bloom bloom_union{};
  uint64_t cumulative = 0;
  size_t log_count = 0, failed = 0;
  for (size_t i = 0; i < block->raw_txs.size(); ++i) {
    const Transaction& tx = txs[b.included[i]];
    EXPECT_EQ(block->raw_txs[i], encode_transaction(tx)) << i;
    const StoredReceipt& r = block->receipts[i];
    EXPECT_EQ(r.tx_hash, tx.hash);
    EXPECT_EQ(r.sender, tx.sender);
    cumulative += r.gas_used;
    EXPECT_EQ(r.cumulative_gas_used, cumulative);
    const Bloom bloom = logs_bloom(r.logs);
    receipt_encodings.push_back(encode_receipt(r.type, r.success, r.cumulative_gas_used, bloom, r.logs));
    for (size_t k = 0; k < bloom.size(); ++k) bloom_union[k] |= bloom[k];
    log_count += r.logs.size();
    failed += r.success ? 0 : 1;
  }
  EXPECT_EQ(block->header.gas_used, cumulative);
  EXPECT_EQ(block->header.transactions_root, ordered_trie_root(block->raw_txs));
  EXPECT_EQ(block->header.receipts_root, ordered_trie_root(receipt_encodings));
  EXPECT_EQ(block->header.logs_bloom, bloom_union);
  EXPECT_EQ(log_count, 2u);  // the two token transfers
  EXPECT_EQ(failed, 1u);     // the reverter
  EXPECT_NE(block->header.transactions_root, kEmptyTrieRoot);
  EXPECT_NE(block->header.receipts_root, kEmptyTrieRoot);
  EXPECT_TRUE(bloom_may_contain(block->header.logs_bloom, ByteView(kToken.bytes, 20)));

  // The genesis block has no transactions: both roots are the empty trie's.
  auto genesis = chain->block(0);
  ASSERT_TRUE(genesis);
  EXPECT_EQ(genesis->header.transactions_root, kEmptyTrieRoot);
  EXPECT_EQ(genesis->header.receipts_root, kEmptyTrieRoot);
  EXPECT_EQ(block->header.parent_hash, header_hash(genesis->header));
  EXPECT_EQ(genesis->header.state_root, test_genesis().state_root());
}

// EIP-1559 by hand, with the numbers small enough for uint64_t.
uint64_t expected_base_fee(uint64_t parent_fee, uint64_t parent_used, uint64_t parent_limit) {
  const uint64_t target = parent_limit / 2;
  if (parent_used == target) return parent_fee;
  if (parent_used > target) {
    const uint64_t delta = parent_fee * (parent_used - target) / target / 8;
    return parent_fee + (delta == 0 ? 1 : delta);
  }
  return parent_fee - parent_fee * (target - parent_used) / target / 8;
}

TEST(NodeChain, BaseFeeFollowsGasUsed) {
  TempDir dir;
  // A 100,000 gas limit: three transfers (63,000) are above the 50,000 target, one below.
  auto chain = open_chain(dir.path(), test_config(100'000), test_genesis());
  ASSERT_TRUE(chain);
  auto executor = make_executor("sequential", 1);
  const std::vector<std::vector<Transaction>> blocks = {
      {transfer_tx(0, 0, kR1, 1), transfer_tx(1, 0, kR1, 1), transfer_tx(2, 0, kR1, 1)},
      {transfer_tx(0, 1, kR1, 1)},
      {transfer_tx(0, 2, kR1, 1), transfer_tx(1, 1, kR1, 1), transfer_tx(2, 1, kR1, 1)},
  };
  BlockHeader parent = chain->head();
  ASSERT_TRUE(parent.base_fee_per_gas);
  EXPECT_EQ(*parent.base_fee_per_gas, kGwei);
  for (const auto& txs : blocks) {
    const uint64_t want = expected_base_fee(parent.base_fee_per_gas->w[0], parent.gas_used, parent.gas_limit);
    EXPECT_EQ(chain->next_header(kNow).base_fee_per_gas, uint256(want));
    const ProducedBlock b = chain->produce_block(txs, *executor, kNow);
    ASSERT_TRUE(b.header);
    ASSERT_TRUE(b.header->base_fee_per_gas);
    EXPECT_EQ(*b.header->base_fee_per_gas, uint256(want)) << "block " << b.header->number;
    EXPECT_EQ(*b.header->base_fee_per_gas, next_base_fee(parent.gas_used, parent.gas_limit, *parent.base_fee_per_gas));
    EXPECT_EQ(b.header->gas_used, 21'000 * txs.size());
    parent = *b.header;
  }
  // 1 gwei -> 875,000,000 (empty genesis) -> +1/8 * 13/50 -> ...
  EXPECT_EQ(chain->block(1)->header.base_fee_per_gas, uint256(875'000'000));
  EXPECT_EQ(chain->block(2)->header.base_fee_per_gas, uint256(875'000'000 + 28'437'500));
}

TEST(NodeChain, ReopenedDatadirContinuesFromItsHead) {
  TempDir dir;
  std::vector<Hash> hashes;
  std::vector<std::vector<StoredReceipt>> receipts;
  BlockHeader head;
  Hash state_root{};
  uint256 r1_balance{}, token_r1{};
  const std::vector<Transaction> b1 = first_block(), b2 = second_block();
  {
    auto chain = open_chain(dir.path(), test_config(), test_genesis());
    ASSERT_TRUE(chain);
    auto executor = make_executor("cpu", 2);
    for (const auto* txs : {&b1, &b2}) {
      const ProducedBlock b = chain->produce_block(*txs, *executor, kNow);
      ASSERT_TRUE(b.header);
      hashes.push_back(b.hash);
      receipts.push_back(chain->block(b.header->number)->receipts);
    }
    head = chain->head();
    chain->with_state([&](const State& s, const BlockHeader&) {
      state_root = s.state_root();
      r1_balance = s.balance(kR1);
      token_r1 = s.storage(kToken, bench::mapping_slot(bench::abi_word(kR1), uint256(1)));
      return 0;
    });
  }
  EXPECT_EQ(state_root, head.state_root);
  EXPECT_EQ(r1_balance, uint256(7 + 4));
  EXPECT_EQ(token_r1, uint256(10 + 30));

  // The genesis given on reopening is ignored: the store's own state is used.
  auto chain = open_chain(dir.path(), test_config(), State{});
  ASSERT_TRUE(chain);
  EXPECT_EQ(chain->head(), head);
  EXPECT_EQ(header_hash(chain->head()), hashes[1]);
  for (uint64_t n = 1; n <= 2; ++n) {
    auto block = chain->block(n);
    ASSERT_TRUE(block) << n;
    EXPECT_EQ(header_hash(block->header), hashes[n - 1]);
    EXPECT_EQ(block->receipts, receipts[n - 1]);
    EXPECT_EQ(chain->block_number(hashes[n - 1]), n);
  }
  const auto loc = chain->tx_location(b2[1].hash);
  ASSERT_TRUE(loc);
  EXPECT_EQ(loc->block, 2u);
  EXPECT_EQ(loc->index, 1u);
  EXPECT_FALSE(chain->tx_location(b1[kRejectedInFirst].hash));
  chain->with_state([&](const State& s, const BlockHeader& h) {
    EXPECT_EQ(s.state_root(), state_root);
    EXPECT_EQ(h.state_root, state_root);
    EXPECT_EQ(s.balance(kR1), r1_balance);
    EXPECT_EQ(s.nonce(key(0).address), 3u);
    return 0;
  });

  // And it carries on: the next block builds on the old head, and sees its state (nonces).
  auto executor = make_executor("sequential", 1);
  const std::vector<Transaction> b3 = {transfer_tx(0, 3, kR2, 1), transfer_tx(0, 2, kR2, 1)};
  const ProducedBlock b = chain->produce_block(b3, *executor, kNow);
  ASSERT_TRUE(b.header);
  EXPECT_EQ(b.header->number, 3u);
  EXPECT_EQ(b.header->parent_hash, hashes[1]);
  EXPECT_GT(b.header->timestamp, head.timestamp);
  ASSERT_EQ(b.rejected.size(), 1u);  // nonce 2 was used by block 2
  EXPECT_EQ(b.rejected[0].index, 1u);
}

TEST(NodeChain, NodeReopensItsDatadir) {
  TempDir dir;
  NodeConfig config;
  config.chain = test_config();
  config.datadir = dir.path();
  config.executor = "sequential";
  Hash head_hash{};
  {
    auto opened = Node::open(config, test_genesis());
    ASSERT_TRUE(std::holds_alternative<std::unique_ptr<Node>>(opened));
    Node& node = *std::get<std::unique_ptr<Node>>(opened);
    ASSERT_TRUE(node.submit_raw(encode_transaction(transfer_tx(0, 0, kR1, 1))).ok);
    const ProducedBlock b = node.produce_from_pool();
    ASSERT_TRUE(b.header);
    head_hash = b.hash;
  }
  auto opened = Node::open(config, test_genesis());
  ASSERT_TRUE(std::holds_alternative<std::unique_ptr<Node>>(opened));
  Node& node = *std::get<std::unique_ptr<Node>>(opened);
  EXPECT_EQ(node.chain().head().number, 1u);
  EXPECT_EQ(header_hash(node.chain().head()), head_hash);
  EXPECT_EQ(node.pending_nonce(key(0).address), 1u);
  // The used nonce is refused after the restart too.
  const SubmitResult again = node.submit_raw(encode_transaction(transfer_tx(0, 0, kR2, 2)));
  EXPECT_FALSE(again.ok);
  EXPECT_NE(again.message.find("nonce too low"), std::string::npos) << again.message;
}

// EIP-155 signatures commit to the chain id: a datadir never changes chains on a restart.
TEST(NodeChain, ADatadirKeepsItsChainId) {
  TempDir dir;
  { ASSERT_TRUE(open_chain(dir.path(), test_config(), test_genesis())); }
  ChainConfig other = test_config();
  other.chain_id = test_config().chain_id + 1;
  auto refused = Chain::open(dir.path(), other, test_genesis());
  ASSERT_TRUE(std::holds_alternative<std::string>(refused));
  const std::string& why = std::get<std::string>(refused);
  EXPECT_NE(why.find("--chain-id " + std::to_string(test_config().chain_id)), std::string::npos) << why;
  EXPECT_TRUE(open_chain(dir.path(), test_config(), test_genesis()));  // the right id still opens it
}

TEST(NodeChain, ABlockOfRejectedTransactionsIsNotMade) {
  TempDir dir;
  auto chain = open_chain(dir.path(), test_config(), test_genesis());
  ASSERT_TRUE(chain);
  auto executor = make_executor("sequential", 1);
  const BlockHeader before = chain->head();
  const std::vector<Transaction> txs = {transfer_tx(kFundedKeys, 0, kR1, 1), transfer_tx(0, 7, kR1, 1)};
  const ProducedBlock b = chain->produce_block(txs, *executor, kNow);
  EXPECT_FALSE(b.header);
  EXPECT_TRUE(b.included.empty());
  ASSERT_EQ(b.rejected.size(), 2u);
  EXPECT_EQ(b.rejected[0].index, 0u);
  EXPECT_EQ(b.rejected[1].index, 1u);
  EXPECT_EQ(b.rejected[0].hash, txs[0].hash);
  EXPECT_FALSE(b.rejected[0].reason.empty());
  EXPECT_EQ(chain->head(), before);
  EXPECT_FALSE(chain->block(1));
  chain->with_state([&](const State& s, const BlockHeader&) {
    EXPECT_EQ(s.state_root(), before.state_root);
    return 0;
  });
}

}  // namespace
}  // namespace warp::test
