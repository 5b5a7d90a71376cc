#include "bench/rpc_load/batch_load.hpp"

#include <algorithm>
#include <chrono>
#include <ostream>

#include "host/node/rpc_hex.hpp"

namespace warp::bench {

using nlohmann::json;

namespace {

constexpr size_t kMaxErrorsKept = 5;

}  // namespace

BatchRunOutcome run_batches(RpcClient& client, const SignedLoad& load, size_t batch_size, std::ostream& log) {
  BatchRunOutcome out;
  std::vector<std::string> bodies;
  for (size_t from = 0; from < load.size(); from += batch_size) {
    const size_t to = std::min(load.size(), from + batch_size);
    json list = json::array();
    for (size_t i = from; i < to; ++i) list.push_back(load.raw_hex[i]);
    bodies.push_back(request_body("warp_executeBatch", json::array({std::move(list)})));
  }
  out.first_block = rpc::parse_u64(client.call("eth_blockNumber", json::array()), "block number");
  out.last_block = out.first_block;
  log << "executing " << load.size() << " transactions as " << bodies.size() << " batches of up to " << batch_size
      << "\n";

  const auto start = std::chrono::steady_clock::now();
  for (const std::string& body : bodies) {
    const RpcReply reply = reply_of(client.post(body));
    if (!reply.ok()) throw RpcCallError("warp_executeBatch", *reply.error_code, reply.error_message);
    const json& r = reply.result;
    for (const json& rej : r.at("rejected")) {
      ++out.rejected;
      if (out.errors.size() < kMaxErrorsKept)
        out.errors.push_back("batch entry " + std::to_string(rej.value("index", 0)) + ": " +
                             rej.value("reason", std::string()));
    }
    if (r.at("blockNumber").is_null()) continue;
    ++out.blocks;
    out.last_block = rpc::parse_u64(r["blockNumber"], "blockNumber");
    out.gas_used += rpc::parse_u64(r.at("gasUsed"), "gasUsed");
    for (const json& receipt : r.at("receipts")) {
      ++out.included;
      if (receipt.value("status", "") != "0x1") ++out.reverted;
    }
  }
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

}  // namespace warp::bench
