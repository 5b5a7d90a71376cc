// `warpevm loadgen`: a loopback load generator for `warpevm serve` (bench/rpc_load). Progress
// on stderr; a summary, or with --json one JSON object, on stdout. Exit 0 when every
// transaction was included and succeeded, 1 when some were not or the run could not happen,
// 2 for a usage error.
#include <exception>
#include <iostream>
#include <string>

#include "bench/rpc_load/rpc_load.hpp"
#include "host/cli/commands.hpp"

namespace warp::cli {

namespace {

struct LoadgenOptions {
  bench::LoadOptions load;
  std::string mode = "send";
  std::string workload = "transfer";
  bool json = false;
};

int run_loadgen(LoadgenOptions o) {
  const auto mode = bench::parse_load_mode(o.mode);
  if (!mode) {
    std::cerr << "warpevm loadgen: unknown mode '" << o.mode << "' (known: send, batch)\n";
    return 2;
  }
  const auto workload = bench::parse_load_workload(o.workload);
  if (!workload) {
    std::cerr << "warpevm loadgen: unknown workload '" << o.workload << "' (known: transfer, erc20)\n";
    return 2;
  }
  o.load.mode = *mode;
  o.load.workload = *workload;
  bench::LoadResult r;
  try {
    r = bench::run_load(o.load, std::cerr);
  } catch (const std::exception& e) {
    std::cerr << "warpevm loadgen: " << e.what() << "\n";
    return 1;
  }
  if (o.json)
    std::cout << bench::load_result_json(r).dump(2) << "\n";
  else
    std::cout << bench::format_load_summary(r);
  return r.failed == 0 ? 0 : 1;
}

}  // namespace

void add_loadgen_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("loadgen", "load generator for `serve`: sustained tx/s through JSON-RPC");
  static LoadgenOptions o;
  bench::LoadOptions& l = o.load;
  cmd->add_option("--url", l.url, "the node's JSON-RPC endpoint")->capture_default_str();
  cmd->add_option("--mode", o.mode, "send (eth_sendRawTransaction) or batch (warp_executeBatch)")
      ->capture_default_str();
  cmd->add_option("--workload", o.workload, "transfer or erc20")->capture_default_str();
  cmd->add_option("--txs", l.txs, "transactions to send")->capture_default_str()->check(CLI::PositiveNumber);
  cmd->add_option("--senders", l.senders, "senders: the first N dev accounts (serve --dev-accounts N or more)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{10'000}));
  cmd->add_option("--connections", l.connections, "send mode: HTTP connections, one thread each")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{256}));
  cmd->add_flag("--keep-alive,!--no-keep-alive", l.keep_alive,
                "reuse each HTTP connection (default); --no-keep-alive opens one per request, the way round a "
                "node that does not set TCP_NODELAY (~40 ms per reused-connection request)");
  cmd->add_option("--batch-size", l.batch_size, "batch mode: transactions per warp_executeBatch")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{100'000}));
  cmd->add_option("--window", l.window, "send mode: transactions in flight per sender (the pool holds 64)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1'000}));
  cmd->add_option("--auth-jwt", l.auth_jwt, "file with the node's hex JWT secret (needed for warp_ if set)");
  cmd->add_option("--stall-timeout", l.stall_seconds, "seconds without a new block before giving up")
      ->capture_default_str();
  cmd->add_option("--receipt-sample", l.receipt_sample, "receipts checked after the run")->capture_default_str();
  cmd->add_flag("--json", o.json, "one JSON object on stdout");
  cmd->callback([&exit_code] { exit_code = run_loadgen(o); });
}

}  // namespace warp::cli
