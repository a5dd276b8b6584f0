#!/usr/bin/python3
"""The comparison of arms in the report, on a real multi-arm result (tests/report/arms.yaml).

    check_arms.py build   CRAMPSIM RESULT.h5 OUTDIR   # fresh OUTDIR, `crampsim report`: exit 0, quiet stderr
    check_arms.py tables  RESULT.h5 OUTDIR            # every comparison CSV number recomputed here
    check_arms.py figures RESULT.h5 OUTDIR            # the comparison's and every arm's PNGs
    check_arms.py html    RESULT.h5 OUTDIR            # the comparison section in report.html
    check_arms.py bad     REPORT_PY RESULT.h5 WORKDIR # a multi-arm file lacking a cost series or an arm: exit 2

Expected numbers come from the raw datasets with this file's own code (whole
arrays, its own group selection, t quantiles from a table) and the helpers of
check_report.py, not from the report's modules.  The scenario's arm `nobody` gives an intervention to no one,
so with common random numbers it must equal the reference exactly: every
difference 0.0, every interval [0, 0], no ratio, no acceptability.  The arm
`quinine` must differ (a report that wrote zeros everywhere would fail).
"""
import math
import pathlib
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np

from check_report import check_pngs, check_self_contained, close, fail, failures, read_csv

T975 = {2: 12.706204736174707, 3: 4.302652729749464, 4: 3.182446305284263, 5: 2.7764451051977987}
ZERO_ARM, ACTIVE_ARM = "nobody", "quinine"
SERIES = ("person_nights", "cramp_nights", "cramps", "cramp_seconds", "sleep_lost", "strains", "consultations", "tests",
          "iv_starts", "adverse_minor", "adverse_serious", "deaths_attributed", "deaths", "cost_interventions",
          "cost_care", "cost_adverse", "qaly_lost")
# measure -> (series, scale); treatment_years comes from the summary iv_held_days
MEASURES = {"person_years": (("person_nights",), 1 / 365), "cramp_nights": (("cramp_nights",), 1),
            "cramps": (("cramps",), 1), "cramp_minutes": (("cramp_seconds",), 1 / 60),
            "sleep_hours_lost": (("sleep_lost",), 1 / 3600), "strains": (("strains",), 1),
            "care_visits": (("consultations",), 1), "tests": (("tests",), 1), "iv_starts": (("iv_starts",), 1),
            "treatment_years": (("iv_held_days",), 1 / 365), "adverse_minor": (("adverse_minor",), 1),
            "adverse_serious": (("adverse_serious",), 1), "deaths_attributed": (("deaths_attributed",), 1),
            "deaths": (("deaths",), 1), "cost_interventions": (("cost_interventions",), 0.01),
            "cost_care": (("cost_care",), 0.01), "cost_adverse": (("cost_adverse",), 0.01),
            "cost_total": (("cost_interventions", "cost_care", "cost_adverse"), 0.01),
            "qalys_lost": (("qaly_lost",), 1e-6)}
# difference -> (measure, sign, per 1,000 person-years)
DIFFERENCES = {"cramp_nights_averted_per_1000py": ("cramp_nights", -1, True),
               "sleep_hours_gained_per_1000py": ("sleep_hours_lost", -1, True),
               "cramp_nights_averted": ("cramp_nights", -1, False), "strains_averted": ("strains", -1, False),
               "care_visits_averted": ("care_visits", -1, False), "tests_averted": ("tests", -1, False),
               "qalys_gained": ("qalys_lost", -1, False),
               "extra_starts": ("iv_starts", 1, False), "extra_treatment_years": ("treatment_years", 1, False),
               "adverse_minor_added": ("adverse_minor", 1, False),
               "adverse_serious_added": ("adverse_serious", 1, False),
               "deaths_attributed_added": ("deaths_attributed", 1, False),
               "incremental_cost_interventions": ("cost_interventions", 1, False),
               "incremental_cost_care": ("cost_care", 1, False),
               "incremental_cost_adverse": ("cost_adverse", 1, False), "incremental_cost": ("cost_total", 1, False)}
RATIOS = {"nnt": ("extra_treatment_years", "cramp_nights_averted", False),
          "cost_per_cramp_night_averted": ("incremental_cost", "cramp_nights_averted", True),
          "icer": ("incremental_cost", "qalys_gained", True)}
