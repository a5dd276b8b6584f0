#!/usr/bin/python3
"""Tables, figures and a self-contained HTML report from a crampsim result file.

    /usr/bin/python3 analysis/report.py runs/x.h5 [-o runs/x-report/]

Writes to OUTDIR (default: FILE without .h5, plus -report): report.html
(everything, figures embedded), a CSV and a Markdown file per table
(headline, age_sex, pregnancy, trimesters, surveys when the run asked any,
and agents when the file has per-agent columns) and a PNG per figure.  Intervals are over replicates:
2.5-97.5 percentiles with 3 or more replicates, otherwise min-max.  Parts a
full study would have but this file lacks (policy arms, sweeps, PSA,
trials, costs, per-agent columns) are listed as "not in this file".

A file that is not a crampsim result of a known layout (not HDF5, foreign,
newer format_version, a missing group) is refused with one line on stderr
and exit status 2; an unwritable OUTDIR gives exit status 3.  Uses Debian's
h5py, numpy and matplotlib only; see docs/analysis.md.
"""
import argparse
import pathlib
import sys

import crampsim_results as cr
import outcomes as oc
import tables

OPTIONAL = [("Parameter sweeps", "sweeps", "the run was a single scenario"),
            ("Probabilistic sensitivity analysis", "psa", "no parameter draws were run"),
            ("Trials", "trials", "no simulated trial was run")]


def arm_results(f, arm, strata):
    """Everything the tables and figures need about one arm, as a dict."""
    reps = cr.replicates(f, arm)
    age_sex = oc.age_sex_groups(strata)
    preg = oc.pregnancy_groups(strata, cr.series_totals(f, arm, "person_nights"))
    series = oc.series_groups(strata)
    first_night, _, per = cr.periods(f, arm)
    return {"arm": arm, "description": cr.arm_description(f, arm), "reps": reps, "rule": oc.interval_rule(reps),
            "window": cr.survey_nights(f, arm),
            "age_sex": (age_sex, *oc.group_outcomes(f, arm, age_sex)),
            "pregnancy": (preg, *oc.group_outcomes(f, arm, preg)),
            "trimesters": oc.trimester_shares(f, arm),
            "series": (first_night, per, series, oc.series_rates(f, arm, series)),
            "agents": oc.agent_concentration(f, arm),
            "surveys": oc.survey_outcomes(f, arm, strata),
            "headlines": cr.headlines(f, arm)}


def build_tables(results):
    """The report's tables from the per-arm results."""
    def grouped(key):
        return [(r["arm"], g, cols, v, agents, py, r["reps"]) for r in results
                for g, cols, v, agents, py in [r[key]]]
    out = [tables.headline_table([(r["arm"], r["headlines"]) for r in results]),
           tables.outcome_table("age_sex", "Outcomes by age band and sex",
                                "Prevalence and frequency classes: agents' stratum on the last night; rates, "
                                "duration and shares: all nights of the run (1 person-year = 365 nights).",
                                grouped("age_sex")),
           tables.outcome_table("pregnancy", "Outcomes of females by pregnancy state",
                                "Females only; 'not pregnant' only in the age bands where pregnancies occur. "
                                "Prevalence: state on the last night; rates: nights spent in that state.",
                                grouped("pregnancy")),
           tables.trimester_table([(r["arm"], *r["trimesters"], r["reps"]) for r in results])]
    with_surveys = [(r["arm"], r["surveys"], r["reps"]) for r in results if r["surveys"]]
    if with_surveys:
        out.append(tables.survey_table(with_surveys))
    with_agents = [(r["arm"], r["agents"][0], r["reps"]) for r in results if r["agents"]]
    if with_agents:
        out.append(tables.agents_table(with_agents))
    return out


