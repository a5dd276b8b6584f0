#!/usr/bin/python3
"""analysis/report.py refuses files it cannot read: one line on stderr, exit 2, no traceback, no output.

    check_bad_inputs.py REPORT_PY GOOD_RESULT.h5 WORKDIR

Each case is made here with h5py from a copy of a real result file (newer
layout, missing groups and datasets, wrong shapes) or from scratch (foreign
HDF5, not HDF5, empty, absent).  An output folder that cannot be created
must give exit 3, also in one line.
"""
import pathlib
import shutil
import subprocess
import sys

import h5py
import numpy as np

ARM = "arms/status_quo"


def edited(good, path, edit):
    """A copy of the good file changed by edit(h5py.File)."""
    shutil.copy(good, path)
    with h5py.File(path, "r+") as f:
        edit(f)


def reshape_frequency(f):
    old = f[f"{ARM}/summary/frequency"][...]
    del f[f"{ARM}/summary/frequency"]
    f[f"{ARM}/summary/frequency"] = old[:, :-1, :]


def foreign(path):
    with h5py.File(path, "w") as f:
        f["x"] = np.arange(10)


def other_format(path):
    with h5py.File(path, "w") as f:
        f.create_group("meta").attrs["format"] = "someone-elses-results"


# name -> (how to make it, word the message must contain, expected exit status)
def cases(good, work):
    return {
        "newer_layout": (lambda p: edited(good, p, lambda f: f["meta"].attrs.modify("format_version", 99)),
                         "newer", 2),
        "older_layout": (lambda p: edited(good, p, lambda f: f["meta"].attrs.modify("format_version", 0)),
                         "older", 2),
        "text_version": (lambda p: edited(good, p, lambda f: f["meta"].attrs.__setitem__("format_version", "one")),
                         "not a whole number", 2),
        "no_version": (lambda p: edited(good, p, lambda f: f["meta"].attrs.__delitem__("format_version")),
                       "format_version", 2),
        "missing_summary": (lambda p: edited(good, p, lambda f: f.__delitem__(f"{ARM}/summary")), "missing", 2),
        "missing_series": (lambda p: edited(good, p, lambda f: f.__delitem__(f"{ARM}/timeseries/cramps")),
                           "missing", 2),
        "missing_strata": (lambda p: edited(good, p, lambda f: f.__delitem__("strata")), "missing", 2),
        "no_arms": (lambda p: edited(good, p, lambda f: f.__delitem__("arms")), "no arm", 2),
        "bad_shape": (lambda p: edited(good, p, reshape_frequency), "shape", 2),
        "foreign_hdf5": (foreign, "not a crampsim result", 2),
        "other_format": (other_format, "not a crampsim result", 2),
        "not_hdf5": (lambda p: p.write_text("this is not HDF5\n" * 100), "not an HDF5", 2),
        "empty": (lambda p: p.write_bytes(b""), "not an HDF5", 2),
        "absent": (lambda p: None, "no such file", 2),
    }


def run(report_py, path, outdir):
    return subprocess.run(["/usr/bin/python3", report_py, str(path), "-o", str(outdir)],
                          capture_output=True, text=True, timeout=60)


def check(name, p, word, code, outdir):
    """Failure messages for one run (empty when it behaved)."""
    err = p.stderr.strip()
    bad = []
    if p.returncode != code:
        bad.append(f"exit {p.returncode}, expected {code}")
    if "\n" in err or not err or "Traceback" in err:
        bad.append(f"stderr is not one line: {err[-400:]!r}")
    if word.lower() not in err.lower():
        bad.append(f"message lacks {word!r}: {err!r}")
    if code == 2 and outdir.exists():
        bad.append("output folder created for a refused file")
    print(f"{'ok  ' if not bad else 'FAIL'} {name:16s} exit {p.returncode}: {err}")
    for b in bad:
        print(f"     {b}")
    return len(bad) > 0


def main(report_py, good, work):
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    failed = 0
    for name, (make, word, code) in cases(good, work).items():
        path, outdir = work / f"{name}.h5", work / f"{name}-report"
        make(path)
        failed += check(name, run(report_py, path, outdir), word, code, outdir)
    blocker = work / "a_file"
    blocker.write_text("a file where the report wants a folder\n")
    failed += check("unwritable_out", run(report_py, good, blocker / "report"), "cannot write", 3, blocker)
    print(f"bad inputs: {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: check_bad_inputs.py REPORT_PY GOOD_RESULT.h5 WORKDIR")
    sys.exit(main(*sys.argv[1:]))
