"""The report's figures as numbers: outcomes per replicate and stratum group, and their intervals.

A stratum group is a set of strata (e.g. "65-74 | female" is the five
pregnancy strata of that band and sex); its counts are sums over the set,
and each outcome is a ratio of sums, computed per replicate.  The spread
over replicates is summarised by `interval`: mean and 2.5/97.5 percentiles
when there are at least 3 replicates, otherwise mean and min-max.

Rates are per person-year of 365 nights (the model's year); durations in
minutes; shares in percent.  Frequency classes come from the end-of-run
summary, so a group there is the agents' stratum on the last night.
"""
import re
import warnings
from dataclasses import dataclass

import numpy as np

import crampsim_results as cr

NIGHTS_PER_YEAR = 365
OLD_AGE = 65  # the headline's "65+": bands whose lower age is at least this
OLD_LABEL, ALL_AGES, BOTH = f"{OLD_AGE}+", "all ages", "both"


@dataclass
class Groups:
    """Named sets of strata: keys [G] (tuples of labels), members bool [G][K]."""
    name: str
    key_names: tuple
    keys: list
    members: np.ndarray


@dataclass
class Outcome:
    """One column of an outcome table."""
    key: str
    label: str
    unit: str
    section: str
    digits: int


def interval_rule(replicates):
    """How intervals over replicates are computed, in words."""
    if replicates >= 3:
        return f"mean and 2.5-97.5 percentiles over {replicates} replicates"
    return f"mean and min-max over {replicates} replicate{'s' if replicates != 1 else ''}"


def interval(values):
    """(mean, low, high) over axis 0 of per-replicate values, ignoring NaN (see interval_rule)."""
    v = np.asarray(values, dtype=np.float64)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(v, axis=0)
        if v.shape[0] >= 3:
            low, high = np.nanpercentile(v, [2.5, 97.5], axis=0)
        else:
            low, high = np.nanmin(v, axis=0), np.nanmax(v, axis=0)
    return mean, low, high


def ratio(num, den, scale=1.0):
    """scale * num / den, NaN where den is 0."""
    num, den = np.asarray(num, dtype=np.float64), np.asarray(den, dtype=np.float64)
    out = np.full(np.broadcast(num, den).shape, np.nan)
    np.divide(scale * num, den, out=out, where=den > 0)
    return out


def lower_age(label):
    """The first age in a band label ('65-74' -> 65, '85+' -> 85), None if it has none."""
    m = re.match(r"\s*(\d+)", label)
    return int(m.group(1)) if m else None


def age_sex_groups(strata):
    """Age band x sex, then all ages and 65+ for each sex and both."""
    band, bands = strata["age_band"]
    sex, sexes = strata["sex"]
    keys, members = [], []
    for b, bl in enumerate(bands):
        for s, sl in enumerate(sexes):
            keys.append((bl, sl))
            members.append((band == b) & (sex == s))
    old = np.isin(band, [b for b, bl in enumerate(bands) if (lower_age(bl) or 0) >= OLD_AGE])
    for name, rows in ((ALL_AGES, np.ones_like(old)), (OLD_LABEL, old)):
        if not rows.any():
            continue
        for s, sl in list(enumerate(sexes)) + [(None, BOTH)]:
            keys.append((name, sl))
            members.append(rows & ((sex == s) if s is not None else True))
    return Groups("age_sex", ("age_band", "sex"), keys, np.array(members))


def pregnancy_groups(strata, person_nights):
    """Females by pregnancy state; 'not pregnant' only in the age bands where pregnancies occur.

    person_nights is [R][K]; a band counts as childbearing when any of its
    pregnant strata has person-nights in some replicate."""
    band, bands = strata["age_band"]
    sex, sexes = strata["sex"]
    preg, states = strata["pregnancy"]
    women = sex == sexes.index("female") if "female" in sexes else np.ones_like(sex, dtype=bool)
    lived = person_nights.sum(0) > 0
    fertile = np.isin(band, np.unique(band[women & (preg > 0) & lived]))
    keys, members = [], []
    for p, pl in enumerate(states):
        rows = women & (preg == p)
        if p == 0 and fertile.any():
            used = sorted(set(band[fertile]))
            span = f"{bands[used[0]].split('-')[0]}-{bands[used[-1]].split('-')[-1]}"
            pl, rows = f"{pl} (females aged {span})", rows & fertile
        keys.append((pl,))
        members.append(rows)
    return Groups("pregnancy", ("pregnancy",), keys, np.array(members))


