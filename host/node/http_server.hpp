// JSON-RPC over HTTP (cpp-httplib): POST bodies to RpcServer, with a body size limit and, for
// the methods that need it, Engine-API-style JWT authentication. Over-limit bodies and
// unauthenticated calls are answered with a JSON-RPC error body, not a bare status.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "host/node/rpc_server.hpp"

namespace httplib {
class Server;
}

namespace warp {

struct HttpOptions {
  std::string host = "127.0.0.1";
  int port = 8545;                    // 0: any free port (see HttpServer::port)
  size_t max_body = size_t{5} << 20;  // bytes
  std::optional<std::array<uint8_t, 32>> jwt_secret;
};

class HttpServer {
 public:
  HttpServer(rpc::RpcServer& rpc, HttpOptions options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // "" when bound; otherwise why not (address in use, bad host).
  std::string bind();
  int port() const { return port_; }
  // Serves until stop(), from any thread.
  void run();
  void stop();

 private:
  rpc::RpcServer& rpc_;
  HttpOptions options_;
  std::unique_ptr<httplib::Server> server_;
  int port_ = 0;
};

}  // namespace warp
