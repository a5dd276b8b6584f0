#!/usr/bin/env bash
# Quick start (1): set up, build, and run the default scenario.
# Writes runs/default.h5 and prints a summary of the headline figures.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
mkdir -p runs
build/src/crampsim run configs/default.yaml -o runs/default.h5
