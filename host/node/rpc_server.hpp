// JSON-RPC 2.0 over any transport: a request body in, a response body out. Single requests and
// batches, with the error objects of the JSON-RPC spec and EIP-1474. The HTTP layer
// (http_server) only adds the body limit and authentication.
#pragma once

#include <cstddef>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unordered_map>

#include "host/node/node.hpp"

namespace warp::rpc {

using Method = std::function<nlohmann::json(Node&, const nlohmann::json& params)>;

struct MethodSpec {
  Method fn;
  size_t max_params = 0;
  bool needs_auth = false;  // the warp_ methods, when the node was given a JWT secret
};

using MethodTable = std::unordered_map<std::string, MethodSpec>;

// Each adds one family of methods (files rpc_eth_*.cpp, rpc_warp.cpp).
void add_eth_state_methods(MethodTable& table);
void add_eth_chain_methods(MethodTable& table);
void add_warp_methods(MethodTable& table);

struct RpcLimits {
  size_t max_batch = 1000;  // calls in one batch request
};

class RpcServer {
 public:
  RpcServer(Node& node, RpcLimits limits = {});

  // The response body; empty when every call was a notification (no "id"): nothing to send.
  // `authorized`: the transport checked the caller's token (or no token is required).
  std::string handle(std::string_view body, bool authorized);
  // Whether any call of a parsed request needs authentication (the transport asks first).
  bool needs_auth(std::string_view body) const;

 private:
  nlohmann::json handle_call(const nlohmann::json& call, bool authorized, bool& is_notification);

  Node& node_;
  RpcLimits limits_;
  MethodTable methods_;
};

}  // namespace warp::rpc