TABLES = ("arm_summary", "arm_differences", "arm_economics", "ceac", "arm_outcomes", "arm_nmb", "arm_forest",
          "arm_series")
WTP = (20_000, 50_000, 100_000)
FIGURES = ("compare-forest", "compare-series", "compare-averted", "compare-ce_plane", "compare-ceac")
ARM_FIGURES = ("prevalence", "frequency", "series", "trimesters", "duration")


def load(path):
    """Arms in the file's order, each measure's totals per replicate and stratum [R][K], and the strata."""
    with h5py.File(path, "r") as f:
        arms = [s.decode() for s in f["meta/arms/name"][...]]
        d = {"arms": arms, "reference": f["meta/arms"].attrs["reference"]}
        d["reference"] = d["reference"].decode() if isinstance(d["reference"], bytes) else d["reference"]
        raw = {}
        for arm in arms:
            raw[arm] = {n: f[f"arms/{arm}/timeseries/{n}"][...].sum(1).astype(float) for n in SERIES}
            held = f.get(f"arms/{arm}/summary/iv_held_days")
            raw[arm]["iv_held_days"] = held[...].sum(2).astype(float) if held is not None else \
                np.zeros_like(raw[arm]["person_nights"])
        d["totals"] = {arm: {m: scale * sum(raw[arm][s] for s in parts) for m, (parts, scale) in MEASURES.items()}
                       for arm in arms}
        # per period, for arm_series: [R][P][K]
        d["periods"] = {arm: {n: f[f"arms/{arm}/timeseries/{n}"][...].astype(float)
                              for n in ("cramp_nights", "person_nights")} for arm in arms}
        ts = f[f"arms/{arms[0]}/timeseries"]
        d["first_night"], d["day_of_year"] = ts["period_start_night"][...], ts["period_day_of_year"][...]
        for dim in ("age_band", "sex", "pregnancy"):
            d[dim] = f[f"strata/{dim}"][...]
            d[dim + "_labels"] = [s.decode() for s in f[f"strata/{dim}_labels"][...]]
    d["reps"] = d["totals"][arms[0]]["cramp_nights"].shape[0]
    return d


def members(d, kind, label):
    """The strata of a group, bool [K], chosen here from the labels; None for an unknown group."""
    band, bands = d["age_band"], d["age_band_labels"]
    if (kind, label) == ("all", "all ages"):
        return np.ones(band.size, bool)
    if kind == "age band" and label in bands:
        return band == bands.index(label)
    if kind == "sex" and label in d["sex_labels"]:
        return d["sex"] == d["sex_labels"].index(label)
    if (kind, label) == ("age", "65+"):
        return np.isin(band, [b for b, bl in enumerate(bands) if int(re.match(r"\d+", bl).group()) >= 65])
    if (kind, label) == ("pregnancy", "pregnant (trimesters 1-3)"):
        return np.isin(d["pregnancy"], [p for p, pl in enumerate(d["pregnancy_labels"]) if pl.startswith("trimester")])
    return None


def group_total(d, arm, measure, rows):
    return d["totals"][arm][measure][:, rows].sum(1)


def difference(d, arm, key, rows):
    """Per-replicate difference of an arm against the reference in a group."""
    measure, sign, rate = DIFFERENCES[key]
    a, r = group_total(d, arm, measure, rows), group_total(d, d["reference"], measure, rows)
    if rate:
        a = 1000 * a / group_total(d, arm, "person_years", rows)
        r = 1000 * r / group_total(d, d["reference"], "person_years", rows)
    return sign * (a - r)


def t_spread(v):
    """(mean, low, high): the 95% t interval of the mean, from the table of quantiles."""
    v = np.asarray(v, dtype=float)
    if v.size < 2:
        return v.mean(), math.nan, math.nan
    half = T975[v.size] * v.std(ddof=1) / math.sqrt(v.size)
    return v.mean(), v.mean() - half, v.mean() + half


def with_members(d, rows, name):
    """Yields (row, its group's strata); a row of an unknown group fails and is skipped."""
    for r in rows:
        sel = members(d, r["group_kind"], r["group"])
        if sel is None:
            fail(f"{name}: unknown group {r['group_kind']} {r['group']}")
        else:
            yield r, sel


