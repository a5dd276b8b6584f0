#!/usr/bin/env bash
# The sanitizer step of CI (docs/reliability.md, "Sanitizers"), after
# scripts/test.sh:
#   asan  build-asan/ with gcc, AddressSanitizer + UndefinedBehaviorSanitizer
#         (leaks included): the whole CTest suite
#   tsan  build-tsan/ with clang + LLVM's libomp + archer, ThreadSanitizer:
#         the OpenMP paths -- the unit tests and the reproducibility runs
#         over 1, 2 and 4 threads (and 2 ranks x 2 threads)
#
#   scripts/sanitize.sh [asan|tsan]...      (default: both; extra ctest
#                                            arguments in CS_SANITIZE_CTEST_ARGS)
# Installs clang and libomp-dev when missing (root or sudo, apt).
set -euo pipefail
cd "$(dirname "$0")/.."
steps=("$@")
((${#steps[@]})) || steps=(asan tsan)
jobs=$(nproc)

# clang and libomp-dev (archer, libomp) for the ThreadSanitizer build only.
need_packages() {
  local missing=() p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "sanitize: installing ${missing[*]}"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# configure + build one sanitizer tree.  -O2 -g without NDEBUG: asserts stay
# on, and the suite runs about as fast as a Debug build that is 3x smaller.
build() {
  local dir=$1 sanitizers=$2; shift 2
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O2 -g" \
        "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -g" -DCS_WERROR=ON -DCS_SANITIZE="$sanitizers" \
        -DPython3_EXECUTABLE=/usr/bin/python3 "$@" >/dev/null
  cmake --build "$dir" -j "$jobs"
}

timed() { local t0=$SECONDS; "$@"; echo "sanitize: $* -- $((SECONDS - t0)) s"; }

for step in "${steps[@]}"; do
  case $step in
    asan)
      timed build build-asan address,undefined
      (cd build-asan && timed ctest --output-on-failure -j "$jobs" ${CS_SANITIZE_CTEST_ARGS:-}) ;;
    tsan)
      need_packages clang libomp-dev
      timed build build-tsan thread -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++
      (cd build-tsan && timed ctest --output-on-failure -j "$jobs" ${CS_SANITIZE_CTEST_ARGS:-} \
         -R '^unit\.|^integration\.repro\.(reference|threads2|threads4|mpi2x2)$') ;;
    *) echo "usage: scripts/sanitize.sh [asan|tsan]..." >&2; exit 2 ;;
  esac
done
