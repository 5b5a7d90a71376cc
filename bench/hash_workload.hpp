// The embedded default workload of `warpevm run` until the executors exist: Keccak-256
// batch hashing and the Merkle-Patricia state root of a generated state, each measured
// on one thread, on all threads, and on the GPU where one is present.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <string>
#include <vector>

namespace warp::bench {

struct HashWorkloadOptions {
  size_t messages = 200'000;  // Keccak inputs, sizes drawn between 0 and 600 bytes
  size_t accounts = 50'000;   // accounts in the generated state for the root measurement
  unsigned threads = 0;       // 0 = all hardware threads
  uint64_t seed = 1;
};

struct HashMeasurement {
  std::string what;      // "keccak" or "state root"
  std::string executor;  // "cpu", "gpu"
  unsigned threads = 0;
  double seconds = 0;
  double megabytes = 0;  // bytes hashed / 1e6
  double items = 0;      // hashes or accounts
  std::string result;    // digest of all outputs, compared across executors
};

struct HashWorkloadReport {
  std::vector<HashMeasurement> measurements;
  bool results_agree = true;
};

HashWorkloadReport run_hash_workload(const HashWorkloadOptions& options, std::ostream& progress);
void print_hash_report(const HashWorkloadReport& report, std::ostream& out);

}  // namespace warp::bench
