// The GPU executor's EvmHost: one transaction over the flat snapshot (state/flat), with the
// same overlay semantics as host/evm_state_host (the sequential and CPU executors' host), in
// fixed arrays (FlatOverlay) instead of hash maps. Every value read from the snapshot is
// recorded with the value seen (the read set, validated by the host before commit); at the
// end emit_writes() states the transaction's effect as writes, balance credits on unread
// balances as commutative deltas (DESIGN.md section 4).
//
// Whatever does not fit (overlay, read or write set, logs, deposited code) or the device does
// not do (precompiles but the identity, the EIP-7610 storage check) sets abort_reason: the
// run goes on with harmless answers until it ends, and its outcome is NeedsHost.
#pragma once

#include <cstdint>

#include "kernels/evm/block_context.hpp"
#include "kernels/evm/code.hpp"
#include "kernels/evm/fork.hpp"
#include "kernels/evm/hash.hpp"
#include "kernels/evm/host_concept.hpp"
#include "kernels/evm/keccak.hpp"
#include "kernels/evm/message.hpp"
#include "kernels/evm/uint256.hpp"
#include "kernels/exec/device_tx.hpp"
#include "kernels/exec/flat_overlay.hpp"
#include "kernels/exec/tx_outcome.hpp"
#include "state/flat/flat_view.hpp"

namespace warp {

// keccak256(""): the code hash of an account without code.
WARP_HD inline Hash empty_code_hash() {
  const uint8_t b[32] = {0xc5, 0xd2, 0x46, 0x01, 0x86, 0xf7, 0x23, 0x3c, 0x92, 0x7e, 0x7d,
                         0xb2, 0xdc, 0xc7, 0x03, 0xc0, 0xe5, 0x00, 0xb6, 0x53, 0xca, 0x82,
                         0x27, 0x3b, 0x7b, 0xfa, 0xd8, 0x04, 0x5d, 0x85, 0xa4, 0x70};
  Hash h;
  for (int i = 0; i < 32; ++i) h.bytes[i] = b[i];
  return h;
}

class FlatHost {
 public:
  WARP_HD FlatHost(const FlatView& view, const DeviceBlock& block, Fork fork, FlatOverlay& ov, TxOutcome& out)
      : view_(view), block_(block), fork_(fork), ov_(ov), out_(out) {
    ov_.account_count = ov_.slot_count = ov_.transient_count = 0;
    ov_.warm_account_count = ov_.warm_slot_count = ov_.journal_count = 0;
    out_.read_count = out_.write_count = out_.log_count = out_.code_count = out_.bytes_used = 0;
  }

  NeedsHostReason abort_reason = NeedsHostReason::None;

  // ---- EvmHost: accounts ------------------------------------------------------------------
  WARP_HD bool account_exists(const Address& a) { return acc(load(a)).f.exists != 0; }
  WARP_HD bool account_is_dead(const Address& a) { return is_dead(load(a)); }
  WARP_HD uint256 balance(const Address& a) { return balance_of(load(a)); }
  WARP_HD uint64_t nonce(const Address& a) { return nonce_of(load(a)); }
  WARP_HD CodeRef code(const Address& a) { return code_of(load(a)); }

  WARP_HD bool create_collision(const Address& a) {
    const uint32_t i = load(a);
    if (!acc(i).f.exists) return false;
    if (nonce_of(i) != 0 || code_of(i).size != 0) return true;
    if (!acc(i).base_exists) return false;
    // The snapshot knows whether the account holds storage, but that is not a key the read
    // set can record: the host settles it.
    abort(NeedsHostReason::StorageCheck);
    return true;
  }

  WARP_HD void set_nonce(const Address& a, uint64_t nonce) {
    const uint32_t i = load(a);
    OvFields& f = edit(i);
    f.exists = 1;
    f.nonce = nonce;
    f.set |= kOvNonce;
    mark_touched(i);
  }

  WARP_HD void add_balance(const Address& a, const uint256& v) {
    const uint32_t i = load(a);
    OvFields& f = edit(i);
    f.exists = 1;
    if (f.set & kOvBalance)
      f.balance += v;
    else
      f.credit += v;  // the base balance stays unread
    mark_touched(i);
  }

