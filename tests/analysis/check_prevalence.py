#!/usr/bin/python3
"""analysis/prevalence.py against the file it reads: its CSV must agree with
the counts computed here directly from /arms/status_quo/summary/frequency,
and its 65+ row with the run's own headline figure."""
import csv
import subprocess
import sys

import h5py
import numpy as np

script, result, out_csv = sys.argv[1:4]
subprocess.run(["/usr/bin/python3", script, result, "--csv", out_csv], check=True, stdout=subprocess.DEVNULL)
rows = {(r["age_band"], r["sex"]): r for r in csv.DictReader(open(out_csv))}

with h5py.File(result, "r") as f:
    freq = f["arms/status_quo/summary/frequency"][...]
    band, sex = f["strata/age_band"][...], f["strata/sex"][...]
    bands = [s.decode() for s in f["strata/age_band_labels"][...]]
    sexes = [s.decode() for s in f["strata/sex_labels"][...]]
    names = [n.decode() for n in f["arms/status_quo/headlines/name"][...]]
    headline = f["arms/status_quo/headlines/value"][names.index("Cramps in the past year, age 65+"), 0]

failures = 0
for b, bl in enumerate(bands):
    for s, sl in enumerate(sexes):
        c = freq[:, (band == b) & (sex == s), :].sum(1)  # [R][W]
        want = np.mean(100 * c[:, 1:].sum(1) / c.sum(1))
        got = float(rows[(bl, sl)]["prevalence_pct"])
        if abs(got - want) > 1e-9 * max(1, abs(want)):
            print(f"MISMATCH {bl} {sl}: table {got} direct {want}")
            failures += 1
        if int(rows[(bl, sl)]["agents"]) != int(c[0].sum()):
            print(f"MISMATCH {bl} {sl}: agents")
            failures += 1
got65 = float(rows[("65+", "both")]["prevalence_pct"])
if abs(got65 - headline) > 1e-9 * headline:
    print(f"MISMATCH 65+: table {got65} headline {headline}")
    failures += 1
print(f"{len(rows) - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)
