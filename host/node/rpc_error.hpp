// JSON-RPC errors (JSON-RPC 2.0 and EIP-1474 codes). The RPC layer is an edge of the
// program, so a method reports a failure by throwing RpcError; the dispatcher turns it into
// the response's "error" object and nothing else escapes.
#pragma once

#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace warp::rpc {

enum ErrorCode : int {
  kParseError = -32700,        // not JSON
  kInvalidRequest = -32600,    // JSON, but not a request object
  kMethodNotFound = -32601,    // no such method
  kInvalidParams = -32602,     // wrong count or type of parameters, undecodable values
  kInternalError = -32603,     // our fault
  kInvalidInput = -32000,      // EIP-1474: the request is well-formed but cannot be served
  kResourceNotFound = -32001,  // EIP-1474
  kTransactionRejected = -32003,
  kLimitExceeded = -32005,
  kExecutionReverted = 3,  // eth_call/eth_estimateGas of a reverting message (geth, with the data)
};

class RpcError : public std::runtime_error {
 public:
  RpcError(int code, const std::string& message, nlohmann::json data = nullptr)
      : std::runtime_error(message), code_(code), data_(std::move(data)) {}
  int code() const { return code_; }
  const nlohmann::json& data() const { return data_; }

 private:
  int code_;
  nlohmann::json data_;
};

}  // namespace warp::rpc
