// The node's JSON-RPC, in process (RpcServer::handle): the error objects of JSON-RPC 2.0 and
// EIP-1474 for every kind of bad input, that a refused transaction changes nothing, and the
// answers of the eth_ and warp_ methods on blocks the test produces itself.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "bench/contracts/contracts.hpp"
#include "host/node/genesis.hpp"
#include "host/node/rpc_error.hpp"
#include "host/node/rpc_server.hpp"
#include "tests/host/node_test_util.hpp"

namespace warp::test {
namespace {

using nlohmann::json;

// keccak256("Transfer(address,address,uint256)"), the ERC-20 event's topic 0 (a published value).
const std::string kTransferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
// secp256k1's group order n (SEC 2).
constexpr std::string_view kSecp256k1N = "fffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141";

const DevAccount& key(size_t i) { return test_keys()[i]; }

::testing::AssertionResult has_error(const json& response, int code, std::string_view needle = {}) {
  if (!response.is_object() || !response.contains("error"))
    return ::testing::AssertionFailure() << "no error object: " << response.dump();
  if (response.contains("result")) return ::testing::AssertionFailure() << "error and result: " << response.dump();
  if (response.value("jsonrpc", "") != "2.0")
    return ::testing::AssertionFailure() << "no jsonrpc 2.0: " << response.dump();
  const json& err = response["error"];
  if (!err.contains("code") || err["code"] != code)
    return ::testing::AssertionFailure() << "want code " << code << ": " << response.dump();
  if (!err.contains("message") || !err["message"].is_string())
    return ::testing::AssertionFailure() << "no message: " << response.dump();
  if (!needle.empty() && err["message"].get<std::string>().find(needle) == std::string::npos)
    return ::testing::AssertionFailure() << "message lacks \"" << needle << "\": " << response.dump();
  return ::testing::AssertionSuccess();
}

Hash word(const Address& a) { return bench::abi_word(a); }
Hash word(const uint256& v) { return bench::abi_word(v); }

uint256 u256_hex(std::string_view digits) {
  uint256 out{};
  EXPECT_TRUE(uint256::from_hex(digits.data(), digits.size(), &out));
  return out;
}

class NodeRpc : public ::testing::Test {
 protected:
  void SetUp() override {
    t_ = open_test_node(options_);
    ASSERT_TRUE(t_->node);
    server_ = std::make_unique<rpc::RpcServer>(*t_->node);
  }

  Node& node() { return *t_->node; }
  rpc::RpcServer& server() { return *server_; }

  json call(const std::string& method, json params = json::array(), json id = 1) {
    return rpc_call(server(), method, std::move(params), std::move(id));
  }
  json result(const std::string& method, json params = json::array()) {
    return rpc_result(server(), method, std::move(params));
  }
  // A raw body in, the parsed response out (null for an empty body).
  json raw(std::string_view body) {
    const std::string out = server().handle(body, true);
    if (out.empty()) return nullptr;
    json parsed = json::parse(out, nullptr, false);
    EXPECT_FALSE(parsed.is_discarded()) << out;
    return parsed;
  }

  json send(const Transaction& tx) { return call("eth_sendRawTransaction", {raw_hex(tx)}); }
  // Submits and requires acceptance.
  void submit(const Transaction& tx) {
    const json r = send(tx);
    ASSERT_TRUE(r.contains("result")) << r.dump();
    EXPECT_EQ(r["result"], hex(tx.hash));
  }
  void mine() {
    const ProducedBlock b = node().produce_from_pool();
    ASSERT_TRUE(b.header.has_value()) << b.error;
    ASSERT_TRUE(b.rejected.empty()) << b.rejected[0].reason;
  }
  json balance(const Address& a) { return result("eth_getBalance", {hex(a), "latest"}); }

  // What a refused transaction must leave as it was.
  struct Snapshot {
    json block_number, pending_nonce, latest_nonce, balance;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot snapshot(const Address& a) {
    return Snapshot{result("eth_blockNumber"), result("eth_getTransactionCount", {hex(a), "pending"}),
                    result("eth_getTransactionCount", {hex(a), "latest"}), balance(a)};
  }
  // Submits `tx`, expects the error, and that nothing changed for its sender or the chain.
  void expect_refused(const Transaction& tx, int code, std::string_view needle) {
    const Snapshot before = snapshot(tx.sender);
    EXPECT_TRUE(has_error(send(tx), code, needle));
    EXPECT_TRUE(snapshot(tx.sender) == before);
    EXPECT_TRUE(result("eth_getTransactionByHash", {hex(tx.hash)}).is_null());
    EXPECT_FALSE(node().produce_from_pool().header.has_value()) << "a refused transaction made a block";
  }

