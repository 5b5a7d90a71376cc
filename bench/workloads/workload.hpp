// Generated blocks for the benchmark, `warpevm run` and the differential tests: a pre-state
// and a block of signed transactions (real secp256k1 keys), reproducible from a seed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "host/transition.hpp"
#include "host/tx/transaction.hpp"
#include "kernels/evm/fork.hpp"
#include "state/state.hpp"
#include "state/trie.hpp"

namespace warp::bench {

enum class WorkloadKind { Transfer, Erc20, Amm, Mixed };

std::string_view to_string(WorkloadKind k);                        // "transfer", "erc20", "amm", "mixed"
std::optional<WorkloadKind> parse_workload_kind(std::string_view);  // nullopt when unknown

struct WorkloadOptions {
  WorkloadKind kind = WorkloadKind::Mixed;
  size_t txs = 20'000;
  size_t accounts = 10'000;  // externally owned accounts; fewer = more contention
  size_t pools = 4;          // AMM pairs (amm, mixed); 1 = every swap through one pool
  double hot_fraction = 0;   // share of transactions whose recipient is the one hot account
  uint64_t seed = 1;
};

// One AMM pair and its two tokens (each an ERC-20 of bench/contracts).
struct AmmPool {
  Address pair{};
  Address token0{};
  Address token1{};
};

struct Workload {
  std::string name;  // e.g. "erc20"
  State pre_state;
  std::vector<Transaction> txs;  // signed and encoded; `sender` left for recover_senders
  BlockEnv env;
  Fork fork = Fork::Cancun;

  // What the generator built, for tests and reports (nothing needs it to run the block).
  std::vector<Address> accounts;       // the externally owned accounts; [0] is the hot one
  std::vector<uint32_t> signer;        // txs[i] is signed by accounts[signer[i]]
  std::optional<Address> erc20_token;  // erc20 and mixed: the token every ERC-20 transfer calls
  std::vector<AmmPool> pools;          // amm and mixed
};

// Throws std::invalid_argument for options it cannot build: no accounts, no pools for amm or
// mixed, hot_fraction outside [0, 1], more transactions or pools than 2^32.
Workload generate_workload(const WorkloadOptions& options);

// Recovers every transaction's sender from its signature (TBB, `threads` 0 = all). Returns
// the number of transactions whose signature did not recover (their sender stays zero).
// The signing hashes go through `hasher` as one Keccak batch (the GPU one when a device runs).
size_t recover_senders(std::vector<Transaction>& txs, size_t threads, const BatchHasher& hasher = cpu_batch_hasher());

}  // namespace warp::bench
