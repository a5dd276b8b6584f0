"""Tables of the comparison of arms (arms.compare), as tables.Table: long CSV, wide Markdown/HTML parts.

- arm_summary: one row per arm against the reference, all ages: the differences and ratios a reader
  looks at first.
- arm_outcomes: per arm and stratum group, totals over the run (mean, 95% t interval, each replicate).
- arm_differences: per arm and group, the paired differences against the reference (same columns).
- arm_economics: per arm and group, NNT, cost per cramp night averted and ICER with Fieller's
  interval and the dominance class.
- ceac: share of replicates with positive net monetary benefit by willingness to pay.

CSV numbers are at full precision, with NaN for an interval that does not exist (one replicate) and
inf for an unbounded Fieller interval; Markdown cells are "mean [low-high]", rounded.
"""
import math

import numpy as np

import arm_stats as st
import arms as am
from tables import Table, number

DIGITS = {"QALY": 3, "per 1,000 person-years": 1, "h per 1,000 person-years": 1,
          "person-years of treatment per cramp night averted": 4, "CUR per cramp night averted": 2}
SECTIONS = (("health", "health"), ("economics", "treatment, harms and costs"))
SUMMARY = ("cramp_nights_averted_per_1000py", "sleep_hours_gained_per_1000py", "strains_averted",
           "adverse_minor_added", "adverse_serious_added", "deaths_attributed_added", "qalys_gained",
           "incremental_cost")


def unit_text(unit, currency):
    """A unit with the currency placeholder CUR replaced."""
    return unit.replace("CUR", currency)


def digits(unit):
    """Decimals shown for a unit."""
    return DIGITS.get(unit, 0)


def cell(mean, low, high, places):
    """'mean [low-high]'; just 'mean' without an interval (one replicate); 'n/a' for NaN."""
    if math.isnan(mean):
        return "n/a"
    if math.isnan(low):
        return number(mean, places)
    return f"{number(mean, places)} [{number(low, places)}–{number(high, places)}]"


def ratio_cell(estimate, low, high, kind, places):
    """A ratio's cell: the class word when there is no ratio to show, else the ratio and Fieller's interval."""
    if kind not in (st.RATIO, st.SAVES, "NNT"):
        return kind
    text = number(estimate, places)
    if math.isinf(low) or math.isinf(high):
        text += " [unbounded]"
    elif not math.isnan(low):
        text += f" [{number(low, places)}–{number(high, places)}]"
    return text + (" saved per unit forgone (less effect, less cost)" if kind == st.SAVES else "")


def value_rows(table, arm, groups, items, values, reps, rule, currency):
    """Appends the long CSV rows of per-replicate values (key -> [R][G]) of items (with key, unit)."""
    for g, key in enumerate(groups.keys):
        for it in items:
            v = values[it.key][:, g]
            m, lo, hi = (float(x) for x in st.t_interval(v))
            table.csv_rows.append([arm, *key, it.key, unit_text(it.unit, currency), m, lo, hi, reps, rule,
                                   *(float(x) for x in v)])


def wide_parts(table, title, groups, items, values, currency):
    """Appends one Markdown part per section: groups as rows, items as columns, 'mean [low-high]' cells."""
    est = {it.key: st.t_interval(values[it.key]) for it in items}
    for section, words in SECTIONS:
        use = [it for it in items if it.section == section]
        if not use:
            continue
        header = ["group"] + [f"{it.label} ({unit_text(it.unit, currency)})" for it in use]
        rows = [[key[1]] + [cell(*(float(a[g]) for a in est[it.key]), digits(it.unit)) for it in use]
                for g, key in enumerate(groups.keys)]
        table.parts.append((f"{title}: {words}", header, rows))


def described(rule):
    """How a table's cells were summarised, for its note."""
    return "a single replicate: point estimates, no interval" if rule == st.NO_INTERVAL else f"mean and {rule}"


def replicate_header(reps):
    return [f"rep_{r + 1}" for r in range(reps)]


def outcome_table(c):
    """Totals per arm and group over the run."""
    reps, cur, groups = c["replicates"], c["currency"], c["groups"]
    rule = st.rule(reps, paired=False)
    t = Table("arm_outcomes", "Outcomes per arm (totals over the run)",
              f"Totals over the run in each stratum group; {described(rule)}. Costs in {cur}, QALYs; both "
              "discounted in the simulation from night 0 (counts are not).",
              ["arm", "group_kind", "group", "measure", "unit", "mean", "low", "high", "replicates", "interval"]
              + replicate_header(reps))
    for arm in [c["reference"]] + c["arms"]:
        value_rows(t, arm, groups, c["measures"], c["totals"][arm], reps, rule, cur)
        ref = " (reference)" if arm == c["reference"] else ""
        wide_parts(t, f"{arm}{ref} — {rule}", groups, c["measures"], c["totals"][arm], cur)
    return t


def present_differences(c):
    """The DIFFERENCES the file supports."""
    some = next(iter(c["diffs"].values()))
    return [d for d in am.DIFFERENCES if d.key in some]


def difference_table(c):
    """Paired differences against the reference per arm and group."""
    reps, cur, groups = c["replicates"], c["currency"], c["groups"]
    rule = st.rule(reps, paired=True)
    items = present_differences(c)
    t = Table("arm_differences", f"Differences against the reference arm {c['reference']}",
              f"Arm minus reference per replicate (common random numbers: the same population and random "
              f"streams), signed so that a positive value reads as the name says; {described(rule)}. Rates per "
              "1,000 person-years are differences of each arm's own rate.",
              ["arm", "group_kind", "group", "measure", "unit", "mean", "low", "high", "replicates", "interval"]
              + replicate_header(reps))
    for arm in c["arms"]:
        value_rows(t, arm, groups, items, c["diffs"][arm], reps, rule, cur)
        wide_parts(t, f"{arm} vs {c['reference']} — {rule}", groups, items, c["diffs"][arm], cur)
    return t


