#include "tests/differential/adversarial_blocks.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <random>
#include <unordered_map>
#include <utility>

#include "kernels/evm/create_address.hpp"
#include "kernels/evm/keccak.hpp"
#include "tests/differential/evm_asm.hpp"

namespace warp::difftest {

namespace {

constexpr size_t kSenders = 24;
constexpr uint64_t kBaseFee = 7;
const uint256 kEther = uint256(1000000000000000000ull);

Address tagged(uint8_t tag, uint8_t i) {
  Address a{};
  a.bytes[0] = tag;
  a.bytes[18] = 0x5a;
  a.bytes[19] = i;
  return a;
}

}  // namespace

namespace addrs {
Address sender(size_t i) { return tagged(0xa0, static_cast<uint8_t>(i)); }
Address coinbase() { return tagged(0xcb, 1); }
Address hot() { return tagged(0xb0, 1); }
Address balance_probe() { return tagged(0xc0, 1); }
Address forwarder() { return tagged(0xc0, 2); }
Address reentrant_a() { return tagged(0xc0, 3); }
Address reentrant_b() { return tagged(0xc0, 4); }
Address outer() { return tagged(0xc0, 5); }
Address inner() { return tagged(0xc0, 6); }
Address sink() { return tagged(0xb0, 2); }
Address destruct_factory() { return tagged(0xc0, 7); }
Address beneficiary() { return tagged(0xb0, 3); }
Address old_suicide() { return tagged(0xc0, 8); }
Address create_factory() { return tagged(0xc0, 9); }
Address coinbase_probe() { return tagged(0xc0, 10); }
Address transient() { return tagged(0xc0, 11); }
Address counter() { return tagged(0xc0, 12); }
Address gas_burner() { return tagged(0xc0, 13); }
}  // namespace addrs

namespace {

// ---- the contracts, one function each ------------------------------------------------------

// CALL(GAS, <address on the stack top>, value 0, input mem[0..in_size), output mem[0..out_size)):
// consumes the address, leaves the success flag.
Asm& call_top(Asm& a, uint64_t in_size, uint64_t out_size) {
  // Stack [addr]: push the arguments under it, then bring the address up.
  return a.push(out_size).push(0).push(in_size).push(0).push(0).op(OP_DUP6).op(OP_GAS).op(OP_CALL).op(OP_SWAP1).op(
      OP_POP);
}

// Stores BALANCE(calldata word 0) in slot 0 and logs it: a read of a balance other
// transactions keep crediting.
Bytes balance_probe_code() {
  Asm a;
  a.arg(0).op(OP_BALANCE).op(OP_DUP1).push(0).op(OP_SSTORE).log_top().op(OP_STOP);
  return a.build();
}

// Forwards CALLVALUE to hot() (a credit), then stores and logs BALANCE(hot()) (a read of
// the same account in the same transaction).
Bytes forwarder_code() {
  Asm a;
  a.push(0).push(0).push(0).push(0).op(OP_CALLVALUE).push(addrs::hot()).op(OP_GAS).op(OP_CALL).op(OP_POP);
  a.push(addrs::hot()).op(OP_BALANCE).op(OP_DUP1).push(1).op(OP_SSTORE).log_top().op(OP_STOP);
  return a.build();
}

// A(n): slot 1 += 1 (entries); if n > 0 calls B(n-1) with 1 wei, and B calls A back; after
// the call, slot 2 = slot1 * 1000 + n, which reads what the re-entered frames wrote; logs it.
Bytes reentrant_a_code() {
  Asm a;
  a.increment_slot(1);
  a.arg(0).op(OP_ISZERO).jumpi("after_call");
  a.push(1).arg(0).op(OP_SUB).push(0).op(OP_MSTORE);  // mem[0] = n - 1
  a.push(0).push(0).push(32).push(0).push(1).push(addrs::reentrant_b()).op(OP_GAS).op(OP_CALL).op(OP_POP);
  a.label("after_call");
  a.arg(0).push(1).op(OP_SLOAD).push(1000).op(OP_MUL).op(OP_ADD).push(2).op(OP_SSTORE);
  a.push(2).op(OP_SLOAD).log_top().op(OP_STOP);
  return a.build();
}

// B(n): slot 0 += 1, then calls its caller back with the same calldata (re-entering A).
Bytes reentrant_b_code() {
  Asm a;
  a.increment_slot(0);
  a.arg(0).push(0).op(OP_MSTORE);
  a.push(0).push(0).push(32).push(0).push(0).op(OP_CALLER).op(OP_GAS).op(OP_CALL).op(OP_POP).op(OP_STOP);
  return a.build();
}

// outer(mode, gas): slot 0 += 1; calls inner(mode) with `gas` and 3 wei; slot 3 += the
// success flag; slot 1 = flag + 1; slot 2 += 1; logs the flag. Mode 4: then REVERTs itself.
Bytes outer_code() {
  Asm a;
  a.increment_slot(0);
  a.arg(0).push(0).op(OP_MSTORE);
  a.push(0).push(0).push(32).push(0).push(3).push(addrs::inner()).arg(1).op(OP_CALL);
  a.op(OP_DUP1).push(3).op(OP_SLOAD).op(OP_ADD).push(3).op(OP_SSTORE);
  a.op(OP_DUP1).push(1).op(OP_ADD).push(1).op(OP_SSTORE);
  a.increment_slot(2);
  a.log_top();
  a.arg(0).push(4).op(OP_EQ).jumpi("fail");
  a.op(OP_STOP);
  a.label("fail").push(0).push(0).op(OP_REVERT);
  return a.build();
}

// inner(mode): slot 0 += 1, a log, 1 wei to sink(); then mode 1 REVERTs, mode 2 loops until
// out of gas, mode 3 hits INVALID; any other mode succeeds. Every effect must vanish on failure.
Bytes inner_code() {
  Asm a;
  a.increment_slot(0);
  a.push(0xabc).log_top();
  a.push(0).push(0).push(0).push(0).push(1).push(addrs::sink()).push(0).op(OP_CALL).op(OP_POP);
  a.arg(0).push(1).op(OP_EQ).jumpi("revert");
  a.arg(0).push(2).op(OP_EQ).jumpi("spin");
  a.arg(0).push(3).op(OP_EQ).jumpi("invalid");
  a.op(OP_STOP);
  a.label("revert").push(0).push(0).op(OP_REVERT);
  a.label("spin").jump("spin");
  a.label("invalid").op(OP_INVALID);
  return a.build();
}

// Runtime of the children of destruct_factory(): SELFDESTRUCT to beneficiary().
Bytes suicide_runtime() {
  Asm a;
  a.push(addrs::beneficiary()).op(OP_SELFDESTRUCT);
  return a.build();
}

// destruct_factory(mode, salt): CREATE2 with 100 wei of destruct_init_code(mode); slot[salt]
// = the new address (0 on failure, e.g. a collision). Mode 1: then calls the child, which
// SELFDESTRUCTs in the transaction that created it (EIP-6780: the account goes); slot 10 =
// that call's flag, slot 11 = the child's code size right after (still there until the end
// of the transaction). Mode 2: leaves the child alive.
Bytes destruct_factory_code() {
  const Bytes init0 = destruct_init_code(0), init1 = destruct_init_code(1);
  Asm a;
  a.arg(0).op(OP_ISZERO).jumpi("mode0");
  a.store_in_memory(init1).arg(1).push(init1.size()).push(0).push(100).op(OP_CREATE2);
  a.jump("created");
  a.label("mode0").store_in_memory(init0).arg(1).push(init0.size()).push(0).push(100).op(OP_CREATE2);
  a.label("created");
  a.op(OP_DUP1).arg(1).op(OP_SSTORE);
  a.arg(0).push(1).op(OP_EQ).jumpi("call_child");
  a.op(OP_POP).op(OP_STOP);
  a.label("call_child");
  a.op(OP_DUP1);
  call_top(a, 0, 0);
  a.push(10).op(OP_SSTORE);
  a.op(OP_EXTCODESIZE).push(11).op(OP_SSTORE).op(OP_STOP);
  return a.build();
}

// create_factory(mode): mode 0 CREATEs a counter (slot 0 = its address, slot 1 += 1); mode
// 1 calls the last one it created (slot 2 = flag + 1, slot 3 = the count it returned).
Bytes create_factory_code() {
  const Bytes init = deploy_code(counter_runtime());
  Asm a;
  a.arg(0).jumpi("call_last");
  a.store_in_memory(init).push(init.size()).push(0).push(0).op(OP_CREATE);
  a.push(0).op(OP_SSTORE).increment_slot(1).op(OP_STOP);
  a.label("call_last");
  a.push(0).op(OP_SLOAD);
  call_top(a, 0, 32);
  a.push(1).op(OP_ADD).push(2).op(OP_SSTORE);
  a.push(0).op(OP_MLOAD).push(3).op(OP_SSTORE).op(OP_STOP);
  return a.build();
}

// Stores and logs BALANCE(COINBASE): the fee credits of every earlier transaction, exactly.
Bytes coinbase_probe_code() {
  Asm a;
  a.op(OP_COINBASE).op(OP_BALANCE).op(OP_DUP1).push(0).op(OP_SSTORE).log_top().op(OP_STOP);
  return a.build();
}

// transient(mode). Mode 0 (from a transaction): slot 0 = 100 + TLOAD(0) and slot 5 = 5000 +
// TLOAD(7) (both must see 0: nothing leaks from an earlier transaction); TSTORE(0, 42); calls
// itself in mode 1, which returns TLOAD(0) (must be 42) and sets TSTORE(0, 99), TSTORE(1, 7)
// then REVERTs: slot 1 = 1000 + returned, slot 2 = 1000 + TLOAD(0) (42 again), slot 3 =
// 2000 + TLOAD(1) (0); calls itself in mode 2 (TSTORE(1, 5), success): slot 4 = 3000 +
// TLOAD(1); sets TSTORE(7, 77) for the next transaction to (not) see; slot 6 += 1.
Bytes transient_code() {
  Asm a;
  a.arg(0).push(1).op(OP_EQ).jumpi("mode1");
  a.arg(0).push(2).op(OP_EQ).jumpi("mode2");
  a.push(0).op(OP_TLOAD).push(100).op(OP_ADD).push(0).op(OP_SSTORE);
  a.push(7).op(OP_TLOAD).push(5000).op(OP_ADD).push(5).op(OP_SSTORE);
  a.push(42).push(0).op(OP_TSTORE);
  a.push(1).push(0).op(OP_MSTORE).op(OP_ADDRESS);
  call_top(a, 32, 32).op(OP_POP);
  a.push(0).op(OP_MLOAD).push(1000).op(OP_ADD).push(1).op(OP_SSTORE);
  a.push(0).op(OP_TLOAD).push(1000).op(OP_ADD).push(2).op(OP_SSTORE);
  a.push(1).op(OP_TLOAD).push(2000).op(OP_ADD).push(3).op(OP_SSTORE);
  a.push(2).push(0).op(OP_MSTORE).op(OP_ADDRESS);
  call_top(a, 32, 0).op(OP_POP);
  a.push(1).op(OP_TLOAD).push(3000).op(OP_ADD).push(4).op(OP_SSTORE);
  a.push(77).push(7).op(OP_TSTORE);
  a.increment_slot(6).op(OP_STOP);
  a.label("mode1");
  a.push(0).op(OP_TLOAD).push(0).op(OP_MSTORE);
  a.push(99).push(0).op(OP_TSTORE).push(7).push(1).op(OP_TSTORE);
  a.push(32).push(0).op(OP_REVERT);
  a.label("mode2").push(5).push(1).op(OP_TSTORE).op(OP_STOP);
  return a.build();
}

// counter(slot): storage[slot] += 1.
Bytes counter_code() {
  Asm a;
  a.arg(0).op(OP_SLOAD).push(1).op(OP_ADD).arg(0).op(OP_SSTORE).op(OP_STOP);
  return a.build();
}

// gas_burner(n): counts n down to zero (40 gas a turn), then slot 0 += 1.
Bytes gas_burner_code() {
  Asm a;
  a.arg(0);
  a.label("loop").op(OP_DUP1).op(OP_ISZERO).jumpi("end");
  a.push(1).op(OP_SWAP1).op(OP_SUB).jump("loop");
  a.label("end").op(OP_POP).increment_slot(0).op(OP_STOP);
  return a.build();
}

Bytes word(const uint256& v) {
  Bytes out(32);
  v.to_be_bytes(out.data());
  return out;
}
Bytes words(std::initializer_list<uint256> vs) {
  Bytes out;
  for (const uint256& v : vs) {
    const Bytes w = word(v);
    out.insert(out.end(), w.begin(), w.end());
  }
  return out;
}
uint256 address_word(const Address& a) { return uint256::from_be_bytes(a.bytes, 20); }

// ---- the block under construction ---------------------------------------------------------

class Builder {
 public:
  explicit Builder(uint64_t seed, int64_t block_gas_limit = 30'000'000) : rng_(seed) {
    BlockEnv& env = block_.env;
    env.context.coinbase = addrs::coinbase();
    env.context.number = 1000 + seed;
    env.context.timestamp = 1'700'000'000 + seed;
    env.context.gas_limit = block_gas_limit;
    env.context.chain_id = uint256(1);
    env.context.base_fee = uint256(kBaseFee);
    env.context.blob_base_fee = uint256(1);
    env.blob_base_fee = uint256(1);
    env.chain_id = 1;
    install_contracts();
  }

