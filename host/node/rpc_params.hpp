// Reading a method's positional parameters, and block tags, for the rpc_* method files.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "host/node/node.hpp"

namespace warp::rpc {

// params[i]; throws kInvalidParams "missing value for required argument i" when absent or null.
const nlohmann::json& required(const nlohmann::json& params, size_t i);
// params[i], or null when absent.
const nlohmann::json& optional(const nlohmann::json& params, size_t i);

// A block number or tag ("latest", "pending", "safe", "finalized", "earliest", or an EIP-1898
// object {"blockNumber"} / {"blockHash"}); absent means "latest". Throws kInvalidParams on a
// malformed one; a number above the head resolves as it is (the caller answers null).
uint64_t resolve_block(const Node& node, const nlohmann::json& tag);
// For the state methods: the node keeps the latest state only. Throws kInvalidInput for any
// other block, naming the one it has.
void require_latest_state(const Node& node, const nlohmann::json& tag);
bool is_pending(const nlohmann::json& tag);

}  // namespace warp::rpc