  WARP_HD void sub_balance(const Address& a, const uint256& v) {
    const uint32_t i = load(a);
    const uint256 now = balance_of(i);
    OvFields& f = edit(i);
    f.exists = 1;
    f.balance = now - v;
    f.credit = uint256{};
    f.set |= kOvBalance;
    mark_touched(i);
  }

  WARP_HD void transfer(const Address& from, const Address& to, const uint256& value) {
    if (!value.is_zero()) sub_balance(from, value);
    add_balance(to, value);  // even a zero amount touches the recipient (EIP-161)
  }

  WARP_HD void touch(const Address& a) { mark_touched(load(a)); }

  WARP_HD void create_account(const Address& a) {
    const uint32_t i = load(a);
    OvFields& f = edit(i);
    f.exists = 1;
    f.nonce = 1;  // EIP-161
    f.code = 0;
    f.set |= kOvNonce | kOvCode;
    f.created = 1;
    mark_touched(i);
  }

  WARP_HD void set_code(const Address& a, const uint8_t* data, size_t size) {
    const uint32_t i = load(a);
    uint32_t offset = 0;
    if (out_.code_count >= TxOutcome::kMaxCodes || !reserve_bytes(size, offset)) {
      abort(NeedsHostReason::Code);
      return;
    }
    for (size_t k = 0; k < size; ++k) out_.bytes[offset + k] = data[k];
    DevCode& c = out_.codes[out_.code_count++];
    c.offset = offset;
    c.size = static_cast<uint32_t>(size);
    c.hash = keccak256(data, size);
    push_journal(OvChange::Code, 0);
    OvFields& f = edit(i);
    f.code = out_.code_count;
    f.set |= kOvCode;
  }

  WARP_HD void selfdestruct(const Address& a, const Address& beneficiary) {
    const uint256 amount = balance(a);
    sub_balance(a, amount);
    add_balance(beneficiary, amount);
    const uint32_t i = load(a);
    if (acc(i).f.created || fork_ < Fork::Cancun) {  // EIP-6780
      OvFields& f = edit(i);
      f.destructed = 1;
      f.balance = uint256{};
      f.credit = uint256{};
      f.set |= kOvBalance;
    }
  }

  // ---- storage ----------------------------------------------------------------------------
  WARP_HD uint256 sload(const Address& a, const uint256& key) { return slot(load_slot(load(a), key)).current; }
  WARP_HD uint256 sload_original(const Address& a, const uint256& key) {
    return slot(load_slot(load(a), key)).original;
  }
  WARP_HD void sstore(const Address& a, const uint256& key, const uint256& value) {
    const uint32_t s = load_slot(load(a), key);
    OvJournal* j = push_journal(OvChange::Slot, s);
    if (j) j->old_value = slot(s).current;
    slot(s).current = value;
  }
  WARP_HD uint256 tload(const Address& a, const uint256& key) {
    for (uint32_t i = 0; i < ov_.transient_count; ++i)
      if (ov_.transient[i].key == key && ov_.transient[i].address == a) return ov_.transient[i].value;
    return uint256{};
  }
  WARP_HD void tstore(const Address& a, const uint256& key, const uint256& value) {
    uint32_t i = 0;
    while (i < ov_.transient_count && !(ov_.transient[i].key == key && ov_.transient[i].address == a)) ++i;
    if (i == ov_.transient_count) {
      if (ov_.transient_count == FlatOverlay::kTransient) {
        abort(NeedsHostReason::Overlay);
        i = FlatOverlay::kTransient;  // the spare entry
      } else {
        ++ov_.transient_count;
      }
      ov_.transient[i].address = a;
      ov_.transient[i].key = key;
      ov_.transient[i].value = uint256{};
    }
    OvJournal* j = push_journal(OvChange::Transient, i);
    if (j) j->old_value = ov_.transient[i].value;
    ov_.transient[i].value = value;
  }

