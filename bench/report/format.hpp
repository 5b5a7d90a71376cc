// How `warpevm run` and `warpevm bench` show their results: a table for people, JSON
// (Google Benchmark's field names where they fit, next to the fields scripts rely on) and
// CSV for machines, and the executor statistics of one run for --verbose.
#pragma once

#include <iosfwd>
#include <nlohmann/json.hpp>
#include <string>

#include "bench/report/bench_record.hpp"

namespace warp::bench {

// executor, threads, tx/s, Mgas/s, speedup, re-executions; a workload and accounts column
// too when `with_workload` (bench's matrix). Ends with "roots agree: yes|no".
void print_table(const BenchReport& report, std::ostream& out, bool with_workload);

// {"context": {...}, "results": [{workload, executor, threads, txs, gas, seconds, tx_per_s,
// mgas_per_s, speedup, reexecutions, state_root, ...}], "roots_agree": bool}
nlohmann::json report_json(const BenchReport& report);

// A header line, then one line per result; fields quoted only where they need it.
void write_csv(const BenchReport& report, std::ostream& out);

// The ExecutorStats of one record over a few indented lines (stderr in `--verbose`).
void print_stats(const BenchRecord& r, std::ostream& out);

// "1,234,567" for 1234567.4: throughputs are easier to compare grouped.
std::string group_thousands(double value);

}  // namespace warp::bench
