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

// What a transport sends back: an HTTP status and a body (empty: nothing to answer).
struct RpcAnswer {
  int http_status = 200;
  std::string body;
};

// {"jsonrpc": "2.0", "id": null, "error": {code, message}}: an error that belongs to no call.
std::string error_body(int code, const std::string& message);

struct RpcLimits {
  size_t max_batch = 1000;  // calls in one batch request
};

class RpcServer {
 public:
  RpcServer(Node& node, RpcLimits limits = {});

  // The response body; empty when every call was a notification (no "id"): nothing to send.
  // `authorized`: the caller may use the methods that need a token; when not, each such call
  // is answered with an error of its own.
  std::string handle(std::string_view body, bool authorized);
  // The same for a transport, with the body parsed once: check_auth is asked (at most once)
  // only when a call of the request needs authentication, and returns "" to let it through or
  // why not. An empty check_auth (a node without a JWT secret) lets every call through without
  // looking for such calls. With refuse_whole_request a refusal answers the whole request with
  // HTTP 401, as the Engine API does.
  RpcAnswer answer(std::string_view body, const std::function<std::string()>& check_auth,
                   bool refuse_whole_request = true);
  // Whether any call of the request needs authentication.
  bool needs_auth(std::string_view body) const;

 private:
  bool needs_auth_parsed(const nlohmann::json& parsed) const;
  nlohmann::json handle_call(const nlohmann::json& call, bool authorized, bool& is_notification);

  Node& node_;
  RpcLimits limits_;
  MethodTable methods_;
};

}  // namespace warp::rpc
