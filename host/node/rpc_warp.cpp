// The batch API for a rollup's pipeline: warp_executeBatch (raw transactions in, one block
// out, right away) and warp_getStateDiff (what a block changed). Both need the JWT when the
// node was given one.
#include "host/node/rpc_error.hpp"
#include "host/node/rpc_format.hpp"
#include "host/node/rpc_hex.hpp"
#include "host/node/rpc_params.hpp"
#include "host/node/rpc_server.hpp"

namespace warp::rpc {

using nlohmann::json;

namespace {

// Transactions one batch may carry; a rollup splits larger ones.
constexpr size_t kMaxBatchTxs = 100'000;

json execute_batch(Node& node, const json& p) {
  const json& list = required(p, 0);
  if (!list.is_array()) throw RpcError(kInvalidParams, "invalid argument 0: expected an array of raw transactions");
  if (list.size() > kMaxBatchTxs)
    throw RpcError(kLimitExceeded, "batch of " + std::to_string(list.size()) + " transactions exceeds the limit of " +
                                       std::to_string(kMaxBatchTxs));
  std::vector<Bytes> raw;
  raw.reserve(list.size());
  for (size_t i = 0; i < list.size(); ++i) raw.push_back(parse_data(list[i], "transaction " + std::to_string(i)));

  const BatchOutcome out = node.execute_batch(raw);
  if (!out.block.error.empty()) throw RpcError(kInternalError, out.block.error);
  json rejected = json::array();
  for (const RejectedTx& r : out.rejected) {
    json entry = {{"index", r.index}, {"reason", r.reason}};
    entry["hash"] = r.hash == Hash{} ? json(nullptr) : json(hex_data(r.hash));
    rejected.push_back(std::move(entry));
  }
  json result;
  result["rejected"] = std::move(rejected);
  if (!out.block.header) {
    const BlockHeader head = node.chain().head();
    result["block"] = nullptr;
    result["blockNumber"] = nullptr;
    result["stateRoot"] = hex_data(head.state_root);
    result["gasUsed"] = "0x0";
    result["receipts"] = json::array();
    return result;
  }
  const BlockHeader& h = *out.block.header;
  result["blockNumber"] = quantity(h.number);
  result["blockHash"] = hex_data(out.block.hash);
  result["stateRoot"] = hex_data(h.state_root);
  result["gasUsed"] = quantity(h.gas_used);
  result["transactionsRoot"] = hex_data(h.transactions_root);
  result["receiptsRoot"] = hex_data(h.receipts_root);
  auto block = node.chain().block(h.number);
  json receipts = block ? format_receipts(*block, out.block.hash) : json::array();
  for (size_t i = 0; i < receipts.size(); ++i) receipts[i]["batchIndex"] = out.block.included[i];
  result["receipts"] = std::move(receipts);
  // Where the time went, for a pipeline tuning its batch size (seconds).
  result["timing"] = {{"execute", out.block.seconds_execute}, {"commit", out.block.seconds_commit}};
  return result;
}

json get_state_diff(Node& node, const json& p) {
  const uint64_t n = resolve_block(node, required(p, 0));
  auto block = node.chain().block(n);
  if (!block) return nullptr;
  const StateDiff& d = block->diff;
  json accounts = json::array(), storage = json::array(), codes = json::array();
  for (const AccountChange& c : d.accounts) {
    json a = {{"address", hex_data(c.address)}};
    if (c.fields) {
      a["nonce"] = quantity(c.fields->nonce);
      a["balance"] = quantity(c.fields->balance);
      a["codeHash"] = hex_data(c.fields->code_hash);
    } else {
      a["deleted"] = true;
    }
    accounts.push_back(std::move(a));
  }
  for (const StorageChange& c : d.storage)
    storage.push_back({{"address", hex_data(c.address)},
                       {"slot", hex_data(c.slot.to_hash())},
                       {"value", hex_data(c.value.to_hash())}});
  for (const auto& [hash, code] : d.codes) codes.push_back({{"codeHash", hex_data(hash)}, {"code", hex_data(code)}});
  return json{{"blockNumber", quantity(n)},
              {"blockHash", hex_data(header_hash(block->header))},
              {"stateRoot", hex_data(block->header.state_root)},
              {"accounts", std::move(accounts)},
              {"storage", std::move(storage)},
              {"codes", std::move(codes)}};
}

}  // namespace

void add_warp_methods(MethodTable& t) {
  t["warp_executeBatch"] = {execute_batch, 1, true};
  t["warp_getStateDiff"] = {get_state_diff, 1, true};
}

}  // namespace warp::rpc