def check_value_rows(d, rows, name, want_of):
    """Rows with mean, low, high and rep_k against want_of(arm, measure, rows) per replicate; returns the
    (arm, kind, group, measure) seen."""
    seen = set()
    for r, sel in with_members(d, rows, name):
        want = want_of(r["arm"], r["measure"], sel)
        if want is None:
            fail(f"{name}: unexpected measure {r['measure']}")
            continue
        got = [float(r["mean"]), float(r["low"]), float(r["high"])]
        reps = [float(r[f"rep_{k + 1}"]) for k in range(d["reps"])]
        if not all(close(g, w) for g, w in zip(got + reps, list(t_spread(want)) + list(want))):
            fail(f"{name} {r['arm']} {r['group']} {r['measure']}: table {got} {reps}, direct {t_spread(want)} "
                 f"{list(want)}")
        if int(r["replicates"]) != d["reps"] or "95%" not in r["interval"]:
            fail(f"{name} {r['arm']}: interval {r['interval']!r}, {r['replicates']} replicates")
        seen.add((r["arm"], r["group_kind"], r["group"], r["measure"]))
    return seen


def expected_groups(d):
    return 1 + len(d["age_band_labels"]) + len(d["sex_labels"]) + 1 + 1  # all, bands, sexes, 65+, pregnant


def check_outcomes(d, outdir):
    rows = read_csv(outdir, "arm_outcomes")
    seen = check_value_rows(d, rows, "arm_outcomes",
                            lambda arm, m, sel: group_total(d, arm, m, sel) if m in MEASURES else None)
    want = len(d["arms"]) * expected_groups(d) * len(MEASURES)
    if len(seen) != want or len(rows) != want:
        fail(f"arm_outcomes: {len(rows)} rows, {len(seen)} distinct, want {want}")
    by = {(r["arm"], r["group"], r["measure"]): r for r in rows}
    for (arm, group, m), r in by.items():
        if arm == ZERO_ARM:
            ref = by[(d["reference"], group, m)]
            if any(r[k] != ref[k] for k in ref if k != "arm"):
                fail(f"arm_outcomes: {ZERO_ARM} {group} {m} differs from the reference")


def check_differences(d, outdir):
    rows = read_csv(outdir, "arm_differences")
    seen = check_value_rows(d, rows, "arm_differences",
                            lambda arm, k, sel: difference(d, arm, k, sel) if k in DIFFERENCES else None)
    want = (len(d["arms"]) - 1) * expected_groups(d) * len(DIFFERENCES)
    if len(seen) != want or len(rows) != want:
        fail(f"arm_differences: {len(rows)} rows, {len(seen)} distinct, want {want}")
    zero = [r for r in rows if r["arm"] == ZERO_ARM]
    values = [r[k] for r in zero for k in ["mean", "low", "high"] + [f"rep_{i + 1}" for i in range(d["reps"])]]
    if not zero or any(float(v) != 0.0 or v.startswith("-") for v in values):
        fail(f"arm_differences: arm {ZERO_ARM} is not exactly 0 everywhere: "
             f"{sorted(set(values))[:5]} in {len(zero)} rows")
    active = {r["measure"]: float(r["mean"]) for r in rows if r["arm"] == ACTIVE_ARM and r["group"] == "all ages"}
    # (not QALYs: quinine's excess deaths cost more life than its cramps averted give back)
    for key in ("cramp_nights_averted", "incremental_cost", "extra_starts"):
        if not active.get(key, 0) > 0:
            fail(f"arm_differences: {ACTIVE_ARM} {key} = {active.get(key)}, expected > 0")


def expected_class(num, den, cost):
    """The class of a ratio from the means, by the rules of docs/analysis.md."""
    if not cost:
        return "no cramp nights averted" if den <= 0 else "NNT" if num > 0 else "no extra treatment"
    if den > 0:
        return "dominant" if num <= 0 else "ICER"
    if den < 0:
        return "dominated" if num >= 0 else "less effect, less cost"
    return "no difference" if num == 0 else "dominant" if num < 0 else "dominated"


