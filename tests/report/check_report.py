#!/usr/bin/python3
"""analysis/report.py against the result file it reads.

    check_report.py build  REPORT_PY RESULT.h5 OUTDIR   # fresh OUTDIR, run the report, exit 0, quiet stderr
    check_report.py tables RESULT.h5 OUTDIR             # every CSV number recomputed here from the datasets
    check_report.py figures RESULT.h5 OUTDIR            # each PNG: header, > 300 x 300 px, > 10 kB
    check_report.py html RESULT.h5 OUTDIR               # one self-contained file with metadata, tables, figures

The expected numbers are computed here from the raw HDF5 datasets with
code of its own (whole-array numpy sums, labels parsed here), not with the
report's modules, so a bug in the report's grouping, ratios or intervals
shows up as a mismatch.  Prints one line per failure and a count.
"""
import base64
import csv
import html
import math
import pathlib
import re
import shutil
import struct
import subprocess
import sys

import h5py
import numpy as np

ARM = "arms/status_quo"
FREQ_KEYS = ["freq_less_than_monthly", "freq_monthly_to_weekly", "freq_1_3_per_week",
             "freq_more_than_3_per_week", "freq_nightly"]
FIGURES = ["prevalence", "frequency", "series", "trimesters", "duration"]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL", msg)


def close(got, want, rel=1e-9):
    """Equal within rel, NaN equal to NaN, an infinity only to itself."""
    if math.isnan(want) or math.isnan(got):
        return math.isnan(want) and math.isnan(got)
    if math.isinf(want) or math.isinf(got):
        return got == want
    return abs(got - want) <= rel * max(1.0, abs(want))


def spread(v):
    """Expected (mean, low, high) of per-replicate values: percentiles with >= 3 replicates, else min-max."""
    v = np.asarray(v, dtype=float)
    v = v[~np.isnan(v)]
    if v.size == 0:
        return math.nan, math.nan, math.nan
    if NREP >= 3:
        return v.mean(), np.percentile(v, 2.5), np.percentile(v, 97.5)
    return v.mean(), v.min(), v.max()


def div(a, b, scale=1.0):
    return np.array([scale * x / y if y > 0 else math.nan for x, y in zip(a, b)])


def load(path):
    """The raw datasets, whole."""
    with h5py.File(path, "r") as f:
        d = {"series": {n: f[f"{ARM}/timeseries/{n}"][...].sum(1) for n in f[f"{ARM}/timeseries"]
                        if f[f"{ARM}/timeseries/{n}"].ndim == 3}}          # [R][K], summed over periods
        d["freq"] = f[f"{ARM}/summary/frequency"][...]                      # [R][K][6]
        d["tri_obs"] = f[f"{ARM}/summary/trimesters_observed"][...]
        d["tri_cr"] = f[f"{ARM}/summary/trimesters_with_cramps"][...]
        for dim in ("age_band", "sex", "pregnancy"):
            d[dim] = f[f"strata/{dim}"][...]
            d[dim + "_labels"] = [s.decode() for s in f[f"strata/{dim}_labels"][...]]
        d["hl_name"] = [s.decode().strip() for s in f[f"{ARM}/headlines/name"][...]]
        d["hl_value"] = f[f"{ARM}/headlines/value"][...]
        d["agents"] = [f[f"{ARM}/agents/{k}/win_nights"][...] for k in sorted(f[f"{ARM}/agents"])] \
            if f"{ARM}/agents" in f else []
        d["surveys"] = []
        if int(f["meta/surveys"].attrs.get("count", 0)) > 0:
            g = f["meta/surveys"]
            for k, name in enumerate(s.decode() for s in g["name"][...]):
                m = {x: f[f"{ARM}/summary/survey.{name}.{x}"][...] for x in
                     ["answers"] + [f"{grp}_{q}" for grp in ("condition", "medication")
                                    for q in ("respondents", "cramps", "woken", "told_doctor")]}
                d["surveys"].append((name, int(g["recall_nights"][k]), int(g["at_night"][k]), m))
            name = d["surveys"][0][0]
            for grp in ("condition", "medication"):
                d[grp + "_labels"] = f[f"{ARM}/summary/survey.{name}.{grp}_respondents"].attrs["classes"].split("|")
        d["meta"] = {k: (v.decode() if isinstance(v, bytes) else v) for k, v in f["meta"].attrs.items()}
        d["run"] = dict(f["meta/run"].attrs)
        d["scenario"] = f["meta/scenario"][0].decode()
    return d