  GeneratedBlock take() { return std::move(block_); }
  State& state() { return block_.pre_state; }
  std::vector<Transaction>& txs() { return block_.txs; }

  uint64_t below(uint64_t n) { return rng_() % n; }
  bool chance(unsigned percent) { return below(100) < percent; }
  // Senders below `first` are kept out of the random picks (scripted by the block).
  void reserve_senders(size_t first) { first_random_sender_ = first; }
  Address any_sender() { return addrs::sender(first_random_sender_ + below(kSenders - first_random_sender_)); }

  // The nonce the sender's next transaction gets (assuming the earlier ones are included).
  uint64_t& nonce(const Address& from) {
    auto it = nonces_.find(from);
    if (it == nonces_.end()) it = nonces_.emplace(from, block_.pre_state.nonce(from)).first;
    return it->second;
  }

  // A transaction of a random type and fee (tips from 0 to 5 above the base fee), with the
  // sender's next nonce; returned for the caller to adjust.
  Transaction& add(const Address& from, std::optional<Address> to, Bytes data, uint64_t gas,
                   const uint256& value = uint256(0)) {
    Transaction tx;
    tx.chain_id = 1;
    tx.sender = from;
    tx.nonce = nonce(from)++;
    tx.to = to;
    tx.data = std::move(data);
    tx.gas_limit = gas;
    tx.value = value;
    const uint64_t tip = below(6);
    switch (below(3)) {
      case 0:
        tx.type = TxType::Legacy;
        tx.gas_price = uint256(kBaseFee + tip);
        break;
      case 1:
        tx.type = TxType::AccessList;
        tx.gas_price = uint256(kBaseFee + tip);
        // Pre-warms the target and its slot 0 (a read the access list does not make).
        // Its intrinsic cost (2400 + 1900) comes on top of the gas the call needs.
        if (to) {
          tx.access_list.push_back(AccessListEntry{*to, {uint256(0).to_hash()}});
          tx.gas_limit += 2400 + 1900;
        }
        break;
      default:
        tx.type = TxType::DynamicFee;
        tx.max_fee_per_gas = uint256(kBaseFee + 10);
        tx.max_priority_fee_per_gas = uint256(tip);
        break;
    }
    block_.txs.push_back(std::move(tx));
    return block_.txs.back();
  }

