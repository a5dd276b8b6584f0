#!/usr/bin/python3
"""crampsim benchmark: agent-nights per second per core and bytes per agent.

Runs the default scenario at each population size for 1 thread, 2 threads
and 2 MPI ranks of 1 thread, several times each, and reports medians.  The
rate is the simulation loop's (setup and output excluded), read from the
result file's /meta/run; bytes per agent are the declared columns and,
all told, the peak resident memory of the largest rank (MPI, HDF5 and
libraries included) divided by that rank's agents.

    bench/bench.py [--sizes 1e6 1e7] [--repeats 5] [--nights 200] [--binary build/src/crampsim]
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile

import h5py

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MPI_ENV = {"OMPI_ALLOW_RUN_AS_ROOT": "1", "OMPI_ALLOW_RUN_AS_ROOT_CONFIRM": "1",
           "OMPI_MCA_rmaps_base_oversubscribe": "1"}  # crampsim itself starts isolated when run alone


def run_once(binary, size, nights, threads, ranks, out):
    cmd = [binary, "run", os.path.join(ROOT, "configs/default.yaml"), "-q", "-o", out,
           "--threads", str(threads), "--set", f"population.size={size}",
           "--set", f"horizon.nights={nights}", "--set", "replicates=1"]
    if ranks > 1:
        cmd = ["mpiexec", "-n", str(ranks), "--bind-to", "core"] + cmd
    env = dict(os.environ, **MPI_ENV, OMP_NUM_THREADS=str(threads))
    if subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL).returncode != 0:
        sys.exit(f"bench: failed: {' '.join(cmd)}")
    with h5py.File(out, "r") as f:
        run = f["meta/run"].attrs
        # peak_rss_bytes: the largest rank's resident set, measured by crampsim
        return float(run["agent_nights_per_second"]), float(run["column_bytes_per_agent"]), float(run["peak_rss_bytes"])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", nargs="+", type=float, default=[1e6, 1e7])
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--nights", type=int, default=200)
    ap.add_argument("--binary", default=os.path.join(ROOT, "build/src/crampsim"))
    a = ap.parse_args()
    layouts = [("1 thread", 1, 1), ("2 threads", 2, 1), ("2 ranks", 1, 2)]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.h5")
        print(f"crampsim benchmark: {a.nights} nights, median of {a.repeats} runs, host {os.uname().nodename}, "
              f"{os.cpu_count()} cores")
        print(f"{'agents':>10} {'layout':>10} {'agent-nights/s':>15} {'per core':>12} {'spread':>14} "
              f"{'column B/agent':>15} {'RSS B/agent':>12}")
        for size in a.sizes:
            n = int(size)
            for name, threads, ranks in layouts:
                runs = [run_once(a.binary, n, a.nights, threads, ranks, out) for _ in range(a.repeats)]
                rates = [r[0] for r in runs]
                rate = statistics.median(rates)
                cores = threads * ranks
                rss = statistics.median(r[2] for r in runs)
                # all told: everything the largest rank holds, over its share of the agents
                rss_per_agent = rss / (n / ranks)
                print(f"{n:>10} {name:>10} {rate:>15.3e} {rate / cores:>12.3e} "
                      f"{min(rates) / cores:>6.2e}-{max(rates) / cores:<7.2e} {runs[0][1]:>15.0f} {rss_per_agent:>12.1f}")


if __name__ == "__main__":
    main()
