#!/usr/bin/env bash
# Installs the Debian packages warpevm builds and tests with (DESIGN.md section 8).
# Idempotent: installs only what is missing; a no-op on a machine that has them all.
# nvcc (CUDA toolkit) is not a Debian package here: it is used when found, see WARPEVM_CUDA.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libtbb-dev libbenchmark-dev libgtest-dev libgmock-dev
  libsecp256k1-dev libssl-dev libgmp-dev
  nlohmann-json3-dev libcli11-dev liblmdb-dev libcpp-httplib-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
