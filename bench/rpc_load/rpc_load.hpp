// The engine behind `warpevm loadgen`: sustained transactions per second through a running
// `warpevm serve`, either submitted one by one (eth_sendRawTransaction, measured until the
// last one is in a block) or executed as batches (warp_executeBatch). Everything is signed
// before the clock starts; afterwards the run is checked (nonces, receipts, token events).
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bench/rpc_load/load_txs.hpp"

namespace warp::bench {

enum class LoadMode : uint8_t { Send, Batch };

std::optional<LoadMode> parse_load_mode(std::string_view name);
const char* load_mode_name(LoadMode m);

struct LoadOptions {
  std::string url = "http://127.0.0.1:8545";
  LoadMode mode = LoadMode::Send;
  LoadWorkload workload = LoadWorkload::Transfer;
  size_t txs = 20'000;
  size_t senders = 200;  // the first dev accounts (the node must fund at least this many)
  size_t connections = 4;
  bool keep_alive = true;    // reuse each connection (see RpcClient)
  size_t batch_size = 1000;  // batch mode; lowered when the batch would not fit the block gas limit
  size_t window = 48;        // send mode: in flight per sender
  std::string auth_jwt;      // file with the node's JWT secret (warp_ methods)
  double stall_seconds = 60;
  size_t receipt_sample = 500;
};

struct LoadResult {
  std::string mode;
  std::string workload;
  size_t txs = 0;
  size_t senders = 0;
  size_t connections = 0;
  size_t batch_size = 0;  // as used (batch mode), 0 in send mode
  double seconds = 0;     // send: first send to last inclusion; batch: all batches
  double tx_per_s = 0;
  double gas_per_s = 0;
  uint64_t blocks = 0;
  size_t included = 0;
  size_t failed = 0;          // not included, or included but not successful
  double submit_seconds = 0;  // send mode: first send to the last answer
  double submit_tx_per_s = 0;
  uint64_t gas_used = 0;
  uint64_t first_block = 0;  // the run's blocks follow this one
  uint64_t last_block = 0;
  size_t receipts_checked = 0;
  std::vector<std::string> problems;  // refusals, rejections, failed checks: one line each
};

// Throws std::runtime_error (with what to do) when the node cannot be reached, the senders are
// not funded, the JWT file is bad, or the setup fails.
LoadResult run_load(const LoadOptions& options, std::ostream& log);

std::string format_load_summary(const LoadResult& r);
nlohmann::json load_result_json(const LoadResult& r);

}  // namespace warp::bench
