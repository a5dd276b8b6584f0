"""Comparison of policy arms: outcomes per arm and differences against the reference arm, paired by replicate.

A file with several arms (/meta/arms, the first the reference) ran every
arm on the same population with the same random streams (common random
numbers), so replicate r of an arm is compared with replicate r of the
reference.  Everything here is computed per replicate from totals over the
run and over a stratum group, then summarised with arm_stats:

- per arm (`arm_outcomes`): totals such as cramp nights, sleep hours lost,
  costs and QALYs lost, each the mean with a 95% t interval over replicates;
- differences (`differences`): arm minus reference per replicate, signed so
  that the name reads true when positive ("averted", "gained", "added"),
  with the paired t interval;
- ratios (`ratios`): NNT, cost per cramp night averted and cost per QALY
  gained (ICER) as the ratio of the mean differences, Fieller's interval,
  and the dominance class for the cost ratios;
- acceptability (`ceac`): share of replicates with positive net monetary benefit.

Costs are stored in cents and QALYs in micro-QALYs, both discounted in the
simulation from night 0 at economics.discount_rate; here they become
currency units (cents / 100) and QALYs (/ 1e6).  Counts are not discounted.
Definitions and formulas: docs/analysis.md, "Comparing arms".
"""
import re
from dataclasses import dataclass

import numpy as np

import arm_stats as st
import crampsim_results as cr
import outcomes as oc

THRESHOLDS = np.arange(0, 150_001, 1_000, dtype=np.float64)  # willingness to pay, per QALY (CEAC grid)
TABLE_THRESHOLDS = (0, 20_000, 30_000, 50_000, 100_000, 150_000)  # rows of the CEAC table
WTP = (20_000, 50_000, 100_000)  # willingness to pay per QALY of the net monetary benefit and the CE plane's lines
PREGNANT = "pregnant (trimesters 1-3)"
ALL = 0  # index of the group "all ages" in stratum_groups


@dataclass(frozen=True)
class Measure:
    """A total per arm: scale * sum of the parts ((kind, dataset) with kind 'series' or 'summary')."""
    key: str
    label: str
    unit: str
    parts: tuple
    scale: float = 1.0
    section: str = "health"
    optional: bool = False  # shown only when every arm has it


def series(*names):
    return tuple(("series", n) for n in names)


MEASURES = (
    Measure("person_years", "person-years", "person-years", series("person_nights"), 1 / oc.NIGHTS_PER_YEAR),
    Measure("cramp_nights", "cramp nights", "nights", series("cramp_nights")),
    Measure("cramps", "cramps", "episodes", series("cramps")),
    Measure("cramp_minutes", "cramp minutes", "min", series("cramp_seconds"), 1 / 60),
    Measure("sleep_hours_lost", "sleep lost", "h", series("sleep_lost"), 1 / 3600),
    Measure("strains", "strains", "persons", series("strains")),
    Measure("care_visits", "care visits", "visits", series("consultations")),
    Measure("tests", "tests", "tests", series("tests"), optional=True),
    Measure("iv_starts", "intervention starts", "persons", series("iv_starts"), section="economics"),
    Measure("treatment_years", "time on intervention", "person-years", (("summary", "iv_held_days"),),
            1 / oc.NIGHTS_PER_YEAR, section="economics"),
    Measure("adverse_minor", "minor adverse events", "events", series("adverse_minor"), section="economics"),
    Measure("adverse_serious", "serious adverse events", "events", series("adverse_serious"), section="economics"),
    Measure("deaths_attributed", "deaths attributed to an intervention", "persons", series("deaths_attributed"),
            section="economics"),
    Measure("deaths", "deaths, all causes", "persons", series("deaths"), section="economics"),
    Measure("cost_interventions", "cost of interventions", "CUR", series("cost_interventions"), 0.01,
            section="economics"),
    Measure("cost_care", "cost of care", "CUR", series("cost_care"), 0.01, section="economics"),
    Measure("cost_adverse", "cost of adverse events", "CUR", series("cost_adverse"), 0.01, section="economics"),
    Measure("cost_total", "total cost", "CUR", series("cost_interventions", "cost_care", "cost_adverse"), 0.01,
            section="economics"),
    Measure("qalys_lost", "QALYs lost", "QALY", series("qaly_lost"), 1e-6, section="economics"),
)


@dataclass(frozen=True)
class Difference:
    """sign * (arm - reference) of a measure's total, or of its rate per 1,000 person-years."""
    key: str
    label: str
    unit: str
    measure: str
    sign: int
    per_1000py: bool = False
    section: str = "health"