  // Overrides the random type and fee; drops the access list and the gas added for it.
  static void make_legacy(Transaction& tx, uint64_t gas, uint64_t price) {
    tx.type = TxType::Legacy;
    tx.gas_price = uint256(price);
    tx.access_list.clear();
    tx.gas_limit = gas;
  }
  static void make_dynamic(Transaction& tx, uint64_t gas, uint64_t max_fee, uint64_t tip) {
    tx.type = TxType::DynamicFee;
    tx.max_fee_per_gas = uint256(max_fee);
    tx.max_priority_fee_per_gas = uint256(tip);
    tx.access_list.clear();
    tx.gas_limit = gas;
  }

  // ---- one transaction of each adversarial kind (the dedicated blocks and the mix) ----------
  void hot_transfer() { add(any_sender(), addrs::hot(), {}, 21000, uint256(1 + below(1000000))); }
  void hot_probe() { add(any_sender(), addrs::balance_probe(), word(address_word(addrs::hot())), 60000); }
  void hot_forward() { add(any_sender(), addrs::forwarder(), {}, 80000, uint256(1 + below(5000))); }
  void hot_kind() {
    const uint64_t k = below(10);
    if (k < 6)
      hot_transfer();
    else if (k < 8)
      hot_probe();
    else
      hot_forward();
  }

