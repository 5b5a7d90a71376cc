#include "host/node/http_server.hpp"

#include <httplib.h>

#include <chrono>

#include "host/node/jwt_auth.hpp"
#include "host/node/rpc_error.hpp"

namespace warp {

namespace {

std::string error_body(int code, const std::string& message) {
  nlohmann::json body = {{"jsonrpc", "2.0"}, {"id", nullptr}, {"error", {{"code", code}, {"message", message}}}};
  return body.dump();
}

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

}  // namespace

HttpServer::HttpServer(rpc::RpcServer& rpc, HttpOptions options)
    : rpc_(rpc), options_(std::move(options)), server_(std::make_unique<httplib::Server>()) {
  server_->set_payload_max_length(options_.max_body);
  // Without it, a response on a kept-alive connection waits for the client's delayed ACK
  // (Nagle): about 40 ms per request for clients that reuse connections, as ethers does.
  server_->set_tcp_nodelay(true);
  // The body is read through a ContentReader so that max_body holds for chunked bodies too:
  // httplib 0.11 checks set_payload_max_length only against a Content-Length header.
  server_->Post("/", [this](const httplib::Request& req, httplib::Response& res, const httplib::ContentReader& read) {
    std::string body;
    bool too_big = false;
    const bool complete = read([&](const char* data, size_t n) {
      if (body.size() + n > options_.max_body) {
        too_big = true;
        return false;
      }
      body.append(data, n);
      return true;
    });
    if (!complete || too_big) {
      res.status = 413;
      res.set_header("Connection", "close");
      res.set_content(error_body(rpc::kLimitExceeded,
                                 "request body exceeds the limit of " + std::to_string(options_.max_body) + " bytes"),
                      "application/json");
      return;
    }
    if (options_.jwt_secret && rpc_.needs_auth(body)) {
      const std::string why = check_jwt(req.get_header_value("Authorization"), *options_.jwt_secret, unix_now());
      if (!why.empty()) {
        // The Engine API answers 401; the body says why in JSON-RPC terms.
        res.status = 401;
        res.set_content(error_body(rpc::kInvalidRequest, "unauthorized: " + why), "application/json");
        return;
      }
    }
    std::string response = rpc_.handle(body, true);
    if (response.empty()) {
      res.status = 200;  // notifications only: nothing to answer
      return;
    }
    res.set_content(std::move(response), "application/json");
  });
  server_->Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.status = 405;
    res.set_content(error_body(rpc::kInvalidRequest, "JSON-RPC requests are POSTed to /"), "application/json");
  });
  server_->set_error_handler([this](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      res.set_content(error_body(rpc::kLimitExceeded,
                                 "request body exceeds the limit of " + std::to_string(options_.max_body) + " bytes"),
                      "application/json");
    } else if (res.status == 404) {
      res.set_content(error_body(rpc::kInvalidRequest, "JSON-RPC requests are POSTed to /"), "application/json");
    } else {
      res.set_content(error_body(rpc::kInvalidRequest, "HTTP error " + std::to_string(res.status)), "application/json");
    }
  });
}

HttpServer::~HttpServer() { stop(); }

std::string HttpServer::bind() {
  if (options_.port == 0) {
    port_ = server_->bind_to_any_port(options_.host);
    if (port_ <= 0) return "cannot bind to " + options_.host + " on any port";
    return "";
  }
  if (!server_->bind_to_port(options_.host, options_.port))
    return "cannot listen on " + options_.host + ":" + std::to_string(options_.port) +
           " (address in use, or not an address of this machine)";
  port_ = options_.port;
  return "";
}

void HttpServer::run() { server_->listen_after_bind(); }

void HttpServer::stop() {
  if (server_ && server_->is_running()) server_->stop();
}

}  // namespace warp