DIFFERENCES = (
    Difference("cramp_nights_averted_per_1000py", "cramp nights averted", "per 1,000 person-years",
               "cramp_nights", -1, True),
    Difference("sleep_hours_gained_per_1000py", "sleep gained", "h per 1,000 person-years",
               "sleep_hours_lost", -1, True),
    Difference("cramp_nights_averted", "cramp nights averted", "nights", "cramp_nights", -1),
    Difference("strains_averted", "strains averted", "persons", "strains", -1),
    Difference("care_visits_averted", "care visits averted", "visits", "care_visits", -1),
    Difference("tests_averted", "tests averted", "tests", "tests", -1),
    Difference("qalys_gained", "QALYs gained", "QALY", "qalys_lost", -1),
    Difference("extra_starts", "extra intervention starts", "persons", "iv_starts", 1, section="economics"),
    Difference("extra_treatment_years", "extra time on intervention", "person-years", "treatment_years", 1,
               section="economics"),
    Difference("adverse_minor_added", "minor adverse events added", "events", "adverse_minor", 1,
               section="economics"),
    Difference("adverse_serious_added", "serious adverse events added", "events", "adverse_serious", 1,
               section="economics"),
    Difference("deaths_attributed_added", "deaths attributed added", "persons", "deaths_attributed", 1,
               section="economics"),
    Difference("incremental_cost_interventions", "incremental cost of interventions", "CUR",
               "cost_interventions", 1, section="economics"),
    Difference("incremental_cost_care", "incremental cost of care", "CUR", "cost_care", 1, section="economics"),
    Difference("incremental_cost_adverse", "incremental cost of adverse events", "CUR", "cost_adverse", 1,
               section="economics"),
    Difference("incremental_cost", "incremental cost", "CUR", "cost_total", 1, section="economics"),
)


@dataclass(frozen=True)
class Ratio:
    """mean(numerator) / mean(denominator) of two differences; `cost` ratios are classified by dominance."""
    key: str
    label: str
    unit: str
    numerator: str
    denominator: str
    cost: bool


RATIOS = (
    Ratio("nnt", "NNT", "person-years of treatment per cramp night averted", "extra_treatment_years",
          "cramp_nights_averted", False),
    Ratio("cost_per_cramp_night_averted", "cost per cramp night averted", "CUR per cramp night averted",
          "incremental_cost", "cramp_nights_averted", True),
    Ratio("icer", "ICER", "CUR per QALY gained", "incremental_cost", "qalys_gained", True),
)


def stratum_groups(strata):
    """The comparison's groups: all ages, each age band, each sex, 65+, and pregnant women (trimesters 1-3).

    Keys are (kind, label), the first ("all", "all ages") at index ALL; members bool [G][K]."""
    band, bands = strata["age_band"]
    sex, sexes = strata["sex"]
    preg, states = strata["pregnancy"]
    keys, members = [("all", oc.ALL_AGES)], [np.ones(band.size, dtype=bool)]
    keys += [("age band", b) for b in bands]
    members += [band == b for b in range(len(bands))]
    keys += [("sex", s) for s in sexes]
    members += [sex == s for s in range(len(sexes))]
    old = np.isin(band, [b for b, bl in enumerate(bands) if (oc.lower_age(bl) or 0) >= oc.OLD_AGE])
    if old.any():
        keys.append(("age", oc.OLD_LABEL))
        members.append(old)
    pregnant = np.isin(preg, [p for p, label in enumerate(states) if "trimester" in label])
    if pregnant.any():
        keys.append(("pregnancy", PREGNANT))
        members.append(pregnant)
    return oc.Groups("arms", ("group_kind", "group"), keys, np.array(members))


def measures_in(f, arms):
    """The measures this file supports: every non-optional one, and the optional ones every arm has."""
    def has(arm, m):
        return all(kind != "series" or f"arms/{arm}/timeseries/{name}" in f for kind, name in m.parts)
    return [m for m in MEASURES if not m.optional or all(has(a, m) for a in arms)]


def raw_total(f, arm, kind, name):
    """A dataset summed over the run and, for a summary, over its classes: [R][K] float64.  An arm
    without interventions has no intervention summaries: zeros."""
    if kind == "series":
        return cr.series_totals(f, arm, name).astype(np.float64)
    path = f"arms/{arm}/summary/{name}"
    if path not in f:
        if cr.arm_interventions(f, arm) > 0:
            raise cr.ResultError(f"/{path} is missing (the arm gives interventions)")
        r, k = cr.replicates(f, arm), f["strata/label"].shape[0]
        return np.zeros((r, k))
    data = f[path][...]
    if data.ndim != 3 or data.shape[:2] != (cr.replicates(f, arm), f["strata/label"].shape[0]):
        raise cr.ResultError(f"/{path} has shape {data.shape}, expected (replicates, strata, classes)")
    return data.sum(2).astype(np.float64)


