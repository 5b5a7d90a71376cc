// Subcommands of the `warpevm` binary (DESIGN.md section 7). Each registers itself on the
// CLI11 app and returns the callback's exit code through `exit_code`.
#pragma once

#include <CLI/CLI.hpp>

namespace warp::cli {

void add_version_command(CLI::App& app, int& exit_code);
void add_run_command(CLI::App& app, int& exit_code);
void add_bench_command(CLI::App& app, int& exit_code);
void add_statetest_command(CLI::App& app, int& exit_code);
void add_serve_command(CLI::App& app, int& exit_code);
void add_analyze_command(CLI::App& app, int& exit_code);
void add_loadgen_command(CLI::App& app, int& exit_code);
// A subcommand that exists in the interface but is not built yet: exits 2 with
// "not implemented yet: <name>" so scripts can tell it from a failure of a built one.
void add_unimplemented_command(CLI::App& app, int& exit_code, const char* name, const char* description);

}  // namespace warp::cli
