#include "bench/rpc_load/rpc_client.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>

#include "host/node/rpc_hex.hpp"
#include "host/node/rpc_server.hpp"
#include "host/node/unix_time.hpp"

namespace warp::bench {

using nlohmann::json;

namespace {

// The node's limit on calls in one batch request.
constexpr size_t kMaxCallsPerBatch = rpc::RpcLimits{}.max_batch;

// Calls f(chunk, offset) for each run of at most kMaxCallsPerBatch consecutive items.
template <typename T, typename F>
void for_each_batch(std::span<const T> items, F f) {
  for (size_t from = 0; from < items.size(); from += kMaxCallsPerBatch)
    f(items.subspan(from, std::min(kMaxCallsPerBatch, items.size() - from)), from);
}

}  // namespace

RpcClient::RpcClient(const std::string& url, std::optional<JwtSecret> jwt, bool keep_alive)
    : url_(url), jwt_(jwt), http_(std::make_unique<httplib::Client>(url)) {
  if (!http_->is_valid()) throw std::runtime_error("not an http URL: '" + url + "'");
  http_->set_keep_alive(keep_alive);
  // Without it a request's header and body, written separately, wait out the peer's delayed ACK.
  http_->set_tcp_nodelay(true);
  // A batch of many thousand transactions is one block: allow it minutes, not seconds.
  http_->set_read_timeout(600, 0);
  http_->set_write_timeout(60, 0);
  http_->set_connection_timeout(5, 0);
}

RpcClient::~RpcClient() = default;

std::string request_body(std::string_view method, const json& params) {
  return json{{"jsonrpc", "2.0"}, {"id", 1}, {"method", method}, {"params", params}}.dump();
}

RpcReply reply_of(const json& response) {
  RpcReply r;
  if (!response.is_object()) throw std::runtime_error("not a JSON-RPC response: " + response.dump().substr(0, 200));
  if (auto e = response.find("error"); e != response.end() && !e->is_null()) {
    r.error_code = e->value("code", 0);
    r.error_message = e->value("message", std::string("(no message)"));
    return r;
  }
  auto res = response.find("result");
  if (res == response.end()) throw std::runtime_error("JSON-RPC response without result or error");
  r.result = *res;
  return r;
}

json RpcClient::post(const std::string& body) {
  httplib::Headers headers;
  if (jwt_) headers.emplace("Authorization", "Bearer " + make_jwt(*jwt_, unix_seconds()));
  auto res = http_->Post("/", headers, body, "application/json");
  if (!res) throw std::runtime_error("cannot reach " + url_ + ": " + httplib::to_string(res.error()));
  json parsed = json::parse(res->body, nullptr, false);
  if (parsed.is_discarded())
    throw std::runtime_error("HTTP " + std::to_string(res->status) + " from " + url_ + " with a body that is not JSON");
  return parsed;
}

RpcReply RpcClient::try_call(std::string_view method, json params) {
  return reply_of(post(request_body(method, params)));
}

json RpcClient::call(std::string_view method, json params) {
  RpcReply r = try_call(method, std::move(params));
  if (!r.ok()) throw RpcCallError(std::string(method), *r.error_code, r.error_message);
  return std::move(r.result);
}

std::vector<RpcReply> RpcClient::try_batch(std::string_view method, std::span<const json> params_list) {
  RpcReply unanswered;
  unanswered.error_code = 0;
  unanswered.error_message = "the node's batch answer left this call out";
  std::vector<RpcReply> out(params_list.size(), unanswered);
  for_each_batch(params_list, [&](std::span<const json> chunk, size_t offset) {
    json calls = json::array();
    for (size_t i = 0; i < chunk.size(); ++i)
      calls.push_back({{"jsonrpc", "2.0"}, {"id", i}, {"method", method}, {"params", chunk[i]}});
    const json response = post(calls.dump());
    if (!response.is_array()) {
      // The whole batch was refused (too large, unauthorized): every call gets that error.
      const RpcReply whole = reply_of(response);
      for (size_t i = 0; i < chunk.size(); ++i) out[offset + i] = whole;
      return;
    }
    // Batch answers may come in any order: place them by id.
    for (const json& one : response) {
      const json& id = one.contains("id") ? one["id"] : json();
      if (!id.is_number_unsigned() || id.get<size_t>() >= chunk.size())
        throw std::runtime_error("JSON-RPC batch answer with an unexpected id: " + id.dump());
      out[offset + id.get<size_t>()] = reply_of(one);
    }
  });
  return out;
}

std::vector<json> batch_results(RpcClient& client, std::string_view method, std::span<const json> params_list,
                                int attempts) {
  std::vector<json> out;
  out.reserve(params_list.size());
  // Each batch is retried on its own: one that succeeded is not sent again.
  for_each_batch(params_list, [&](std::span<const json> chunk, size_t) {
    for (int attempt = 1;; ++attempt) {
      std::vector<RpcReply> replies = client.try_batch(method, chunk);
      const auto failed = std::find_if(replies.begin(), replies.end(), [](const RpcReply& r) { return !r.ok(); });
      if (failed == replies.end()) {
        for (RpcReply& r : replies) out.push_back(std::move(r.result));
        return;
      }
      if (attempt >= attempts) throw RpcCallError(std::string(method), *failed->error_code, failed->error_message);
    }
  });
  return out;
}

std::vector<uint64_t> read_nonces(RpcClient& client, std::span<const Address> addresses, std::string_view tag) {
  std::vector<uint64_t> out;
  for (const json& r : per_address(client, "eth_getTransactionCount", addresses, [&](const Address& a) {
         return json{to_hex0x(a), std::string(tag)};
       }))
    out.push_back(rpc::parse_u64(r, "nonce"));
  return out;
}

}  // namespace warp::bench
