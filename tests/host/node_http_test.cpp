// The node's HTTP transport (HttpServer on 127.0.0.1, any free port) spoken to by a real HTTP
// client: the body limit, JWT authentication of the warp_ methods, and that the server keeps
// serving after refusing a request.
#include <gtest/gtest.h>
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "host/node/http_server.hpp"
#include "host/node/jwt_auth.hpp"
#include "host/node/rpc_error.hpp"
#include "tests/host/node_test_util.hpp"

namespace warp::test {
namespace {

using nlohmann::json;

constexpr size_t kSmallBody = 1024;

int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

JwtSecret test_secret() {
  JwtSecret s{};
  for (size_t i = 0; i < s.size(); ++i) s[i] = static_cast<uint8_t>(0x40 + i);
  return s;
}

std::string request(const std::string& method, json params = json::array(), json id = 1) {
  return json{{"jsonrpc", "2.0"}, {"id", std::move(id)}, {"method", method}, {"params", std::move(params)}}.dump();
}

class NodeHttp : public ::testing::Test {
 protected:
  void start(std::optional<JwtSecret> secret, const TestNodeOptions& node_options = {}) {
    t_ = open_test_node(node_options);
    ASSERT_TRUE(t_->node);
    rpc_ = std::make_unique<rpc::RpcServer>(*t_->node);
    HttpOptions options;
    options.port = 0;
    options.max_body = kSmallBody;
    options.jwt_secret = secret;
    http_ = std::make_unique<HttpServer>(*rpc_, options);
    ASSERT_EQ(http_->bind(), "");
    ASSERT_GT(http_->port(), 0);
    thread_ = std::thread([this] { http_->run(); });
    client_ = std::make_unique<httplib::Client>("127.0.0.1", http_->port());
    client_->set_connection_timeout(5);
    client_->set_read_timeout(10);
    // The server answers before any test talks to it (and stop() then finds it running).
    const auto first = post(request("eth_chainId"));
    ASSERT_TRUE(first.has_value());
  }

  void TearDown() override {
    if (http_) http_->stop();
    if (thread_.joinable()) thread_.join();
    if (t_ && t_->node) t_->node->stop();
  }

  struct Reply {
    int status = 0;
    json body;
  };
  std::optional<Reply> post(const std::string& body, const httplib::Headers& headers = {}) {
    auto res = client_->Post("/", headers, body, "application/json");
    if (!res) {
      ADD_FAILURE() << "no HTTP response: " << httplib::to_string(res.error());
      return std::nullopt;
    }
    Reply reply;
    reply.status = res->status;
    reply.body = res->body.empty() ? json(nullptr) : json::parse(res->body, nullptr, false);
    EXPECT_FALSE(reply.body.is_discarded()) << res->body;
    return reply;
  }
  static httplib::Headers bearer(const std::string& token) { return {{"Authorization", "Bearer " + token}}; }

  std::unique_ptr<TestNode> t_;
  std::unique_ptr<rpc::RpcServer> rpc_;
  std::unique_ptr<HttpServer> http_;
  std::thread thread_;
  std::unique_ptr<httplib::Client> client_;
};

TEST_F(NodeHttp, OversizedBodyIsALimitErrorAndTheServerGoesOn) {
  start(std::nullopt);
  // A well-formed call whose body is four times the limit.
  const std::string big = request("eth_getBalance", {"0x" + std::string(4 * kSmallBody, 'a'), "latest"});
  ASSERT_GT(big.size(), kSmallBody);
  const auto refused = post(big);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
  ASSERT_TRUE(refused->body.is_object());
  EXPECT_EQ(refused->body["jsonrpc"], "2.0");
  EXPECT_TRUE(refused->body["id"].is_null());
  EXPECT_EQ(refused->body["error"]["code"], rpc::kLimitExceeded);

  // A body just under the limit is served, on the same client, and so is the next one.
  std::string padded = request("eth_blockNumber");
  padded.append(kSmallBody - padded.size(), ' ');
  ASSERT_EQ(padded.size(), kSmallBody);
  const auto served = post(padded);
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
  EXPECT_EQ(served->body.value("result", json()), "0x0");
  for (int i = 0; i < 3; ++i) {
    const auto again = post(big);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->status, 413);
    const auto ok = post(request("eth_chainId"));
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->body.value("result", json()), "0x7a69");
  }
}

