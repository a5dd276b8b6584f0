"""Statistics over the points of a sweep: grid structure, one-way sensitivity, rank correlation, PSA summaries.

Everything works on the compact per-point numbers of sweep_points (one value
per point, the mean over its replicates); no scipy.

- Grids (`Grid`): each path's levels, ordered by value, and each point's level.
  One-way sensitivity of a path (`one_way`): the outcome at its lowest and at
  its highest level with every other path held at its middle level -- the
  mean over the two middle levels when a path has an even number of levels.
  A heat map cell (`heat`) holds two paths at given levels and the others
  at their middle the same way.
- PSA, Latin hypercube and listed points: Spearman's rank correlation of
  each path's value with the outcome over the points (`spearman`, ties get
  their average rank).
- PSA summaries (`percentiles`, `share_positive`): mean and 2.5/97.5
  percentiles over draws (numpy's linear interpolation); the share of draws
  with a net monetary benefit above 0 (a tie is not a gain).
"""
import math
from dataclasses import dataclass

import numpy as np


@dataclass
class Grid:
    """A complete grid: paths [P], levels [P] (value texts, low to high), index [N][P] (each point's level)."""
    paths: list
    levels: list
    index: np.ndarray

    def varying(self):
        """Indices of the paths with more than one level."""
        return [j for j, lv in enumerate(self.levels) if len(lv) > 1]


def level_order(texts, numbers):
    """The distinct texts of one path, ordered by their numbers when every one is a number, else as met."""
    first = {}
    for t, x in zip(texts, numbers):
        first.setdefault(t, x)
    if all(math.isfinite(x) for x in first.values()):
        return sorted(first, key=lambda t: first[t])
    return list(first)


def grid(paths, values, settings):
    """The Grid of a grid sweep from /sweep/value [N][P] and the settings (settings[k]: {path: text}); None when
    the points are not every combination of the levels exactly once (the report then uses rank correlations)."""
    n = values.shape[0]
    levels, index = [], np.zeros((n, len(paths)), dtype=np.int64)
    parsed = [settings[k] for k in range(n)]
    for j, path in enumerate(paths):
        texts = [s.get(path, "") for s in parsed]
        order = level_order(texts, values[:, j])
        where = {t: i for i, t in enumerate(order)}
        levels.append(order)
        index[:, j] = [where[t] for t in texts]
    combos = {tuple(row) for row in index.tolist()}
    if len(combos) != n or n != math.prod(len(lv) for lv in levels):
        return None
    return Grid(list(paths), levels, index)


def middle(count):
    """The middle level(s) of a path with count levels: one when odd, the two central ones when even."""
    return [count // 2] if count % 2 else [count // 2 - 1, count // 2]


def held_mean(g, y, fixed):
    """Mean of y over the points at the levels in fixed ({path index: level}) with every other path at its
    middle level(s)."""
    keep = np.ones(g.index.shape[0], dtype=bool)
    for j, lv in enumerate(g.levels):
        allowed = [fixed[j]] if j in fixed else middle(len(lv))
        keep &= np.isin(g.index[:, j], allowed)
    return float(np.mean(y[keep])) if keep.any() else math.nan


def one_way(g, y):
    """Per varying path: (path index, outcome at its lowest level, outcome at its highest level), the others
    held at their middle; and the base value (every path at its middle)."""
    rows = [(j, held_mean(g, y, {j: 0}), held_mean(g, y, {j: len(g.levels[j]) - 1})) for j in g.varying()]
    return rows, held_mean(g, y, {})


def heat(g, y, rows_path, cols_path):
    """[levels of rows_path][levels of cols_path]: the outcome with those two paths at each pair of levels and
    the others at their middle."""
    return np.array([[held_mean(g, y, {rows_path: a, cols_path: b}) for b in range(len(g.levels[cols_path]))]
                     for a in range(len(g.levels[rows_path]))])


def ranks(v):
    """Ranks 1..n of v, ties getting the average of the ranks they span."""
    v = np.asarray(v, dtype=np.float64)
    order = np.argsort(v, kind="mergesort")
    out = np.empty(v.size)
    sorted_v = v[order]
    start = 0
    for end in range(1, v.size + 1):
        if end == v.size or sorted_v[end] != sorted_v[start]:
            out[order[start:end]] = (start + end + 1) / 2  # mean of ranks start+1 .. end
            start = end
    return out


def spearman(x, y):
    """Spearman's rank correlation of x and y over the pairs where both are finite; NaN with fewer than 3
    pairs or when either is constant there."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 3:
        return math.nan
    rx, ry = ranks(x[ok]), ranks(y[ok])
    rx, ry = rx - rx.mean(), ry - ry.mean()
    den = math.sqrt(float((rx * rx).sum() * (ry * ry).sum()))
    return float((rx * ry).sum() / den) if den > 0 else math.nan


def percentiles(v):
    """(mean, 2.5th, 97.5th percentile) over the finite values of v; NaN when there are none."""
    v = np.asarray(v, dtype=np.float64)
    v = v[np.isfinite(v)]
    if v.size == 0:
        return math.nan, math.nan, math.nan
    low, high = np.percentile(v, [2.5, 97.5])
    return float(v.mean()), float(low), float(high)


def nmb(qalys_gained, incremental_cost, wtp):
    """Net monetary benefit w * QALYs gained - incremental cost: [len(wtp)][N] for values [N]."""
    w = np.asarray(wtp, dtype=np.float64)[:, None]
    return w * np.asarray(qalys_gained, dtype=np.float64)[None, :] - np.asarray(incremental_cost)[None, :]


def share_positive(qalys_gained, incremental_cost, wtp):
    """For each willingness to pay: the share of points (draws) with net monetary benefit > 0: [len(wtp)]."""
    return (nmb(qalys_gained, incremental_cost, wtp) > 0).mean(axis=1)
