#!/usr/bin/python3
"""Calibration test: a run's headline figures against the published targets.

    check_calibration.py RESULT.h5 [--targets FILE] [--only ID]

Reads the targets (default models/leg_cramps/calibration/targets.yaml) and prints one line per
target: verdict, evidence ID(s), id, model value and the band it must lie in (a relation: the
difference left - right).  Exit status 0 when every target is met, 1 on any miss or a headline
the result file lacks (MISSING), 2 on a bad targets file or result file.
"""
import argparse
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "analysis"))
import calibration_targets as ct  # noqa: E402
import crampsim_results as cr  # noqa: E402
import spec_file  # noqa: E402

DEFAULT_TARGETS = ROOT / "models/leg_cramps/calibration/targets.yaml"


def line(s):
    t = s.target
    if s.model is None:
        got = "not in the headline table"
    elif isinstance(t, ct.Relation):
        got = f"{s.model:+8.2f} {t.op} 0"
    else:
        got = f"{s.model:8.2f} in [{t.band[0]:g}, {t.band[1]:g}]"
    return f"{s.status:8} {', '.join(t.sources):26} {t.id:24} {got:28} {t.describe()}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("result")
    ap.add_argument("--targets", default=str(DEFAULT_TARGETS), help="targets file (default: %(default)s)")
    ap.add_argument("--only", metavar="ID", help="check this target alone (one ctest per target)")
    a = ap.parse_args()
    try:
        targets = ct.load(a.targets)
        headlines = ct.read_headlines(a.result)
    except spec_file.SpecError as e:
        print(e, file=sys.stderr)
        return 2
    except cr.ResultError as e:
        print(f"{a.result}: {e}", file=sys.stderr)
        return 2
    scores = ct.score(targets, headlines)
    if a.only:
        scores = [s for s in scores if s.target.id == a.only]
        if not scores:
            print(f"{a.targets}: no target '{a.only}'", file=sys.stderr)
            return 2
    for s in scores:
        print(line(s))
    failed = sum(s.status != "ok" for s in scores)
    print(f"{len(scores) - failed} passed, {failed} failed ({a.targets})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
