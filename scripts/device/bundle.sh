#!/usr/bin/env bash
# Packs built binaries, with the shared libraries they need from this machine, into one
# folder that can travel to a lent GPU machine (the `run` tool's carry argument). That
# machine has the CUDA driver and a C library but none of our Debian packages (TBB, GMP,
# OpenSSL, secp256k1, ...), so everything else the loader would look for comes along.
#
# Usage: scripts/device/bundle.sh [-o OUT_DIR] BINARY...
#   OUT_DIR defaults to build-device/bundle (ignored by git through /build-*/).
# Then there: bash build-device/bundle/run.sh NAME [ARGS...]
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out="$root/build-device/bundle"
if [ "${1:-}" = "-o" ]; then
  out=$2
  shift 2
fi
if [ "$#" -eq 0 ]; then
  echo "usage: $0 [-o OUT_DIR] BINARY..." >&2
  exit 2
fi

# Left behind on purpose: the C library family must match the target's own loader, and
# libcuda/libnvidia-* belong to the target's driver (a copied one would not match it).
# libstdc++ and libgcc_s do travel: the target may be older than the compiler used here.
skip='^(linux-vdso|ld-linux|libc|libm|libpthread|libdl|librt|libutil|libresolv|libcuda|libnvidia-)[.-]'

rm -rf "$out"
mkdir -p "$out/lib"

for bin in "$@"; do
  [ -x "$bin" ] || { echo "bundle.sh: $bin is not an executable" >&2; exit 1; }
  cp "$bin" "$out/"
  # ldd lists the whole transitive closure; "not found" means this machine cannot run it either.
  if ldd "$bin" | grep -q 'not found'; then
    ldd "$bin" | grep 'not found' >&2
    exit 1
  fi
  ldd "$bin" | awk '$2 == "=>" && $3 ~ /^\// { print $1, $3 }' | while read -r name path; do
    if [[ "$name" =~ $skip ]]; then continue; fi
    # Copy under the soname the binary asks for, following the distribution's symlinks.
    cp -L "$path" "$out/lib/$name"
  done
done

cat >"$out/run.sh" <<'EOF'
#!/usr/bin/env bash
# Runs one bundled binary with the bundled libraries first on the loader's path.
# Usage: bash run.sh NAME [ARGS...]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
name=$1
shift
export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
exec "$here/$name" "$@"
EOF
chmod +x "$out/run.sh"

echo "bundle: $out ($(du -sh "$out" | cut -f1))"
ls -l "$out" "$out/lib"
