#!/usr/bin/python3
"""The report of a result with an in-silico trial and policy arms (tests/trial/repro_trial.yaml).

    check_trial_report.py build   CRAMPSIM RESULT.h5 OUTDIR   # `crampsim report`: exit 0, quiet stderr
    check_trial_report.py tables  RESULT.h5 OUTDIR            # trial.csv against /trial, published values
    check_trial_report.py figures RESULT.h5 OUTDIR            # trial-effect, comparison and per-arm PNGs
    check_trial_report.py html    RESULT.h5 OUTDIR            # the trial section in report.html
    check_trial_report.py edited  REPORT_PY RESULT.h5 WORKDIR # an arm with no published figure: emulated only;
                                                              # a trial group lacking a dataset: exit 2

Expected numbers come from the raw /trial datasets with this file's own code; the published effects are
copied here from EVIDENCE.md ("Interventions"), not from analysis/evidence.py, so a wrong copy there fails.
"""
import math
import pathlib
import shutil
import sys

import h5py
import numpy as np

from check_arms import build, edited_copy, refused, run_report
from check_report import check_pngs, check_self_contained, close, fail, failures, read_csv

# intervention -> (ratio, low, high, source ID, comparator) from EVIDENCE.md
PUBLISHED = {"quinine": (0.72, 0.60, 0.85, "COCHRANE_QUININE", "placebo"),
             "magnesium": (0.96, 0.82, 1.10, "COCHRANE_MG", "placebo"),
             "bedtime_stretching": (0.8, 0.65, 1.0, "HALLEGRAEFF2012", "none"),
             "vitamin_k2": (0.5, 0.26, 1.0, "TAN2024", "placebo")}
TALLIES = ("randomised", "completed", "lost", "discontinued")
COMPARISON_FIGURES = ("compare-forest", "compare-series", "compare-averted", "compare-ce_plane", "compare-ceac")
ARM_FIGURES = ("prevalence", "frequency", "series", "trimesters", "duration")
UNPUBLISHED = "hydration"  # an intervention EVIDENCE.md gives no trial effect for


def load(path):
    with h5py.File(path, "r") as f:
        t = f["trial"]
        return {"arms": list(t["arm"].asstr()[...]), "interventions": list(t["intervention"].asstr()[...]),
                "pooled": {k: t["pooled"][k][...] for k in t["pooled"]},
                "tallies": {k: t["tallies"][k][...].sum(0) for k in t["tallies"]},
                "window": int(t.attrs["final_window_nights"]),
                "policy_arms": [s.decode() for s in f["meta/arms/name"][...]]}


def check_tables(d, outdir):
    rows = read_csv(outdir, "trial")
    by = {(r["arm"], r["statistic"]): r for r in rows}
    for k, arm in enumerate(d["arms"]):
        for name in TALLIES:
            r = by.get((arm, name))
            if r is None or int(r["value"]) != int(d["tallies"][name][k]):
                fail(f"trial {arm} {name}: {r and r['value']}, direct {d['tallies'][name][k]}")
        for name, v in d["pooled"].items():
            if name.endswith(("_ci_lo", "_ci_hi")) or name == "adjusted_mean":
                continue
            r = by.get((arm, name))
            lo, hi = (d["pooled"].get(f"{name}_ci_{e}", [math.nan] * len(d["arms"]))[k] for e in ("lo", "hi"))
            got = [float(r[c]) if r and r[c] != "" else math.nan for c in ("value", "low", "high")] if r else None
            if got is None or not all(close(g, float(w)) for g, w in zip(got, (v[k], lo, hi))):
                fail(f"trial {arm} {name}: table {got}, direct {(v[k], lo, hi)}")
    # the emulated ratio from the tallies: mean final events of completers, arm over control
    tal = d["tallies"]
    for k, arm in enumerate(d["arms"][1:], start=1):
        direct = (tal["final_events"][k] / tal["completed"][k]) / (tal["final_events"][0] / tal["completed"][0])
        if not close(float(by[(arm, "ratio")]["value"]), direct, 1e-12):
            fail(f"trial {arm} ratio {by[(arm, 'ratio')]['value']}, from the tallies {direct}")
        published = PUBLISHED.get(d["interventions"][k])
        r = by.get((arm, "published_ratio"))
        if published is None:
            if r is not None:
                fail(f"trial {arm}: a published ratio for {d['interventions'][k]}, which EVIDENCE.md does not give")
        elif r is None or [float(r[c]) for c in ("value", "low", "high")] != list(published[:3]) \
                or r["source"] != published[3]:
            fail(f"trial {arm}: published {r}, want {published[:4]}")
    text = (outdir / "trial.md").read_text()
    if "Emulated against published effect" not in text:
        fail("trial.md: no part 'Emulated against published effect'")
    for k, arm in enumerate(d["arms"][1:], start=1):
        iv, control = d["interventions"][k], d["interventions"][0]
        published = PUBLISHED.get(iv)
        want = (f"no published effect for {iv}" if published is None else
                f"published against {published[4]}" if published[4] != control else None)
        if want and want not in text:
            fail(f"trial.md: lacks the note {want!r} for arm {arm}")


def expected_pngs(d, outdir):
    return [outdir / "trial-effect.png"] + [outdir / f"{n}.png" for n in COMPARISON_FIGURES] + \
        [outdir / f"{n}-{a}.png" for a in d["policy_arms"] for n in ARM_FIGURES]


def check_html(d, outdir):
    text = (outdir / "report.html").read_text()
    check_self_contained(text, expected_pngs(d, outdir))
    for want in ("id='trial'", "In-silico trial: emulated against published effect", "Emulated against published "
                 "effect", "COCHRANE_QUININE"):
        if want not in text:
            fail(f"report.html: lacks {want!r}")
    if "not in this file: no simulated trial" in text:
        fail("report.html: lists the trial as absent")


def edited(report_py, good, work):
    """An arm given an intervention with no published effect: the report still draws and tabulates its emulated
    effect, with the note; a trial group lacking its pooled ratio: exit 2, one line, nothing written."""
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    def unpublished(f):
        names = f["trial/intervention"].asstr()[...]
        names[1] = UNPUBLISHED
        del f["trial/intervention"]
        f.create_dataset("trial/intervention", data=np.array(names, dtype=h5py.string_dtype()))
    path = edited_copy(good, work / "unpublished.h5", unpublished)
    out = work / "unpublished-report"
    p = run_report(report_py, path, out)
    if p.returncode != 0 or p.stderr.strip():
        fail(f"unpublished: exit {p.returncode}, stderr {p.stderr.strip()[-500:]!r}")
    else:
        d = load(path)
        check_tables(d, out)
        check_pngs(expected_pngs(d, out), out)
        print(f"ok   unpublished: {d['arms'][1]} given {UNPUBLISHED}, emulated effect only")
    refused(report_py, edited_copy(good, work / "no_pooled_ratio.h5", lambda f: f.__delitem__("trial/pooled/ratio")),
            "/trial/pooled/ratio missing")


def main():
    what = sys.argv[1]
    if what == "build":
        build(sys.argv[2], sys.argv[3], pathlib.Path(sys.argv[4]), tables=("trial", "arm_forest", "arm_series"))
    elif what == "edited":
        edited(*sys.argv[2:5])
    else:
        d, outdir = load(sys.argv[2]), pathlib.Path(sys.argv[3])
        {"tables": check_tables, "figures": lambda d, o: check_pngs(expected_pngs(d, o), o),
         "html": check_html}[what](d, outdir)
    print(f"{what}: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
