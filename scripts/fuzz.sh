#!/usr/bin/env bash
# Builds the fuzz targets with clang's libFuzzer, AddressSanitizer and UBSan, and runs one.
# Usage: scripts/fuzz.sh [target=evm_fuzz] [seconds=600]. Corpus and crashes in build-fuzz/.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-evm_fuzz}
seconds=${2:-600}
if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ is needed (Debian: apt-get install clang libclang-rt-14-dev)" >&2
  exit 1
fi
bash scripts/install-deps.sh
cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
  -DWARPEVM_CUDA=OFF -DWARPEVM_LIBFUZZER=ON -DWARPEVM_SANITIZE=address,undefined \
  -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link >/dev/null  # coverage for the libraries too
cmake --build build-fuzz --target "$target" -j "$(nproc)"
mkdir -p "build-fuzz/corpus-$target"
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  "build-fuzz/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
  -print_final_stats=1 "build-fuzz/corpus-$target"
