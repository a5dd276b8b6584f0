#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages crampsim needs (only the missing
# ones), then configures and builds into build/.  Idempotent: a second run
# installs nothing and rebuilds only what changed.
#
#   scripts/setup.sh [extra cmake -D options...]
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(build-essential cmake pkg-config libopenmpi-dev openmpi-bin libhdf5-openmpi-dev hdf5-tools
          libcunit1-dev libpcg-cpp-dev libyaml-dev python3-h5py python3-numpy python3-matplotlib python3-yaml)
installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }
missing=()
for p in "${packages[@]}"; do
  installed "$p" || missing+=("$p")
done
# CS_OPTIONAL_PACKAGES (scripts/test.sh: slurm-wlm munge for the slurm
# tests, which need root anyway): installed only as root, and a failure is
# a warning; tests without them report SKIPPED.
optional=()
for p in ${CS_OPTIONAL_PACKAGES:-}; do
  installed "$p" || optional+=("$p")
done
if ((${#optional[@]})) && { [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; }; then
  echo "setup: not installing ${optional[*]} (not root, or no apt-get): the tests needing them will be skipped" >&2
  optional=()
fi
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
  fi
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
elif ((${#optional[@]})); then
  apt-get update -q || true
fi
if ((${#optional[@]})); then
  echo "setup: installing ${optional[*]} (optional)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${optional[@]}" ||
    echo "setup: could not install ${optional[*]}: the tests needing them will be skipped" >&2
fi

# The default `python3` may be a pyenv shim without h5py: pin Debian's.
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPython3_EXECUTABLE=/usr/bin/python3 "$@" >/dev/null
cmake --build build -j "$(nproc)"
