#!/usr/bin/env python3
"""Fault-injection walk (docs/reliability.md, "Fault injection").

usage: fault_walk.py CRAMPSIM_FAULT WORKDIR CASE [--every] [--classes alloc,file,hdf5]
       fault_walk.py CRAMPSIM_FAULT WORKDIR mpi_run --mpiexec MPIEXEC [--fault-rank R] [--sample N]

CASE is one of the small runs below.  A first run with CS_FAULT=count lists
every allocation, file and HDF5 call our code makes, with its call site;
then, for each distinct call site (the first call from it; --every: every
call), the run is repeated with that one call failing.  Each failed run must
stop cleanly:

  * exit code 4 for an allocation, 3 for a file or HDF5 call (2 where the
    failing call reads the user's input and the message says so is not
    accepted: an I/O failure is not bad input), never 0, never a signal,
    within the time limit;
  * a message on stderr: at least one "crampsim: error:" line, nothing else
    (no HDF5 error-stack dump);
  * no result file under its final name, no FILE.partial left, and a
    checkpoint only if a complete one was written before the fault;
  * nothing held at MPI_Finalize: no heap block of ours, stream, descriptor
    or HDF5 object (cs_fault_wrap.c's report).

The case mpi_run runs the small scenario under `mpiexec -n 2` (results
written collectively through parallel HDF5) and fails one HDF5 call on one
rank only (CS_FAULT_RANK, default rank 1), walking that rank's HDF5 call
sites.  The whole job must stop within the time limit with a non-zero
exit, an error line "rank R of 2: CAUSE" (or, for a fault on rank 0, the
cause itself), no HDF5 error stack, no result file under its final name;
no .partial either way; cleanly (exit 3, every rank reaching MPI_Finalize
holding nothing) or, where the ranks can no longer agree (one was left
inside an MPI collective, or the file changed on some ranks only), by
crampsim's MPI_Abort (counted apart).

The summary (calls per class, faults injected, outcomes) is printed and
written to WORKDIR/CASE/summary.json.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SCENARIO = os.path.join(HERE, "small_arms.yaml")
EXPECTED_EXIT = {"alloc": 4, "file": 3, "hdf5": 3}
TIMEOUT_S = 60
# Calls whose failure is absorbed on purpose, the run finishing as it should:
# (function, caller).  The memory check reads what the node has left
# (/proc/meminfo, the cgroup's memory.max, /proc/self/statm) as best it can:
# a file it cannot open is a limit it does not know, and the allocation
# itself still fails cleanly (alloc walk).  The caller is the check, or the
# reader where the compiler did not inline it.
BEST_EFFORT = {("fopen", caller) for caller in
               ("cs_sim_check_memory_", "cs_read_number_", "cs_meminfo_", "cs_sysmem_process", "cs_sysmem_node")}
# An injected HDF5 close closes, then says it failed: nothing is lost, and
# crampsim ignores the status of object closes (only the file's close, which
# flushes, decides -- cs_h5w_commit); a close that really cannot flush is
# the disk-full test's (disk_full.sh).  Such a run may finish (exit 0).
ABSORBED_CLOSES = {"H5Aclose", "H5Dclose", "H5Gclose", "H5Fclose"}
# Wrong outcomes known and not fixed yet, as (function, caller): reported,
# not failed (docs/reliability.md lists them).  Keep this short.
KNOWN = set()
# crampsim's two message forms: "crampsim: error: TEXT" and, for a place in a
# file, "FILE[:LINE[:COL]]: [KEY: ]TEXT"
ERROR_LINE = re.compile(r"^(crampsim: error: |[^\s:][^:]*(:\d+){0,2}: \S)")


class Case:
    """One small run: its command line, and what it reads and writes."""

    def __init__(self, name, args, output=None, checkpoint=None, prepare=None):
        self.name, self.args, self.output, self.checkpoint, self.prepare = name, args, output, checkpoint, prepare


def cases(work, shared):
    """The cases, writing under `work` (one folder per worker) and reading
    what their preparation left in `shared`."""
    out = os.path.join(work, "out.h5")
    ckpt = out + ".ckpt"
    small = ["--threads", "1", "-q"]
    good = os.path.join(shared, "good.h5")
    saved = os.path.join(shared, "saved.ckpt")

    def make_good(binary):
        run_plain(binary, ["run", SCENARIO, *small, "-o", good])

    def make_checkpoint(binary):
        # stopped after night 8 of the first arm's second replicate: resuming
        # reads the checkpoint, finishes that arm and runs the other
        first = os.path.join(shared, "first.h5")
        run_plain(binary, ["run", SCENARIO, *small, "-o", first, "--checkpoint-every", "4",
                           "--stop-after-night", "8"], ok=(5,))
        shutil.move(first + ".ckpt", saved)

    def fresh_checkpoint():
        shutil.copy(saved, ckpt)

    return {
        "run": Case("run", ["run", SCENARIO, *small, "-o", out, "--checkpoint-every", "5"], out, ckpt),
        "resume": Case("resume", ["run", SCENARIO, *small, "-o", out, "--checkpoint-every", "5", "--resume"],
                       out, ckpt, prepare=(make_checkpoint, fresh_checkpoint)),
        "validate": Case("validate", ["validate", SCENARIO]),
        "info": Case("info", ["info", good], prepare=(make_good, None)),
        "mpi_run": Case("mpi_run", ["run", SCENARIO, *small, "-o", out], out),
    }


def run_plain(binary, args, ok=(0,)):
    env = dict(os.environ, CS_FAULT="")
    p = subprocess.run([binary, *args], env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    if p.returncode not in ok:
        sys.exit(f"fault_walk: preparation failed (exit {p.returncode}): {' '.join(args)}\n{p.stderr}")
    return p.returncode


def symbolize(binary, sites):
    """{site: function} through addr2line, where it is installed."""
    try:
        p = subprocess.run(["addr2line", "-f", "-e", binary, *sites], capture_output=True, text=True, timeout=60)
        names = p.stdout.splitlines()[0::2]
        return {s: n.split(".")[0] for s, n in zip(sites, names)}
    except (OSError, subprocess.SubprocessError):
        return {}


def read_report(path):
    rep = {"calls": {}, "log": []}
    if not os.path.exists(path):
        return None
    with open(path) as f:
        for line in f:
            w = line.split()
            if not w:
                continue
            if w[0] == "calls":
                rep["calls"][w[1]] = int(w[2])
            elif w[0] == "call":
                rep["log"].append((w[1], int(w[2]), w[3], w[4]))
            elif w[0] == "first_fault":
                rep["first_fault"] = (w[1], int(w[2]), w[3], w[4])
            elif w[0] in ("injected", "heap_live", "streams_open", "fds_open", "h5_open"):
                rep[w[0]] = int(w[1])
            elif w[0] == "log" and "truncated" in line:
                rep["truncated"] = True
    return rep


# Open MPI failing to start (before crampsim runs: no report, its own banner)
MPI_START_FAILED = ("A call to mkdir was unable to create", "ompi_rte_init", "orte_init")
mpi_restarts = 0


def launch(binary, case, work, spec):
    """One run; started again (at most twice, counted) when Open MPI itself
    failed to start, which has nothing to do with the fault."""
    global mpi_restarts
    for attempt in range(3):
        rc, stderr, rep, secs = launch_once(binary, case, work, spec)
        started = rep is not None and (not MPI["mpiexec"] or any(rep["ranks"]))
        if started or not any(t in stderr for t in MPI_START_FAILED):
            break
        mpi_restarts += 1
    return rc, stderr, rep, secs


# mpi_run: how the job is started, and which rank fails (main() sets it)
MPI = {"mpiexec": None, "ranks": 2, "fault_rank": 1}


def reports_of(work):
    """The report files of a run: one, or one per rank under mpiexec."""
    if MPI["mpiexec"]:
        return [os.path.join(work, f"report.{r}.txt") for r in range(MPI["ranks"])]
    return [os.path.join(work, "report.txt")]


def run_killable(cmd, env):
    """subprocess.run with TIMEOUT_S, killing the whole process group
    (mpiexec and its ranks) when it runs out."""
    p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        _, err = p.communicate(timeout=TIMEOUT_S)
        return p.returncode, err
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        _, err = p.communicate()
        return "timeout", err or ""


def launch_once(binary, case, work, spec):
    for f in reports_of(work):
        if os.path.exists(f):
            os.remove(f)
    for f in (case.output, case.checkpoint):
        for g in (f, f and f + ".partial"):
            if g and os.path.exists(g):
                os.remove(g)
    if case.prepare and case.prepare[1]:
        case.prepare[1]()
    # Open MPI's session folders of two runs at once apart: the folder is the
    # worker's.  orte_tmpdir_base, which ctest sets per test, wins over TMPDIR.
    env = dict(os.environ, CS_FAULT=spec, OMP_NUM_THREADS="1", TMPDIR=work, OMPI_MCA_orte_tmpdir_base=work)
    cmd = [binary, *case.args]
    if MPI["mpiexec"]:
        env.update(CS_FAULT_REPORT=os.path.join(work, "report.%r.txt"), CS_FAULT_RANK=str(MPI["fault_rank"]),
                   OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
        cmd = [MPI["mpiexec"], "-n", str(MPI["ranks"]), "--oversubscribe", "--bind-to", "none", *cmd]
    else:
        env.update(CS_FAULT_REPORT=reports_of(work)[0])
    t0 = time.monotonic()
    rc, stderr = run_killable(cmd, env)
    reps = [read_report(f) for f in reports_of(work)]
    if not MPI["mpiexec"]:
        return rc, stderr, reps[0], time.monotonic() - t0
    # the faulted rank's report carries the calls and the log; "ranks" has
    # every rank's (None: that rank did not reach MPI_Finalize)
    return rc, stderr, dict(reps[MPI["fault_rank"]] or {}, ranks=reps), time.monotonic() - t0


def checkpoint_complete(path):
    try:
        import h5py
    except ImportError:
        return True  # cannot look inside; the kill tests check checkpoints in depth
    try:
        with h5py.File(path, "r") as f:
            return len(f.keys()) > 0
    except Exception:
        return False


def judge(cls, case, rc, stderr, rep):
    """The list of what is wrong with one faulted run (empty: a clean stop)."""
    bad = []
    if rc == "timeout":
        return [f"hung (no exit within {TIMEOUT_S} s)"]
    if rc < 0:
        return [f"killed by signal {-rc}"]
    if rep is None:
        bad.append("no report: the process did not reach MPI_Finalize")
    elif rep.get("injected", 0) == 0:
        bad.append("the fault was not injected (the call sequence differs from the count run)")
    if rc == 0:
        bad.append("exit 0: the failure went unnoticed")
    elif rc != EXPECTED_EXIT[cls]:
        bad.append(f"exit {rc}, expected {EXPECTED_EXIT[cls]}")
    lines = [l for l in stderr.splitlines() if l.strip()]
    errors = [l for l in lines if ERROR_LINE.match(l) and not l.startswith("crampsim: warning:")]
    if rc != 0 and not errors:
        bad.append("no error message")
    others = [l for l in lines if not ERROR_LINE.match(l)]
    if others:
        bad.append(f"stray stderr: {others[0][:120]!r}")
    if case.output:
        for f in (case.output, case.output + ".partial"):
            if os.path.exists(f) and rc != 0:
                bad.append(f"{os.path.basename(f)} left after a failed run")
    if case.checkpoint:
        if os.path.exists(case.checkpoint + ".partial"):
            bad.append("checkpoint .partial left")
        if os.path.exists(case.checkpoint) and not checkpoint_complete(case.checkpoint):
            bad.append("an incomplete checkpoint under its final name")
    if rep is not None:
        for key in ("heap_live", "streams_open", "fds_open", "h5_open"):
            if rep.get(key, 0) != 0:
                bad.append(f"{key} {rep[key]} at exit")
    return bad


# mpiexec's own lines: its banner after a rank's non-zero exit or an
# MPI_Abort (the rank's own messages are checked apart)
MPIEXEC_LINE = re.compile(r"^(-{10,}|Primary job|a non-zero exit|the job to be terminated|Process name|Exit code|"
                          r"mpiexec|mpirun|MPI_ABORT|with errorcode|NOTE: invoking|You may or may not|"
                          r"exiting improperly|  Process name|  Exit code|prterun|\[[\w.-]+:\d+\])")


def judge_mpi(case, rc, stderr, rep):
    """A faulted mpi_run: (what is wrong, aborted?)."""
    R, P = MPI["fault_rank"], MPI["ranks"]
    if rc == "timeout":
        return [f"hung (the job did not end within {TIMEOUT_S} s)"], False
    bad = []
    reps = rep["ranks"]
    aborted = not all(reps)
    if rc == 0:
        bad.append("exit 0: the failure went unnoticed")
    elif rc < 0:
        bad.append(f"mpiexec killed by signal {-rc}")
    elif not aborted and rc != EXPECTED_EXIT["hdf5"]:
        bad.append(f"exit {rc}, expected {EXPECTED_EXIT['hdf5']}")
    if reps[R] is not None and reps[R].get("injected", 0) == 0:
        bad.append("the fault was not injected (the call sequence differs from the count run)")
    if aborted and any(reps):
        bad.append("ranks " + ",".join(str(k) for k, r in enumerate(reps) if r is None) +
                   " did not reach MPI_Finalize, the others did")
    lines = [l for l in stderr.splitlines() if l.strip()]
    errors = [l for l in lines if l.startswith("crampsim: error: ")]
    want = f"rank {R} of {P}: " if R else ""
    named = [l for l in errors if want in l and len(l.split(want, 1)[1]) > 20]
    if rc != 0 and not named:
        bad.append(f"no error line naming rank {R} of {P} and the cause" if R else "no error message")
    if any("HDF5-DIAG" in l for l in lines):
        bad.append("an HDF5 error stack on stderr")
    stray = [l for l in lines if not ERROR_LINE.match(l) and not MPIEXEC_LINE.match(l.strip())]
    if stray and not aborted:
        bad.append(f"stray stderr: {stray[0][:120]!r}")
    if rc != 0 and os.path.exists(case.output):
        bad.append("the result file exists under its final name after a failed run")
    if rc != 0 and os.path.exists(case.output + ".partial"):
        bad.append(".partial left" + (" by the abort" if aborted else " after a clean stop"))
    for k, r in enumerate(reps):
        for key in ("heap_live", "streams_open", "fds_open", "h5_open"):
            if r is not None and r.get(key, 0) != 0:
                bad.append(f"rank {k}: {key} {r[key]} at exit")
    return bad, aborted and not bad


def judge_held(rep):
    """For a run that absorbed its fault: only what it still holds."""
    if rep is None:
        return ["no report: the process did not reach MPI_Finalize"]
    return [f"{k} {rep[k]} at exit" for k in ("heap_live", "streams_open", "fds_open", "h5_open") if rep.get(k, 0)]


def main():
    global TIMEOUT_S
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("work")
    ap.add_argument("case")
    ap.add_argument("--every", action="store_true", help="every call, not one per call site")
    ap.add_argument("--classes", default="alloc,file,hdf5")
    ap.add_argument("--jobs", type=int, default=2, help="faulted runs at once")
    ap.add_argument("--mpiexec", help="mpi_run: the mpiexec to start 2 ranks with")
    ap.add_argument("--fault-rank", type=int, default=1, help="mpi_run: the rank that fails")
    ap.add_argument("--sample", type=int, default=0, help="walk every N-th site only (0: all)")
    ap.add_argument("--timeout", type=int, default=TIMEOUT_S, help="seconds a faulted run may take")
    a = ap.parse_args()
    TIMEOUT_S = a.timeout
    if a.case == "mpi_run":
        if not a.mpiexec:
            sys.exit("fault_walk: mpi_run needs --mpiexec")
        MPI["mpiexec"] = a.mpiexec
        MPI["fault_rank"] = a.fault_rank
    work = os.path.join(a.work, a.case)
    shutil.rmtree(work, ignore_errors=True)
    workers = [os.path.join(work, f"w{k}") for k in range(max(1, a.jobs))]
    for w in workers:
        os.makedirs(w)
    case = cases(workers[0], work)[a.case]
    if case.prepare and case.prepare[0]:
        case.prepare[0](a.binary)

    rc, stderr, rep, secs = launch(a.binary, case, work, "count")
    if rc != 0 or rep is None or "log" not in rep:
        sys.exit(f"fault_walk[{a.case}]: the count run failed (exit {rc})\n{stderr}")
    held = [h for r in rep["ranks"] for h in judge_held(r)] if MPI["mpiexec"] else judge_held(rep)
    if held:
        sys.exit(f"fault_walk[{a.case}]: the run without faults already holds resources at exit: {held}")
    if rep.get("truncated"):
        sys.exit(f"fault_walk[{a.case}]: call log truncated; raise LOG_MAX in cs_fault_wrap.c")

    classes = a.classes.split(",")
    chosen, seen = [], set()
    for cls, n, func, site in rep["log"]:
        if cls not in classes:
            continue
        if a.every or (cls, func, site) not in seen:
            seen.add((cls, func, site))
            chosen.append((cls, n, func, site))
    n_sites = len(chosen)
    if a.sample > 1:
        chosen = chosen[::a.sample]

    print(f"fault_walk[{a.case}]: {' '.join(case.args)}")
    print(f"  calls: " + ", ".join(f"{c} {rep['calls'].get(c, 0)}" for c in ("alloc", "file", "hdf5")) +
          f" ({secs:.2f} s); sites walked: {len(chosen)}" +
          (f" (every {a.sample}th of {n_sites})" if a.sample > 1 else "") +
          (f"; {MPI['ranks']} ranks, faults on rank {MPI['fault_rank']}" if MPI["mpiexec"] else ""))
    names = symbolize(a.binary, sorted({site for _, _, _, site in chosen}))
    outcomes = collections.Counter()
    failures, known, by_site = [], [], []
    per_class = collections.defaultdict(lambda: {"faults": 0, "sites": set(), "exit": collections.Counter()})
    free_workers = queue.Queue()
    for w in workers:
        free_workers.put(w)

    def one(item):
        cls, n, func, site = item
        w = free_workers.get()
        try:
            wcase = cases(w, work)[a.case]
            rc, stderr, frep, _ = launch(a.binary, wcase, w, f"{cls}:{n}")
            if MPI["mpiexec"]:
                if rc == 0 and func in ABSORBED_CLOSES:
                    return item, rc, stderr, [h for r in frep["ranks"] for h in judge_held(r)], True
                bad, aborted = judge_mpi(wcase, rc, stderr, frep)
                return item, rc, stderr, bad, "aborted" if aborted else False
            if rc == 0 and ((func, names.get(site)) in BEST_EFFORT or func in ABSORBED_CLOSES):
                return item, rc, stderr, judge_held(frep), True
            return item, rc, stderr, judge(cls, wcase, rc, stderr, frep), False
        finally:
            free_workers.put(w)

    t0 = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(len(workers)) as pool:
        results = list(pool.map(one, chosen))
    elapsed = time.monotonic() - t0
    for (cls, n, func, site), rc, stderr, bad, absorbed in results:
        pc = per_class[cls]
        pc["faults"] += 1
        pc["sites"].add((func, site))
        pc["exit"][str(rc)] += 1
        where = names.get(site, site)
        by_site.append(f"{cls}:{n} {func} in {where}: exit {rc}, " +
                       ("aborted" if absorbed == "aborted" else "absorbed" if absorbed else
                        "wrong" if bad else "clean"))
        if bad and (func, where) in KNOWN:
            outcomes["known"] += 1
            known.append(f"{cls}:{n} ({func} in {where}): {'; '.join(bad)}")
        elif bad:
            outcomes["WRONG"] += 1
            msg = stderr.strip().splitlines()
            failures.append(f"{cls}:{n} ({func} in {where}): {'; '.join(bad)} | stderr: {msg[:2]}")
        elif absorbed == "aborted":
            outcomes["aborted"] += 1
        else:
            outcomes["absorbed" if absorbed else "clean"] += 1

    summary = {
        "case": a.case, "command": case.args, "calls": rep["calls"],
        "per_class": {c: {"faults": v["faults"], "sites": len(v["sites"]), "exit_codes": dict(v["exit"])}
                      for c, v in per_class.items()},
        "clean_stops": outcomes["clean"], "aborted": outcomes["aborted"], "absorbed": outcomes["absorbed"],
        "known": outcomes["known"], "sites": n_sites, "sample": a.sample,
        "wrong": outcomes["WRONG"], "known_list": known, "mpi_restarts": mpi_restarts, "seconds": round(elapsed, 1),
        "failures": failures, "outcomes": by_site,
    }
    with open(os.path.join(work, "summary.json"), "w") as f:
        json.dump(summary, f, indent=1)
    for c, v in summary["per_class"].items():
        print(f"  {c}: {v['faults']} faults over {v['sites']} sites, exit codes {v['exit_codes']}")
    print(f"  clean stops {outcomes['clean']}, " +
          (f"MPI_Abort {outcomes['aborted']}, " if MPI["mpiexec"] else "") +
          f"absorbed {outcomes['absorbed']}, known {outcomes['known']}, "
          f"wrong {outcomes['WRONG']} ({elapsed:.1f} s; "
          f"Open MPI start-up failures retried: {mpi_restarts})")
    for f in known:
        print("  known " + f)
    for f in failures:
        print("  WRONG " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
