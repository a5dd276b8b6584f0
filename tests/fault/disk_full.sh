#!/bin/bash
# A full disk and an unwritable output folder (docs/reliability.md, "Fault
# injection"): each is a clear error naming the path, exit 3, and no file
# under the final name (nor a .partial left behind).
#
# usage: disk_full.sh CRAMPSIM CRAMPSIM_FAULT WORKDIR
#   full     results, then a checkpoint, onto a 1 MiB tmpfs (the small
#            scenario's results take 2.4 MB); with --no-disk-check, which
#            would refuse them before the run (tests/reliability/disk.sh)
#   ro       results into a read-only tmpfs (root ignores permission bits, so
#            a read-only mount is the unwritable folder that binds root too)
#   stdout   info and validate printing into /dev/full
# The mounts need root and a kernel that lets this container mount; where
# mounting is refused the first two fall back to fault injection (every HDF5
# call failing from the first dataset write on, as a full disk fails them)
# and say so: never a silent pass.
set -uo pipefail
crampsim=$1 faulty=$2 work=$3
here=$(cd "$(dirname "$0")" && pwd)
scenario=$here/small_arms.yaml
small=(--threads 1 -q)
rm -rf "$work" && mkdir -p "$work/full" "$work/ro"
mounted=()
cleanup() { for m in "${mounted[@]}"; do umount "$m" 2>/dev/null; done; }
trap cleanup EXIT

die() { echo "disk_full: FAIL: $*" >&2; exit 1; }
say() { echo "disk_full: $*"; }

# expect CODE WHAT TEXT... -- ARGS: run ARGS (crampsim or $runner), check the
# exit code and that stderr holds every TEXT
runner=$crampsim
expect() {
    local code=$1 what=$2 rc=0
    shift 2
    local texts=()
    while [ "$1" != "--" ]; do texts+=("$1"); shift; done
    shift
    "$runner" "$@" >"$work/out" 2>"$work/err" || rc=$?
    [ "$rc" -eq "$code" ] || { cat "$work/err" >&2; die "$what: exit $rc, expected $code"; }
    for t in "${texts[@]}"; do grep -qF -- "$t" "$work/err" || { cat "$work/err" >&2; die "$what: stderr lacks '$t'"; }; done
    [ "$(grep -c . "$work/err")" -le 2 ] || { cat "$work/err" >&2; die "$what: more than two lines on stderr"; }
    say "ok: $what (exit $rc): $(head -1 "$work/err")"
}

# nothing under DIR named like the results or the checkpoint
no_final() {
    local left
    left=$(find "$1" -name '*.h5*' -o -name '*.ckpt*' | head -3)
    [ -z "$left" ] || die "$2: left behind: $left"
}

try_mount() { # DIR OPTIONS (CS_NO_MOUNT=1: act as if refused, to test the fallback)
    [ -z "${CS_NO_MOUNT:-}" ] || return 1
    mount -t tmpfs -o "$2" tmpfs "$1" 2>/dev/null && mounted+=("$1")
}

# first_call CLASS FUNCTION OUT: the index of FUNCTION's first call in CLASS
# in a count run of the small scenario into OUT
first_call() {
    local rep=$work/count.txt
    CS_FAULT=count CS_FAULT_REPORT=$rep "$faulty" run "$scenario" "${small[@]}" -o "$3" >/dev/null 2>&1 ||
        die "the count run failed"
    rm -f "$3"
    awk -v c="$1" -v f="$2" '$1 == "call" && $2 == c && $4 == f {print $3; exit}' "$rep"
}

# The fault-injected stand-in for a full disk: the N-th HDF5 call (the first
# dataset write of the count run) and every later one fail.
injected_full() {
    local what=$1 out=$2 n
    shift 2
    n=$(first_call hdf5 H5Dwrite "$out")
    [ -n "$n" ] || die "$what: no H5Dwrite in the count run"
    runner=$faulty
    CS_FAULT="hdf5:$n+" expect 3 "$what (fault injection: hdf5:$n+, mount refused)" "$out.partial" -- \
        run "$scenario" "${small[@]}" -o "$out" "$@"
    runner=$crampsim
}

