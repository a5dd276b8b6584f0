#!/bin/bash
# Reproducibility: a run must give the same result file, bit for bit, with
# any number of threads and MPI ranks.  Only /meta/run (timing, host, ranks,
# threads) may differ.
#
# usage: repro.sh CRAMPSIM MPIEXEC WORKDIR NAME [NP THREADS]
#   NAME reference       run repro.yaml with --threads 1 into WORKDIR/reference.h5
#                        and check it is worth comparing (cramps, trimesters)
#   NAME selftest        check that h5diff, as called here, does see a changed
#                        value, a changed attribute and a missing dataset
#   NAME compare FILE    compare FILE (a run of repro.yaml made another way, e.g.
#                        stopped and resumed by checkpoint.sh) with the reference
#   NAME other           run with THREADS threads, under mpiexec -n NP when NP > 0
#                        (NP = 0: no mpiexec), into WORKDIR/NAME.h5, and compare
#                        it with WORKDIR/reference.h5
set -euo pipefail

crampsim=$1 mpiexec=$2 work=$3 name=$4 np=${5:-0} threads=${6:-1}
here=$(cd "$(dirname "$0")" && pwd)
scenario=$here/repro.yaml
ref=$work/reference.h5
mkdir -p "$work"

die() { echo "repro[$name]: FAIL: $*" >&2; exit 1; }

# Sum of every element of an integer dataset (h5dump, so no Python needed).
dataset_sum() {
    h5dump -y -w 0 -d "$2" "$1" | sed -n '/DATA {/,/^   }/p' | tr -c '0-9\n' ' ' |
        awk '{ for (i = 1; i <= NF; i++) s += $i } END { printf "%d\n", s }'
}

# Datasets in a file outside /meta/run.
count_datasets() { h5ls -r "$1" | awk '$2 == "Dataset" && $1 !~ /^\/meta\/run\//' | wc -l; }

# h5diff FILE against the reference; fails on any difference and when the
# comparison covered fewer datasets than the reference holds.
compare() {
    local file=$1 log=$work/$name.h5diff.txt rc=0
    h5diff -v --exclude-path /meta/run "$ref" "$file" >"$log" 2>&1 || rc=$?
    if [ "$rc" -ne 0 ]; then
        grep -v '^ *0 differences found' "$log" | grep -B2 -A8 'differences found\|not comparable\|Not comparable' | head -60 >&2 || true
        die "h5diff exit $rc: $file differs from $ref (full report: $log)"
    fi
    if grep -qi 'not comparable' "$log"; then die "h5diff found objects it could not compare (see $log)"; fi
    local want got
    want=$(count_datasets "$ref")
    got=$(grep -c '^dataset: <' "$log" || true)
    [ "$want" -gt 40 ] || die "reference holds only $want datasets"
    [ "$got" -eq "$want" ] || die "h5diff compared $got datasets, the reference holds $want (see $log)"
    echo "repro[$name]: identical to the reference ($got datasets and their attributes compared)"
}

case $name in
reference)
    rm -f "$ref"
    "$crampsim" run "$scenario" --threads 1 --quiet -o "$ref"
    cramps=$(dataset_sum "$ref" /arms/status_quo/timeseries/cramps)
    trimesters=$(dataset_sum "$ref" /arms/status_quo/summary/trimesters_observed)
    agents=$(dataset_sum "$ref" /arms/status_quo/agents/replicate_1/win_nights)
    # the surveys asked mid-run, and the one whose window reuses that one's counters, found sufferers
    midway=$(dataset_sum "$ref" /arms/status_quo/summary/survey.midway.condition_cramps)
    late=$(dataset_sum "$ref" /arms/status_quo/summary/survey.late.condition_cramps)
    echo "repro[reference]: $cramps cramps, $trimesters completed trimesters, $agents cramp nights in replicate 1's agents," \
         "$midway and $late sufferers by condition in the surveys midway and late"
    [ "$cramps" -gt 0 ] || die "no cramps in the reference run: nothing to compare"
    [ "$midway" -gt 0 ] && [ "$late" -gt 0 ] || die "the surveys midway and late found no sufferer: nothing to compare"
    [ "$trimesters" -gt 0 ] || die "no completed trimesters in the reference run"
    [ "$agents" -gt 0 ] || die "the per-agent datasets hold no cramp nights"
    ;;
selftest)
    py=${PYTHON:-/usr/bin/python3}
    for change in value attribute dataset; do
        copy=$work/selftest_$change.h5
        cp "$ref" "$copy"
        "$py" - "$copy" "$change" <<'PY'
import sys, h5py
path, change = sys.argv[1], sys.argv[2]
with h5py.File(path, "a") as f:
    if change == "value":
        d = f["arms/status_quo/agents/replicate_1/win_nights"]
        d[-1] = d[-1] + 1
    elif change == "attribute":
        f["meta"].attrs["seed"] = f["meta"].attrs["seed"] + 1
    else:
        del f["arms/status_quo/summary/frequency"]  # a dataset gone
PY
        rc=0
        h5diff -q --exclude-path /meta/run "$ref" "$copy" || rc=$?
        [ "$rc" -eq 1 ] || die "h5diff did not report a changed $change (exit $rc)"
        echo "repro[selftest]: h5diff reports a changed $change (exit 1)"
        rm -f "$copy"
    done
    ;;
compare)
    file=${5:?compare needs a file}
    name=compare_$(basename "$file" .h5)_$$
    compare "$file"
    rm -f "$work/$name.h5diff.txt"
    ;;
*)
    out=$work/$name.h5
    rm -f "$out" "$out.partial"
    if [ "$np" -gt 0 ]; then
        "$mpiexec" -n "$np" --oversubscribe --bind-to none \
            "$crampsim" run "$scenario" --threads "$threads" --quiet -o "$out"
    else
        "$crampsim" run "$scenario" --threads "$threads" --quiet -o "$out"
    fi
    [ -f "$out" ] || die "no result file $out"
    [ ! -e "$out.partial" ] || die "$out.partial left behind"
    compare "$out"
    ;;
esac