def expected_outcomes(d, rows):
    """Per-replicate values of every outcome of the strata selected by bool [K]."""
    s = {n: v[:, rows].sum(1).astype(float) for n, v in d["series"].items()}
    fr = d["freq"][:, rows, :].sum(1).astype(float)
    agents, suff, pn = fr.sum(1), fr[:, 1:].sum(1), s["person_nights"]
    out = {"agents": agents, "person_years": pn / 365,
           "prevalence_pct": div(suff, agents, 100),
           "episodes_per_1000py": div(s["cramps"], pn, 365000),
           "cramp_nights_per_1000py": div(s["cramp_nights"], pn, 365000),
           "duration_min": div(s["cramp_seconds"], s["cramps"], 1 / 60)}
    for c, key in enumerate(FREQ_KEYS, start=1):
        out[key] = div(fr[:, c], suff, 100)
    for m in ("calf", "thigh", "foot", "mild", "moderate", "severe"):
        out[f"{m}_pct"] = div(s[f"cramps_{m}"], s["cramps"], 100)
    return out


def compare_rows(name, rows, select, d):
    """Each CSV row of an outcome table against the recomputed interval; every expected cell present."""
    seen = {}
    for r in rows:
        key = tuple(r[k] for k in select.key_names)
        rows_of_group = select(key)
        if rows_of_group is None:
            fail(f"{name}: unknown group {key}")
            continue
        want_all = seen.setdefault(key, expected_outcomes(d, rows_of_group))
        if r["outcome"] not in want_all:
            fail(f"{name}: unexpected outcome {r['outcome']}")
            continue
        want = spread(want_all[r["outcome"]])
        got = (float(r["mean"]), float(r["low"]), float(r["high"]))
        if not all(close(g, w) for g, w in zip(got, want)):
            fail(f"{name} {key} {r['outcome']}: table {got}, direct {want}")
        if int(r["replicates"]) != NREP or ("percentile" in r["interval"]) != (NREP >= 3):
            fail(f"{name} {key}: interval rule {r['interval']!r} for {NREP} replicates")
    n_outcomes = len(expected_outcomes(d, np.ones(d["age_band"].size, bool)))
    if len(rows) != len(seen) * n_outcomes:
        fail(f"{name}: {len(rows)} rows for {len(seen)} groups x {n_outcomes} outcomes")
    return seen


def read_csv(outdir, name):
    with open(outdir / f"{name}.csv", newline="") as fh:
        return list(csv.DictReader(fh))


def age_sex_selector(d):
    bands, sexes = d["age_band_labels"], d["sex_labels"]
    old = [b for b, bl in enumerate(bands) if int(bl.split("-")[0].rstrip("+")) >= 65]

    def select(key):
        band, sex = key
        if band not in bands + ["65+", "all ages"] or sex not in sexes + ["both"]:
            return None
        rows = np.isin(d["age_band"], old) if band == "65+" else \
            np.ones(d["age_band"].size, bool) if band == "all ages" else d["age_band"] == bands.index(band)
        return rows & (d["sex"] == sexes.index(sex)) if sex != "both" else rows
    select.key_names = ("age_band", "sex")
    return select


def pregnancy_selector(d):
    female = d["sex"] == d["sex_labels"].index("female")
    lived = d["series"]["person_nights"].sum(0) > 0
    fertile_bands = sorted(set(d["age_band"][female & (d["pregnancy"] > 0) & lived]))
    bl = d["age_band_labels"]
    span = f"{bl[fertile_bands[0]].split('-')[0]}-{bl[fertile_bands[-1]].split('-')[-1]}"

    def select(key):
        label = key[0]
        if label == f"not pregnant (females aged {span})":
            return female & (d["pregnancy"] == 0) & np.isin(d["age_band"], fertile_bands)
        if label not in d["pregnancy_labels"]:
            return None
        return female & (d["pregnancy"] == d["pregnancy_labels"].index(label))
    select.key_names = ("pregnancy",)
    return select


