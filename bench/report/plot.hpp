// `warpevm bench --plot FILE.svg`: speedup over sequential against contention (accounts in
// the block, fewer = more contention), one line per workload, executor and thread count,
// drawn by gnuplot when it is installed. The chart is optional: without gnuplot the caller
// says so on stderr and the rest of the output is unchanged.
#pragma once

#include <string>
#include <string_view>

#include "bench/report/bench_record.hpp"

namespace warp::bench {

// The first executable `program` in the colon-separated list `path_env` (as $PATH is
// read: an empty entry is the current folder); empty when there is none.
std::string find_on_path(std::string_view program, std::string_view path_env);

// A self-contained gnuplot script (data inline, as datablocks) writing an SVG to `svg_path`.
// The sequential executor is the baseline, so it has no line.
std::string gnuplot_script(const BenchReport& report, const std::string& svg_path);

// Finds gnuplot on $PATH and runs the script. Empty on success, else why no chart was written.
std::string plot_speedup(const BenchReport& report, const std::string& svg_path);

}  // namespace warp::bench
