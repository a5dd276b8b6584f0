#!/usr/bin/python3
"""The sweep report (analysis/sweep_report.py) against the sweep file it reads (tests/report/sweep_*.yaml).

    check_sweep.py build   CRAMPSIM SWEEP.h5 OUTDIR   # fresh OUTDIR, `crampsim report`: exit 0, quiet stderr
    check_sweep.py tables  SWEEP.h5 OUTDIR            # every CSV number recomputed here from the datasets
    check_sweep.py figures SWEEP.h5 OUTDIR            # the PNGs the sweep's kind calls for: > 300 px, > 10 kB
    check_sweep.py html    SWEEP.h5 OUTDIR            # one self-contained page: metadata, scenario, tables, figures

Expected numbers come from the raw datasets with this file's own code: each
point's series summed whole, the measures and differences of check_arms.py,
its own grid levels, one-way means and rank correlation.  The scenarios run
quinine against no programme, so quinine must avert cramp nights at a cost
at every point, and a smaller rate ratio must avert more.
"""
import html
import math
import pathlib
import sys

import h5py
import numpy as np

from check_arms import DIFFERENCES, MEASURES, build, expected_class
from check_report import check_pngs, check_self_contained, close, fail, failures, read_csv

WTP = (20_000, 50_000, 100_000)
FIGURE_WTP = 50_000
ARM_KEYS = ("person_years", "cramp_nights", "cramp_nights_per_1000py", "cost_total", "qalys_lost")
DIFF_KEYS = ("cramp_nights_averted_per_1000py", "cramp_nights_averted", "extra_treatment_years",
             "deaths_attributed_added", "incremental_cost", "qalys_gained")
TABLES = {"grid": ("sweep", "sweep_sensitivity"), "psa": ("sweep", "sweep_sensitivity", "psa_summary", "psa_ceac")}
TITLES = {"sweep": "Points of the", "sweep_sensitivity": "Sensitivity of the outcomes",
          "psa_summary": "Probabilistic sensitivity analysis", "psa_ceac": "Cost-effectiveness acceptability"}


def decode(v):
    return v.decode() if isinstance(v, bytes) else str(v)


def point_values(g, arms):
    """Per arm: measure -> [R] totals over the run, all strata, from whole datasets."""
    out = {}
    for arm in arms:
        raw = {}
        for m, (parts, scale) in MEASURES.items():
            if m == "tests":
                continue
            total = 0.0
            for s in parts:
                if s == "iv_held_days":
                    ds = g.get(f"arms/{arm}/summary/iv_held_days")
                    total = total + (ds[...].sum(axis=(1, 2)) if ds is not None else 0.0)
                else:
                    total = total + g[f"arms/{arm}/timeseries/{s}"][...].sum(axis=(1, 2))
            raw[m] = scale * np.asarray(total, dtype=float)
        raw["cramp_nights_per_1000py"] = 1000 * raw["cramp_nights"] / raw["person_years"]
        out[arm] = raw
    return out


def differences(v, ref, arm):
    """Difference key -> mean over replicates of the paired difference."""
    out = {}
    for key, (m, sign, rate) in DIFFERENCES.items():
        if m == "tests":
            continue
        a, r = v[arm][m], v[ref][m]
        if rate:
            a, r = 1000 * a / v[arm]["person_years"], 1000 * r / v[ref]["person_years"]
        out[key] = float(np.mean(sign * (a - r)))
    for w in WTP:
        out[f"nmb_{w}"] = w * out["qalys_gained"] - out["incremental_cost"]
    return out


def load(path):
    """The sweep's table and, per point, each arm's means and each compared arm's differences."""
    with h5py.File(path, "r") as f:
        s = f["sweep"]
        d = {"kind": decode(s.attrs["kind"]), "paths": [decode(p) for p in s["path"][...]],
             "values": s["value"][...], "seeds": s["seed"][...], "n": int(s.attrs["points"]),
             "settings": [dict(line.split("=", 1) for line in decode(t).splitlines()) for t in s["setting"][...]],
             "scenario": decode(f["meta/scenario"][...][0]), "seed": int(f["meta"].attrs["seed"])}
        d["arms"] = [decode(a) for a in f["points/point_000000/meta/arms/name"][...]]
        d["totals"], d["diffs"], d["reps"] = [], [], []
        for k in range(d["n"]):
            g = f[f"points/point_{k:06d}"]
            v = point_values(g, d["arms"])
            d["totals"].append({a: {m: float(np.mean(x)) for m, x in v[a].items()} for a in d["arms"]})
            d["diffs"].append({a: differences(v, d["arms"][0], a) for a in d["arms"][1:]})
            d["reps"].append(g["arms/" + d["arms"][0] + "/timeseries/person_nights"].shape[0])
    return d


