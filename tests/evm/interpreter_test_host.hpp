// Test-only EvmHost over std::map with an undo journal, plus a helper that runs one message
// the way the transaction layer would (warm sender, recipient and precompiles first).
// Deliberately simple: it is the reference the interpreter tests are checked against.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <utility>
#include <vector>

#include "host/evm_arena.hpp"
#include "kernels/evm/block_context.hpp"
#include "kernels/evm/code.hpp"
#include "kernels/evm/host_concept.hpp"
#include "kernels/evm/interpreter.hpp"
#include "kernels/evm/keccak.hpp"
#include "tests/evm/bytecode_builder.hpp"

namespace warp::test {

inline Address addr(uint64_t n) {
  Address a{};
  for (int i = 0; i < 8; ++i) a.bytes[19 - i] = static_cast<uint8_t>(n >> (8 * i));
  return a;
}

struct TestAccount {
  uint256 balance{};
  uint64_t nonce = 0;
  std::vector<uint8_t> code;
  Hash code_hash = keccak256(nullptr, 0);
  std::map<uint256, uint256> storage;
};

struct TestLog {
  Address address;
  std::vector<Hash> topics;
  std::vector<uint8_t> data;
};

class TestHost {
 public:
  using SlotKey = std::pair<Address, uint256>;

  std::map<Address, TestAccount> accounts;
  std::map<Address, TestAccount> original;  // state at transaction start (sload_original)
  std::map<SlotKey, uint256> transient;
  std::set<Address> warm_accounts;
  std::set<SlotKey> warm_slots;
  std::set<Address> created, touched, destructed;
  std::vector<TestLog> logs;
  BlockContext block_ctx{};
  TxContext tx_ctx{};
  std::vector<std::function<void()>> journal;
  int precompile_calls = 0;
  std::set<SlotKey> prewarm_slots;  // warm at transaction start (an access list)

  // ---- setup ----
  TestAccount& set_account(const Address& a, const uint256& balance, const Bytecode& code = {}, uint64_t nonce = 0) {
    TestAccount& acc = accounts[a];
    acc.balance = balance;
    acc.nonce = nonce;
    acc.code = code.bytes;
    acc.code_hash = keccak256(acc.code.data(), acc.code.size());
    return acc;
  }
  // Starts a transaction: snapshot originals, clear per-transaction sets.
  void begin_tx() {
    original = accounts;
    transient.clear();
    warm_accounts.clear();
    warm_slots = prewarm_slots;
    created.clear();
    touched.clear();
    destructed.clear();
    logs.clear();
    journal.clear();
  }
  uint256 storage_at(const Address& a, const uint256& k) const {
    auto it = accounts.find(a);
    if (it == accounts.end()) return uint256{};
    auto s = it->second.storage.find(k);
    return s == it->second.storage.end() ? uint256{} : s->second;
  }

  // ---- EvmHost ----
  bool account_exists(const Address& a) { return accounts.count(a) != 0; }
  bool account_is_dead(const Address& a) {
    auto it = accounts.find(a);
    return it == accounts.end() || (it->second.nonce == 0 && it->second.balance.is_zero() && it->second.code.empty());
  }
  uint256 balance(const Address& a) { return account_exists(a) ? accounts[a].balance : uint256{}; }
  uint64_t nonce(const Address& a) { return account_exists(a) ? accounts[a].nonce : 0; }
  CodeRef code(const Address& a) {
    CodeRef r{};
    auto it = accounts.find(a);
    if (it == accounts.end()) {
      r.hash = keccak256(nullptr, 0);
      return r;
    }
    r.code = it->second.code.data();
    r.size = it->second.code.size();
    r.hash = it->second.code_hash;
    return r;
  }
  bool create_collision(const Address& a) {
    auto it = accounts.find(a);
    return it != accounts.end() && (it->second.nonce != 0 || !it->second.code.empty() || !it->second.storage.empty());
  }
  void set_nonce(const Address& a, uint64_t n) {
    TestAccount& acc = touch_account(a);
    const uint64_t old = acc.nonce;
    journal.push_back([this, a, old] { accounts[a].nonce = old; });
    acc.nonce = n;
  }
  void transfer(const Address& from, const Address& to, const uint256& v) {
    set_balance(from, balance(from) - v);
    set_balance(to, balance(to) + v);
    touch(to);
  }
  void touch(const Address& a) {
    if (touched.insert(a).second) journal.push_back([this, a] { touched.erase(a); });
  }
  void create_account(const Address& a) {
    TestAccount& acc = touch_account(a);
    TestAccount old = acc;
    journal.push_back([this, a, old] { accounts[a] = old; });
    acc.nonce = 1;
    acc.code.clear();
    acc.code_hash = keccak256(nullptr, 0);
    acc.storage.clear();
    if (created.insert(a).second) journal.push_back([this, a] { created.erase(a); });
    touch(a);
  }
  void set_code(const Address& a, const uint8_t* data, size_t size) {
    TestAccount& acc = touch_account(a);
    std::vector<uint8_t> old = acc.code;
    const Hash old_hash = acc.code_hash;
    journal.push_back([this, a, old, old_hash] {
      accounts[a].code = old;
      accounts[a].code_hash = old_hash;
    });
    acc.code.assign(data, data + size);
    acc.code_hash = keccak256(data, size);
  }
  void selfdestruct(const Address& a, const Address& b) {
    const uint256 bal = balance(a);
    set_balance(a, uint256{});
    set_balance(b, balance(b) + bal);
    if (created.count(a) != 0) {
      set_balance(a, uint256{});
      if (destructed.insert(a).second) journal.push_back([this, a] { destructed.erase(a); });
    }
    touch(b);
  }