  void reentrant() {
    if (chance(85))
      add(any_sender(), addrs::reentrant_a(), word(uint256(below(5))), 400000);
    else
      add(any_sender(), addrs::reentrant_b(), word(uint256(below(3))), 200000);
  }

  void nested_failure() {
    static constexpr uint64_t kInnerGas[] = {3000, 25000, 60000, 200000};
    const uint64_t mode = below(5);
    // Now and then too little gas for the outer frame itself: out of gas at the top.
    const uint64_t gas = chance(8) ? 30000 : 400000;
    add(any_sender(), addrs::outer(), words({uint256(mode), uint256(kInnerGas[below(4)])}), gas);
  }

  // Salts from a small set so that children collide, die and come back within a block.
  void selfdestruct_kind(uint64_t first_salt = 0) {
    const uint64_t k = below(10);
    const uint64_t salt = first_salt + below(6);
    if (k < 5)
      destruct_factory(below(3), salt);
    else if (k < 7)
      add(any_sender(), child_address(2, salt), {}, 100000, uint256(below(3) * 1000));
    else if (k < 8)
      add(any_sender(), child_address(0, salt), {}, 21000, uint256(777));  // funds a future child
    else if (k < 9)
      add(any_sender(), addrs::old_suicide(), {}, 100000, uint256(below(2) * 5000));
    else
      add(any_sender(), addrs::balance_probe(), word(address_word(addrs::beneficiary())), 60000);
  }
  void destruct_factory(uint64_t mode, uint64_t salt) {
    add(any_sender(), addrs::destruct_factory(), words({uint256(mode), uint256(salt)}), 400000);
  }
  static Address child_address(uint64_t mode, uint64_t salt) {
    const Bytes init = destruct_init_code(mode);
    return create2_address(addrs::destruct_factory(), uint256(salt).to_hash(), keccak256(init.data(), init.size()));
  }

