#include "host/node/http_server.hpp"

#include <httplib.h>

#include <functional>

#include "host/node/jwt_auth.hpp"
#include "host/node/rpc_error.hpp"
#include "host/node/unix_time.hpp"

namespace warp {

namespace {

std::string over_limit_body(size_t max_body) {
  return rpc::error_body(rpc::kLimitExceeded,
                         "request body exceeds the limit of " + std::to_string(max_body) + " bytes");
}

// What a request to anything but POST / gets.
const std::string& post_to_root_body() {
  static const std::string body = rpc::error_body(rpc::kInvalidRequest, "JSON-RPC requests are POSTed to /");
  return body;
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
      res.set_content(over_limit_body(options_.max_body), "application/json");
      return;
    }
    std::function<std::string()> check_auth;  // empty without a secret: every call is let through
    if (options_.jwt_secret) {
      check_auth = [&]() -> std::string {
        return check_jwt(req.get_header_value("Authorization"), *options_.jwt_secret, unix_seconds());
      };
    }
    rpc::RpcAnswer response = rpc_.answer(body, check_auth);
    res.status = response.http_status;
    if (response.body.empty()) return;  // notifications only: nothing to answer
    res.set_content(std::move(response.body), "application/json");
  });
  server_->Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.status = 405;
    res.set_content(post_to_root_body(), "application/json");
  });
  server_->set_error_handler([this](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    if (res.status == 413) {
      res.set_content(over_limit_body(options_.max_body), "application/json");
    } else if (res.status == 404) {
      res.set_content(post_to_root_body(), "application/json");
    } else {
      res.set_content(rpc::error_body(rpc::kInvalidRequest, "HTTP error " + std::to_string(res.status)),
                      "application/json");
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
