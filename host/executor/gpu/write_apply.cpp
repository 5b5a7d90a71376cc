#include "host/executor/gpu/write_apply.hpp"

#include <stdexcept>

#include "state/account.hpp"

namespace warp {

namespace {

const NewCode* find_code(std::span<const NewCode> codes, const Hash& hash) {
  for (const NewCode& c : codes)
    if (c.hash == hash) return &c;
  return nullptr;
}

}  // namespace

void apply_writes(State& state, const WriteSet& writes, std::span<const NewCode> codes) {
  for (const WriteEntry& w : writes.entries()) {
    const Address& a = w.key.address;
    switch (w.key.kind) {
      case KeyKind::Existence:
        if (w.value.word.is_zero())
          state.erase(a);  // with its storage
        else
          state.get_or_create(a);
        break;
      case KeyKind::Balance: {
        Account& acc = state.get_or_create(a);
        if (w.kind == WriteKind::Delta)
          acc.balance += w.value.word;
        else
          acc.balance = w.value.word;
        break;
      }
      case KeyKind::Nonce:
        state.get_or_create(a).nonce = w.value.word.low64();
        break;
      case KeyKind::CodeHash: {
        Account& acc = state.get_or_create(a);
        const Hash h = w.value.as_hash();
        if (acc.code_hash == h) break;
        if (h == kEmptyCodeHash) {
          acc.code.clear();
          acc.code_hash = kEmptyCodeHash;
          break;
        }
        const NewCode* code = find_code(codes, h);
        if (!code) throw std::logic_error("apply_writes: no code for the written code hash " + to_hex0x(h));
        acc.code.assign(code->code.begin(), code->code.end());
        acc.code_hash = h;
        break;
      }
      case KeyKind::StorageSlot:
        state.set_storage(a, w.key.slot, w.value.word);
        break;
    }
  }
}

void refresh_flat(FlatState& flat, const State& state, const WriteSet& writes) {
  // The account too when only its storage changed: its has_storage flag follows the State.
  // One account refresh per run of keys of one address (a device write set lists an
  // account's fields, then later its slots: two refreshes, both right).
  const Address* last = nullptr;
  for (const WriteEntry& w : writes.entries()) {
    if (w.key.kind == KeyKind::StorageSlot) flat.update_slot(state, w.key.address, w.key.slot);
    if (last && *last == w.key.address) continue;
    flat.update_account(state, w.key.address);
    last = &w.key.address;
  }
}

}  // namespace warp
