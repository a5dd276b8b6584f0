#!/usr/bin/python3
"""Kill tests (issue 7): SIGKILL at random moments never leaves a result file
that looks complete but is not, and --resume ends bit-identical to a run
never killed.

usage: kill_random.py CRAMPSIM MPIEXEC WORKDIR --kills N --seed S [--kinds single,mpi,sweep]
                      [--population P] [--json FILE]

Three kinds of run, each compared with its own uninterrupted reference:
  single  one process, 1 or 2 threads, repro.yaml with checkpoints every 30 nights
  mpi     mpiexec -n 2 (1 thread each), checkpoints likewise: either the whole job is killed at once (as a node or
          scancel would) or one rank alone (as the OOM killer would), and
          mpiexec must then stop the other rank
  sweep   the task farm of sweep.yaml on mpiexec -n 2, its points with
          checkpoints; the whole job is killed at once

A chain: run, SIGKILL at a random moment, check, run again with --resume,
kill again... up to 3 kills, then a last --resume runs to the end.  After
every kill the final file is either absent or complete (`crampsim info`
reads it and h5diff finds it equal to the reference), every point file of a
sweep likewise, no process of the job is left, and the end of each chain is
equal to the reference.  Kill moments are uniform over 0 to 1.1 times the
last uninterrupted run's duration (some fall after the end: a finished run
is not counted as a kill).  Prints the counts; exit 1 if anything was bad.
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIGS = os.path.join(os.path.dirname(HERE), "integration")
MAX_KILLS_PER_CHAIN = 3
HANG_SECONDS = 120  # an MPI job that outlives a rank's death by this much is hung
MPI_STARTUP_RETRIES = [0]  # `crampsim info` started again after Open MPI failed to start


def parse_args():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("crampsim")
    p.add_argument("mpiexec")
    p.add_argument("work")
    p.add_argument("--kills", type=int, default=100, help="kills per kind")
    p.add_argument("--seed", type=int, default=1, help="seed of the kill moments")
    p.add_argument("--kinds", default="single,mpi,sweep")
    p.add_argument("--population", type=int, default=5003, help="agents (prime: ranks split it unevenly)")
    p.add_argument("--json", help="write the counts here too")
    return p.parse_args()


class Kind:
    """How to start one kind of run and what its result files are."""

    def __init__(self, name, args, work):
        self.name, self.crampsim, self.mpiexec = name, args.crampsim, args.mpiexec
        self.dir = os.path.join(work, name)
        self.out = os.path.join(self.dir, "run.h5")
        self.ref = os.path.join(work, name + "_reference.h5")
        pop = ["--set", f"population.size={args.population}"]
        if name == "sweep":
            self.scenario = os.path.join(CONFIGS, "sweep.yaml")
            self.sets = pop + ["--set", "horizon.nights=60"]
        else:
            self.scenario = os.path.join(CONFIGS, "repro.yaml")
            self.sets = pop + ["--set", "output.series=weekly"]
        self.ckpt = ["--checkpoint-every", "30"]
        self.ranks = 1 if name == "single" else 2

    def command(self, out, extra, threads=1):
        run = [self.crampsim, "run", self.scenario, "-q", "-o", out, "--threads", str(threads)] + self.sets + extra
        if self.ranks == 1:
            return run
        return [self.mpiexec, "-n", str(self.ranks), "--oversubscribe", "--bind-to", "none"] + run

    def point_files(self, out):
        d = out + ".points"
        if self.name != "sweep" or not os.path.isdir(d):
            return []
        return sorted(f for f in os.listdir(d) if f.startswith("point_") and f.endswith(".h5"))


def excludes(kind):
    ex = ["--exclude-path", "/meta/run"]
    if kind.name == "sweep":
        for k in range(6):
            ex += ["--exclude-path", f"/points/point_{k:06d}/meta/run"]
    return ex


def same(a, b, ex):
    """h5diff finds no difference (outside the run metadata)."""
    r = subprocess.run(["h5diff"] + ex + [a, b], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return r.returncode == 0, r.stdout[-2000:]


def complete(kind, path, ref, ex):
    """A file under a final name: readable by `crampsim info` (a result file;
    info does not read a sweep's gathered file) and equal to `ref`."""
    if kind.name == "sweep" and path == kind.out:
        ok, diff = same(ref, path, ex)
        return None if ok else f"{path} differs from {ref}:\n{diff}"
    for _ in range(3):
        info = subprocess.run([kind.crampsim, "info", path], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
        # Open MPI failing to start (its session folder, under load) before crampsim's code runs: exit 1
        # with ORTE's own complaint; crampsim itself answers a bad file with 2 or 3.  Try again.
        if not (info.returncode == 1 and "ORTE_ERROR_LOG" in info.stderr):
            break
        MPI_STARTUP_RETRIES[0] += 1
        time.sleep(1)
    if info.returncode != 0:
        return f"{path}: crampsim info failed ({info.returncode}): {info.stderr.strip()[:500]}"
    ok, diff = same(ref, path, ex)
    return None if ok else f"{path} differs from {ref}:\n{diff}"


def job_pids(sid):
    """Processes still in the job's session (mpiexec puts each rank in a
    process group of its own, so a group is not enough)."""
    pids = []
    for p in os.listdir("/proc"):
        if not p.isdigit():
            continue
        try:
            with open(f"/proc/{p}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
            if int(fields[3]) == sid and fields[0] != "Z":
                pids.append(int(p))
        except (OSError, IndexError, ValueError):
            pass
    return pids


def rank_pids(sid, crampsim):
    out = []
    for pid in job_pids(sid):
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                argv0 = f.read().split(b"\0")[0].decode(errors="replace")
        except OSError:
            continue
        if os.path.basename(argv0) == os.path.basename(crampsim):
            out.append(pid)
    return out


class Tally:
    def __init__(self):
        self.c = {k: 0 for k in ("kills", "kills_whole_job", "kills_one_rank", "no_final_file", "complete_final_file",
                                 "points_checked", "locks_after_kill", "partial_after_kill", "finished_before_kill",
                                 "chains", "resumed_identical", "bad")}
        self.problems = []

    def bad(self, what):
        self.c["bad"] += 1
        self.problems.append(what)
        print("  BAD:", what, flush=True)


def start(cmd, log):
    return subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def finish_uninterrupted(kind, cmd, tally, label):
    """Runs cmd to its end; its duration."""
    t0 = time.monotonic()
    with open(os.path.join(kind.dir, "log.txt"), "ab") as log:
        rc = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, timeout=900).returncode
    if rc != 0:
        tally.bad(f"{label}: exit {rc} ({' '.join(cmd)}); see {kind.dir}/log.txt")
    return time.monotonic() - t0


def kill_all(sid):
    """SIGKILL to every process of the job at once, as a lost node or
    scancel does (again for any forked meanwhile)."""
    for _ in range(10):
        pids = job_pids(sid)
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        time.sleep(0.05)


def kill_job(kind, proc, rng, tally):
    """SIGKILL: the whole job, or (MPI) one rank of it; waits for the job to end."""
    sid = proc.pid  # start_new_session: the job's session
    mode = "job"
    if kind.name == "mpi" and rng.random() < 0.5:
        ranks = rank_pids(sid, kind.crampsim)
        if ranks:
            mode = "rank"
            os.kill(rng.choice(ranks), signal.SIGKILL)
    if mode == "job":
        kill_all(sid)
    try:
        proc.wait(timeout=HANG_SECONDS)
    except subprocess.TimeoutExpired:
        tally.bad(f"{kind.name}: the job still runs {HANG_SECONDS} s after one rank was killed")
        kill_all(sid)
        proc.wait()
    for _ in range(100):  # the other ranks go once mpiexec has told them
        if not job_pids(sid):
            break
        time.sleep(0.1)
    left = job_pids(sid)
    if left:
        tally.bad(f"{kind.name}: processes {left} of the killed job are left ({mode} killed)")
        kill_all(sid)
    tally.c["kills_whole_job" if mode == "job" else "kills_one_rank"] += 1
    return mode


def check_after_kill(kind, tally, ex, ref_points):
    """The final file and every point file: absent or complete."""
    if os.path.exists(kind.out):
        why = complete(kind, kind.out, kind.ref, ex)
        if why:
            tally.bad("after a kill, a final file that is not complete: " + why)
            return True
        tally.c["complete_final_file"] += 1
        return True
    tally.c["no_final_file"] += 1
    for f in kind.point_files(kind.out):
        why = complete(kind, os.path.join(kind.out + ".points", f), os.path.join(ref_points, f), ["--exclude-path", "/meta/run"])
        tally.c["points_checked"] += 1
        if why:
            tally.bad("after a kill, a point file that is not complete: " + why)
    names = os.listdir(kind.dir)
    tally.c["locks_after_kill"] += sum(1 for n in names if n.endswith(".lock"))
    tally.c["partial_after_kill"] += sum(1 for n in names if n.endswith(".partial"))
    return False


def save(args, results):
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"seed": args.seed, "kills_per_kind": args.kills, "kinds": results}, f, indent=1)


