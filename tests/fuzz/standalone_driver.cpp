// Runs a libFuzzer target without libFuzzer: seeded random inputs, for builds with g++ and
// for the ctest smoke run. Inputs are biased towards short valid-looking bytecode so that
// the interpreter gets past the first instruction. Usage: <binary> [iterations] [seed].
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

int main(int argc, char** argv) {
  const unsigned long iterations = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 2000;
  const unsigned long seed = argc > 2 ? std::strtoul(argv[2], nullptr, 10) : 1;
  std::mt19937_64 rng(seed);
  // Opcodes that make runs interesting: stack pushes, arithmetic, memory, storage, calls,
  // creates, jumps, logs, returns. Mixed with fully random bytes.
  static constexpr uint8_t kInteresting[] = {
      0x5f, 0x60, 0x61, 0x7f, 0x01, 0x02, 0x04, 0x0a, 0x1b, 0x20, 0x30, 0x31, 0x33, 0x34, 0x35, 0x36, 0x37,
      0x3d, 0x3e, 0x47, 0x51, 0x52, 0x54, 0x55, 0x56, 0x57, 0x5a, 0x5b, 0x5c, 0x5d, 0x5e, 0x80, 0x81, 0x90,
      0xa0, 0xa2, 0xf0, 0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xfa, 0xfd, 0xfe, 0xff};
  std::vector<uint8_t> input;
  for (unsigned long i = 0; i < iterations; ++i) {
    const size_t code_size = rng() % 96;
    const size_t calldata_size = rng() % 64;
    input.assign(3 + code_size + calldata_size, 0);
    input[0] = static_cast<uint8_t>(rng());
    input[1] = 0;
    input[2] = static_cast<uint8_t>(code_size);
    for (size_t j = 0; j < code_size; ++j) {
      const uint64_t r = rng();
      input[3 + j] = (r & 3) ? kInteresting[(r >> 2) % sizeof(kInteresting)] : static_cast<uint8_t>(r >> 8);
    }
    for (size_t j = 0; j < calldata_size; ++j) input[3 + code_size + j] = static_cast<uint8_t>(rng());
    LLVMFuzzerTestOneInput(input.data(), input.size());
  }
  std::printf("evm fuzz smoke: %lu inputs (seed %lu), no crash, no broken invariant\n", iterations, seed);
  return 0;
}
