#include "state/durable/state_diff.hpp"

namespace warp {

namespace {

AccountFields fields_of(const Account& a) { return {a.nonce, a.balance, a.code_hash}; }

// The rows of one account: `old` before, `now` after (null: absent).
void diff_account(StateDiff& diff, const Address& addr, const Account* old, const Account* now) {
  if (!now) {
    if (old) diff.accounts.push_back({addr, std::nullopt});
    return;
  }
  const AccountFields fields = fields_of(*now);
  if (!old || fields_of(*old) != fields) diff.accounts.push_back({addr, fields});
  if ((!old || old->code_hash != now->code_hash) && now->code_hash != kEmptyCodeHash)
    diff.codes.emplace_back(now->code_hash, now->code);

  for (const auto& [slot, value] : now->storage) {
    if (old) {
      auto it = old->storage.find(slot);
      if (it != old->storage.end() && it->second == value) continue;
    }
    diff.storage.push_back({addr, slot, value});
  }
  if (old)
    for (const auto& [slot, value] : old->storage)
      if (now->storage.count(slot) == 0) diff.storage.push_back({addr, slot, uint256{}});
}

}  // namespace

StateDiff diff_states(const State& before, const State& after) {
  StateDiff diff;
  for (const auto& [addr, acc] : after.accounts()) diff_account(diff, addr, before.find(addr), &acc);
  for (const auto& [addr, acc] : before.accounts())
    if (!after.exists(addr)) diff_account(diff, addr, &acc, nullptr);
  return diff;
}

// Straight from the images: no copy of the touched accounts (a hot contract's whole storage).
StateDiff diff_touched(const State::BeforeImages& before, const State& after) {
  StateDiff diff;
  for (const auto& [address, image] : before)
    diff_account(diff, address, image ? &*image : nullptr, after.find(address));
  return diff;
}

}  // namespace warp