  // ---- access sets, logs, environment ----------------------------------------------------
  WARP_HD bool access_account(const Address& a) {
    for (uint32_t i = 0; i < ov_.warm_account_count; ++i)
      if (ov_.warm_accounts[i] == a) return true;
    if (ov_.warm_account_count == FlatOverlay::kWarmAccounts) {
      abort(NeedsHostReason::Overlay);
      return false;
    }
    ov_.warm_accounts[ov_.warm_account_count++] = a;
    push_journal(OvChange::WarmAccount, 0);
    return false;
  }
  WARP_HD bool access_storage(const Address& a, const uint256& key) {
    for (uint32_t i = 0; i < ov_.warm_slot_count; ++i)
      if (ov_.warm_slots[i].key == key && ov_.warm_slots[i].address == a) return true;
    if (ov_.warm_slot_count == FlatOverlay::kWarmSlots) {
      abort(NeedsHostReason::Overlay);
      return false;
    }
    ov_.warm_slots[ov_.warm_slot_count].address = a;
    ov_.warm_slots[ov_.warm_slot_count++].key = key;
    push_journal(OvChange::WarmSlot, 0);
    return false;
  }

  WARP_HD void emit_log(const Address& a, const Hash* topics, size_t topic_count, const uint8_t* data, size_t size) {
    uint32_t offset = 0;
    if (out_.log_count >= TxOutcome::kMaxLogs || topic_count > 4 || !reserve_bytes(size, offset)) {
      abort(NeedsHostReason::Logs);
      return;
    }
    DevLog& log = out_.logs[out_.log_count++];
    log.address = a;
    log.topic_count = static_cast<uint32_t>(topic_count);
    for (size_t t = 0; t < topic_count; ++t) log.topics[t] = topics[t];
    log.data_offset = offset;
    log.data_size = static_cast<uint32_t>(size);
    for (size_t k = 0; k < size; ++k) out_.bytes[offset + k] = data[k];
    push_journal(OvChange::Log, 0);
  }

  WARP_HD Hash block_hash(uint64_t number) {
    const uint64_t current = block_.context.number;
    if (number >= current || current - number > 256) return Hash{};
    return block_.recent_hashes[256 - (current - number)];
  }
  WARP_HD const BlockContext& block() const { return block_.context; }
  WARP_HD const TxContext& tx() const { return tx_; }
  WARP_HD void set_tx_context(const TxContext& tx) { tx_ = tx; }

  // ---- precompiles: the identity runs here, the others need the CPU libraries -------------
  WARP_HD bool is_precompile(const Address& a) const {
    for (int i = 0; i < 19; ++i)
      if (a.bytes[i] != 0) return false;
    return a.bytes[19] != 0 && a.bytes[19] <= block_.precompile_count;
  }
  WARP_HD CallResult call_precompile(const Message& msg) {
    CallResult r;
    if (msg.code_address.bytes[19] != 4) {
      abort(NeedsHostReason::Precompile);
      r.status = EvmStatus::NeedsHost;
      return r;
    }
    const int64_t cost = 15 + 3 * static_cast<int64_t>((msg.input_size + 31) / 32);
    if (msg.gas < cost) {
      r.status = EvmStatus::PrecompileFailure;
      return r;
    }
    r.gas_left = msg.gas - cost;
    r.output = msg.input;  // the caller's memory: unchanged until the call returns
    r.output_size = msg.input_size;
    return r;
  }

  // ---- journal ----------------------------------------------------------------------------
  WARP_HD uint32_t checkpoint() const { return ov_.journal_count; }
  WARP_HD void revert_to(uint32_t checkpoint) {
    while (ov_.journal_count > checkpoint) {
      const OvJournal& j = ov_.journal[--ov_.journal_count];
      switch (j.kind) {
        case OvChange::Fields:
          ov_.accounts[j.index].f = j.old_fields;
          break;
        case OvChange::Slot:
          ov_.slots[j.index].current = j.old_value;
          break;
        case OvChange::Transient:
          ov_.transient[j.index].value = j.old_value;
          break;
        case OvChange::Touched:
          ov_.accounts[j.index].touched = 0;
          break;
        case OvChange::WarmAccount:
          --ov_.warm_account_count;
          break;
        case OvChange::WarmSlot:
          --ov_.warm_slot_count;
          break;
        case OvChange::Log:
          out_.bytes_used = out_.logs[--out_.log_count].data_offset;
          break;
        case OvChange::Code:
          out_.bytes_used = out_.codes[--out_.code_count].offset;
          break;
      }
    }
  }