  // A counter deployed by a CREATE transaction; its address, for later calls.
  Address create_counter(const Address& from) {
    const Address at = create_address(from, nonce(from));
    add(from, std::nullopt, deploy_code(counter_runtime()), 200000);
    created_.push_back(at);
    return at;
  }
  void creation_kind() {
    const uint64_t k = below(10);
    if (k < 2 || created_.empty())
      create_counter(any_sender());
    else if (k < 6)
      add(any_sender(), created_[below(created_.size())], {}, 100000);
    else if (k < 8)
      factory_create();
    else
      add(any_sender(), addrs::create_factory(), word(uint256(1)), 200000);
  }
  // CREATE through create_factory(): the child's address follows the factory's nonce, which
  // only successful (not reverted) creations advance; the factory never fails here.
  Address factory_create() {
    const Address at = create_address(addrs::create_factory(), factory_nonce_++);
    add(any_sender(), addrs::create_factory(), word(uint256(0)), 300000);
    created_.push_back(at);
    return at;
  }

  void coinbase_kind() {
    const uint64_t k = below(10);
    if (k < 5)
      add(any_sender(), addrs::coinbase_probe(), {}, 60000);
    else if (k < 7)
      add(any_sender(), addrs::coinbase(), {}, 21000, uint256(1 + below(100000)));
    else
      add(any_sender(), addrs::sink(), {}, 21000, uint256(1));  // just fees
  }

  void transient_kind() { add(any_sender(), addrs::transient(), word(uint256(0)), 300000); }

  // Half on the one hot slot, the rest on slots of their own.
  void counter_kind() {
    const uint64_t slot = chance(50) ? 0 : 1 + below(1000);
    add(any_sender(), addrs::counter(), word(uint256(slot)), 80000);
  }

  void burn(uint64_t turns, uint64_t gas) { add(any_sender(), addrs::gas_burner(), word(uint256(turns)), gas); }

  void independent_transfer() {
    add(any_sender(), addrs::sender(below(kSenders)), {}, 21000, uint256(1 + below(1000)));
  }

