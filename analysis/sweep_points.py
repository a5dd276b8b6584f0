"""Each point of a sweep reduced to a few numbers per arm: points x arms x measures, read one point at a time.

A point is a whole result file (docs/output.md) inside the sweep file.  The
report needs only each arm's totals over the run, all ages, so a point is
reduced at once to:

- `totals` [N][A][M]: the measures of arms.py (person-years, cramp nights,
  costs, QALYs lost, ...) plus cramp nights per 1,000 person-years, each the
  mean over the point's replicates of the per-replicate value;
- `diffs` [N][A-1][D]: the paired differences of arms.py against the
  reference arm, the mean over the point's replicates (usually one).

A 10,000-point sweep reads 10,000 x arms x 17 datasets, so the datasets are
opened with h5py's low-level calls (a tenth of the high-level cost) and read
whole; a dataset larger than WHOLE_LIMIT elements falls back to the sliced
reader of crampsim_results.  Memory is one point's datasets plus the
compact arrays (N x A x M float64), whatever N.  Each point is checked as it
is read -- the same arms as point 0, every dataset present with shape
[R][P][K] -- and point 0 in full with crampsim_results.check_layout.
"""
from dataclasses import dataclass

import h5py
import numpy as np

import arms as am
import crampsim_results as cr
import outcomes as oc
import sweep_file as sf

MEASURES = tuple(m for m in am.MEASURES if not m.optional)
RATE = am.Measure("cramp_nights_per_1000py", "cramp nights per 1,000 person-years", "per 1,000 person-years", ())
OUTCOMES = MEASURES + (RATE,)
DIFFERENCES = tuple(d for d in am.DIFFERENCES if d.measure in {m.key for m in MEASURES})
WHOLE_LIMIT = 1 << 22  # elements: larger datasets are read in slices


@dataclass
class Reduced:
    """The sweep's points reduced: arms (the reference first), totals [N][A][len(OUTCOMES)],
    diffs [N][A-1][len(DIFFERENCES)], replicates [N]."""
    arms: list
    totals: np.ndarray
    diffs: np.ndarray
    replicates: np.ndarray

    def total(self, key):
        """One outcome of every point and arm: [N][A]."""
        return self.totals[:, :, [m.key for m in OUTCOMES].index(key)]

    def diff(self, key):
        """One difference of every point and compared arm: [N][A-1]."""
        return self.diffs[:, :, [d.key for d in DIFFERENCES].index(key)]


class Point:
    """One point's result group, opened with the low-level API; raises ResultError naming the path."""

    def __init__(self, f, k):
        self.group = f[f"points/{sf.point_name(k)}"]
        self.where = f"/points/{sf.point_name(k)}"
        self.id = self.group.id
        self.opened = {}
        self.strata = self.dataset("strata/label").shape[0]
        self.reps = None

    def missing(self, path):
        return cr.ResultError(f"incomplete sweep file: {self.where}/{path} is missing")

    def subgroup(self, path):
        """The group at path in the point (h5py low-level id), opened once per point."""
        g = self.opened.get(path)
        if g is None:
            parent, _, name = path.rpartition("/")
            try:
                g = h5py.h5g.open(self.subgroup(parent) if parent else self.id, name.encode())
            except (KeyError, ValueError, TypeError):
                raise self.missing(path) from None
            self.opened[path] = g
        return g

    def dataset(self, path):
        """The dataset at path in the point (h5py low-level id)."""
        parent, _, name = path.rpartition("/")
        try:
            return h5py.h5d.open(self.subgroup(parent) if parent else self.id, name.encode())
        except (KeyError, ValueError, TypeError):
            raise self.missing(path) from None

    def check_arms(self, arms):
        """Raises ResultError unless the point has exactly the arms of point 0."""
        g = self.subgroup("arms")
        if any(a.encode() not in g for a in arms) or len(g) != len(arms):
            here = ", ".join(sorted(self.group["arms"]))
            raise cr.ResultError(f"{self.where}/arms holds {here}; point 0 has {', '.join(arms)}")

    def read_sum(self, path, axis):
        """The dataset at path summed over axis 1 (periods of a series) or 2 (classes of a summary):
        [R][K] float64.  Its shape must be [R][P][K] or [R][K][W], R the same in every dataset of the point."""
        ds = self.dataset(path)
        shape = ds.shape
        r = self.reps if self.reps is not None else (shape[0] if shape else 0)
        want = [str(r), "P", str(self.strata)] if axis == 1 else [str(r), str(self.strata), "W"]
        if len(shape) != 3 or any(w.isdigit() and g != int(w) for g, w in zip(shape, want)):
            what = "replicates, periods, strata" if axis == 1 else "replicates, strata, classes"
            what += f"; {self.strata} strata in {self.where}/strata/label"
            raise cr.ResultError(f"{self.where}/{path} has shape {shape}, expected ({', '.join(want)}) ({what})")
        self.reps = r
        if axis == 1 and shape[0] * shape[1] * shape[2] > WHOLE_LIMIT:
            arm, name = path.split("/")[1], path.split("/")[-1]
            return cr.series_totals(self.group, arm, name).astype(np.float64)
        data = np.empty(shape, dtype=np.float64)
        ds.read(h5py.h5s.ALL, h5py.h5s.ALL, data)
        return data.sum(axis)


