#include "host/node/rpc_params.hpp"

#include "host/node/rpc_error.hpp"
#include "host/node/rpc_hex.hpp"

namespace warp::rpc {

using nlohmann::json;

const json& required(const json& params, size_t i) {
  if (i >= params.size() || params[i].is_null())
    throw RpcError(kInvalidParams, "missing value for required argument " + std::to_string(i));
  return params[i];
}

const json& optional(const json& params, size_t i) {
  static const json null_value = nullptr;
  return i < params.size() ? params[i] : null_value;
}

bool is_pending(const json& tag) { return tag.is_string() && tag.get_ref<const std::string&>() == "pending"; }

uint64_t resolve_block(const Node& node, const json& tag) {
  const uint64_t head = node.chain().head().number;
  if (tag.is_null()) return head;
  if (tag.is_object()) {
    if (tag.contains("blockHash")) {
      const Hash h = parse_hash(tag["blockHash"], "blockHash");
      auto n = node.chain().block_number(h);
      if (!n) throw RpcError(kResourceNotFound, "header for hash not found");
      return *n;
    }
    if (tag.contains("blockNumber")) return resolve_block(node, tag["blockNumber"]);
    throw RpcError(kInvalidParams, "invalid block: object without blockNumber or blockHash");
  }
  if (!tag.is_string()) throw RpcError(kInvalidParams, "invalid block: expected a tag or a hex number");
  const std::string& s = tag.get_ref<const std::string&>();
  if (s == "latest" || s == "pending" || s == "safe" || s == "finalized") return head;
  if (s == "earliest") return 0;
  return parse_u64(tag, "block number");
}

void require_latest_state(const Node& node, const json& tag) {
  // A tag that means "the latest" needs no head number: reading the head twice (here and in
  // resolve_block) would refuse a call when a block lands in between.
  if (tag.is_null()) return;
  if (tag.is_string()) {
    const std::string& s = tag.get_ref<const std::string&>();
    if (s == "latest" || s == "pending" || s == "safe" || s == "finalized") return;
  }
  const uint64_t n = resolve_block(node, tag);
  const uint64_t head = node.chain().head().number;
  if (n != head)
    throw RpcError(kInvalidInput, "state of block " + std::to_string(n) +
                                      " is not available: this node keeps the latest state only (block " +
                                      std::to_string(head) + ")");
}

}  // namespace warp::rpc
