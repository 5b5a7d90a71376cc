#!/usr/bin/env bash
# Configures (once) and builds warpevm in ./build. Arguments: targets (default: all).
# Environment: WARPEVM_BUILD_DIR (default build), WARPEVM_CMAKE_ARGS (extra -D options).
set -euo pipefail
cd "$(dirname "$0")/.."

build_dir=${WARPEVM_BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
# shellcheck disable=SC2086
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DWARPEVM_WERROR=ON ${WARPEVM_CMAKE_ARGS:-} >/dev/null

if [ "$#" -eq 0 ]; then
  cmake --build "$build_dir" -j "$jobs"
else
  cmake --build "$build_dir" -j "$jobs" --target "$@"
fi
