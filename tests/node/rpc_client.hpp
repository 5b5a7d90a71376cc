// A JSON-RPC client for one node process, with a timeout on every request: a node that stops
// answering turns into a failed call, never a hung test. One client per thread (cpp-httplib's
// client is not shared between threads).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "kernels/evm/hash.hpp"

namespace httplib {
class Client;
}

namespace warp::nodetest {

struct RpcReply {
  bool delivered = false;            // false: no HTTP answer (the node is gone, or it timed out)
  nlohmann::json result;             // the "result" member (null when there is an error)
  std::optional<std::string> error;  // the JSON-RPC error's message, or a malformed answer
};

class RpcClient {
 public:
  explicit RpcClient(int port, std::chrono::milliseconds timeout = std::chrono::seconds(5));
  ~RpcClient();
  RpcClient(const RpcClient&) = delete;
  RpcClient& operator=(const RpcClient&) = delete;

  RpcReply call(const std::string& method, nlohmann::json params);

 private:
  std::unique_ptr<httplib::Client> http_;
  uint64_t next_id_ = 1;
};

// "0x1a" -> 26; nullopt for anything else (not a string, no 0x, not hex, over 64 bits).
std::optional<uint64_t> parse_quantity(const nlohmann::json& v);
// A 32-byte "0x..." hash; nullopt otherwise.
std::optional<Hash> parse_hash(const nlohmann::json& v);
std::string quantity_hex(uint64_t v);

}  // namespace warp::nodetest
