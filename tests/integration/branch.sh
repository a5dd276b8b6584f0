#!/bin/bash
# Arms branched from a shared warm-up: the default when every policy starts
# after night 0 (branch.yaml: night 45) must give the result file of arms
# run one after the other from night 0 (--no-branch), bit for bit, for any
# threads and ranks; /meta/run records which way the run went.
#
# usage: branch.sh CRAMPSIM MPIEXEC WORKDIR CASE
#   CASE reference   --no-branch, 1 thread, into WORKDIR/reference.h5
#   CASE threads1    branched, 1 thread          } each compared with the
#   CASE threads2    branched, 2 threads         } reference by h5diff
#   CASE mpi3        branched, 3 ranks x 1 thread}
#   CASE checkpoint  --checkpoint-every: no branching (warmup_nights 0), same file
set -euo pipefail

crampsim=$1 mpiexec=$2 work=$3 case=$4
scenario=$(cd "$(dirname "$0")" && pwd)/branch.yaml
ref=$work/reference.h5 out=$work/$case.h5
mkdir -p "$work"
die() { echo "branch[$case]: FAIL: $*" >&2; exit 1; }

warmup_nights() { h5dump -a /meta/run/warmup_nights "$1" | sed -n 's/^ *(0): *//p'; }

case $case in
reference)
    rm -f "$ref"
    "$crampsim" run "$scenario" --threads 1 --quiet --no-branch -o "$ref"
    [ "$(warmup_nights "$ref")" = 0 ] || die "--no-branch still branched"
    echo "branch[reference]: $ref"
    exit 0 ;;
threads1) "$crampsim" run "$scenario" --threads 1 --quiet -o "$out"; want=45 ;;
threads2) "$crampsim" run "$scenario" --threads 2 --quiet -o "$out"; want=45 ;;
mpi3) "$mpiexec" -n 3 --oversubscribe "$crampsim" run "$scenario" --threads 1 --quiet -o "$out"; want=45 ;;
checkpoint) "$crampsim" run "$scenario" --threads 1 --quiet --checkpoint-every 40 -o "$out"; want=0 ;;
*) die "unknown case" ;;
esac
got=$(warmup_nights "$out")
[ "$got" = "$want" ] || die "/meta/run/warmup_nights is '$got', expected $want"
log=$work/$case.h5diff.txt
h5diff -v --exclude-path /meta/run "$ref" "$out" >"$log" 2>&1 || {
    grep -B2 -A8 'differences found' "$log" | grep -v '^ *0 differences found' | head -40 >&2
    die "differs from the arms run alone (full report: $log)"
}
n=$(grep -c '^dataset: <' "$log" || true)
[ "$n" -gt 100 ] || die "h5diff compared only $n datasets"
echo "branch[$case]: identical to the arms run alone ($n datasets), warm-up $got nights"
