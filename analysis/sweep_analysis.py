"""What a sweep's report shows, as numbers: the points reduced, the outcomes its figures follow, sensitivity.

- The points (sweep_points): each arm's totals and each arm's paired
  differences against the reference, per point (means over its replicates).
- Net monetary benefit per point: NMB(w) = w x QALYs gained - incremental
  cost, at the willingness-to-pay values WTP (20,000, 50,000 and 100,000 per
  QALY); the figures use FIGURE_WTP (50,000).
- The outcomes the heat maps and tornado charts follow (`outcomes`): for each
  arm against the reference, cramp nights averted per 1,000 person-years
  and NMB at FIGURE_WTP; a sweep with one arm follows that arm's cramp
  nights per 1,000 person-years and QALYs lost instead.
- Sensitivity (`sensitivity`): for a complete grid, one-way -- each path's
  outcome at its lowest and highest level, the other paths at their middle
  (sweep_stats.one_way); for PSA, Latin hypercube, listed points (3 or more)
  or an incomplete grid, Spearman's rank correlation of each path with the
  outcome.
"""
import math
from dataclasses import dataclass

import numpy as np

import arm_stats as st
import arms as am
import crampsim_results as cr
import sweep_file as sf
import sweep_points as sp
import sweep_stats as ss
import sweep_units as su

WTP = (20_000, 50_000, 100_000)  # willingness to pay per QALY of the tables' NMB columns
FIGURE_WTP = 50_000              # the NMB the heat maps and tornado charts show
ONE_WAY, SPEARMAN = "one-way", "spearman"


@dataclass
class Outcome:
    """One number per point that a figure follows: arm (compared arm, or the only arm), key, label, unit
    (currency filled in), values [N]."""
    arm: str
    key: str
    label: str
    unit: str
    values: np.ndarray


@dataclass
class Sweep:
    """Everything the sweep's report shows."""
    meta: dict
    kind: str
    paths: list
    values: np.ndarray   # [N][P] as /sweep/value
    seeds: np.ndarray    # [N]
    settings: list       # [N] {path: value text}
    reduced: sp.Reduced
    currency: str
    discount: str
    grid: object         # sweep_stats.Grid, or None
    outcomes: list
    method: str          # ONE_WAY, SPEARMAN, or None (too few points)
    sensitivity: list    # dicts, one per outcome and path
    units: dict          # sweep_units.model_units of the model file

    @property
    def reference(self):
        return self.reduced.arms[0]

    @property
    def compared(self):
        return self.reduced.arms[1:]

    @property
    def points(self):
        return self.values.shape[0]


def nmb(red, i, w):
    """NMB at willingness to pay w of compared arm i at every point: [N]."""
    return w * red.diff("qalys_gained")[:, i] - red.diff("incremental_cost")[:, i]


def outcomes(red, currency):
    """The outcomes the figures follow (see the module's note)."""
    if len(red.arms) == 1:
        arm = red.arms[0]
        return [Outcome(arm, "cramp_nights_per_1000py", "cramp nights", "per 1,000 person-years",
                        red.total("cramp_nights_per_1000py")[:, 0]),
                Outcome(arm, "qalys_lost", "QALYs lost", "QALY", red.total("qalys_lost")[:, 0])]
    out = []
    for i, arm in enumerate(red.arms[1:]):
        out.append(Outcome(arm, "cramp_nights_averted_per_1000py", "cramp nights averted", "per 1,000 person-years",
                           red.diff("cramp_nights_averted_per_1000py")[:, i]))
        out.append(Outcome(arm, f"nmb_{FIGURE_WTP}", f"net monetary benefit at {FIGURE_WTP:,} {currency}/QALY",
                           currency, nmb(red, i, FIGURE_WTP)))
    return out


def sensitivity(grid, paths, values, outs):
    """(method, rows): one row per outcome and swept path (see the module's note)."""
    rows = []
    if grid is not None and grid.varying():
        for o in outs:
            found, base = ss.one_way(grid, o.values)
            for j, low, high in found:
                rows.append({"outcome": o, "path": paths[j], "low": grid.levels[j][0], "high": grid.levels[j][-1],
                             "at_low": low, "at_high": high, "base": base, "spread": abs(high - low),
                             "rho": math.nan})
        return ONE_WAY, sorted(rows, key=lambda r: (r["outcome"].arm, r["outcome"].key, -np.nan_to_num(r["spread"])))
    if values.shape[0] < 3:
        return None, []
    for o in outs:
        for j, path in enumerate(paths):
            x = values[:, j]
            finite = x[np.isfinite(x)]
            rows.append({"outcome": o, "path": path, "low": float(finite.min()) if finite.size else math.nan,
                         "high": float(finite.max()) if finite.size else math.nan, "at_low": math.nan,
                         "at_high": math.nan, "base": math.nan, "spread": math.nan,
                         "rho": ss.spearman(x, o.values)})
    return SPEARMAN, sorted(rows, key=lambda r: (r["outcome"].arm, r["outcome"].key, -np.nan_to_num(abs(r["rho"]))))


def discount_text(paths, first):
    """economics.discount_rate in words: drawn or swept per point, or point 0's value."""
    if "parameters.economics.discount_rate" in paths:
        return "at each point's economics.discount_rate, a swept value"
    rate = am.discount_rate(first)
    return f"at {100 * rate:g}% a year" if rate is not None else "at economics.discount_rate"


def analyse(f):
    """Reads and reduces a checked sweep file (sweep_file.open_sweep): a Sweep."""
    n = sf.points(f)
    tab = sf.table(f)
    red = sp.reduce_all(f, n)
    currency = am.currency(f)
    grid = ss.grid(tab["paths"], tab["values"], tab["settings"]) if tab["kind"] == "grid" else None
    outs = outcomes(red, currency)
    method, rows = sensitivity(grid, tab["paths"], tab["values"], outs)
    units = su.model_units(cr.text(f["meta/model_file"][...])) if "meta/model_file" in f else {}
    return Sweep(sf.meta(f), tab["kind"], tab["paths"], tab["values"], tab["seeds"], tab["settings"], red, currency,
                 discount_text(tab["paths"], f[f"points/{sf.point_name(0)}"]), grid, outs, method, rows, units)


def psa_rows(s):
    """Per compared arm: (arm, [(key, label, unit, values [N])]) -- every difference and the NMB at each WTP."""
    out = []
    for i, arm in enumerate(s.compared):
        items = [(d.key, d.label, d.unit.replace("CUR", s.currency), s.reduced.diff(d.key)[:, i])
                 for d in sp.DIFFERENCES]
        items += [(f"nmb_{w}", f"net monetary benefit at {w:,} {s.currency}/QALY", s.currency, nmb(s.reduced, i, w))
                  for w in WTP]
        out.append((arm, items))
    return out


def icer_of_means(s, i):
    """(ICER, class) of compared arm i from the mean incremental cost and mean QALYs gained over the draws; the
    ICER is NaN unless the class is arm_stats.RATIO or SAVES."""
    cost, effect = (float(np.mean(s.reduced.diff(k)[:, i])) for k in ("incremental_cost", "qalys_gained"))
    kind = st.classify(cost, effect)
    return (cost / effect if kind in (st.RATIO, st.SAVES) else math.nan), kind

