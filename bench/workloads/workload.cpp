// generate_workload: the accounts, the pre-state, then the block, transaction by
// transaction in block order, then the signatures.
#include "bench/workloads/workload.hpp"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <utility>

#include "bench/contracts/contracts.hpp"
#include "bench/workloads/block_env.hpp"
#include "bench/workloads/keys.hpp"
#include "bench/workloads/pre_state.hpp"
#include "bench/workloads/rng.hpp"
#include "bench/workloads/signing.hpp"
#include "bench/workloads/tx_makers.hpp"

namespace warp::bench {

namespace {

constexpr uint64_t kMinBlockGasLimit = 30'000'000;  // mainnet's at Cancun

// Amount ranges. Every account sends at most ceil(txs / accounts) transactions, each far
// below its 10^24 wei and 10^24 token units, so no transaction can run out of funds.
constexpr uint64_t kMaxTransferWei = 1'000'000'000'000'000ull;        // 0.001 ether
constexpr uint64_t kMaxErc20Amount = 1'000'000'000'000'000'000ull;    // one token
constexpr uint64_t kMinSwapIn = 1'000'000'000'000'000ull;             // 10^-3 token: output never 0
constexpr uint64_t kMaxSwapIn = 1'000'000'000'000'000'000ull;         // 10^-12 of a reserve
// The tip: 1 to 3 gwei, varied so the coinbase's fee credit differs per transaction.
constexpr uint64_t kMinTip = 1 * kGwei;
constexpr uint64_t kMaxTip = 3 * kGwei;

bool uses_erc20(WorkloadKind k) { return k == WorkloadKind::Erc20 || k == WorkloadKind::Mixed; }
bool uses_amm(WorkloadKind k) { return k == WorkloadKind::Amm || k == WorkloadKind::Mixed; }

void check_options(const WorkloadOptions& o) {
  if (o.accounts == 0) throw std::invalid_argument("workload: at least one account is needed");
  if (o.accounts > std::numeric_limits<uint32_t>::max() || o.txs > std::numeric_limits<uint32_t>::max() ||
      o.pools > std::numeric_limits<uint32_t>::max())
    throw std::invalid_argument("workload: accounts, txs and pools must each be below 2^32");
  if (uses_amm(o.kind) && o.pools == 0)
    throw std::invalid_argument("workload: the " + std::string(to_string(o.kind)) + " workload needs at least one pool");
  if (!(o.hot_fraction >= 0 && o.hot_fraction <= 1))
    throw std::invalid_argument("workload: hot_fraction must be within [0, 1]");
}

// A seeded Fisher-Yates shuffle of the accounts, walked round-robin: transaction i is sent by
// order[i % accounts] with nonce i / accounts. Every account sends floor or ceil of
// txs / accounts transactions, with consecutive nonces from 0 in block order.
std::vector<uint32_t> sender_order(uint64_t seed, size_t accounts) {
  std::vector<uint32_t> order(accounts);
  for (size_t i = 0; i < accounts; ++i) order[i] = static_cast<uint32_t>(i);
  Rng rng(seed, kStreamSenders);
  for (size_t i = accounts; i > 1; --i) std::swap(order[i - 1], order[rng.below(i)]);
  return order;
}

// The recipient: with probability hot_fraction the hot account 0 (even for account 0's own
// transactions: the hot share stays exact), otherwise uniform among the others.
uint32_t pick_recipient(Rng& rng, uint32_t sender, size_t accounts, double hot_fraction) {
  if (rng.chance(hot_fraction)) return 0;
  if (accounts < 2) return sender;
  const auto r = static_cast<uint32_t>(rng.below(accounts - 1));
  return r >= sender ? r + 1 : r;
}

WorkloadKind pick_kind(Rng& rng, WorkloadKind kind) {
  if (kind != WorkloadKind::Mixed) return kind;
  const uint64_t r = rng.below(10);  // 40% transfers, 40% ERC-20 transfers, 20% swaps
  return r < 4 ? WorkloadKind::Transfer : r < 8 ? WorkloadKind::Erc20 : WorkloadKind::Amm;
}

struct Reserves {
  uint256 r0, r1;
};

// Builds the pre-state for the accounts and the contracts the kind needs.
void build_pre_state(Workload& w, const WorkloadOptions& o) {
  fund_accounts(w.pre_state, w.accounts, kAccountEther);
  if (uses_erc20(o.kind)) {
    w.erc20_token = erc20_token_address();
    install_erc20(w.pre_state, *w.erc20_token, w.accounts, kAccountTokens);
  }
  if (uses_amm(o.kind)) {
    for (uint32_t p = 0; p < o.pools; ++p) {
      const AmmPool pool{pair_address(p), amm_token_address(p, false), amm_token_address(p, true)};
      install_erc20(w.pre_state, pool.token0, w.accounts, kAccountTokens, pool.pair, kPairReserve);
      install_erc20(w.pre_state, pool.token1, w.accounts, kAccountTokens, pool.pair, kPairReserve);
      install_pair(w.pre_state, pool.pair, pool.token0, pool.token1, kPairReserve, w.accounts);
      w.pools.push_back(pool);
    }
  }
}

}  // namespace

Workload generate_workload(const WorkloadOptions& o) {
  check_options(o);
  Workload w;
  w.name = std::string(to_string(o.kind));
  Keyring keys = derive_keyring(o.seed, o.accounts);
  w.accounts = std::move(keys.addresses);
  build_pre_state(w, o);

  const std::vector<uint32_t> order = sender_order(o.seed, o.accounts);
  Rng recipients(o.seed, kStreamRecipients);
  Rng kinds(o.seed, kStreamKinds);
  Rng amounts(o.seed, kStreamAmounts);
  Rng fees(o.seed, kStreamFees);
  // Swaps are simulated in block order so each one's minimum output is its exact output
  // less 1% slippage: tight enough to be realistic, and never failing.
  std::vector<Reserves> reserves(w.pools.size(), Reserves{kPairReserve, kPairReserve});

  const BlockEnv env_for_chain = make_block_env(kMinBlockGasLimit);
  w.txs.reserve(o.txs);
  w.signer.reserve(o.txs);
  uint64_t gas_sum = 0;
  for (size_t i = 0; i < o.txs; ++i) {
    const uint32_t sender = order[i % o.accounts];
    const TxHeader header{env_for_chain.chain_id, i / o.accounts, uint256(fees.between(kMinTip, kMaxTip))};
    const WorkloadKind kind = pick_kind(kinds, o.kind);
    const Address& to = w.accounts[pick_recipient(recipients, sender, o.accounts, o.hot_fraction)];

    Transaction tx;
    switch (kind) {
      case WorkloadKind::Transfer:
        tx = make_transfer(header, to, uint256(amounts.between(1, kMaxTransferWei)));
        break;
      case WorkloadKind::Erc20:
        tx = make_erc20_transfer(header, *w.erc20_token, to, uint256(amounts.between(1, kMaxErc20Amount)));
        break;
      case WorkloadKind::Amm:
      case WorkloadKind::Mixed: {  // pick_kind never gives Mixed; the label keeps -Wswitch quiet
        const size_t p = amounts.below(w.pools.size());
        const bool zero_for_one = (amounts.next() & 1) != 0;
        const uint256 in(amounts.between(kMinSwapIn, kMaxSwapIn));
        Reserves& r = reserves[p];
        uint256& reserve_in = zero_for_one ? r.r0 : r.r1;
        uint256& reserve_out = zero_for_one ? r.r1 : r.r0;
        const uint256 out = pair::amount_out(in, reserve_in, reserve_out);
        reserve_in += in;
        reserve_out -= out;
        tx = make_swap(header, w.pools[p].pair, zero_for_one, in, out - out / uint256(100), to);
        break;
      }
    }
    gas_sum += tx.gas_limit;
    w.txs.push_back(std::move(tx));
    w.signer.push_back(sender);
  }

  sign_transactions(w.txs, w.signer, keys.secret_keys);
  w.env = make_block_env(std::max(gas_sum, kMinBlockGasLimit));
  w.fork = Fork::Cancun;
  return w;
}

}  // namespace warp::bench