def arm_totals(f, arm, measures, groups, read=raw_total):
    """Each measure's total over the run per replicate and group: key -> [R][G] float64.  read(f, arm, kind,
    name) gives a part's [R][K] totals (raw_total; a sweep passes a faster reader of its own)."""
    weights = groups.members.astype(np.float64).T  # [K][G]
    cache, out = {}, {}
    for m in measures:
        total = 0.0
        for part in m.parts:
            if part not in cache:
                cache[part] = read(f, arm, *part)
            total = total + cache[part]
        out[m.key] = m.scale * (total @ weights)
    return out


def differences(ref, arm, keys):
    """Paired differences per replicate and group, key -> [R][G], for the DIFFERENCES whose measure is
    among keys; ref and arm are arm_totals of the reference and of the arm (same replicates)."""
    out = {}
    for d in DIFFERENCES:
        if d.measure not in keys:
            continue
        if d.per_1000py:
            a = oc.ratio(arm[d.measure], arm["person_years"], 1000)
            r = oc.ratio(ref[d.measure], ref["person_years"], 1000)
        else:
            a, r = arm[d.measure], ref[d.measure]
        out[d.key] = d.sign * (a - r) + 0.0  # + 0.0: no -0.0 where the arms agree
    return out


def nnt_class(extra_treatment, averted):
    """The NNT's reading: 'NNT' when the arm gives extra treatment and averts cramp nights (means)."""
    if averted <= 0:
        return "no cramp nights averted"
    return "NNT" if extra_treatment > 0 else "no extra treatment"


def ratio_estimate(num, den, cost):
    """(estimate, low, high, class) of mean(num) / mean(den) from paired per-replicate values [R]: the ratio
    of the means (NaN unless the class is RATIO, SAVES or 'NNT'), Fieller's interval, and the class
    (arm_stats.classify for cost ratios, nnt_class otherwise)."""
    mn, md = float(np.mean(num)), float(np.mean(den))
    kind = st.classify(mn, md) if cost else nnt_class(mn, md)
    if kind not in (st.RATIO, st.SAVES, "NNT"):
        return np.nan, np.nan, np.nan, kind
    low, high = st.fieller(num, den)
    return mn / md, low, high, kind


def ratios(diffs):
    """Each RATIO per group: key -> list over groups of (estimate, low, high, class)."""
    out = {}
    for q in RATIOS:
        if q.numerator in diffs and q.denominator in diffs:
            num, den = diffs[q.numerator], diffs[q.denominator]
            out[q.key] = [ratio_estimate(num[:, g], den[:, g], q.cost) for g in range(num.shape[1])]
    return out


def ceac(diffs, group=ALL, thresholds=THRESHOLDS):
    """Share of replicates with positive net monetary benefit (w * QALYs gained - incremental cost) at each
    willingness to pay w: [T]."""
    return st.acceptability(diffs["incremental_cost"][:, group], diffs["qalys_gained"][:, group], thresholds)


def currency(f):
    """The unit of the model's costs (economics.cost_consultation's unit in /meta/model_file), else
    'currency units'."""
    if "meta/model_file" in f:
        m = re.search(r"^\s*cost_consultation:\s*\n(?:\s+\w+:.*\n)*?\s+unit:\s*\"?([A-Za-z]+)",
                      cr.text(f["meta/model_file"][...]), re.M)
        if m:
            return m.group(1)
    return "currency units"


def discount_rate(f):
    """economics.discount_rate from /meta/resolved, None when the file does not say."""
    if "meta/resolved" not in f:
        return None
    m = re.search(r"^\s*economics\.discount_rate:\s*([0-9.eE+-]+)\s*$", cr.text(f["meta/resolved"][...]), re.M)
    return float(m.group(1)) if m else None


def compare(f, arms, strata):
    """Everything the comparison shows, as a dict: reference, arms (the others, in the file's order),
    descriptions, groups, measures, totals (arm -> key -> [R][G]), diffs and ratios (arm -> ...),
    replicates, currency, discount_rate.  Raises ResultError when the arms differ in replicates."""
    reference, others = arms[0], arms[1:]
    reps = {a: cr.replicates(f, a) for a in arms}
    if len(set(reps.values())) != 1:
        raise cr.ResultError(f"arms have different numbers of replicates ({reps}); they cannot be paired")
    groups = stratum_groups(strata)
    measures = measures_in(f, arms)
    totals = {a: arm_totals(f, a, measures, groups) for a in arms}
    keys = {m.key for m in measures}
    diffs = {a: differences(totals[reference], totals[a], keys) for a in others}
    return {"reference": reference, "arms": others, "descriptions": {a: cr.arm_description(f, a) for a in arms},
            "groups": groups, "measures": measures, "totals": totals, "diffs": diffs,
            "ratios": {a: ratios(diffs[a]) for a in others}, "replicates": reps[reference],
            "currency": currency(f), "discount_rate": discount_rate(f)}
