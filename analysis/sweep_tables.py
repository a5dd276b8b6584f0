"""The tables of a sweep's report (sweep_analysis.Sweep), as tables.Table: CSV at full precision, Markdown/HTML.

- sweep: one row per point -- its seed, replicates, swept values, each arm's
  key totals and each arm's differences against the reference with the net
  monetary benefit at 20,000, 50,000 and 100,000 per QALY.  The Markdown and
  HTML show the first MAX_ROWS points and MAX_PATHS swept values; the CSV all.
- sweep_sensitivity: the tornado charts' numbers (one-way for a grid, rank
  correlations otherwise).
- psa_summary (PSA only): each difference over the draws, mean and 2.5/97.5
  percentiles, the probability of a positive NMB, and the ICER of the means.
- psa_ceac (PSA only): share of draws with a positive NMB by willingness to pay.
"""
import math

import numpy as np

import arms as am
import sweep_analysis as sa
import sweep_stats as ss
from arm_tables import digits
from tables import Table, number

MAX_ROWS = 100   # points shown in Markdown/HTML
MAX_PATHS = 4    # swept values shown in Markdown/HTML
ARM_KEYS = ("person_years", "cramp_nights", "cramp_nights_per_1000py", "cost_total", "qalys_lost")
DIFF_KEYS = ("cramp_nights_averted_per_1000py", "cramp_nights_averted", "extra_treatment_years",
             "deaths_attributed_added", "incremental_cost", "qalys_gained")
SHOWN_DIFFS = ("cramp_nights_averted_per_1000py", "incremental_cost", "qalys_gained")


def value_text(s, k, j):
    """Point k's value of path j for reading: the text the point set, '–' when it sets none."""
    return s.settings[k].get(s.paths[j], "–")


def csv_rows(s):
    """The sweep table's CSV rows, made one at a time as they are written (10,000 points x 50 columns)."""
    red = s.reduced
    totals = [red.total(k) for k in ARM_KEYS]
    diffs = [red.diff(k) for k in DIFF_KEYS]
    nmb = [[sa.nmb(red, i, w) for w in sa.WTP] for i in range(len(s.compared))]
    for k in range(s.points):
        values = [float(x) for x in s.values[k]]
        if not all(math.isfinite(x) for x in values):  # not a number, or not set: the text, or ''
            given = s.settings[k]
            values = [x if math.isfinite(x) else given.get(p, "") for x, p in zip(values, s.paths)]
        row = [k, int(s.seeds[k]), int(red.replicates[k])] + values
        row += [float(v[k, a]) for a in range(len(red.arms)) for v in totals]
        for i in range(len(s.compared)):
            row += [float(v[k, i]) for v in diffs] + [float(v[k]) for v in nmb[i]]
        yield row


def sweep_table(s):
    """One row per point: swept values, key totals per arm, differences and NMB per compared arm."""
    red, cur = s.reduced, s.currency
    diffs = list(DIFF_KEYS) + [f"nmb_{w}" for w in sa.WTP]
    header = ["point", "seed", "replicates"] + s.paths + [f"{a}:{k}" for a in red.arms for k in ARM_KEYS] + \
        [f"{a}:{k}" for a in s.compared for k in diffs]
    shown = s.paths[:MAX_PATHS]
    note = (f"Each point's values, the mean over its replicates of totals over the run, all ages. Differences: "
            f"each arm against the reference {s.reference}, paired by replicate; NMB = w x QALYs gained - "
            f"incremental cost ({cur}, discounted) at w = {', '.join(f'{w:,}' for w in sa.WTP)} {cur} per QALY. "
            f"Columns of the CSV: ARM:MEASURE.")
    if s.points > MAX_ROWS or len(s.paths) > len(shown):
        note += f" Shown: the first {min(s.points, MAX_ROWS)} of {s.points} points" + \
            (f" and {len(shown)} of {len(s.paths)} swept values" if len(s.paths) > len(shown) else "") + \
            "; sweep.csv holds all."
    t = Table("sweep", f"Points of the {s.kind} sweep", note, header, csv_rows(s))
    head = ["point"] + shown + [f"{a}: cramp nights (per 1,000 person-years)" for a in red.arms]
    for a in s.compared:
        head += [f"{a}: cramp nights averted (per 1,000 person-years)", f"{a}: incremental cost ({cur})",
                 f"{a}: QALYs gained", f"{a}: NMB at {sa.FIGURE_WTP:,} ({cur})"]
    rate = red.total("cramp_nights_per_1000py")
    rows = []
    for k in range(min(s.points, MAX_ROWS)):
        row = [str(k)] + [value_text(s, k, j) for j in range(len(shown))]
        row += [number(float(rate[k, a]), 1) for a in range(len(red.arms))]
        for i in range(len(s.compared)):
            row += [number(float(red.diff(key)[k, i]), digits(unit)) for key, unit in
                    zip(SHOWN_DIFFS, ("per 1,000 person-years", "CUR", "QALY"))]
            row.append(number(float(sa.nmb(red, i, sa.FIGURE_WTP)[k]), 0))
        rows.append(row)
    t.parts.append((f"{s.points} points, {len(s.paths)} swept values", head, rows))
    return t


