#include "tests/differential/differential_util.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "host/log.hpp"
#include "state/bytes.hpp"

namespace warp::difftest {

namespace {

// Thread counts and chaos seeds every parallel executor is run with. Eight threads on a
// small machine oversubscribe it on purpose: preemption at odd points is more chaos.
constexpr size_t kThreadCounts[] = {1, 2, 4, 8};
constexpr uint64_t kChaosSeeds[] = {0x5eed0001, 0xc4a05002};

std::string hex(const uint256& v) {
  char buf[67];
  v.to_hex(buf);
  return buf;
}

std::string describe(const Log& log) {
  std::ostringstream s;
  s << "{address " << to_hex0x(log.address) << ", topics [";
  for (size_t i = 0; i < log.topics.size(); ++i) s << (i ? ", " : "") << to_hex0x(log.topics[i]);
  s << "], data " << to_hex0x(ByteView(log.data)) << "}";
  return s.str();
}

std::string describe(const std::vector<Log>& logs) {
  std::string out = std::to_string(logs.size()) + " logs";
  for (const Log& l : logs) out += "\n      " + describe(l);
  return out;
}

std::string describe_rejection(const Receipt& r) {
  if (!r.rejection) return "none";
  return std::string(rejection_name(r.rejection->code)) + " (" + r.rejection->message + ")";
}

std::string describe_address(const std::optional<Address>& a) { return a ? to_hex0x(*a) : std::string("none"); }

// The differences between two receipts of the same transaction, one line each; empty when equal.
std::vector<std::string> receipt_differences(const Receipt& e, const Receipt& g) {
  std::vector<std::string> d;
  auto field = [&d](const char* name, const std::string& want, const std::string& have) {
    if (want != have) d.push_back(std::string(name) + ": expected " + want + ", got " + have);
  };
  field("included", e.included() ? "yes" : "no", g.included() ? "yes" : "no");
  field("rejection", describe_rejection(e), describe_rejection(g));
  field("error", '"' + e.error + '"', '"' + g.error + '"');
  field("unsupported_precompile", e.unsupported_precompile ? e.unsupported_precompile : "none",
        g.unsupported_precompile ? g.unsupported_precompile : "none");
  field("status", to_string(e.status), to_string(g.status));
  field("gas_used", std::to_string(e.gas_used), std::to_string(g.gas_used));
  field("cumulative_gas_used", std::to_string(e.cumulative_gas_used), std::to_string(g.cumulative_gas_used));
  field("blob_gas_used", std::to_string(e.blob_gas_used), std::to_string(g.blob_gas_used));
  if (e.logs != g.logs) d.push_back("logs: expected " + describe(e.logs) + "\n    got " + describe(g.logs));
  field("contract_address", describe_address(e.contract_address), describe_address(g.contract_address));
  return d;
}

std::string describe_account_difference(const Account& e, const Account& g) {
  if (e.nonce != g.nonce) return "nonce: expected " + std::to_string(e.nonce) + ", got " + std::to_string(g.nonce);
  if (e.balance != g.balance) return "balance: expected " + hex(e.balance) + ", got " + hex(g.balance);
  if (e.code_hash != g.code_hash || e.code != g.code)
    return "code: expected hash " + to_hex0x(e.code_hash) + " (" + std::to_string(e.code.size()) + " bytes), got " +
           to_hex0x(g.code_hash) + " (" + std::to_string(g.code.size()) + " bytes)";
  for (const auto& [slot, value] : e.storage) {
    const auto it = g.storage.find(slot);
    if (it == g.storage.end()) return "storage " + hex(slot) + ": expected " + hex(value) + ", got absent (0)";
    if (it->second != value) return "storage " + hex(slot) + ": expected " + hex(value) + ", got " + hex(it->second);
  }
  for (const auto& [slot, value] : g.storage)
    if (!e.storage.count(slot)) return "storage " + hex(slot) + ": expected absent (0), got " + hex(value);
  return {};
}

}  // namespace

bool expect_same_result(const BlockResult& expected, const BlockResult& got, const std::string& label) {
  bool same = true;
  if (got.receipts.size() != expected.receipts.size()) {
    ADD_FAILURE() << label << ": " << got.receipts.size() << " receipts, expected " << expected.receipts.size();
    same = false;
  }
  const size_t n = std::min(got.receipts.size(), expected.receipts.size());
  size_t differing = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::vector<std::string> d = receipt_differences(expected.receipts[i], got.receipts[i]);
    if (d.empty()) continue;
    // The first differing transaction in full; later ones are usually its consequences.
    if (differing++ == 0) {
      std::string msg = label + ": first differing receipt is transaction " + std::to_string(i) + ":";
      for (const std::string& line : d) msg += "\n    " + line;
      ADD_FAILURE() << msg;
    }
    same = false;
  }
  if (differing > 1) ADD_FAILURE() << label << ": " << differing << " receipts differ in all";