 private:
  void install_contracts() {
    State& s = block_.pre_state;
    for (size_t i = 0; i < kSenders; ++i) s.set_balance(addrs::sender(i), kEther * uint256(1000));
    s.set_code(addrs::balance_probe(), balance_probe_code());
    s.set_code(addrs::forwarder(), forwarder_code());
    s.set_code(addrs::reentrant_a(), reentrant_a_code());
    s.set_balance(addrs::reentrant_a(), kEther);
    s.set_code(addrs::reentrant_b(), reentrant_b_code());
    s.set_code(addrs::outer(), outer_code());
    s.set_balance(addrs::outer(), kEther);
    s.set_code(addrs::inner(), inner_code());
    s.set_code(addrs::destruct_factory(), destruct_factory_code());
    s.set_nonce(addrs::destruct_factory(), 1);
    s.set_balance(addrs::destruct_factory(), kEther);
    s.set_code(addrs::old_suicide(), suicide_runtime());
    s.set_nonce(addrs::old_suicide(), 1);
    s.set_balance(addrs::old_suicide(), kEther * uint256(5));
    s.set_storage(addrs::old_suicide(), uint256(1), uint256(7));
    s.set_code(addrs::create_factory(), create_factory_code());
    s.set_nonce(addrs::create_factory(), factory_nonce_);
    s.set_code(addrs::coinbase_probe(), coinbase_probe_code());
    s.set_code(addrs::transient(), transient_code());
    s.set_code(addrs::counter(), counter_code());
    s.set_code(addrs::gas_burner(), gas_burner_code());
    s.set_balance(addrs::coinbase(), uint256(1));  // present; zero_tip_block removes it
  }

