#!/usr/bin/python3
"""Tables, figures and a self-contained HTML report from a crampsim result file.

    /usr/bin/python3 analysis/report.py runs/x.h5 [-o runs/x-report/]

Writes to OUTDIR (default: FILE without .h5, plus -report): report.html
(everything, figures embedded), a CSV and a Markdown file per table
(headline, age_sex, pregnancy, trimesters, surveys when the run asked any,
agents when the file has per-agent columns, trial when it ran an in-silico trial) and a PNG per figure
(with a trial, trial-effect: the emulated against the published effect).  Intervals are over replicates:
2.5-97.5 percentiles with 3 or more replicates, otherwise min-max.  Parts a
full study would have but this file lacks (policy arms, sweeps, PSA,
trials, costs, per-agent columns) are listed as "not in this file".

A file with several policy arms also gets the comparison of arms against
the reference (the first of /meta/arms), paired by replicate: tables
arm_summary, arm_differences, arm_economics, ceac, arm_outcomes, arm_nmb
(net monetary benefit), arm_forest and arm_series, and figures compare-forest, compare-series, compare-averted,
compare-ce_plane and compare-ceac (analysis/arms.py, arm_effects.py; 95% t
intervals).  A file with one arm gets exactly the report it got before.

A sweep file (/meta format crampsim-sweep, docs/sweeps.md) gets the sweep's
report instead (analysis/sweep_report.py): a table of the points, sensitivity
(tornado charts), heat maps over a grid, and for a PSA the summary over the
draws, the cost-effectiveness plane and acceptability curves.

A file that is not a crampsim result of a known layout (not HDF5, foreign,
newer format_version, a missing group) is refused with one line on stderr
and exit status 2; an unwritable OUTDIR gives exit status 3.  Uses Debian's
h5py, numpy and matplotlib only; see docs/analysis.md.
"""
import argparse
import pathlib
import sys

import numpy as np

import arm_effect_tables
import arm_effects as ae
import arm_stats as st
import arm_tables
import arms as am
import crampsim_results as cr
import outcomes as oc
import sweep_file as sf
import tables
import trial_effects

COMPARISON_EFFECT_TABLES = ("arm_nmb", "arm_forest", "arm_series")
OPTIONAL = [("Parameter sweeps", "sweeps", "the run was a single scenario"),
            ("Probabilistic sensitivity analysis", "psa", "no parameter draws were run"),
            ("Trials", "trial", "no simulated trial was run")]


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


def build_tables(results, trial=None):
    """The report's tables from the per-arm results (and the in-silico trial, crampsim_results.trial)."""
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
    if trial:
        out.append(tables.trial_table(trial, trial_effects.effects(trial)))
    return out


def comparison_tables(comparison, f):
    """The comparison's tables: arm_tables.build, then the forest plot's and the time series' numbers."""
    day_of_year = cr.periods(f, comparison["reference"])[1]
    return arm_tables.build(comparison) + [
        arm_effect_tables.nmb_table(comparison, ae.nmb(comparison)),
        arm_effect_tables.forest_table(comparison, comparison["forest"]),
        arm_effect_tables.series_table(comparison["series"], day_of_year, comparison["replicates"])]


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
        if path == "trial" and path in f:
            continue  # the trial table
        out.append((name, f"present as /{path} but not read by this version of the report" if path in f
                    else f"not in this file: {why} (no /{path} group)"))
    if len(arms) == 1 and f"arms/{arms[0]}/costs" not in f:  # with several arms the comparison reads the costs
        out.append((f"Costs and QALYs, {arms[0]}", f"not in this file: no /arms/{arms[0]}/costs group"))
    for arm in arms:
        if f"arms/{arm}/agents" not in f:
            out.append((f"Per-agent columns, {arm}",
                        "not in this file: run with output.agents: true for the heterogeneity table"))
    return out


def draw_comparison(c, start_day, outdir):
    """The comparison's PNGs: list of (title, path)."""
    import effect_figures
    import figures
    ref, arms, cur, reps = c["reference"], c["arms"], c["currency"], c["replicates"]
    rule = st.rule(reps, paired=True)
    shown = [g for g, key in enumerate(c["groups"].keys) if key[1] in (oc.ALL_AGES, oc.OLD_LABEL)]
    est = {a: tuple(np.asarray(x)[shown] for x in st.t_interval(c["diffs"][a]["cramp_nights_averted_per_1000py"]))
           for a in arms}
    labels = [c["groups"].keys[g][1] for g in shown]
    qalys = {a: c["diffs"][a]["qalys_gained"][:, am.ALL] for a in arms}
    costs = {a: c["diffs"][a]["incremental_cost"][:, am.ALL] for a in arms}
    curves = {a: am.ceac(c["diffs"][a]) for a in arms}
    return [(f"Policy effects against {ref} by group (forest plot)",
             effect_figures.forest(outdir / "compare-forest.png", c["forest"], ref, rule)),
            (f"Cramp nights through the run per arm, and averted against {ref}",
             effect_figures.arm_series(outdir / "compare-series.png", c["series"], start_day,
                                       st.rule(reps, paired=False), rule)),
            (f"Cramp nights averted per 1,000 person-years against {ref}",
             figures.averted(outdir / "compare-averted.png", arms, labels, est, ref, rule)),
            (f"Cost-effectiveness plane against {ref}, all ages",
             figures.ce_plane(outdir / "compare-ce_plane.png", arms, qalys, costs, cur, am.WTP,
                              ref)),
            (f"Cost-effectiveness acceptability against {ref}, all ages",
             figures.acceptability(outdir / "compare-ceac.png", arms, am.THRESHOLDS, curves, cur, reps, ref))]