def prevalence_label(window):
    """'past-year prevalence' for a 365-night survey window, else the window's length."""
    return "past-year prevalence" if window == 365 else f"prevalence, last {window} nights"


def outcome_columns(classes, window):
    """The outcome table's columns; classes are the frequency class names (first 'none')."""
    cols = [Outcome("prevalence_pct", prevalence_label(window), "%", "rates", 1),
            Outcome("episodes_per_1000py", "episodes", "per 1,000 person-years", "rates", 0),
            Outcome("cramp_nights_per_1000py", "cramp nights", "per 1,000 person-years", "rates", 0),
            Outcome("duration_min", "mean episode duration", "min", "rates", 2)]
    cols += [Outcome("freq_" + re.sub(r"\W+", "_", c).strip("_"), c, "% of sufferers", "frequency", 1)
             for c in classes[1:]]
    cols += [Outcome(f"{m}_pct", m, "% of episodes", "muscle", 1) for m in cr.MUSCLES]
    cols += [Outcome(f"{s}_pct", s, "% of episodes", "severity", 1) for s in cr.SEVERITIES]
    return cols


def group_sums(f, arm, groups):
    """Counts summed over each group: name -> [R][G] (series totals, frequency classes as freq<i>)."""
    weights = groups.members.astype(np.float64).T  # [K][G]
    sums = {n: cr.series_totals(f, arm, n) @ weights for n in cr.SERIES}
    freq, classes = cr.summary(f, arm, "frequency")
    for c in range(freq.shape[2]):
        sums[f"freq{c}"] = freq[:, :, c] @ weights
    sums["agents"] = freq.sum(2) @ weights
    return sums, classes


def group_outcomes(f, arm, groups):
    """Per-replicate outcomes of each group: (columns, key -> [R][G], agents [R][G], person-years [R][G])."""
    s, classes = group_sums(f, arm, groups)
    if classes[0] != "none":
        raise cr.ResultError(f"/arms/{arm}/summary/frequency: first class is {classes[0]!r}, expected 'none'")
    cols = outcome_columns(classes, cr.survey_nights(f, arm))
    sufferers = s["agents"] - s["freq0"]
    pn = s["person_nights"]
    v = {"prevalence_pct": ratio(sufferers, s["agents"], 100),
         "episodes_per_1000py": ratio(s["cramps"], pn, 1000 * NIGHTS_PER_YEAR),
         "cramp_nights_per_1000py": ratio(s["cramp_nights"], pn, 1000 * NIGHTS_PER_YEAR),
         "duration_min": ratio(s["cramp_seconds"], s["cramps"], 1 / 60)}
    for c, col in enumerate([c for c in cols if c.section == "frequency"], start=1):
        v[col.key] = ratio(s[f"freq{c}"], sufferers, 100)
    for m in cr.MUSCLES + cr.SEVERITIES:
        v[f"{m}_pct"] = ratio(s[f"cramps_{m}"], s["cramps"], 100)
    return cols, v, s["agents"], pn / NIGHTS_PER_YEAR


def trimester_shares(f, arm):
    """Share of observed trimesters with a cramp night, all strata: (percent [R][3], observed [R][3])."""
    observed, _ = cr.summary(f, arm, "trimesters_observed")
    cramped, _ = cr.summary(f, arm, "trimesters_with_cramps")
    obs = observed.sum(1)
    return ratio(cramped.sum(1), obs, 100), obs


