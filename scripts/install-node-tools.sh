#!/usr/bin/env bash
# Installs the real Ethereum clients the integration tests drive (DESIGN.md section 9):
# foundry's anvil and cast (as their npm binary packages) and ethers, at pinned versions,
# into a prefix folder (default build/node-tools). Installs nodejs and npm from Debian first
# where they are missing. Idempotent: a no-op when the prefix already holds the exact versions.
# Prints the paths of the anvil and cast binaries.
set -euo pipefail

prefix=${1:-build/node-tools}

# The pins. anvil and cast come from the same foundry release so they agree on the protocol.
foundry_version=1.7.1
ethers_version=6.17.0
packages=(
  "@foundry-rs/anvil-linux-amd64@$foundry_version"
  "@foundry-rs/cast-linux-amd64@$foundry_version"
  "ethers@$ethers_version"
)

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "install-node-tools: installing nodejs and npm" >&2
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends nodejs npm
fi

# The version a package in the prefix has, or nothing when it is absent.
installed_version() {
  local manifest="$prefix/node_modules/$1/package.json"
  if [ -f "$manifest" ]; then node -p "require(process.argv[1]).version" "$(realpath "$manifest")"; fi
}

missing=()
for spec in "${packages[@]}"; do
  name=${spec%@*}
  if [ "$(installed_version "$name")" != "${spec##*@}" ]; then missing+=("$spec"); fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-node-tools: all ${#packages[@]} packages present in $prefix" >&2
else
  echo "install-node-tools: installing ${missing[*]} into $prefix" >&2
  mkdir -p "$prefix"
  # All pins at once, so that npm never prunes one pinned package while adding another.
  npm install --prefix "$prefix" --save-exact --no-audit --no-fund --loglevel=error "${packages[@]}" >&2
fi

# The binary packages ship the executable itself under bin/ (package.json "bin").
prefix_abs=$(realpath "$prefix")
for tool in anvil cast; do
  path="$prefix_abs/node_modules/@foundry-rs/$tool-linux-amd64/bin/$tool"
  if [ ! -x "$path" ]; then
    echo "install-node-tools: $tool missing at $path after install" >&2
    exit 1
  fi
  echo "$tool: $path"
done