// The same limit when the body comes in chunks (Transfer-Encoding: chunked, no Content-Length):
// otherwise any client could make the server buffer a body of any size.
TEST_F(NodeHttp, OversizedChunkedBodyIsALimitError) {
  start(std::nullopt);
  // A valid call padded with whitespace to 64 times the limit, sent in 1 KiB chunks.
  std::string body = request("eth_chainId");
  body.append(64 * kSmallBody - body.size(), ' ');
  auto res = client_->Post(
      "/",
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset >= body.size()) {
          sink.done();
          return true;
        }
        const size_t n = std::min(kSmallBody, body.size() - offset);
        return sink.write(body.data() + offset, n);
      },
      "application/json");
  if (res) {
    EXPECT_EQ(res->status, 413) << res->body;
    const json reply = json::parse(res->body, nullptr, false);
    EXPECT_TRUE(reply.is_object() && reply.contains("error") && reply["error"]["code"] == rpc::kLimitExceeded)
        << res->body;
  }  // a closed connection is a refusal too
  // And the server still serves.
  const auto ok = post(request("eth_chainId"));
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->body.value("result", json()), "0x7a69");
}

// Clients on several connections at once while the producer thread makes blocks: every
// transaction lands exactly once, in nonce order per sender.
TEST_F(NodeHttp, ConcurrentClientsWhileBlocksAreProduced) {
  TestNodeOptions options;
  options.block_time_ms = 20;
  start(std::nullopt, options);
  t_->node->start();
  constexpr size_t kSenders = kFundedKeys;
  constexpr uint64_t kPerSender = 15;
  const Address to{{0x5e, 0x4d}};
  std::vector<std::thread> clients;
  std::vector<int> refused(kSenders, 0);
  for (size_t k = 0; k < kSenders; ++k) {
    clients.emplace_back([&, k] {
      httplib::Client client("127.0.0.1", http_->port());
      for (uint64_t nonce = 0; nonce < kPerSender; ++nonce) {
        TxSpec spec;
        spec.nonce = nonce;
        spec.to = to;
        spec.value = uint256(k + 1);
        const std::string body = request("eth_sendRawTransaction", {raw_hex(signed_tx(test_keys()[k], spec))});
        auto res = client.Post("/", body, "application/json");
        const json reply = res ? json::parse(res->body, nullptr, false) : json();
        if (!reply.is_object() || !reply.contains("result")) ++refused[k];
        // Now and then a read, which must not block on or disturb production.
        if (nonce % 5 == 0) client.Post("/", request("eth_getBlockByNumber", {"latest", true}), "application/json");
      }
    });
  }
  for (std::thread& c : clients) c.join();
  for (size_t k = 0; k < kSenders; ++k) EXPECT_EQ(refused[k], 0) << "sender " << k;

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  auto all_mined = [&] {
    for (size_t k = 0; k < kSenders; ++k) {
      const auto r = post(request("eth_getTransactionCount", {hex(test_keys()[k].address), "latest"}));
      if (!r || r->body.value("result", json()) != quantity_hex(uint256(kPerSender))) return false;
    }
    return true;
  };
  while (!all_mined() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(all_mined());
  // value k+1 from sender k, kPerSender times each.
  uint64_t want = 0;
  for (size_t k = 0; k < kSenders; ++k) want += (k + 1) * kPerSender;
  const auto balance = post(request("eth_getBalance", {hex(to), "latest"}));
  ASSERT_TRUE(balance);
  EXPECT_EQ(balance->body.value("result", json()), quantity_hex(uint256(want)));
  // Every block's transactions, in order, hold each sender's nonces ascending and no repeats.
  const auto head = post(request("eth_blockNumber"));
  ASSERT_TRUE(head);
  const uint64_t blocks = parse_quantity(head->body["result"]).w[0];
  std::map<std::string, uint64_t> next_nonce;
  size_t total = 0;
  for (uint64_t n = 1; n <= blocks; ++n) {
    const auto b = post(request("eth_getBlockByNumber", {quantity_hex(uint256(n)), true}));
    ASSERT_TRUE(b);
    for (const json& tx : b->body["result"]["transactions"]) {
      const std::string from = tx["from"];
      EXPECT_EQ(parse_quantity(tx["nonce"]), uint256(next_nonce[from]++)) << from;
      ++total;
    }
  }
  EXPECT_EQ(total, kSenders * kPerSender);
}

TEST_F(NodeHttp, JsonRpcErrorsTravelOverHttp) {
  start(std::nullopt);
  const auto parse = post("{not json");
  ASSERT_TRUE(parse);
  EXPECT_EQ(parse->body["error"]["code"], rpc::kParseError);
  const auto unknown = post(request("eth_nope"));
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->body["error"]["code"], rpc::kMethodNotFound);
  // A notification: nothing to answer, and no error status.
  const auto note = post(R"({"jsonrpc":"2.0","method":"eth_chainId"})");
  ASSERT_TRUE(note);
  EXPECT_EQ(note->status, 200);
  EXPECT_TRUE(note->body.is_null());
  // Without a secret the warp_ methods are open.
  const auto diff = post(request("warp_getStateDiff", {"latest"}));
  ASSERT_TRUE(diff);
  EXPECT_EQ(diff->status, 200);
  EXPECT_TRUE(diff->body.contains("result")) << diff->body.dump();
  // Only POST carries calls.
  auto get = client_->Get("/");
  ASSERT_TRUE(get);
  EXPECT_EQ(get->status, 405);
}

