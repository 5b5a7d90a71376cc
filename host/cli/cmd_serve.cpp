// `warpevm serve`: the sequencer node. JSON-RPC over HTTP on loopback by default, blocks
// every --block-time from the pool (or at once through warp_executeBatch), durable state in
// --datadir. SIGINT or SIGTERM stop it after the block in progress; a SIGKILL loses nothing
// that was reported (each block is one LMDB transaction, see host/node/chain.hpp).
#include <pthread.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>

#include "host/cli/commands.hpp"
#include "host/node/dev_keys.hpp"
#include "host/node/genesis.hpp"
#include "host/node/http_server.hpp"
#include "host/node/jwt_auth.hpp"
#include "host/node/node.hpp"
#include "host/node/rpc_server.hpp"

namespace warp::cli {

namespace {

struct ServeOptions {
  std::string datadir;
  std::string http = "127.0.0.1:8545";
  uint64_t chain_id = 31337;
  std::string genesis;
  uint64_t block_time_ms = 1000;
  size_t max_block_txs = 10'000;
  uint64_t gas_limit = 30'000'000;
  std::string executor = "auto";
  unsigned threads = 0;
  size_t dev_accounts = 0;
  std::string auth_jwt;
  size_t max_body = size_t{5} << 20;
  size_t max_pool = 10'000;
  bool quiet = false;
};

// "host:port"; the host may be empty ("":8545 listens on loopback) but not the port.
bool split_http(const std::string& s, std::string& host, int& port) {
  const size_t colon = s.rfind(':');
  if (colon == std::string::npos) return false;
  host = colon == 0 ? "127.0.0.1" : s.substr(0, colon);
  const std::string p = s.substr(colon + 1);
  if (p.empty() || p.size() > 5 || p.find_first_not_of("0123456789") != std::string::npos) return false;
  port = std::stoi(p);
  return port <= 65535;
}

int run_serve(const ServeOptions& o) {
  HttpOptions http;
  if (!split_http(o.http, http.host, http.port)) {
    std::cerr << "warpevm serve: --http must be HOST:PORT, got '" << o.http << "'\n";
    return 2;
  }
  http.max_body = o.max_body;
  if (!o.auth_jwt.empty()) {
    auto secret = load_jwt_secret(o.auth_jwt);
    if (auto* err = std::get_if<std::string>(&secret)) {
      std::cerr << "warpevm serve: --auth-jwt: " << *err << "\n";
      return 2;
    }
    http.jwt_secret = std::get<std::array<uint8_t, 32>>(secret);
  }

  NodeConfig config;
  config.datadir = o.datadir;
  config.chain.chain_id = o.chain_id;
  config.chain.gas_limit = o.gas_limit;
  config.block_time_ms = o.block_time_ms;
  config.max_block_txs = o.max_block_txs;
  config.executor = o.executor;
  config.threads = o.threads;
  config.mempool.max_txs = o.max_pool;
  config.client_version = "warpevm/" WARPEVM_VERSION;
  config.log_blocks = !o.quiet;

  Genesis genesis;
  try {
    if (!o.genesis.empty()) genesis = load_genesis_file(o.genesis);
  } catch (const std::exception& e) {
    std::cerr << "warpevm serve: " << e.what() << "\n";
    return 2;
  }
  if (genesis.gas_limit) config.chain.gas_limit = *genesis.gas_limit;
  if (genesis.timestamp) config.chain.genesis_timestamp = *genesis.timestamp;
  if (genesis.base_fee) config.chain.genesis_base_fee = *genesis.base_fee;
  const std::vector<DevAccount> dev = dev_accounts(o.dev_accounts);
  fund_dev_accounts(genesis.alloc, dev);

  auto opened = Node::open(config, genesis.alloc);
  if (auto* err = std::get_if<std::string>(&opened)) {
    std::cerr << "warpevm serve: " << *err << "\n";
    return 1;
  }
  Node& node = *std::get<std::unique_ptr<Node>>(opened);
  rpc::RpcServer rpc(node);
  HttpServer server(rpc, http);
  if (std::string err = server.bind(); !err.empty()) {
    std::cerr << "warpevm serve: " << err << "\n";
    return 1;
  }

  // SIGINT/SIGTERM are taken by one thread with sigwait (a handler could not stop the server
  // safely); every other thread, created after this, inherits the blocked mask.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread waiter([&] {
    int sig = 0;
    sigwait(&signals, &sig);
    server.stop();
  });

  const BlockHeader head = node.chain().head();
  std::printf("warpevm serve: chain id %llu, block %llu, executor %s, block time %llu ms, datadir %s\n",
              static_cast<unsigned long long>(o.chain_id), static_cast<unsigned long long>(head.number),
              o.executor.c_str(), static_cast<unsigned long long>(o.block_time_ms), o.datadir.c_str());
  if (!dev.empty()) {
    std::printf("dev accounts (10000 ETH each at genesis; mnemonic \"%s\"):\n", std::string(kDevMnemonic).c_str());
    for (size_t i = 0; i < dev.size(); ++i)
      std::printf("  (%zu) %s  key %s\n", i, to_hex0x(dev[i].address).c_str(), to_hex0x(dev[i].secret_key).c_str());
  }
  std::printf("listening on http://%s:%d\n", http.host.c_str(), server.port());
  std::fflush(stdout);

  node.start();
  server.run();
  node.stop();
  // The waiter is still in sigwait when the server stopped for another reason: wake it.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
  const NodeStats stats = node.stats();
  std::fprintf(stderr, "warpevm serve: stopped at block %llu (%llu blocks, %llu transactions this run)\n",
               static_cast<unsigned long long>(node.chain().head().number),
               static_cast<unsigned long long>(stats.blocks), static_cast<unsigned long long>(stats.transactions));
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "sequencer node: JSON-RPC over HTTP, durable state");
  static ServeOptions o;
  cmd->add_option("--datadir", o.datadir, "folder of the durable state (created if missing)")->required();
  cmd->add_option("--http", o.http, "HOST:PORT to listen on (port 0: any free port)")->capture_default_str();
  cmd->add_option("--chain-id", o.chain_id, "chain id (EIP-155)")->capture_default_str();
  cmd->add_option("--genesis", o.genesis, "genesis JSON (geth layout, or a bare alloc); used on an empty datadir");
  cmd->add_option("--block-time", o.block_time_ms, "milliseconds between blocks (a block only when txs are pending)")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, uint64_t{3'600'000}));
  cmd->add_option("--max-block-txs", o.max_block_txs, "transactions per block at most")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1}, size_t{1'000'000}));
  cmd->add_option("--gas-limit", o.gas_limit, "block gas limit")->capture_default_str();
  cmd->add_option("--executor", o.executor, "block executor: auto, cpu, gpu, gpu-emu or sequential")
      ->capture_default_str();
  cmd->add_option("-j,--threads", o.threads, "executor threads (0 = all)");
  cmd->add_option("--dev-accounts", o.dev_accounts,
                  "fund N well-known development accounts (anvil's and hardhat's keys), printed at start")
      ->check(CLI::Range(size_t{0}, size_t{10'000}));
  cmd->add_option("--auth-jwt", o.auth_jwt, "file with a hex 32-byte secret: warp_ methods then need an HS256 JWT");
  cmd->add_option("--max-body", o.max_body, "largest request body in bytes")->capture_default_str();
  cmd->add_option("--max-pool", o.max_pool, "transactions the pool holds at most")->capture_default_str();
  cmd->add_flag("-q,--quiet", o.quiet, "no line per block on stderr");
  cmd->callback([&exit_code] { exit_code = run_serve(o); });
}

}  // namespace warp::cli
