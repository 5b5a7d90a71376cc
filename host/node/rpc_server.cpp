#include "host/node/rpc_server.hpp"

#include <algorithm>
#include <exception>

#include "host/node/rpc_error.hpp"

namespace warp::rpc {

using nlohmann::json;

namespace {

std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

json error_response(const json& id, int code, const std::string& message, const json& data = nullptr) {
  json err = {{"code", code}, {"message", message}};
  if (!data.is_null()) err["data"] = data;
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", std::move(err)}};
}

// Deeper than any request needs (a batch of calls with access lists is under 10). Copying a
// nlohmann::json recurses once per level, so a deep body must never become a tree at all.
constexpr int kMaxJsonDepth = 64;

// The parsed body; discarded when it is not JSON or nests deeper than kMaxJsonDepth.
json parse_body(std::string_view body, bool& too_deep) {
  too_deep = false;
  return json::parse(
      body,
      [&too_deep](int depth, json::parse_event_t, json&) {
        if (depth > kMaxJsonDepth) too_deep = true;
        return !too_deep;
      },
      false);
}

// A valid id is a string, a number or null (JSON-RPC 2.0, section 4).
bool valid_id(const json& id) { return id.is_string() || id.is_number() || id.is_null(); }

}  // namespace

RpcServer::RpcServer(Node& node, RpcLimits limits) : node_(node), limits_(limits) {
  add_eth_state_methods(methods_);
  add_eth_chain_methods(methods_);
  add_warp_methods(methods_);
}

json RpcServer::handle_call(const json& call, bool authorized, bool& is_notification) {
  is_notification = false;
  if (!call.is_object()) return error_response(nullptr, kInvalidRequest, "invalid request: not an object");
  if (call.contains("id") && !valid_id(call["id"]))
    return error_response(nullptr, kInvalidRequest, "invalid request: bad id");
  const json id = call.contains("id") ? call["id"] : json(nullptr);
  if (!call.contains("jsonrpc") || call["jsonrpc"] != "2.0")
    return error_response(id, kInvalidRequest, "invalid request: jsonrpc must be \"2.0\"");
  if (!call.contains("method") || !call["method"].is_string())
    return error_response(id, kInvalidRequest, "invalid request: method must be a string");
  const std::string& name = call["method"].get_ref<const std::string&>();
  is_notification = !call.contains("id");  // a valid request without id: no response at all
  auto it = methods_.find(name);
  if (it == methods_.end()) return error_response(id, kMethodNotFound, "the method " + name + " does not exist");
  const MethodSpec& spec = it->second;
  if (spec.needs_auth && !authorized)
    return error_response(id, kInvalidRequest, "unauthorized: " + name + " needs a JWT");

  static const json no_params = json::array();
  const json& params = call.contains("params") ? call["params"] : no_params;
  if (!params.is_array()) return error_response(id, kInvalidParams, "params must be an array");
  if (params.size() > spec.max_params)
    return error_response(id, kInvalidParams, "too many arguments, want at most " + std::to_string(spec.max_params));
  try {
    json result = spec.fn(node_, params);
    return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
  } catch (const RpcError& e) {
    return error_response(id, e.code(), e.what(), e.data());
  } catch (const json::exception& e) {
    return error_response(id, kInvalidParams, std::string("invalid params: ") + e.what());
  } catch (const std::exception& e) {
    return error_response(id, kInternalError, std::string("internal error: ") + e.what());
  }
}

bool RpcServer::needs_auth_parsed(const json& parsed) const {
  auto one = [&](const json& call) {
    if (!call.is_object()) return false;
    const auto method = call.find("method");
    if (method == call.end() || !method->is_string()) return false;
    auto it = methods_.find(method->get_ref<const std::string&>());
    return it != methods_.end() && it->second.needs_auth;
  };
  if (!parsed.is_array()) return one(parsed);
  return std::any_of(parsed.begin(), parsed.end(), one);
}

bool RpcServer::needs_auth(std::string_view body) const {
  bool too_deep = false;
  const json parsed = parse_body(body, too_deep);
  return !parsed.is_discarded() && !too_deep && needs_auth_parsed(parsed);
}

std::string RpcServer::handle(std::string_view body, bool authorized) {
  if (authorized) return answer(body, {}, false).body;
  const auto refuse = [] { return std::string("no token"); };
  return answer(body, refuse, false).body;
}

RpcAnswer RpcServer::answer(std::string_view body, const std::function<std::string()>& check_auth,
                            bool refuse_whole_request) {
  bool too_deep = false;
  const json parsed = parse_body(body, too_deep);
  if (too_deep)
    return {200, error_body(kInvalidRequest,
                            "invalid request: nested deeper than " + std::to_string(kMaxJsonDepth) + " levels")};
  if (parsed.is_discarded()) return {200, error_body(kParseError, "parse error: the body is not JSON")};
  bool authorized = true;
  if (check_auth && needs_auth_parsed(parsed)) {
    const std::string why = check_auth();
    if (!why.empty() && refuse_whole_request) return {401, error_body(kInvalidRequest, "unauthorized: " + why)};
    authorized = why.empty();
  }
  bool notification = false;
  if (!parsed.is_array()) {
    json response = handle_call(parsed, authorized, notification);
    return {200, notification ? std::string() : dump(response)};
  }
  if (parsed.empty()) return {200, error_body(kInvalidRequest, "invalid request: empty batch")};
  if (parsed.size() > limits_.max_batch)
    return {200, error_body(kLimitExceeded, "batch of " + std::to_string(parsed.size()) +
                                                " calls exceeds the limit of " + std::to_string(limits_.max_batch))};
  json responses = json::array();
  for (const json& call : parsed) {
    json response = handle_call(call, authorized, notification);
    if (!notification) responses.push_back(std::move(response));
  }
  return {200, responses.empty() ? std::string() : dump(responses)};
}

std::string error_body(int code, const std::string& message) { return dump(error_response(nullptr, code, message)); }

}  // namespace warp::rpc