TEST_F(NodeHttp, JwtGuardsTheWarpMethods) {
  const JwtSecret secret = test_secret();
  start(secret);
  const std::string diff = request("warp_getStateDiff", {"latest"});

  const auto anonymous = post(diff);
  ASSERT_TRUE(anonymous);
  EXPECT_EQ(anonymous->status, 401);
  ASSERT_TRUE(anonymous->body.is_object());
  EXPECT_EQ(anonymous->body["jsonrpc"], "2.0");
  EXPECT_EQ(anonymous->body["error"]["code"], rpc::kInvalidRequest);
  EXPECT_FALSE(anonymous->body.contains("result"));

  const auto fresh = post(diff, bearer(make_jwt(secret, unix_now())));
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->status, 200);
  ASSERT_TRUE(fresh->body.contains("result")) << fresh->body.dump();
  EXPECT_EQ(fresh->body["result"]["blockNumber"], "0x0");

  // The eth_ methods need no token.
  const auto open = post(request("eth_blockNumber"));
  ASSERT_TRUE(open);
  EXPECT_EQ(open->status, 200);
  EXPECT_EQ(open->body.value("result", json()), "0x0");

  // Two minutes old: outside the tolerance, refused.
  const auto expired = post(diff, bearer(make_jwt(secret, unix_now() - 120)));
  ASSERT_TRUE(expired);
  EXPECT_EQ(expired->status, 401);
  EXPECT_EQ(expired->body["error"]["code"], rpc::kInvalidRequest);

  // Signed with another secret.
  JwtSecret other = secret;
  other[0] ^= 1;
  const auto forged = post(diff, bearer(make_jwt(other, unix_now())));
  ASSERT_TRUE(forged);
  EXPECT_EQ(forged->status, 401);

  // Not a bearer token at all.
  const auto junk = post(diff, {{"Authorization", "Basic abc"}});
  ASSERT_TRUE(junk);
  EXPECT_EQ(junk->status, 401);

  // A batch that hides a warp_ call behind an eth_ one needs the token too.
  const std::string batch = "[" + request("eth_blockNumber") + "," + diff + "]";
  const auto hidden = post(batch);
  ASSERT_TRUE(hidden);
  EXPECT_EQ(hidden->status, 401);
  const auto batch_ok = post(batch, bearer(make_jwt(secret, unix_now())));
  ASSERT_TRUE(batch_ok);
  ASSERT_TRUE(batch_ok->body.is_array()) << batch_ok->body.dump();
  EXPECT_EQ(batch_ok->body.size(), 2u);

  // A refused batch executed nothing: warp_executeBatch without a token makes no block.
  const auto exec =
      post(request("warp_executeBatch", json::array({json::array({raw_hex(signed_tx(test_keys()[0], TxSpec{}))})})));
  ASSERT_TRUE(exec);
  EXPECT_EQ(exec->status, 401);
  EXPECT_EQ(post(request("eth_blockNumber"))->body.value("result", json()), "0x0");
  const auto exec_ok =
      post(request("warp_executeBatch", json::array({json::array({raw_hex(signed_tx(test_keys()[0], TxSpec{}))})})),
           bearer(make_jwt(secret, unix_now())));
  ASSERT_TRUE(exec_ok);
  EXPECT_EQ(exec_ok->status, 200);
  EXPECT_EQ(exec_ok->body["result"].value("blockNumber", json()), "0x1") << exec_ok->body.dump();
  EXPECT_EQ(post(request("eth_blockNumber"))->body.value("result", json()), "0x1");
}

}  // namespace
}  // namespace warp::test