if try_mount "$work/full" size=1m; then
    out=$work/full/out.h5
    expect 3 "results onto a full 1 MiB tmpfs" "$out.partial" "No space left on device" -- \
        run "$scenario" "${small[@]}" -o "$out" --no-disk-check
    no_final "$work/full" "results onto a full disk"
    # the results fit elsewhere; the checkpoint does not
    ckpt=$work/full/run.ckpt
    expect 3 "a checkpoint onto a full 1 MiB tmpfs" "$ckpt.partial" "No space left on device" -- \
        run "$scenario" "${small[@]}" -o "$work/elsewhere.h5" --checkpoint-every 5 --checkpoint "$ckpt" --no-disk-check
    [ ! -e "$work/elsewhere.h5" ] && [ ! -e "$work/elsewhere.h5.partial" ] && [ ! -e "$ckpt.partial" ] ||
        die "a result or partial file left although the checkpoint failed"
    # an earlier checkpoint that fitted stays, and is whole: a run resumes from it
    if [ -e "$ckpt" ]; then
        cp "$ckpt" "$work/kept.ckpt" && rm -f "$ckpt"
        "$crampsim" run "$scenario" "${small[@]}" -o "$work/resumed.h5" --checkpoint-every 5 \
            --checkpoint "$work/kept.ckpt" --resume 2>"$work/err" || { cat "$work/err" >&2; die "resuming from the checkpoint kept on the full disk failed"; }
        say "ok: the checkpoint kept on the full disk is whole (a run resumed from it)"
    fi
    no_final "$work/full" "a checkpoint onto a full disk"
else
    say "SKIPPED the real full disk: this container refuses 'mount -t tmpfs'; fault injection instead"
    injected_full "results onto a full disk" "$work/full/out.h5"
    no_final "$work/full" "results onto a full disk (injected)"
fi

if try_mount "$work/ro" ro,size=1m; then
    out=$work/ro/out.h5
    expect 3 "results into a read-only folder" "$out.partial" "Read-only file system" -- \
        run "$scenario" "${small[@]}" -o "$out"
    no_final "$work/ro" "results into a read-only folder"
else
    say "SKIPPED the read-only folder: this container refuses 'mount -t tmpfs'; fault injection instead"
    n=$(first_call file open "$work/ro/out.h5")
    runner=$faulty
    CS_FAULT="file:$n:EACCES" expect 3 "results into an unwritable folder (fault injection: file:$n)" \
        "$work/ro/out.h5.partial" "Permission denied" -- run "$scenario" "${small[@]}" -o "$work/ro/out.h5"
    runner=$crampsim
    no_final "$work/ro" "results into an unwritable folder (injected)"
fi

# standard output on a full device: info's and validate's output is their result
"$crampsim" run "$scenario" "${small[@]}" -o "$work/good.h5" || die "the reference run failed"
if [ -w /dev/full ]; then
    "$crampsim" info "$work/good.h5" >/dev/full 2>"$work/err"; rc=$?
    [ $rc -eq 3 ] && grep -qF "cannot write to standard output" "$work/err" ||
        { cat "$work/err" >&2; die "info > /dev/full: exit $rc, expected 3 and a message"; }
    say "ok: info > /dev/full (exit 3): $(head -1 "$work/err")"
    "$crampsim" validate "$scenario" >/dev/full 2>"$work/err"; rc=$?
    [ $rc -eq 3 ] && grep -qF "cannot write to standard output" "$work/err" ||
        { cat "$work/err" >&2; die "validate > /dev/full: exit $rc, expected 3 and a message"; }
    say "ok: validate > /dev/full (exit 3)"
else
    say "SKIPPED stdout on a full device: no writable /dev/full"
fi
say "all passed"