def check_tables(d, outdir):
    seen = compare_rows("age_sex", read_csv(outdir, "age_sex"), age_sex_selector(d), d)
    want = {(b, s) for b in d["age_band_labels"] + ["all ages", "65+"] for s in d["sex_labels"] + ["both"]
            if b in ("all ages", "65+") or s != "both"}
    if set(seen) != want:
        fail(f"age_sex: groups {sorted(set(seen) ^ want)} missing or extra")
    seen = compare_rows("pregnancy", read_csv(outdir, "pregnancy"), pregnancy_selector(d), d)
    if len(seen) != len(d["pregnancy_labels"]):
        fail(f"pregnancy: {len(seen)} groups, expected {len(d['pregnancy_labels'])}")
    # the 65+ rows and the trimester table agree with the simulator's own headline figures
    headline = dict(zip(d["hl_name"], d["hl_value"][:, 0]))
    prev = {(r["age_band"], r["sex"]): float(r["mean"]) for r in read_csv(outdir, "age_sex")
            if r["outcome"] == "prevalence_pct"}
    for name, key in (("Cramps in the past year, age 65+", ("65+", "both")), ("women 65+", ("65+", "female")),
                      ("men 65+", ("65+", "male"))):
        if not close(prev[key], headline[name], 1e-9):
            fail(f"age_sex {key}: {prev[key]} vs headline {name} {headline[name]}")
    tri = read_csv(outdir, "trimesters")
    pct = div(d["tri_cr"].sum(1).ravel(), d["tri_obs"].sum(1).ravel(), 100).reshape(NREP, 3)
    for r in tri:
        k = int(r["trimester"]) - 1
        want = spread(pct[:, k])
        got = (float(r["mean"]), float(r["low"]), float(r["high"]))
        if not all(close(g, w) for g, w in zip(got, want)):
            fail(f"trimesters {k + 1}: table {got}, direct {want}")
        hl = headline.get("Cramps in pregnancy, trimester 1" if k == 0 else f"trimester {k + 1}")
        if hl is not None and not close(float(r["mean"]), hl):
            fail(f"trimesters {k + 1}: {r['mean']} vs headline {hl}")
        if float(r["target_pct"]) != [12, 28, 50][k]:
            fail(f"trimesters {k + 1}: target {r['target_pct']}")
    if len(tri) != 3:
        fail(f"trimesters: {len(tri)} rows")
    for r, (name, value) in zip(read_csv(outdir, "headline"), zip(d["hl_name"], d["hl_value"])):
        got = (float(r["mean"]), float(r["min"]), float(r["max"]))
        if r["figure"] != name or not all(close(g, w) for g, w in zip(got, value)):
            fail(f"headline {name}: table {r['figure']} {got}, file {tuple(value)}")
    check_agents(d, outdir)
    check_survey_table(d, outdir)
    for name in ("headline", "age_sex", "pregnancy", "trimesters") + (("surveys",) if d["surveys"] else ()):
        text = (outdir / f"{name}.md").read_text()
        if not text.startswith("## ") or "|---|" not in text:
            fail(f"{name}.md: not a Markdown table")


SURVEY_OUTCOMES = {"any_cramp_pct": 1, "woken_pct": 2, "told_doctor_pct": 3, "told_doctor_ever_pct": 4}
# (group, recall nights) -> (target %, source) that the survey table must show
SURVEY_TARGETS = {("diabetes", 91): (48.0, "HU2022"), ("65+", 365): (50.0, "ABD1999; NY1994")}


