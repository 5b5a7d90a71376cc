// A JSON-RPC 2.0 client over one keep-alive HTTP connection (cpp-httplib), for the load
// generator: single calls, batches of calls, and pre-encoded request bodies (so that
// encoding can happen before a timed run). One client per thread: it is not thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "host/node/jwt_auth.hpp"
#include "kernels/evm/hash.hpp"

namespace httplib {
class Client;
}

namespace warp::bench {

// The node answered with a JSON-RPC error object.
class RpcCallError : public std::runtime_error {
 public:
  RpcCallError(std::string method, int code, const std::string& message)
      : std::runtime_error(method + ": " + message + " (code " + std::to_string(code) + ")"),
        method_(std::move(method)),
        code_(code),
        node_message_(message) {}
  int code() const { return code_; }
  const std::string& node_message() const { return node_message_; }

 private:
  std::string method_;
  int code_;
  std::string node_message_;
};

// One call's answer: a result, or the node's error (code and message).
struct RpcReply {
  nlohmann::json result;
  std::optional<int> error_code;
  std::string error_message;
  bool ok() const { return !error_code; }
};

class RpcClient {
 public:
  // url: "http://host:port". jwt: when set, every request carries a fresh HS256 token (the
  // node checks `iat` against its clock, so a token made once would expire in a long run).
  // keep_alive: reuse one TCP connection (the client sets TCP_NODELAY; a server that does not
  // makes each reused-connection request wait ~40 ms for a delayed ACK). Off, each request
  // opens its own connection, ~0.2 ms on loopback: the way round such a server.
  explicit RpcClient(const std::string& url, std::optional<JwtSecret> jwt = std::nullopt, bool keep_alive = true);
  ~RpcClient();
  RpcClient(const RpcClient&) = delete;
  RpcClient& operator=(const RpcClient&) = delete;

  // Throws RpcCallError for an error answer, std::runtime_error when the node cannot be
  // reached or answers something that is not JSON-RPC.
  nlohmann::json call(std::string_view method, nlohmann::json params);
  RpcReply try_call(std::string_view method, nlohmann::json params);
  // One call per params, as JSON-RPC batches; replies in call order. The node takes at most
  // rpc::RpcLimits::max_batch calls per batch, so a longer list goes out as several.
  std::vector<RpcReply> try_batch(std::string_view method, std::span<const nlohmann::json> params_list);
  // A whole request body made beforehand; returns the parsed response.
  nlohmann::json post(const std::string& body);

  const std::string& url() const { return url_; }

 private:
  std::string url_;
  std::optional<JwtSecret> jwt_;
  std::unique_ptr<httplib::Client> http_;
};

// The results of a list of reads, in call order, in batches as try_batch. A batch with a
// failed call is sent again, up to `attempts` times, then the first error is thrown as
// RpcCallError: the node can refuse a read of "latest" when a block lands during the call
// ("state of block N is not available"), and the same read a moment later succeeds.
std::vector<nlohmann::json> batch_results(RpcClient& client, std::string_view method,
                                          std::span<const nlohmann::json> params_list, int attempts = 5);

// One call per address, with params `make_params(address)`, as batch_results; results in order.
template <typename MakeParams>
std::vector<nlohmann::json> per_address(RpcClient& client, std::string_view method, std::span<const Address> addresses,
                                        MakeParams make_params) {
  std::vector<nlohmann::json> params;
  params.reserve(addresses.size());
  for (const Address& a : addresses) params.push_back(make_params(a));
  return batch_results(client, method, params);
}

// eth_getTransactionCount(address, tag) for each, in JSON-RPC batches.
std::vector<uint64_t> read_nonces(RpcClient& client, std::span<const Address> addresses, std::string_view tag);

// A request body for one call (id 1).
std::string request_body(std::string_view method, const nlohmann::json& params);
// Reads one call's response object into a reply (throws std::runtime_error if it is neither).
RpcReply reply_of(const nlohmann::json& response);

}  // namespace warp::bench
