#!/bin/bash
# Limits (issue 7): a run too large for the memory it may take stops at
# once, before it allocates, with exit 4 and a message giving the
# estimate, the limit and what to do; --no-memory-check skips the estimate.
#
# usage: limits.sh CRAMPSIM WORKDIR CASE
#   population   10^11 agents: more than this machine has (MemAvailable)
#   ulimit       2 x 10^7 agents (about 2 GiB) under ulimit -v 1.5 GiB
#   horizon      200 years of daily series x 1000 replicates: the results
#                alone (every rank holds them) exceed the machine
#   override     the ulimit case with --no-memory-check: the allocation is
#                tried, fails, and still ends in a clean exit 4
set -uo pipefail
crampsim=$1 work=$2/$3 case=$3
scenario=$(cd "$(dirname "$0")/../integration" && pwd)/repro.yaml
rm -rf "$work" && mkdir -p "$work"
out=$work/run.h5
die() { echo "limits[$case]: FAIL: $*" >&2; [ -f "$work/err" ] && cat "$work/err" >&2; exit 1; }

# refused LIMIT_ARGS... -- TEXT...: exit 4 within 20 s, each TEXT on stderr, no file
refused() {
    local args=() start=$SECONDS rc=0
    while [ "$1" != "--" ]; do args+=("$1"); shift; done
    shift
    timeout 60 "$crampsim" run "$scenario" -q -o "$out" --threads 1 "${args[@]}" 2>"$work/err" || rc=$?
    [ "$rc" -eq 4 ] || die "exit $rc, expected 4"
    [ $((SECONDS - start)) -le 20 ] || die "took $((SECONDS - start)) s: the refusal is not early"
    for t in "$@"; do grep -qF -- "$t" "$work/err" || die "stderr lacks: $t"; done
    for f in "$out" "$out.partial"; do [ ! -e "$f" ] || die "$f exists after the refusal"; done
    echo "limits[$case]: exit 4 in $((SECONDS - start)) s: $(cut -c1-200 "$work/err" | head -1)..."
}

# AddressSanitizer reserves terabytes of address space for its shadow at
# start-up: under ulimit -v it cannot start, so the address-space cases
# are for the normal build (the sanitizer build says so, exit 77: skipped).
if [ -n "${ASAN_OPTIONS:-}" ] && { [ "$case" = ulimit ] || [ "$case" = override ]; }; then
    echo "limits[$case]: SKIPPED: ulimit -v does not apply to an AddressSanitizer build (its shadow memory)"
    exit 77
fi

case $case in
population)
    # (--no-disk-check: the per-agent end states of 10^11 agents would stop it first, at the disk check)
    refused --set population.size=1e11 --no-disk-check -- "population.size: 100000000000 agents" "need about" \
        "GiB on rank 0 of 1" "110 bytes per agent" "MemAvailable" "use more MPI ranks on more nodes" "--no-memory-check"
    ;;
ulimit)
    (ulimit -v 1500000 && refused --set population.size=2e7 -- "population.size: 20000000 agents" "need about 2.0" \
        "left under the address-space limit (ulimit -v, RLIMIT_AS)" "use more MPI ranks") || exit 1
    ;;
horizon)
    refused --set population.size=1000 --set horizon.nights=73000 --set replicates=1000 -- "horizon.nights: " \
        "73000 nights x 1000 replicates need about" "use output.series: weekly, a shorter horizon or fewer replicates"
    ;;
override)
    (ulimit -v 1500000 && refused --set population.size=2e7 --no-memory-check -- \
        "out of memory while setting up 20000000 agents") || exit 1
    ;;
*) die "unknown case" ;;
esac
echo "limits[$case]: ok"