def draw_figures(r, start_day, outdir):
    """The PNGs of one arm: list of (title, path)."""
    import figures  # matplotlib only once the file has been accepted
    arm, rule = r["arm"], r["rule"]
    groups, cols, values, _, _ = r["age_sex"]
    first_night, per, sgroups, rates = r["series"]
    png = lambda name: outdir / f"{name}-{arm}.png"  # noqa: E731
    figs = [("Prevalence in the survey window by age band and sex",
             figures.prevalence(png("prevalence"), groups, values, cols, rule)),
            ("Frequency among sufferers by age band", figures.frequency(png("frequency"), groups, values, cols)),
            ("Cramp nights per 1,000 person-nights through the run",
             figures.series(png("series"), first_night, start_day, per, sgroups, rates, rule)),
            ("Cramps in pregnancy by trimester", figures.trimesters(png("trimesters"), r["trimesters"][0], rule)),
            ("Mean episode duration by age band and sex", figures.duration(png("duration"), groups, values, rule))]
    if r["agents"]:
        figs.append(("Agents by cramp nights in the survey window", figures.agents(png("agents"), r["agents"][1])))
    return figs


def absent_parts(f, arms):
    """(part, 'not in this file: ...') for each part of a full study the file lacks."""
    out = []
    if len(arms) == 1:
        out.append(("Policy arms", f"not in this file: only the reference arm {arms[0]} was run"))
    for name, path, why in OPTIONAL:
        out.append((name, f"present as /{path} but not read by this version of the report" if path in f
                    else f"not in this file: {why} (no /{path} group)"))
    for arm in arms:
        if f"arms/{arm}/costs" not in f:
            out.append((f"Costs and QALYs, {arm}", f"not in this file: no /arms/{arm}/costs group"))
        if f"arms/{arm}/agents" not in f:
            out.append((f"Per-agent columns, {arm}",
                        "not in this file: run with output.agents: true for the heterogeneity table"))
    return out


def analyse(f):
    """Reads and reduces everything the report shows: (meta, results per arm, tables, absent parts)."""
    meta, strata = cr.meta(f), cr.strata(f)
    arms = cr.arm_names(f)
    results = [arm_results(f, arm, strata) for arm in arms]
    return meta, results, build_tables(results), absent_parts(f, arms)


def write_report(path, meta, results, tabs, absent, outdir):
    """Writes all tables, figures and report.html to outdir; returns the HTML path."""
    import html_report
    outdir.mkdir(parents=True, exist_ok=True)
    for t in tabs:
        tables.write(t, outdir)
    by_name = {t.name: t for t in tabs}
    sections = [("headline", "Headline figures", [by_name["headline"]], [])]
    for r in results:
        figs = draw_figures(r, int(meta.get("start_day_of_year", 1)), outdir)
        about = f" ({r['description']})" if r["description"] else ""
        sections.append((f"arm-{r['arm']}", f"Figures, arm {r['arm']}{about}", [], figs))
    sections.append(("tables", "Tables", [t for t in tabs if t.name != "headline"], []))
    notes = [f"Intervals over replicates: {results[0]['rule']} (2.5-97.5 percentiles with 3 or more "
             "replicates, otherwise min-max).",
             "Rates per 1,000 person-years of 365 nights; shares in percent; durations in minutes.",
             "Published targets with source IDs of models/leg_cramps/model.yaml (EVIDENCE.md)."]
    window = results[0]["window"]
    notes.append(f"Prevalence and frequency classes: agents with cramps in the survey window, the last {window} "
                 "nights of the run" + ("." if window == 365 else
                                       " -- not a year, so not directly comparable with past-year targets."))
    out = outdir / "report.html"
    out.write_text(html_report.page(path, meta, notes, sections, absent))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=pathlib.Path)
    ap.add_argument("-o", "--outdir", type=pathlib.Path, help="output folder (default: FILE-report/)")
    a = ap.parse_args()
    outdir = a.outdir or a.file.with_name(a.file.stem + "-report")
    try:
        with cr.open_result(str(a.file)) as f:
            content = analyse(f)
    except cr.ResultError as e:
        print(f"report.py: {a.file}: {e}", file=sys.stderr)
        return 2
    except (OSError, KeyError) as e:
        print(f"report.py: {a.file}: cannot read: {e}", file=sys.stderr)
        return 2
    try:
        out = write_report(a.file, *content, outdir)
    except OSError as e:
        print(f"report.py: {outdir}: cannot write: {e.strerror or e}", file=sys.stderr)
        return 3
    print(f"report.py: wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
