#include "bench/report/plot.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <sstream>
#include <tuple>
#include <utility>
#include <vector>

namespace warp::bench {

namespace {

// gnuplot's single-quoted strings take no escapes except '' for a quote.
std::string gnuplot_quote(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("''") : std::string(1, ch);
  return q + "'";
}

// For popen's sh -c: everything literal inside single quotes, a quote as '\''.
std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char ch : s) q += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return q + "'";
}

}  // namespace

std::string find_on_path(std::string_view program, std::string_view path_env) {
  size_t start = 0;
  while (start <= path_env.size()) {
    size_t end = path_env.find(':', start);
    if (end == std::string_view::npos) end = path_env.size();
    const std::string_view dir = end > start ? path_env.substr(start, end - start) : std::string_view(".");
    std::string candidate(dir);
    candidate.append("/").append(program);
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

std::string gnuplot_script(const BenchReport& report, const std::string& svg_path) {
  using Series = std::tuple<std::string, std::string, size_t>;  // workload, executor, threads
  std::map<Series, std::vector<std::pair<size_t, double>>> series;
  bool all_positive = true;
  for (const BenchRecord& r : report.results) {
    if (r.executor == "sequential") continue;
    series[{r.workload, r.executor, r.threads}].emplace_back(r.accounts, r.speedup);
    all_positive = all_positive && r.accounts > 0;
  }
  std::ostringstream s;
  s << "set terminal svg size 900,600 dynamic enhanced font 'sans,12'\n";
  s << "set output " << gnuplot_quote(svg_path) << "\n";
  s << "set title 'speedup over sequential execution'\n";
  s << "set xlabel 'accounts in the block (fewer = more contention)'\n";
  s << "set ylabel 'speedup (x)'\n";
  s << "set key outside right\n";
  s << "set grid\n";
  if (all_positive) s << "set logscale x\n";
  size_t index = 0;
  for (auto& [key, points] : series) {
    std::sort(points.begin(), points.end());
    s << "$s" << index++ << " << EOD\n";
    for (const auto& [accounts, speedup] : points) s << accounts << ' ' << speedup << '\n';
    s << "EOD\n";
  }
  if (series.empty()) {
    s << "set label 'no parallel executor in this run' at graph 0.5, 0.5 center\n";
    s << "plot 1 with lines title 'sequential'\n";
    return s.str();
  }
  s << "plot ";
  index = 0;
  for (const auto& [key, points] : series) {
    const auto& [workload, executor, threads] = key;
    if (index) s << ", \\\n     ";
    s << "$s" << index++ << " using 1:2 with linespoints title "
      << gnuplot_quote(workload + " " + executor + " " + std::to_string(threads) + "t");
  }
  s << "\n";
  return s.str();
}

std::string plot_speedup(const BenchReport& report, const std::string& svg_path) {
  const char* path = std::getenv("PATH");
  const std::string gnuplot = find_on_path("gnuplot", path ? path : "");
  if (gnuplot.empty()) return "gnuplot not found on PATH (Debian package gnuplot); no chart written to " + svg_path;
  const std::string script = gnuplot_script(report, svg_path);
  FILE* pipe = ::popen(shell_quote(gnuplot).c_str(), "w");
  if (!pipe) return "could not start " + gnuplot;
  const bool written = std::fwrite(script.data(), 1, script.size(), pipe) == script.size();
  const int status = ::pclose(pipe);
  if (!written || status != 0)
    return gnuplot + " failed (status " + std::to_string(status) + "); chart " + svg_path + " may be missing";
  return {};
}

}  // namespace warp::bench
