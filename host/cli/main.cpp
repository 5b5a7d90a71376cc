// warpevm: GPU-accelerated parallel EVM transaction execution engine.
#include <exception>
#include <iostream>

#include "host/cli/commands.hpp"

int main(int argc, char** argv) {
  CLI::App app{"warpevm: parallel EVM block execution on GPU and CPU, checked against sequential execution"};
  app.require_subcommand(1);
  int exit_code = 0;

  warp::cli::add_run_command(app, exit_code);
  warp::cli::add_bench_command(app, exit_code);
  warp::cli::add_statetest_command(app, exit_code);
  warp::cli::add_unimplemented_command(app, exit_code, "t8n", "geth-compatible state transition tool");
  warp::cli::add_serve_command(app, exit_code);
  warp::cli::add_loadgen_command(app, exit_code);
  warp::cli::add_analyze_command(app, exit_code);
  warp::cli::add_version_command(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const std::exception& e) {
    std::cerr << "warpevm: error: " << e.what() << "\n";
    return 1;
  }
  return exit_code;
}
