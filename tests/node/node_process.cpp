#include "tests/node/node_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

extern char** environ;

namespace warp::nodetest {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string describe_status(int status) {
  if (WIFEXITED(status)) return "exited with code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return std::string("died of signal ") + strsignal(WTERMSIG(status));
  return "stopped with status " + std::to_string(status);
}

// waitpid without the EINTR noise; the child's pid, 0 (still running, WNOHANG) or -1.
pid_t wait_for(pid_t pid, int& status, int flags) {
  for (;;) {
    const pid_t r = waitpid(pid, &status, flags);
    if (r >= 0 || errno != EINTR) return r;
  }
}

// The port of the "listening on http://HOST:PORT" line, once it is complete; 0 before.
int listening_port(const std::string& out) {
  static constexpr std::string_view kPrefix = "listening on http://";
  const size_t at = out.find(kPrefix);
  if (at == std::string::npos) return 0;
  const size_t end = out.find('\n', at);
  if (end == std::string::npos) return 0;
  const std::string url = out.substr(at + kPrefix.size(), end - at - kPrefix.size());
  const size_t colon = url.rfind(':');
  if (colon == std::string::npos) return -1;
  try {
    return std::stoi(url.substr(colon + 1));
  } catch (const std::exception&) {
    return -1;
  }
}

}  // namespace

std::variant<std::unique_ptr<NodeProcess>, std::string> NodeProcess::start(const ServeArgs& args,
                                                                           const std::filesystem::path& log_stem,
                                                                           std::chrono::milliseconds timeout) {
  std::unique_ptr<NodeProcess> node(new NodeProcess());
  node->stdout_path_ = log_stem.string() + ".stdout";
  node->stderr_path_ = log_stem.string() + ".stderr";

  std::vector<std::string> argv_s = {args.binary.string(),
                                     "serve",
                                     "--datadir",
                                     args.datadir.string(),
                                     "--http",
                                     "127.0.0.1:0",
                                     "--executor",
                                     args.executor,
                                     "--block-time",
                                     std::to_string(args.block_time_ms),
                                     "--dev-accounts",
                                     std::to_string(args.dev_accounts)};
  if (args.threads != 0) {
    argv_s.push_back("--threads");
    argv_s.push_back(std::to_string(args.threads));
  }
  std::vector<char*> argv;
  for (std::string& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, node->stdout_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, node->stderr_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                   0644);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return "cannot spawn " + args.binary.string() + ": " + std::strerror(rc);
  node->pid_ = pid;

  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const int port = listening_port(read_file(node->stdout_path_));
    if (port > 0) {
      node->port_ = port;
      return node;
    }
    if (port < 0) return "unparsable listening line in:\n" + read_file(node->stdout_path_);
    int status = 0;
    if (wait_for(pid, status, WNOHANG) == pid) {
      node->pid_ = -1;
      return "the node " + describe_status(status) + " before listening; stderr:\n" + node->stderr_tail();
    }
    if (std::chrono::steady_clock::now() > deadline)
      return "no listening line within " + std::to_string(timeout.count()) + " ms; stderr:\n" + node->stderr_tail();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

NodeProcess::~NodeProcess() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  wait_for(pid_, status, 0);
}

std::string NodeProcess::kill9() {
  if (pid_ <= 0) return "the node was already reaped";
  int status = 0;
  if (wait_for(pid_, status, WNOHANG) == pid_) {
    pid_ = -1;
    return "the node " + describe_status(status) + " before the test killed it; stderr:\n" + stderr_tail();
  }
  ::kill(pid_, SIGKILL);
  const pid_t r = wait_for(pid_, status, 0);
  pid_ = -1;
  if (r < 0) return std::string("waitpid failed: ") + std::strerror(errno);
  if (!WIFSIGNALED(status) || WTERMSIG(status) != SIGKILL)
    return "the node " + describe_status(status) + " instead of dying of SIGKILL; stderr:\n" + stderr_tail();
  return "";
}

std::string NodeProcess::stderr_tail(size_t max_chars) const {
  const std::string all = read_file(stderr_path_);
  return all.size() <= max_chars ? all : all.substr(all.size() - max_chars);
}

}  // namespace warp::nodetest
