// Everything a node told its clients, across all its runs: the blocks (number -> hash and,
// where the answer carried it, state root) and where each transaction landed. Client threads
// write it concurrently; after a crash the test checks the restarted node and the store
// against it. Two answers that disagree about one block are recorded as a problem at once.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kernels/evm/hash.hpp"

namespace warp::nodetest {

struct ReportedBlock {
  Hash hash{};
  std::optional<Hash> state_root;
  std::string source;  // the RPC method that first reported it
};

struct ReportedTx {
  uint64_t block = 0;
  Hash block_hash{};
};

class Ledger {
 public:
  void block(uint64_t number, const Hash& hash, const std::optional<Hash>& state_root, const std::string& source);
  void tx(const Hash& tx_hash, uint64_t block, const Hash& block_hash, const std::string& source);
  void problem(const std::string& what);

  std::map<uint64_t, ReportedBlock> blocks() const;
  std::map<Hash, ReportedTx> txs() const;
  std::vector<std::string> problems() const;
  std::optional<Hash> hash_of(uint64_t number) const;
  // The highest block number reported so far; nullopt before any.
  std::optional<uint64_t> highest() const;

 private:
  mutable std::mutex mutex_;
  std::map<uint64_t, ReportedBlock> blocks_;
  std::map<Hash, ReportedTx> txs_;
  std::vector<std::string> problems_;
};

}  // namespace warp::nodetest
