// `warpevm analyze BLOCK.json`: dynamic safety analysis of one block (issue 9), built on the
// executors. Sections: the conflict graph and the parallelism it leaves, transaction-ordering
// dependence (each conflicting pair run in both orders), re-entrancy (from call traces),
// gas-dependent outcomes (each transaction re-run at other gas limits, traced), and with
// --determinism N every executor run N times under varied threads and scheduler chaos
// against sequential.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "bench/report/conflict_graph.hpp"
#include "host/analyze/block_file.hpp"
#include "host/analyze/determinism.hpp"
#include "host/analyze/ordering.hpp"
#include "host/cli/analyze_trace_report.hpp"
#include "host/cli/commands.hpp"
#include "host/executor/block_executor.hpp"

namespace warp::cli {

namespace {

struct AnalyzeOptions {
  std::string block;
  bool json = false;
  std::string dot;
  std::string html;
  size_t determinism = 0;
  size_t max_pairs = 2000;
  size_t gas_points = 24;
};

// Graphviz: one node per dependent transaction, one edge per dependency, labelled with its keys.
std::string dot_graph(const std::vector<ConflictEdge>& edges) {
  std::map<std::pair<uint32_t, uint32_t>, std::string> labels;
  for (const ConflictEdge& e : edges) {
    std::string& l = labels[{e.from, e.to}];
    const std::string key =
        std::string(bench::key_kind_name(e.key.kind)) + (e.kind == ConflictKind::ReadAfterWrite ? " raw" : " waw");
    if (l.find(key) == std::string::npos) l += (l.empty() ? "" : "\\n") + key;
  }
  std::ostringstream out;
  out << "digraph conflicts {\n  rankdir=LR;\n  node [shape=circle, fontsize=10];\n";
  for (const auto& [pair, label] : labels)
    out << "  t" << pair.first << " -> t" << pair.second << " [label=\"" << label << "\", fontsize=8];\n";
  out << "}\n";
  return out.str();
}

// The SVG of a DOT graph through Graphviz's `dot`, or "" with `why` set when it is not there.
std::string render_svg(const std::string& dot, std::string& why) {
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    why = "Graphviz (`dot`, Debian package graphviz) is not installed: no picture of the graph";
    return "";
  }
  char tmpl[] = "/tmp/warpevm_analyze_XXXXXX";
  const int fd = mkstemp(tmpl);
  if (fd < 0) {
    why = "cannot create a temporary file for dot";
    return "";
  }
  close(fd);
  {
    std::ofstream f(tmpl);
    f << dot;
  }
  std::string svg;
  if (FILE* p = popen((std::string("dot -Tsvg ") + tmpl).c_str(), "r")) {
    char buf[4096];
    size_t n = 0;
    while ((n = fread(buf, 1, sizeof(buf), p)) > 0) svg.append(buf, n);
    if (pclose(p) != 0) svg.clear();
  }
  std::remove(tmpl);
  if (svg.empty()) why = "dot failed to render the graph";
  const size_t start = svg.find("<svg");
  return start == std::string::npos ? "" : svg.substr(start);
}

std::string html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else if (c == '&')
      out += "&amp;";
    else
      out += c;
  }
  return out;
}

// A token or ETH effect in words: who gets how much more in which order.
std::string effect_line(const OrderingFinding& f, const Address& who, const Address* token, bool more_when_second_first,
                        const uint256& difference) {
  const uint32_t winner = more_when_second_first ? f.second : f.first;
  std::string what = token ? "of token " + to_hex0x(*token) : "wei";
  return to_hex0x(who) + " gets " + hex_quantity(difference) + " more " + what + " when tx " + std::to_string(winner) +
         " goes first";
}