  TestNodeOptions options_;
  std::unique_ptr<TestNode> t_;
  std::unique_ptr<rpc::RpcServer> server_;
};

// ---- the envelope ---------------------------------------------------------------------------

TEST_F(NodeRpc, ParseErrorHasNullId) {
  for (std::string_view body : {"{", "", "not json", "[1,", "{\"jsonrpc\":\"2.0\",\"id\":1,}"}) {
    SCOPED_TRACE(std::string(body));
    const json r = raw(body);
    EXPECT_TRUE(has_error(r, rpc::kParseError));
    EXPECT_TRUE(r.contains("id") && r["id"].is_null());
  }
}

TEST_F(NodeRpc, InvalidRequests) {
  struct Case {
    std::string_view body;
    json id;
  };
  const std::vector<Case> cases = {
      {"5", nullptr},
      {"\"eth_chainId\"", nullptr},
      {"null", nullptr},
      {R"({"jsonrpc":"1.0","id":7,"method":"eth_chainId"})", 7},
      {R"({"id":7,"method":"eth_chainId"})", 7},
      {R"({"jsonrpc":2,"id":7,"method":"eth_chainId"})", 7},
      {R"({"jsonrpc":"2.0","id":7,"method":5})", 7},
      {R"({"jsonrpc":"2.0","id":"a","method":null})", "a"},
      {R"({"jsonrpc":"2.0","id":7})", 7},
      {R"({"jsonrpc":"2.0","id":{"x":1},"method":"eth_chainId"})", nullptr},
      {R"({"jsonrpc":"2.0","id":[1],"method":"eth_chainId"})", nullptr},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.body));
    const json r = raw(c.body);
    EXPECT_TRUE(has_error(r, rpc::kInvalidRequest));
    EXPECT_EQ(r.value("id", json("missing")), c.id);
  }
}

TEST_F(NodeRpc, UnknownMethod) {
  const json r = call("eth_noSuchMethod", json::array(), 3);
  EXPECT_TRUE(has_error(r, rpc::kMethodNotFound, "eth_noSuchMethod"));
  EXPECT_EQ(r["id"], 3);
  // A string id comes back as the same string.
  EXPECT_EQ(call("eth_noSuchMethod", json::array(), "abc")["id"], "abc");
}

TEST_F(NodeRpc, WrongParameterTypesAndCounts) {
  const std::string a = hex(key(0).address);
  const std::string h = hex(Hash{{1}});
  struct Case {
    std::string method;
    json params;
  };
  const std::vector<Case> cases = {
      {"eth_getBalance", json::array({123})},
      {"eth_getBalance", json::array({"0x1234"})},                     // short address
      {"eth_getBalance", json::array({a + "00"})},                     // 21 bytes
      {"eth_getBalance", json::array({a.substr(2)})},                  // no 0x
      {"eth_getBalance", json::array({"0x" + std::string(39, 'a')})},  // odd digit count
      {"eth_getBalance", json::array()},                               // missing
      {"eth_getBalance", json::array({nullptr})},                      // null for a required one
      {"eth_getBalance", json::array({a, "latest", "extra"})},
      {"eth_getBalance", json::array({a, 5})},       // block as a JSON number
      {"eth_getBalance", json::array({a, "0x01"})},  // quantity with a leading zero
      {"eth_getBalance", json::array({a, "latest!"})},
      {"eth_getBlockByNumber", json::array({"0x01", false})},
      {"eth_getBlockByNumber", json::array({"0x", false})},
      {"eth_getBlockByNumber", json::array({"0xg", false})},
      {"eth_getBlockByNumber", json::array({"0x10000000000000000", false})},  // above 64 bits
      {"eth_getBlockByNumber", json::array({1, false})},
      {"eth_getBlockByNumber", json::array({"latest", "yes"})},
      {"eth_getBlockByNumber", json::array({"latest"})},
      {"eth_getBlockByHash", json::array({"0x12", false})},
      {"eth_getTransactionByHash", json::array({h + "00"})},
      {"eth_getTransactionReceipt", json::array({42})},
      {"eth_chainId", json::array({"x"})},
      {"eth_blockNumber", json::object()},  // params must be an array
      {"eth_getBalance", json{{"address", a}}},
      {"eth_call", json::array({"not an object"})},
      {"eth_call", json::array({json{{"to", 5}}})},
      {"eth_call", json::array({json{{"to", a}, {"value", "0x01"}}})},
      {"eth_call", json::array({json{{"to", a}, {"gasPrice", "0x1"}, {"maxFeePerGas", "0x1"}}})},
      {"eth_call", json::array({json{{"to", a}, {"data", "0x01"}, {"input", "0x02"}}})},
      {"eth_estimateGas", json::array({json{{"from", "0x00"}}})},
      {"eth_getStorageAt", json::array({a, "0x" + std::string(66, '1')})},  // 33-byte key
      {"eth_getLogs", json::array({"latest"})},
      {"eth_getLogs", json::array({json{{"topics", "x"}}})},
      {"eth_getLogs", json::array({json{{"topics", json::array({"0x12"})}}})},
      {"eth_getLogs", json::array({json{{"address", 1}}})},
      {"eth_feeHistory", json::array({"0x1", "latest", json::array({90, 10})})},  // not ascending
      {"eth_feeHistory", json::array({"0x1", "latest", json::array({101})})},
      {"eth_feeHistory", json::array({"0x01", "latest"})},
      {"eth_sendRawTransaction", json::array({5})},
      {"eth_sendRawTransaction", json::array()},
      {"warp_executeBatch", json::array({"0x00"})},
      {"warp_executeBatch", json::array({json::array({5})})},
      {"warp_getStateDiff", json::array({true})},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const Case& c = cases[i];
    SCOPED_TRACE(c.method + " " + c.params.dump());
    const json r = call(c.method, c.params, static_cast<int>(i));
    EXPECT_TRUE(has_error(r, rpc::kInvalidParams));
    EXPECT_EQ(r.value("id", json()), static_cast<int>(i));
  }
  EXPECT_EQ(result("eth_blockNumber"), "0x0");
}

TEST_F(NodeRpc, BatchAnswersInOrderWithIds) {
  const std::string body = R"([
    {"jsonrpc":"2.0","id":1,"method":"eth_chainId"},
    {"jsonrpc":"2.0","id":2,"method":"eth_nope"},
    {"jsonrpc":"2.0","method":"eth_chainId"},
    {"jsonrpc":"2.0","id":"x","method":"eth_getBalance","params":[5]},
    5,
    {"jsonrpc":"2.0","id":6,"method":"eth_blockNumber","params":[]}
  ])";
  const json r = raw(body);
  ASSERT_TRUE(r.is_array()) << r.dump();
  ASSERT_EQ(r.size(), 5u) << r.dump();  // the notification is not answered
  EXPECT_EQ(r[0]["id"], 1);
  EXPECT_EQ(r[0]["result"], "0x7a69");  // 31337
  EXPECT_EQ(r[1]["id"], 2);
  EXPECT_TRUE(has_error(r[1], rpc::kMethodNotFound));
  EXPECT_EQ(r[2]["id"], "x");
  EXPECT_TRUE(has_error(r[2], rpc::kInvalidParams));
  EXPECT_TRUE(r[3]["id"].is_null());
  EXPECT_TRUE(has_error(r[3], rpc::kInvalidRequest));
  EXPECT_EQ(r[4]["id"], 6);
  EXPECT_EQ(r[4]["result"], "0x0");
}

// A body within the HTTP limit (5 MiB by default) can nest a million arrays. Parsing,
// answering and freeing it must not recurse that deep: a stack overflow would take the whole
// node down. Each body runs in a child process (a death test), so a crash fails this test
// instead of ending the test binary.
bool answers_with_an_error(rpc::RpcServer& server, const std::string& body) {
  const json r = json::parse(server.handle(body, true), nullptr, false);
  const json& one = r.is_array() && r.size() == 1 ? r[0] : r;
  return one.is_object() && one.contains("error") && one["error"].contains("code");
}

