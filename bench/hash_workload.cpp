#include "bench/hash_workload.hpp"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <ostream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <tbb/task_arena.h>

#include "host/device_info.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/keccak_batch.hpp"
#include "state/state.hpp"

#if defined(WARPEVM_HAVE_CUDA)
#include "kernels/cuda/keccak_batch_gpu.hpp"
#endif

namespace warp::bench {

namespace {

using Clock = std::chrono::steady_clock;

struct Messages {
  std::vector<Bytes> storage;
  std::vector<ByteView> views;
  size_t total_bytes = 0;
};

// Sizes resemble what the engine hashes: 32/64-byte keys, trie nodes and transactions.
Messages make_messages(size_t count, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<size_t> size_dist(0, 600);
  Messages m;
  m.storage.resize(count);
  for (auto& msg : m.storage) {
    msg.resize(size_dist(rng));
    for (auto& b : msg) b = static_cast<uint8_t>(rng());
    m.total_bytes += msg.size();
  }
  m.views.assign(m.storage.begin(), m.storage.end());
  return m;
}

// Folds all hashes into one, so executors can be compared with a single value.
std::string digest_of(const std::vector<Hash>& hashes) {
  const Hash h = keccak256(hashes.empty() ? nullptr : hashes.front().bytes, hashes.size() * sizeof(Hash));
  return to_hex0x(h);
}

// Runs `body` until at least `min_seconds` have passed; returns seconds per run.
template <class Body>
double time_per_run(Body&& body, double min_seconds = 0.3) {
  int runs = 0;
  const auto start = Clock::now();
  double elapsed = 0;
  do {
    body();
    ++runs;
    elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  } while (elapsed < min_seconds);
  return elapsed / runs;
}

HashMeasurement measure_cpu_keccak(const Messages& m, unsigned threads) {
  std::vector<Hash> out(m.views.size());
  tbb::task_arena arena(static_cast<int>(threads));
  HashMeasurement r{"keccak", "cpu", threads, 0, static_cast<double>(m.total_bytes) / 1e6, static_cast<double>(m.views.size()), {}};
  r.seconds = time_per_run([&] { arena.execute([&] { keccak_batch(m.views, out); }); });
  r.result = digest_of(out);
  return r;
}

// Accounts with balances and nonces, a quarter with code and up to 8 storage slots, like a
// busy slice of mainnet state.
State make_state(size_t accounts, uint64_t seed) {
  std::mt19937_64 rng(seed ^ 0x5eed);
  State state;
  for (size_t i = 0; i < accounts; ++i) {
    Address a{};
    for (auto& b : a.bytes) b = static_cast<uint8_t>(rng());
    state.set_balance(a, uint256(rng(), rng() & 0xffff, 0, 0));
    state.set_nonce(a, rng() % 1000);
    if (i % 4 == 0) {
      Bytes code(32 + rng() % 200);
      for (auto& b : code) b = static_cast<uint8_t>(rng());
      state.set_code(a, std::move(code));
      for (uint64_t s = rng() % 9; s > 0; --s) state.set_storage(a, uint256(rng()), uint256(rng() | 1));
    }
  }
  return state;
}

// Bytes the state root hashes are not counted: the measure is accounts per second.
HashMeasurement measure_state_root(const State& state, const std::string& executor, unsigned threads,
                                   const BatchHasher& hasher) {
  HashMeasurement r{"state root", executor, threads, 0, 0, static_cast<double>(state.size()), {}};
  Hash root{};
  tbb::task_arena arena(static_cast<int>(threads ? threads : 1));
  r.seconds = time_per_run([&] { arena.execute([&] { root = state.state_root(hasher); }); });
  r.result = to_hex0x(root);
  return r;
}

}  // namespace

HashWorkloadReport run_hash_workload(const HashWorkloadOptions& options, std::ostream& progress) {
  const unsigned all = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  HashWorkloadReport report;

  progress << "generating " << options.messages << " messages (seed " << options.seed << ")\n";
  const Messages messages = make_messages(options.messages, options.seed);

  progress << "keccak batch: cpu, 1 thread\n";
  report.measurements.push_back(measure_cpu_keccak(messages, 1));
  if (all > 1) {
    progress << "keccak batch: cpu, " << all << " threads\n";
    report.measurements.push_back(measure_cpu_keccak(messages, all));
  }

  progress << "generating a state of " << options.accounts << " accounts\n";
  const State state = make_state(options.accounts, options.seed);
  progress << "state root: cpu, 1 thread\n";
  report.measurements.push_back(measure_state_root(state, "cpu", 1, cpu_batch_hasher()));
  if (all > 1) {
    progress << "state root: cpu, " << all << " threads\n";
    report.measurements.push_back(measure_state_root(state, "cpu", all, cpu_batch_hasher()));
  }

#if defined(WARPEVM_HAVE_CUDA)
  const DeviceInfo device = query_device();
  if (device.devices > 0) {
    progress << "keccak batch: gpu (" << device.description << ")\n";
    std::vector<Hash> out(messages.views.size());
    HashMeasurement r{"keccak", "gpu", 0, 0, static_cast<double>(messages.total_bytes) / 1e6, static_cast<double>(messages.views.size()), {}};
    std::string error;
    r.seconds = time_per_run([&] { error = gpu_keccak_batch(messages.views, out); });
    r.result = error.empty() ? digest_of(out) : "error: " + error;
    report.measurements.push_back(r);
    const BatchHasher gpu_hasher = [](std::span<const ByteView> in, std::span<Hash> hashes) {
      const std::string err = gpu_keccak_batch(in, hashes);
      if (!err.empty()) throw std::runtime_error("gpu keccak batch: " + err);
    };
    progress << "state root: gpu hashing, " << all << " threads building nodes\n";
    report.measurements.push_back(measure_state_root(state, "gpu", all, gpu_hasher));
  } else {
    progress << "keccak batch: gpu skipped (" << device.description << ")\n";
  }
#endif

  // Every executor of one workload must produce the same digest or root.
  for (const auto& m : report.measurements)
    for (const auto& other : report.measurements)
      if (m.what == other.what && m.result != other.result) report.results_agree = false;
  return report;
}

namespace {
std::string format_fixed(double v, int precision) {
  std::ostringstream os;
  os << std::fixed << std::setprecision(precision) << v;
  return os.str();
}
}  // namespace

void print_hash_report(const HashWorkloadReport& report, std::ostream& out) {
  out << std::left << std::setw(12) << "workload" << std::setw(10) << "executor" << std::right << std::setw(8)
      << "threads" << std::setw(12) << "MB/s" << std::setw(14) << "items/s" << std::setw(10) << "speedup"
      << "\n";
  double base = 0;
  for (const auto& m : report.measurements) {
    const double items_per_s = m.items / m.seconds;
    if (m.threads == 1 && m.executor == "cpu") base = items_per_s;  // rows come grouped by workload
    out << std::left << std::setw(12) << m.what << std::setw(10) << m.executor << std::right << std::setw(8)
        << (m.executor == "gpu" && m.threads == 0 ? std::string("-") : std::to_string(m.threads)) << std::setw(12)
        << (m.megabytes > 0 ? format_fixed(m.megabytes / m.seconds, 1) : std::string("-")) << std::setw(14)
        << std::fixed << std::setprecision(0) << items_per_s
        << std::setw(9) << std::setprecision(2) << (base > 0 ? items_per_s / base : 0.0) << "x\n";
  }
  for (const auto& m : report.measurements)
    if (m.what == "state root" && m.threads == 1) out << "state root: " << m.result << "\n";
  out << "results agree: " << (report.results_agree ? "yes" : "NO") << "\n";
}

}  // namespace warp::bench
