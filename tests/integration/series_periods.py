#!/usr/bin/python3
"""The time-series resolution changes only how nights are grouped: a run
with output.series daily, weekly, yearly and total (one period, the run's
totals) has, for every series and stratum, the same sum over periods, and
the same summaries, bit for bit; `total` has one period of all the nights.

usage: series_periods.py CRAMPSIM WORKDIR
"""
import os
import subprocess
import sys

import h5py
import numpy as np

SCENARIO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "repro.yaml")


def run(crampsim, work, series):
    out = os.path.join(work, f"{series}.h5")
    subprocess.run([crampsim, "run", SCENARIO, "-q", "-o", out, "--threads", "1", "--set", f"output.series={series}",
                    "--set", "population.size=5003", "--set", "horizon.nights=400", "--set", "output.agents=false"],
                   check=True)
    return h5py.File(out, "r")


def main():
    crampsim, work = sys.argv[1:3]
    os.makedirs(work, exist_ok=True)
    files = {s: run(crampsim, work, s) for s in ("daily", "weekly", "yearly", "total")}
    periods = {s: f["arms/status_quo/timeseries"].attrs["period_nights"] for s, f in files.items()}
    assert [int(periods[s]) for s in ("daily", "weekly", "yearly", "total")] == [1, 7, 365, 400], periods
    ref = files["daily"]
    checked = 0
    for arm in ref["arms"]:
        ts = ref[f"arms/{arm}/timeseries"]
        for name, ds in ts.items():
            if name.startswith("period_"):
                continue
            want = ds[...].sum(axis=1)  # [R][P][K] -> [R][K]
            for s in ("weekly", "yearly", "total"):
                got = files[s][f"arms/{arm}/timeseries/{name}"][...]
                if s == "total" and got.shape[1] != 1:
                    sys.exit(f"series_periods: total: {arm}/{name} has {got.shape[1]} periods, expected 1")
                if not np.array_equal(got.sum(axis=1), want):
                    sys.exit(f"series_periods: {s}: {arm}/timeseries/{name} sums differ from daily's")
                checked += 1
        for name, ds in ref[f"arms/{arm}/summary"].items():
            for s in ("weekly", "yearly", "total"):
                if not np.array_equal(files[s][f"arms/{arm}/summary/{name}"][...], ds[...]):
                    sys.exit(f"series_periods: {s}: {arm}/summary/{name} differs from daily's")
    if checked < 30:
        sys.exit(f"series_periods: only {checked} series compared")
    print(f"series_periods: {checked} series sums and every summary equal for daily, weekly, yearly and total")


if __name__ == "__main__":
    main()
