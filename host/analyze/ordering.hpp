// `warpevm analyze`: transaction-ordering dependence (front-running, sandwiching, approve
// races). Every conflicting pair (i < j) is run in both orders on the state the block had
// just before i; pairs whose receipts or touched state differ between the orders are findings.
//
// Limits (dynamic, pairwise): the transactions between i and j are not run, so a j that needs
// one of them (its sender's earlier nonce, say) is rejected in both orders and shows nothing;
// pairs from one sender are not reorderable (nonces) and are only counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "host/analyze/analysis_block.hpp"
#include "host/executor/block_executor.hpp"
#include "state/state_key.hpp"

namespace warp {

// The CPU executor's conflict graph of the block (run with two workers on a copy of the
// pre-state): distinct (from, to, kind, key) edges sorted by from, to, key. Every key two
// transactions share stays, so a pair may have several edges.
std::vector<ConflictEdge> conflict_edges(const AnalysisBlock& block);

struct OrderingOptions {
  size_t max_pairs = 2000;  // distinct pairs run, lowest (i, j) first; the rest are counted
  // Report pairs whose orders differ only in gas (receipts' gas_used, and the balances of the
  // two senders and the coinbase that follow from it). Off: they are counted, not listed,
  // since storage pricing alone (a slot written first from zero) makes many pairs differ so.
  bool include_gas_only = false;
};

// Order A is the block's (first, then second); order B runs second first.
struct ReceiptChange {
  uint32_t tx = 0;
  std::string field;  // "included", "rejection", "status", "gas_used", "logs", "contract_address"
  std::string in_a;
  std::string in_b;
};

// A key whose final value differs between the orders (existence 1/0, code hash as a word).
struct KeyChange {
  StateKey key{};
  StateValue in_a{};
  StateValue in_b{};
};

// ERC-20 Transfer logs of both transactions, summed per (token contract, holder): what the
// holder received and sent in each order. A holder whose net differs between the orders gets
// `difference` more when `more_when_second_first` is the order B, else in order A.
struct TokenEffect {
  Address token{};
  Address holder{};
  uint256 received_a{}, sent_a{};
  uint256 received_b{}, sent_b{};
  bool more_when_second_first = false;
  uint256 difference{};
};

// An account whose ETH balance ends differently; it has `difference` more wei in order B when
// more_when_second_first, else in order A.
struct EthEffect {
  Address account{};
  uint256 balance_a{};
  uint256 balance_b{};
  bool more_when_second_first = false;
  uint256 difference{};
};

struct OrderingFinding {
  uint32_t first = 0;                 // lower block index
  uint32_t second = 0;                // higher block index
  std::vector<StateKey> shared_keys;  // from the pair's conflict edges, sorted, distinct
  std::string explanation;            // one line
  bool gas_only = false;              // see OrderingOptions::include_gas_only
  std::vector<ReceiptChange> receipt_changes;
  std::vector<KeyChange> key_changes;  // sorted by key
  std::vector<TokenEffect> token_effects;
  std::vector<EthEffect> eth_effects;
};

struct OrderingReport {
  size_t conflicting_pairs = 0;           // distinct (i, j) with an edge
  size_t pairs_checked = 0;               // run in both orders
  size_t pairs_skipped = 0;               // beyond max_pairs
  size_t same_sender_pairs = 0;           // not reorderable: not run
  size_t gas_only_pairs = 0;              // differed only in gas (listed only with include_gas_only)
  std::vector<OrderingFinding> findings;  // by (first, second)
};

// keccak256("Transfer(address,address,uint256)"), topic 0 of an ERC-20 Transfer log.
const Hash& erc20_transfer_topic();

// Runs every pair named by `edges` (from != to; either may be the lower index) in both
// orders. Indices outside the block are ignored.
OrderingReport analyze_ordering(const AnalysisBlock& block, std::span<const ConflictEdge> edges,
                                const OrderingOptions& options = {});

}  // namespace warp
