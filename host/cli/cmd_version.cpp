#include <iostream>

#include "host/cli/commands.hpp"
#include "host/device_info.hpp"

#ifndef WARPEVM_VERSION
#define WARPEVM_VERSION "0.0.0"
#endif

namespace warp::cli {

void add_version_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("version", "print the version, build options and the CUDA device");
  cmd->callback([&exit_code] {
    const DeviceInfo device = query_device();
    std::cout << "warpevm " << WARPEVM_VERSION << "\n"
              << "cuda: " << (device.cuda_built ? "built" : "not built") << "\n"
              << "device: " << device.description << "\n";
    exit_code = 0;
  });
}

void add_unimplemented_command(CLI::App& app, int& exit_code, const char* name, const char* description) {
  auto* cmd = app.add_subcommand(name, std::string(description) + " (not implemented yet)");
  // Accept whatever arguments the finished command will take, so the message is the answer.
  cmd->allow_extras();
  cmd->callback([&exit_code, name] {
    std::cerr << "warpevm: not implemented yet: " << name << "\n";
    exit_code = 2;
  });
}

}  // namespace warp::cli
