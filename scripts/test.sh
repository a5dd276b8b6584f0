#!/usr/bin/env bash
# Quick start (2): set up, build with warnings as errors, and run the whole
# test suite through CTest (unit, integration, MPI, reproducibility,
# calibration).  MPI as root is allowed inside the tests' environment.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh -DCS_WERROR=ON
cd build
ctest --output-on-failure -j "$(nproc)" "$@"
