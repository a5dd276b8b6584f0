#!/usr/bin/python3
"""Checks an in-silico trial's result (/trial of a crampsim result file).

    check_trial.py FILE --arm ARM --range LO HI [--adjusted] [--cite TEXT]
                   [--min-randomised N] [--control-falls] [--published ANALYSIS_DIR]

Passes when the emulated effect -- the ratio of mean events per week in the
final window, ARM over the control arm (/trial/pooled/ratio; with
--adjusted the baseline-adjusted ratio, /trial/pooled/adjusted_ratio) --
lies in [LO, HI], the published interval it emulates.  Always checked as well: the
layout is self-describing (unit and description on every dataset), the
tallies add up (randomised = completed + lost, responders within the
completers, no more randomised than eligible or wanted), and the ratio and
the means agree.  --min-randomised: at least N participants in all;
--control-falls: the control arm's mean falls from baseline to the final
window (regression to the mean, plus the placebo effect of a placebo arm).
--published ANALYSIS_DIR: the report's published effect of ARM's intervention
(analysis/evidence.py, drawn in trial-effect.png) has the interval [LO, HI].
Prints one line per check; exit status 1 if any fails.
"""
import argparse
import math
import sys

import h5py
import numpy as np

failures = []


def check(ok, what):
    print(f"  {'ok  ' if ok else 'FAIL'} {what}")
    if not ok:
        failures.append(what)


def check_published(analysis_dir, intervention, interval):
    """The report draws the same published interval as this test checks against (one copy of EVIDENCE.md)."""
    sys.path.insert(0, analysis_dir)
    import evidence
    e = evidence.for_trial(intervention)
    got = (e.target.low, e.target.high) if e else None
    value = e.target.value if e else "none"
    check(got == tuple(interval),
          f"the report's published effect of {intervention} ({value}, interval {got}) is [{interval[0]}, {interval[1]}]")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--arm", required=True)
    ap.add_argument("--range", nargs=2, type=float, required=True, metavar=("LO", "HI"))
    ap.add_argument("--adjusted", action="store_true", help="check the baseline-adjusted ratio")
    ap.add_argument("--cite", default="", help="the published figure, for the report line")
    ap.add_argument("--min-randomised", type=int, default=0)
    ap.add_argument("--control-falls", action="store_true")
    ap.add_argument("--published", metavar="ANALYSIS_DIR",
                    help="the report's published effect of ARM's intervention (analysis/evidence.py) must be [LO, HI]")
    a = ap.parse_args()
    with h5py.File(a.file, "r") as f:
        if "trial" not in f:
            print(f"check_trial.py: {a.file}: no /trial group (the scenario has no trial)")
            return 1
        t = f["trial"]
        arms = list(t["arm"].asstr()[...])
        if a.arm not in arms[1:]:
            print(f"check_trial.py: arm '{a.arm}' is not a compared arm of the trial (arms: {', '.join(arms)})")
            return 1
        k = arms.index(a.arm)
        outcome = t.attrs["outcome"]
        print(f"{a.file}: trial '{t.attrs['description']}', {a.arm} vs {arms[0]}")

        bad = []  # strings (arm, intervention) have a description only
        t.visititems(lambda n, o: bad.append(n) if isinstance(o, h5py.Dataset) and (
            "description" not in o.attrs or ("unit" not in o.attrs and o.dtype.kind not in "SO")) else None)
        check(not bad, "every /trial dataset has its unit and description" + (f" (not: {bad})" if bad else ""))

        tal = {name: t["tallies"][name][...].sum(0) for name in t["tallies"]}  # pooled over replicates
        rnd, comp, lost = tal["randomised"], tal["completed"], tal["lost"]
        check(np.array_equal(rnd, comp + lost), f"randomised {list(rnd)} = completed {list(comp)} + lost {list(lost)}")
        check(bool(np.all(tal["responders_50"] <= tal["responders_25"]) and np.all(tal["responders_25"] <= comp)),
              "responders: 50% <= 25% <= completers")
        wanted = int(t.attrs["participants"]) * int(t.attrs["replicates"])
        eligible = int(t["eligible"][...].sum())
        check(rnd.sum() == min(wanted, eligible), f"randomised {rnd.sum()} = min(wanted {wanted}, eligible {eligible})")
        check(rnd.sum() >= a.min_randomised, f"at least {a.min_randomised} randomised ({rnd.sum()})")

        p = t["pooled"]
        mean = p["final_mean"][...]
        stat = "adjusted_ratio" if a.adjusted else "ratio"
        ratio, lo, hi = (float(p[stat + n][k]) for n in ("", "_ci_lo", "_ci_hi"))
        crude = float(p["ratio"][k])
        window = int(t.attrs["final_window_nights"])
        direct = (tal["final_events"][k] / comp[k]) / (tal["final_events"][0] / comp[0])
        check(math.isclose(crude, direct, rel_tol=1e-12) and math.isclose(mean[k] * window / 7,
                                                                           tal["final_events"][k] / comp[k]),
              "ratio and means agree with the tallies")
        if a.control_falls:
            b0, f0 = float(p["baseline_mean"][0]), float(mean[0])
            check(f0 < b0, f"control arm {arms[0]}: {outcome} per week fall from {b0:.2f} to {f0:.2f} "
                           f"(regression to the mean{', placebo' if t['intervention'].asstr()[0] == 'placebo' else ''})")
        inside = a.range[0] <= ratio <= a.range[1]
        check(inside, f"{'baseline-adjusted ' if a.adjusted else ''}ratio of means {a.arm}/{arms[0]} {ratio:.3f} "
                      f"(95% CI {lo:.3f}-{hi:.3f}) in "
                      f"[{a.range[0]}, {a.range[1]}]{' -- published ' + a.cite if a.cite else ''}")
        if not a.adjusted:
            print(f"       (adjusted for baseline: {float(p['adjusted_ratio'][k]):.3f})")
        if a.published:
            check_published(a.published, t["intervention"].asstr()[k], a.range)
    if failures:
        print(f"{len(failures)} check(s) failed")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
