#include "tests/host/node_test_util.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <random>

#include "bench/contracts/contracts.hpp"
#include "bench/workloads/signing.hpp"
#include "host/node/genesis.hpp"
#include "host/tx/tx_codec.hpp"
#include "tests/evm/bytecode_builder.hpp"

namespace warp::test {

namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<unsigned> serial{0};
  std::random_device entropy;
  path_ = fs::temp_directory_path() / ("warpevm_node_test_" + std::to_string(::getpid()) + "_" +
                                       std::to_string(serial++) + "_" + std::to_string(entropy()));
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

const std::vector<DevAccount>& test_keys() {
  static const std::vector<DevAccount> keys = dev_accounts(kDevKeyCount);
  return keys;
}

State test_genesis() {
  State state;
  const auto& keys = test_keys();
  fund_dev_accounts(state, std::span<const DevAccount>(keys.data(), kFundedKeys));

  state.set_code(kToken, bench::erc20_runtime_code());
  state.set_storage(kToken, uint256(0), kTokenSupply);  // totalSupply
  state.set_storage(kToken, bench::mapping_slot(bench::abi_word(keys[0].address), uint256(1)), kTokenSupply);

  // mstore(0, kRevertData); revert(28, 4): the data is exactly the four bytes.
  const Bytecode reverter = mstore(0, uint256(kRevertData)) + revert(28, 4);
  state.set_code(kReverter, Bytes(reverter.bytes.begin(), reverter.bytes.end()));
  return state;
}

std::unique_ptr<TestNode> open_test_node(const TestNodeOptions& options) {
  auto t = std::make_unique<TestNode>();
  NodeConfig config;
  config.datadir = t->dir.path();
  config.chain.chain_id = kTestChainId;
  config.chain.gas_limit = options.gas_limit;
  config.executor = options.executor;
  config.threads = 2;
  config.mempool = options.mempool;
  config.block_time_ms = options.block_time_ms;
  auto opened = Node::open(config, test_genesis());
  if (auto* err = std::get_if<std::string>(&opened)) {
    ADD_FAILURE() << "Node::open: " << *err;
    return t;
  }
  t->node = std::move(std::get<std::unique_ptr<Node>>(opened));
  return t;
}

Transaction signed_tx(const DevAccount& key, const TxSpec& spec) {
  Transaction tx;
  tx.type = TxType::DynamicFee;
  tx.chain_id = spec.chain_id;
  tx.nonce = spec.nonce;
  tx.max_fee_per_gas = spec.max_fee;
  tx.max_priority_fee_per_gas = spec.tip;
  tx.gas_limit = spec.gas_limit;
  tx.to = spec.to;
  tx.value = spec.value;
  tx.data = spec.data;
  bench::sign_transaction(tx, key.secret_key);
  tx.sender = key.address;
  return tx;
}

std::string raw_hex(const Transaction& tx) { return to_hex0x(encode_transaction(tx)); }

Bytes token_transfer(const Address& to, const uint256& value) {
  return bench::encode_call(bench::erc20::kTransfer, {bench::abi_word(to), bench::abi_word(value)});
}

nlohmann::json rpc_call(rpc::RpcServer& server, const std::string& method, nlohmann::json params, nlohmann::json id) {
  const nlohmann::json request = {{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", std::move(params)}};
  const std::string body = server.handle(request.dump(), true);
  const nlohmann::json response = nlohmann::json::parse(body, nullptr, false);
  if (response.is_discarded()) ADD_FAILURE() << method << ": response is not JSON: " << body;
  return response;
}

nlohmann::json rpc_result(rpc::RpcServer& server, const std::string& method, nlohmann::json params) {
  const nlohmann::json response = rpc_call(server, method, std::move(params));
  if (!response.is_object() || !response.contains("result")) {
    ADD_FAILURE() << method << " failed: " << response.dump();
    return nullptr;
  }
  return response["result"];
}

std::string hex(const Address& a) { return to_hex0x(a); }
std::string hex(const Hash& h) { return to_hex0x(h); }

std::string quantity_hex(const uint256& v) {
  char buf[2 + 64 + 1];
  return std::string(buf, v.to_hex(buf));
}

uint256 parse_quantity(const nlohmann::json& v) {
  uint256 out{};
  if (!v.is_string()) {
    ADD_FAILURE() << "not a quantity: " << v.dump();
    return out;
  }
  const std::string& s = v.get_ref<const std::string&>();
  if (s.size() < 3 || s.compare(0, 2, "0x") != 0 || !uint256::from_hex(s.data() + 2, s.size() - 2, &out))
    ADD_FAILURE() << "not a quantity: " << s;
  return out;
}

}  // namespace warp::test