def outcome(d, arm, key):
    """An outcome of the figures over the points [N]."""
    return np.array([x[arm][key] for x in d["diffs"]])


def check_sweep_csv(d, outdir):
    rows = read_csv(outdir, "sweep")
    if len(rows) != d["n"]:
        fail(f"sweep.csv: {len(rows)} rows for {d['n']} points")
    for k, r in enumerate(rows):
        if int(r["point"]) != k or int(r["seed"]) != int(d["seeds"][k]) or int(r["replicates"]) != d["reps"][k]:
            fail(f"sweep.csv row {k}: point, seed or replicates {r['point']} {r['seed']} {r['replicates']}")
        for j, p in enumerate(d["paths"]):
            if not close(float(r[p]), float(d["values"][k, j])) or not close(float(r[p]), float(d["settings"][k][p])):
                fail(f"sweep.csv row {k} {p}: {r[p]}, value {d['values'][k, j]}, setting {d['settings'][k][p]}")
        for a in d["arms"]:
            for m in ARM_KEYS:
                if not close(float(r[f"{a}:{m}"]), d["totals"][k][a][m]):
                    fail(f"sweep.csv row {k} {a}:{m}: {r[f'{a}:{m}']}, direct {d['totals'][k][a][m]}")
        for a in d["arms"][1:]:
            for m in DIFF_KEYS + tuple(f"nmb_{w}" for w in WTP):
                if not close(float(r[f"{a}:{m}"]), d["diffs"][k][a][m]):
                    fail(f"sweep.csv row {k} {a}:{m}: {r[f'{a}:{m}']}, direct {d['diffs'][k][a][m]}")
            if not (d["diffs"][k][a]["cramp_nights_averted"] > 0 and d["diffs"][k][a]["incremental_cost"] > 0):
                fail(f"point {k}: {a} does not avert cramp nights at a cost: {d['diffs'][k][a]}")