def series_rates(f, arm, groups):
    """Cramp nights per 1,000 person-nights per period: [R][P][G]."""
    num = cr.series_by_group(f, arm, "cramp_nights", groups.members)
    den = cr.series_by_group(f, arm, "person_nights", groups.members)
    return ratio(num, den, 1000)


def series_groups(strata):
    """The groups drawn in the time series: everybody and 65+."""
    band, bands = strata["age_band"]
    old = np.isin(band, [b for b, bl in enumerate(bands) if (lower_age(bl) or 0) >= OLD_AGE])
    return Groups("series", ("group",), [(ALL_AGES,), (OLD_LABEL,)], np.array([np.ones_like(old), old]))


def agent_concentration(f, arm):
    """From per-agent cramp nights in the survey window, per replicate: share of agents with any, and
    share of all cramp nights borne by the 10% and 1% of agents with most.  None without agents."""
    columns = cr.agent_replicates(f, arm, "win_nights")
    if not columns:
        return None
    hists = [cr.agent_histogram(ds) for ds in columns]
    v = {"any_pct": [], "top10_pct": [], "top1_pct": []}
    for h in hists:
        v["any_pct"].append(ratio(h[1:].sum(), h.sum(), 100))
        v["top10_pct"].append(top_share(h, 0.10))
        v["top1_pct"].append(top_share(h, 0.01))
    return {k: np.array(x, dtype=np.float64) for k, x in v.items()}, hists


def top_share(hist, fraction):
    """Percent of the total value held by the ceil(fraction * N) agents with the largest values."""
    values = np.arange(hist.size)
    total = (hist * values).sum()
    left, held = int(np.ceil(fraction * hist.sum())), 0
    for value in range(hist.size - 1, -1, -1):
        take = min(left, hist[value])
        held, left = held + take * value, left - take
        if left == 0:
            break
    return ratio(held, total, 100)



# the yes/no questions of a survey: outcome key, label, class of `answers`
SURVEY_QUESTIONS = (("any_cramp_pct", "any cramp", 1), ("woken_pct", "woken by cramps", 2),
                    ("told_doctor_pct", "told a doctor", 3), ("told_doctor_ever_pct", "told a doctor ever", 4))


def survey_outcomes(f, arm, strata):
    """Each survey's answers, per replicate: list of (design, keys [(kind, group)], values key -> [R][G]).

    Groups: all ages and 65+ (from `answers` summed over their strata), then each condition and each
    medication (from their measures, all strata); values are respondents and, for each question of
    SURVEY_QUESTIONS, the percent of respondents answering yes (told a doctor ever is asked of the age
    groups only: NaN for the others)."""
    band, bands = strata["age_band"]
    old = np.isin(band, [b for b, bl in enumerate(bands) if (lower_age(bl) or 0) >= OLD_AGE])
    out = []
    for sv in cr.surveys(f):
        def measure(m):
            return cr.survey_summary(f, arm, sv["name"], m)
        answers, _ = measure("answers")
        keys, cols = [], []  # cols: [R][5] per group: respondents, then the four questions' yes counts
        for label, rows in ((ALL_AGES, np.ones_like(old)), (OLD_LABEL, old)):
            if rows.any():
                keys.append(("age", label))
                cols.append(answers[:, rows, :].sum(1).astype(np.float64))
        for grp in ("condition", "medication"):
            resp, labels = measure(f"{grp}_respondents")
            counts = [resp.sum(1)] + [measure(f"{grp}_{q}")[0].sum(1) for q in ("cramps", "woken", "told_doctor")]
            for c, label in enumerate(labels):
                keys.append((grp, label))
                cols.append(np.stack([x[:, c] for x in counts] + [np.full(resp.shape[0], np.nan)], axis=1))
        a = np.stack(cols, axis=1)  # [R][G][5]
        values = {"respondents": a[..., 0]}
        values.update({key: ratio(a[..., q], a[..., 0], 100) for key, _, q in SURVEY_QUESTIONS})
        out.append((sv, keys, values))
    return out
