#include "tests/node/rpc_client.hpp"

#include <httplib.h>

#include "state/bytes.hpp"

namespace warp::nodetest {

using nlohmann::json;

RpcClient::RpcClient(int port, std::chrono::milliseconds timeout)
    : http_(std::make_unique<httplib::Client>("127.0.0.1", port)) {
  http_->set_connection_timeout(timeout);
  http_->set_read_timeout(timeout);
  http_->set_write_timeout(timeout);
  // A connection per request: over a kept-alive connection the node answers ~40 ms late
  // (Nagle on its side against our delayed ACKs), which would starve the stream.
  http_->set_keep_alive(false);
  http_->set_tcp_nodelay(true);
}

RpcClient::~RpcClient() = default;

RpcReply RpcClient::call(const std::string& method, json params) {
  const json request = {{"jsonrpc", "2.0"}, {"id", next_id_++}, {"method", method}, {"params", std::move(params)}};
  RpcReply reply;
  auto res = http_->Post("/", request.dump(), "application/json");
  if (!res) return reply;
  reply.delivered = true;
  const json body = json::parse(res->body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    reply.error = "HTTP " + std::to_string(res->status) + ", not a JSON object: " + res->body.substr(0, 200);
  } else if (body.contains("error")) {
    const json& e = body["error"];
    reply.error =
        e.is_object() && e.contains("message") && e["message"].is_string() ? e["message"].get<std::string>() : e.dump();
  } else if (!body.contains("result")) {
    reply.error = "no result in " + body.dump().substr(0, 200);
  } else {
    reply.result = body["result"];
  }
  return reply;
}

std::optional<uint64_t> parse_quantity(const json& v) {
  if (!v.is_string()) return std::nullopt;
  const std::string s = v.get<std::string>();
  if (s.size() < 3 || s.size() > 18 || s[0] != '0' || s[1] != 'x') return std::nullopt;
  uint64_t out = 0;
  for (size_t i = 2; i < s.size(); ++i) {
    const char c = s[i];
    uint64_t d = 0;
    if (c >= '0' && c <= '9')
      d = static_cast<uint64_t>(c - '0');
    else if (c >= 'a' && c <= 'f')
      d = static_cast<uint64_t>(c - 'a' + 10);
    else
      return std::nullopt;
    out = (out << 4) | d;
  }
  return out;
}

std::optional<Hash> parse_hash(const json& v) {
  if (!v.is_string()) return std::nullopt;
  return fixed_from_hex<32>(v.get<std::string>());
}

std::string quantity_hex(uint64_t v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(v));
  return buf;
}

}  // namespace warp::nodetest