  uint256 sload(const Address& a, const uint256& k) { return storage_at(a, k); }
  uint256 sload_original(const Address& a, const uint256& k) {
    auto it = original.find(a);
    if (it == original.end() || created.count(a) != 0) return uint256{};
    auto s = it->second.storage.find(k);
    return s == it->second.storage.end() ? uint256{} : s->second;
  }
  void sstore(const Address& a, const uint256& k, const uint256& v) {
    TestAccount& acc = touch_account(a);
    const uint256 old = storage_at(a, k);
    journal.push_back([this, a, k, old] { put_slot(a, k, old); });
    put_slot(a, k, v);
    static_cast<void>(acc);
  }
  uint256 tload(const Address& a, const uint256& k) {
    auto it = transient.find({a, k});
    return it == transient.end() ? uint256{} : it->second;
  }
  void tstore(const Address& a, const uint256& k, const uint256& v) {
    const uint256 old = tload(a, k);
    journal.push_back([this, a, k, old] { transient[{a, k}] = old; });
    transient[{a, k}] = v;
  }
  bool access_account(const Address& a) {
    if (!warm_accounts.insert(a).second) return true;
    journal.push_back([this, a] { warm_accounts.erase(a); });
    return false;
  }
  bool access_storage(const Address& a, const uint256& k) {
    if (!warm_slots.insert({a, k}).second) return true;
    journal.push_back([this, a, k] { warm_slots.erase({a, k}); });
    return false;
  }
  void emit_log(const Address& a, const Hash* topics, size_t n, const uint8_t* data, size_t size) {
    logs.push_back(TestLog{a, std::vector<Hash>(topics, topics + n), std::vector<uint8_t>(data, data + size)});
    journal.push_back([this] { logs.pop_back(); });
  }
  Hash block_hash(uint64_t n) {
    uint8_t b[8];
    for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(n >> (8 * i));
    return keccak256(b, 8);
  }
  const BlockContext& block() { return block_ctx; }
  const TxContext& tx() { return tx_ctx; }

  // Precompiles 0x01..0x0a exist; only IDENTITY (0x04) is implemented here.
  bool is_precompile(const Address& a) {
    for (int i = 0; i < 19; ++i)
      if (a.bytes[i] != 0) return false;
    return a.bytes[19] >= 1 && a.bytes[19] <= 0x0a;
  }
  CallResult call_precompile(const Message& m) {
    ++precompile_calls;
    CallResult r;
    if (m.code_address != addr(4)) {
      r.status = EvmStatus::PrecompileFailure;
      return r;
    }
    const int64_t cost = 15 + 3 * static_cast<int64_t>((m.input_size + 31) / 32);
    if (m.gas < cost) {
      r.status = EvmStatus::OutOfGas;
      return r;
    }
    precompile_output.assign(m.input, m.input + m.input_size);
    r.gas_left = m.gas - cost;
    r.output = precompile_output.data();
    r.output_size = precompile_output.size();
    return r;
  }

  uint32_t checkpoint() { return static_cast<uint32_t>(journal.size()); }
  void revert_to(uint32_t cp) {
    while (journal.size() > cp) {
      auto undo = std::move(journal.back());
      journal.pop_back();
      undo();
    }
  }

 private:
  std::vector<uint8_t> precompile_output;

  TestAccount& touch_account(const Address& a) {
    auto it = accounts.find(a);
    if (it != accounts.end()) return it->second;
    journal.push_back([this, a] { accounts.erase(a); });
    return accounts[a];
  }
  void set_balance(const Address& a, const uint256& v) {
    TestAccount& acc = touch_account(a);
    const uint256 old = acc.balance;
    journal.push_back([this, a, old] { accounts[a].balance = old; });
    acc.balance = v;
  }
  void put_slot(const Address& a, const uint256& k, const uint256& v) {
    if (v.is_zero())
      accounts[a].storage.erase(k);
    else
      accounts[a].storage[k] = v;
  }
};

static_assert(EvmHost<TestHost>);

inline const Address kSender = addr(0x5e4d);
inline const Address kContract = addr(0xc0de);

struct RunResult {
  CallResult result;
  int64_t gas_used = 0;
  std::vector<uint8_t> output;
};

// Runs `msg` as the transaction layer would: warm sender, recipient and precompiles.
inline RunResult run_message(TestHost& host, EvmArena& arena, const Message& msg) {
  host.begin_tx();
  host.access_account(msg.sender);
  host.access_account(msg.recipient);
  for (uint64_t i = 1; i <= 0x0a; ++i) host.access_account(addr(i));
  host.journal.clear();  // the warm-up is not something a revert may undo
  RunResult r;
  r.result = execute_message<Fork::Cancun>(host, msg, arena.view());
  r.gas_used = msg.gas - r.result.gas_left;
  if (r.result.output_size != 0) r.output.assign(r.result.output, r.result.output + r.result.output_size);
  return r;
}

// Installs `code` at kContract and calls it from kSender with `gas`.
inline RunResult run_code(TestHost& host, EvmArena& arena, const Bytecode& code, int64_t gas = 1'000'000,
                          const uint256& value = uint256{}, const std::vector<uint8_t>& input = {}) {
  if (!host.account_exists(kSender)) host.set_account(kSender, uint256(1'000'000'000'000ull));
  host.set_account(kContract, host.balance(kContract), code, host.nonce(kContract));
  Message m;
  m.kind = CallKind::Call;
  m.gas = gas;
  m.recipient = kContract;
  m.code_address = kContract;
  m.sender = kSender;
  m.value = value;
  m.input = input.data();
  m.input_size = input.size();
  return run_message(host, arena, m);
}

inline uint256 output_word(const RunResult& r) {
  return r.output.size() >= 32 ? uint256::from_be_bytes(r.output.data(), 32) : uint256::max();
}

}  // namespace warp::test