def part_reader(interventions):
    """A read(point, arm, kind, name) for arms.arm_totals: series summed over periods, summaries over classes
    (iv_held_days absent in an arm without interventions: zeros)."""
    def read(point, arm, kind, name):
        if kind == "series":
            return point.read_sum(f"arms/{arm}/timeseries/{name}", 1)
        path = f"arms/{arm}/summary/{name}"
        if name.encode() not in point.subgroup(f"arms/{arm}/summary"):
            if interventions.get(arm, 0) > 0:
                raise cr.ResultError(f"incomplete sweep file: {point.where}/{path} is missing "
                                     "(the arm gives interventions)")
            return np.zeros((point.reps or 1, point.strata))
        return point.read_sum(path, 2)
    return read


def reduce_point(point, arms, read):
    """(totals [A][M], diffs [A-1][D], replicates) of one point: replicate means of all-ages totals."""
    point.check_arms(arms)
    everyone = oc.Groups("all", ("group_kind", "group"), [("all", oc.ALL_AGES)], np.ones((1, point.strata), bool))
    by_arm = {a: am.arm_totals(point, a, MEASURES, everyone, read=read) for a in arms}
    for t in by_arm.values():
        t[RATE.key] = oc.ratio(t["cramp_nights"], t["person_years"], 1000)
    totals = np.array([[by_arm[a][m.key].mean() for m in OUTCOMES] for a in arms])
    keys = {m.key for m in MEASURES}
    diffs = [am.differences(by_arm[arms[0]], by_arm[a], keys) for a in arms[1:]]
    diffs = np.array([[d[x.key].mean() for x in DIFFERENCES] for d in diffs]).reshape(len(arms) - 1, len(DIFFERENCES))
    return totals, diffs, point.reps


def reduce_all(f, n):
    """Every point of an open, checked sweep file reduced (Reduced); point 0 is checked in full first."""
    first = f[f"points/{sf.point_name(0)}"]
    try:
        cr.check_layout(first)
    except cr.ResultError as e:
        raise cr.ResultError(f"/points/{sf.point_name(0)}: {e}") from None
    arms = cr.arm_names(first)
    read = part_reader({a: cr.arm_interventions(first, a) for a in arms})
    totals = np.full((n, len(arms), len(OUTCOMES)), np.nan)
    diffs = np.full((n, len(arms) - 1, len(DIFFERENCES)), np.nan)
    reps = np.zeros(n, dtype=np.int64)
    for k in range(n):
        totals[k], diffs[k], reps[k] = reduce_point(Point(f, k), arms, read)
    return Reduced(arms, totals, diffs, reps)
