// The workload generator (bench/workloads): real signatures that recover to the intended
// accounts, the sender/nonce schedule, reproducibility from the seed, and blocks that the
// sequential executor runs with every transaction included and successful.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <stdexcept>

#include "bench/contracts/contracts.hpp"
#include "bench/workloads/keys.hpp"
#include "bench/workloads/workload.hpp"
#include "host/executor/sequential_executor.hpp"
#include "host/tx/secret_key.hpp"
#include "host/tx/tx_codec.hpp"
#include "kernels/evm/keccak.hpp"

namespace warp::bench {
namespace {

constexpr WorkloadKind kAllKinds[] = {WorkloadKind::Transfer, WorkloadKind::Erc20, WorkloadKind::Amm,
                                      WorkloadKind::Mixed};

WorkloadOptions small(WorkloadKind kind, uint64_t seed = 7) {
  WorkloadOptions o;
  o.kind = kind;
  o.txs = 300;
  o.accounts = 100;
  o.pools = 2;
  o.seed = seed;
  return o;
}

// What a transaction of the block is, read back from its target.
WorkloadKind kind_of(const Workload& w, const Transaction& tx) {
  if (w.erc20_token && *tx.to == *w.erc20_token) return WorkloadKind::Erc20;
  for (const AmmPool& p : w.pools)
    if (*tx.to == p.pair) return WorkloadKind::Amm;
  return WorkloadKind::Transfer;
}

Address word_address(const Bytes& data, size_t word) {
  Address a{};
  for (size_t i = 0; i < 20; ++i) a.bytes[i] = data[4 + 32 * word + 12 + i];
  return a;
}

// Who receives the value: the transfer's target, the ERC-20 `to`, the swap's `to`.
Address recipient_of(const Workload& w, const Transaction& tx) {
  switch (kind_of(w, tx)) {
    case WorkloadKind::Erc20:
      return word_address(tx.data, 0);
    case WorkloadKind::Amm:
      return word_address(tx.data, 3);
    default:
      return *tx.to;
  }
}

Hash topic_of(std::string_view signature) {
  return keccak256(reinterpret_cast<const uint8_t*>(signature.data()), signature.size());
}

std::vector<Bytes> encoded(const Workload& w) {
  std::vector<Bytes> out;
  for (const Transaction& tx : w.txs) out.push_back(encode_transaction(tx));
  return out;
}

TEST(WorkloadTest, KindNamesRoundTrip) {
  std::set<std::string_view> names;
  for (const WorkloadKind k : kAllKinds) {
    EXPECT_EQ(parse_workload_kind(to_string(k)), k);
    names.insert(to_string(k));
  }
  EXPECT_EQ(names, (std::set<std::string_view>{"transfer", "erc20", "amm", "mixed"}));
  EXPECT_FALSE(parse_workload_kind("ERC20"));
  EXPECT_FALSE(parse_workload_kind(""));
  EXPECT_FALSE(parse_workload_kind("swap"));
}

TEST(WorkloadTest, KeysAreValidAndMatchTheirAddresses) {
  const Keyring ring = derive_keyring(3, 20);
  std::set<Address> distinct(ring.addresses.begin(), ring.addresses.end());
  EXPECT_EQ(distinct.size(), 20u);
  for (size_t i = 0; i < 20; ++i) {
    EXPECT_EQ(ring.secret_keys[i], derive_secret_key(3, i));
    EXPECT_EQ(address_from_secret_key(ring.secret_keys[i]), ring.addresses[i]);
  }
  EXPECT_NE(derive_secret_key(3, 0), derive_secret_key(4, 0));
}

class WorkloadKindTest : public ::testing::TestWithParam<WorkloadKind> {};

TEST_P(WorkloadKindTest, SignaturesRecoverTheScheduledSenders) {
  Workload w = generate_workload(small(GetParam()));
  ASSERT_EQ(w.txs.size(), 300u);
  ASSERT_EQ(w.signer.size(), 300u);
  ASSERT_EQ(w.accounts.size(), 100u);
  EXPECT_EQ(w.name, to_string(GetParam()));
  for (const Transaction& tx : w.txs) {
    EXPECT_EQ(tx.type, TxType::DynamicFee);
    EXPECT_EQ(tx.chain_id, 1u);
    EXPECT_EQ(tx.sender, Address{});  // left for recover_senders
    EXPECT_EQ(tx.hash, keccak256(encode_transaction(tx).data(), encode_transaction(tx).size()));
  }
  EXPECT_EQ(recover_senders(w.txs, 2), 0u);

  // Each account's nonces run 0, 1, ... in block order; the round-robin schedule gives
  // every account exactly 300 / 100 transactions, the recipient is never the sender.
  std::map<Address, uint64_t> next_nonce;
  for (size_t i = 0; i < w.txs.size(); ++i) {
    const Transaction& tx = w.txs[i];
    ASSERT_EQ(tx.sender, w.accounts[w.signer[i]]) << "tx " << i;
    EXPECT_EQ(tx.nonce, next_nonce[tx.sender]++) << "tx " << i;
    EXPECT_NE(recipient_of(w, tx), tx.sender) << "tx " << i;
  }
  EXPECT_EQ(next_nonce.size(), 100u);
  for (const auto& [account, count] : next_nonce) EXPECT_EQ(count, 3u);
}

TEST_P(WorkloadKindTest, SequentialExecutorIncludesEveryTransactionAndAllSucceed) {
  Workload w = generate_workload(small(GetParam()));
  ASSERT_EQ(recover_senders(w.txs, 0), 0u);
  uint64_t gas_limits = 0;
  for (const Transaction& tx : w.txs) gas_limits += tx.gas_limit;
  EXPECT_GE(static_cast<uint64_t>(w.env.context.gas_limit), gas_limits);
  EXPECT_GE(w.env.context.gas_limit, 30'000'000);
  EXPECT_EQ(w.fork, Fork::Cancun);

  State state = w.pre_state;
  SequentialExecutor executor;
  const BlockResult result = executor.execute(state, w.txs, w.env, w.fork);
  ASSERT_EQ(result.receipts.size(), w.txs.size());
  EXPECT_EQ(result.rejected, 0u);

  const Hash transfer_topic = topic_of(erc20::kTransferEventSignature);
  const Hash swap_topic = topic_of(pair::kSwapEventSignature);
  std::map<WorkloadKind, size_t> per_kind;
  std::set<Address> swapped_pairs;
  for (size_t i = 0; i < w.txs.size(); ++i) {
    const Transaction& tx = w.txs[i];
    const Receipt& r = result.receipts[i];
    ASSERT_TRUE(r.success()) << "tx " << i << ": " << (r.rejection ? r.rejection->message : r.error) << " status "
                             << static_cast<int>(r.status);
    const WorkloadKind kind = kind_of(w, tx);
    // Contract calls: the gas limits are bounds with room to spare, not guesses that fit.
    if (kind != WorkloadKind::Transfer) {
      EXPECT_LE(r.gas_used * 10, tx.gas_limit * 8) << "tx " << i;
    }
    ++per_kind[kind];
    switch (kind) {
      case WorkloadKind::Transfer:
        EXPECT_EQ(r.gas_used, 21000u);
        EXPECT_TRUE(r.logs.empty());
        break;
      case WorkloadKind::Erc20:
        ASSERT_EQ(r.logs.size(), 1u) << "tx " << i;
        EXPECT_EQ(r.logs[0].address, *w.erc20_token);
        ASSERT_EQ(r.logs[0].topics.size(), 3u);
        EXPECT_EQ(r.logs[0].topics[0], transfer_topic);
        EXPECT_EQ(r.logs[0].topics[1], abi_word(tx.sender));
        EXPECT_EQ(r.logs[0].topics[2], abi_word(recipient_of(w, tx)));
        break;
      default: {
        bool swap_logged = false;
        for (const Log& log : r.logs) swap_logged |= log.address == *tx.to && log.topics.at(0) == swap_topic;
        EXPECT_TRUE(swap_logged) << "tx " << i;
        swapped_pairs.insert(*tx.to);
        break;
      }
    }
  }

  // The coinbase earned the tips.
  EXPECT_FALSE(state.balance(w.env.context.coinbase).is_zero());

  // Swapped pools moved, stayed consistent (reserves = balances) and kept k from falling.
  if (GetParam() == WorkloadKind::Amm || GetParam() == WorkloadKind::Mixed) {
    ASSERT_EQ(w.pools.size(), 2u);
    EXPECT_EQ(swapped_pairs.size(), 2u);
  }
  for (const AmmPool& p : w.pools) {
    const uint256 before0 = w.pre_state.storage(p.pair, uint256(pair::kReserve0Slot));
    const uint256 before1 = w.pre_state.storage(p.pair, uint256(pair::kReserve1Slot));
    const uint256 after0 = state.storage(p.pair, uint256(pair::kReserve0Slot));
    const uint256 after1 = state.storage(p.pair, uint256(pair::kReserve1Slot));
    EXPECT_TRUE(after0 != before0 && after1 != before1);
    EXPECT_EQ(after0, state.storage(p.token0, erc20::balance_slot(p.pair)));
    EXPECT_EQ(after1, state.storage(p.token1, erc20::balance_slot(p.pair)));
    EXPECT_FALSE(after0 * after1 < before0 * before1);
  }

  if (GetParam() == WorkloadKind::Mixed) {
    // 40/40/20 by a seeded draw: 300 transactions land well within these bounds.
    EXPECT_GT(per_kind[WorkloadKind::Transfer], 80u);
    EXPECT_GT(per_kind[WorkloadKind::Erc20], 80u);
    EXPECT_GT(per_kind[WorkloadKind::Amm], 30u);
    EXPECT_LT(per_kind[WorkloadKind::Amm], 100u);
  } else {
    EXPECT_EQ(per_kind[GetParam()], 300u);
  }
}

TEST_P(WorkloadKindTest, SameSeedSameBlockOtherSeedOtherBlock) {
  const Workload a = generate_workload(small(GetParam(), 11));
  const Workload b = generate_workload(small(GetParam(), 11));
  const Workload c = generate_workload(small(GetParam(), 12));
  EXPECT_EQ(encoded(a), encoded(b));
  const Hash root_a = a.pre_state.state_root();
  EXPECT_EQ(root_a, b.pre_state.state_root());
  EXPECT_EQ(a.env.context.gas_limit, b.env.context.gas_limit);
  EXPECT_NE(encoded(a), encoded(c));
  EXPECT_NE(root_a, c.pre_state.state_root());
  EXPECT_NE(a.accounts, c.accounts);
}

INSTANTIATE_TEST_SUITE_P(WorkloadTest, WorkloadKindTest, ::testing::ValuesIn(kAllKinds),
                         [](const ::testing::TestParamInfo<WorkloadKind>& param_info) {
                           return std::string(to_string(param_info.param));
                         });

TEST(WorkloadTest, PreStateTokensAreConsistent) {
  const Workload w = generate_workload(small(WorkloadKind::Mixed));
  ASSERT_TRUE(w.erc20_token);
  std::vector<Address> tokens{*w.erc20_token};
  for (const AmmPool& p : w.pools) {
    tokens.push_back(p.token0);
    tokens.push_back(p.token1);
    EXPECT_EQ(w.pre_state.storage(p.pair, uint256(pair::kToken0Slot)), uint256::from_hash(abi_word(p.token0)));
    EXPECT_EQ(w.pre_state.storage(p.pair, uint256(pair::kToken1Slot)), uint256::from_hash(abi_word(p.token1)));
    EXPECT_EQ(w.pre_state.storage(p.pair, uint256(pair::kReserve0Slot)),
              w.pre_state.storage(p.token0, erc20::balance_slot(p.pair)));
    EXPECT_EQ(w.pre_state.storage(p.pair, uint256(pair::kReserve1Slot)),
              w.pre_state.storage(p.token1, erc20::balance_slot(p.pair)));
    EXPECT_LT(w.pre_state.storage(p.pair, uint256(pair::kReserve0Slot)), uint256(1) << 112);
    for (const Address& a : w.accounts) {
      EXPECT_EQ(w.pre_state.storage(p.token0, erc20::allowance_slot(a, p.pair)), uint256::max());
      EXPECT_EQ(w.pre_state.storage(p.token1, erc20::allowance_slot(a, p.pair)), uint256::max());
    }
  }
  for (const Address& token : tokens) {
    EXPECT_EQ(w.pre_state.code(token).size(), erc20_runtime_code().size());
    uint256 sum{};
    for (const Address& a : w.accounts) {
      EXPECT_FALSE(w.pre_state.storage(token, erc20::balance_slot(a)).is_zero());
      sum += w.pre_state.storage(token, erc20::balance_slot(a));
    }
    for (const AmmPool& p : w.pools) sum += w.pre_state.storage(token, erc20::balance_slot(p.pair));
    EXPECT_EQ(w.pre_state.storage(token, uint256(erc20::kTotalSupplySlot)), sum);
  }
  for (const Address& a : w.accounts) EXPECT_FALSE(w.pre_state.balance(a).is_zero());
  EXPECT_FALSE(w.pre_state.exists(w.env.context.coinbase));
}

TEST(WorkloadTest, HotFractionOneSendsEverythingToAccountZero) {
  WorkloadOptions o = small(WorkloadKind::Mixed);
  o.hot_fraction = 1;
  Workload w = generate_workload(o);
  for (const Transaction& tx : w.txs) EXPECT_EQ(recipient_of(w, tx), w.accounts[0]);
  ASSERT_EQ(recover_senders(w.txs, 1), 0u);
  State state = w.pre_state;
  SequentialExecutor executor;
  const BlockResult result = executor.execute(state, w.txs, w.env, w.fork);
  for (const Receipt& r : result.receipts) EXPECT_TRUE(r.success());
}

TEST(WorkloadTest, HotFractionSharesTheRecipients) {
  WorkloadOptions o = small(WorkloadKind::Transfer);
  o.txs = 1000;
  o.hot_fraction = 0.5;
  const Workload w = generate_workload(o);
  size_t hot = 0;
  for (const Transaction& tx : w.txs) hot += *tx.to == w.accounts[0];
  EXPECT_GT(hot, 420u);
  EXPECT_LT(hot, 580u);
}

TEST(WorkloadTest, UnrecoverableSignaturesAreCounted) {
  Workload w = generate_workload(small(WorkloadKind::Transfer));
  w.txs[5].s = uint256::max();  // out of range
  w.txs[9].v = uint256(2);      // not a y-parity
  w.txs[9].sender = w.accounts[1];
  EXPECT_EQ(recover_senders(w.txs, 2), 2u);
  EXPECT_EQ(w.txs[5].sender, Address{});
  EXPECT_EQ(w.txs[9].sender, Address{});
  EXPECT_EQ(w.txs[6].sender, w.accounts[w.signer[6]]);
}

TEST(WorkloadTest, RejectsOptionsItCannotBuild) {
  WorkloadOptions o = small(WorkloadKind::Transfer);
  o.accounts = 0;
  EXPECT_THROW(generate_workload(o), std::invalid_argument);
  o = small(WorkloadKind::Amm);
  o.pools = 0;
  EXPECT_THROW(generate_workload(o), std::invalid_argument);
  o = small(WorkloadKind::Transfer);
  o.hot_fraction = 1.5;
  EXPECT_THROW(generate_workload(o), std::invalid_argument);
  o = small(WorkloadKind::Transfer);
  o.pools = 0;  // a transfer block needs no pool
  EXPECT_NO_THROW(generate_workload(o));
}

TEST(WorkloadTest, FewerAccountsThanTransactionsGiveLongNonceChains) {
  WorkloadOptions o = small(WorkloadKind::Erc20);
  o.txs = 50;
  o.accounts = 3;  // 17, 17 and 16 transactions
  Workload w = generate_workload(o);
  ASSERT_EQ(recover_senders(w.txs, 0), 0u);
  std::map<Address, uint64_t> count;
  for (const Transaction& tx : w.txs) ++count[tx.sender];
  std::multiset<uint64_t> sizes;
  for (const auto& [a, n] : count) sizes.insert(n);
  EXPECT_EQ(sizes, (std::multiset<uint64_t>{16, 17, 17}));
  State state = w.pre_state;
  SequentialExecutor executor;
  const BlockResult result = executor.execute(state, w.txs, w.env, w.fork);
  for (const Receipt& r : result.receipts) EXPECT_TRUE(r.success());
  for (const Address& a : w.accounts) EXPECT_EQ(state.nonce(a), count[a]);
}

}  // namespace
}  // namespace warp::bench