def check_economics(d, outdir):
    rows = read_csv(outdir, "arm_economics")
    for r in rows:
        sel = members(d, r["group_kind"], r["group"])
        if sel is None or r["measure"] not in RATIOS:
            fail(f"arm_economics: unknown row {r['group']} {r['measure']}")
            continue
        num_key, den_key, cost = RATIOS[r["measure"]]
        num, den = difference(d, r["arm"], num_key, sel).mean(), difference(d, r["arm"], den_key, sel).mean()
        kind = expected_class(num, den, cost)
        est, lo, hi = float(r["estimate"]), float(r["low"]), float(r["high"])
        want = num / den if kind in ("ICER", "NNT", "less effect, less cost") else math.nan
        if r["class"] != kind or not close(est, want):
            fail(f"arm_economics {r['arm']} {r['group']} {r['measure']}: {r['class']} {est}, want {kind} {want}")
        if not math.isnan(want) and not (lo <= est <= hi):
            fail(f"arm_economics {r['arm']} {r['group']} {r['measure']}: {est} outside [{lo}, {hi}]")
        if not (close(float(r["numerator_mean"]), num) and close(float(r["denominator_mean"]), den)):
            fail(f"arm_economics {r['arm']} {r['group']} {r['measure']}: means {r['numerator_mean']} "
                 f"{r['denominator_mean']}, want {num} {den}")
    want = (len(d["arms"]) - 1) * expected_groups(d) * len(RATIOS)
    if len(rows) != want:
        fail(f"arm_economics: {len(rows)} rows, want {want}")
    zero = {r["measure"]: r["class"] for r in rows if r["arm"] == ZERO_ARM and r["group"] == "all ages"}
    if zero != {"nnt": "no cramp nights averted", "cost_per_cramp_night_averted": "no difference",
                "icer": "no difference"}:
        fail(f"arm_economics: {ZERO_ARM} classes {zero}")


def check_ceac(d, outdir):
    rows = read_csv(outdir, "ceac")
    everyone = np.ones(d["age_band"].size, bool)
    for r in rows:
        c = difference(d, r["arm"], "incremental_cost", everyone)
        q = difference(d, r["arm"], "qalys_gained", everyone)
        want = float(np.mean(float(r["wtp_per_qaly"]) * q - c > 0))
        if not close(float(r["share_positive_nmb"]), want):
            fail(f"ceac {r['arm']} {r['wtp_per_qaly']}: {r['share_positive_nmb']}, want {want}")
        if r["arm"] == ZERO_ARM and float(r["share_positive_nmb"]) != 0:
            fail(f"ceac: {ZERO_ARM} positive at {r['wtp_per_qaly']}")
    if {r["arm"] for r in rows} != set(d["arms"][1:]) or len(rows) < 10 * (len(d["arms"]) - 1):
        fail(f"ceac: {len(rows)} rows for arms {sorted({r['arm'] for r in rows})}")


def check_nmb(d, outdir):
    """arm_nmb: w * QALYs gained - incremental cost per replicate at each w of WTP, every compared arm and group."""
    def nmb(arm, measure, sel):
        w = {f"nmb_{w}": w for w in WTP}.get(measure)
        return None if w is None else \
            w * difference(d, arm, "qalys_gained", sel) - difference(d, arm, "incremental_cost", sel)
    rows = read_csv(outdir, "arm_nmb")
    seen = check_value_rows(d, rows, "arm_nmb", nmb)
    want = (len(d["arms"]) - 1) * expected_groups(d) * len(WTP)
    if len(seen) != want or len(rows) != want:
        fail(f"arm_nmb: {len(rows)} rows, {len(seen)} distinct, want {want}")
    zero = [float(r[k]) for r in rows if r["arm"] == ZERO_ARM for k in ("mean", "low", "high")]
    if ZERO_ARM in d["arms"] and (not zero or any(v != 0 for v in zero)):
        fail(f"arm_nmb: {ZERO_ARM} is not exactly 0")


def fieller(x, y):
    """Fieller's 95% interval of mean(x) / mean(y), written out here from its definition: the roots in q of
    (mx - q my)^2 = t^2 (vxx - 2 q vxy + q^2 vyy) / n."""
    n = x.size
    t2 = T975[n] ** 2 / n
    mx, my = x.mean(), y.mean()
    vxx, vyy = x.var(ddof=1), y.var(ddof=1)
    vxy = ((x - mx) * (y - my)).sum() / (n - 1)
    a, b, c = my ** 2 - t2 * vyy, -2 * (mx * my - t2 * vxy), mx ** 2 - t2 * vxx
    if a <= 0:
        return -math.inf, math.inf
    root = math.sqrt(max(b * b - 4 * a * c, 0.0))
    return (-b - root) / (2 * a), (-b + root) / (2 * a)


