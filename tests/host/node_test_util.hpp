// Test-only helpers for the node tests (node_rpc_test, node_chain_test, node_http_test): a
// throwaway datadir, a node on funded dev accounts, signed transactions, and JSON-RPC calls.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "host/node/dev_keys.hpp"
#include "host/node/node.hpp"
#include "host/node/rpc_server.hpp"
#include "host/tx/transaction.hpp"
#include "state/state.hpp"

namespace warp::test {

// A fresh directory under the system temp folder, removed with everything in it at the end.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline constexpr uint64_t kTestChainId = 31337;
inline const uint256 kGwei = uint256(1'000'000'000);

// The ERC-20 of bench/contracts, installed at this address in the test genesis, with
// kTokenSupply tokens credited to dev account 0.
inline constexpr Address kToken = {{0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0,
                                    0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0x01}};
// A contract whose every call reverts with the four bytes kRevertData.
inline constexpr Address kReverter = {{0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0,
                                       0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0xc0, 0x02}};
inline constexpr uint32_t kRevertData = 0xdeadbeef;
inline const uint256 kTokenSupply = uint256(1'000'000);

// Dev accounts 0..funded-1 hold kDevAccountBalance; the rest of kDevKeyCount have nothing.
inline constexpr size_t kDevKeyCount = 5;
inline constexpr size_t kFundedKeys = 4;
const std::vector<DevAccount>& test_keys();
State test_genesis();

struct TestNodeOptions {
  std::string executor = "sequential";
  MempoolLimits mempool{};
  uint64_t gas_limit = 30'000'000;
  uint64_t block_time_ms = 1000;  // only used once the test calls Node::start
};

// A node on test_genesis() in its own datadir (not started: blocks are produced by the test).
struct TestNode {
  TempDir dir;
  std::unique_ptr<Node> node;
};
std::unique_ptr<TestNode> open_test_node(const TestNodeOptions& options = {});

// A type-2 transaction, signed by `key`; `sender` and `hash` are set.
struct TxSpec {
  uint64_t nonce = 0;
  std::optional<Address> to = Address{{0xbe, 0xef}};
  uint256 value = uint256(1);
  uint64_t gas_limit = 21'000;
  uint256 max_fee = uint256(2) * kGwei;
  uint256 tip = kGwei;
  Bytes data{};
  uint64_t chain_id = kTestChainId;
};
Transaction signed_tx(const DevAccount& key, const TxSpec& spec);
// "0x" + encode_transaction(tx).
std::string raw_hex(const Transaction& tx);

// Calldata of ERC20.transfer(to, value).
Bytes token_transfer(const Address& to, const uint256& value);

// One JSON-RPC call through RpcServer::handle (authorized), the whole response object back.
nlohmann::json rpc_call(rpc::RpcServer& server, const std::string& method,
                        nlohmann::json params = nlohmann::json::array(), nlohmann::json id = 1);
// The result of a call that must succeed (a failed one adds a test failure and gives null).
nlohmann::json rpc_result(rpc::RpcServer& server, const std::string& method,
                          nlohmann::json params = nlohmann::json::array());

std::string hex(const Address& a);
std::string hex(const Hash& h);
std::string quantity_hex(const uint256& v);
uint256 parse_quantity(const nlohmann::json& v);

}  // namespace warp::test
