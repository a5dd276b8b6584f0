#!/usr/bin/python3
"""analysis/report.py refuses broken sweep files: one line on stderr, exit 2, no traceback, no output folder.

    check_sweep_inputs.py REPORT_PY GOOD_SWEEP.h5 WORKDIR

Each case is a copy of a real sweep file (tests/report/sweep_grid.yaml) edited
with h5py: the /sweep table missing or of the wrong shape, points missing or
extra, a point missing a series, an arm or a dataset's stratum, a newer or older layout.
"""
import pathlib
import shutil
import sys

import numpy as np

from check_bad_inputs import check, edited, run  # a copy edited with h5py; one line, the word, the exit status

P1 = "points/point_000001"


def replace(f, path, data):
    """Replaces dataset path by data (attributes not kept)."""
    del f[path]
    f[path] = data


def narrower(f, path):
    """The dataset at path with its last axis one shorter."""
    replace(f, path, f[path][...][..., :-1])


def cases():
    """name -> (edit of the copy, word the message must contain)."""
    return {
        "no_sweep": (lambda f: f.__delitem__("sweep"), "/sweep is missing"),
        "no_sweep_value": (lambda f: f.__delitem__("sweep/value"), "/sweep/value is missing"),
        "no_points": (lambda f: f.__delitem__("points"), "/points is missing"),
        "point_missing": (lambda f: f.__delitem__("points/point_000002"), "point_000002 is missing"),
        "extra_point": (lambda f: f["points"].__setitem__("point_000099", f[P1]), "not one of the sweep's"),
        "value_shape": (lambda f: replace(f, "sweep/value", f["sweep/value"][...][:, :1]), "shape"),
        "seed_shape": (lambda f: replace(f, "sweep/seed", f["sweep/seed"][...][:-1]), "shape"),
        "points_attr": (lambda f: f["sweep"].attrs.modify("points", 7), "points"),
        "unknown_kind": (lambda f: f["sweep"].attrs.modify("kind", "mesh"), "kind"),
        "newer_layout": (lambda f: f["meta"].attrs.modify("format_version", 99), "newer"),
        "older_layout": (lambda f: f["meta"].attrs.modify("format_version", 0), "older"),
        "point_series_missing": (lambda f: f.__delitem__(f"{P1}/arms/quinine/timeseries/cost_care"), "missing"),
        "point_series_shape": (lambda f: narrower(f, f"{P1}/arms/quinine/timeseries/cramps"), "shape"),
        "point_summary_missing": (lambda f: f.__delitem__(f"{P1}/arms/quinine/summary/iv_held_days"), "missing"),
        "point_arm_missing": (lambda f: f.__delitem__(f"{P1}/arms/quinine"), "point 0 has"),
        "point0_incomplete": (lambda f: f.__delitem__("points/point_000000/arms/status_quo/summary/frequency"),
                              "point_000000"),
        "point_strata_shape": (lambda f: replace(f, f"{P1}/strata/label", np.array([b"x"] * 3)), "shape"),
    }


def main(report_py, good, work):
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    failed = 0
    for name, (edit, word) in cases().items():
        path, outdir = work / f"{name}.h5", work / f"{name}-report"
        edited(good, path, edit)
        failed += check(name, run(report_py, path, outdir), word, 2, outdir)
    print(f"bad sweep inputs: {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: check_sweep_inputs.py REPORT_PY GOOD_SWEEP.h5 WORKDIR")
    sys.exit(main(*sys.argv[1:]))
