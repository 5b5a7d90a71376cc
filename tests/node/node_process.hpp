// `warpevm serve` as a child process: started on a free port, its stdout and stderr in files
// (a pipe nobody drains could block the node), killed with SIGKILL when a test says so and
// always when the handle goes away, so no test leaves a node running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>

namespace warp::nodetest {

struct ServeArgs {
  std::filesystem::path binary;
  std::filesystem::path datadir;
  std::string executor = "sequential";
  uint64_t block_time_ms = 10;
  size_t dev_accounts = 0;
  unsigned threads = 0;  // 0: the node's default
};

class NodeProcess {
 public:
  // Spawns the node with its output in `log_stem`.stdout / .stderr and waits up to `timeout`
  // for its "listening on http://HOST:PORT" line. A message (with the node's stderr) when it
  // exits first, never says it, or cannot be spawned.
  static std::variant<std::unique_ptr<NodeProcess>, std::string> start(const ServeArgs& args,
                                                                       const std::filesystem::path& log_stem,
                                                                       std::chrono::milliseconds timeout);
  ~NodeProcess();
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;

  int port() const { return port_; }

  // SIGKILL and reap. A message when the node had already exited on its own (then it was not
  // killed at a moment the test chose, and its exit is a finding in itself); "" otherwise.
  std::string kill9();

  // The last `max_chars` of the node's stderr: context for a failure message.
  std::string stderr_tail(size_t max_chars = 2000) const;

 private:
  NodeProcess() = default;

  pid_t pid_ = -1;  // -1 once reaped
  int port_ = 0;
  std::filesystem::path stdout_path_;
  std::filesystem::path stderr_path_;
};

}  // namespace warp::nodetest
