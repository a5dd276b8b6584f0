"""The report's tables: built from outcomes, written as CSV (full precision) and Markdown/HTML.

Each table is one `Table`: a CSV in long form (one row per arm, group and
outcome, with mean, low, high and the interval rule -- easy to filter in R
or a spreadsheet), and for reading one or more wide parts (groups as rows,
outcomes as columns, cells "mean [low-high]") rendered as Markdown or HTML.
"""
import csv
import html
import math
from dataclasses import dataclass, field

import crampsim_results as cr
import evidence
import outcomes as oc

PARTS = [("Prevalence, rates and duration", ("rates",)),
         ("Frequency among sufferers in the survey window, % of sufferers", ("frequency",)),
         ("Episodes by muscle and severity, % of episodes", ("muscle", "severity"))]
CSV_TAIL = ["outcome", "unit", "mean", "low", "high", "replicates", "interval"]


@dataclass
class Table:
    """A table: file stem, title, note, CSV header and rows (a list, or any iterable read once by `write`), and
    readable parts (subtitle, header, rows)."""
    name: str
    title: str
    note: str
    csv_header: list
    csv_rows: list = field(default_factory=list)
    parts: list = field(default_factory=list)


def number(x, digits):
    """x with thousands separators and `digits` decimals; 'n/a' for NaN."""
    return "n/a" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:,.{digits}f}"


def cell(mean, low, high, digits):
    """'mean [low-high]'."""
    if math.isnan(mean):
        return "n/a"
    return f"{number(mean, digits)} [{number(low, digits)}–{number(high, digits)}]"


def outcome_table(name, title, note, arms):
    """Outcomes by group; arms is a list of (arm, Groups, columns, values, agents, person_years, replicates)."""
    key_names = list(arms[0][1].key_names)
    t = Table(name, title, note, ["arm"] + key_names + CSV_TAIL)
    for arm, groups, cols, values, agents, py, reps in arms:
        rule = oc.interval_rule(reps)
        est = {c.key: oc.interval(values[c.key]) for c in cols}
        est["agents"], est["person_years"] = oc.interval(agents), oc.interval(py)
        units = {c.key: c.unit for c in cols} | {"agents": "agents", "person_years": "person-years"}
        for g, key in enumerate(groups.keys):
            for k in ["agents", "person_years"] + [c.key for c in cols]:
                m, lo, hi = (float(a[g]) for a in est[k])
                t.csv_rows.append([arm, *key, k, units[k], m, lo, hi, reps, rule])
        for subtitle, sections in PARTS:
            use = [c for c in cols if c.section in sections]
            header = key_names + (["agents (mean)", "person-years (mean)"] if "rates" in sections else [])
            header += [f"{c.label} ({c.unit})" if "rates" in sections else c.label for c in use]
            rows = []
            for g, key in enumerate(groups.keys):
                row = list(key)
                if "rates" in sections:
                    row += [number(est["agents"][0][g], 0), number(est["person_years"][0][g], 0)]
                row += [cell(*(float(a[g]) for a in est[c.key]), c.digits) for c in use]
                rows.append(row)
            t.parts.append((f"{arm}: {subtitle} — {rule}", header, rows))
    return t


def trimester_table(arms):
    """Share of trimesters with cramps vs targets; arms is a list of (arm, percent [R][3], observed [R][3], R)."""
    t = Table("trimesters", "Cramps in pregnancy by trimester",
              "Share of trimesters that began and ended within the run with at least one cramp night "
              "(all strata); targets from EVIDENCE.md.",
              ["arm", "trimester"] + CSV_TAIL + ["pregnancies_mean", "target_pct", "target_source"])
    for arm, pct, observed, reps in arms:
        rule = oc.interval_rule(reps)
        mean, low, high = oc.interval(pct)
        obs = observed.mean(0)
        rows = []
        for k in range(pct.shape[1]):
            tg = evidence.TRIMESTERS[k] if k < len(evidence.TRIMESTERS) else None
            t.csv_rows.append([arm, k + 1, "with_cramps_pct", "%", float(mean[k]), float(low[k]),
                               float(high[k]), reps, rule, float(obs[k]),
                               tg.value if tg else "", tg.source if tg else ""])
            rows.append([str(k + 1), number(obs[k], 0), cell(mean[k], low[k], high[k], 1), target_text(tg),
                         tg.source if tg else ""])
        t.parts.append((f"{arm} — {rule}", ["trimester", "pregnancies observed (mean)",
                                            "with cramps (%)", "published", "source"], rows))
    return t


def target_text(tg):
    """'50% (50–58%)' for a percent target, '' for None."""
    if tg is None:
        return ""
    has_range = tg.low is not None and tg.high is not None
    return f"{tg.value:g}%" + (f" ({tg.low:g}–{tg.high:g}%)" if has_range else "")


