"""Tables behind the forest plot and the arms' time series (arm_effects): the numbers a figure shows.

- arm_nmb: per compared arm, stratum group and willingness to pay w, the net monetary benefit against the
  reference (measure nmb_<w>) with its paired t interval.
- arm_forest: per compared arm and stratum group, cramp nights averted per 1,000 person-years and the
  cramp-night rate ratio against the reference, each with its 95% interval.
- arm_series: per arm, group (all ages, 65+) and period, cramp nights per 1,000 person-nights and, for
  the compared arms, cramp nights averted per 1,000 person-nights against the reference.  The CSV has
  every period; the Markdown at most SHOWN_PERIODS, evenly spaced (it says so).
"""
import math

import arm_effects as ae
import arm_stats as st
from arm_tables import cell, described, replicate_header
from tables import Table, number

UNITS = {ae.AVERTED: "per 1,000 person-years", ae.RATE_RATIO: "ratio"}
SERIES_UNIT = "per 1,000 person-nights"
SHOWN_PERIODS = 60
FOREST_RULE = ("rate ratio: ratio of the mean per-replicate rates, Fieller's 95% interval over the paired "
               "replicates")


def forest_table(c, effects):
    """The forest plot's numbers (arm_effects.forest)."""
    reps = c["replicates"]
    rule = st.rule(reps, paired=True)
    t = Table("arm_forest", f"Policy effects against the reference {c['reference']} (forest plot)",
              "Cramp nights averted per 1,000 person-years (each arm's own rate, reference minus arm; "
              f"{described(rule)}) and the cramp-night rate ratio, arm over reference ({FOREST_RULE}; below 1: "
              "fewer cramp nights). An arm that changes nothing reads 0 and 1 exactly.",
              ["arm", "group_kind", "group", "measure", "unit", "estimate", "low", "high", "replicates",
               "interval"])
    for e in effects:
        t.csv_rows.append([e.arm, e.group_kind, e.group, e.measure, UNITS[e.measure], e.estimate, e.low, e.high,
                           reps, rule if e.measure == ae.AVERTED else FOREST_RULE])
    for arm in c["arms"]:
        mine = [e for e in effects if e.arm == arm]
        rows = [[a.group, cell(a.estimate, a.low, a.high, 1), ratio_text(r)]
                for a, r in zip(mine[0::2], mine[1::2])]
        t.parts.append((f"{arm} vs {c['reference']} — {rule}",
                        ["group", "cramp nights averted (per 1,000 person-years)", "rate ratio [95% interval]"],
                        rows))
    return t


def nmb_table(c, values):
    """Net monetary benefit per compared arm, group and willingness to pay (arm_effects.nmb)."""
    reps, cur, groups = c["replicates"], c["currency"], c["groups"]
    rule = st.rule(reps, paired=True)
    t = Table("arm_nmb", f"Net monetary benefit against the reference {c['reference']}",
              f"NMB = w x QALYs gained - incremental cost ({cur}, both discounted) per replicate, at a willingness "
              f"to pay w per QALY; positive: worth it at w. {described(rule)}.",
              ["arm", "group_kind", "group", "measure", "unit", "mean", "low", "high", "replicates",
               "interval"] + replicate_header(reps))
    for arm, by_w in values.items():
        est = {w: st.t_interval(v) for w, v in by_w.items()}
        for g, key in enumerate(groups.keys):
            for w, v in by_w.items():
                t.csv_rows.append([arm, *key, f"nmb_{w}", cur, *(float(a[g]) for a in est[w]), reps, rule,
                                   *(float(x) for x in v[:, g])])
        rows = [[key[1]] + [cell(*(float(a[g]) for a in est[w]), 0) for w in by_w] for g, key in enumerate(groups.keys)]
        t.parts.append((f"{arm} vs {c['reference']} — {rule}",
                        ["group"] + [f"NMB at {w:,} {cur}/QALY ({cur})" for w in by_w], rows))
    return t


def ratio_text(e):
    """A rate ratio's cell; 'unbounded' for an infinite Fieller interval."""
    if math.isinf(e.low) or math.isinf(e.high):
        return f"{number(e.estimate, 3)} [unbounded]"
    return cell(e.estimate, e.low, e.high, 3)


def series_rows(s, day_of_year, reps):
    """The long CSV rows of arm_effects.series."""
    rule = st.rule(reps, paired=False)
    paired = st.rule(reps, paired=True)
    for measure, by_arm, how in (("cramp_nights_per_1000pn", s["rate"], rule),
                                 ("cramp_nights_averted_per_1000pn", s["averted"], paired)):
        for arm, (mean, low, high) in by_arm.items():
            for g, group in enumerate(s["groups"]):
                for p, night in enumerate(s["first_night"]):
                    yield [arm, group, p, int(night), int(day_of_year[p]), measure, SERIES_UNIT,
                           float(mean[p, g]), float(low[p, g]), float(high[p, g]), reps, how]


def series_table(s, day_of_year, reps):
    """The arms' time series (arm_effects.series); day_of_year [P] of each period's first night."""
    kind = {1: "daily", 7: "weekly"}.get(s["period_nights"], f"{s['period_nights']}-night")
    t = Table("arm_series", f"Cramp nights through the run per arm, {kind} periods",
              f"Cramp nights per 1,000 person-nights in each period ({described(st.rule(reps, paired=False))}) "
              f"and cramp nights averted per 1,000 person-nights against {s['reference']} (reference minus arm, "
              f"{described(st.rule(reps, paired=True))}).",
              ["arm", "group", "period", "first_night", "day_of_year", "measure", "unit", "mean", "low", "high",
               "replicates", "interval"], list(series_rows(s, day_of_year, reps)))
    periods = len(s["first_night"])
    step = max(1, math.ceil(periods / SHOWN_PERIODS))
    shown = range(0, periods, step)
    header = ["period", "first night", "day of year"] + [f"{a} ({SERIES_UNIT})" for a in s["arms"]] + \
        [f"{a}: averted ({SERIES_UNIT})" for a in s["averted"]]
    rows = [[str(p), str(int(s["first_night"][p])), str(int(day_of_year[p]))]
            + [cell(*(float(x[p, 0]) for x in s["rate"][a]), 2) for a in s["arms"]]
            + [cell(*(float(x[p, 0]) for x in s["averted"][a]), 2) for a in s["averted"]] for p in shown]
    note = "every period" if step == 1 else f"every {step}th period of {periods} (all of them in the CSV)"
    t.parts.append((f"{s['groups'][0]}, {note}", header, rows))
    return t