def check_survey_table(d, outdir):
    """surveys.csv against the survey datasets: respondents and percent answering yes per group."""
    path = outdir / "surveys.csv"
    if not d["surveys"]:
        if path.exists():
            fail("surveys.csv written for a file without surveys")
        return
    old = np.isin(d["age_band"], [b for b, bl in enumerate(d["age_band_labels"])
                                  if int(bl.split("-")[0].rstrip("+")) >= 65])
    rows, seen = read_csv(outdir, "surveys"), set()
    for r in rows:
        sv = next((x for x in d["surveys"] if x[0] == r["survey"]), None)
        if sv is None or int(r["recall_nights"]) != sv[1] or int(r["at_night"]) != sv[2]:
            fail(f"surveys: unknown survey or design {r['survey']} {r['recall_nights']} {r['at_night']}")
            continue
        m, kind, group = sv[3], r["kind"], r["group"]
        if kind == "age" and group in ("all ages", "65+"):
            a = m["answers"][:, old if group == "65+" else np.ones_like(old), :].sum(1)  # [R][5]
            resp, yes = a[:, 0], {k: a[:, q] for k, q in SURVEY_OUTCOMES.items()}
        elif kind in ("condition", "medication") and group in d[kind + "_labels"]:
            c = d[kind + "_labels"].index(group)
            resp = m[f"{kind}_respondents"][:, :, c].sum(1)
            yes = {"any_cramp_pct": m[f"{kind}_cramps"][:, :, c].sum(1), "woken_pct": m[f"{kind}_woken"][:, :, c].sum(1),
                   "told_doctor_pct": m[f"{kind}_told_doctor"][:, :, c].sum(1),
                   "told_doctor_ever_pct": np.full(NREP, math.nan)}
        else:
            fail(f"surveys: unknown group {kind} {group}")
            continue
        want = resp.astype(float) if r["outcome"] == "respondents" else div(yes[r["outcome"]], resp, 100)
        got = (float(r["mean"]), float(r["low"]), float(r["high"]))
        if not all(close(g, w) for g, w in zip(got, spread(want))):
            fail(f"surveys {sv[0]} {group} {r['outcome']}: table {got}, direct {spread(want)}")
        tg = SURVEY_TARGETS.get((group, sv[1])) if r["outcome"] == "any_cramp_pct" else None
        if (r["target_value"], r["target_source"]) != ((f"{tg[0]:g}", tg[1]) if tg else ("", "")):
            fail(f"surveys {sv[0]} {group} {r['outcome']}: target {r['target_value']!r} {r['target_source']!r}")
        seen.add((sv[0], kind, group, r["outcome"]))
    groups = 2 + len(d["condition_labels"]) + len(d["medication_labels"])
    if len(rows) != len(seen) or len(seen) != len(d["surveys"]) * groups * (1 + len(SURVEY_OUTCOMES)):
        fail(f"surveys: {len(rows)} rows, {len(seen)} distinct, want {len(d['surveys'])} surveys x {groups} groups "
             f"x {1 + len(SURVEY_OUTCOMES)} outcomes")
    if "| diabetes |" not in (outdir / "surveys.md").read_text():
        fail("surveys.md: no diabetes row")


def check_agents(d, outdir):
    """The heterogeneity table against the per-agent columns, sorted here."""
    path = outdir / "agents.csv"
    if not d["agents"]:
        if path.exists():
            fail("agents.csv written for a file without per-agent columns")
        return
    want = {"any_pct": [], "top10_pct": [], "top1_pct": []}
    for rep, w in enumerate(d["agents"]):
        w = np.sort(w.astype(np.int64))[::-1]
        want["any_pct"].append(100 * (w > 0).mean())
        want["top10_pct"].append(100 * w[:math.ceil(0.1 * w.size)].sum() / w.sum())
        want["top1_pct"].append(100 * w[:math.ceil(0.01 * w.size)].sum() / w.sum())
        if (w > 0).sum() != d["freq"][rep, :, 1:].sum():  # simulator invariant: same survey window
            fail(f"replicate {rep}: agents with cramp nights {(w > 0).sum()} != sufferers in frequency")
    rows = read_csv(outdir, "agents")
    for r in rows:
        got = (float(r["mean"]), float(r["low"]), float(r["high"]))
        if not all(close(g, w) for g, w in zip(got, spread(want[r["outcome"]]))):
            fail(f"agents {r['outcome']}: table {got}, direct {spread(want[r['outcome']])}")
    if sorted(r["outcome"] for r in rows) != sorted(want):
        fail(f"agents: outcomes {[r['outcome'] for r in rows]}")


