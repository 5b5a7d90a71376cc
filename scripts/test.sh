#!/usr/bin/env bash
# Installs dependencies, builds everything, runs the whole test suite.
# This is the README's test command, and what CI (.ci/run) runs.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
bash scripts/build.sh
ctest --test-dir "${WARPEVM_BUILD_DIR:-build}" --output-on-failure -j "$(nproc 2>/dev/null || echo 2)" "$@"
