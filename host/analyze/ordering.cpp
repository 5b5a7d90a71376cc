#include "host/analyze/ordering.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <utility>

#include "host/log.hpp"
#include "host/tx/validation.hpp"
#include "kernels/evm/exec_context.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/bytes.hpp"

namespace warp {

namespace {

// One order of the pair on its own copy of the prefix state; the accounts it changed are the
// keys of `touched` (their before-images).
struct OrderRun {
  State state;
  State::BeforeImages touched;
  Receipt first;   // the block's lower-index transaction
  Receipt second;  // the higher one
};

OrderRun run_order(const State& prefix, const AnalysisBlock& block, uint32_t i, uint32_t j, bool j_first,
                   BlockUsage usage, TransitionScratch& scratch) {
  OrderRun run{prefix, {}, {}, {}};
  run.state.record_before_images(&run.touched);
  auto apply = [&](uint32_t k) {
    Receipt r = apply_transaction(run.state, block.txs[k], block.env, block.fork, usage, scratch);
    count_usage(usage, r);
    return r;
  };
  if (j_first) {
    run.second = apply(j);
    run.first = apply(i);
  } else {
    run.first = apply(i);
    run.second = apply(j);
  }
  run.state.record_before_images(nullptr);
  return run;
}

void compare_receipts(uint32_t tx, const Receipt& a, const Receipt& b, std::vector<ReceiptChange>& out) {
  auto field = [&](const char* name, std::string in_a, std::string in_b) {
    if (in_a != in_b) out.push_back({tx, name, std::move(in_a), std::move(in_b)});
  };
  field("included", a.included() ? "yes" : "no", b.included() ? "yes" : "no");
  field("rejection", a.rejection ? rejection_name(a.rejection->code) : "none",
        b.rejection ? rejection_name(b.rejection->code) : "none");
  field("status", to_string(a.status), to_string(b.status));
  field("gas_used", std::to_string(a.gas_used), std::to_string(b.gas_used));
  if (a.logs != b.logs)
    out.push_back({tx, "logs", std::to_string(a.logs.size()) + " logs", std::to_string(b.logs.size()) + " logs"});
  auto address = [](const std::optional<Address>& x) { return x ? to_hex0x(*x) : std::string("none"); };
  field("contract_address", address(a.contract_address), address(b.contract_address));
}

// Every field of every account either order changed, where the two final states disagree.
std::vector<KeyChange> compare_touched(const OrderRun& a, const OrderRun& b) {
  std::set<Address> addresses;
  for (const auto& [address, image] : a.touched) addresses.insert(address);
  for (const auto& [address, image] : b.touched) addresses.insert(address);
  std::vector<KeyChange> out;
  auto compare = [&](const StateKey& key) {
    const StateValue va = base_value(a.state, key), vb = base_value(b.state, key);
    if (va != vb) out.push_back({key, va, vb});
  };
  for (const Address& address : addresses) {
    compare(StateKey::existence(address));
    compare(StateKey::balance(address));
    compare(StateKey::nonce(address));
    compare(StateKey::code_hash(address));
    std::set<uint256> slots;
    for (const State* s : {&a.state, &b.state})
      if (const Account* acc = s->find(address))
        for (const auto& [slot, value] : acc->storage) slots.insert(slot);
    for (const uint256& slot : slots) compare(StateKey::storage(address, slot));
  }
  std::sort(out.begin(), out.end(), [](const KeyChange& x, const KeyChange& y) { return x.key < y.key; });
  return out;
}

struct Flows {
  uint256 received_a{}, sent_a{}, received_b{}, sent_b{};
};

void add_transfers(const Receipt& r, bool order_b, std::map<std::pair<Address, Address>, Flows>& flows) {
  for (const Log& log : r.logs) {
    if (log.topics.size() != 3 || log.topics[0] != erc20_transfer_topic() || log.data.size() != 32) continue;
    const uint256 amount = uint256::from_be_bytes(log.data.data(), 32);
    Flows& from = flows[{log.address, word_to_address(uint256::from_hash(log.topics[1]))}];
    Flows& to = flows[{log.address, word_to_address(uint256::from_hash(log.topics[2]))}];
    (order_b ? from.sent_b : from.sent_a) += amount;
    (order_b ? to.received_b : to.received_a) += amount;
  }
}

std::vector<TokenEffect> token_effects(const OrderRun& a, const OrderRun& b) {
  std::map<std::pair<Address, Address>, Flows> flows;
  add_transfers(a.first, false, flows);
  add_transfers(a.second, false, flows);
  add_transfers(b.first, true, flows);
  add_transfers(b.second, true, flows);
  std::vector<TokenEffect> out;
  for (const auto& [where, f] : flows) {
    // net_b - net_a = (received_b + sent_a) - (sent_b + received_a), kept unsigned.
    const uint256 x = f.received_b + f.sent_a, y = f.sent_b + f.received_a;
    if (x == y) continue;
    TokenEffect e;
    e.token = where.first;
    e.holder = where.second;
    e.received_a = f.received_a;
    e.sent_a = f.sent_a;
    e.received_b = f.received_b;
    e.sent_b = f.sent_b;
    e.more_when_second_first = x > y;
    e.difference = x > y ? x - y : y - x;
    out.push_back(e);
  }
  return out;
}

std::vector<EthEffect> eth_effects(const std::vector<KeyChange>& changes) {
  std::vector<EthEffect> out;
  for (const KeyChange& c : changes) {
    if (c.key.kind != KeyKind::Balance) continue;
    EthEffect e;
    e.account = c.key.address;
    e.balance_a = c.in_a.word;
    e.balance_b = c.in_b.word;
    e.more_when_second_first = e.balance_b > e.balance_a;
    e.difference = e.more_when_second_first ? e.balance_b - e.balance_a : e.balance_a - e.balance_b;
    out.push_back(e);
  }
  return out;
}

// Differences that follow from gas alone: gas_used in receipts, and the balances that pay for
// it (the two senders) or earn from it (the coinbase).
bool only_gas(const OrderingFinding& f, const AnalysisBlock& block) {
  if (!f.token_effects.empty()) return false;
  for (const ReceiptChange& c : f.receipt_changes)
    if (c.field != "gas_used") return false;
  const Address payers[] = {block.txs[f.first].sender, block.txs[f.second].sender, block.env.context.coinbase};
  for (const KeyChange& c : f.key_changes) {
    if (c.key.kind != KeyKind::Balance) return false;
    if (std::find(std::begin(payers), std::end(payers), c.key.address) == std::end(payers)) return false;
  }
  return true;
}

std::string explain(const OrderingFinding& f) {
  const std::string first = "tx " + std::to_string(f.first), second = "tx " + std::to_string(f.second);
  const std::string when_b = "when " + second + " goes first";
  if (f.gas_only) {
    for (const ReceiptChange& c : f.receipt_changes)
      return "only gas differs: tx " + std::to_string(c.tx) + " uses " + c.in_a + " gas in block order, " + c.in_b +
             " " + when_b;
    return "only gas differs";
  }
  if (!f.token_effects.empty()) {
    const TokenEffect* top = &f.token_effects.front();
    for (const TokenEffect& e : f.token_effects)
      if (top->difference < e.difference) top = &e;
    return to_hex0x(top->holder) + " gets " + decimal_string(top->difference) + " more of token " +
           to_hex0x(top->token) + " when " + (top->more_when_second_first ? second : first) + " goes first";
  }
  for (const ReceiptChange& c : f.receipt_changes)
    if (c.field == "included" || c.field == "rejection" || c.field == "status")
      return "tx " + std::to_string(c.tx) + " " + c.field + " is " + c.in_a + " in block order, " + c.in_b + " " +
             when_b;
  for (const ReceiptChange& c : f.receipt_changes)
    if (c.field == "logs") return "tx " + std::to_string(c.tx) + " emits different logs " + when_b;
  for (const KeyChange& c : f.key_changes)
    if (c.key.kind == KeyKind::StorageSlot)
      return "storage slot " + hex_quantity(c.key.slot) + " of " + to_hex0x(c.key.address) + " ends " +
             hex_quantity(c.in_a.word) + " in block order, " + hex_quantity(c.in_b.word) + " " + when_b;
  if (!f.eth_effects.empty()) {
    const EthEffect& e = f.eth_effects.front();
    return to_hex0x(e.account) + " ends with " + decimal_string(e.difference) + " wei more when " +
           (e.more_when_second_first ? second : first) + " goes first";
  }
  if (!f.key_changes.empty()) return to_hex0x(f.key_changes.front().key.address) + " ends differently " + when_b;
  for (const ReceiptChange& c : f.receipt_changes)
    return "tx " + std::to_string(c.tx) + " " + c.field + " is " + c.in_a + " in block order, " + c.in_b + " " + when_b;
  return {};
}

}  // namespace

const Hash& erc20_transfer_topic() {
  static const Hash topic = [] {
    static constexpr char kSignature[] = "Transfer(address,address,uint256)";
    return keccak256(reinterpret_cast<const uint8_t*>(kSignature), sizeof(kSignature) - 1);
  }();
  return topic;
}

std::vector<ConflictEdge> conflict_edges(const AnalysisBlock& block) {
  const auto executor = make_executor("cpu", 2);
  executor->set_record_conflicts(true);
  State state = block.pre;
  executor->execute(state, block.txs, block.env, block.fork);
  std::vector<ConflictEdge> edges = executor->conflicts();
  auto tie = [](const ConflictEdge& e) { return std::make_tuple(e.from, e.to, e.key, e.kind); };
  std::sort(edges.begin(), edges.end(), [&](const ConflictEdge& x, const ConflictEdge& y) { return tie(x) < tie(y); });
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [&](const ConflictEdge& x, const ConflictEdge& y) { return tie(x) == tie(y); }),
              edges.end());
  return edges;
}

