#!/usr/bin/python3
"""Calibration test: the model's headline figures against published targets.

Reads the headline table of a crampsim result file and checks each figure
lies in the interval stated below.  Intervals are the published figure's
plausible band (EVIDENCE.md and docs/calibration.md) widened by the sampling
noise of the test population; each line names its source.  Exit status 1 on
any miss, with a line per figure either way.
"""
import sys

import h5py

# name in the headline table -> (low, high, source)
TARGETS = {
    "Cramps in the past year, age 65+": (40.0, 56.0, "Abdulla 1999 50%; Naylor & Young 1994 37%"),
    "  women 65+": (48.0, 62.0, "Abdulla 1999 56%"),
    "  men 65+": (33.0, 46.0, "Abdulla 1999 40%"),
    "Sufferers 65+ with more than 3 a week": (15.0, 40.0, "Naylor & Young 1994, about 40% upper bound"),
    "Sufferers 65+ with cramps nightly": (3.0, 9.0, "Naylor & Young 1994 6%"),
    "Cramps in pregnancy, trimester 1": (8.0, 16.0, "Duan 2018 12%"),
    "  trimester 2": (22.0, 34.0, "Duan 2018 28%"),
    "  trimester 3": (44.0, 58.0, "Duan 2018 50%; Abandeh 2024 50-58%"),
    "Mean episode duration, age 25+": (6.7, 11.2, "Naylor & Young 1994 9 min (6.7-11.2)"),
    "Mean episode duration, age 0-14": (1.0, 3.5, "Leung 1999 about 2 min"),
    "Cramps, summer over winter": (1.5, 2.4, "Garrison 2015 about 2"),
    # prevalence among people with a condition (all ages, past year)
    "Cramps in the past year, lumbar spinal stenosis": (62.0, 80.0, "Matsumoto 2009 71% (MATSUMOTO2009)"),
    "Cramps in the past year, haemodialysis": (38.0, 65.0, "reviews 33-86%, about 50% (AKKABUT2021)"),
    "Cramps in the past year, cirrhosis": (50.0, 70.0, "Chatrath 2012 52-67% (CHATRATH2012)"),
    "Cramps in the past year, diabetes": (48.0, 65.0, "Hu 2022 48% in 3 months: past year at least this (HU2022)"),
}


def main(path):
    with h5py.File(path, "r") as f:
        g = f["arms/status_quo/headlines"]
        names = [n.decode() if isinstance(n, bytes) else n for n in g["name"][...]]
        values = g["value"][...]
    got = {n: values[k, 0] for k, n in enumerate(names)}
    failures = 0
    for name, (lo, hi, source) in TARGETS.items():
        if name not in got:
            print(f"MISSING  {name.strip()}: not in the headline table")
            failures += 1
            continue
        ok = lo <= got[name] <= hi
        failures += not ok
        print(f"{'ok  ' if ok else 'MISS'}     {name.strip():40s} {got[name]:7.2f} in [{lo}, {hi}]  ({source})")
    women, men = got.get("  women 65+"), got.get("  men 65+")
    if women is not None and men is not None and not women > men:
        print("MISS     women 65+ must exceed men 65+ (Abdulla 1999)")
        failures += 1
    print(f"{len(TARGETS) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_calibration.py RESULT.h5")
    sys.exit(main(sys.argv[1]))
