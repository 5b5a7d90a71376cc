#!/usr/bin/env bash
# Regenerates the Solidity fixtures of every contract folder (hex code, ABI, storage layout,
# selectors, and where asked the embedded contracts_data.cpp) with a pinned solc-js:
#   bench/contracts/          ERC-20 and AMM pair of the workloads (embedded in C++)
#   tests/analyze_contracts/  small contracts of the `warpevm analyze` safety scenarios
# Each folder's contracts.json lists its contracts; bench/contracts/compile.js does the work.
# Idempotent: files whose content does not change are left untouched.
# Needs node and npm; solc is installed into bench/contracts/node_modules (gitignored).
set -euo pipefail
cd "$(dirname "$0")/.."

# The pin. The .sol files say `pragma solidity 0.8.28;` too, so a different compiler fails.
solc_version=0.8.28
folders=(bench/contracts tests/analyze_contracts)

installed=$(cd bench/contracts && node -p "try { require('./node_modules/solc/package.json').version } catch (e) { '' }")
if [ "$installed" != "$solc_version" ]; then
  echo "installing solc@$solc_version into bench/contracts/node_modules" >&2
  npm install --no-save --no-audit --no-fund --no-package-lock --prefix bench/contracts "solc@$solc_version" >&2
fi

node bench/contracts/compile.js "$solc_version" "${folders[@]}"
