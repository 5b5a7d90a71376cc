#include "bench/report/format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <string>
#include <vector>

#include "bench/report/conflict_graph.hpp"

namespace warp::bench {

void derive_rates(BenchRecord& r, double sequential_seconds) {
  const bool timed = r.seconds > 0;
  r.tx_per_s = timed ? static_cast<double>(r.txs) / r.seconds : 0;
  r.mgas_per_s = timed ? static_cast<double>(r.gas) / 1e6 / r.seconds : 0;
  r.speedup = timed && sequential_seconds > 0 ? sequential_seconds / r.seconds : 0;
}

double median(std::vector<double> samples) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  const size_t n = samples.size();
  return n % 2 ? samples[n / 2] : (samples[n / 2 - 1] + samples[n / 2]) / 2;
}

std::string group_thousands(double value) {
  const bool negative = value < 0;
  const std::string digits = std::to_string(static_cast<unsigned long long>(std::llround(std::fabs(value))));
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return negative ? "-" + out : out;
}

namespace {

std::string fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

// Left-aligns column 0 (and the workload column), right-aligns the numbers.
void print_rows(const std::vector<std::vector<std::string>>& rows, size_t left_columns, std::ostream& out) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()));
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      if (c > 0) line += "  ";
      line += c < left_columns ? row[c] + pad : pad + row[c];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
}

// RFC 4180: quote a field holding a comma, a quote or a line break; double its quotes.
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string q = "\"";
  for (char ch : s) {
    if (ch == '"') q += '"';
    q += ch;
  }
  return q + '"';
}

// Google Benchmark names a run "family/arg:value/..."; ours are the cell's coordinates.
std::string run_name(const BenchRecord& r) {
  return r.workload + "/accounts:" + std::to_string(r.accounts) + "/" + r.executor +
         "/threads:" + std::to_string(r.threads);
}

}  // namespace

void print_table(const BenchReport& report, std::ostream& out, bool with_workload) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header;
  if (with_workload) header = {"workload", "accounts"};
  for (const char* h : {"executor", "threads", "tx/s", "Mgas/s", "speedup", "re-executions"}) header.emplace_back(h);
  rows.push_back(header);
  for (const BenchRecord& r : report.results) {
    std::vector<std::string> row;
    if (with_workload) row = {r.workload, std::to_string(r.accounts)};
    row.push_back(r.agrees ? r.executor : r.executor + " (MISMATCH)");
    row.push_back(std::to_string(r.threads));
    row.push_back(group_thousands(r.tx_per_s));
    row.push_back(fixed(r.mgas_per_s, 1));
    row.push_back(fixed(r.speedup, 2) + "x");
    row.push_back(std::to_string(r.reexecutions));
    rows.push_back(std::move(row));
  }
  print_rows(rows, with_workload ? 3 : 1, out);
  out << "roots agree: " << (report.roots_agree ? "yes" : "no") << '\n';
}

nlohmann::json report_json(const BenchReport& report) {
  nlohmann::json j;
  j["context"] = {{"num_cpus", report.num_cpus},      {"seed", report.seed},
                  {"chaos_seed", report.chaos_seed},  {"repetitions", report.repeat},
                  {"repetition_statistic", "median"}, {"time_unit", "s"}};
  nlohmann::json results = nlohmann::json::array();
  for (const BenchRecord& r : report.results) {
    nlohmann::json e;
    // The fields scripts rely on (issue 6).
    e["workload"] = r.workload;
    e["executor"] = r.executor;
    e["threads"] = r.threads;
    e["txs"] = r.txs;
    e["gas"] = r.gas;
    e["seconds"] = r.seconds;
    e["tx_per_s"] = r.tx_per_s;
    e["mgas_per_s"] = r.mgas_per_s;
    e["speedup"] = r.speedup;
    e["reexecutions"] = r.reexecutions;
    e["state_root"] = r.state_root;
    // Google Benchmark's names for the same things, so its tools can read the file.
    e["name"] = run_name(r);
    e["run_name"] = run_name(r);
    if (r.repeats > 1) {
      e["run_type"] = "aggregate";
      e["aggregate_name"] = "median";
    } else {
      e["run_type"] = "iteration";
    }
    e["repetitions"] = r.repeats;
    e["iterations"] = 1;
    e["real_time"] = r.seconds;
    e["time_unit"] = "s";
    e["items_per_second"] = r.tx_per_s;
    // The block's knobs and the executor's statistics.
    e["accounts"] = r.accounts;
    e["pools"] = r.pools;
    e["hot_fraction"] = r.hot_fraction;
    e["recover_seconds"] = r.recover_seconds;
    e["executions"] = r.stats.executions;
    e["validations"] = r.stats.validations;
    e["aborts"] = r.stats.aborts;
    e["suspensions"] = r.stats.suspensions;
    e["sequential_fallback"] = r.stats.sequential_fallback;
    if (r.stats.sequential_fallback) e["fallback_reason"] = r.stats.fallback_reason;
    e["narrowed_to_one_worker"] = r.stats.narrowed_to_one_worker;
    e["sequential_tail"] = r.stats.sequential_tail;
    e["seconds_execute"] = r.stats.seconds_execute;
    e["seconds_commit"] = r.stats.seconds_commit;
    e["seconds_root"] = r.stats.seconds_root;
    if (r.stats.rounds > 0) {  // the GPU executors
      e["rounds"] = r.stats.rounds;
      e["round_executions"] = r.stats.round_executions;
      e["host_executions"] = r.stats.host_executions;
      nlohmann::json reasons = nlohmann::json::object();
      for (const auto& [reason, n] : r.stats.host_reasons) reasons[reason] = n;
      e["host_reasons"] = std::move(reasons);
      e["host_tail"] = r.stats.host_tail;
      e["seconds_prepare"] = r.stats.seconds_prepare;
      e["seconds_copy_in"] = r.stats.seconds_copy_in;
      e["seconds_kernel"] = r.stats.seconds_kernel;
      e["seconds_copy_out"] = r.stats.seconds_copy_out;
      e["seconds_validate"] = r.stats.seconds_validate;
      e["seconds_host"] = r.stats.seconds_host;
    }
    e["agrees"] = r.agrees;
    if (!r.agrees) e["mismatch"] = r.mismatch;
    results.push_back(std::move(e));
  }
  j["results"] = std::move(results);
  j["roots_agree"] = report.roots_agree;
  return j;
}

