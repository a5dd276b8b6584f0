"""The report of a sweep file (format crampsim-sweep): tables, figures and one self-contained HTML page.

analysis/report.py calls `analyse` on an open, checked sweep file
(sweep_file.open_sweep) and then `write_report`.  What it shows depends on
the sweep's kind (docs/analysis.md, "Sweeps and PSA"):

- every kind: the table of points (sweep) and, with 3 or more points or a
  grid, the sensitivity table and a tornado chart per compared arm;
- grid: heat maps of cramp nights averted per 1,000 person-years and of the
  NMB at 50,000 per QALY over the first two swept values (a line plot when
  only one value varies);
- psa: psa_summary and psa_ceac, the cost-effectiveness plane, the
  acceptability curves and a forest plot.
"""
import numpy as np

import arms as am
import html_report
import sweep_analysis as sa
import sweep_stats as ss
import sweep_tables
import sweep_units as su
import tables

FOREST = ("cramp_nights_averted_per_1000py", "qalys_gained", "incremental_cost", f"nmb_{sa.FIGURE_WTP}")


def by_arm(s):
    """The figures' outcomes grouped by arm: [(arm, [Outcome, ...])] in the sweep's order."""
    arms = list(dict.fromkeys(o.arm for o in s.outcomes))
    return [(a, [o for o in s.outcomes if o.arm == a]) for a in arms]


def what(s, outcome):
    """An outcome's label, against the reference when it is a difference."""
    return f"{outcome.label} vs {s.reference}" if s.compared else outcome.label


def grid_figures(s, units, outdir):
    """Heat maps (two or more varying values) or line plots (one) of each arm's outcomes over the grid."""
    g = s.grid
    if g is None or not g.varying():
        return []
    out = []
    for arm, outs in by_arm(s):
        if len(g.varying()) >= 2:
            r, c = g.varying()[:2]
            held = [p for j, p in enumerate(g.paths) if j not in (r, c) and len(g.levels[j]) > 1]
            title = f"{arm}: outcomes over the grid" + (f" ({len(held)} other swept values at their middle)"
                                                         if held else "")
            png = sweep_figures().heatmap(outdir / f"sweep-heatmap-{arm}.png", title,
                                          (su.label(g.paths[r], units), g.levels[r]),
                                          (su.label(g.paths[c], units), g.levels[c]),
                                          [(what(s, o), o.unit, ss.heat(g, o.values, r, c)) for o in outs])
            out.append((f"{arm}: heat map over {g.paths[r]} and {g.paths[c]}", png))
        else:
            j = g.varying()[0]
            panels = [(what(s, o), o.unit, np.array([ss.held_mean(g, o.values, {j: lv})
                                                     for lv in range(len(g.levels[j]))])) for o in outs]
            png = sweep_figures().line(outdir / f"sweep-line-{arm}.png", f"{arm}: outcomes over {g.paths[j]}",
                                       su.label(g.paths[j], units), g.levels[j], panels)
            out.append((f"{arm}: outcomes over {g.paths[j]}", png))
    return out


def tornado_figures(s, outdir):
    """A tornado chart per arm (one-way for a grid, rank correlations otherwise)."""
    if not s.method:
        return []
    out = []
    one_way = s.method == sa.ONE_WAY
    for arm, outs in by_arm(s):
        panels = []
        for o in outs:
            rows = [r for r in s.sensitivity if r["outcome"] is o]
            if one_way:
                panels.append((what(s, o), o.unit, rows[0]["base"] if rows else 0.0,
                               [(f"{r['path']} ({r['low']} → {r['high']})", r["at_low"], r["at_high"]) for r in rows]))
            else:
                panels.append((what(s, o), o.unit, None, [(r["path"], r["rho"]) for r in rows]))
        how = "one-way, the others at their middle" if one_way else f"rank correlation over {s.points} points"
        png = sweep_figures().tornado(outdir / f"sweep-tornado-{arm}.png", f"{arm}: sensitivity to each swept value "
                                      f"({how})", panels, one_way)
        out.append((f"{arm}: tornado chart ({how})", png))
    return out


def psa_figures(s, outdir):
    """The PSA's cost-effectiveness plane, acceptability curves and forest plot."""
    if s.kind != "psa" or not s.compared:
        return []
    fig, red, cur = sweep_figures(), s.reduced, s.currency
    qalys = {a: red.diff("qalys_gained")[:, i] for i, a in enumerate(s.compared)}
    costs = {a: red.diff("incremental_cost")[:, i] for i, a in enumerate(s.compared)}
    curves = {a: ss.share_positive(qalys[a], costs[a], am.THRESHOLDS) for a in s.compared}
    values = dict(sa.psa_rows(s))
    measures = []
    for key in FOREST:
        label, unit = next((lb, u) for k, lb, u, _ in values[s.compared[0]] if k == key)
        measures.append((f"{label} ({unit})", {a: ss.percentiles(next(v for k, _, _, v in values[a] if k == key))
                                               for a in s.compared}))
    return [(f"PSA cost-effectiveness plane against {s.reference}",
             fig.ce_plane(outdir / "psa-ce_plane.png", s.compared, qalys, costs, cur, sa.WTP, s.reference)),
            (f"PSA acceptability curves against {s.reference}",
             fig.ceac(outdir / "psa-ceac.png", s.compared, am.THRESHOLDS, curves, cur, s.points, s.reference, sa.WTP)),
            (f"Differences against {s.reference} over the PSA draws (mean, 2.5–97.5 percentiles)",
             fig.forest(outdir / "psa-forest.png", s.compared, measures, s.reference, s.points))]