  // ---- for the transition -----------------------------------------------------------------
  // The transaction's effect as writes into the outcome, in the form host/evm_state_host's
  // emit_writes gives (only what changed; new accounts with every field; erased ones as
  // Existence = 0 when they existed below).
  WARP_HD void emit_writes() {
    for (uint32_t i = 0; i < ov_.account_count; ++i) {
      OvAccount& a = ov_.accounts[i];
      if (erased(i)) {
        if (a.base_exists) write(key_of(a.address, kDevExistence), uint256(0), false);
        continue;
      }
      const OvFields f = a.f;
      if (!f.exists) continue;
      const bool fresh = !a.base_exists;
      if (fresh) write(key_of(a.address, kDevExistence), uint256(1), false);
      if (fresh || (f.set & kOvNonce)) write(key_of(a.address, kDevNonce), uint256(nonce_of(i)), false);
      if (fresh || (f.set & kOvBalance))
        write(key_of(a.address, kDevBalance), balance_of(i), false);
      else if (!f.credit.is_zero())
        write(key_of(a.address, kDevBalance), f.credit, true);
      if (fresh || (f.set & kOvCode))
        write(key_of(a.address, kDevCodeHash), uint256::from_hash(code_of(i).hash), false);
    }
    for (uint32_t s = 0; s < ov_.slot_count; ++s) {
      const OvSlot& sl = ov_.slots[s];
      const uint32_t i = sl.account;
      if (sl.current == sl.original || erased(i) || !ov_.accounts[i].f.exists) continue;
      DevKey k = key_of(ov_.accounts[i].address, kDevStorage);
      k.slot = sl.key;
      write(k, sl.current, false);
    }
  }

 private:
  static constexpr uint32_t kNoJournal = 0xffffffffu;

  WARP_HD void abort(NeedsHostReason r) {
    if (abort_reason == NeedsHostReason::None) abort_reason = r;
  }
  WARP_HD OvAccount& acc(uint32_t i) { return ov_.accounts[i]; }
  WARP_HD OvSlot& slot(uint32_t s) { return ov_.slots[s]; }

  WARP_HD static DevKey key_of(const Address& a, uint8_t kind) {
    DevKey k;
    k.address = a;
    k.kind = kind;
    return k;
  }
  WARP_HD void record(const DevKey& k, const uint256& value) {
    if (out_.read_count == TxOutcome::kMaxReads) {
      abort(NeedsHostReason::ReadSet);
      return;
    }
    out_.reads[out_.read_count].key = k;
    out_.reads[out_.read_count++].value = value;
  }
  WARP_HD void write(const DevKey& k, const uint256& value, bool delta) {
    if (out_.write_count == TxOutcome::kMaxWrites) {
      abort(NeedsHostReason::WriteSet);
      return;
    }
    DevWrite& w = out_.writes[out_.write_count++];
    w.key = k;
    w.delta = delta ? 1u : 0u;
    w.value = value;
  }
  WARP_HD bool reserve_bytes(size_t size, uint32_t& offset) {
    if (size > TxOutcome::kBytes - out_.bytes_used) return false;
    offset = out_.bytes_used;
    out_.bytes_used += static_cast<uint32_t>(size);
    return true;
  }
  WARP_HD OvJournal* push_journal(OvChange kind, uint32_t index) {
    if (ov_.journal_count == FlatOverlay::kJournal) {
      abort(NeedsHostReason::Overlay);
      return nullptr;
    }
    OvJournal& j = ov_.journal[ov_.journal_count++];
    j.kind = kind;
    j.index = index;
    return &j;
  }

  // The overlay entry of `a`, loaded from the snapshot on first use (its existence recorded).
  WARP_HD uint32_t load(const Address& a) {
    for (uint32_t i = 0; i < ov_.account_count; ++i)
      if (ov_.accounts[i].address == a) return i;
    uint32_t i = ov_.account_count;
    if (i == FlatOverlay::kAccounts) {
      abort(NeedsHostReason::Overlay);  // the spare entry, reset on every use
    } else {
      ++ov_.account_count;
    }
    OvAccount& e = ov_.accounts[i];
    e.address = a;
    e.flat = view_.find(a);
    e.base_exists = e.flat != nullptr;
    e.touched = 0;
    e.f = OvFields{};
    e.f.exists = e.base_exists;
    record(key_of(a, kDevExistence), uint256(e.base_exists ? 1 : 0));
    if (!e.base_exists) {  // nothing to read: an absent account has empty fields
      e.base_loaded = kOvNonce | kOvBalance | kOvCode;
      e.base_nonce = 0;
      e.base_balance = uint256{};
      e.base_code = CodeRef{};
      e.base_code.hash = empty_code_hash();
    } else {
      e.base_loaded = 0;
    }
    return i;
  }

