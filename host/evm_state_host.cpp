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

// EIP-161 "dead": absent, or no nonce, no balance and no code.
bool dead(bool exists, uint64_t nonce, const uint256& balance, const CodeEntry& code) {
  return !exists || (nonce == 0 && balance.is_zero() && code.code.empty());
}

template <class... Fs>
struct Overloaded : Fs... {
  using Fs::operator()...;
};
template <class... Fs>
Overloaded(Fs...) -> Overloaded<Fs...>;

}  // namespace

static_assert(EvmHost<EvmStateHost>);

EvmStateHost::EvmStateHost(const State& state, const BlockContext& block, const TxContext& tx, Fork fork,
                           CodeCache& codes, BlockHashFn block_hash)
    : state_(state), block_(block), tx_(tx), fork_(fork), codes_(codes), block_hash_(std::move(block_hash)) {}

// ---- overlay plumbing ------------------------------------------------------------------

EvmStateHost::Account& EvmStateHost::load(const Address& a) {
  auto it = accounts_.find(a);
  if (it != accounts_.end()) return it->second;
  Account acc;
  if (const warp::Account* s = state_.find(a)) {
    acc.f.exists = true;
    acc.f.nonce = s->nonce;
    acc.f.balance = s->balance;
    acc.f.code = codes_.get(s->code_hash, s->code);
    acc.has_committed_storage = !s->storage.empty();
  } else {
    acc.f.code = empty_code_entry();
  }
  return accounts_.emplace(a, std::move(acc)).first->second;
}

EvmStateHost::Slot& EvmStateHost::load_slot(Account& acc, const Address& a, const uint256& key) {
  auto it = acc.slots.find(key);
  if (it != acc.slots.end()) return it->second;
  Slot s;
  if (acc.has_committed_storage) s.original = s.current = state_.storage(a, key);
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

// ---- accounts ----------------------------------------------------------------------------

bool EvmStateHost::account_exists(const Address& a) { return load(a).f.exists; }

bool EvmStateHost::account_is_dead(const Address& a) {
  const Fields& f = load(a).f;
  return dead(f.exists, f.nonce, f.balance, *f.code);
}

uint256 EvmStateHost::balance(const Address& a) { return load(a).f.balance; }

uint64_t EvmStateHost::nonce(const Address& a) { return load(a).f.nonce; }

CodeRef EvmStateHost::code(const Address& a) { return load(a).f.code->ref(); }

bool EvmStateHost::create_collision(const Address& a) {
  const Account& acc = load(a);
  return acc.f.nonce != 0 || !acc.f.code->code.empty() || acc.has_committed_storage;
}

void EvmStateHost::set_nonce(const Address& a, uint64_t nonce) {
  Account& acc = load(a);
  Fields& f = edit(a, acc);
  f.exists = true;
  f.nonce = nonce;
  mark_touched(a, acc);
}

void EvmStateHost::add_balance(const Address& a, const uint256& v) {
  Account& acc = load(a);
  Fields& f = edit(a, acc);
  f.exists = true;
  f.balance += v;
  mark_touched(a, acc);
}

void EvmStateHost::sub_balance(const Address& a, const uint256& v) {
  Account& acc = load(a);
  Fields& f = edit(a, acc);
  f.exists = true;
  f.balance -= v;
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
  f.created = true;
  mark_touched(a, acc);
}

void EvmStateHost::set_code(const Address& a, const uint8_t* data, size_t size) {
  Account& acc = load(a);
  CodePtr code = codes_.get(ByteView(data, size));
  edit(a, acc).code = std::move(code);
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
    const Fields& f = acc.f;
    if (f.destructed || (acc.touched && dead(f.exists, f.nonce, f.balance, *f.code))) {
      state.erase(a);
      continue;
    }
    if (!f.exists) continue;
    warp::Account& out = state.get_or_create(a);
    out.nonce = f.nonce;
    out.balance = f.balance;
    if (out.code_hash != f.code->hash) state.set_code(a, f.code->code);
    for (const auto& [key, slot] : acc.slots)
      if (slot.current != slot.original) state.set_storage(a, key, slot.current);
  }
  journal_.clear();
}

}  // namespace warp