nlohmann::json ordering_json(const OrderingReport& r) {
  nlohmann::json findings = nlohmann::json::array();
  for (const OrderingFinding& f : r.findings) {
    nlohmann::json keys = nlohmann::json::array(), receipts = nlohmann::json::array(), state = nlohmann::json::array(),
                   effects = nlohmann::json::array();
    for (const StateKey& k : f.shared_keys) keys.push_back(bench::describe_key(k));
    for (const ReceiptChange& c : f.receipt_changes)
      receipts.push_back({{"tx", c.tx}, {"field", c.field}, {"block_order", c.in_a}, {"swapped", c.in_b}});
    for (const KeyChange& c : f.key_changes)
      state.push_back({{"key", bench::describe_key(c.key)},
                       {"block_order", hex_quantity(c.in_a.word)},
                       {"swapped", hex_quantity(c.in_b.word)}});
    for (const TokenEffect& e : f.token_effects)
      effects.push_back(effect_line(f, e.holder, &e.token, e.more_when_second_first, e.difference));
    for (const EthEffect& e : f.eth_effects)
      effects.push_back(effect_line(f, e.account, nullptr, e.more_when_second_first, e.difference));
    findings.push_back({{"first", f.first},
                        {"second", f.second},
                        {"explanation", f.explanation},
                        {"shared_keys", std::move(keys)},
                        {"receipt_changes", std::move(receipts)},
                        {"state_changes", std::move(state)},
                        {"effects", std::move(effects)}});
  }
  return {{"conflicting_pairs", r.conflicting_pairs}, {"pairs_checked", r.pairs_checked},
          {"pairs_skipped", r.pairs_skipped},         {"same_sender_pairs", r.same_sender_pairs},
          {"gas_only_pairs", r.gas_only_pairs},       {"findings", std::move(findings)}};
}

std::string ordering_text(const OrderingReport& r) {
  std::ostringstream out;
  out << "ordering dependence: " << r.findings.size() << " of " << r.pairs_checked
      << " conflicting pairs change outcome when swapped (" << r.same_sender_pairs << " same-sender pairs not swapped, "
      << r.gas_only_pairs << " differ in gas only, " << r.pairs_skipped << " over the --max-pairs limit)\n";
  for (const OrderingFinding& f : r.findings) {
    out << "  txs " << f.first << " and " << f.second << ": " << f.explanation << '\n';
    for (const TokenEffect& e : f.token_effects)
      out << "    " << effect_line(f, e.holder, &e.token, e.more_when_second_first, e.difference) << '\n';
    for (const EthEffect& e : f.eth_effects)
      out << "    " << effect_line(f, e.account, nullptr, e.more_when_second_first, e.difference) << '\n';
  }
  return out.str();
}

