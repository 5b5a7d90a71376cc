#include "bench/rpc_load/rpc_load.hpp"

#include <chrono>
#include <cstdio>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "bench/rpc_load/batch_load.hpp"
#include "bench/rpc_load/node_setup.hpp"
#include "bench/rpc_load/rpc_client.hpp"
#include "bench/rpc_load/send_load.hpp"
#include "bench/rpc_load/verify_load.hpp"
#include "host/node/dev_keys.hpp"
#include "host/node/jwt_auth.hpp"

namespace warp::bench {

namespace {

double rate(double amount, double seconds) { return seconds > 0 ? amount / seconds : 0; }

std::optional<JwtSecret> load_secret(const std::string& path) {
  if (path.empty()) return std::nullopt;
  auto secret = load_jwt_secret(path);
  if (auto* err = std::get_if<std::string>(&secret)) throw std::runtime_error("--auth-jwt: " + *err);
  return std::get<JwtSecret>(secret);
}

std::vector<LoadSender> dev_senders(size_t count) {
  std::vector<LoadSender> out;
  for (const DevAccount& a : dev_accounts(count)) out.push_back({a.address, a.secret_key, 0});
  return out;
}

// The batch size actually used: every batch must fit one block by the sum of gas limits.
size_t fitting_batch_size(size_t wanted, uint64_t block_gas_limit, uint64_t tx_gas, std::ostream& log) {
  const size_t fits = static_cast<size_t>(block_gas_limit / tx_gas);
  if (wanted <= fits) return wanted;
  log << "batch size lowered from " << wanted << " to " << fits << ": " << wanted << " x " << tx_gas
      << " gas would exceed the block gas limit of " << block_gas_limit << "\n";
  return fits;
}

}  // namespace

std::optional<LoadMode> parse_load_mode(std::string_view name) {
  if (name == "send") return LoadMode::Send;
  if (name == "batch") return LoadMode::Batch;
  return std::nullopt;
}

const char* load_mode_name(LoadMode m) { return m == LoadMode::Send ? "send" : "batch"; }

LoadResult run_load(const LoadOptions& o, std::ostream& log) {
  if (o.senders == 0 || o.txs == 0) throw std::runtime_error("--txs and --senders must be at least 1");
  if (o.window == 0 || o.connections == 0 || o.batch_size == 0)
    throw std::runtime_error("--window, --connections and --batch-size must be at least 1");
  const std::optional<JwtSecret> jwt = load_secret(o.auth_jwt);
  RpcClient client(o.url, jwt, o.keep_alive);
  const ChainFacts facts = read_chain_facts(client);
  const LoadFees fees = choose_fees(facts);
  const uint64_t tx_gas = load_gas_limit(o.workload);

  std::vector<LoadSender> senders = dev_senders(o.senders);
  std::vector<Address> addresses;
  for (const LoadSender& s : senders) addresses.push_back(s.address);
  const std::vector<uint256> balances = read_balances(client, addresses);
  // The erc20 setup's own transactions (a deploy, the token funding) are refused with the
  // node's reason if the owner cannot pay for them.
  if (std::string why = funding_problem(senders, balances, o.txs, tx_gas, fees, uint256(1)); !why.empty())
    throw std::runtime_error(why);

  SendOptions send;
  send.url = o.url;
  send.jwt = jwt;
  send.connections = o.connections;
  send.keep_alive = o.keep_alive;
  send.window = o.window;
  send.stall_seconds = o.stall_seconds;

  // Pending nonces: transactions already pooled for a sender come before the load's.
  const std::vector<uint64_t> pending = read_nonces(client, addresses, "pending");
  for (size_t s = 0; s < senders.size(); ++s) senders[s].first_nonce = pending[s];
  std::optional<Address> token;
  if (o.workload == LoadWorkload::Erc20) token = setup_erc20(send, client, facts, fees, senders, log);

  LoadSpec spec;
  spec.workload = o.workload;
  spec.txs = o.txs;
  spec.chain_id = facts.chain_id;
  spec.fees = fees;
  spec.token = token;
  const auto sign_start = std::chrono::steady_clock::now();
  const SignedLoad load = make_signed_load(spec, senders);
  log << "signed " << load.size() << " transactions in "
      << std::chrono::duration<double>(std::chrono::steady_clock::now() - sign_start).count() << " s\n";

  LoadResult r;
  r.mode = load_mode_name(o.mode);
  r.workload = load_workload_name(o.workload);
  r.txs = o.txs;
  r.senders = o.senders;
  if (o.mode == LoadMode::Send) {
    const SendOutcome out = run_send(send, load, log);
    r.connections = o.connections;
    r.seconds = out.seconds;
    r.submit_seconds = out.submit_seconds;
    r.submit_tx_per_s = rate(static_cast<double>(out.submitted), out.submit_seconds);
    r.blocks = out.blocks;
    r.gas_used = out.gas_used;
    r.first_block = out.first_block;
    r.last_block = out.last_block;
    r.problems = out.errors;
    if (out.retries > 0)
      r.problems.push_back(std::to_string(out.retries) + " submissions hit a pool limit and were sent again");
    if (out.stalled)
      r.problems.push_back("no new block for " + std::to_string(static_cast<int>(o.stall_seconds)) +
                           " s with transactions outstanding: gave up waiting");
  } else {
    r.connections = 1;
    r.batch_size = fitting_batch_size(o.batch_size, facts.gas_limit, tx_gas, log);
    const BatchRunOutcome out = run_batches(client, load, r.batch_size, log);
    r.seconds = out.seconds;
    r.blocks = out.blocks;
    r.gas_used = out.gas_used;
    r.first_block = out.first_block;
    r.last_block = out.last_block;
    r.problems = out.errors;
    if (out.rejected > 0) r.problems.push_back(std::to_string(out.rejected) + " transactions rejected by batches");
    if (out.reverted > 0) r.problems.push_back(std::to_string(out.reverted) + " receipts with status 0");
  }
  const LoadCheck check = check_load(client, load, token, r.first_block, r.last_block, o.receipt_sample);
  r.included = check.included;
  r.failed = check.failed(o.txs);
  r.receipts_checked = check.receipts_checked;
  r.problems.insert(r.problems.end(), check.problems.begin(), check.problems.end());
  r.tx_per_s = rate(static_cast<double>(o.txs), r.seconds);
  r.gas_per_s = rate(static_cast<double>(r.gas_used), r.seconds);
  return r;
}

std::string format_load_summary(const LoadResult& r) {
  std::ostringstream s;
  char line[256];
  std::snprintf(line, sizeof line, "%s %s: %zu txs from %zu senders", r.mode.c_str(), r.workload.c_str(), r.txs,
                r.senders);
  s << line;
  if (r.mode == "send")
    s << " over " << r.connections << " connections\n";
  else
    s << " in batches of " << r.batch_size << "\n";
  std::snprintf(line, sizeof line, "  %.0f tx/s, %.1f Mgas/s over %.3f s, %llu blocks (%llu..%llu)\n", r.tx_per_s,
                r.gas_per_s / 1e6, r.seconds, static_cast<unsigned long long>(r.blocks),
                static_cast<unsigned long long>(r.first_block + 1), static_cast<unsigned long long>(r.last_block));
  s << line;
  if (r.mode == "send") {
    std::snprintf(line, sizeof line, "  submission: %.0f tx/s (all sent in %.3f s)\n", r.submit_tx_per_s,
                  r.submit_seconds);
    s << line;
  }
  s << "  included " << r.included << " of " << r.txs << ", failed " << r.failed << " (receipts checked "
    << r.receipts_checked << ")\n";
  for (const std::string& p : r.problems) s << "  problem: " << p << "\n";
  return s.str();
}

nlohmann::json load_result_json(const LoadResult& r) {
  nlohmann::json j = {{"mode", r.mode},
                      {"workload", r.workload},
                      {"txs", r.txs},
                      {"senders", r.senders},
                      {"connections", r.connections},
                      {"batch_size", r.batch_size},
                      {"seconds", r.seconds},
                      {"tx_per_s", r.tx_per_s},
                      {"gas_per_s", r.gas_per_s},
                      {"gas_used", r.gas_used},
                      {"blocks", r.blocks},
                      {"first_block", r.first_block + 1},
                      {"last_block", r.last_block},
                      {"included", r.included},
                      {"failed", r.failed},
                      {"receipts_checked", r.receipts_checked},
                      {"problems", r.problems}};
  if (r.mode == "send") {
    j["submit_seconds"] = r.submit_seconds;
    j["submit_tx_per_s"] = r.submit_tx_per_s;
  }
  return j;
}

}  // namespace warp::bench
