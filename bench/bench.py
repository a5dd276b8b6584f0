#!/usr/bin/python3
"""crampsim benchmark: agent-nights per second per core and bytes per agent.

Runs the default scenario at each population size for 1 thread, 2 threads
and 2 MPI ranks of 1 thread, several times each, and reports medians.  The
rate is the simulation loop's (setup and output excluded), read from the
result file's /meta/run; bytes per agent are the declared columns and,
all told, the peak resident memory of the largest rank (MPI, HDF5 and
libraries included) divided by that rank's agents.

Before and after, the yardstick `cs_bench_bare` (one pcg32 draw and a
comparison per agent-night) runs at 10^6 agents; each rate is also given as
a fraction of it, which varies less than raw rates on a shared machine.

    bench/bench.py [--sizes 1e6 1e7] [--repeats 5] [--nights 200] [--binary build/src/crampsim]
                   [--bare build/bench/cs_bench_bare] [--scenario configs/default.yaml]

--scenario runs another scenario at the same sizes (e.g. one without the
default's surveys, to see what they cost).
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


def run_once(binary, scenario, size, nights, threads, ranks, out):
    cmd = [binary, "run", scenario, "-q", "-o", out,
           "--threads", str(threads), "--set", f"population.size={size}",
           "--set", f"horizon.nights={nights}", "--set", "replicates=1"]
    if ranks > 1:
        cmd = ["mpiexec", "-n", str(ranks), "--bind-to", "core"] + cmd
    # threads bound to cores: unbound threads migrate and lose their caches
    # (1.35e8 against 2.1e8 agent-nights/s at 10^7 agents on 2 cores here)
    env = dict(os.environ, **MPI_ENV, OMP_NUM_THREADS=str(threads), OMP_PROC_BIND="true", OMP_PLACES="cores")
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
    ap.add_argument("--bare", default=os.path.join(ROOT, "build/bench/cs_bench_bare"))
    ap.add_argument("--scenario", default="configs/default.yaml", help="relative to the source tree or absolute")
    a = ap.parse_args()

    def yardstick():
        rates = []
        for _ in range(5):
            out = subprocess.run([a.bare, "1000000", "200"], capture_output=True, text=True, check=True).stdout
            rates.append(float(out.split()[0]))
        return statistics.median(rates)

    layouts = [("1 thread", 1, 1), ("2 threads", 2, 1), ("2 ranks", 1, 2)]
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "bench.h5")
        bare = yardstick()
        print(f"crampsim benchmark: {a.scenario}, {a.nights} nights, median of {a.repeats} runs, "
              f"host {os.uname().nodename}, "
              f"{os.cpu_count()} cores")
        print(f"yardstick (one pcg32 draw and a compare per agent-night, 1 core): {bare:.3e} agent-nights/s")
        print(f"{'agents':>10} {'layout':>10} {'agent-nights/s':>15} {'per core':>12} {'spread per core':>17} "
              f"{'of yardstick':>13} {'column B/agent':>15} {'RSS B/agent':>12}")
        for size in a.sizes:
            n = int(size)
            for name, threads, ranks in layouts:
                runs = [run_once(a.binary, os.path.join(ROOT, a.scenario), n, a.nights, threads, ranks, out)
                        for _ in range(a.repeats)]
                rates = [r[0] for r in runs]
                rate = statistics.median(rates)
                cores = threads * ranks
                rss = statistics.median(r[2] for r in runs)
                # all told: everything the largest rank holds, over its share of the agents
                rss_per_agent = rss / (n / ranks)
                print(f"{n:>10} {name:>10} {rate:>15.3e} {rate / cores:>12.3e} "
                      f"{min(rates) / cores:>8.2e}-{max(rates) / cores:<8.2e} {rate / cores / bare:>13.3f} "
                      f"{runs[0][1]:>15.0f} {rss_per_agent:>12.1f}")
        after = yardstick()
        print(f"yardstick after: {after:.3e} agent-nights/s ({100 * (after / bare - 1):+.0f}% drift during the run)")


if __name__ == "__main__":
    main()
