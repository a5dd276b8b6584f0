#!/bin/bash
# A failing rank (issue 5): when one rank alone fails, every rank stops,
# rank 0 prints the rank and the cause, nothing hangs in a collective and
# no file appears under the final name (nor stays partial).
#
# usage: failing_rank.sh CRAMPSIM MPIEXEC WORKDIR CASE
# Under mpiexec -n 2, rank 1 alone runs under ulimit -v 800 MB; each rank
# needs about 1 GiB for its half of 2 x 10^7 agents, after the result file
# is created.
#   estimate   rank 1 refuses by its memory estimate (exit 4)
#   allocation with --no-memory-check rank 1's allocation fails (exit 4)
set -uo pipefail
crampsim=$1 mpiexec=$2 work=$3/$4 case=$4
scenario=$(cd "$(dirname "$0")/../integration" && pwd)/repro.yaml
rm -rf "$work" && mkdir -p "$work"
out=$work/run.h5
die() { echo "failing_rank[$case]: FAIL: $*" >&2; [ -f "$work/err" ] && cat "$work/err" >&2; exit 1; }
# AddressSanitizer reserves terabytes of address space for its shadow at
# start-up: a rank under ulimit -v cannot start (exit 77: skipped there).
if [ -n "${ASAN_OPTIONS:-}" ]; then
    echo "failing_rank[$case]: SKIPPED: ulimit -v does not apply to an AddressSanitizer build (its shadow memory)"
    exit 77
fi
cat >"$work/rank1_limited.sh" <<'SH'
#!/bin/bash
[ "${OMPI_COMM_WORLD_RANK:-0}" = 1 ] && ulimit -v 800000
exec "$@"
SH
chmod +x "$work/rank1_limited.sh"
extra=()
want=("rank 1 of 2: " "; every rank stops")
case $case in
estimate) want+=("need about 1.0" "GiB on rank 1 of 2" "ulimit -v, RLIMIT_AS") ;;
allocation) extra=(--no-memory-check) want+=("out of memory while setting up 20000000 agents") ;;
*) die "unknown case" ;;
esac
rc=0
start=$SECONDS
timeout 120 "$mpiexec" -n 2 --oversubscribe --bind-to none "$work/rank1_limited.sh" "$crampsim" run "$scenario" -q \
    -o "$out" --threads 1 --set population.size=2e7 "${extra[@]}" >"$work/err" 2>&1 || rc=$?
[ "$rc" -ne 124 ] || die "still running after 120 s: a rank hangs"
[ "$rc" -eq 4 ] || die "exit $rc, expected 4"
for t in "${want[@]}"; do grep -qF -- "$t" "$work/err" || die "the output lacks: $t"; done
[ "$(grep -c '^crampsim: error: rank 1 of 2' "$work/err")" -eq 1 ] || die "the cause is not printed once"
for f in "$out" "$out.partial"; do [ ! -e "$f" ] || die "$f exists after rank 1 failed"; done
echo "failing_rank[$case]: exit 4 after $((SECONDS - start)) s: $(grep '^crampsim: error' "$work/err" | cut -c1-160)..."
echo "failing_rank[$case]: ok"
