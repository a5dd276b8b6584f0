"""Policy effects for the forest plot and the arms' time series, from the comparison (arms.compare).

- `forest`: each compared arm against the reference in every stratum group, as two effects on the
  cramp-night rate (cramp nights / person-years, each arm its own): the difference, cramp nights averted
  per 1,000 person-years (the paired t interval of arms.differences), and the rate ratio, arm over
  reference: the ratio of the mean per-replicate rates with Fieller's interval over the paired
  replicates (1 exactly when the arms agree in every replicate).
- `nmb`: net monetary benefit against the reference per replicate, w * QALYs gained - incremental cost, at
  each willingness to pay w of arms.WTP (summarised with the paired t interval, like every difference).
- `series`: per period, each arm's cramp nights per 1,000 person-nights (t interval of the mean over
  replicates) and cramp nights averted per 1,000 person-nights against the reference (paired t
  interval), from the per-arm rates the report already read (outcomes.series_rates).

With one replicate the intervals are NaN (arm_stats.t_interval, fieller).  docs/analysis.md, "Comparing arms".
"""
from collections import namedtuple

import numpy as np

import arm_stats as st
import arms as am
import outcomes as oc

AVERTED, RATE_RATIO = "cramp_nights_averted_per_1000py", "cramp_night_rate_ratio"
Effect = namedtuple("Effect", "arm group_kind group measure estimate low high")


def rates_per_1000py(totals):
    """Cramp nights per 1,000 person-years per replicate and group: [R][G]."""
    return oc.ratio(totals["cramp_nights"], totals["person_years"], 1000)


def rate_ratio(arm_rates, ref_rates):
    """(ratio of the means, Fieller low, high) of paired per-replicate rates [R]; NaN when undefined."""
    est = float(st.ratio_of_means(arm_rates, ref_rates))
    if arm_rates.size < 2 or np.isnan(est) or np.isnan(arm_rates).any() or np.isnan(ref_rates).any():
        return est, np.nan, np.nan  # one replicate: no interval, as for every other effect
    if np.array_equal(arm_rates, ref_rates):
        return 1.0, 1.0, 1.0  # the arms agree in every replicate: no rounding in Fieller's roots
    return (est, *st.fieller(arm_rates, ref_rates))


def forest(c):
    """The forest plot's effects: a list of Effect, arm by arm, the groups of c['groups'] in order, the
    difference before the ratio."""
    ref = rates_per_1000py(c["totals"][c["reference"]])
    out = []
    for arm in c["arms"]:
        rates = rates_per_1000py(c["totals"][arm])
        averted = st.t_interval(c["diffs"][arm][AVERTED])
        for g, (kind, label) in enumerate(c["groups"].keys):
            out.append(Effect(arm, kind, label, AVERTED, *(float(a[g]) for a in averted)))
            out.append(Effect(arm, kind, label, RATE_RATIO, *rate_ratio(rates[:, g], ref[:, g])))
    return out


def nmb(c):
    """Net monetary benefit against the reference per replicate and group at each willingness to pay w per QALY
    of arms.WTP: arm -> w -> w * QALYs gained - incremental cost [R][G] (both discounted)."""
    return {arm: {w: w * d["qalys_gained"] - d["incremental_cost"] for w in am.WTP}
            for arm, d in c["diffs"].items()}


def series(results):
    """Per-arm rates and differences over the run's periods, all ages and 65+, from the report's per-arm
    results (the first the reference): dict with first_night [P], period_nights, groups (labels), and
    per arm 'rate' (mean, low, high [P][G]) and, for the others, 'averted' (the same)."""
    first_night, per, groups, ref = results[0]["series"]
    out = {"first_night": first_night, "period_nights": per, "groups": [k[0] for k in groups.keys],
           "reference": results[0]["arm"], "arms": [r["arm"] for r in results], "rate": {}, "averted": {}}
    for r in results:
        rates = r["series"][3]  # [R][P][G] per 1,000 person-nights
        out["rate"][r["arm"]] = st.t_interval(rates)
        if r is not results[0]:
            out["averted"][r["arm"]] = st.t_interval(ref - rates)
    return out
