#!/bin/bash
# Disk limits (docs/reliability.md, "Limits"): a run whose output cannot fit
# -- the file-size limit (ulimit -f) or the free space of its folder --
# stops before it simulates, with exit 4 and a message giving the file,
# the estimate, the limit and what to do; --no-disk-check goes on, and a
# run that then passes the limit ends cleanly (exit 3, a message, no file).
#
# usage: disk.sh CRAMPSIM WORKDIR CASE
#   fsize        the small scenario (results at least 2.0 MB) under ulimit -f 1 MiB
#   override     the same with --no-disk-check: the write past the limit fails
#                with EFBIG (SIGXFSZ is ignored), exit 3, no file left
#   free         the same onto a 1 MiB tmpfs (needs mount: exit 77, skipped,
#                where this container refuses it)
#   checkpoint   small results, but a checkpoint of 10^5 agents' columns
#                (about 10 MB) under ulimit -f 4 MiB
#   sweep        a sweep whose gathered file (at least 10.9 MB) exceeds
#                ulimit -f 8 MiB; its points folder is never made
set -uo pipefail
crampsim=$1 work=$2/$3 case=$3
here=$(cd "$(dirname "$0")/.." && pwd)
small=$here/fault/small_arms.yaml
rm -rf "$work" && mkdir -p "$work"
out=$work/run.h5
mounted=
cleanup() { [ -z "$mounted" ] || umount "$mounted" 2>/dev/null; }
trap cleanup EXIT
die() { echo "disk[$case]: FAIL: $*" >&2; [ -f "$work/err" ] && cat "$work/err" >&2; exit 1; }

# expect CODE OUT SCENARIO ARGS... -- TEXT...: exit CODE within 20 s (when 4:
# a refusal before the run), each TEXT on stderr, at most two lines there,
# neither OUT nor OUT.partial left
expect() {
    local code=$1 file=$2 scenario=$3 args=() start=$SECONDS rc=0
    shift 3
    while [ "$1" != "--" ]; do args+=("$1"); shift; done
    shift
    timeout 120 "$crampsim" run "$scenario" -q -o "$file" --threads 1 "${args[@]}" 2>"$work/err" || rc=$?
    [ "$rc" -eq "$code" ] || die "exit $rc, expected $code"
    [ "$code" -ne 4 ] || [ $((SECONDS - start)) -le 20 ] || die "took $((SECONDS - start)) s: the refusal is not early"
    for t in "$@"; do grep -qF -- "$t" "$work/err" || die "stderr lacks: $t"; done
    [ "$(grep -c . "$work/err")" -le 2 ] || die "more than two lines on stderr"
    for f in "$file" "$file.partial" "$file.ckpt" "$file.ckpt.partial"; do
        [ ! -e "$f" ] || die "$f exists after the failure"
    done
    echo "disk[$case]: exit $rc in $((SECONDS - start)) s: $(cut -c1-400 "$work/err" | head -1)..."
}

case $case in
fsize)
    (ulimit -f 1024 && expect 4 "$out" "$small" -- "$out: the result file would take 2.0" \
        "more than the 1.05 MB this process may write to one file (ulimit -f, RLIMIT_FSIZE)" \
        "a coarser output.series" "output.agents: false" "--no-disk-check") || exit 1
    ;;
override)
    (ulimit -f 1024 && expect 3 "$out" "$small" --no-disk-check -- "$out.partial" \
        "File too large: the file-size limit (ulimit -f, RLIMIT_FSIZE) is reached") || exit 1
    ;;
free)
    mkdir -p "$work/mnt"
    if [ -n "${CS_NO_MOUNT:-}" ] || ! mount -t tmpfs -o size=1m tmpfs "$work/mnt" 2>/dev/null; then
        echo "disk[$case]: SKIPPED: this container refuses 'mount -t tmpfs' (the other cases need no mount)"
        exit 77
    fi
    mounted=$work/mnt
    out=$work/mnt/run.h5
    expect 4 "$out" "$small" -- "$out: the result file would take 2.0" \
        "more than the 1.05 MB free there for unprivileged users (statvfs)" "write into another folder (-o FILE)" \
        "--no-disk-check"
    [ -z "$(ls -A "$work/mnt")" ] || die "the tmpfs is not empty: $(ls -A "$work/mnt")"
    ;;
checkpoint)
    (ulimit -f 4096 && expect 4 "$out" "$small" --set population.size=100000 --set output.series=total \
        --set output.agents=false --checkpoint-every 5 -- "$out.ckpt: the checkpoint would take" \
        "(ulimit -f, RLIMIT_FSIZE)" "run fewer agents, or without --checkpoint-every" "--no-disk-check") || exit 1
    ;;
sweep)
    (ulimit -f 8192 && expect 4 "$out" "$here/integration/sweep.yaml" -- \
        "$out: the sweep's gathered result file would take 10.9 MB" "(ulimit -f, RLIMIT_FSIZE)" \
        "--no-disk-check") || exit 1
    [ ! -e "$out.points" ] || die "$out.points was made although the sweep was refused"
    ;;
*) die "unknown case" ;;
esac
echo "disk[$case]: ok"