void write_csv(const BenchReport& report, std::ostream& out) {
  out << "workload,accounts,pools,hot_fraction,executor,threads,txs,gas,seconds,tx_per_s,mgas_per_s,speedup,"
         "reexecutions,state_root,agrees\n";
  for (const BenchRecord& r : report.results) {
    out << csv_field(r.workload) << ',' << r.accounts << ',' << r.pools << ',' << fixed(r.hot_fraction, 4) << ','
        << csv_field(r.executor) << ',' << r.threads << ',' << r.txs << ',' << r.gas << ',' << fixed(r.seconds, 6)
        << ',' << fixed(r.tx_per_s, 1) << ',' << fixed(r.mgas_per_s, 3) << ',' << fixed(r.speedup, 3) << ','
        << r.reexecutions << ',' << r.state_root << ',' << (r.agrees ? "true" : "false") << '\n';
  }
}

void print_stats(const BenchRecord& r, std::ostream& out) {
  const ExecutorStats& s = r.stats;
  out << "  " << r.executor << " (" << r.threads << (r.threads == 1 ? " thread" : " threads") << ") on " << r.workload
      << ": executions " << s.executions << ", re-executions " << s.reexecutions << ", validations " << s.validations
      << ", aborts " << s.aborts << ", suspensions " << s.suspensions
      << (s.sequential_fallback ? ", fell back to sequential: " + s.fallback_reason : std::string())
      << (s.narrowed_to_one_worker ? ", narrowed to one worker (hot chain)" : "")
      << (s.sequential_tail ? ", " + std::to_string(s.sequential_tail) + " txs past the block's gas run sequentially"
                            : std::string())
      << '\n';
  out << "    phases: execute " << fixed(s.seconds_execute, 4) << " s, commit " << fixed(s.seconds_commit, 4)
      << " s, root " << fixed(s.seconds_root, 4) << " s; sender recovery " << fixed(r.recover_seconds, 4) << " s\n";
  if (s.rounds > 0) {
    out << "    rounds " << s.rounds << " (device runs:";
    for (uint64_t n : s.round_executions) out << ' ' << n;
    out << "), host runs " << s.host_executions;
    for (const auto& [reason, n] : s.host_reasons) out << ' ' << reason << '=' << n;
    out << (s.host_tail ? ", hot chain: the rest ran on the host" : "") << '\n';
    out << "    gpu phases: prepare " << fixed(s.seconds_prepare, 4) << " s, copy in " << fixed(s.seconds_copy_in, 4)
        << " s, kernel " << fixed(s.seconds_kernel, 4) << " s, copy out " << fixed(s.seconds_copy_out, 4)
        << " s, validate+commit " << fixed(s.seconds_validate, 4) << " s, host runs " << fixed(s.seconds_host, 4)
        << " s\n";
  }
  if (!s.hottest_keys.empty()) {
    out << "    hottest keys:";
    for (const KeyAborts& k : s.hottest_keys) out << ' ' << describe_key(k.key) << " (" << k.aborts << ')';
    out << '\n';
  }
}

}  // namespace warp::bench
