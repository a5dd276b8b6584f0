#!/bin/bash
# Sweep families (tests/integration/sweep_family.yaml): points that differ
# only in policies share a seed and one warm-up per replicate, and each
# point's file is still the one it gets alone.
#
# usage: sweep_family.sh CRAMPSIM MPIEXEC WORKDIR
#   1. families run together (/meta/run/warmup_points) give the file of a
#      sweep whose points each run from night 0 (--no-branch), h5diff
#   2. on 3 ranks in groups of 1: the same file
#   3. --point 3 alone (a family member with a later start) gives point 3
#   4. --resume after removing one point of a family runs that point alone
#      and gives the same file
#   5. seeds: shared within a family, apart across families
set -euo pipefail
crampsim=$1 mpiexec=$2 work=$3
scenario=$(cd "$(dirname "$0")" && pwd)/sweep_family.yaml
rm -rf "$work"
mkdir -p "$work"
die() { echo "sweep_family: FAIL: $*" >&2; exit 1; }
attr() { h5dump -a "$2" "$1" | sed -n 's/^ *(0): *//p'; }
same() {
    local ex=(--exclude-path /meta/run)
    for k in 0 1 2 3 4; do ex+=(--exclude-path "/points/point_00000$k/meta/run"); done
    h5diff "${ex[@]}" "$1" "$2" >"$work/h5diff.txt" 2>&1 || { head -20 "$work/h5diff.txt" >&2; die "$1 differs from $2"; }
}

"$crampsim" run "$scenario" -q --threads 1 -o "$work/fam.h5"
"$crampsim" run "$scenario" -q --threads 1 --no-branch -o "$work/ref.h5"
for k in 0 1 3; do # the family of rate_ratio 0.6: three points, one warm-up of 50 nights
    [ "$(attr "$work/fam.h5" /points/point_00000$k/meta/run/warmup_points)" = 3 ] || die "point $k did not run in a family of 3"
    [ "$(attr "$work/fam.h5" /points/point_00000$k/meta/run/warmup_nights)" = 50 ] || die "point $k: warm-up is not 50 nights"
done
[ "$(attr "$work/fam.h5" /points/point_000002/meta/run/warmup_points)" = 2 ] || die "point 2 did not run in a family of 2"
[ "$(attr "$work/ref.h5" /points/point_000000/meta/run/warmup_points)" = 0 ] || die "--no-branch still shared a warm-up"
same "$work/fam.h5" "$work/ref.h5"
echo "sweep_family: families run together give the file of points run from night 0"

"$mpiexec" --oversubscribe -n 3 "$crampsim" run "$scenario" -q --threads 1 -o "$work/three.h5"
same "$work/fam.h5" "$work/three.h5"
echo "sweep_family: 3 ranks in groups of 1 give the same file"

"$crampsim" run "$scenario" -q --threads 1 --point 3 -o "$work/p3.h5"
h5diff --exclude-path /meta/run "$work/p3.h5" "$work/fam.h5.points/point_000003.h5" >"$work/h5diff_point.txt" 2>&1 ||
    { head "$work/h5diff_point.txt" >&2; die "--point 3 differs from point 3 of the sweep"; }
echo "sweep_family: --point 3 alone gives point 3"

rm -f "$work/fam.h5" "$work/fam.h5.points/point_000001.h5"
"$crampsim" run "$scenario" --threads 1 --resume -o "$work/fam.h5" >"$work/resume.txt"
grep -q "1 run, 4 kept" "$work/resume.txt" || die "resume did not keep 4 points: $(cat "$work/resume.txt")"
same "$work/fam.h5" "$work/ref.h5"
echo "sweep_family: --resume runs the missing member alone and gives the same file"

seeds=$(h5dump -d /sweep/seed -y "$work/fam.h5" | awk '/DATA {/ {on = 1; next} on && /}/ {exit} on' | tr -d ' \n')
IFS=, read -r s0 s1 s2 s3 s4 <<<"$seeds"
[ "$s0" = "$s1" ] && [ "$s0" = "$s3" ] && [ "$s2" = "$s4" ] && [ "$s0" != "$s2" ] ||
    die "seeds not shared by family: $seeds"
echo "sweep_family: seeds shared within a family, apart across families"
