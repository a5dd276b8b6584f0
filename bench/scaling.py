#!/usr/bin/python3
"""crampsim scaling: strong and weak scaling over threads and MPI ranks, and
the parallel efficiency of a sweep's task farm, as Markdown tables.

    bench/scaling.py [--cores 2] [--agents 1e6] [--nights 100] [--repeats 3]
                     [--only strong weak farm] [--binary build/src/crampsim]

Strong scaling: --agents agents at every layout.  Weak scaling: --agents
agents per core.  Layouts are R ranks x T threads; a layout with more
processes or threads than --cores (default: this machine's) is run
oversubscribed and marked so -- its figures say what sharing a core costs,
not how the code scales.  The rate is the simulation loop's agent-nights
per second (from the result file's /meta/run), per core used (min(R x T,
cores)); efficiency is the rate per core against 1 x 1's.

Task farm: the 6 points of tests/integration/sweep.yaml's grid (2 arms,
--agents / 10 agents each) run by 1, 2, ... ranks in groups of one; the
efficiency is T(1) / (P x T(P)) on wall time of the whole command.

Every layout is run --repeats times, interleaved (a, b, c, a, b, c, ...)
so that a burst of other work on a shared machine falls on all of them;
medians are reported with the spread.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import h5py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MPI_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
           "OMPI_MCA_rmaps_base_oversubscribe": "1"}


def command(binary, ranks, threads, args, cores):
    cmd = [binary, "run"] + args + ["-q", "--threads", str(threads)]
    if ranks > 1:
        bind = ["--bind-to", "none"] if ranks * threads > cores else ["--bind-to", "core"]
        cmd = ["mpiexec", "-n", str(ranks)] + bind + cmd
    env = dict(os.environ, **MPI_ENV, OMP_NUM_THREADS=str(threads))
    if ranks * threads <= cores:  # bound threads keep their caches; oversubscribed ones must move
        env.update(OMP_PROC_BIND="true", OMP_PLACES="cores")
    return cmd, env


def run(cmd, env):
    t0 = time.monotonic()
    if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        sys.exit(f"scaling: failed: {' '.join(cmd)}")
    return time.monotonic() - t0


def loop_rate(path):
    with h5py.File(path, "r") as f:
        return float(f["meta/run"].attrs["agent_nights_per_second"])


def layouts(cores):
    """(ranks, threads) up to twice the cores: 1x1, 1x2, 2x1, ..."""
    out = [(1, 1)]
    n = 2
    while n <= 2 * max(cores, 2):
        out += [(1, n), (n, 1)]
        if n >= 4:
            out.append((n // 2, 2))
        n *= 2
    return out


def mark(r, t, cores):
    return f"{r} x {t}" + (" (oversubscribed)" if r * t > cores else "")


def scaling_table(a, cores, weak, tmp):
    rows, samples = layouts(cores), {}
    for rep in range(a.repeats):
        for r, t in rows:
            agents = int(a.agents * (r * t if weak else 1))
            out = os.path.join(tmp, "run.h5")
            args = [a.scenario, "-o", out, "--set", f"population.size={agents}",
                    "--set", f"horizon.nights={a.nights}", "--set", "replicates=1"]
            run(*command(a.binary, r, t, args, cores))
            samples.setdefault((r, t), []).append(loop_rate(out) / min(r * t, cores))
    base = statistics.median(samples[(1, 1)])
    kind = "weak" if weak else "strong"
    print(f"\n{kind} scaling: {a.agents:.3g} agents{' per core' if weak else ''}, {a.nights} nights, "
          f"{a.repeats} interleaved runs each\n")
    print("| ranks x threads | agents | agent-nights/s per core (median, spread) | efficiency |")
    print("|---|---|---|---|")
    for r, t in rows:
        s = samples[(r, t)]
        m = statistics.median(s)
        agents = a.agents * (r * t if weak else 1)
        print(f"| {mark(r, t, cores)} | {agents:.3g} | {m:.3g} ({min(s):.3g}-{max(s):.3g}) | {m / base:.2f} |")


def farm_table(a, cores, tmp):
    ranks = [1, 2, 4] if cores <= 2 else [p for p in (1, 2, 4, 8, 16) if p <= cores]
    sweep = os.path.join(ROOT, "tests/integration/sweep.yaml")
    samples = {}
    for rep in range(a.repeats):
        for p in ranks:
            out = os.path.join(tmp, f"farm{p}.h5")
            shutil.rmtree(out + ".points", ignore_errors=True)  # a finished sweep keeps its points' files
            args = [sweep, "-o", out, "--set", f"population.size={int(a.agents / 10)}",
                    "--set", "replicates=1", "--group-size", "1"]
            samples.setdefault(p, []).append(run(*command(a.binary, p, 1, args, cores)))
    t1 = statistics.median(samples[1])
    print(f"\ntask farm: 6 points of tests/integration/sweep.yaml, {a.agents / 10:.3g} agents, groups of 1 rank, "
          f"wall time of the whole command, {a.repeats} interleaved runs each\n")
    print("| ranks | wall s (median, spread) | speed-up | efficiency |")
    print("|---|---|---|---|")
    for p in ranks:
        s = samples[p]
        m = statistics.median(s)
        used = min(p, cores)
        print(f"| {p}{' (oversubscribed)' if p > cores else ''} | {m:.2f} ({min(s):.2f}-{max(s):.2f}) "
              f"| {t1 / m:.2f} | {t1 / (used * m):.2f} |")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cores", type=int, default=os.cpu_count())
    ap.add_argument("--agents", type=float, default=1e6)
    ap.add_argument("--nights", type=int, default=100)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build/src/crampsim"))
    ap.add_argument("--scenario", default=os.path.join(ROOT, "configs/default.yaml"))
    ap.add_argument("--only", choices=["strong", "weak", "farm"], nargs="+", default=["strong", "weak", "farm"])
    a = ap.parse_args()
    print(f"crampsim scaling on {os.uname().nodename}: {a.cores} cores, {time.strftime('%Y-%m-%d %H:%M')}")
    with tempfile.TemporaryDirectory(prefix="cs-scaling-") as tmp:
        if "strong" in a.only:
            scaling_table(a, a.cores, False, tmp)
        if "weak" in a.only:
            scaling_table(a, a.cores, True, tmp)
        if "farm" in a.only:
            farm_table(a, a.cores, tmp)


if __name__ == "__main__":
    main()