def sweep_figures():
    """The figure module, imported once the file has been accepted (matplotlib is slow to load)."""
    import sweep_figures as sfig
    return sfig


def path_rows(s, units):
    """(path, unit, values) for the metadata: a grid's levels, else the range over the points."""
    out = []
    for j, p in enumerate(s.paths):
        if s.grid is not None:
            shown = ", ".join(s.grid.levels[j])
        else:
            x = s.values[:, j][np.isfinite(s.values[:, j])]
            shown = f"{x.min():g} to {x.max():g} ({x.size} numbers)" if x.size else "not numbers (see sweep.csv)"
        out.append((p, su.unit(p, units), shown))
    return out


def meta_rows(s):
    """The sweep's metadata for the report's head."""
    m, reps = s.meta, s.reduced.replicates
    run = m.get("run", {})
    return [("kind", s.kind), ("points", s.points), ("swept values", len(s.paths)), ("seed", m.get("seed", "")),
            ("replicates per point", f"{reps.min()}" if reps.min() == reps.max() else f"{reps.min()} to {reps.max()}"),
            ("arms (the first the reference)", ", ".join(s.reduced.arms)), ("currency", s.currency),
            ("discounting", s.discount), ("crampsim version", m.get("crampsim_version", "not in this file")),
            ("git commit", m.get("git_commit", "not in this file")),
            ("scenario file", m.get("scenario_path", "not in this file")),
            ("layout version", m.get("format_version", "")), ("MPI ranks", run.get("ranks", "not in this file")),
            ("groups", run.get("groups", "not in this file")),
            ("wall time (s)", run.get("wall_seconds", "not in this file"))]


def absent_parts(s):
    """What a full sweep report could show but this sweep lacks, with why."""
    out = []
    if not s.compared:
        out.append(("Comparison of arms", f"not in this file: only the arm {s.reference} was run"))
    if s.kind != "psa":
        out.append(("PSA summary, plane and acceptability", f"not in this file: a {s.kind} sweep, not PSA draws"))
    if s.kind != "grid":
        out.append(("Heat maps", f"not in this file: a {s.kind} sweep, not a grid"))
    elif s.grid is None:
        out.append(("Heat maps", "not in this file: the points are not every combination of the grid's values"))
    if not s.method:
        out.append(("Sensitivity", f"not in this file: {s.points} points, fewer than the 3 a rank correlation needs"))
    return out


def notes(s):
    """The report's head notes: the definitions in brief (docs/analysis.md, "Sweeps and PSA")."""
    out = [f"A {s.kind} sweep of {s.points} points; each point is a run of the scenario with its own values and "
           "seed. Per point: the mean over its replicates of totals over the run, all ages.",
           f"Differences: each arm against the reference {s.reference}, paired by replicate (common random numbers "
           "within a point). NMB = w x QALYs gained - incremental cost at w = "
           f"{', '.join(f'{w:,}' for w in sa.WTP)} {s.currency} per QALY; figures use {sa.FIGURE_WTP:,}.",
           f"Costs ({s.currency}) and QALYs discounted in the simulation {s.discount}; counts are not."]
    if s.method == sa.ONE_WAY:
        out.append("Tornado charts (grid): each swept value at its lowest and highest level with every other at its "
                   "middle level (the mean over the two middle levels when it has an even number).")
    elif s.method == sa.SPEARMAN:
        out.append("Tornado charts: Spearman's rank correlation of each swept value with the outcome over the points.")
    if s.kind == "psa":
        out.append("PSA: mean and 2.5/97.5 percentiles over the draws; probability cost-effective = share of draws "
                   "with NMB > 0. With few replicates per draw the draws also carry the simulation's chance variation.")
    return out


def write_report(path, s, outdir):
    """Writes every table, figure and report.html of sweep s to outdir; returns the HTML path."""
    outdir.mkdir(parents=True, exist_ok=True)
    tabs = sweep_tables.build(s)
    for t in tabs:
        tables.write(t, outdir)
    by_name = {t.name: t for t in tabs}
    units = s.units
    sections = []
    if s.kind == "psa" and s.compared:
        sections.append(("psa", f"Probabilistic sensitivity analysis against {s.reference}",
                         [by_name["psa_summary"], by_name["psa_ceac"]], psa_figures(s, outdir)))
    grid = grid_figures(s, units, outdir)
    if grid:
        sections.append(("grid", "Outcomes over the grid", [], grid))
    if s.method:
        sections.append(("sensitivity", "Sensitivity to each swept value", [by_name["sweep_sensitivity"]],
                         tornado_figures(s, outdir)))
    sections.append(("points", "Points", [by_name["sweep"]], []))
    head = html_report.sweep_meta_section(path, s.meta, meta_rows(s), path_rows(s, units))
    out = outdir / "report.html"
    out.write_text(html_report.page(path, s.meta, notes(s), sections, absent_parts(s), head=head, head_title="Sweep"))
    return out