  std::mt19937_64 rng_;
  GeneratedBlock block_;
  std::unordered_map<Address, uint64_t, AddressHasher> nonces_;
  uint64_t factory_nonce_ = 1;
  size_t first_random_sender_ = 0;
  std::vector<Address> created_;
};

}  // namespace

Bytes counter_runtime() {
  Asm a;
  a.push(0).op(OP_SLOAD).push(1).op(OP_ADD);
  a.op(OP_DUP1).push(0).op(OP_SSTORE);
  a.op(OP_DUP1).log_top();
  a.push(0).op(OP_MSTORE).push(32).push(0).op(OP_RETURN);
  return a.build();
}

Bytes destruct_init_code(uint64_t mode) {
  if (mode == 0) return suicide_runtime();  // runs as init code: dies while being created
  return deploy_code(suicide_runtime());
}

// ---- the generators --------------------------------------------------------------------

// `count` transactions, each made by `kind` with `percent` % probability, else by `other`.
template <class Kind, class Other>
void mix(Builder& b, size_t count, unsigned percent, Kind kind, Other other) {
  for (size_t i = 0; i < count; ++i) {
    if (b.chance(percent))
      std::invoke(kind, b);
    else
      std::invoke(other, b);
  }
}

GeneratedBlock hot_account_block(uint64_t seed, size_t txs) {
  Builder b(seed);
  for (size_t i = 0; i < txs; ++i) b.hot_kind();
  return b.take();
}

GeneratedBlock nonce_chain_block(uint64_t seed) {
  Builder b(seed);
  b.reserve_senders(5);
  const Address chain = addrs::sender(0), gappy = addrs::sender(1), poor = addrs::sender(2), late = addrs::sender(3);
  b.state().set_balance(poor, uint256(2 * (21000 * 20 + 1000000) + 5000));  // enough for two transfers
  b.state().set_nonce(late, 5);                                             // its chain starts at 5

  // gappy's script, one entry placed every few transactions: 0..9, then 11 and 12 (too high:
  // rejected, nonce not advanced), 10 and 11 (now valid), 11 again (too low).
  std::vector<uint64_t> gappy_nonces;
  for (uint64_t n = 0; n < 10; ++n) gappy_nonces.push_back(n);
  for (uint64_t n : {11u, 12u, 10u, 11u, 11u}) gappy_nonces.push_back(n);
  size_t next_gappy = 0;
  int poor_sent = 0;

  for (int i = 0; i < 50; ++i) {
    // One link of the long chain: to the hot counter slot or a plain transfer to gappy.
    if (b.chance(50))
      b.add(chain, addrs::counter(), word(uint256(0)), 80000);
    else
      b.add(chain, gappy, {}, 21000, uint256(1 + b.below(1000)));
    if (i % 3 == 1 && next_gappy < gappy_nonces.size()) {
      Transaction& tx = b.add(gappy, addrs::sink(), {}, 21000, uint256(10));
      tx.nonce = gappy_nonces[next_gappy++];
    }
    if (i % 5 == 2 && poor_sent < 6) {
      // Transfers 3 and 4 fail for funds (and 4 also for its nonce); then someone pays poor
      // and transfer 5 (nonce 2 again) is valid.
      Transaction& tx = b.add(poor, addrs::sink(), {}, 21000, uint256(1000000));
      Builder::make_legacy(tx, 21000, 20);
      if (poor_sent >= 4) tx.nonce = 2 + static_cast<uint64_t>(poor_sent - 4);
      ++poor_sent;
      if (poor_sent == 4) b.add(addrs::sender(4), poor, {}, 21000, kEther);
    }
    if (i % 7 == 3) b.add(late, addrs::counter(), word(uint256(1)), 80000);
    if (b.chance(60)) b.independent_transfer();
  }
  return b.take();
}

GeneratedBlock reentrancy_block(uint64_t seed, size_t txs) {
  Builder b(seed);
  mix(b, txs, 75, &Builder::reentrant, &Builder::independent_transfer);
  return b.take();
}

GeneratedBlock nested_failure_block(uint64_t seed, size_t txs) {
  Builder b(seed);
  mix(b, txs, 80, &Builder::nested_failure, [](Builder& x) {
    x.add(x.any_sender(), addrs::balance_probe(), word(address_word(addrs::sink())), 60000);
  });
  return b.take();
}

GeneratedBlock selfdestruct_block(uint64_t seed) {
  Builder b(seed);
  // A fixed script first (the cases the sanity checks look for), then random variations.
  b.destruct_factory(0, 1);                                         // child dies in its own init code
  b.destruct_factory(1, 2);                                         // created and called in one transaction: removed
  b.destruct_factory(2, 3);                                         // created, left alive
  b.add(b.any_sender(), Builder::child_address(2, 3), {}, 100000);  // dies later: only the balance moves
  b.add(b.any_sender(), Builder::child_address(2, 3), {}, 100000, uint256(4242));  // runs it again
  b.destruct_factory(2, 3);  // collides with the live child: CREATE2 fails, slot 3 = 0
  b.add(b.any_sender(), Builder::child_address(0, 1), {}, 21000, uint256(999));  // funds the dead address
  b.destruct_factory(0, 1);                                 // recreated over the funded account, and removed again
  b.add(b.any_sender(), addrs::old_suicide(), {}, 100000);  // pre-existing: only its balance moves
  b.add(b.any_sender(), addrs::old_suicide(), {}, 100000, uint256(5000));
  b.add(b.any_sender(), addrs::old_suicide(), {}, 100000);
  // Salts of their own: the scripted children above keep their fate.
  mix(b, 60, 70, [](Builder& x) { x.selfdestruct_kind(20); }, &Builder::hot_kind);
  return b.take();
}

GeneratedBlock mid_block_creation_block(uint64_t seed) {
  Builder b(seed);
  const Address creator = addrs::sender(0);
  const Address first = create_address(creator, 0);
  b.add(addrs::sender(1), first, {}, 21000, uint256(31337));  // funds the address before the code exists
  b.add(addrs::sender(2), first, {}, 100000);                 // calls it before: no code, nothing runs
  const Address made = b.create_counter(creator);
  for (int i = 0; i < 5; ++i) b.add(b.any_sender(), made, {}, 100000);
  // A creation whose init code reverts: no contract, but the creator's nonce moves on.
  {
    Asm init;
    init.push(0).push(0).op(OP_REVERT);
    b.add(creator, std::nullopt, init.build(), 100000);
  }
  const Address second = b.create_counter(creator);
  b.add(b.any_sender(), second, {}, 100000);
  const Address by_factory = b.factory_create();
  b.add(b.any_sender(), addrs::create_factory(), word(uint256(1)), 200000);
  b.add(b.any_sender(), by_factory, {}, 100000);
  mix(b, 60, 75, &Builder::creation_kind, &Builder::independent_transfer);
  return b.take();
}

GeneratedBlock coinbase_balance_block(uint64_t seed, size_t txs) {
  Builder b(seed);
  // The coinbase also sends transactions, from an empty balance: the first ones cannot pay
  // until enough fees have come in; each nonce is tried three times (retries: too low).
  const Address cb = addrs::coinbase();
  b.state().set_balance(cb, uint256(0));
  std::vector<uint64_t> cb_nonces = {0, 0, 0, 1, 1, 1, 2, 2, 2};
  size_t next_cb = 0;
  for (size_t i = 0; i < txs; ++i) {
    if (i % 10 == 1 && next_cb < cb_nonces.size()) {
      Transaction& tx = b.add(cb, addrs::sink(), {}, 21000, uint256(0));
      Builder::make_legacy(tx, 21000, kBaseFee);  // zero tip: costs 147000 wei, paid from the fees
      tx.nonce = cb_nonces[next_cb++];
    }
    if (i % 4 == 0)
      b.add(b.any_sender(), addrs::coinbase_probe(), {}, 60000);
    else
      b.coinbase_kind();
  }
  return b.take();
}

GeneratedBlock transient_storage_block(uint64_t seed, size_t txs) {
  Builder b(seed);
  mix(b, txs, 70, &Builder::transient_kind, &Builder::counter_kind);
  return b.take();
}

GeneratedBlock counters_block(uint64_t seed, size_t txs) {
  Builder b(seed);
  mix(b, txs, 75, &Builder::counter_kind, &Builder::independent_transfer);
  return b.take();
}

GeneratedBlock block_gas_limit_block(uint64_t seed) {
  Builder b(seed, 1'500'000);
  // Burners with a 150k limit using about 60k..115k; once less than 150k is left they are
  // rejected while 21k transfers still fit, until even those do not. Some zero-tip ones.
  for (int i = 0; i < 45; ++i) {
    if (b.chance(55)) {
      b.burn(1000 + b.below(1800), 150000);
    } else {
      Transaction& tx = b.add(b.any_sender(), addrs::sink(), {}, 21000, uint256(1));
      if (b.chance(40)) Builder::make_dynamic(tx, 21000, kBaseFee + 3, 0);
    }
  }
  return b.take();
}

GeneratedBlock zero_tip_block(uint64_t seed, size_t txs) {
  Builder b(seed);
  b.state().erase(addrs::coinbase());
  for (size_t i = 0; i < txs; ++i) {
    const uint64_t k = b.below(10);
    Transaction* tx;
    if (k < 5)
      tx = &b.add(b.any_sender(), addrs::sink(), {}, 21000, uint256(1 + b.below(100)));
    else if (k < 7)
      tx = &b.add(b.any_sender(), addrs::coinbase_probe(), {}, 60000);
    else if (k < 9)
      tx = &b.add(b.any_sender(), addrs::counter(), word(uint256(0)), 80000);
    else
      tx = &b.add(b.any_sender(), addrs::coinbase(), {}, 30000);  // a zero-value call: a touch
    if (tx->type == TxType::DynamicFee)
      tx->max_priority_fee_per_gas = uint256(0);
    else
      tx->gas_price = uint256(kBaseFee);
  }
  return b.take();
}

GeneratedBlock random_mix_block(uint64_t seed, size_t txs) {
  Builder b(seed);
  const std::function<void()> kinds[] = {
      [&] { b.hot_kind(); },
      [&] { b.independent_transfer(); },
      [&] { b.reentrant(); },
      [&] { b.nested_failure(); },
      [&] { b.selfdestruct_kind(); },
      [&] { b.creation_kind(); },
      [&] { b.coinbase_kind(); },
      [&] { b.transient_kind(); },
      [&] { b.counter_kind(); },
      [&] { b.burn(b.below(500), 60000); },
      [&] {
        // A nonce gap or a replay: rejected, and the sender's chain is not disturbed.
        Transaction& tx = b.add(b.any_sender(), addrs::sink(), {}, 21000, uint256(5));
        const Address from = tx.sender;
        --b.nonce(from);
        tx.nonce = (b.chance(50) || tx.nonce == 0) ? tx.nonce + 2 : tx.nonce - 1;
      },
  };
  for (size_t i = 0; i < txs; ++i) kinds[b.below(std::size(kinds))]();
  return b.take();
}

}  // namespace warp::difftest