def sensitivity_table(s):
    """The numbers behind the tornado charts."""
    how = ("one-way: each swept value at its lowest and highest level, every other at its middle level (the "
           "mean over the two middle levels when it has an even number)" if s.method == sa.ONE_WAY else
           "Spearman's rank correlation of each swept value with the outcome over the points")
    t = Table("sweep_sensitivity", "Sensitivity of the outcomes to each swept value",
              f"Method: {how}. Outcomes: {', '.join(sorted({o.label for o in s.outcomes}))}.",
              ["arm", "outcome", "unit", "method", "path", "low_value", "high_value", "outcome_at_low",
               "outcome_at_high", "outcome_base", "spread", "spearman_rho"])
    for o in s.outcomes:
        mine = [r for r in s.sensitivity if r["outcome"] is o]
        for r in mine:
            t.csv_rows.append([o.arm, o.key, o.unit, s.method, r["path"], r["low"], r["high"], r["at_low"],
                               r["at_high"], r["base"], r["spread"], r["rho"]])
        places = digits(o.unit) if o.unit != s.currency else 0
        if s.method == sa.ONE_WAY:
            header = ["swept value", "low → high", f"at low ({o.unit})", f"at high ({o.unit})", f"spread ({o.unit})"]
            rows = [[r["path"], f"{r['low']} → {r['high']}", number(r["at_low"], places), number(r["at_high"], places),
                     number(r["spread"], places)] for r in mine]
            sub = f"{o.arm}: {o.label} ({o.unit}); base {number(mine[0]['base'], places) if mine else 'n/a'}"
        else:
            header = ["swept value", "range over the points", "Spearman's rho"]
            rows = [[r["path"], f"{r['low']:g} – {r['high']:g}", number(r["rho"], 3)] for r in mine]
            sub = f"{o.arm}: {o.label} ({o.unit})"
        t.parts.append((sub, header, rows))
    return t


def psa_summary_table(s):
    """Each difference over the PSA draws: mean, 2.5 and 97.5 percentiles; P(NMB > 0); ICER of the means."""
    n, cur = s.points, s.currency
    t = Table("psa_summary", f"Probabilistic sensitivity analysis: each arm against {s.reference} over {n} draws",
              "Per draw: the difference of the draw's means over its replicates (arm minus reference, paired). "
              "Mean over the draws and 2.5/97.5 percentiles (numpy's linear interpolation); for NMB the share of "
              f"draws with NMB > 0 (probability cost-effective at that willingness to pay). ICER: mean incremental "
              f"cost / mean QALYs gained with its dominance class. Costs in {cur}, discounted; draws also carry "
              "the simulation's chance variation when a draw has few replicates.",
              ["arm", "measure", "unit", "mean", "p2_5", "p97_5", "draws", "prob_cost_effective", "class"])
    for i, (arm, items) in enumerate(sa.psa_rows(s)):
        rows = []
        for key, label, unit, v in items:
            m, lo, hi = ss.percentiles(v)
            prob = float(np.mean(v > 0)) if key.startswith("nmb_") else math.nan
            t.csv_rows.append([arm, key, unit, m, lo, hi, n, prob, ""])
            places = 0 if unit == cur else digits(unit.replace(cur, "CUR"))
            rows.append([f"{label} ({unit})", number(m, places), f"{number(lo, places)} – {number(hi, places)}",
                         "" if math.isnan(prob) else f"{100 * prob:.0f}%"])
        icer, kind = sa.icer_of_means(s, i)
        t.csv_rows.append([arm, "icer_of_means", f"{cur} per QALY gained", icer, math.nan, math.nan, n, math.nan, kind])
        rows.append([f"ICER of the means ({cur} per QALY gained)", number(icer, 0) if not math.isnan(icer) else kind,
                     "", ""])
        t.parts.append((f"{arm} vs {s.reference}, {n} draws", ["measure", "mean", "2.5–97.5 percentile",
                                                               "P(NMB > 0)"], rows))
    return t


def psa_ceac_table(s):
    """Share of draws with a positive NMB at each willingness to pay."""
    n, cur = s.points, s.currency
    t = Table("psa_ceac", "Cost-effectiveness acceptability over the PSA draws",
              f"Share of the {n} draws with w x QALYs gained - incremental cost > 0 at a willingness to pay w per "
              f"QALY ({cur}); each arm against {s.reference} only.",
              ["arm", "wtp_per_qaly", "unit", "share_positive_nmb", "draws"])
    curves = {a: ss.share_positive(s.reduced.diff("qalys_gained")[:, i], s.reduced.diff("incremental_cost")[:, i],
                                   am.THRESHOLDS) for i, a in enumerate(s.compared)}
    for a, curve in curves.items():
        t.csv_rows += [[a, float(w), f"{cur} per QALY", float(c), n] for w, c in zip(am.THRESHOLDS, curve)]
    rows = [[number(w, 0)] + [f"{100 * curves[a][int(np.searchsorted(am.THRESHOLDS, w))]:.0f}" for a in s.compared]
            for w in am.TABLE_THRESHOLDS]
    t.parts.append((f"{n} draws", [f"willingness to pay ({cur} per QALY)"] +
                    [f"{a}: draws with positive NMB (%)" for a in s.compared], rows))
    return t


def build(s):
    """The sweep's tables in the report's order."""
    out = [sweep_table(s)]
    if s.method:
        out.append(sensitivity_table(s))
    if s.kind == "psa" and s.compared:
        out += [psa_summary_table(s), psa_ceac_table(s)]
    return out