def check_forest(d, outdir):
    """arm_forest: cramp nights averted per 1,000 person-years (paired t) and the rate ratio of the mean
    per-replicate rates (Fieller), every compared arm and group; the arm reaching nobody exactly 0 and 1."""
    rows = read_csv(outdir, "arm_forest")
    seen = set()
    for r, sel in with_members(d, rows, "arm_forest"):
        if r["measure"] == "cramp_nights_averted_per_1000py":
            want = t_spread(difference(d, r["arm"], r["measure"], sel))
        elif r["measure"] == "cramp_night_rate_ratio":
            rate = {a: 1000 * group_total(d, a, "cramp_nights", sel) / group_total(d, a, "person_years", sel)
                    for a in (r["arm"], d["reference"])}
            x, y = rate[r["arm"]], rate[d["reference"]]
            want = (1.0, 1.0, 1.0) if np.array_equal(x, y) else (x.mean() / y.mean(), *fieller(x, y))
        else:
            fail(f"arm_forest: unknown measure {r['measure']}")
            continue
        got = [float(r[k]) for k in ("estimate", "low", "high")]
        if not all(close(g, w, 1e-7) for g, w in zip(got, want)):
            fail(f"arm_forest {r['arm']} {r['group']} {r['measure']}: table {got}, direct {list(want)}")
        seen.add((r["arm"], r["group"], r["measure"]))
    want = (len(d["arms"]) - 1) * expected_groups(d) * 2
    if len(seen) != want or len(rows) != want:
        fail(f"arm_forest: {len(rows)} rows, {len(seen)} distinct, want {want}")
    by = {(r["arm"], r["group"], r["measure"]): [float(r[k]) for k in ("estimate", "low", "high")] for r in rows}
    if ZERO_ARM in d["arms"] and (by.get((ZERO_ARM, "all ages", "cramp_nights_averted_per_1000py")) != [0, 0, 0]
                                  or by.get((ZERO_ARM, "all ages", "cramp_night_rate_ratio")) != [1, 1, 1]):
        fail(f"arm_forest: {ZERO_ARM} is not exactly 0 and 1")
    if ACTIVE_ARM in d["arms"] and not by[(ACTIVE_ARM, "all ages", "cramp_night_rate_ratio")][0] < 1:
        fail(f"arm_forest: {ACTIVE_ARM} rate ratio {by[(ACTIVE_ARM, 'all ages', 'cramp_night_rate_ratio')]}, "
             "expected < 1")


def check_series(d, outdir):
    """arm_series: each arm's cramp nights per 1,000 person-nights per period and the averted against the
    reference, all ages and 65+, from the [R][P][K] series."""
    rows = read_csv(outdir, "arm_series")
    rate = {}
    for arm in d["arms"]:
        for group in ("all ages", "65+"):
            sel = members(d, "all" if group == "all ages" else "age", group)
            s = d["periods"][arm]
            rate[arm, group] = 1000 * s["cramp_nights"][:, :, sel].sum(2) / s["person_nights"][:, :, sel].sum(2)
    periods = d["first_night"].size
    for r in rows:
        arm, group, p = r["arm"], r["group"], int(r["period"])
        v = rate[arm, group][:, p]
        if r["measure"] == "cramp_nights_averted_per_1000pn":
            v = rate[d["reference"], group][:, p] - v
        got = [float(r[k]) for k in ("mean", "low", "high")]
        if not all(close(g, w) for g, w in zip(got, t_spread(v))) or int(r["first_night"]) != d["first_night"][p] \
                or int(r["day_of_year"]) != d["day_of_year"][p]:
            fail(f"arm_series {arm} {group} period {p} {r['measure']}: table {got} night {r['first_night']}, "
                 f"direct {t_spread(v)} night {d['first_night'][p]}")
    want = (2 * len(d["arms"]) - 1) * 2 * periods
    if len(rows) != want:
        fail(f"arm_series: {len(rows)} rows, want {want} (arms, groups, periods)")


