#!/usr/bin/env bash
# Quick start (2): set up, build with warnings as errors, and run the whole
# test suite through CTest (unit, integration, MPI, reproducibility,
# calibration, a real Slurm).  MPI as root is allowed inside the tests'
# environment.
set -euo pipefail
cd "$(dirname "$0")/.."
# slurm-wlm and munge: a real one-node Slurm for the `slurm` tests
# (runs/slurm/ templates; installed as root only, about 15 s).
CS_OPTIONAL_PACKAGES="slurm-wlm munge" scripts/setup.sh -DCS_WERROR=ON
cd build
ctest --output-on-failure -j "$(nproc)" "$@"