def run_kind(kind, args, rng, tally, results):
    os.makedirs(kind.dir, exist_ok=True)
    ex = excludes(kind)
    # the reference: one process, 1 thread, never killed, no checkpoints
    if os.path.exists(kind.ref):
        os.remove(kind.ref)
    shutil.rmtree(kind.ref + ".points", ignore_errors=True)
    ref_cmd = [kind.crampsim, "run", kind.scenario, "-q", "-o", kind.ref, "--threads", "1"] + kind.sets
    finish_uninterrupted(kind, ref_cmd, tally, "the reference run")
    duration = None
    while tally.c["kills"] < args.kills:
        shutil.rmtree(kind.dir)
        os.makedirs(kind.dir)
        if duration is None:  # how long a run takes here now (the machine's load changes)
            duration = finish_uninterrupted(kind, kind.command(kind.out, kind.ckpt), tally, "an uninterrupted run")
            why = complete(kind, kind.out, kind.ref, ex)
            if why:
                tally.bad("an uninterrupted run: " + why)
            shutil.rmtree(kind.dir)
            os.makedirs(kind.dir)
        tally.c["chains"] += 1
        ended = False
        for k in range(MAX_KILLS_PER_CHAIN):
            if tally.c["kills"] >= args.kills:
                break
            extra = kind.ckpt + (["--resume"] if k else [])
            threads = rng.choice([1, 2]) if kind.ranks == 1 else 1
            at = rng.uniform(0.0, 1.1 * duration)
            with open(os.path.join(kind.dir, "log.txt"), "ab") as log:
                proc = start(kind.command(kind.out, extra, threads), log)
                t0 = time.monotonic()
                try:
                    proc.wait(timeout=at)
                    tally.c["finished_before_kill"] += 1  # not a kill
                    if k == 0:  # a whole run: how long runs take now
                        duration = time.monotonic() - t0
                    if proc.returncode != 0:
                        tally.bad(f"{kind.name}: a run exited {proc.returncode} without being killed")
                    ended = True
                except subprocess.TimeoutExpired:
                    mode = kill_job(kind, proc, rng, tally)
                    tally.c["kills"] += 1
                    print(f"{kind.name}: kill {tally.c['kills']} at {at:.2f} s ({mode}, {threads} threads)", flush=True)
                    ended = check_after_kill(kind, tally, ex, kind.ref + ".points")
            if ended:
                break
        if not ended:  # resume to the end
            duration = finish_uninterrupted(kind, kind.command(kind.out, kind.ckpt + ["--resume"]), tally,
                                            "a resumed run")
        why = complete(kind, kind.out, kind.ref, ex) if os.path.exists(kind.out) else f"no {kind.out} at the end"
        if why:
            tally.bad(f"{kind.name}: the end of a chain: " + why)
        else:
            tally.c["resumed_identical"] += 1
        # nothing else is left: no checkpoint, no partial file, no MPI-IO lock of a killed run
        left = [n for n in os.listdir(kind.dir) if n not in ("run.h5", "log.txt", "run.h5.points")]
        left += [os.path.join("run.h5.points", n) for n in kind.point_files(kind.out) and os.listdir(kind.out + ".points")
                 if not (n.startswith("point_") and n.endswith(".h5"))]
        if left:
            tally.bad(f"{kind.name}: left after the run ended: {left}")
        results[kind.name] = dict(tally.c, finished=False)  # so far, for a long run watched or cut short
        save(args, results)


def main():
    args = parse_args()
    for k, v in (("OMPI_ALLOW_RUN_AS_ROOT", "1"), ("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1"),
                 ("OMP_WAIT_POLICY", "passive"),
                 # a rank waiting in a collective yields its core: 2 ranks on a busy 2-core machine
                 # otherwise spin (a run 3-4 times slower here)
                 ("OMPI_MCA_mpi_yield_when_idle", "1")):
        os.environ.setdefault(k, v)
    os.makedirs(args.work, exist_ok=True)
    rng = random.Random(args.seed)
    results = {}
    failed = False
    for name in args.kinds.split(","):
        tally = Tally()
        t0 = time.monotonic()
        run_kind(Kind(name, args, args.work), args, rng, tally, results)
        results[name] = dict(tally.c, seconds=round(time.monotonic() - t0, 1), finished=True,
                             info_mpi_startup_retries=MPI_STARTUP_RETRIES[0])
        print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in results[name].items()), flush=True)
        failed |= tally.c["bad"] > 0
    save(args, results)
    print("kill tests:", "FAILED" if failed else "ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
