#include "bench/rpc_load/verify_load.hpp"

#include <algorithm>

#include "host/analyze/ordering.hpp"
#include "host/node/rpc_hex.hpp"

namespace warp::bench {

using nlohmann::json;

namespace {

constexpr size_t kMaxProblemsKept = 5;

void note(LoadCheck& c, std::string line) {
  if (c.problems.size() < kMaxProblemsKept) c.problems.push_back(std::move(line));
}

void check_receipts(RpcClient& client, const SignedLoad& load, const std::vector<size_t>& included_count, size_t sample,
                    LoadCheck& c) {
  if (sample == 0 || load.size() == 0) return;
  const size_t step = std::max<size_t>(1, load.size() / sample);
  std::vector<size_t> picks;
  for (size_t i = 0; i < load.size(); i += step) picks.push_back(i);
  if (picks.back() != load.size() - 1) picks.push_back(load.size() - 1);
  std::vector<json> params;
  params.reserve(picks.size());
  for (size_t i : picks) params.push_back({to_hex0x(load.hashes[i])});
  const std::vector<RpcReply> replies = client.try_batch("eth_getTransactionReceipt", params);
  for (size_t p = 0; p < picks.size(); ++p) {
    const size_t i = picks[p];
    const RpcReply& r = replies[p];
    const bool nonce_used = load.nonce[i] - load.first_nonce[load.sender[i]] < included_count[load.sender[i]];
    if (!nonce_used) continue;  // already counted as not included
    ++c.receipts_checked;
    if (!r.ok() || r.result.is_null()) {
      ++c.receipts_failed;
      note(c, "transaction " + std::to_string(i) + " (" + to_hex0x(load.hashes[i]) +
                  "): its nonce is used but it has no receipt (replaced?)");
    } else if (r.result.value("status", "") != "0x1") {
      ++c.receipts_failed;
      note(c, "transaction " + std::to_string(i) + " (" + to_hex0x(load.hashes[i]) + ") failed: status " +
                  r.result.value("status", std::string("?")));
    }
  }
}

size_t count_token_transfers(RpcClient& client, const Address& token, uint64_t blocks_after, uint64_t last_block) {
  const Hash& topic = erc20_transfer_topic();
  size_t count = 0;
  // One block per query: the node caps a query's logs (10000), a block holds fewer.
  for (uint64_t n = blocks_after + 1; n <= last_block; ++n) {
    const json filter = {{"fromBlock", rpc::quantity(n)},
                         {"toBlock", rpc::quantity(n)},
                         {"address", to_hex0x(token)},
                         {"topics", {to_hex0x(topic)}}};
    count += client.call("eth_getLogs", json::array({filter})).size();
  }
  return count;
}

}  // namespace

size_t LoadCheck::failed(size_t txs) const {
  const size_t missing = txs > included ? txs - included : 0;
  size_t bad = 0;
  if (token_transfers) {
    bad = included > *token_transfers ? included - *token_transfers : 0;
  } else {
    bad = receipts_failed;
  }
  return missing + bad;
}

LoadCheck check_load(RpcClient& client, const SignedLoad& load, std::optional<Address> token, uint64_t blocks_after,
                     uint64_t last_block, size_t receipt_sample) {
  LoadCheck c;
  const std::vector<uint64_t> nonces = read_nonces(client, load.sender_address, "latest");
  std::vector<size_t> included_count(load.sender_count());
  for (size_t s = 0; s < load.sender_count(); ++s) {
    const uint64_t first = load.first_nonce[s];
    const size_t done = nonces[s] > first ? static_cast<size_t>(nonces[s] - first) : 0;
    included_count[s] = std::min(done, load.count_of(s));
    c.included += included_count[s];
    if (included_count[s] < load.count_of(s))
      note(c, "sender " + std::to_string(s) + " (" + to_hex0x(load.sender_address[s]) +
                  "): " + std::to_string(included_count[s]) + " of " + std::to_string(load.count_of(s)) +
                  " transactions included");
  }
  check_receipts(client, load, included_count, receipt_sample, c);
  if (token) {
    c.token_transfers = count_token_transfers(client, *token, blocks_after, last_block);
    if (*c.token_transfers < c.included)
      note(c, std::to_string(c.included - *c.token_transfers) + " included token transfers logged no Transfer event");
  }
  return c;
}

}  // namespace warp::bench