TEST_F(NodeRpc, DeeplyNestedBodiesDoNotCrash) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  constexpr size_t kDepth = 1'000'000;
  const std::string nested = std::string(kDepth, '[') + std::string(kDepth, ']');
  const std::string prefix = R"({"jsonrpc":"2.0","id":1,"method":)";
  const std::vector<std::string> bodies = {
      nested,                                                             // a batch of one nested call
      prefix + R"("eth_getBalance","params":)" + nested + "}",            // nested params
      prefix + R"("eth_getBalance","params":[)" + nested + "]}",          // a nested parameter
      prefix + R"("eth_getLogs","params":[{"topics":)" + nested + "}]}",  // nested inside an object
      prefix + R"("eth_call","params":[{"accessList":[{"address":)" + nested + "}]}]}",
      prefix + nested + "}",                                                 // nested method
      R"({"jsonrpc":"2.0","id":)" + nested + R"(,"method":"eth_chainId"})",  // nested id
      std::string(kDepth, '['),                                              // unbalanced: not JSON
  };
  for (size_t i = 0; i < bodies.size(); ++i) {
    SCOPED_TRACE("body " + std::to_string(i));
    ASSERT_LT(bodies[i].size(), size_t{5} << 20);
    EXPECT_EXIT(std::exit(answers_with_an_error(server(), bodies[i]) ? 0 : 1), ::testing::ExitedWithCode(0), "");
  }
}

TEST_F(NodeRpc, EmptyBatchIsOneInvalidRequest) {
  const json r = raw("[]");
  ASSERT_TRUE(r.is_object()) << r.dump();
  EXPECT_TRUE(has_error(r, rpc::kInvalidRequest));
  EXPECT_TRUE(r["id"].is_null());
}

TEST_F(NodeRpc, BatchAboveTheLimitIsRefused) {
  rpc::RpcServer small(node(), rpc::RpcLimits{2});
  const std::string call = R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})";
  const json three = json::parse(small.handle("[" + call + "," + call + "," + call + "]", true));
  EXPECT_TRUE(has_error(three, rpc::kLimitExceeded));
  const json two = json::parse(small.handle("[" + call + "," + call + "]", true));
  ASSERT_TRUE(two.is_array());
  EXPECT_EQ(two.size(), 2u);
}

TEST_F(NodeRpc, NotificationsGetNoResponse) {
  EXPECT_EQ(server().handle(R"({"jsonrpc":"2.0","method":"eth_chainId"})", true), "");
  EXPECT_EQ(server().handle(R"({"jsonrpc":"2.0","method":"eth_chainId","params":[]})", true), "");
  // Even a failing notification is not answered (JSON-RPC 2.0, section 4.1).
  EXPECT_EQ(server().handle(R"({"jsonrpc":"2.0","method":"eth_nope"})", true), "");
  EXPECT_EQ(server().handle(R"({"jsonrpc":"2.0","method":"eth_getBalance","params":[1]})", true), "");
  EXPECT_EQ(
      server().handle(R"([{"jsonrpc":"2.0","method":"eth_chainId"},{"jsonrpc":"2.0","method":"eth_nope"}])", true), "");
  // An explicit null id is a request, not a notification.
  const json r = raw(R"({"jsonrpc":"2.0","id":null,"method":"eth_chainId"})");
  EXPECT_EQ(r.value("result", json()), "0x7a69");
}

TEST_F(NodeRpc, WarpMethodsNeedAuthorization) {
  const std::string body = R"({"jsonrpc":"2.0","id":1,"method":"warp_getStateDiff","params":["latest"]})";
  EXPECT_TRUE(server().needs_auth(body));
  EXPECT_FALSE(server().needs_auth(R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})"));
  EXPECT_TRUE(server().needs_auth(R"([{"jsonrpc":"2.0","id":1,"method":"eth_chainId"},)" + body + "]"));
  EXPECT_TRUE(has_error(json::parse(server().handle(body, false)), rpc::kInvalidRequest, "unauthorized"));
  const json ok = json::parse(server().handle(body, true));
  EXPECT_TRUE(ok.contains("result")) << ok.dump();
  // The eth_ methods need nothing.
  EXPECT_TRUE(
      json::parse(server().handle(R"({"jsonrpc":"2.0","id":1,"method":"eth_chainId"})", false)).contains("result"));
}

// ---- eth_sendRawTransaction refusals -------------------------------------------------------

TEST_F(NodeRpc, SendRawUndecodableIsInvalidParams) {
  const Transaction good = signed_tx(key(0), TxSpec{});
  const std::string good_hex = raw_hex(good);
  for (const std::string& bad : {std::string("0xzz"), std::string("0x"), std::string("0x1234"), std::string("1234"),
                                 good_hex + "00", good_hex.substr(0, good_hex.size() - 2), std::string("0xc0"),
                                 std::string("0x02c0"), std::string("0x05") + good_hex.substr(4)}) {
    SCOPED_TRACE(bad);
    const Snapshot before = snapshot(key(0).address);
    EXPECT_TRUE(has_error(call("eth_sendRawTransaction", {bad}), rpc::kInvalidParams));
    EXPECT_TRUE(snapshot(key(0).address) == before);
  }
  EXPECT_FALSE(node().produce_from_pool().header.has_value());
  // The untouched encoding is accepted: the refusals above were about the bytes.
  submit(good);
}

TEST_F(NodeRpc, SendRawBadSignatureIsRejected) {
  const uint256 n = u256_hex(kSecp256k1N);
  Transaction zero_s = signed_tx(key(0), TxSpec{});
  zero_s.s = uint256(0);
  Transaction zero_r = signed_tx(key(0), TxSpec{});
  zero_r.r = uint256(0);
  Transaction high_s = signed_tx(key(0), TxSpec{});
  high_s.s = n - high_s.s;  // the same signature's twin, refused since EIP-2
  high_s.v = uint256(1) - high_s.v;
  Transaction bad_parity = signed_tx(key(0), TxSpec{});
  bad_parity.v = uint256(2);
  for (Transaction* tx : {&zero_s, &zero_r, &high_s, &bad_parity}) {
    const std::string body = raw_hex(*tx);
    SCOPED_TRACE(body);
    const Snapshot before = snapshot(key(0).address);
    EXPECT_TRUE(has_error(call("eth_sendRawTransaction", {body}), rpc::kTransactionRejected, "invalid sender"));
    EXPECT_TRUE(snapshot(key(0).address) == before);
  }
  EXPECT_FALSE(node().produce_from_pool().header.has_value());
}

TEST_F(NodeRpc, SendRawWrongChainId) {
  TxSpec spec;
  spec.chain_id = 1;
  expect_refused(signed_tx(key(0), spec), rpc::kTransactionRejected, "invalid chain id");
}

TEST_F(NodeRpc, SendRawNonceTooLow) {
  submit(signed_tx(key(0), TxSpec{}));
  mine();
  TxSpec again;
  again.value = uint256(2);  // another transaction with the used nonce
  expect_refused(signed_tx(key(0), again), rpc::kTransactionRejected, "nonce too low");
}

