#!/usr/bin/python3
"""The sweep report's memory stays bounded however many points: a synthetic sweep of many points.

    check_sweep_memory.py REPORT_PY SMALL_SWEEP.h5 WORKDIR POINTS LIMIT_MB

Builds WORKDIR/large.h5 cheaply from a real sweep of a few points
(tests/report/sweep_psa.yaml): its /meta, a /sweep table of POINTS rows
repeating the real ones, the real points copied once and every further
point an HDF5 hard link to one of them (a few MB on disk, but each point is
read as if it were its own).  Then runs the report on it and checks its
peak resident memory (getrusage of the child, ru_maxrss) against LIMIT_MB,
that sweep.csv has a row per point, and that a linked point reads as the
point it links to.
"""
import csv
import pathlib
import resource
import shutil
import subprocess
import sys
import time

import h5py
import numpy as np


def make_large(small, path, n):
    """A sweep file of n points, each a copy or a hard link of one of small's points."""
    with h5py.File(small, "r") as s, h5py.File(path, "w") as d:
        s.copy("meta", d)
        d["meta"].attrs.modify("points", n)
        m = int(s["sweep"].attrs["points"])
        idx = np.arange(n) % m
        g = d.create_group("sweep")
        for k, v in s["sweep"].attrs.items():
            g.attrs[k] = v
        g.attrs.modify("points", n)
        g["path"] = s["sweep/path"][...]
        g["value"] = s["sweep/value"][...][idx]
        g["seed"] = s["sweep/seed"][...][idx]
        g.create_dataset("setting", data=s["sweep/setting"][...][idx], dtype=h5py.string_dtype())
        points = d.create_group("points")
        for k in range(m):
            s.copy(f"points/point_{k:06d}", points, name=f"point_{k:06d}")
        for k in range(m, n):
            points[f"point_{k:06d}"] = points[f"point_{k % m:06d}"]
    return m


def main(report_py, small, work, n, limit_mb):
    work, n, limit_mb = pathlib.Path(work), int(n), float(limit_mb)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    large, outdir = work / "large.h5", work / "large-report"
    m = make_large(small, large, n)
    print(f"memory: {large.name}, {n} points ({m} stored, the rest linked), {large.stat().st_size / 2**20:.1f} MB")
    t0 = time.time()
    p = subprocess.run(["/usr/bin/python3", report_py, str(large), "-o", str(outdir)], capture_output=True, text=True)
    seconds = time.time() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # kB on Linux
    print(f"memory: report of {n} points: exit {p.returncode}, {seconds:.0f} s, peak resident {peak_mb:.0f} MB "
          f"(limit {limit_mb:.0f} MB)")
    bad = []
    if p.returncode != 0 or p.stderr.strip():
        bad.append(f"report exit {p.returncode}: {p.stderr.strip()[-1000:]}")
    if peak_mb > limit_mb:
        bad.append(f"peak resident memory {peak_mb:.0f} MB over {limit_mb:.0f} MB")
    if not bad:
        with open(outdir / "sweep.csv", newline="") as fh:
            rows = list(csv.DictReader(fh))
        if len(rows) != n:
            bad.append(f"sweep.csv: {len(rows)} rows for {n} points")
        for k in (m, n - 1):
            if {c: v for c, v in rows[k].items() if c != "point"} != \
                    {c: v for c, v in rows[k % m].items() if c != "point"}:
                bad.append(f"sweep.csv: point {k} differs from point {k % m}, which it links to")
    for b in bad:
        print(f"FAIL {b}")
    print(f"memory: {len(bad)} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit("usage: check_sweep_memory.py REPORT_PY SMALL_SWEEP.h5 WORKDIR POINTS LIMIT_MB")
    sys.exit(main(*sys.argv[1:]))