int run_analyze(const AnalyzeOptions& o) {
  AnalysisBlock block;
  try {
    block = load_block_file(o.block);
  } catch (const std::exception& e) {
    std::cerr << "warpevm analyze: " << e.what() << '\n';
    return 2;
  }
  const size_t n = block.txs.size();
  nlohmann::json report;
  std::ostringstream text;
  text << "block: " << n << " transactions, " << block.pre.size() << " accounts before it\n";

  // ---- conflict graph and parallelism ---------------------------------------------------------
  // Edges through the coinbase are left out: fee credits to it commute (DESIGN.md section 4),
  // and an absent coinbase would otherwise chain every transaction to the one before it.
  std::vector<ConflictEdge> edges = conflict_edges(block);
  const size_t all_edges = edges.size();
  std::erase_if(edges, [&](const ConflictEdge& e) { return e.key.address == block.env.context.coinbase; });
  nlohmann::json graph = bench::conflict_graph_json(edges, n);
  const size_t chain = bench::longest_chain(edges, n);
  const double parallelism = chain == 0 ? 0.0 : static_cast<double>(n) / static_cast<double>(chain);
  std::map<std::string, size_t> by_key;
  for (const ConflictEdge& e : edges) ++by_key[bench::describe_key(e.key)];
  std::vector<std::pair<std::string, size_t>> hottest(by_key.begin(), by_key.end());
  std::sort(hottest.begin(), hottest.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
  if (hottest.size() > 10) hottest.resize(10);
  graph["parallelism"] = parallelism;
  graph["hottest_keys"] = nlohmann::json::array();
  for (const auto& [key, count] : hottest) graph["hottest_keys"].push_back({{"key", key}, {"edges", count}});
  graph["coinbase_edges_left_out"] = all_edges - edges.size();
  text << "\nconflict graph: " << edges.size() << " edges (" << all_edges - edges.size()
       << " through the coinbase left out), longest dependency chain " << chain
       << " transactions, available parallelism " << parallelism << " (transactions / critical path)\n";
  for (const auto& [key, count] : hottest) text << "  hot key " << key << ": " << count << " edges\n";
  report["conflicts"] = std::move(graph);

  // ---- ordering dependence ---------------------------------------------------------------------
  OrderingOptions ordering_options;
  ordering_options.max_pairs = o.max_pairs;
  const OrderingReport ordering = analyze_ordering(block, edges, ordering_options);
  report["ordering"] = ordering_json(ordering);
  text << "\n" << ordering_text(ordering);

  // ---- determinism -----------------------------------------------------------------------------
  if (o.determinism > 0) {
    DeterminismOptions d;
    d.runs_per_executor = o.determinism;
    const DeterminismReport det = check_determinism(block, d);
    nlohmann::json runs = nlohmann::json::array();
    for (const DeterminismRun& r : det.runs)
      runs.push_back(
          {{"executor", r.executor}, {"threads", r.threads}, {"chaos_seed", r.chaos_seed}, {"seconds", r.seconds}});
    nlohmann::json divergences = nlohmann::json::array();
    text << "\ndeterminism: " << det.runs.size() << " runs against sequential, " << det.divergences.size()
         << " diverged\n";
    for (const Divergence& dv : det.divergences) {
      const DeterminismRun& r = det.runs[dv.run];
      divergences.push_back({{"run", dv.run},
                             {"executor", r.executor},
                             {"threads", r.threads},
                             {"chaos_seed", r.chaos_seed},
                             {"tx", dv.tx ? nlohmann::json(*dv.tx) : nullptr},
                             {"what", dv.what}});
      text << "  " << r.executor << " (" << r.threads << " threads, chaos " << r.chaos_seed
           << "): " << (dv.tx ? "tx " + std::to_string(*dv.tx) + ": " : "") << dv.what << '\n';
    }
    report["determinism"] = {
        {"runs", std::move(runs)}, {"divergences", std::move(divergences)}, {"deterministic", det.deterministic()}};
  }

  // ---- re-entrancy and gas-dependent outcomes (traced runs) -----------------------------------
  const ReentrancyReport reentrancy = analyze_reentrancy(trace_block(block));
  report["reentrancy"] = reentrancy_json(reentrancy);
  text << "\n" << reentrancy_text(reentrancy);
  GasOptions gas_options;
  gas_options.ladder_points = o.gas_points;
  const GasReport gas = analyze_gas_dependence(block, gas_options);
  report["gas_dependence"] = gas_json(gas);
  text << "\n" << gas_text(gas);

  int code = 0;
  if (!o.dot.empty() || !o.html.empty()) {
    const std::string dot = dot_graph(edges);
    if (!o.dot.empty()) {
      std::ofstream f(o.dot);
      f << dot;
      if (!f) {
        std::cerr << "warpevm analyze: cannot write " << o.dot << '\n';
        code = 2;
      }
    }
    if (!o.html.empty()) {
      std::string why;
      const std::string svg = render_svg(dot, why);
      if (!why.empty()) std::cerr << "warpevm analyze: " << why << '\n';
      std::ofstream f(o.html);
      f << "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>warpevm analyze " << html_escape(o.block)
        << "</title></head><body>\n<h1>warpevm analyze</h1>\n<pre>" << html_escape(text.str()) << "</pre>\n"
        << (svg.empty() ? "<p>" + html_escape(why) + "</p>\n" : svg) << "</body></html>\n";
      if (!f) {
        std::cerr << "warpevm analyze: cannot write " << o.html << '\n';
        code = 2;
      }
    }
  }
  if (o.json) {
    std::cout << report.dump(2) << '\n';
  } else {
    std::cout << text.str();
  }
  if (report.contains("determinism") && !report["determinism"]["deterministic"].get<bool>()) code = 1;
  return code;
}

}  // namespace

void add_analyze_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "analyze", "safety analysis of a block: conflicts, ordering, re-entrancy, gas dependence, determinism");
  static AnalyzeOptions o;
  cmd->add_option("block", o.block, "block file (warpevm bench --save-block, or pre + env + transactions)")->required();
  cmd->add_flag("--json", o.json, "machine-readable report on stdout");
  cmd->add_option("--dot", o.dot, "write the conflict graph for Graphviz to this file");
  cmd->add_option("--html", o.html, "write an HTML report (with the graph as SVG when Graphviz is installed)");
  cmd->add_option("--determinism", o.determinism,
                  "run every executor N times (threads and scheduler chaos varied) against sequential");
  cmd->add_option("--max-pairs", o.max_pairs, "conflicting pairs to run in both orders at most")->capture_default_str();
  cmd->add_option("--gas-points", o.gas_points, "gas limits per transaction in the re-runs' geometric ladder")
      ->capture_default_str();
  cmd->callback([&exit_code] { exit_code = run_analyze(o); });
}

}  // namespace warp::cli
