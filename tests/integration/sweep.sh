#!/bin/bash
# Sweeps: one job runs every point, and the numbers do not depend on how.
#
# usage: sweep.sh CRAMPSIM MPIEXEC WORKDIR
#   1. the sweep on 1 process, then on 3 ranks in groups of 1 and in groups
#      of 2 (oversubscribed): identical files (run metadata aside)
#   2. --point K alone gives point K of the sweep (the sweep's file of point
#      K; the gathered file holds copies of those, compared in 1)
#   3. a rerun without --resume refuses the earlier run's points; with
#      --resume, after removing one point and the gathered file, it runs
#      that point only and gives the same file, on 1 process and on 2 ranks
#      (one group runs the point, the other none)
#   4. the table: 6 points, paths and values as the grid says
set -euo pipefail
crampsim=$1 mpiexec=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
scenario=$here/sweep.yaml
rm -rf "$work"
mkdir -p "$work"
die() { echo "sweep: FAIL: $*" >&2; exit 1; }

# h5diff ignoring every /meta/run (timing, host, ranks, threads, groups)
same() {
    local ex=(--exclude-path /meta/run)
    for k in 0 1 2 3 4 5; do ex+=(--exclude-path "/points/point_00000$k/meta/run"); done
    h5diff "${ex[@]}" "$1" "$2" >"$work/h5diff.txt" 2>&1 || { head -20 "$work/h5diff.txt" >&2; die "$1 differs from $2"; }
}

"$crampsim" run "$scenario" -q --threads 1 -o "$work/one.h5"
[ -f "$work/one.h5" ] || die "no result file"
[ "$(h5ls "$work/one.h5/points" | wc -l)" -eq 6 ] || die "expected 6 points"
"$mpiexec" --oversubscribe -n 3 "$crampsim" run "$scenario" -q --threads 1 -o "$work/three.h5"
same "$work/one.h5" "$work/three.h5"
"$mpiexec" --oversubscribe -n 3 "$crampsim" run "$scenario" -q --threads 1 --group-size 2 -o "$work/pairs.h5"
same "$work/one.h5" "$work/pairs.h5"
echo "sweep: 1 process, 3 groups of 1 and groups of 2 ranks give the same file"

"$crampsim" run "$scenario" -q --threads 1 --point 4 -o "$work/p4.h5"
h5diff --exclude-path /meta/run "$work/p4.h5" "$work/one.h5.points/point_000004.h5" \
    >"$work/h5diff_point.txt" 2>&1 || { head "$work/h5diff_point.txt" >&2; die "--point 4 differs from point 4 of the sweep"; }
echo "sweep: --point 4 alone gives point 4"

if "$crampsim" run "$scenario" -q --threads 1 -o "$work/one.h5" 2>"$work/err.txt"; then die "a rerun over earlier points did not refuse"; fi
grep -q "add --resume" "$work/err.txt" || die "no hint about --resume: $(cat "$work/err.txt")"
rm -f "$work/one.h5" "$work/one.h5.points/point_000002.h5"
"$crampsim" run "$scenario" --threads 1 --resume -o "$work/one.h5" >"$work/resume.txt"
grep -q "1 run, 5 kept" "$work/resume.txt" || die "resume did not keep 5 points: $(cat "$work/resume.txt")"
same "$work/one.h5" "$work/three.h5"
echo "sweep: --resume runs only the missing point and gives the same file"
# over ranks the groups then run different numbers of points (here 1 and 0):
# nothing collective may span them
rm -f "$work/three.h5" "$work/three.h5.points/point_000003.h5"
timeout 60 "$mpiexec" --oversubscribe -n 2 "$crampsim" run "$scenario" --threads 1 --resume -o "$work/three.h5" \
    >"$work/resume2.txt" || die "--resume on 2 ranks failed or hung (exit $?)"
grep -q "1 run, 5 kept" "$work/resume2.txt" || die "resume on 2 ranks did not keep 5 points: $(cat "$work/resume2.txt")"
same "$work/one.h5" "$work/three.h5"
echo "sweep: --resume on 2 ranks, one group idle: the same file"

if [ -n "${PYTHON:-}" ]; then
    "$PYTHON" - "$work/one.h5" <<'PY'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
paths = [p.decode() if isinstance(p, bytes) else p for p in f["/sweep/path"][()]]
assert paths == ["parameters.interventions.quinine.rate_ratio", "arms.quinine.interventions.quinine.coverage"], paths
v = f["/sweep/value"][()]
assert v.shape == (6, 2), v.shape
assert np.allclose(v[:, 0], [0.6, 0.6, 0.6, 0.85, 0.85, 0.85]) and np.allclose(v[:, 1], [0.3, 0.6, 0.9] * 2), v
seeds = f["/sweep/seed"][()]
# points that differ only in the arm's coverage share a seed (a family)
assert len(set(seeds.tolist())) == 2 and (seeds[:3] == seeds[0]).all() and (seeds[3:] == seeds[3]).all(), seeds
# coverage raises the starts, a weaker drug averts fewer cramps
starts = [f[f"/points/point_{k:06d}/arms/quinine/timeseries/iv_starts"][()].sum() for k in range(6)]
assert starts[0] < starts[1] < starts[2], starts
print("sweep: table and point results as the grid says")
PY
fi
