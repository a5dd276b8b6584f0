#!/bin/bash
# Reproducibility of an in-silico trial: the result file of repro_trial.yaml
# must be the same, bit for bit (outside /meta/run), for 1 and 2 threads and
# for 2 and 3 MPI ranks; and the trial must be worth comparing (its
# enrolment selection cut the eligible, every arm has participants).
#
# usage: repro.sh CRAMPSIM MPIEXEC WORKDIR
set -euo pipefail
crampsim=$1 mpiexec=$2 work=$3
scenario=$(cd "$(dirname "$0")" && pwd)/repro_trial.yaml
mkdir -p "$work"
die() { echo "trial repro: FAIL: $*" >&2; exit 1; }

# Elements of an integer dataset, one per line (h5dump, no Python needed).
values() { h5dump -y -w 0 -d "$2" "$1" | sed -n '/DATA {/,/}/p' | tr -c '0-9\n' ' ' | tr -s ' ' '\n' | grep -v '^$'; }

ref=$work/threads1.h5
"$crampsim" run "$scenario" --threads 1 --quiet -o "$ref"
eligible=$(values "$ref" /trial/eligible | awk '{ s += $1 } END { print s + 0 }')
randomised=$(values "$ref" /trial/tallies/randomised | tr '\n' ' ')
echo "trial repro: reference: eligible $eligible over 2 replicates; randomised by replicate and arm: $randomised"
[ "$eligible" -gt 1000 ] || die "only $eligible eligible over two replicates: the enrolment selection does not cut"
for n in $randomised; do [ "$n" -gt 50 ] || die "an arm with $n participants: nothing to compare"; done
# 2:1:1 of 500 in each replicate: 250, 125, 125
[ "$(echo $randomised)" = "250 125 125 250 125 125" ] || die "allocation is not 2:1:1 of 500: $randomised"

# run_and_compare NAME THREADS [LAUNCHER...]: run under the launcher, compare
run_and_compare() {
    local name=$1 threads=$2; shift 2
    "$@" "$crampsim" run "$scenario" --threads "$threads" --quiet -o "$work/$name.h5"
    h5diff --exclude-path /meta/run "$ref" "$work/$name.h5" >"$work/$name.h5diff.txt" 2>&1 ||
        { head -40 "$work/$name.h5diff.txt" >&2; die "$name differs from 1 thread"; }
    echo "trial repro: $name identical to 1 thread"
}
run_and_compare threads2 2
run_and_compare mpi2 1 "$mpiexec" -n 2 --bind-to none
run_and_compare mpi3x2 2 "$mpiexec" -n 3 --bind-to none
