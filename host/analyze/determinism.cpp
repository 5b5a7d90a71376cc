#include "host/analyze/determinism.hpp"

#include <algorithm>
#include <chrono>

#include "host/log.hpp"
#include "host/tx/validation.hpp"
#include "state/bytes.hpp"

namespace warp {

namespace {

constexpr size_t kThreadCycle[] = {1, 2, 4, 8};

// splitmix64: distinct, non-zero chaos seeds from (seed, executor, run) without a table.
uint64_t derive_seed(uint64_t seed, size_t executor, size_t run) {
  uint64_t x = seed + 0x9e3779b97f4a7c15ull * (executor * 1000003 + run + 1);
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  x ^= x >> 31;
  return x == 0 ? 1 : x;
}

std::string rejection_of(const Receipt& r) { return r.rejection ? rejection_name(r.rejection->code) : "none"; }

std::string address_of(const std::optional<Address>& a) { return a ? to_hex0x(*a) : std::string("none"); }

// The first field in which two receipts of one transaction differ, as one line; empty when equal.
std::string receipt_difference(const Receipt& e, const Receipt& g) {
  auto line = [](const char* field, const std::string& want, const std::string& have) {
    return std::string(field) + " " + have + ", reference " + want;
  };
  if (e.included() != g.included()) return line("included", e.included() ? "yes" : "no", g.included() ? "yes" : "no");
  if (rejection_of(e) != rejection_of(g)) return line("rejection", rejection_of(e), rejection_of(g));
  if (e.error != g.error) return line("error", '"' + e.error + '"', '"' + g.error + '"');
  if (e.status != g.status) return line("status", to_string(e.status), to_string(g.status));
  if (e.gas_used != g.gas_used) return line("gas_used", std::to_string(e.gas_used), std::to_string(g.gas_used));
  if (e.cumulative_gas_used != g.cumulative_gas_used)
    return line("cumulative_gas_used", std::to_string(e.cumulative_gas_used), std::to_string(g.cumulative_gas_used));
  if (e.blob_gas_used != g.blob_gas_used)
    return line("blob_gas_used", std::to_string(e.blob_gas_used), std::to_string(g.blob_gas_used));
  if (e.logs.size() != g.logs.size())
    return line("log count", std::to_string(e.logs.size()), std::to_string(g.logs.size()));
  for (size_t k = 0; k < e.logs.size(); ++k)
    if (e.logs[k] != g.logs[k]) return "log " + std::to_string(k) + " differs (address, topics or data)";
  if (e.contract_address != g.contract_address)
    return line("contract_address", address_of(e.contract_address), address_of(g.contract_address));
  return {};
}

// The lowest slot whose value differs between two storages (absent = zero).
std::optional<uint256> first_differing_slot(const Storage& e, const Storage& g) {
  std::optional<uint256> lowest;
  auto consider = [&lowest](const uint256& slot) {
    if (!lowest || slot < *lowest) lowest = slot;
  };
  for (const auto& [slot, value] : e) {
    const auto it = g.find(slot);
    if (it == g.end() || it->second != value) consider(slot);
  }
  for (const auto& [slot, value] : g)
    if (!e.count(slot)) consider(slot);
  return lowest;
}

std::string account_difference(const Account& e, const Account& g) {
  if (e.nonce != g.nonce) return "nonce " + std::to_string(g.nonce) + ", reference " + std::to_string(e.nonce);
  if (e.balance != g.balance) return "balance " + hex_quantity(g.balance) + ", reference " + hex_quantity(e.balance);
  if (e.code_hash != g.code_hash || e.code != g.code)
    return "code hash " + to_hex0x(g.code_hash) + ", reference " + to_hex0x(e.code_hash);
  if (const auto slot = first_differing_slot(e.storage, g.storage)) {
    auto value = [&s = *slot](const Storage& st) {
      const auto it = st.find(s);
      return it == st.end() ? uint256{} : it->second;
    };
    return "storage slot " + hex_quantity(*slot) + " = " + hex_quantity(value(g.storage)) + ", reference " +
           hex_quantity(value(e.storage));
  }
  return {};
}

// The lowest address at which the two states differ, with what differs; empty when equal.
std::string state_difference(const State& expected, const State& got) {
  std::optional<Address> lowest;
  auto consider = [&lowest](const Address& a) {
    if (!lowest || a < *lowest) lowest = a;
  };
  for (const auto& [address, account] : expected.accounts()) {
    const Account* other = got.find(address);
    if (!other || !account_difference(account, *other).empty()) consider(address);
  }
  for (const auto& [address, account] : got.accounts())
    if (!expected.exists(address)) consider(address);
  if (!lowest) return {};
  const Account* e = expected.find(*lowest);
  const Account* g = got.find(*lowest);
  const std::string where = "post-state account " + to_hex0x(*lowest) + ": ";
  if (!g) return where + "missing";
  if (!e) return where + "present, absent in the reference";
  return where + account_difference(*e, *g);
}

DeterminismRun timed_run(const std::string& name, size_t threads, uint64_t chaos_seed, const AnalysisBlock& block,
                         State& state, BlockResult& result) {
  const auto executor = make_executor(name, threads, chaos_seed);
  const auto t0 = std::chrono::steady_clock::now();
  result = executor->execute(state, block.txs, block.env, block.fork);
  DeterminismRun run;
  run.executor = name;
  run.threads = threads;
  run.chaos_seed = chaos_seed;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  run.sequential_fallback = executor->stats().sequential_fallback;
  return run;
}

}  // namespace

std::optional<Divergence> first_divergence(const BlockResult& expected, const State& expected_post,
                                           const BlockResult& got, const State& got_post) {
  auto found = [](std::optional<size_t> tx, std::string what) {
    Divergence d;
    d.tx = tx;
    d.what = std::move(what);
    return std::optional<Divergence>(std::move(d));
  };
  const size_t n = std::min(expected.receipts.size(), got.receipts.size());
  for (size_t i = 0; i < n; ++i) {
    std::string d = receipt_difference(expected.receipts[i], got.receipts[i]);
    if (!d.empty()) return found(i, "receipt " + d);
  }
  if (expected.receipts.size() != got.receipts.size())
    return found(
        n, std::to_string(got.receipts.size()) + " receipts, reference " + std::to_string(expected.receipts.size()));
  if (expected.gas_used != got.gas_used)
    return found(std::nullopt,
                 "block gas_used " + std::to_string(got.gas_used) + ", reference " + std::to_string(expected.gas_used));
  if (expected.blob_gas_used != got.blob_gas_used)
    return found(std::nullopt, "block blob_gas_used " + std::to_string(got.blob_gas_used) + ", reference " +
                                   std::to_string(expected.blob_gas_used));
  if (expected.rejected != got.rejected)
    return found(std::nullopt,
                 std::to_string(got.rejected) + " rejected, reference " + std::to_string(expected.rejected));
  if (expected.logs_hash != got.logs_hash)
    return found(std::nullopt, "logs hash " + to_hex0x(got.logs_hash) + ", reference " + to_hex0x(expected.logs_hash));
  // The post-state before the root: it names the account, the root only says that one differs.
  std::string d = state_difference(expected_post, got_post);
  if (!d.empty()) return found(std::nullopt, std::move(d));
  if (expected.state_root != got.state_root)
    return found(std::nullopt,
                 "state root " + to_hex0x(got.state_root) + ", reference " + to_hex0x(expected.state_root));
  return std::nullopt;
}

DeterminismReport check_determinism(const AnalysisBlock& block, const DeterminismOptions& options) {
  std::vector<std::string> names = options.executors;
  if (names.empty())
    for (std::string& name : executor_names())
      if (name != "sequential") names.push_back(std::move(name));

  DeterminismReport report;
  State reference_post = block.pre;
  BlockResult reference;
  report.reference = timed_run("sequential", 1, 0, block, reference_post, reference);

  for (size_t e = 0; e < names.size(); ++e) {
    for (size_t r = 0; r < options.runs_per_executor; ++r) {
      const size_t threads = kThreadCycle[r % std::size(kThreadCycle)];
      const uint64_t chaos = r == 0 ? 0 : derive_seed(options.seed, e, r);
      State post = block.pre;
      BlockResult result;
      report.runs.push_back(timed_run(names[e], threads, chaos, block, post, result));
      if (auto d = first_divergence(reference, reference_post, result, post)) {
        d->run = report.runs.size() - 1;
        report.divergences.push_back(std::move(*d));
      }
    }
  }
  return report;
}

}  // namespace warp