  if (got.gas_used != expected.gas_used) {
    ADD_FAILURE() << label << ": block gas_used " << got.gas_used << ", expected " << expected.gas_used;
    same = false;
  }
  if (got.blob_gas_used != expected.blob_gas_used) {
    ADD_FAILURE() << label << ": block blob_gas_used " << got.blob_gas_used << ", expected " << expected.blob_gas_used;
    same = false;
  }
  if (got.rejected != expected.rejected) {
    ADD_FAILURE() << label << ": " << got.rejected << " rejected, expected " << expected.rejected;
    same = false;
  }
  if (got.logs_hash != expected.logs_hash) {
    ADD_FAILURE() << label << ": logs hash " << to_hex0x(got.logs_hash) << ", expected "
                  << to_hex0x(expected.logs_hash);
    same = false;
  }
  if (got.state_root != expected.state_root) {
    ADD_FAILURE() << label << ": state root " << to_hex0x(got.state_root) << ", expected "
                  << to_hex0x(expected.state_root);
    same = false;
  }
  return same;
}

bool expect_same_state(const State& expected, const State& got, const std::string& label) {
  for (const auto& [address, account] : expected.accounts()) {
    const Account* other = got.find(address);
    if (!other) {
      ADD_FAILURE() << label << ": account " << to_hex0x(address) << " missing from the post-state";
      return false;
    }
    const std::string d = describe_account_difference(account, *other);
    if (!d.empty()) {
      ADD_FAILURE() << label << ": account " << to_hex0x(address) << " differs, " << d;
      return false;
    }
  }
  for (const auto& [address, account] : got.accounts()) {
    if (!expected.exists(address)) {
      ADD_FAILURE() << label << ": unexpected account " << to_hex0x(address) << " in the post-state (balance "
                    << hex(account.balance) << ", nonce " << account.nonce << ")";
      return false;
    }
  }
  return true;
}

std::vector<std::string> parallel_executor_names() {
  std::vector<std::string> out;
  for (std::string& name : executor_names())
    if (name != "sequential") out.push_back(std::move(name));
  return out;
}

ReferenceRun run_all_executors(const State& pre_state, std::span<const Transaction> txs, const BlockEnv& env,
                               Fork fork) {
  ReferenceRun ref;
  ref.post_state = pre_state;
  {
    const auto sequential = make_executor("sequential", 1);
    ref.result = sequential->execute(ref.post_state, txs, env, fork);
  }
  // The root is a function of the post-state: a reference whose own root disagrees would
  // make every comparison below meaningless.
  EXPECT_EQ(ref.result.state_root, ref.post_state.state_root()) << "sequential: root is not the post-state's";
  EXPECT_EQ(ref.result.receipts.size(), txs.size()) << "sequential: one receipt per transaction";

  for (const std::string& name : parallel_executor_names()) {
    uint64_t reexecutions = 0, aborts = 0, fallbacks = 0;
    std::string last_fallback;
    for (size_t threads : kThreadCounts) {
      const uint64_t seeds[] = {0, kChaosSeeds[0], kChaosSeeds[1]};
      for (uint64_t seed : seeds) {
        const std::string label = name + " threads=" + std::to_string(threads) + " chaos_seed=" + std::to_string(seed);
        const auto executor = make_executor(name, threads, seed);
        State state = pre_state;
        const BlockResult got = executor->execute(state, txs, env, fork);
        const bool same = expect_same_result(ref.result, got, label);
        // The post-state itself, not just its root: names the account that differs.
        if (!expect_same_state(ref.post_state, state, label) || !same) return ref;  // one report per block
        const ExecutorStats& st = executor->stats();
        reexecutions += st.reexecutions;
        aborts += st.aborts;
        fallbacks += st.sequential_fallback ? 1 : 0;
        if (st.sequential_fallback) last_fallback = st.fallback_reason;
      }
    }
    const size_t runs = std::size(kThreadCounts) * (1 + std::size(kChaosSeeds));
    std::printf("  [%s] %zu txs x %zu runs: %llu re-executions, %llu aborts, %llu sequential fallbacks\n", name.c_str(),
                txs.size(), runs, static_cast<unsigned long long>(reexecutions),
                static_cast<unsigned long long>(aborts), static_cast<unsigned long long>(fallbacks));
    if (fallbacks > 0) std::printf("    last fallback: %s\n", last_fallback.c_str());
  }
  return ref;
}

}  // namespace warp::difftest
