#!/usr/bin/python3
"""Past-year prevalence and frequency of cramps by age band and sex.

    /usr/bin/python3 analysis/prevalence.py runs/default.h5 [--survey NAME] [--csv OUT.csv]

Reads the end-of-run `frequency` summary of the reference arm (agents by
cramp frequency over the survey window) and prints, for each age band and
sex, the share with any cramp and, among sufferers, the shares cramping
more than 3 times a week and nightly -- mean over replicates with the
range.  With --survey, the same from that survey of the scenario
(`survey.NAME.frequency`, its own recall window).  Uses Debian's h5py and
numpy only.  The fuller report (figures, policy comparisons) is the
analysis issue's.
"""
import argparse
import csv
import sys

import h5py
import numpy as np

ARM = "arms/status_quo"


def load(path, survey=None):
    """Frequency counts [replicate][age band][sex][class], labels, class names, and what they cover."""
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        sys.exit(f"{path}: cannot open as HDF5: {e}")
    with f:
        if f.get("meta") is None or f["meta"].attrs.get("format") != "crampsim-results":
            sys.exit(f"{path}: not a crampsim result file")
        name = f"survey.{survey}.frequency" if survey else "frequency"
        if f"{ARM}/summary/{name}" not in f:
            sys.exit(f"{path}: no survey '{survey}' in this file")
        freq = f[f"{ARM}/summary/{name}"]
        window = f"past {int(freq.attrs['recall_nights'])} nights" if survey else "past year"
        classes = freq.attrs["classes"].split("|")
        counts = freq[...]  # [R][K][W]
        band, sex = f["strata/age_band"][...], f["strata/sex"][...]
        band_labels = [s.decode() for s in f["strata/age_band_labels"][...]]
        sex_labels = [s.decode() for s in f["strata/sex_labels"][...]]
    out = np.zeros((counts.shape[0], len(band_labels), len(sex_labels), counts.shape[2]), dtype=np.int64)
    for k in range(counts.shape[1]):
        out[:, band[k], sex[k], :] += counts[:, k, :]
    return out, band_labels, sex_labels, classes, window


def shares(c):
    """Per replicate: any cramp, > 3 a week among sufferers, nightly among sufferers (percent)."""
    agents = c.sum(-1)
    sufferers = c[..., 1:].sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return (100 * sufferers / agents, 100 * c[..., 4:].sum(-1) / sufferers, 100 * c[..., 5] / sufferers)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--csv", help="also write the table as CSV")
    ap.add_argument("--survey", help="a survey of the scenario (/meta/surveys) instead of the built-in one")
    a = ap.parse_args()
    counts, bands, sexes, classes, window = load(a.file, a.survey)
    if classes[4:] != ["more than 3 per week", "nightly"]:
        sys.exit(f"{a.file}: unexpected frequency classes {classes}")
    rows = []
    for b, band in enumerate(bands):
        for s, sex in enumerate(sexes):
            prev, often, nightly = shares(counts[:, b, s, :])
            rows.append((band, sex, int(counts[0, b, s].sum()), prev, often, nightly))
    # everybody 65+ (bands 65-74, 75-84, 85+), both sexes
    old = [b for b, band in enumerate(bands) if band in ("65-74", "75-84", "85+")]
    prev, often, nightly = shares(counts[:, old].sum(axis=(1, 2)))
    rows.append(("65+", "both", int(counts[0, old].sum()), prev, often, nightly))

    def cell(v):
        v = v[~np.isnan(v)]
        return "n/a" if v.size == 0 else f"{v.mean():5.1f} [{v.min():.1f}-{v.max():.1f}]"

    print(f"{'age':>6} {'sex':>7} {'agents':>9}  {'any cramp, ' + window + ' %':>22}  "
          f"{'> 3 a week, of sufferers %':>26}  {'nightly, of sufferers %':>23}")
    for band, sex, n, p, o, q in rows:
        print(f"{band:>6} {sex:>7} {n:>9}  {cell(p):>22}  {cell(o):>26}  {cell(q):>23}")
    if a.csv:
        with open(a.csv, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["age_band", "sex", "agents", "prevalence_pct", "over_3_a_week_pct", "nightly_pct"])
            for band, sex, n, p, o, q in rows:
                w.writerow([band, sex, n, np.nanmean(p), np.nanmean(o), np.nanmean(q)])


if __name__ == "__main__":
    main()