def png_size(path):
    """(width, height) from a PNG's IHDR, or None if the header is not PNG."""
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


def expected_pngs(d, outdir):
    return [outdir / f"{n}-status_quo.png" for n in FIGURES + (["agents"] if d["agents"] else [])]


def check_pngs(pngs, outdir):
    """Each of pngs exists and is a PNG larger than 300 x 300 px and 10 kB; outdir holds no other PNG."""
    for p in pngs:
        if not p.exists():
            fail(f"{p.name}: missing")
            continue
        size = png_size(p)
        if size is None or min(size) <= 300 or p.stat().st_size <= 10_000:
            fail(f"{p.name}: header/size {size}, {p.stat().st_size} bytes")
    extra = {p.name for p in outdir.glob("*.png")} - {p.name for p in pngs}
    if extra:
        fail(f"unexpected figures {sorted(extra)}")


def check_self_contained(text, pngs):
    """report.html's text fetches nothing (no scripts, links or imports) and embeds exactly the PNGs pngs."""
    for bad in ("<script", "http://", "https://", "<link", "@import"):
        if bad in text:
            fail(f"report.html: contains {bad!r}, not self-contained")
    srcs = re.findall(r"src='([^']*)'", text) + re.findall(r'src="([^"]*)"', text)
    embedded = [base64.b64decode(s.split(",", 1)[1]) for s in srcs if s.startswith("data:image/png;base64,")]
    if len(srcs) != len(embedded) or sorted(embedded) != sorted(p.read_bytes() for p in pngs):
        fail(f"report.html: {len(srcs)} images, {len(embedded)} embedded PNGs, want the {len(pngs)} figures")


def check_figures(d, outdir):
    check_pngs(expected_pngs(d, outdir), outdir)
    compared = sorted(p.name for p in outdir.glob("*") if p.name.startswith(("arm_", "ceac", "compare-")))
    if compared:  # one arm: the report is what it was before arms could be compared
        fail(f"comparison of arms written for a file with one arm: {compared}")


def check_html(d, outdir):
    text = (outdir / "report.html").read_text()
    check_self_contained(text, expected_pngs(d, outdir))
    m, run = d["meta"], d["run"]
    want = [m["crampsim_version"], m["git_commit"], str(m["seed"]), f"{run['wall_seconds']:.4g}",
            f"<td>{run['ranks']}</td>", f"<td>{run['threads']}</td>", html.escape(d["scenario"]),
            "Headline figures: model vs published target", "Outcomes by age band and sex",
            "Outcomes of females by pregnancy state", "Cramps in pregnancy by trimester", "not in this file"]
    want += [html.escape(n) for n in d["hl_name"]]
    if d["surveys"]:
        want.append("Surveys: what the population would answer")
    if d["agents"]:
        want.append("Between-person heterogeneity")
    else:
        want.append("Per-agent columns, status_quo")
    for w in want:
        if w not in text:
            fail(f"report.html: lacks {w[:60]!r}")
    if "Comparison of arms" in text or "id='comparison'" in text:
        fail("report.html: a comparison of arms for a file with one arm")


def build(report_py, result, outdir):
    shutil.rmtree(outdir, ignore_errors=True)
    p = subprocess.run(["/usr/bin/python3", report_py, result, "-o", str(outdir)], capture_output=True, text=True)
    print(p.stdout, end="")
    if p.returncode != 0 or p.stderr.strip():
        fail(f"report.py exit {p.returncode}, stderr: {p.stderr.strip()[-2000:]}")
    if not (outdir / "report.html").exists():
        fail("no report.html")


def main():
    global NREP
    what = sys.argv[1]
    if what == "build":
        build(sys.argv[2], sys.argv[3], pathlib.Path(sys.argv[4]))
    else:
        d = load(sys.argv[2])
        NREP = d["freq"].shape[0]
        {"tables": check_tables, "figures": check_figures, "html": check_html}[what](d, pathlib.Path(sys.argv[3]))
    print(f"{what}: {len(failures)} failed")
    return 1 if failures else 0


NREP = 0
if __name__ == "__main__":
    sys.exit(main())