OrderingReport analyze_ordering(const AnalysisBlock& block, std::span<const ConflictEdge> edges,
                                const OrderingOptions& options) {
  std::map<std::pair<uint32_t, uint32_t>, std::vector<StateKey>> pairs;
  const size_t n = block.txs.size();
  for (const ConflictEdge& e : edges) {
    if (e.from == e.to || e.from >= n || e.to >= n) continue;
    pairs[{std::min(e.from, e.to), std::max(e.from, e.to)}].push_back(e.key);
  }

  OrderingReport report;
  report.conflicting_pairs = pairs.size();
  TransitionScratch scratch;
  // One running prefix, advanced through the block as the pairs' lower index grows.
  State prefix = block.pre;
  BlockUsage usage;
  uint32_t applied = 0;
  for (auto& [pair, keys] : pairs) {
    const auto [i, j] = pair;
    if (block.txs[i].sender == block.txs[j].sender) {
      ++report.same_sender_pairs;
      continue;
    }
    if (report.pairs_checked == options.max_pairs) {
      ++report.pairs_skipped;
      continue;
    }
    for (; applied < i; ++applied)
      count_usage(usage, apply_transaction(prefix, block.txs[applied], block.env, block.fork, usage, scratch));
    ++report.pairs_checked;
    const OrderRun a = run_order(prefix, block, i, j, false, usage, scratch);
    const OrderRun b = run_order(prefix, block, i, j, true, usage, scratch);

    OrderingFinding f;
    f.first = i;
    f.second = j;
    compare_receipts(i, a.first, b.first, f.receipt_changes);
    compare_receipts(j, a.second, b.second, f.receipt_changes);
    f.key_changes = compare_touched(a, b);
    if (f.receipt_changes.empty() && f.key_changes.empty()) continue;
    f.token_effects = token_effects(a, b);
    f.eth_effects = eth_effects(f.key_changes);
    f.gas_only = only_gas(f, block);
    if (f.gas_only) {
      ++report.gas_only_pairs;
      if (!options.include_gas_only) continue;
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    f.shared_keys = std::move(keys);
    f.explanation = explain(f);
    report.findings.push_back(std::move(f));
  }
  return report;
}

}  // namespace warp
