#include "tests/node/ledger.hpp"

#include "state/bytes.hpp"

namespace warp::nodetest {

void Ledger::block(uint64_t number, const Hash& hash, const std::optional<Hash>& state_root,
                   const std::string& source) {
  std::lock_guard lock(mutex_);
  auto [it, added] = blocks_.emplace(number, ReportedBlock{hash, state_root, source});
  if (added) return;
  ReportedBlock& known = it->second;
  if (known.hash != hash) {
    problems_.push_back("block " + std::to_string(number) + " reported as " + to_hex0x(known.hash) + " by " +
                        known.source + " and as " + to_hex0x(hash) + " by " + source);
    return;
  }
  if (!state_root) return;
  if (!known.state_root) {
    known.state_root = state_root;
  } else if (*known.state_root != *state_root) {
    problems_.push_back("block " + std::to_string(number) + " reported with state root " + to_hex0x(*known.state_root) +
                        " and " + to_hex0x(*state_root) + " (" + source + ")");
  }
}

void Ledger::tx(const Hash& tx_hash, uint64_t block, const Hash& block_hash, const std::string& source) {
  this->block(block, block_hash, std::nullopt, source);
  std::lock_guard lock(mutex_);
  auto [it, added] = txs_.emplace(tx_hash, ReportedTx{block, block_hash});
  if (!added && (it->second.block != block || it->second.block_hash != block_hash))
    problems_.push_back("transaction " + to_hex0x(tx_hash) + " reported in block " + std::to_string(it->second.block) +
                        " and in block " + std::to_string(block) + " (" + source + ")");
}

void Ledger::problem(const std::string& what) {
  std::lock_guard lock(mutex_);
  problems_.push_back(what);
}

std::map<uint64_t, ReportedBlock> Ledger::blocks() const {
  std::lock_guard lock(mutex_);
  return blocks_;
}

std::map<Hash, ReportedTx> Ledger::txs() const {
  std::lock_guard lock(mutex_);
  return txs_;
}

std::vector<std::string> Ledger::problems() const {
  std::lock_guard lock(mutex_);
  return problems_;
}

std::optional<Hash> Ledger::hash_of(uint64_t number) const {
  std::lock_guard lock(mutex_);
  auto it = blocks_.find(number);
  if (it == blocks_.end()) return std::nullopt;
  return it->second.hash;
}

std::optional<uint64_t> Ledger::highest() const {
  std::lock_guard lock(mutex_);
  if (blocks_.empty()) return std::nullopt;
  return blocks_.rbegin()->first;
}

}  // namespace warp::nodetest
