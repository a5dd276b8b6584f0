#!/bin/bash
# Clusters: a real Slurm on this machine runs the sbatch templates of
# runs/slurm/ as a user would, and the results are those of runs made
# without Slurm.
#
# usage: slurm.sh CRAMPSIM SOURCE_DIR WORKDIR        (PYTHON: an interpreter with h5py)
#
# Starts munged, slurmctld and slurmd: one node, a private state folder
# under /tmp, free ports, a cluster name, munge socket and key of its own,
# so that it clashes with nothing (a site's Slurm included).  Then:
#   1. sweep.sbatch: a 6-point sweep as a task farm of 2 ranks (srun --mpi=pmix)
#   2. array.sbatch: the same sweep as a 6-task job array, then sweep.sbatch
#      on 1 task after it (afterok) gathers the points: it keeps all 6
#   3. run.sbatch: a small run on 2 ranks, mpiexec inside the job
#   4. job 1 requeued after removing its result and one point: with
#      --resume it runs that point only
# Every job must end COMPLETED with exit code 0; the files must equal the
# runs made here without Slurm (h5diff, /meta/run aside), and the sweep
# table and every point must be in the gathered files (h5py).  The daemons
# are stopped by the PIDs in their pid files on every way out.
#
# Exit 77 (CTest: SKIPPED) with the reason where Slurm cannot run here:
# not root (slurmd must be), slurm-wlm or munge not installed (scripts/
# test.sh installs them as root), or the daemons do not start.  With
# CS_REQUIRE_SLURM=1 (CI) those are failures instead.
set -euo pipefail
crampsim=$1 src=$2 work=$3
python=${PYTHON:-/usr/bin/python3}
scenario=$src/tests/integration/sweep.yaml
templates=$src/runs/slurm
small=(--set population.size=2003)   # every job and reference run of the sweep
wait_s=${CS_SLURM_WAIT:-240}         # the longest wait for a batch of jobs
rm -rf "$work"
mkdir -p "$work/logs"

die() { echo "slurm: FAIL: $*" >&2; exit 1; }
skip() {
    echo "slurm: SKIPPED: $*" >&2
    [ "${CS_REQUIRE_SLURM:-0}" != 1 ] || die "CS_REQUIRE_SLURM=1, and Slurm cannot run here"
    exit 77
}
# The program: on PATH, else in Debian's folders (sbin is not always on PATH).
find_prog() {
    command -v "$1" 2>/dev/null && return
    local d
    for d in /usr/sbin /usr/bin /sbin; do
        if [ -x "$d/$1" ]; then echo "$d/$1"; return; fi
    done
    return 0
}

# ---- can Slurm run here? ----------------------------------------------------------
[ "$(id -u)" -eq 0 ] || skip "needs root (slurmd starts the jobs); run the tests as root"
declare -A prog
for p in munged slurmctld slurmd sbatch squeue scontrol scancel sinfo srun; do
    prog[$p]=$(find_prog "$p")
    [ -n "${prog[$p]}" ] || skip "$p not found: install slurm-wlm and munge (apt-get install slurm-wlm munge; scripts/test.sh does as root)"
done
command -v h5diff >/dev/null || die "h5diff not found"

# Nothing of a surrounding Slurm (a test run inside a job) may leak into ours.
while read -r v; do unset "$v"; done < <(compgen -e | grep -E '^(SLURM|SBATCH|SRUN|SALLOC|SQUEUE|SINFO|SCONTROL)_' || true)

# ---- start: munged, slurmctld, slurmd ---------------------------------------------
state=$(mktemp -d /tmp/crampsim-slurm.XXXXXX)
chmod 755 "$state" # munged wants its socket's folder open to all
mkdir -p "$state/munge" "$state/state" "$state/spool"
chmod 755 "$state/munge"

