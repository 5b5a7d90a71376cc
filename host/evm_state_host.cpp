#include "host/evm_state_host.hpp"

#include <utility>

#include "host/precompiles/precompile.hpp"
#include "kernels/evm/host_concept.hpp"

namespace warp {

namespace {

// The RIPEMD-160 precompile, 0x00..03. A touch of it survives a revert: the consensus
// exception of mainnet block 2675119 (an out-of-gas call to an existing empty 0x03 whose
// touch one client kept), which every client has reproduced since (geth's state journal).
constexpr Address kRipemd = {{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3}};

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace

static_assert(EvmHost<EvmStateHost>);

EvmStateHost::EvmStateHost(BaseState& base, const BlockContext& block, const TxContext& tx, Fork fork,
                           CodeCache& codes, BlockHashFn block_hash)
    : base_(base), block_(block), tx_(tx), fork_(fork), codes_(codes), block_hash_(std::move(block_hash)) {}

// ---- overlay plumbing ------------------------------------------------------------------

EvmStateHost::Account& EvmStateHost::load(const Address& a) {
  auto it = accounts_.find(a);
  if (it != accounts_.end()) return it->second;
  Account acc;
  acc.base_exists = base_.exists(a);
  acc.f.exists = acc.base_exists;
  if (!acc.base_exists) {  // nothing to read: an absent account has empty fields
    acc.base.loaded = kNonce | kBalance | kCode;
    acc.base.code = empty_code_entry();
  }
  return accounts_.emplace(a, std::move(acc)).first->second;
}

EvmStateHost::Slot& EvmStateHost::load_slot(Account& acc, const Address& a, const uint256& key) {
  auto it = acc.slots.find(key);
  if (it != acc.slots.end()) return it->second;
  Slot s;
  if (acc.base_exists) s.original = s.current = base_.storage(a, key);
  return acc.slots.emplace(key, s).first->second;
}

EvmStateHost::Fields& EvmStateHost::edit(const Address& a, Account& acc) {
  journal_.emplace_back(FieldsChange{a, acc.f});
  return acc.f;
}

void EvmStateHost::mark_touched(const Address& a, Account& acc) {
  if (acc.touched) return;
  acc.touched = true;
  if (a != kRipemd) journal_.emplace_back(Touched{a});
}

uint64_t EvmStateHost::nonce_of(const Address& a, Account& acc) {
  if (acc.f.set & kNonce) return acc.f.nonce;
  if (!(acc.base.loaded & kNonce)) {
    acc.base.nonce = base_.nonce(a);
    acc.base.loaded |= kNonce;
  }
  return acc.base.nonce;
}

uint256 EvmStateHost::balance_of(const Address& a, Account& acc) {
  if (acc.f.set & kBalance) return acc.f.balance;
  if (!(acc.base.loaded & kBalance)) {
    acc.base.balance = base_.balance(a);
    acc.base.loaded |= kBalance;
  }
  return acc.base.balance + acc.f.credit;
}

const CodePtr& EvmStateHost::code_of(const Address& a, Account& acc) {
  if (acc.f.set & kCode) return acc.f.code;
  if (!(acc.base.loaded & kCode)) {
    acc.base.code = base_.code(a);
    acc.base.loaded |= kCode;
  }
  return acc.base.code;
}

// EIP-161 "dead": absent, or no nonce, no balance and no code. Asked in the order that reads
// the fewest contended fields: a pending credit proves a non-zero balance without reading
// anything (no 2^256 wrap-around: the ether supply is far below it); code rarely changes; a
// recipient's nonce changes whenever it sends; the balance changes most often.
bool EvmStateHost::is_dead(const Address& a, Account& acc) {
  if (!acc.f.exists) return true;
  if (!(acc.f.set & kBalance) && !acc.f.credit.is_zero()) return false;  // the usual recipient
  if (!code_of(a, acc)->code.empty() || nonce_of(a, acc) != 0) return false;
  return balance_of(a, acc).is_zero();
}

bool EvmStateHost::erased(const Address& a, Account& acc) {
  return acc.f.destructed || (acc.touched && is_dead(a, acc));
}

// ---- accounts ----------------------------------------------------------------------------

bool EvmStateHost::account_exists(const Address& a) { return load(a).f.exists; }

bool EvmStateHost::account_is_dead(const Address& a) { return is_dead(a, load(a)); }

uint256 EvmStateHost::balance(const Address& a) { return balance_of(a, load(a)); }

uint64_t EvmStateHost::nonce(const Address& a) { return nonce_of(a, load(a)); }

CodeRef EvmStateHost::code(const Address& a) { return code_of(a, load(a))->ref(); }

bool EvmStateHost::create_collision(const Address& a) {
  Account& acc = load(a);
  if (!acc.f.exists) return false;
  return nonce_of(a, acc) != 0 || !code_of(a, acc)->code.empty() || (acc.base_exists && base_.has_storage(a));
}

void EvmStateHost::set_nonce(const Address& a, uint64_t nonce) {
  Account& acc = load(a);
  Fields& f = edit(a, acc);
  f.exists = true;
  f.nonce = nonce;
  f.set |= kNonce;
  mark_touched(a, acc);
}

void EvmStateHost::add_balance(const Address& a, const uint256& v) {
  Account& acc = load(a);
  Fields& f = edit(a, acc);
  f.exists = true;
  if (f.set & kBalance)
    f.balance += v;
  else
    f.credit += v;  // the base balance stays unread
  mark_touched(a, acc);
}

void EvmStateHost::sub_balance(const Address& a, const uint256& v) {
  Account& acc = load(a);
  const uint256 now = balance_of(a, acc);  // a debit needs the balance (the caller checked it)
  Fields& f = edit(a, acc);
  f.exists = true;
  f.balance = now - v;
  f.credit = uint256{};
  f.set |= kBalance;
  mark_touched(a, acc);
}

void EvmStateHost::transfer(const Address& from, const Address& to, const uint256& value) {
  if (!value.is_zero()) sub_balance(from, value);
  add_balance(to, value);  // even a zero amount touches the recipient (EIP-161)
}

void EvmStateHost::touch(const Address& a) { mark_touched(a, load(a)); }

void EvmStateHost::create_account(const Address& a) {
  Account& acc = load(a);
  Fields& f = edit(a, acc);
  f.exists = true;
  f.nonce = 1;  // EIP-161: contracts start at nonce 1
  f.code = empty_code_entry();
  f.set |= kNonce | kCode;
  f.created = true;
  mark_touched(a, acc);
}

void EvmStateHost::set_code(const Address& a, const uint8_t* data, size_t size) {
  Account& acc = load(a);
  CodePtr code = codes_.get(ByteView(data, size));
  Fields& f = edit(a, acc);
  f.code = std::move(code);
  f.set |= kCode;
}

void EvmStateHost::selfdestruct(const Address& a, const Address& beneficiary) {
  const uint256 amount = balance(a);
  // Debit first, then credit: with a == beneficiary the balance stays (unless burnt below).
  sub_balance(a, amount);
  add_balance(beneficiary, amount);
  Account& acc = load(a);
  // EIP-6780 (Cancun): only a contract created in this transaction goes away; before it,
  // every self-destructed account did.
  if (acc.f.created || fork_ < Fork::Cancun) {
    Fields& f = edit(a, acc);
    f.destructed = true;
    f.balance = uint256{};  // what it holds (or later receives) is burnt with it
    f.credit = uint256{};
    f.set |= kBalance;
  }
}

// ---- storage -----------------------------------------------------------------------------

uint256 EvmStateHost::sload(const Address& a, const uint256& key) {
  Account& acc = load(a);
  return load_slot(acc, a, key).current;
}

uint256 EvmStateHost::sload_original(const Address& a, const uint256& key) {
  Account& acc = load(a);
  return load_slot(acc, a, key).original;
}

void EvmStateHost::sstore(const Address& a, const uint256& key, const uint256& value) {
  Account& acc = load(a);
  Slot& s = load_slot(acc, a, key);
  journal_.emplace_back(StorageChange{a, key, s.current});
  s.current = value;
}

uint256 EvmStateHost::tload(const Address& a, const uint256& key) {
  auto it = transient_.find(SlotKey{a, key});
  return it == transient_.end() ? uint256{} : it->second;
}

void EvmStateHost::tstore(const Address& a, const uint256& key, const uint256& value) {
  uint256& v = transient_[SlotKey{a, key}];
  journal_.emplace_back(TransientChange{a, key, v});
  v = value;
}

// ---- access sets, logs -----------------------------------------------------------------

bool EvmStateHost::access_account(const Address& a) {
  if (!warm_accounts_.insert(a).second) return true;
  journal_.emplace_back(WarmAccount{a});
  return false;
}

bool EvmStateHost::access_storage(const Address& a, const uint256& key) {
  if (!warm_slots_.insert(SlotKey{a, key}).second) return true;
  journal_.emplace_back(WarmSlot{a, key});
  return false;
}

void EvmStateHost::emit_log(const Address& a, const Hash* topics, size_t topic_count, const uint8_t* data,
                            size_t size) {
  Log log;
  log.address = a;
  log.topics.assign(topics, topics + topic_count);
  log.data.assign(data, data + size);
  logs_.push_back(std::move(log));
  journal_.emplace_back(LogAdded{});
}

// ---- precompiles -------------------------------------------------------------------------

bool EvmStateHost::is_precompile(const Address& a) const { return warp::is_precompile(a, fork_); }

CallResult EvmStateHost::call_precompile(const Message& msg) {
  PrecompileResult r = run_precompile(msg.code_address, ByteView(msg.input, msg.input_size), msg.gas, fork_);
  CallResult out;
  switch (r.status) {
    case PrecompileStatus::Success:
      precompile_output_ = std::move(r.output);
      out.status = EvmStatus::Success;
      out.gas_left = msg.gas - r.gas_used;
      out.output = precompile_output_.data();
      out.output_size = precompile_output_.size();
      break;
    case PrecompileStatus::Failure:
      out.status = EvmStatus::PrecompileFailure;
      out.gas_left = 0;
      break;
    case PrecompileStatus::Unsupported:
      // The outcome is unknown here: NeedsHost ends the run, and the caller reports the
      // transaction as not executable instead of guessing a state.
      if (!unsupported_precompile_) unsupported_precompile_ = r.unsupported_name ? r.unsupported_name : "unknown";
      out.status = EvmStatus::NeedsHost;
      out.gas_left = 0;
      break;
  }
  return out;
}

// ---- journal -----------------------------------------------------------------------------

void EvmStateHost::revert_to(uint32_t checkpoint) {
  while (journal_.size() > checkpoint) {
    std::visit(Overloaded{
                   [&](FieldsChange& e) { accounts_.find(e.a)->second.f = std::move(e.old); },
                   [&](StorageChange& e) { accounts_.find(e.a)->second.slots.find(e.key)->second.current = e.old; },
                   [&](TransientChange& e) {
                     transient_[SlotKey{e.a, e.key}] = e.old;
                   },
                   [&](Touched& e) { accounts_.find(e.a)->second.touched = false; },
                   [&](WarmAccount& e) { warm_accounts_.erase(e.a); },
                   [&](WarmSlot& e) {
                     warm_slots_.erase(SlotKey{e.a, e.key});
                   },
                   [&](LogAdded&) { logs_.pop_back(); },
               },
               journal_.back());
    journal_.pop_back();
  }
}

void EvmStateHost::finalize(State& state) {
  for (auto& [a, acc] : accounts_) {
    if (erased(a, acc)) {
      state.erase(a);
      continue;
    }
    const Fields& f = acc.f;
    if (!f.exists) continue;
    warp::Account& out = state.get_or_create(a);
    if (f.set & kNonce) out.nonce = f.nonce;
    if (f.set & kBalance)
      out.balance = f.balance;
    else
      out.balance += f.credit;
    if ((f.set & kCode) && out.code_hash != f.code->hash) state.set_code(a, f.code->code);
    for (const auto& [key, slot] : acc.slots)
      if (slot.current != slot.original) state.set_storage(a, key, slot.current);
  }
  journal_.clear();
}

void EvmStateHost::emit_writes(WriteSet& out, const std::function<void(const CodePtr&)>& publish_code) {
  for (auto& [a, acc] : accounts_) {
    if (erased(a, acc)) {
      if (acc.base_exists) out.set(StateKey::existence(a), StateValue::of(uint256(0)));
      continue;
    }
    Fields& f = acc.f;
    if (!f.exists) continue;
    // A new account writes every field: whatever the keys hold below it is not its own
    // (an account erased earlier in the block may have left values there).
    const bool fresh = !acc.base_exists;
    if (fresh) out.set(StateKey::existence(a), StateValue::of(uint256(1)));
    if (fresh || (f.set & kNonce)) out.set(StateKey::nonce(a), StateValue::of(uint256(nonce_of(a, acc))));
    if (fresh || (f.set & kBalance))
      out.set(StateKey::balance(a), StateValue::of(balance_of(a, acc)));  // fresh: base 0 + credit
    else if (!f.credit.is_zero())
      out.add_delta(StateKey::balance(a), f.credit);
    if (fresh || (f.set & kCode)) {
      const CodePtr& code = code_of(a, acc);
      if (!code->code.empty()) publish_code(code);
      out.set(StateKey::code_hash(a), StateValue::of_hash(code->hash));
    }
    for (const auto& [key, slot] : acc.slots)
      if (slot.current != slot.original) out.set(StateKey::storage(a, key), StateValue::of(slot.current));
  }
  journal_.clear();
}

}  // namespace warp