def grid_expected(d, key_values):
    """{(path, outcome values id): (low, high, at low, at high, base)} by this file's own one-way rule."""
    levels = [sorted({s[p] for s in d["settings"]}, key=float) for p in d["paths"]]
    idx = np.array([[levels[j].index(s[p]) for j, p in enumerate(d["paths"])] for s in d["settings"]])

    def mids(n):
        return {n // 2} if n % 2 else {n // 2 - 1, n // 2}

    def mean_at(y, fixed):
        keep = [all(idx[k, i] == fixed[i] if i in fixed else idx[k, i] in mids(len(levels[i]))
                    for i in range(len(levels))) for k in range(d["n"])]
        return float(np.mean(y[np.array(keep)]))
    out = {}
    for j, p in enumerate(d["paths"]):
        out[p] = (levels[j][0], levels[j][-1], mean_at(key_values, {j: 0}),
                  mean_at(key_values, {j: len(levels[j]) - 1}), mean_at(key_values, {}))
    return out


def spearman(x, y):
    """Rank correlation: average ranks of ties from a dict, then Pearson's r of the ranks."""
    def ranks(v):
        order = sorted(v)
        first = {}
        for i, x_ in enumerate(order):
            first.setdefault(x_, []).append(i + 1)
        return np.array([np.mean(first[x_]) for x_ in v])
    rx, ry = ranks(list(x)), ranks(list(y))
    return float(np.corrcoef(rx, ry)[0, 1])


def check_sensitivity(d, outdir):
    rows = read_csv(outdir, "sweep_sensitivity")
    figures = {a: {"cramp_nights_averted_per_1000py": outcome(d, a, "cramp_nights_averted_per_1000py"),
                   f"nmb_{FIGURE_WTP}": outcome(d, a, f"nmb_{FIGURE_WTP}")} for a in d["arms"][1:]}
    want_rows = len(d["arms"][1:]) * 2 * len(d["paths"])
    if len(rows) != want_rows:
        fail(f"sweep_sensitivity.csv: {len(rows)} rows, want {want_rows}")
    for r in rows:
        y = figures[r["arm"]][r["outcome"]]
        if d["kind"] == "grid":
            lo, hi, at_lo, at_hi, base = grid_expected(d, y)[r["path"]]
            got = [float(r[k]) for k in ("outcome_at_low", "outcome_at_high", "outcome_base", "spread")]
            if r["method"] != "one-way" or (r["low_value"], r["high_value"]) != (lo, hi) or \
                    not all(close(g, w) for g, w in zip(got, [at_lo, at_hi, base, abs(at_hi - at_lo)])):
                fail(f"sweep_sensitivity {r['outcome']} {r['path']}: {r}, want {lo} {hi} {at_lo} {at_hi} {base}")
        else:
            j = d["paths"].index(r["path"])
            want = spearman(d["values"][:, j], y)
            if r["method"] != "spearman" or not close(float(r["spearman_rho"]), want) or \
                    not close(float(r["low_value"]), d["values"][:, j].min()):
                fail(f"sweep_sensitivity {r['outcome']} {r['path']}: rho {r['spearman_rho']}, want {want}")
    if d["kind"] == "grid":
        rate = [r for r in rows if r["outcome"] == "cramp_nights_averted_per_1000py" and "rate_ratio" in r["path"]]
        if not rate or not float(rate[0]["outcome_at_low"]) > float(rate[0]["outcome_at_high"]):
            fail("sweep_sensitivity: a smaller quinine rate ratio does not avert more cramp nights")


def check_psa(d, outdir):
    rows = read_csv(outdir, "psa_summary")
    for r in rows:
        a = r["arm"]
        if r["measure"] == "icer_of_means":
            c, q = (np.mean(outcome(d, a, k)) for k in ("incremental_cost", "qalys_gained"))
            kind = expected_class(c, q, True)
            want = c / q if kind in ("ICER", "less effect, less cost") else math.nan
            if r["class"] != kind or not close(float(r["mean"]), want):
                fail(f"psa_summary icer: {r['class']} {r['mean']}, want {kind} {want}")
            continue
        v = outcome(d, a, r["measure"])
        want = [v.mean(), *np.percentile(v, [2.5, 97.5])]
        prob = float(np.mean(v > 0)) if r["measure"].startswith("nmb_") else math.nan
        got = [float(r[k]) for k in ("mean", "p2_5", "p97_5", "prob_cost_effective")]
        if not all(close(g, w) for g, w in zip(got, want + [prob])) or int(r["draws"]) != d["n"]:
            fail(f"psa_summary {a} {r['measure']}: {got}, want {want + [prob]}")
    want_rows = len(d["arms"][1:]) * (len([k for k in DIFFERENCES if k != "tests_averted"]) + len(WTP) + 1)
    if len(rows) != want_rows:
        fail(f"psa_summary.csv: {len(rows)} rows, want {want_rows}")
    ceac = read_csv(outdir, "psa_ceac")
    for r in ceac:
        q, c = outcome(d, r["arm"], "qalys_gained"), outcome(d, r["arm"], "incremental_cost")
        want = float(np.mean(float(r["wtp_per_qaly"]) * q - c > 0))
        if not close(float(r["share_positive_nmb"]), want):
            fail(f"psa_ceac {r['arm']} {r['wtp_per_qaly']}: {r['share_positive_nmb']}, want {want}")
    if len(ceac) != 151 * len(d["arms"][1:]):
        fail(f"psa_ceac.csv: {len(ceac)} rows")


def check_tables(d, outdir):
    check_sweep_csv(d, outdir)
    check_sensitivity(d, outdir)
    if d["kind"] == "psa":
        check_psa(d, outdir)
    for name in TABLES[d["kind"]]:
        text = (outdir / f"{name}.md").read_text()
        if not text.startswith("## ") or "|---|" not in text:
            fail(f"{name}.md: not a Markdown table")
    extra = {p.stem for p in outdir.glob("*.csv")} - set(TABLES[d["kind"]])
    if extra:
        fail(f"unexpected tables {sorted(extra)}")


def expected_pngs(d, outdir):
    names = [f"sweep-tornado-{a}" for a in d["arms"][1:]]
    if d["kind"] == "grid":
        names += [f"sweep-heatmap-{a}" for a in d["arms"][1:]]
    else:
        names += ["psa-ce_plane", "psa-ceac", "psa-forest"]
    return [outdir / f"{n}.png" for n in names]


def check_figures(d, outdir):
    check_pngs(expected_pngs(d, outdir), outdir)


def check_html(d, outdir):
    text = (outdir / "report.html").read_text()
    check_self_contained(text, expected_pngs(d, outdir))
    wants = [f"<tr><th>kind</th><td>{d['kind']}</td></tr>", f"<tr><th>points</th><td>{d['n']}</td></tr>",
             f"<tr><th>seed</th><td>{d['seed']}</td></tr>", html.escape(d["scenario"]), "Not in this file"]
    wants += [f"<td>{html.escape(p)}</td>" for p in d["paths"]]
    wants += [TITLES[n] for n in TABLES[d["kind"]]]
    for want in wants:
        if want not in text:
            fail(f"report.html: lacks {want[:80]!r}")


def main():
    what = sys.argv[1]
    if what == "build":
        build(sys.argv[2], sys.argv[3], pathlib.Path(sys.argv[4]), ("sweep",))
    else:
        d = load(sys.argv[2])
        if d["kind"] not in TABLES:
            fail(f"this check knows grid and psa sweeps, not {d['kind']}")
        else:
            {"tables": check_tables, "figures": check_figures, "html": check_html}[what](d, pathlib.Path(sys.argv[3]))
    print(f"{what}: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
