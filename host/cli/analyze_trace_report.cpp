#include "host/cli/analyze_trace_report.hpp"

#include <sstream>

#include "state/bytes.hpp"

namespace warp::cli {

namespace {

nlohmann::json selector_json(const std::optional<uint32_t>& s) {
  return s ? nlohmann::json(selector_hex(*s)) : nullptr;
}

nlohmann::json slots_json(const std::vector<uint256>& slots) {
  nlohmann::json out = nlohmann::json::array();
  for (const uint256& s : slots) out.push_back(hex_quantity(s));
  return out;
}

}  // namespace

nlohmann::json reentrancy_json(const ReentrancyReport& r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const ReentrancyFinding& f : r.findings)
    findings.push_back({{"tx", f.tx},
                        {"kind", to_string(f.kind)},
                        {"contract", to_hex0x(f.contract)},
                        {"code", to_hex0x(f.code)},
                        {"outer_selector", selector_json(f.outer_selector)},
                        {"inner_selector", selector_json(f.inner_selector)},
                        {"called", to_hex0x(f.called)},
                        {"outer_depth", f.outer_depth},
                        {"inner_depth", f.inner_depth},
                        {"slots_written_after_call", slots_json(f.written_after)},
                        {"stale_slots", slots_json(f.stale)},
                        {"explanation", f.explanation}});
  return {{"transactions_traced", r.transactions_traced},
          {"reentries", r.reentries},
          {"safe_reentries", r.safe_reentries},
          {"repeated_reentries", r.repeated_reentries},
          {"findings", std::move(findings)}};
}

std::string reentrancy_text(const ReentrancyReport& r) {
  std::ostringstream out;
  out << "reentrancy: " << r.findings.size() << " finding(s); " << r.reentries << " re-entries in "
      << r.transactions_traced << " traced transactions, " << r.safe_reentries
      << " without stale state (or not standing)";
  if (r.repeated_reentries > 0) out << ", " << r.repeated_reentries << " repeating a finding below";
  out << '\n';
  for (const ReentrancyFinding& f : r.findings)
    out << "  tx " << f.tx << " [" << to_string(f.kind) << "] " << to_hex0x(f.contract) << ": " << f.explanation
        << '\n';
  return out.str();
}

nlohmann::json gas_json(const GasReport& r) {
  nlohmann::json griefing = nlohmann::json::array(), loops = nlohmann::json::array();
  for (const GriefingFinding& g : r.griefing)
    griefing.push_back({{"tx", g.tx},
                        {"caller", to_hex0x(g.caller)},
                        {"callee", to_hex0x(g.callee)},
                        {"selector", selector_json(g.selector)},
                        {"depth", g.depth},
                        {"failing_gas_limit", g.failing_gas_limit},
                        {"failing_status", to_string(g.failing_status)},
                        {"succeeding_gas_limit", g.succeeding_gas_limit},
                        {"original_gas_limit", g.original_gas_limit},
                        {"explanation", g.explanation}});
  for (const StorageLoopFinding& l : r.loops)
    loops.push_back({{"tx", l.tx},
                     {"contract", to_hex0x(l.contract)},
                     {"code", to_hex0x(l.code)},
                     {"head_pc", l.head_pc},
                     {"iterations", l.iterations},
                     {"bound_slot", hex_quantity(l.bound_slot)},
                     {"bound_value", hex_quantity(l.bound_value)},
                     {"gas_used", l.gas_used},
                     {"gas_per_element", l.gas_per_element},
                     {"elements_at_block_limit", l.elements_at_block_limit},
                     {"explanation", l.explanation}});
  return {{"transactions_checked", r.transactions_checked}, {"reruns", r.reruns},
          {"loops_unconfirmed", r.loops_unconfirmed},       {"handled_failures", r.handled_failures},
          {"inner_call_griefing", std::move(griefing)},     {"storage_bounded_loops", std::move(loops)}};
}

std::string gas_text(const GasReport& r) {
  std::ostringstream out;
  out << "gas-dependent outcomes: " << r.griefing.size() << " inner call(s) that fail at a lower gas limit while "
      << "the transaction succeeds, " << r.loops.size() << " loop(s) bounded by storage (" << r.transactions_checked
      << " transactions, " << r.reruns << " re-runs, " << r.loops_unconfirmed << " loop(s) not confirmed, "
      << r.handled_failures << " inner failure(s) the caller handled)\n";
  for (const GriefingFinding& g : r.griefing) out << "  tx " << g.tx << " [griefing] " << g.explanation << '\n';
  for (const StorageLoopFinding& l : r.loops) out << "  tx " << l.tx << " [storage loop] " << l.explanation << '\n';
  return out.str();
}

}  // namespace warp::cli