def economics_table(c):
    """NNT, cost per cramp night averted and ICER per arm and group."""
    reps, cur, groups = c["replicates"], c["currency"], c["groups"]
    rule = ("Single replicate: ratio of the means, no interval" if reps < 2 else
            f"Ratio of the mean paired differences, Fieller's 95% interval over {reps} replicates "
            "(unbounded when the denominator's own interval includes 0)")
    t = Table("arm_economics", "Number needed to treat and cost-effectiveness",
              "NNT: extra person-years on the arm's interventions per cramp night averted (its inverse: cramp "
              "nights averted per person-year of treatment). Cost per cramp night "
              f"averted and ICER: incremental total cost ({cur}, discounted) per cramp night averted "
              "(not discounted) or per QALY gained (discounted). Dominant: at least as effective and no "
              "more costly; dominated: less effective and no less costly. " + rule + ".",
              ["arm", "group_kind", "group", "measure", "unit", "estimate", "low", "high", "class",
               "replicates", "interval", "numerator_mean", "denominator_mean"])
    for arm in c["arms"]:
        d, q = c["diffs"][arm], c["ratios"][arm]
        use = [r for r in am.RATIOS if r.key in q]
        rows = []
        for g, key in enumerate(groups.keys):
            row = [key[1]]
            for r in use:
                est, lo, hi, kind = q[r.key][g]
                t.csv_rows.append([arm, *key, r.key, unit_text(r.unit, cur), float(est), float(lo), float(hi), kind,
                                   reps, rule, float(d[r.numerator][:, g].mean()),
                                   float(d[r.denominator][:, g].mean())])
                row.append(ratio_cell(est, lo, hi, kind, digits(r.unit)))
            rows.append(row)
        t.parts.append((f"{arm} vs {c['reference']}", ["group"] + [f"{r.label} ({unit_text(r.unit, cur)})"
                                                                   for r in use], rows))
    return t


def summary_table(c):
    """The first table a reader sees: each arm against the reference, all ages."""
    reps, cur = c["replicates"], c["currency"]
    rule = st.rule(reps, paired=True)
    diffs = {d.key: d for d in present_differences(c)}
    use = [diffs[k] for k in SUMMARY if k in diffs]
    t = Table("arm_summary", f"Arms against the reference {c['reference']}, all ages",
              f"Differences: {described(rule)}. Ratios: ratio of the mean differences"
              + (" with Fieller's interval" if reps > 1 else "") + " (definitions in arm_economics).",
              ["arm", "measure", "unit", "estimate", "low", "high", "class"])
    header = ["arm", "description"] + [f"{d.label} ({unit_text(d.unit, cur)})" for d in use] + \
        [f"{r.label} ({unit_text(r.unit, cur)})" for r in am.RATIOS]
    rows = []
    for arm in c["arms"]:
        row = [arm, c["descriptions"].get(arm, "")]
        for d in use:
            m, lo, hi = (float(x) for x in st.t_interval(c["diffs"][arm][d.key][:, am.ALL]))
            t.csv_rows.append([arm, d.key, unit_text(d.unit, cur), m, lo, hi, ""])
            row.append(cell(m, lo, hi, digits(d.unit)))
        for r in am.RATIOS:
            est, lo, hi, kind = c["ratios"][arm].get(r.key, [(np.nan, np.nan, np.nan, "n/a")] * (am.ALL + 1))[am.ALL]
            t.csv_rows.append([arm, r.key, unit_text(r.unit, cur), float(est), float(lo), float(hi), kind])
            row.append(ratio_cell(est, lo, hi, kind, digits(r.unit)))
        rows.append(row)
    t.parts.append((f"{rule}", header, rows))
    return t


def ceac_table(c):
    """Share of replicates with positive net monetary benefit by willingness to pay, all ages."""
    reps, cur = c["replicates"], c["currency"]
    t = Table("ceac", "Cost-effectiveness acceptability against the reference (all ages)",
              f"Share of the {reps} replicates in which w x QALYs gained - incremental cost > 0, for a willingness "
              f"to pay w per QALY ({cur}). The spread is the simulation's chance variation between replicates "
              "(common random numbers), not parameter uncertainty.",
              ["arm", "wtp_per_qaly", "unit", "share_positive_nmb", "replicates"])
    curves = {arm: am.ceac(c["diffs"][arm]) for arm in c["arms"]}
    for arm, curve in curves.items():
        t.csv_rows += [[arm, float(w), f"{cur} per QALY", float(s), reps] for w, s in zip(am.THRESHOLDS, curve)]
    rows = []
    for w in am.TABLE_THRESHOLDS:
        k = int(np.searchsorted(am.THRESHOLDS, w))
        rows.append([number(w, 0)] + [number(100 * curves[a][k], 0) for a in c["arms"]])
    t.parts.append((f"{reps} replicates", [f"willingness to pay ({cur} per QALY)"]
                    + [f"{a}: replicates with positive net benefit (%)" for a in c["arms"]], rows))
    return t


NAMES = ("arm_summary", "arm_differences", "arm_economics", "ceac", "arm_outcomes")


def build(c):
    """The comparison's tables, in the order the report shows them (their names are NAMES)."""
    return [summary_table(c), difference_table(c), economics_table(c), ceac_table(c), outcome_table(c)]
