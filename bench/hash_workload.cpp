#include "bench/hash_workload.hpp"

#include <algorithm>
#include <chrono>
#include <iomanip>
#include <ostream>
#include <random>
#include <thread>

#include <tbb/task_arena.h>

#include "host/device_info.hpp"
#include "kernels/evm/keccak.hpp"
#include "state/keccak_batch.hpp"

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
  } else {
    progress << "keccak batch: gpu skipped (" << device.description << ")\n";
  }
#endif

  for (const auto& m : report.measurements)
    if (m.what == "keccak" && m.result != report.measurements.front().result) report.results_agree = false;
  return report;
}

void print_hash_report(const HashWorkloadReport& report, std::ostream& out) {
  out << std::left << std::setw(12) << "workload" << std::setw(10) << "executor" << std::right << std::setw(8)
      << "threads" << std::setw(12) << "MB/s" << std::setw(14) << "items/s" << std::setw(10) << "speedup"
      << "\n";
  double base = 0;
  for (const auto& m : report.measurements) {
    const double items_per_s = m.items / m.seconds;
    if (m.threads == 1 && m.executor == "cpu") base = items_per_s;
    out << std::left << std::setw(12) << m.what << std::setw(10) << m.executor << std::right << std::setw(8)
        << (m.executor == "gpu" ? std::string("-") : std::to_string(m.threads)) << std::setw(12) << std::fixed
        << std::setprecision(1) << m.megabytes / m.seconds << std::setw(14) << std::setprecision(0) << items_per_s
        << std::setw(9) << std::setprecision(2) << (base > 0 ? items_per_s / base : 0.0) << "x\n";
  }
  out << "results agree: " << (report.results_agree ? "yes" : "NO") << "\n";
}

}  // namespace warp::bench
