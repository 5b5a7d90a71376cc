#!/usr/bin/env bash
# Regenerates the Solidity fixtures in bench/contracts/ (hex code, ABI, storage layout,
# selectors, and the embedded contracts_data.cpp) with a pinned solc-js.
# Idempotent: files whose content does not change are left untouched.
# Needs node and npm; solc is installed into bench/contracts/node_modules (gitignored).
set -euo pipefail
cd "$(dirname "$0")/../bench/contracts"

# The pin. The .sol files say `pragma solidity 0.8.28;` too, so a different compiler fails.
solc_version=0.8.28

installed=$(node -p "try { require('./node_modules/solc/package.json').version } catch (e) { '' }")
if [ "$installed" != "$solc_version" ]; then
  echo "installing solc@$solc_version into bench/contracts/node_modules" >&2
  npm install --no-save --no-audit --no-fund --no-package-lock --prefix . "solc@$solc_version" >&2
fi

node compile.js "$solc_version"