def draw_trial(trial, outdir):
    """The trial's PNG: [(title, path)]."""
    import effect_figures
    a = trial["attrs"]
    return [(f"In-silico trial: emulated against published effect ({a['description']})",
             effect_figures.trial_effect(outdir / "trial-effect.png", trial_effects.effects(trial), a["control"],
                                         a["outcome"]))]


def comparison_notes(c):
    """Notes of the comparison for the report's head."""
    rate = c["discount_rate"]
    rate = f"{100 * rate:g}% a year" if rate is not None else "economics.discount_rate"
    return [f"Comparison of arms: each arm against the reference {c['reference']} replicate by replicate (common "
            f"random numbers), with Student t intervals rather than percentiles; differences: "
            f"{st.rule(c['replicates'], paired=True)}.",
            f"Costs ({c['currency']}) and QALYs are discounted from night 0 at {rate}; counts are not. QALYs lost "
            "count cramps, their complications, adverse events and the life left at each death attributed to an "
            "intervention."]


def analyse(f):
    """Reads and reduces everything the report shows: (meta, results per arm, comparison of arms or None,
    the in-silico trial or None, tables, absent parts)."""
    meta, strata = cr.meta(f), cr.strata(f)
    arms = cr.arm_names(f)
    results = [arm_results(f, arm, strata) for arm in arms]
    comparison = am.compare(f, arms, strata) if len(arms) > 1 else None
    if comparison:
        comparison.update(forest=ae.forest(comparison), series=ae.series(results))
    trial = cr.trial(f)
    tabs = build_tables(results, trial) + (comparison_tables(comparison, f) if comparison else [])
    return meta, results, comparison, trial, tabs, absent_parts(f, arms)


def write_report(path, meta, results, comparison, trial, tabs, absent, outdir):
    """Writes all tables, figures and report.html to outdir; returns the HTML path."""
    import html_report
    outdir.mkdir(parents=True, exist_ok=True)
    for t in tabs:
        tables.write(t, outdir)
    by_name = {t.name: t for t in tabs}
    sections = [("headline", "Headline figures", [by_name["headline"]], [])]
    placed = set(arm_tables.NAMES + COMPARISON_EFFECT_TABLES) if comparison else set()  # own sections
    start_day = int(meta.get("start_day_of_year", 1))
    if comparison:
        sections.append(("comparison", f"Comparison of arms against {comparison['reference']}",
                         [t for t in tabs if t.name in placed], draw_comparison(comparison, start_day, outdir)))
    if trial:
        sections.append(("trial", "In-silico trial", [by_name["trial"]], draw_trial(trial, outdir)))
        placed.add("trial")
    for r in results:
        figs = draw_figures(r, start_day, outdir)
        about = f" ({r['description']})" if r["description"] else ""
        sections.append((f"arm-{r['arm']}", f"Figures, arm {r['arm']}{about}", [], figs))
    sections.append(("tables", "Tables", [t for t in tabs if t.name != "headline" and t.name not in placed], []))
    notes = [f"Intervals over replicates: {results[0]['rule']} (2.5-97.5 percentiles with 3 or more "
             "replicates, otherwise min-max).",
             "Rates per 1,000 person-years of 365 nights; shares in percent; durations in minutes.",
             "Published targets with source IDs of models/leg_cramps/model.yaml (EVIDENCE.md)."]
    window = results[0]["window"]
    notes.append(f"Prevalence and frequency classes: agents with cramps in the survey window, the last {window} "
                 "nights of the run" + ("." if window == 365 else
                                       " -- not a year, so not directly comparable with past-year targets."))
    if comparison:
        notes += comparison_notes(comparison)
    out = outdir / "report.html"
    out.write_text(html_report.page(path, meta, notes, sections, absent))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file", type=pathlib.Path)
    ap.add_argument("-o", "--outdir", type=pathlib.Path, help="output folder (default: FILE-report/)")
    a = ap.parse_args()
    outdir = a.outdir or a.file.with_name(a.file.stem + "-report")
    if sf.is_sweep(str(a.file)):  # a sweep file: analysis/sweep_report.py
        import sweep_analysis
        import sweep_report
        opener, reader = sf.open_sweep, lambda f: (sweep_analysis.analyse(f),)
        writer = sweep_report.write_report
    else:
        opener, reader, writer = cr.open_result, analyse, write_report
    try:
        with opener(str(a.file)) as f:
            content = reader(f)
    except cr.ResultError as e:
        print(f"report.py: {a.file}: {e}", file=sys.stderr)
        return 2
    except (OSError, KeyError, ValueError) as e:
        print(f"report.py: {a.file}: cannot read: {e}", file=sys.stderr)
        return 2
    try:
        out = writer(a.file, *content, outdir)
    except OSError as e:
        print(f"report.py: {outdir}: cannot write: {e.strerror or e}", file=sys.stderr)
        return 3
    print(f"report.py: wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
