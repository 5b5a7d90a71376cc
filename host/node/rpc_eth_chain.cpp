// The eth_ methods that read the chain's history: blocks, transactions, receipts, logs and
// fee history, all from the durable store's block records.
#include <algorithm>

#include "host/node/logs_bloom.hpp"
#include "host/node/rpc_error.hpp"
#include "host/node/rpc_format.hpp"
#include "host/node/rpc_hex.hpp"
#include "host/node/rpc_params.hpp"
#include "host/node/rpc_server.hpp"
#include "host/tx/blob_gas.hpp"

namespace warp::rpc {

using nlohmann::json;

namespace {

// eth_getLogs bounds: a wider query is refused (kLimitExceeded) instead of tying up the node.
constexpr uint64_t kMaxLogBlockRange = 10'000;
constexpr size_t kMaxLogs = 10'000;
constexpr uint64_t kMaxFeeHistoryBlocks = 1024;

bool full_flag(const json& v) {
  if (v.is_null()) return false;
  if (!v.is_boolean()) throw RpcError(kInvalidParams, "invalid argument 1: expected a boolean");
  return v.get<bool>();
}

// The block a (number or tag) or (hash) parameter names; nullptr when there is none.
std::shared_ptr<const StoredBlock> block_by_number_param(const Node& node, const json& tag) {
  return node.chain().block(resolve_block(node, tag));
}

std::shared_ptr<const StoredBlock> block_by_hash(const Node& node, const Hash& hash) {
  auto n = node.chain().block_number(hash);
  return n ? node.chain().block(*n) : nullptr;
}

std::shared_ptr<const StoredBlock> block_by_hash_param(const Node& node, const json& hash) {
  return block_by_hash(node, parse_hash(hash, "block hash"));
}

// A mined transaction as JSON; its record must decode (the block was stored by this node).
json mined_transaction(const StoredBlock& block, const Hash& block_hash, uint32_t index) {
  auto tx = format_block_transaction(block, block_hash, index);
  if (!tx) throw RpcError(kInternalError, "stored transaction cannot be decoded");
  return std::move(*tx);
}

json get_block_by_number(Node& node, const json& p) {
  auto block = block_by_number_param(node, required(p, 0));
  const bool full = full_flag(required(p, 1));
  if (!block) return nullptr;
  return format_block(*block, header_hash(block->header), full);
}

json get_block_by_hash(Node& node, const json& p) {
  const Hash h = parse_hash(required(p, 0), "block hash");
  const bool full = full_flag(required(p, 1));
  auto block = block_by_hash(node, h);
  if (!block) return nullptr;
  return format_block(*block, h, full);
}

struct Mined {
  std::shared_ptr<const StoredBlock> block;
  uint32_t index = 0;
};

std::optional<Mined> find_mined(const Node& node, const Hash& tx_hash) {
  auto loc = node.chain().tx_location(tx_hash);
  if (!loc) return std::nullopt;
  auto block = node.chain().block(loc->block);
  if (!block || loc->index >= block->receipts.size()) return std::nullopt;
  return Mined{std::move(block), loc->index};
}

json get_transaction_by_hash(Node& node, const json& p) {
  const Hash h = parse_hash(required(p, 0), "transaction hash");
  if (auto mined = find_mined(node, h))
    return mined_transaction(*mined->block, header_hash(mined->block->header), mined->index);
  if (auto pending = node.pending(h)) return format_transaction(*pending, std::nullopt);
  return nullptr;
}

json get_transaction_receipt(Node& node, const json& p) {
  const Hash h = parse_hash(required(p, 0), "transaction hash");
  auto mined = find_mined(node, h);
  if (!mined) return nullptr;
  return format_receipt(*mined->block, header_hash(mined->block->header), mined->index);
}

// One position of a topics filter: null matches anything, a hash that hash, an array any of its.
struct TopicRule {
  bool any = true;
  std::vector<Hash> options;
};

std::vector<TopicRule> parse_topics(const json& v) {
  std::vector<TopicRule> rules;
  if (v.is_null()) return rules;
  if (!v.is_array()) throw RpcError(kInvalidParams, "invalid topics: expected an array");
  if (v.size() > 4) throw RpcError(kInvalidParams, "invalid topics: more than 4 positions");
  for (const json& pos : v) {
    TopicRule rule;
    if (pos.is_array()) {
      for (const json& t : pos) rule.options.push_back(parse_hash(t, "topic"));
      rule.any = rule.options.empty();
    } else if (!pos.is_null()) {
      rule.options.push_back(parse_hash(pos, "topic"));
      rule.any = false;
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

bool log_matches(const Log& log, const std::vector<Address>& addresses, const std::vector<TopicRule>& topics) {
  if (!addresses.empty() && std::find(addresses.begin(), addresses.end(), log.address) == addresses.end()) return false;
  if (topics.size() > log.topics.size()) {
    // A position the log does not have matches only "anything".
    for (size_t i = log.topics.size(); i < topics.size(); ++i)
      if (!topics[i].any) return false;
  }
  for (size_t i = 0; i < topics.size() && i < log.topics.size(); ++i) {
    const TopicRule& r = topics[i];
    if (!r.any && std::find(r.options.begin(), r.options.end(), log.topics[i]) == r.options.end()) return false;
  }
  return true;
}

// The block's bloom may hold every address and topic rule: otherwise skip it without decoding
// its receipts.
bool bloom_allows(const Bloom& bloom, const std::vector<Address>& addresses, const std::vector<TopicRule>& topics) {
  if (!addresses.empty() && std::none_of(addresses.begin(), addresses.end(), [&](const Address& a) {
        return bloom_may_contain(bloom, ByteView(a.bytes, 20));
      }))
    return false;
  for (const TopicRule& r : topics) {
    if (r.any) continue;
    if (std::none_of(r.options.begin(), r.options.end(),
                     [&](const Hash& t) { return bloom_may_contain(bloom, ByteView(t.bytes, 32)); }))
      return false;
  }
  return true;
}

json get_logs(Node& node, const json& p) {
  const json& filter = required(p, 0);
  if (!filter.is_object()) throw RpcError(kInvalidParams, "invalid filter: expected an object");
  std::vector<Address> addresses;
  if (filter.contains("address") && !filter["address"].is_null()) {
    const json& a = filter["address"];
    if (a.is_array()) {
      for (const json& x : a) addresses.push_back(parse_address(x, "address"));
    } else {
      addresses.push_back(parse_address(a, "address"));
    }
  }
  const std::vector<TopicRule> topics = parse_topics(filter.value("topics", json()));
  uint64_t from = 0, to = 0;
  const uint64_t head = node.chain().head().number;
  if (filter.contains("blockHash") && !filter["blockHash"].is_null()) {
    if (filter.contains("fromBlock") || filter.contains("toBlock"))
      throw RpcError(kInvalidParams, "invalid filter: blockHash cannot be combined with fromBlock/toBlock");
    auto n = node.chain().block_number(parse_hash(filter["blockHash"], "blockHash"));
    if (!n) throw RpcError(kResourceNotFound, "unknown block");
    from = to = *n;
  } else {
    from = resolve_block(node, filter.value("fromBlock", json()));
    to = resolve_block(node, filter.value("toBlock", json()));
    to = std::min(to, head);
    if (from > to) {
      if (from > head) return json::array();
      throw RpcError(kInvalidParams, "invalid block range: fromBlock is after toBlock");
    }
  }
  if (to - from + 1 > kMaxLogBlockRange)
    throw RpcError(kLimitExceeded, "query spans more than " + std::to_string(kMaxLogBlockRange) + " blocks");
  json out = json::array();
  for (uint64_t n = from; n <= to; ++n) {
    auto block = node.chain().block(n);
    if (!block || !bloom_allows(block->header.logs_bloom, addresses, topics)) continue;
    const Hash block_hash = header_hash(block->header);
    uint64_t log_index = 0;
    for (uint32_t i = 0; i < block->receipts.size(); ++i) {
      for (const Log& log : block->receipts[i].logs) {
        if (log_matches(log, addresses, topics)) {
          if (out.size() >= kMaxLogs)
            throw RpcError(kLimitExceeded, "query returns more than " + std::to_string(kMaxLogs) + " logs");
          out.push_back(format_log(log, *block, block_hash, i, log_index));
        }
        ++log_index;
      }
    }
  }
  return out;
}

// The effective tips of a block's transactions at the given gas-weighted percentiles.
json block_rewards(const StoredBlock& block, const std::vector<double>& percentiles) {
  json out = json::array();
  const uint256 base_fee = block.header.base_fee_per_gas.value_or(uint256(0));
  std::vector<std::pair<uint256, uint64_t>> tips;  // tip, gas used
  for (const StoredReceipt& r : block.receipts) {
    const uint256 tip = r.effective_gas_price > base_fee ? r.effective_gas_price - base_fee : uint256(0);
    tips.emplace_back(tip, r.gas_used);
  }
  std::sort(tips.begin(), tips.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (double pct : percentiles) {
    if (tips.empty()) {
      out.push_back("0x0");
      continue;
    }
    const double threshold = static_cast<double>(block.header.gas_used) * pct / 100.0;
    uint64_t sum = 0;
    size_t i = 0;
    for (; i < tips.size(); ++i) {
      sum += tips[i].second;
      if (static_cast<double>(sum) >= threshold) break;
    }
    out.push_back(quantity(tips[std::min(i, tips.size() - 1)].first));
  }
  return out;
}

json fee_history(Node& node, const json& p) {
  const json& count_arg = required(p, 0);
  uint64_t count = count_arg.is_number_unsigned() ? count_arg.get<uint64_t>() : parse_u64(count_arg, "blockCount");
  const uint64_t requested = resolve_block(node, required(p, 1));
  const uint64_t head = node.chain().head().number;
  const uint64_t newest = std::min(requested, head);
  const Fork fork = node.chain().config().fork;
  std::vector<double> percentiles;
  const json& pct = optional(p, 2);
  if (!pct.is_null()) {
    if (!pct.is_array()) throw RpcError(kInvalidParams, "invalid rewardPercentiles: expected an array");
    double prev = 0;
    for (const json& x : pct) {
      if (!x.is_number()) throw RpcError(kInvalidParams, "invalid rewardPercentiles: expected numbers");
      const double v = x.get<double>();
      if (v < 0 || v > 100 || v < prev) throw RpcError(kInvalidParams, "invalid reward percentile " + x.dump());
      prev = v;
      percentiles.push_back(v);
    }
  }
  count = std::min({count, kMaxFeeHistoryBlocks, newest + 1});
  json base_fees = json::array(), ratios = json::array(), blob_fees = json::array(), blob_ratios = json::array(),
       rewards = json::array();
  const uint64_t oldest = newest + 1 - count;
  for (uint64_t n = oldest; n <= newest && count > 0; ++n) {
    auto block = node.chain().block(n);
    if (!block) throw RpcError(kInternalError, "block " + std::to_string(n) + " is unreadable");
    const BlockHeader& h = block->header;
    base_fees.push_back(quantity(h.base_fee_per_gas.value_or(uint256(0))));
    ratios.push_back(h.gas_limit == 0 ? 0.0 : static_cast<double>(h.gas_used) / static_cast<double>(h.gas_limit));
    blob_fees.push_back(quantity(blob_base_fee(h.excess_blob_gas.value_or(0), fork).value_or(uint256(0))));
    blob_ratios.push_back(0.0);
    if (!percentiles.empty()) rewards.push_back(block_rewards(*block, percentiles));
  }
  // One more entry: the block after the newest (what eth_feeHistory clients extrapolate from).
  if (count > 0 && newest == head) {
    const BlockHeader after = node.chain().next_header(0);
    base_fees.push_back(quantity(after.base_fee_per_gas.value_or(uint256(0))));
    blob_fees.push_back(quantity(blob_base_fee(after.excess_blob_gas.value_or(0), fork).value_or(uint256(0))));
  } else if (count > 0) {
    auto next = node.chain().block(newest + 1);
    base_fees.push_back(quantity(next ? next->header.base_fee_per_gas.value_or(uint256(0)) : uint256(0)));
    blob_fees.push_back(blob_fees.back());
  }
  json out = {{"oldestBlock", quantity(count > 0 ? oldest : newest)},
              {"baseFeePerGas", std::move(base_fees)},
              {"gasUsedRatio", std::move(ratios)},
              {"baseFeePerBlobGas", std::move(blob_fees)},
              {"blobGasUsedRatio", std::move(blob_ratios)}};
  if (!percentiles.empty()) out["reward"] = std::move(rewards);
  return out;
}

json transaction_count(const std::shared_ptr<const StoredBlock>& block) {
  return block ? json(quantity(static_cast<uint64_t>(block->raw_txs.size()))) : json(nullptr);
}

json transaction_at(const std::shared_ptr<const StoredBlock>& block, const json& index_param) {
  const uint64_t index = parse_u64(index_param, "transaction index");
  if (!block || index >= block->raw_txs.size()) return nullptr;
  return mined_transaction(*block, header_hash(block->header), static_cast<uint32_t>(index));
}

// Every receipt of a block, in order (what indexers fetch instead of one call per transaction).
json block_receipts(Node& node, const json& p) {
  const json& which = required(p, 0);
  auto block = which.is_string() && which.get_ref<const std::string&>().size() == 66
                   ? block_by_hash_param(node, which)
                   : block_by_number_param(node, which);
  if (!block) return nullptr;
  return format_receipts(*block, header_hash(block->header));
}

}  // namespace

void add_eth_chain_methods(MethodTable& t) {
  t["eth_getBlockReceipts"] = {block_receipts, 1};
  t["eth_getBlockTransactionCountByNumber"] = {
      [](Node& n, const json& p) -> json { return transaction_count(block_by_number_param(n, required(p, 0))); }, 1};
  t["eth_getBlockTransactionCountByHash"] = {
      [](Node& n, const json& p) -> json { return transaction_count(block_by_hash_param(n, required(p, 0))); }, 1};
  t["eth_getTransactionByBlockNumberAndIndex"] = {[](Node& n, const json& p) -> json {
                                                    return transaction_at(block_by_number_param(n, required(p, 0)),
                                                                          required(p, 1));
                                                  },
                                                  2};
  t["eth_getTransactionByBlockHashAndIndex"] = {[](Node& n, const json& p) -> json {
                                                  return transaction_at(block_by_hash_param(n, required(p, 0)),
                                                                        required(p, 1));
                                                },
                                                2};
  t["eth_getBlockByNumber"] = {get_block_by_number, 2};
  t["eth_getBlockByHash"] = {get_block_by_hash, 2};
  t["eth_getTransactionByHash"] = {get_transaction_by_hash, 1};
  t["eth_getTransactionReceipt"] = {get_transaction_receipt, 1};
  t["eth_getLogs"] = {get_logs, 1};
  t["eth_feeHistory"] = {fee_history, 3};
}

}  // namespace warp::rpc