def check_tables(d, outdir):
    if d["arms"][0] != d["reference"] or ZERO_ARM not in d["arms"] or ACTIVE_ARM not in d["arms"]:
        fail(f"scenario: arms {d['arms']}, reference {d['reference']}")
        return
    check_outcomes(d, outdir)
    check_differences(d, outdir)
    check_economics(d, outdir)
    check_ceac(d, outdir)
    check_nmb(d, outdir)
    check_forest(d, outdir)
    check_series(d, outdir)
    for name in TABLES:
        text = (outdir / f"{name}.md").read_text()
        if not text.startswith("## ") or "|---|" not in text:
            fail(f"{name}.md: not a Markdown table")
    summary = (outdir / "arm_summary.md").read_text()
    if f"| {ZERO_ARM} |" not in summary or "no difference" not in summary:
        fail("arm_summary.md: no row for the zero arm reading 'no difference'")


def expected_pngs(d, outdir):
    return [outdir / f"{n}.png" for n in FIGURES] + [outdir / f"{n}-{a}.png" for a in d["arms"] for n in ARM_FIGURES]


def check_figures(d, outdir):
    check_pngs(expected_pngs(d, outdir), outdir)


def check_html(d, outdir):
    text = (outdir / "report.html").read_text()
    check_self_contained(text, expected_pngs(d, outdir))
    for want in (f"Comparison of arms against {d['reference']}", "Differences against the reference arm",
                 "Number needed to treat and cost-effectiveness", "Cost-effectiveness acceptability",
                 "Outcomes per arm", "common random numbers", "discounted", "Policy effects against",
                 "forest plot", "Cramp nights through the run per arm", "Net monetary benefit against the reference"):
        if want not in text:
            fail(f"report.html: lacks {want!r}")
    if text.index("id='comparison'") > text.index("id='arm-"):
        fail("report.html: the comparison does not come before the per-arm figures")


def build(crampsim, result, outdir, tables=TABLES):
    """`crampsim report` into a fresh outdir: exit 0, nothing on stderr, the CSV of each of tables written."""
    shutil.rmtree(outdir, ignore_errors=True)
    p = subprocess.run([crampsim, "report", result, "-o", str(outdir)], capture_output=True, text=True)
    print(p.stdout, end="")
    if p.returncode != 0 or p.stderr.strip():
        fail(f"crampsim report exit {p.returncode}, stderr: {p.stderr.strip()[-2000:]}")
    for name in tables:
        if not (outdir / f"{name}.csv").exists():
            fail(f"no {name}.csv")


def bad(report_py, good, work):
    """Multi-arm files the report must refuse: a missing cost series, an arm listed but absent."""
    work = pathlib.Path(work)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    cases = {"no_cost_series": lambda f: f.__delitem__(f"arms/{ACTIVE_ARM}/timeseries/cost_care"),
             "listed_arm_missing": lambda f: f.__delitem__(f"arms/{ZERO_ARM}"),
             "no_held_days": lambda f: f.__delitem__(f"arms/{ACTIVE_ARM}/summary/iv_held_days")}
    for name, edit in cases.items():
        refused(report_py, edited_copy(good, work / f"{name}.h5", edit), "missing")


def edited_copy(good, path, edit):
    """A copy of the result file good at path, changed by edit(h5py.File)."""
    shutil.copy(good, path)
    with h5py.File(path, "r+") as f:
        edit(f)
    return path


def run_report(report_py, path, out):
    return subprocess.run(["/usr/bin/python3", report_py, str(path), "-o", str(out)], capture_output=True,
                          text=True, timeout=300)


def refused(report_py, path, says):
    """The report of path must be refused: exit 2, one line on stderr containing says, no traceback, no OUTDIR."""
    out = path.with_name(path.stem + "-report")
    p = run_report(report_py, path, out)
    err = p.stderr.strip()
    if p.returncode != 2 or "\n" in err or says not in err or "Traceback" in err or out.exists():
        fail(f"{path.stem}: exit {p.returncode}, output folder {out.exists()}, stderr {err[-300:]!r}")
    else:
        print(f"ok   {path.stem}: {err}")


def main():
    what = sys.argv[1]
    if what == "build":
        build(sys.argv[2], sys.argv[3], pathlib.Path(sys.argv[4]))
    elif what == "bad":
        bad(*sys.argv[2:5])
    else:
        d = load(sys.argv[2])
        {"tables": check_tables, "figures": check_figures, "html": check_html}[what](d, pathlib.Path(sys.argv[3]))
    print(f"{what}: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