  WARP_HD uint32_t load_slot(uint32_t account, const uint256& key) {
    for (uint32_t s = 0; s < ov_.slot_count; ++s)
      if (ov_.slots[s].account == account && ov_.slots[s].key == key) return s;
    uint32_t s = ov_.slot_count;
    if (s == FlatOverlay::kSlots) {
      abort(NeedsHostReason::Overlay);
    } else {
      ++ov_.slot_count;
    }
    OvSlot& e = ov_.slots[s];
    e.account = account;
    e.key = key;
    e.original = uint256{};
    const OvAccount& a = acc(account);
    if (a.base_exists) {
      e.original = view_.storage(a.address, key);
      DevKey k = key_of(a.address, kDevStorage);
      k.slot = key;
      record(k, e.original);
    }
    e.current = e.original;
    return s;
  }

  WARP_HD OvFields& edit(uint32_t i) {
    OvJournal* j = push_journal(OvChange::Fields, i);
    if (j) j->old_fields = acc(i).f;
    return acc(i).f;
  }

  WARP_HD void mark_touched(uint32_t i) {
    OvAccount& a = acc(i);
    if (a.touched) return;
    a.touched = 1;
    // RIPEMD-160 (0x03): its touch survives a revert (mainnet block 2675119; see
    // host/evm_state_host.cpp).
    bool ripemd = a.address.bytes[19] == 3;
    for (int k = 0; k < 19 && ripemd; ++k) ripemd = a.address.bytes[k] == 0;
    if (!ripemd) push_journal(OvChange::Touched, i);
  }

  WARP_HD uint64_t nonce_of(uint32_t i) {
    OvAccount& a = acc(i);
    if (a.f.set & kOvNonce) return a.f.nonce;
    if (!(a.base_loaded & kOvNonce)) {
      a.base_nonce = a.flat->nonce;
      a.base_loaded |= kOvNonce;
      record(key_of(a.address, kDevNonce), uint256(a.base_nonce));
    }
    return a.base_nonce;
  }

  WARP_HD uint256 balance_of(uint32_t i) {
    OvAccount& a = acc(i);
    if (a.f.set & kOvBalance) return a.f.balance;
    if (!(a.base_loaded & kOvBalance)) {
      a.base_balance = a.flat->balance;
      a.base_loaded |= kOvBalance;
      record(key_of(a.address, kDevBalance), a.base_balance);
    }
    return a.base_balance + a.f.credit;
  }

  WARP_HD CodeRef code_of(uint32_t i) {
    OvAccount& a = acc(i);
    if (a.f.set & kOvCode) {
      CodeRef r;
      if (a.f.code == 0) {
        r.hash = empty_code_hash();
      } else {
        const DevCode& c = out_.codes[a.f.code - 1];
        r.code = out_.bytes + c.offset;
        r.size = c.size;
        r.hash = c.hash;  // jumpdest_bits null: the interpreter analyses new code itself
      }
      return r;
    }
    if (!(a.base_loaded & kOvCode)) {
      a.base_code = view_.code_of(*a.flat);
      a.base_loaded |= kOvCode;
      record(key_of(a.address, kDevCodeHash), uint256::from_hash(a.base_code.hash));
    }
    return a.base_code;
  }

  // EIP-161 "dead", asked in the order that reads the fewest contended fields (as the CPU host).
  WARP_HD bool is_dead(uint32_t i) {
    const OvFields& f = acc(i).f;
    if (!f.exists) return true;
    if (!(f.set & kOvBalance) && !f.credit.is_zero()) return false;
    if (code_of(i).size != 0 || nonce_of(i) != 0) return false;
    return balance_of(i).is_zero();
  }

  WARP_HD bool erased(uint32_t i) { return acc(i).f.destructed || (acc(i).touched && is_dead(i)); }

  const FlatView& view_;
  const DeviceBlock& block_;
  Fork fork_;
  FlatOverlay& ov_;
  TxOutcome& out_;
  TxContext tx_{};
};

static_assert(EvmHost<FlatHost>);

}  // namespace warp
