#include "host/node/mempool.hpp"

#include <cstring>
#include <queue>
#include <tuple>
#include <utility>

namespace warp {

namespace {

// a * num >= b * den on the full 512-bit products, so fee caps near 2^256 cannot overflow.
bool product_at_least(const uint256& a, uint64_t num, const uint256& b, uint64_t den) {
  uint64_t pa[8], pb[8];
  mul_full(a, uint256{num}, pa);
  mul_full(b, uint256{den}, pb);
  for (int i = 7; i >= 0; --i)
    if (pa[i] != pb[i]) return pa[i] > pb[i];
  return true;
}

// new >= old * percent / 100 exactly (no rounding), and new > old so a zero fee cannot be
// "bumped" to zero again.
bool bumped(const uint256& old_fee, const uint256& new_fee) {
  return new_fee > old_fee && product_at_least(new_fee, 100, old_fee, kReplacementBumpPercent);
}

AddResult result(AddStatus status, std::string message) { return AddResult{status, std::move(message)}; }

}  // namespace

bool replacement_fees_ok(const Transaction& old_tx, const Transaction& new_tx) {
  return bumped(old_tx.fee_cap(), new_tx.fee_cap()) && bumped(old_tx.tip_cap(), new_tx.tip_cap());
}

size_t Mempool::AddressHasher::operator()(const Address& a) const noexcept {
  size_t v;  // real addresses are Keccak outputs; mixing in the tail covers synthetic ones too
  std::memcpy(&v, a.bytes, sizeof(v));
  size_t tail;
  std::memcpy(&tail, a.bytes + sizeof(a.bytes) - sizeof(tail), sizeof(tail));
  return v ^ (tail * 0x9E3779B97F4A7C15ull);
}

size_t Mempool::HashHasher::operator()(const Hash& h) const noexcept {
  size_t v;  // a Keccak output: any 8 bytes are uniformly distributed already
  std::memcpy(&v, h.bytes, sizeof(v));
  return v;
}

AddResult Mempool::add(Transaction tx, uint64_t account_nonce) {
  if (contains(tx.hash)) return result(AddStatus::AlreadyKnown, "already known");
  if (tx.nonce < account_nonce)
    return result(AddStatus::NonceTooLow, "nonce too low: next nonce " + std::to_string(account_nonce) + ", tx nonce " +
                                              std::to_string(tx.nonce));
  drop_below(tx.sender, account_nonce);

  auto sender_it = by_sender_.find(tx.sender);
  if (sender_it != by_sender_.end()) {
    auto same = sender_it->second.find(tx.nonce);
    if (same != sender_it->second.end()) {
      Entry& old = same->second;
      if (!replacement_fees_ok(old.tx, tx))
        return result(AddStatus::ReplacementUnderpriced, "replacement transaction underpriced");
      // The replacement keeps the slot's arrival order: bumping fees neither gains nor loses a place.
      by_hash_.erase(old.tx.hash);
      by_hash_.emplace(tx.hash, Slot{tx.sender, tx.nonce});
      old.tx = std::move(tx);
      return result(AddStatus::Replaced, "");
    }
  }
  const size_t held = sender_it == by_sender_.end() ? 0 : sender_it->second.size();
  if (held >= limits_.max_per_sender) return result(AddStatus::SenderFull, "account limit exceeded");
  if (size() >= limits_.max_txs) return result(AddStatus::PoolFull, "txpool is full");

  by_hash_.emplace(tx.hash, Slot{tx.sender, tx.nonce});
  const Address sender = tx.sender;
  const uint64_t nonce = tx.nonce;
  by_sender_[sender].emplace(nonce, Entry{std::move(tx), next_seq_++});
  return result(AddStatus::Added, "");
}

std::vector<Transaction> Mempool::take_ready(size_t max_txs, uint64_t gas_limit, const NonceOf& account_nonce) {
  std::vector<Transaction> out;
  if (max_txs == 0) return out;

  // One head per sender with an executable transaction: (arrival of that transaction, sender,
  // its nonce), earliest arrival first. Taking a sender's head pushes its next nonce, if held.
  using Head = std::tuple<uint64_t, Address, uint64_t>;
  std::priority_queue<Head, std::vector<Head>, std::greater<Head>> heads;
  for (const auto& [sender, txs] : by_sender_) {
    const uint64_t nonce = account_nonce(sender);
    auto first = txs.find(nonce);
    if (first != txs.end()) heads.emplace(first->second.seq, sender, nonce);
  }

  uint64_t gas_left = gas_limit;
  while (!heads.empty() && out.size() < max_txs) {
    const auto [seq, sender, nonce] = heads.top();
    heads.pop();
    auto sender_it = by_sender_.find(sender);
    SenderTxs& txs = sender_it->second;
    auto it = txs.find(nonce);
    if (it->second.tx.gas_limit > gas_left) continue;  // ends this sender's turn, others go on
    gas_left -= it->second.tx.gas_limit;
    by_hash_.erase(it->second.tx.hash);
    out.push_back(std::move(it->second.tx));
    it = txs.erase(it);
    if (it != txs.end() && it->first == nonce + 1) heads.emplace(it->second.seq, sender, nonce + 1);
    if (txs.empty()) by_sender_.erase(sender_it);
  }
  return out;
}

void Mempool::on_block_committed(const NonceOf& account_nonce) {
  std::vector<Address> senders;
  senders.reserve(by_sender_.size());
  for (const auto& [sender, txs] : by_sender_) senders.push_back(sender);
  for (const Address& sender : senders) drop_below(sender, account_nonce(sender));
}

std::optional<Transaction> Mempool::find(const Hash& hash) const {
  auto slot = by_hash_.find(hash);
  if (slot == by_hash_.end()) return std::nullopt;
  return by_sender_.at(slot->second.sender).at(slot->second.nonce).tx;
}

size_t Mempool::pending_for(const Address& sender) const {
  auto it = by_sender_.find(sender);
  return it == by_sender_.end() ? 0 : it->second.size();
}

uint64_t Mempool::next_nonce(const Address& sender, uint64_t account_nonce) const {
  auto it = by_sender_.find(sender);
  if (it == by_sender_.end()) return account_nonce;
  uint64_t next = account_nonce;
  for (auto e = it->second.lower_bound(account_nonce); e != it->second.end() && e->first == next; ++e) ++next;
  return next;
}

void Mempool::drop_below(const Address& sender, uint64_t nonce) {
  auto it = by_sender_.find(sender);
  if (it == by_sender_.end()) return;
  SenderTxs& txs = it->second;
  const auto end = txs.lower_bound(nonce);
  for (auto e = txs.begin(); e != end; ++e) by_hash_.erase(e->second.tx.hash);
  txs.erase(txs.begin(), end);
  if (txs.empty()) by_sender_.erase(it);
}

}  // namespace warp