TEST_F(NodeRpc, SendRawFeeCapBelowBaseFee) {
  TxSpec spec;
  spec.max_fee = uint256(1);
  spec.tip = uint256(1);
  expect_refused(signed_tx(key(0), spec), rpc::kTransactionRejected, "max fee per gas less than block base fee");
}

TEST_F(NodeRpc, SendRawGasAboveBlockLimit) {
  TxSpec spec;
  spec.gas_limit = 30'000'001;
  expect_refused(signed_tx(key(0), spec), rpc::kTransactionRejected, "exceeds block gas limit");
}

TEST_F(NodeRpc, SendRawInsufficientFunds) {
  expect_refused(signed_tx(key(kFundedKeys), TxSpec{}), rpc::kTransactionRejected, "insufficient funds");
  TxSpec everything;
  everything.value = kDevAccountBalance;  // value alone is all it has: the gas is not covered
  expect_refused(signed_tx(key(0), everything), rpc::kTransactionRejected, "insufficient funds");
}

TEST_F(NodeRpc, SendRawIntrinsicGasTooLow) {
  TxSpec spec;
  spec.gas_limit = 20'999;
  expect_refused(signed_tx(key(0), spec), rpc::kTransactionRejected, "intrinsic gas too low");
}

TEST_F(NodeRpc, SendRawDuplicateIsRefused) {
  const Transaction tx = signed_tx(key(0), TxSpec{});
  submit(tx);
  const Snapshot before = snapshot(key(0).address);
  EXPECT_TRUE(has_error(send(tx), rpc::kTransactionRejected, "already known"));
  EXPECT_TRUE(snapshot(key(0).address) == before);
}

class NodeRpcSmallPool : public NodeRpc {
 protected:
  NodeRpcSmallPool() { options_.mempool = MempoolLimits{2, 64}; }
};

TEST_F(NodeRpcSmallPool, PoolFullIsRefusedAndKeepsThePool) {
  const Transaction a = signed_tx(key(0), TxSpec{});
  const Transaction b = signed_tx(key(1), TxSpec{});
  const Transaction c = signed_tx(key(2), TxSpec{});
  submit(a);
  submit(b);
  const Snapshot before = snapshot(key(2).address);
  const json r = send(c);
  // A full pool is a rejected transaction (-32003) or a limit (-32005); either way an error.
  EXPECT_TRUE(has_error(r, rpc::kTransactionRejected, "full") || has_error(r, rpc::kLimitExceeded, "full")) << r.dump();
  EXPECT_TRUE(snapshot(key(2).address) == before);
  EXPECT_TRUE(result("eth_getTransactionByHash", {hex(c.hash)}).is_null());
  // What was pooled is still there and makes the next block.
  EXPECT_TRUE(result("eth_getTransactionByHash", {hex(a.hash)}).is_object());
  EXPECT_TRUE(result("eth_getTransactionByHash", {hex(b.hash)}).is_object());
  mine();
  const json block = result("eth_getBlockByNumber", {"latest", false});
  EXPECT_EQ(block["transactions"], json::array({hex(a.hash), hex(b.hash)}));
  // With room again, the refused one goes in.
  submit(c);
}

// ---- eth_call / eth_estimateGas -----------------------------------------------------------

TEST_F(NodeRpc, EstimateGasOfATransferIs21000) {
  const json req = {{"from", hex(key(0).address)}, {"to", hex(Address{{0x77}})}, {"value", "0x1"}};
  EXPECT_EQ(result("eth_estimateGas", {req}), "0x5208");
  EXPECT_EQ(result("eth_estimateGas", {req, "latest"}), "0x5208");
  // A transfer to an account without code returns nothing.
  EXPECT_EQ(result("eth_call", {req, "latest"}), "0x");
}

TEST_F(NodeRpc, CallRevertGivesCode3AndTheData) {
  const json req = {{"from", hex(key(0).address)}, {"to", hex(kReverter)}};
  for (const char* method : {"eth_call", "eth_estimateGas"}) {
    SCOPED_TRACE(method);
    const json r = call(method, {req, "latest"});
    EXPECT_TRUE(has_error(r, rpc::kExecutionReverted, "execution reverted"));
    EXPECT_EQ(r["error"].value("data", json()), "0xdeadbeef");
  }
}

TEST_F(NodeRpc, CallRevertWithCustomErrorData) {
  // key 1 holds no tokens: ERC20._move reverts with InsufficientBalance(from, 0, 5).
  const json req = {{"from", hex(key(1).address)},
                    {"to", hex(kToken)},
                    {"input", to_hex0x(token_transfer(key(2).address, uint256(5)))}};
  const json r = call("eth_call", {req, "latest"});
  EXPECT_TRUE(has_error(r, rpc::kExecutionReverted));
  const Bytes want = bench::encode_call(bench::selector_of("InsufficientBalance(address,uint256,uint256)"),
                                        {word(key(1).address), word(uint256(0)), word(uint256(5))});
  EXPECT_EQ(r["error"].value("data", json()), to_hex0x(want));
}

TEST_F(NodeRpc, CallReadsContractState) {
  const Bytes balance_of = bench::encode_call(bench::erc20::kBalanceOf, {word(key(0).address)});
  const json req = {{"to", hex(kToken)}, {"data", to_hex0x(balance_of)}};
  EXPECT_EQ(result("eth_call", {req, "latest"}), hex(word(kTokenSupply)));
  // State of another block than the latest is not kept: refused, not answered wrongly.
  EXPECT_TRUE(has_error(call("eth_call", {req, "0x5"}), rpc::kInvalidInput));
}

TEST_F(NodeRpc, StateOverridesAreRefused) {
  const json req = {{"from", hex(key(0).address)}, {"to", hex(Address{{0x77}})}};
  const json overrides = {{hex(key(0).address), {{"balance", "0x1"}}}};
  EXPECT_TRUE(has_error(call("eth_call", {req, "latest", overrides}), rpc::kInvalidParams, "override"));
  EXPECT_TRUE(has_error(call("eth_estimateGas", {req, "latest", overrides}), rpc::kInvalidParams, "override"));
}