def headline_table(arms):
    """The run's headline figures beside the published figures; arms is a list of (arm, headlines)."""
    t = Table("headline", "Headline figures: model vs published target",
              "Model: mean [min–max] over replicates as stored in the file's headline table. "
              "Published: the file's target text; target value and source ID from EVIDENCE.md.",
              ["arm", "figure", "unit", "mean", "min", "max", "published", "target_value", "target_source"])
    for arm, lines in arms:
        rows = []
        for name, unit, target, mean, lo, hi in lines:
            tg = evidence.for_headline(name)
            t.csv_rows.append([arm, name.strip(), unit, mean, lo, hi, target,
                               tg.value if tg else "", tg.source if tg else ""])
            digits = 2 if unit in ("min", "ratio") else 1
            rows.append([name.strip() if not name.startswith(" ") else "… " + name.strip(), unit,
                         cell(mean, lo, hi, digits), target, tg.source if tg else ""])
        t.parts.append((arm, ["figure", "unit", "model", "published", "source ID"], rows))
    return t


def survey_table(arms):
    """The scenario's surveys by group, beside published figures; arms is a list of (arm, surveys, R) with
    surveys as oc.survey_outcomes gives them."""
    t = Table("surveys", "Surveys: what the population would answer",
              "Each survey asks every agent present on the day it is asked about its recall window; groups are "
              "the agents' stratum, conditions and medications on that day. Percent of respondents; told a "
              "doctor ever is asked of age groups only. Targets from EVIDENCE.md where a study asked the same.",
              ["arm", "survey", "recall_nights", "at_night", "kind", "group"] + CSV_TAIL
              + ["target_value", "target_source"])
    for arm, surveys, reps in arms:
        rule = oc.interval_rule(reps)
        for sv, keys, values in surveys:
            est = {k: oc.interval(v) for k, v in values.items()}
            rows = []
            for g, (kind, group) in enumerate(keys):
                tg = evidence.for_survey(group, sv["recall_nights"])
                for k in ["respondents"] + [q for q, _, _ in oc.SURVEY_QUESTIONS]:
                    m, lo, hi = (float(x[g]) for x in est[k])
                    is_target = k == "any_cramp_pct" and tg is not None
                    t.csv_rows.append([arm, sv["name"], sv["recall_nights"], sv["at_night"], kind, group, k,
                                       "agents" if k == "respondents" else "%", m, lo, hi, reps, rule,
                                       tg.value if is_target else "", tg.source if is_target else ""])
                rows.append([group, number(est["respondents"][0][g], 0)]
                            + [cell(*(float(x[g]) for x in est[q]), 1) for q, _, _ in oc.SURVEY_QUESTIONS]
                            + [target_text(tg), tg.source if tg else ""])
            about = f", {sv['description']}" if sv["description"] else ""
            t.parts.append((f"{arm}: {sv['name']} ({sv['recall_nights']} nights before night {sv['at_night']}"
                            f"{about}) — {rule}",
                            ["group", "respondents (mean)"] + [f"{label} (%)" for _, label, _ in oc.SURVEY_QUESTIONS]
                            + ["published (any cramp)", "source"], rows))
    return t


def agents_table(arms):
    """Concentration of cramp nights over agents; arms is a list of (arm, values, R)."""
    labels = {"any_pct": "agents with any cramp night (%)",
              "top10_pct": "cramp nights borne by the 10% of agents with most (%)",
              "top1_pct": "cramp nights borne by the 1% of agents with most (%)"}
    t = Table("agents", "Between-person heterogeneity (per-agent columns)",
              "From each agent's cramp nights in the survey window (column win_nights), all agents.",
              ["arm", "measure"] + CSV_TAIL)
    for arm, values, reps in arms:
        rule = oc.interval_rule(reps)
        rows = []
        for k, label in labels.items():
            m, lo, hi = (float(x) for x in oc.interval(values[k][:, None]))
            t.csv_rows.append([arm, k, k, "%", m, lo, hi, reps, rule])
            rows.append([label, cell(m, lo, hi, 1)])
        t.parts.append((f"{arm} — {rule}", ["measure", "value"], rows))
    return t


