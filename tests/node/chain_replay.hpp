// The oracle of the crash test: a node's datadir read with DurableStore directly and every
// block re-executed by the sequential executor from genesis, in an environment built from
// the stored headers alone. Whatever the node did (any executor, any number of crashes), its
// blocks must be exactly what this replay produces.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "kernels/evm/fork.hpp"
#include "kernels/evm/hash.hpp"
#include "state/state.hpp"

namespace warp::nodetest {

struct ReplayReport {
  uint64_t head = 0;
  std::vector<Hash> block_hashes;      // header_hash of each stored block, by number
  std::vector<Hash> state_roots;       // each stored header's state root, by number
  std::map<Hash, uint64_t> tx_blocks;  // every stored transaction -> its block
  uint64_t transactions = 0;
  std::vector<std::string> problems;  // empty: the store replays exactly
};

// Opens the store in `datadir` (no node may have it open), then checks block by block:
// the record decodes; the parent hash links to the previous header; base fee and excess
// blob gas follow from the parent; every transaction recovers its sender, re-executes and is
// included, with the stored receipts' gas, status, contract address and logs; gas used and
// state root match the header; the block and transaction index rows point back at it.
// Finally the replayed state must be the store's load_state() and its head. Stops at the
// first block that diverges (everything after it would differ too).
ReplayReport replay_store(const std::filesystem::path& datadir, const State& genesis, uint64_t chain_id, Fork fork);

}  // namespace warp::nodetest
