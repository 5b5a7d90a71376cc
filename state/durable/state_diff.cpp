#include "state/durable/state_diff.hpp"

namespace warp {

namespace {

AccountFields fields_of(const Account& a) { return {a.nonce, a.balance, a.code_hash}; }

}  // namespace

StateDiff diff_states(const State& before, const State& after) {
  StateDiff diff;
  for (const auto& [addr, acc] : after.accounts()) {
    const Account* old = before.find(addr);
    const AccountFields now = fields_of(acc);
    if (!old || fields_of(*old) != now) diff.accounts.push_back({addr, now});
    if ((!old || old->code_hash != acc.code_hash) && acc.code_hash != kEmptyCodeHash)
      diff.codes.emplace_back(acc.code_hash, acc.code);

    for (const auto& [slot, value] : acc.storage) {
      if (old) {
        auto it = old->storage.find(slot);
        if (it != old->storage.end() && it->second == value) continue;
      }
      diff.storage.push_back({addr, slot, value});
    }
    if (old)
      for (const auto& [slot, value] : old->storage)
        if (acc.storage.count(slot) == 0) diff.storage.push_back({addr, slot, uint256{}});
  }
  for (const auto& [addr, acc] : before.accounts())
    if (!after.exists(addr)) diff.accounts.push_back({addr, std::nullopt});
  return diff;
}

StateDiff diff_touched(const State::BeforeImages& before, const State& after) {
  State old_part, new_part;
  for (const auto& [address, image] : before) {
    if (image) old_part.get_or_create(address) = *image;
    if (const Account* now = after.find(address)) new_part.get_or_create(address) = *now;
  }
  return diff_states(old_part, new_part);
}

}  // namespace warp