def trial_table(tr, effects):
    """The in-silico trial as a trial reports it (crampsim_results.trial: pooled over replicates), with the
    emulated effects beside the published ones (trial_effects.effects)."""
    a, p, n = tr["attrs"], tr["pooled"], tr["tallies"]
    reps = int(a["replicates"])
    t = Table("trial", f"In-silico trial: {a['description']}",
              f"Eligible on night {a['enrol_night']}: {tr['eligible']:,} ({a['eligibility']}; at least "
              f"{a['min_events']} {a['outcome']} in the {a['run_in_nights']} nights before); "
              f"{int(n['randomised'].sum()):,} randomised; followed {a['follow_up_nights']} nights, the outcome "
              f"the {a['outcome']} per week in the last {a['final_window_nights']}, compared with the first arm "
              f"({a['control']}); intention to treat, completers at the end; 95% CIs (normal approximation)"
              + (f"; {reps} replicates pooled." if reps > 1 else "."),
              ["arm", "intervention", "statistic", "unit", "value", "low", "high", "source"])
    for k, arm in enumerate(tr["arms"]):
        for name in cr.TRIAL_TALLIES:
            t.csv_rows.append([arm, tr["interventions"][k], name, "persons", int(n[name][k]), "", "", ""])
        for name in cr.TRIAL_STATS:
            ci = [float(p[f"{name}_ci_{e}"][k]) if f"{name}_ci_{e}" in p else "" for e in ("lo", "hi")]
            t.csv_rows.append([arm, tr["interventions"][k], name, tr["units"][name], float(p[name][k]), *ci, ""])
    for e in effects:
        if e["published"]:
            tg = e["published"].target
            t.csv_rows.append([e["arm"], e["intervention"], "published_ratio", "ratio", float(tg.value),
                               float(tg.low), float(tg.high), tg.source])

    def ci(name, k, digits):
        return cell(float(p[name][k]), float(p[name + "_ci_lo"][k]), float(p[name + "_ci_hi"][k]), digits)
    header = ["arm", "intervention", "randomised", "lost", f"baseline, {a['outcome']}/week (sd)", "final (sd)",
              "change", "≥25% fewer", "≥50% fewer", "difference [95% CI]", "ratio of means [95% CI]",
              "adjusted for baseline [95% CI]"]
    rows = []
    for k, arm in enumerate(tr["arms"]):
        first = k == 0
        rows.append([arm, tr["interventions"][k], number(int(n["randomised"][k]), 0), number(int(n["lost"][k]), 0),
                     f"{number(float(p['baseline_mean'][k]), 2)} ({number(float(p['baseline_sd'][k]), 2)})",
                     f"{number(float(p['final_mean'][k]), 2)} ({number(float(p['final_sd'][k]), 2)})",
                     number(float(p["change_mean"][k]), 2), f"{number(float(p['responders_25_pct'][k]), 1)}%",
                     f"{number(float(p['responders_50_pct'][k]), 1)}%",
                     "(control)" if first else ci("difference", k, 2), "" if first else ci("ratio", k, 3),
                     "" if first else ci("adjusted_ratio", k, 3)])
    t.parts.append((f"{a['outcome']} per week by arm", header, rows))
    t.parts.append(published_part(effects, a["control"]))
    return t


def published_part(effects, control):
    """The emulated effects beside the published ones (trial_effects.effects), as a readable part."""
    def ratio(v):
        return cell(*v, 3)
    rows = [[e["arm"], e["intervention"], ratio(e["ratio"]), ratio(e["adjusted"]),
             ratio((e["published"].target.value, e["published"].target.low, e["published"].target.high))
             if e["published"] else "none", e["published"].target.source if e["published"] else "",
             e["published"].target.note if e["published"] else "", e["note"]] for e in effects]
    return (f"Emulated against published effect (ratio of means against {control}, 95% CI)",
            ["arm", "intervention", "emulated ratio", "adjusted for baseline", "published", "source", "study",
             "note"], rows)


def write(table, outdir):
    """Writes OUTDIR/<name>.csv and OUTDIR/<name>.md."""
    with open(outdir / f"{table.name}.csv", "w", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(table.csv_header)
        w.writerows([repr(float(v)) if isinstance(v, float) else v for v in row] for row in table.csv_rows)
    (outdir / f"{table.name}.md").write_text(markdown(table))


def markdown(table):
    """The table as Markdown: title, note, one pipe table per part."""
    out = [f"## {table.title}", "", table.note, ""]
    for subtitle, header, rows in table.parts:
        out += [f"### {subtitle}", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        out += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]
        out.append("")
    return "\n".join(out)


def to_html(table):
    """The table as an HTML fragment."""
    esc = html.escape
    out = [f"<h3>{esc(table.title)}</h3>", f"<p class='note'>{esc(table.note)}</p>"]
    for subtitle, header, rows in table.parts:
        out.append(f"<h4>{esc(subtitle)}</h4><table><thead><tr>"
                   + "".join(f"<th>{esc(h)}</th>" for h in header) + "</tr></thead><tbody>")
        out += ["<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>" for row in rows]
        out.append("</tbody></table>")
    return "\n".join(out)