# Stops the daemon whose pid file is $1 if it is still program $2 (TERM,
# then KILL after 5 s); a zombie counts as stopped.
stop_pid() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 0
    [[ $pid =~ ^[0-9]+$ ]] || return 0
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ] || return 0
    kill -TERM "$pid" 2>/dev/null || return 0
    for _ in $(seq 50); do
        [ -d "/proc/$pid" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != Z ] || return 0
        sleep 0.1
    done
    echo "slurm: $2 ($pid) ignored TERM: KILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
    local rc=$?
    set +e
    if [ -s "$state/slurmctld.pid" ]; then # every job of this private cluster is ours
        local queued
        queued=$("${prog[squeue]}" -h -o %i 2>/dev/null)
        if [ -n "$queued" ]; then
            echo "slurm: cancelling ${queued//$'\n'/ }" >&2
            # shellcheck disable=SC2086 # one job id a word
            "${prog[scancel]}" $queued
            for _ in $(seq 50); do [ -z "$("${prog[squeue]}" -h -o %i 2>/dev/null)" ] && break; sleep 0.2; done
        fi
    fi
    stop_pid "$state/slurmd.pid" slurmd
    stop_pid "$state/slurmctld.pid" slurmctld
    stop_pid "$state/munge/munged.pid" munged
    cp "$state"/*.log "$state/munge/munged.log" "$work/logs/" 2>/dev/null
    rm -rf "$state"
    exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# munge: a key and a socket of our own; a system munged, if any, is left alone
dd if=/dev/urandom of="$state/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$state/munge/munge.key"
"${prog[munged]}" --socket="$state/munge/munge.sock" --key-file="$state/munge/munge.key" \
    --pid-file="$state/munge/munged.pid" --log-file="$state/munge/munged.log" \
    --seed-file="$state/munge/munged.seed" </dev/null >"$state/munged.err" 2>&1 ||
    skip "munged does not start: $(tail -n 3 "$state/munged.err" "$state/munge/munged.log" 2>/dev/null)"

# two free TCP ports, for slurmctld and slurmd
read -r port_ctld port_d < <("$python" -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
node=$(hostname -s)
cpus=$(nproc)
np=$((cpus >= 2 ? 2 : 1)) # ranks of the MPI jobs
export SLURM_CONF=$state/slurm.conf
cat >"$SLURM_CONF" <<EOF
# one node, for tests/integration/slurm.sh
ClusterName=crampsim$$
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port_ctld
SlurmdPort=$port_d
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$state/munge/munge.sock
ProctrackType=proctrack/linuxproc
TaskPlugin=task/affinity
MpiDefault=none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
StateSaveLocation=$state/state
SlurmdSpoolDir=$state/spool
SlurmctldPidFile=$state/slurmctld.pid
SlurmdPidFile=$state/slurmd.pid
SlurmctldLogFile=$state/slurmctld.log
SlurmdLogFile=$state/slurmd.log
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=$node Default=YES MaxTime=INFINITE State=UP
SchedulerParameters=batch_sched_delay=0
EOF
"${prog[slurmctld]}" -f "$SLURM_CONF" </dev/null >"$state/slurmctld.err" 2>&1 ||
    skip "slurmctld does not start: $(tail -n 5 "$state/slurmctld.err" "$state/slurmctld.log" 2>/dev/null)"
"${prog[slurmd]}" -f "$SLURM_CONF" -N "$node" </dev/null >"$state/slurmd.err" 2>&1 ||
    skip "slurmd does not start: $(tail -n 5 "$state/slurmd.err" "$state/slurmd.log" 2>/dev/null)"
t0=$SECONDS
until [ "$("${prog[sinfo]}" -h -n "$node" -o %t 2>/dev/null)" = idle ]; do
    if ((SECONDS - t0 > 30)); then
        "${prog[sinfo]}" -R >&2 || true
        skip "the node is not idle after 30 s: $(tail -n 5 "$state/slurmctld.log" "$state/slurmd.log" 2>/dev/null)"
    fi
    sleep 0.2
done
echo "slurm: cluster crampsim$$ up ($node, $cpus CPUs, ports $port_ctld/$port_d) in $((SECONDS - t0)) s"

# ---- submit ------------------------------------------------------------------------
export CRAMPSIM=$crampsim
PATH=$(dirname "${prog[srun]}"):$PATH
export PATH
# the resources of the tests override the templates' (#SBATCH lines)
on_node=(--parsable --nodes=1 --time=10 --chdir="$work")
submit() { "${prog[sbatch]}" "${on_node[@]}" "$@" | cut -d';' -f1; }

j_sweep=$(submit --ntasks="$np" --ntasks-per-node="$np" --cpus-per-task=1 -o "$work/logs/sweep-%j.out" \
    "$templates/sweep.sbatch" "$scenario" "$work/sweep.h5" "${small[@]}")
j_array=$(submit --array=0-5 --ntasks=1 --cpus-per-task=1 -o "$work/logs/array-%A_%a.out" \
    "$templates/array.sbatch" "$scenario" "$work/array.h5" "${small[@]}")
j_gather=$(submit --dependency=afterok:"$j_array" --ntasks=1 --cpus-per-task=1 -o "$work/logs/gather-%j.out" \
    "$templates/sweep.sbatch" "$scenario" "$work/array.h5" "${small[@]}")
j_run=$(submit --export=ALL,CS_LAUNCHER=mpiexec --ntasks="$np" --ntasks-per-node="$np" --cpus-per-task=1 \
    -o "$work/logs/run-%j.out" "$templates/run.sbatch" "$src/configs/default.yaml" "$work/run.h5" \
    --set population.size=20000 --set replicates=1)
echo "slurm: submitted sweep $j_sweep, array $j_array, gather $j_gather (after the array), run $j_run"

# meanwhile, the same without Slurm
"$crampsim" run "$scenario" -q --threads 1 "${small[@]}" -o "$work/ref_sweep.h5"
"$crampsim" run "$src/configs/default.yaml" -q --threads 1 --set population.size=20000 --set replicates=1 \
    -o "$work/ref_run.h5"

show_logs() {
    for f in "$work"/logs/*.out; do [ -f "$f" ] && { echo "--- $f" >&2; tail -n 20 "$f" >&2; }; done
    "${prog[scontrol]}" show job >&2 2>/dev/null || true
}
# Waits until none of the jobs $@ is queued: fails after wait_s, or when a
# dependency can never be met.
wait_jobs() {
    local ids deadline=$((SECONDS + wait_s)) q
    ids=$(IFS=,; echo "$*")
    while :; do
        q=$("${prog[squeue]}" -h -j "$ids" -o '%i %T %r' 2>/dev/null) || q=""
        [ -z "$q" ] && return 0
        if grep -q DependencyNeverSatisfied <<<"$q" || ((SECONDS > deadline)); then
            show_logs
            die "jobs still queued after $((SECONDS - deadline + wait_s)) s: ${q//$'\n'/; }"
        fi
        sleep 0.3
    done
}
# Every task of job $1 COMPLETED, exit code 0.
job_ok() {
    local info bad
    info=$("${prog[scontrol]}" show job -o "$1") || die "job $1 unknown to scontrol"
    bad=$(grep -v -E 'JobState=COMPLETED .* ExitCode=0:0' <<<"$info" || true)
    if [ -n "$bad" ]; then
        show_logs
        die "job $1 did not complete: $(grep -o -E '(JobId|JobState|ExitCode)=[^ ]*' <<<"$bad" | tr '\n' ' ')"
    fi
}
t0=$SECONDS
wait_jobs "$j_sweep" "$j_array" "$j_gather" "$j_run"
for j in "$j_sweep" "$j_array" "$j_gather" "$j_run"; do job_ok "$j"; done
echo "slurm: 4 jobs (9 tasks) completed in $((SECONDS - t0)) s"

# ---- check ------------------------------------------------------------------------
# h5diff ignoring every /meta/run (timing, host, ranks, threads, groups)
same() {
    local ex=(--exclude-path /meta/run)
    for k in 0 1 2 3 4 5; do ex+=(--exclude-path "/points/point_00000$k/meta/run"); done
    h5diff "${ex[@]}" "$1" "$2" >"$work/h5diff.txt" 2>&1 || { head -20 "$work/h5diff.txt" >&2; die "$1 differs from $2"; }
}
log_has() { grep -q "$2" "$work/logs/$1" || { show_logs; die "$1: no '$2'"; }; }

log_has "sweep-$j_sweep.out" "6 run, 0 kept from an earlier run; $np ranks* in $np group"
same "$work/sweep.h5" "$work/ref_sweep.h5"
echo "slurm: sweep.sbatch, $np ranks under srun: the file of the run without Slurm"
for k in 0 1 2 3 4 5; do
    [ -f "$(printf '%s/point_%06d.h5' "$work/array.h5.points" $k)" ] || die "array task $k left no point file"
done
log_has "gather-$j_gather.out" "0 run, 6 kept from an earlier run"
same "$work/array.h5" "$work/ref_sweep.h5"
echo "slurm: array.sbatch, 6 tasks, gathered by sweep.sbatch keeping every point: the same file"
h5diff --exclude-path /meta/run "$work/run.h5" "$work/ref_run.h5" >"$work/h5diff.txt" 2>&1 ||
    { head -20 "$work/h5diff.txt" >&2; die "run.h5 differs from ref_run.h5"; }
echo "slurm: run.sbatch, $np ranks under mpiexec: the file of the run without Slurm"

"$python" - "$work" "$np" <<'PY'
import sys, h5py, numpy as np
work, np_ = sys.argv[1], int(sys.argv[2])
ref = h5py.File(f"{work}/ref_sweep.h5", "r")
for name, ranks in (("sweep", np_), ("array", 1)):
    f = h5py.File(f"{work}/{name}.h5", "r")
    assert f["/meta"].attrs["format"] in ("crampsim-sweep", b"crampsim-sweep"), name
    assert f["/sweep"].attrs["points"] == 6 and f["/sweep/value"].shape == (6, 2), name
    assert len(f["/sweep/path"]) == 2 and len(f["/sweep/setting"]) == 6, name
    seeds = f["/sweep/seed"][()]
    assert len(set(seeds.tolist())) == 2 and (seeds == ref["/sweep/seed"][()]).all(), name
    assert np.array_equal(f["/sweep/value"][()], ref["/sweep/value"][()]), name
    for k in range(6):
        p = f[f"/points/point_{k:06d}"]
        assert "resolved" in p["meta"] and len(p["arms"]) == 2, (name, k)
        assert p["meta/run"].attrs["ranks"] == 1, (name, k)    # groups of one rank
    assert f["/meta/run"].attrs["ranks"] == ranks, (name, f["/meta/run"].attrs["ranks"])
assert h5py.File(f"{work}/run.h5", "r")["/meta/run"].attrs["ranks"] == np_
print("slurm: the sweep table and all 6 points in both gathered files; ranks as asked")
PY

# ---- a requeued sweep resumes ------------------------------------------------------
rm -f "$work/sweep.h5" "$work/sweep.h5.points/point_000003.h5"
"${prog[scontrol]}" requeue "$j_sweep"
"${prog[scontrol]}" update jobid="$j_sweep" StartTime=now # not the 2 minutes' wait a requeue gets
wait_jobs "$j_sweep"
job_ok "$j_sweep"
log_has "sweep-$j_sweep.out" "(restart 1)"
log_has "sweep-$j_sweep.out" "1 run, 5 kept from an earlier run"
same "$work/sweep.h5" "$work/ref_sweep.h5"
echo "slurm: the requeued sweep job ran the missing point only (--resume) and gave the same file"