TEST_F(NodeRpc, EstimateGasIsTheLeastThatSucceeds) {
  const Address to{{0x55}};
  const Bytes data = token_transfer(to, uint256(7));
  const json req = {{"from", hex(key(0).address)}, {"to", hex(kToken)}, {"data", to_hex0x(data)}};
  const uint256 estimate = parse_quantity(result("eth_estimateGas", {req}));
  ASSERT_GT(estimate, uint256(21'000));
  const uint64_t gas = estimate.w[0];

  TxSpec short_by_one;
  short_by_one.to = kToken;
  short_by_one.value = uint256(0);
  short_by_one.data = data;
  short_by_one.gas_limit = gas - 1;
  const Transaction fails = signed_tx(key(0), short_by_one);
  TxSpec exact = short_by_one;
  exact.nonce = 1;
  exact.gas_limit = gas;
  const Transaction succeeds = signed_tx(key(0), exact);
  submit(fails);
  submit(succeeds);
  mine();
  EXPECT_EQ(result("eth_getTransactionReceipt", {hex(fails.hash)})["status"], "0x0");
  EXPECT_EQ(result("eth_getTransactionReceipt", {hex(succeeds.hash)})["status"], "0x1");
}

// ---- happy paths -------------------------------------------------------------------------

TEST_F(NodeRpc, ChainIdAndBlockNumber) {
  EXPECT_EQ(result("eth_chainId"), "0x7a69");
  EXPECT_EQ(result("net_version"), "31337");
  EXPECT_EQ(result("eth_blockNumber"), "0x0");
  submit(signed_tx(key(0), TxSpec{}));
  EXPECT_EQ(result("eth_blockNumber"), "0x0");  // pooled, not mined
  mine();
  EXPECT_EQ(result("eth_blockNumber"), "0x1");
  submit(signed_tx(key(1), TxSpec{}));
  mine();
  EXPECT_EQ(result("eth_blockNumber"), "0x2");
  // An empty pool makes no block.
  EXPECT_FALSE(node().produce_from_pool().header.has_value());
  EXPECT_EQ(result("eth_blockNumber"), "0x2");
}

TEST_F(NodeRpc, PendingNonceCountsPooledTransactionsWithoutGaps) {
  const std::string a = hex(key(0).address);
  submit(signed_tx(key(0), TxSpec{.nonce = 0}));
  submit(signed_tx(key(0), TxSpec{.nonce = 1}));
  submit(signed_tx(key(0), TxSpec{.nonce = 3}));  // held: nonce 2 is missing
  EXPECT_EQ(result("eth_getTransactionCount", {a, "pending"}), "0x2");
  EXPECT_EQ(result("eth_getTransactionCount", {a, "latest"}), "0x0");
  EXPECT_EQ(result("eth_getTransactionCount", {a}), "0x0");
  mine();
  EXPECT_EQ(result("eth_getTransactionCount", {a, "latest"}), "0x2");
  EXPECT_EQ(result("eth_getTransactionCount", {a, "pending"}), "0x2");
  submit(signed_tx(key(0), TxSpec{.nonce = 2}));  // fills the gap
  EXPECT_EQ(result("eth_getTransactionCount", {a, "pending"}), "0x4");
}

TEST_F(NodeRpc, BalancesAfterATransfer) {
  const Address to{{0x42, 0x42}};
  const uint256 value = uint256(123'456'789);
  const Transaction tx = signed_tx(key(0), TxSpec{.to = to, .value = value});
  submit(tx);
  mine();
  const json receipt = result("eth_getTransactionReceipt", {hex(tx.hash)});
  ASSERT_TRUE(receipt.is_object());
  const uint256 gas_used = parse_quantity(receipt["gasUsed"]);
  const uint256 price = parse_quantity(receipt["effectiveGasPrice"]);
  EXPECT_EQ(gas_used, uint256(21'000));

  // Block 1's base fee: genesis used no gas of its 30M limit, so the fee drops by 1/8 (EIP-1559).
  const json block = result("eth_getBlockByNumber", {"0x1", false});
  const uint256 base_fee = parse_quantity(block["baseFeePerGas"]);
  EXPECT_EQ(base_fee, uint256(875'000'000));
  // min(tip, fee cap - base fee) + base fee: the 1 gwei tip fits under the 2 gwei cap.
  EXPECT_EQ(price, base_fee + kGwei);

  EXPECT_EQ(parse_quantity(balance(key(0).address)), kDevAccountBalance - value - gas_used * price);
  EXPECT_EQ(parse_quantity(balance(to)), value);
  // The coinbase (the zero address by default) earns the tip; the base fee is burnt.
  EXPECT_EQ(parse_quantity(balance(Address{})), gas_used * kGwei);
}

TEST_F(NodeRpc, TransactionByHashPendingThenMined) {
  const Transaction tx = signed_tx(key(0), TxSpec{.value = uint256(5)});
  submit(tx);
  const json pending = result("eth_getTransactionByHash", {hex(tx.hash)});
  ASSERT_TRUE(pending.is_object());
  EXPECT_EQ(pending["hash"], hex(tx.hash));
  EXPECT_EQ(pending["from"], hex(key(0).address));
  EXPECT_EQ(pending["to"], hex(*tx.to));
  EXPECT_EQ(pending["nonce"], "0x0");
  EXPECT_EQ(pending["value"], "0x5");
  EXPECT_EQ(pending["gas"], "0x5208");
  EXPECT_EQ(pending["type"], "0x2");
  EXPECT_EQ(pending["chainId"], "0x7a69");
  EXPECT_TRUE(pending["blockHash"].is_null());
  EXPECT_TRUE(pending["blockNumber"].is_null());
  EXPECT_TRUE(pending["transactionIndex"].is_null());
  EXPECT_TRUE(result("eth_getTransactionReceipt", {hex(tx.hash)}).is_null());

  mine();
  const json block = result("eth_getBlockByNumber", {"latest", false});
  const json mined = result("eth_getTransactionByHash", {hex(tx.hash)});
  ASSERT_TRUE(mined.is_object());
  EXPECT_EQ(mined["blockHash"], block["hash"]);
  EXPECT_EQ(mined["blockNumber"], "0x1");
  EXPECT_EQ(mined["transactionIndex"], "0x0");
  EXPECT_EQ(mined["from"], hex(key(0).address));
  EXPECT_EQ(mined["r"], quantity_hex(tx.r));
  EXPECT_EQ(mined["s"], quantity_hex(tx.s));
  EXPECT_EQ(parse_quantity(mined["gasPrice"]), parse_quantity(block["baseFeePerGas"]) + kGwei);

  EXPECT_TRUE(result("eth_getTransactionByHash", {hex(Hash{{9}})}).is_null());
  EXPECT_TRUE(result("eth_getTransactionReceipt", {hex(Hash{{9}})}).is_null());
}

TEST_F(NodeRpc, ReceiptFields) {
  const Transaction first = signed_tx(key(0), TxSpec{});
  const Transaction second = signed_tx(key(1), TxSpec{});
  submit(first);
  submit(second);
  mine();
  const json block = result("eth_getBlockByNumber", {"0x1", false});
  const json r = result("eth_getTransactionReceipt", {hex(second.hash)});
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r["transactionHash"], hex(second.hash));
  EXPECT_EQ(r["transactionIndex"], "0x1");
  EXPECT_EQ(r["blockHash"], block["hash"]);
  EXPECT_EQ(r["blockNumber"], "0x1");
  EXPECT_EQ(r["from"], hex(key(1).address));
  EXPECT_EQ(r["to"], hex(*second.to));
  EXPECT_EQ(r["gasUsed"], "0x5208");
  EXPECT_EQ(r["cumulativeGasUsed"], "0xa410");  // 2 * 21000
  EXPECT_EQ(r["status"], "0x1");
  EXPECT_EQ(r["type"], "0x2");
  EXPECT_TRUE(r["contractAddress"].is_null());
  EXPECT_EQ(r["logs"], json::array());
  EXPECT_EQ(r["logsBloom"], "0x" + std::string(512, '0'));
  EXPECT_EQ(block["gasUsed"], "0xa410");
}

TEST_F(NodeRpc, ContractCreationReceiptHasTheAddress) {
  // Init code that returns an empty runtime: the creation succeeds with a known address.
  TxSpec spec;
  spec.to = std::nullopt;
  spec.value = uint256(0);
  spec.gas_limit = 100'000;
  spec.data = {0x60, 0x00, 0x60, 0x00, 0xf3};  // PUSH1 0 PUSH1 0 RETURN
  const Transaction tx = signed_tx(key(0), spec);
  submit(tx);
  mine();
  const json r = result("eth_getTransactionReceipt", {hex(tx.hash)});
  ASSERT_TRUE(r.is_object());
  EXPECT_EQ(r["status"], "0x1");
  EXPECT_TRUE(r["to"].is_null());
  // Anvil's account 0 creating with nonce 0 (address = keccak(rlp([sender, 0]))[12:]).
  EXPECT_EQ(r["contractAddress"], "0x5fbdb2315678afecb367f032d93f642f64180aa3");
}

TEST_F(NodeRpc, BlocksByNumberAndByHash) {
  const Transaction tx = signed_tx(key(0), TxSpec{});
  submit(tx);
  mine();
  const json genesis = result("eth_getBlockByNumber", {"0x0", false});
  const json brief = result("eth_getBlockByNumber", {"0x1", false});
  const json full = result("eth_getBlockByNumber", {"0x1", true});
  ASSERT_TRUE(genesis.is_object() && brief.is_object() && full.is_object());
  EXPECT_EQ(genesis["number"], "0x0");
  EXPECT_EQ(genesis["transactions"], json::array());
  EXPECT_EQ(brief["number"], "0x1");
  EXPECT_EQ(brief["parentHash"], genesis["hash"]);
  EXPECT_EQ(brief["transactions"], json::array({hex(tx.hash)}));
  ASSERT_EQ(full["transactions"].size(), 1u);
  EXPECT_EQ(full["transactions"][0]["hash"], hex(tx.hash));
  EXPECT_EQ(full["transactions"][0]["blockHash"], brief["hash"]);
  EXPECT_EQ(full["transactions"][0]["from"], hex(key(0).address));
  // Apart from the transactions, full and brief are the same block.
  json a = brief, b = full;
  a.erase("transactions");
  b.erase("transactions");
  EXPECT_EQ(a, b);

  EXPECT_EQ(result("eth_getBlockByHash", {brief["hash"], false}), brief);
  EXPECT_EQ(result("eth_getBlockByHash", {brief["hash"], true}), full);
  EXPECT_EQ(result("eth_getBlockByNumber", {"latest", false}), brief);
  EXPECT_EQ(result("eth_getBlockByNumber", {"earliest", false}), genesis);
  EXPECT_EQ(result("eth_getBlockByNumber", {json{{"blockHash", brief["hash"]}}, false}), brief);
  EXPECT_TRUE(result("eth_getBlockByNumber", {"0x2", false}).is_null());
  EXPECT_TRUE(result("eth_getBlockByHash", {hex(Hash{{7}}), false}).is_null());
  EXPECT_GT(parse_quantity(brief["timestamp"]), parse_quantity(genesis["timestamp"]));
  EXPECT_EQ(brief["gasLimit"], "0x1c9c380");  // 30,000,000
}

TEST_F(NodeRpc, GetLogsFiltersByAddressAndTopics) {
  const Address r1{{0x01, 0x11}}, r2{{0x02, 0x22}};
  auto transfer = [&](uint64_t nonce, const Address& to, uint64_t amount) {
    TxSpec s;
    s.nonce = nonce;
    s.to = kToken;
    s.value = uint256(0);
    s.gas_limit = 100'000;
    s.data = token_transfer(to, uint256(amount));
    return signed_tx(key(0), s);
  };
  const Transaction t1 = transfer(0, r1, 10), t2 = transfer(1, r2, 20), t3 = transfer(2, r1, 30);
  submit(t1);
  submit(t2);
  mine();
  submit(t3);
  mine();
  const std::string token = hex(kToken);
  const std::string from_word = hex(word(key(0).address));
  const std::string r1_word = hex(word(r1)), r2_word = hex(word(r2));

  auto logs = [&](json filter) {
    const json r = result("eth_getLogs", {std::move(filter)});
    EXPECT_TRUE(r.is_array()) << r.dump();
    return r;
  };
  const json all = logs({{"fromBlock", "0x0"}, {"toBlock", "latest"}, {"address", token}});
  ASSERT_EQ(all.size(), 3u) << all.dump();
  const Transaction* txs[] = {&t1, &t2, &t3};
  const uint64_t amounts[] = {10, 20, 30};
  const char* blocks[] = {"0x1", "0x1", "0x2"};
  const char* log_indexes[] = {"0x0", "0x1", "0x0"};
  for (size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(all[i]["address"], token);
    ASSERT_EQ(all[i]["topics"].size(), 3u);
    EXPECT_EQ(all[i]["topics"][0], kTransferTopic);
    EXPECT_EQ(all[i]["topics"][1], from_word);
    EXPECT_EQ(all[i]["topics"][2], i == 1 ? r2_word : r1_word);
    EXPECT_EQ(all[i]["data"], hex(word(uint256(amounts[i]))));
    EXPECT_EQ(all[i]["transactionHash"], hex(txs[i]->hash));
    EXPECT_EQ(all[i]["blockNumber"], blocks[i]);
    EXPECT_EQ(all[i]["logIndex"], log_indexes[i]);
    EXPECT_EQ(all[i]["removed"], false);
    // The receipt holds the same log.
    const json receipt = result("eth_getTransactionReceipt", {hex(txs[i]->hash)});
    ASSERT_EQ(receipt["logs"].size(), 1u);
    EXPECT_EQ(receipt["logs"][0], all[i]);
  }

  EXPECT_EQ(logs({{"fromBlock", "0x0"}, {"topics", {kTransferTopic, nullptr, r1_word}}}).size(), 2u);
  EXPECT_EQ(logs({{"fromBlock", "0x0"}, {"topics", {nullptr, nullptr, {r1_word, r2_word}}}}).size(), 3u);
  EXPECT_EQ(logs({{"fromBlock", "0x0"}, {"topics", {nullptr, nullptr, r2_word}}})[0], all[1]);
  EXPECT_EQ(logs({{"fromBlock", "0x0"}, {"address", hex(kReverter)}}).size(), 0u);
  EXPECT_EQ(logs({{"fromBlock", "0x0"}, {"address", {hex(kReverter), token}}}).size(), 3u);
  EXPECT_EQ(logs({{"fromBlock", "0x0"}, {"topics", {r1_word}}}).size(), 0u);  // wrong position
  // A fourth topic position the logs do not have matches nothing unless it is a wildcard.
  EXPECT_EQ(logs({{"fromBlock", "0x0"}, {"topics", {nullptr, nullptr, nullptr, r1_word}}}).size(), 0u);
  EXPECT_EQ(logs({{"fromBlock", "0x0"}, {"topics", {nullptr, nullptr, nullptr, nullptr}}}).size(), 3u);
  // Default range: the latest block only.
  const json latest = logs(json::object());
  ASSERT_EQ(latest.size(), 1u);
  EXPECT_EQ(latest[0], all[2]);
  const json block1 = result("eth_getBlockByNumber", {"0x1", false});
  const json by_hash = logs({{"blockHash", block1["hash"]}});
  ASSERT_EQ(by_hash.size(), 2u);
  EXPECT_EQ(by_hash[0], all[0]);
  EXPECT_EQ(by_hash[1], all[1]);
  EXPECT_EQ(logs({{"fromBlock", "0x2"}, {"toBlock", "0x2"}}).size(), 1u);
  EXPECT_TRUE(has_error(call("eth_getLogs", {{{"fromBlock", "0x2"}, {"toBlock", "0x1"}}}), rpc::kInvalidParams));
  EXPECT_TRUE(
      has_error(call("eth_getLogs", {{{"blockHash", block1["hash"]}, {"fromBlock", "0x1"}}}), rpc::kInvalidParams));
}

TEST_F(NodeRpc, FeeHistoryShapes) {
  submit(signed_tx(key(0), TxSpec{}));
  mine();
  submit(signed_tx(key(1), TxSpec{}));
  mine();
  const json b1 = result("eth_getBlockByNumber", {"0x1", false});
  const json b2 = result("eth_getBlockByNumber", {"0x2", false});

  const json h = result("eth_feeHistory", {"0x2", "latest", {25, 75}});
  ASSERT_TRUE(h.is_object()) << h.dump();
  EXPECT_EQ(h["oldestBlock"], "0x1");
  ASSERT_EQ(h["baseFeePerGas"].size(), 3u);  // count + 1: the next block's too
  EXPECT_EQ(h["baseFeePerGas"][0], b1["baseFeePerGas"]);
  EXPECT_EQ(h["baseFeePerGas"][1], b2["baseFeePerGas"]);
  // The next block's base fee: block 2 used 21000 of a 15M target, so it drops by
  // base * (15M - 21000) / 15M / 8 (EIP-1559, integer division).
  const uint256 base2 = parse_quantity(b2["baseFeePerGas"]);
  const uint256 target = uint256(15'000'000);
  EXPECT_EQ(parse_quantity(h["baseFeePerGas"][2]), base2 - base2 * (target - uint256(21'000)) / target / uint256(8));
  ASSERT_EQ(h["gasUsedRatio"].size(), 2u);
  EXPECT_DOUBLE_EQ(h["gasUsedRatio"][0].get<double>(), 21'000.0 / 30'000'000.0);
  ASSERT_EQ(h["reward"].size(), 2u);
  for (const json& r : h["reward"]) {
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0], "0x3b9aca00");  // the 1 gwei tip
  }
  ASSERT_TRUE(h.contains("baseFeePerBlobGas"));
  EXPECT_EQ(h["baseFeePerBlobGas"].size(), 3u);

  // More blocks than exist: from genesis. A JSON number count is taken too.
  const json all = result("eth_feeHistory", {"0x10", "latest"});
  EXPECT_EQ(all["oldestBlock"], "0x0");
  EXPECT_EQ(all["baseFeePerGas"].size(), 4u);
  EXPECT_EQ(all["gasUsedRatio"].size(), 3u);
  EXPECT_FALSE(all.contains("reward"));
  const json one = result("eth_feeHistory", {1, "0x1"});
  EXPECT_EQ(one["oldestBlock"], "0x1");
  ASSERT_EQ(one["baseFeePerGas"].size(), 2u);
  EXPECT_EQ(one["baseFeePerGas"][1], b2["baseFeePerGas"]);
}

TEST_F(NodeRpc, ExecuteBatchReportsRejectionsByIndex) {
  const Transaction good_a = signed_tx(key(0), TxSpec{.to = Address{{0xaa}}, .value = uint256(100)});
  Transaction unsigned_b = signed_tx(key(1), TxSpec{});
  unsigned_b.s = uint256(0);
  const Transaction gap_a = signed_tx(key(0), TxSpec{.nonce = 5});
  const Transaction good_c = signed_tx(key(2), TxSpec{.to = Address{{0xcc}}, .value = uint256(300)});
  const json batch = {raw_hex(good_a), "0xdeadbeef", raw_hex(unsigned_b), raw_hex(gap_a), raw_hex(good_c)};

  const json r = result("warp_executeBatch", {batch});
  ASSERT_TRUE(r.is_object());
  ASSERT_EQ(r["rejected"].size(), 3u) << r.dump();
  EXPECT_EQ(r["rejected"][0]["index"], 1);
  EXPECT_TRUE(r["rejected"][0]["hash"].is_null());
  EXPECT_NE(r["rejected"][0]["reason"].get<std::string>().find("invalid raw transaction"), std::string::npos);
  EXPECT_EQ(r["rejected"][1]["index"], 2);
  EXPECT_NE(r["rejected"][1]["reason"].get<std::string>().find("invalid sender"), std::string::npos);
  EXPECT_EQ(r["rejected"][2]["index"], 3);
  EXPECT_EQ(r["rejected"][2]["hash"], hex(gap_a.hash));
  EXPECT_NE(r["rejected"][2]["reason"].get<std::string>().find("nonce"), std::string::npos);

  EXPECT_EQ(r["blockNumber"], "0x1");
  ASSERT_EQ(r["receipts"].size(), 2u);
  EXPECT_EQ(r["receipts"][0]["transactionHash"], hex(good_a.hash));
  EXPECT_EQ(r["receipts"][0]["batchIndex"], 0);
  EXPECT_EQ(r["receipts"][0]["status"], "0x1");
  EXPECT_EQ(r["receipts"][1]["transactionHash"], hex(good_c.hash));
  EXPECT_EQ(r["receipts"][1]["batchIndex"], 4);
  EXPECT_EQ(r["gasUsed"], "0xa410");

  const json block = result("eth_getBlockByNumber", {"0x1", false});
  EXPECT_EQ(r["stateRoot"], block["stateRoot"]);
  EXPECT_EQ(r["blockHash"], block["hash"]);
  EXPECT_EQ(r["transactionsRoot"], block["transactionsRoot"]);
  EXPECT_EQ(r["receiptsRoot"], block["receiptsRoot"]);
  EXPECT_EQ(block["transactions"], json::array({hex(good_a.hash), hex(good_c.hash)}));
  EXPECT_EQ(parse_quantity(balance(Address{{0xaa}})), uint256(100));
  EXPECT_EQ(parse_quantity(balance(Address{{0xcc}})), uint256(300));
  // The gapped transaction was not pooled either.
  EXPECT_TRUE(result("eth_getTransactionByHash", {hex(gap_a.hash)}).is_null());
  EXPECT_EQ(result("eth_getTransactionCount", {hex(key(0).address), "pending"}), "0x1");
}

TEST_F(NodeRpc, ExecuteBatchOfOnlyBadTransactionsMakesNoBlock) {
  const json before = result("eth_getBlockByNumber", {"latest", false});
  const json r =
      result("warp_executeBatch", json::array({json::array({"0x01", raw_hex(signed_tx(key(0), TxSpec{.nonce = 9}))})}));
  ASSERT_TRUE(r.is_object());
  EXPECT_TRUE(r["blockNumber"].is_null());
  EXPECT_EQ(r["receipts"], json::array());
  EXPECT_EQ(r["rejected"].size(), 2u);
  EXPECT_EQ(r["stateRoot"], before["stateRoot"]);
  EXPECT_EQ(result("eth_getBlockByNumber", {"latest", false}), before);
}

TEST_F(NodeRpc, StateDiffListsChangedAccounts) {
  const Address to{{0xd1, 0xff}};
  const Transaction tx = signed_tx(key(0), TxSpec{.to = to, .value = uint256(77)});
  submit(tx);
  mine();
  const json diff = result("warp_getStateDiff", {"0x1"});
  ASSERT_TRUE(diff.is_object());
  const json block = result("eth_getBlockByNumber", {"0x1", false});
  EXPECT_EQ(diff["blockNumber"], "0x1");
  EXPECT_EQ(diff["blockHash"], block["hash"]);
  EXPECT_EQ(diff["stateRoot"], block["stateRoot"]);
  auto find = [&](const Address& a) -> json {
    for (const json& acc : diff["accounts"])
      if (acc["address"] == hex(a)) return acc;
    return nullptr;
  };
  const json sender = find(key(0).address);
  ASSERT_TRUE(sender.is_object()) << diff.dump();
  EXPECT_EQ(sender["nonce"], "0x1");
  EXPECT_EQ(sender["balance"], balance(key(0).address));
  const json recipient = find(to);
  ASSERT_TRUE(recipient.is_object()) << diff.dump();
  EXPECT_EQ(recipient["balance"], "0x4d");
  EXPECT_EQ(recipient["nonce"], "0x0");
  // Accounts the block did not touch are not listed.
  EXPECT_TRUE(find(key(1).address).is_null());
  EXPECT_TRUE(find(kToken).is_null());
  EXPECT_EQ(diff["storage"], json::array());
  // The latest tag and a block that does not exist.
  EXPECT_EQ(result("warp_getStateDiff", {"latest"}), diff);
  EXPECT_TRUE(result("warp_getStateDiff", {"0x9"}).is_null());
}

// The block-scoped lookups indexers and explorers use agree with the per-transaction ones.
TEST_F(NodeRpc, BlockReceiptsCountsAndTransactionsByIndex) {
  const Transaction first = signed_tx(key(0), TxSpec{});
  const Transaction second = signed_tx(key(1), TxSpec{});
  submit(first);
  submit(second);
  mine();
  const json block = result("eth_getBlockByNumber", {"0x1", false});
  ASSERT_TRUE(block.is_object());
  const json receipts = result("eth_getBlockReceipts", {"0x1"});
  ASSERT_EQ(receipts.size(), 2u);
  EXPECT_EQ(receipts[0], result("eth_getTransactionReceipt", {hex(first.hash)}));
  EXPECT_EQ(receipts[1], result("eth_getTransactionReceipt", {hex(second.hash)}));
  EXPECT_EQ(result("eth_getBlockReceipts", {block["hash"]}), receipts);
  EXPECT_EQ(result("eth_getBlockReceipts", {"0x0"}), json::array());
  EXPECT_TRUE(result("eth_getBlockReceipts", {"0x9"}).is_null());

  EXPECT_EQ(result("eth_getBlockTransactionCountByNumber", {"latest"}), "0x2");
  EXPECT_EQ(result("eth_getBlockTransactionCountByHash", {block["hash"]}), "0x2");
  EXPECT_EQ(result("eth_getBlockTransactionCountByNumber", {"0x0"}), "0x0");
  EXPECT_TRUE(result("eth_getBlockTransactionCountByHash", {hex(Hash{{9}})}).is_null());

  EXPECT_EQ(result("eth_getTransactionByBlockNumberAndIndex", {"0x1", "0x1"}),
            result("eth_getTransactionByHash", {hex(second.hash)}));
  EXPECT_EQ(result("eth_getTransactionByBlockHashAndIndex", {block["hash"], "0x0"}),
            result("eth_getTransactionByHash", {hex(first.hash)}));
  EXPECT_TRUE(result("eth_getTransactionByBlockNumberAndIndex", {"0x1", "0x2"}).is_null());
  EXPECT_TRUE(has_error(call("eth_getTransactionByBlockNumberAndIndex", {"0x1", 1}), rpc::kInvalidParams, ""));

  EXPECT_EQ(result("eth_syncing"), false);
  EXPECT_EQ(result("net_listening"), true);
  EXPECT_EQ(result("eth_accounts"), json::array());
}

}  // namespace
}  // namespace warp::test
