"""Reading crampsim result files (docs/output.md): open, validate, read in slices.

The report must refuse anything that is not a complete crampsim result of a
layout it knows -- a newer or older `format_version`, a missing group or dataset, a
foreign HDF5 file, a file that is not HDF5 -- with one clear line, so every
such case raises `ResultError` here, before any figure is computed.  After
`open_result` succeeds the rest of the code can index the required paths
without checks.

Time series ([R][P][K] int64, up to replicates x 3650 days x 90 strata) and
per-agent columns (population size) can be large, so they are read in
slices of periods or agents and reduced at once; nothing here holds more
than one slice of a dataset in memory.  The summaries ([R][K][W]) are small
and read whole; the scenario's surveys (`surveys`, `survey_summary`) are
summaries too.

A file with several policy arms (/meta/arms, the first the reference) must
also hold, in every arm, the series the comparison of arms reads
(COMPARISON_SERIES, same shapes as the others); a file with one arm need not.
"""
import os
import re

import h5py
import numpy as np

FORMAT = "crampsim-results"
FORMAT_VERSION = 1  # the newest layout this code reads
DIMENSIONS = ("age_band", "sex", "pregnancy")
MUSCLES = ("calf", "thigh", "foot")
SEVERITIES = ("mild", "moderate", "severe")
SERIES = ("person_nights", "cramp_nights", "cramps", "cramp_seconds") + tuple(
    f"cramps_{m}" for m in MUSCLES + SEVERITIES)
SUMMARIES = ("frequency", "trimesters_observed", "trimesters_with_cramps")
# what analysis/arms.py reads from every arm of a file with several arms
COMPARISON_SERIES = ("sleep_lost", "strains", "consultations", "deaths", "iv_starts", "adverse_minor",
                     "adverse_serious", "deaths_attributed", "cost_interventions", "cost_care", "cost_adverse",
                     "qaly_lost")
HEADLINES = ("name", "unit", "target", "value")
# each survey's answers (summary/survey.<name>.<measure>)
SURVEY_MEASURES = ("frequency", "answers") + tuple(
    f"{g}_{q}" for g in ("condition", "medication") for q in ("respondents", "cramps", "woken", "told_doctor"))
SURVEY_NIGHTS = 365     # the survey window when the file does not say (docs/output.md)
PERIOD_BLOCK = 1024     # periods per slice of a time series
AGENT_BLOCK = 1 << 20   # agents per slice of a per-agent column


class ResultError(Exception):
    """The file is not a result file this code can read; the message is one line."""


def text(value):
    """A string attribute or element as str (h5py gives bytes or str)."""
    if isinstance(value, np.ndarray) and value.shape == (1,):
        value = value[0]
    return value.decode() if isinstance(value, bytes) else str(value)


def texts(dataset):
    """A string dataset as a list of str."""
    return [text(v) for v in dataset[...]]


def required_paths(arm):
    """Datasets every layout-1 arm has."""
    return ([f"arms/{arm}/timeseries/{n}" for n in SERIES + ("period_start_night", "period_day_of_year")]
            + [f"arms/{arm}/summary/{n}" for n in SUMMARIES]
            + [f"arms/{arm}/headlines/{n}" for n in HEADLINES])


def open_result(path):
    """Opens and validates a result file; returns the open h5py.File or raises ResultError."""
    if not os.path.exists(path):
        raise ResultError("no such file")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise ResultError(f"not an HDF5 file ({str(e).splitlines()[0]})") from None
    try:
        check_layout(f)
    except ResultError:
        f.close()
        raise
    return f


def check_layout(f):
    """Raises ResultError unless f is a complete crampsim result of a known layout."""
    meta = f.get("meta")
    if not isinstance(meta, h5py.Group) or text(meta.attrs.get("format", "")) != FORMAT:
        raise ResultError(f"not a crampsim result file (no /meta attribute format = {FORMAT})")
    check_version(meta, FORMAT_VERSION, "layout")
    missing = [p for p in strata_paths() if p not in f]
    arms = check_arm_list(f)
    for arm in arms:
        missing += [p for p in required_paths(arm) if p not in f]
        if len(arms) > 1:
            missing += [f"arms/{arm}/timeseries/{n}" for n in COMPARISON_SERIES
                        if f"arms/{arm}/timeseries/{n}" not in f]
        missing += [f"arms/{arm}/summary/survey.{sv['name']}.{m}" for sv in surveys(f) for m in SURVEY_MEASURES
                    if f"arms/{arm}/summary/survey.{sv['name']}.{m}" not in f]
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise ResultError(f"incomplete result file: /{missing[0]} is missing{more}")
    check_shapes(f, arms)


def check_version(meta, newest, what):
    """Raises ResultError unless /meta's format_version is a whole number from 1 (the first layout) to newest."""
    version = meta.attrs.get("format_version")
    if version is None:
        raise ResultError("/meta has no format_version attribute")
    try:
        number = int(version)
    except (TypeError, ValueError):
        raise ResultError(f"/meta format_version is {text(version)!r}, not a whole number") from None
    if number > newest:
        raise ResultError(f"{what} version {number} is newer than this script reads "
                          f"({newest}); use the analysis scripts of the crampsim that wrote it")
    if number < 1:
        raise ResultError(f"{what} version {number} is older than any crampsim wrote (the first is 1); "
                          "the file is not a crampsim result of a known layout")


def strata_paths():
    """The /strata datasets the report needs."""
    return ["strata/label"] + [f"strata/{d}" for d in DIMENSIONS] + [f"strata/{d}_labels" for d in DIMENSIONS]


def check_shapes(f, arms):
    """Raises ResultError when the datasets disagree on replicates, periods or strata."""
    k = f["strata/label"].shape[0]
    for arm in arms:
        ts = f[f"arms/{arm}/timeseries"]
        r, p = ts["person_nights"].shape[:2]
        series = SERIES + (COMPARISON_SERIES if len(arms) > 1 else ())
        want = {**{f"timeseries/{n}": (r, p, k) for n in series},
                "timeseries/period_start_night": (p,), "timeseries/period_day_of_year": (p,),
                "summary/frequency": (r, k, "W"),
                "summary/trimesters_observed": (r, k, 3), "summary/trimesters_with_cramps": (r, k, 3)}
        want.update({f"summary/survey.{sv['name']}.{m}": (r, k, "W") for sv in surveys(f) for m in SURVEY_MEASURES})
        for name, shape in want.items():
            got = f[f"arms/{arm}/{name}"].shape
            if len(got) != len(shape) or any(isinstance(w, int) and g != w for g, w in zip(got, shape)):
                want = "(" + ", ".join(map(str, shape)) + ")"
                raise ResultError(f"/arms/{arm}/{name} has shape {got}, expected {want}")


def check_arm_list(f):
    """The arms (arm_names); raises ResultError when there is none, or when /meta/arms and /arms disagree."""
    g = f.get("arms")
    present = set(g) if isinstance(g, h5py.Group) else set()
    if not present:
        raise ResultError("incomplete result file: no arm under /arms")
    listed = listed_arms(f)
    if listed:
        gone = [a for a in listed if a not in present]
        if gone:
            raise ResultError(f"incomplete result file: /arms/{gone[0]} (listed in /meta/arms) is missing")
        extra = sorted(present - set(listed))
        if extra:
            raise ResultError(f"/arms/{extra[0]} is not listed in /meta/arms")
    return arm_names(f)


def listed_arms(f):
    """/meta/arms/name (the scenario's order, the first the reference); [] when the file has no list."""
    return texts(f["meta/arms/name"]) if "meta/arms/name" in f else []


def arm_names(f):
    """Arms in the file: the order of /meta/arms when the file has it (the reference first), else
    the groups under /arms with status_quo first."""
    listed = listed_arms(f)
    if listed:
        return listed
    g = f.get("arms")
    names = sorted(g) if isinstance(g, h5py.Group) else []
    return sorted(names, key=lambda n: n != "status_quo")


def arm_interventions(f, arm):
    """How many interventions the arm gives (/meta/arms/interventions; 0 when the file does not say)."""
    listed = listed_arms(f)
    if arm not in listed or "meta/arms/interventions" not in f:
        return 0
    return int(f["meta/arms/interventions"][listed.index(arm)])


def arm_description(f, arm):
    """The arm's description attribute ('' when absent)."""
    return text(f[f"arms/{arm}"].attrs.get("description", ""))


def survey_nights(f, arm):
    """Nights of the survey window behind the frequency summary: the dataset's `window_nights`
    attribute, else `survey.window_nights` in /meta/resolved, else 365; at most the run's nights."""
    window = f[f"arms/{arm}/summary/frequency"].attrs.get("window_nights")
    if window is None and "meta/resolved" in f:
        m = re.search(r"^\s*survey\.window_nights:\s*(\d+)\s*$", text(f["meta/resolved"][...]), re.M)
        window = m and int(m.group(1))
    nights = f["meta"].attrs.get("nights")
    window = int(window or SURVEY_NIGHTS)
    return min(window, int(nights)) if nights is not None else window


def surveys(f):
    """The scenario's surveys (/meta/surveys), in the scenario's order: a list of dicts with name,
    description, recall_nights and at_night (the 0-based night before which it was asked; the run's
    nights: at the end).  [] when the run asked none (or the file predates surveys)."""
    g = f.get("meta/surveys")
    if not isinstance(g, h5py.Group) or int(g.attrs.get("count", 0)) == 0:
        return []
    return [{"name": n, "description": d, "recall_nights": int(r), "at_night": int(a)}
            for n, d, r, a in zip(texts(g["name"]), texts(g["description"]), g["recall_nights"][...],
                                  g["at_night"][...])]


def survey_summary(f, arm, survey, measure):
    """One of a survey's answers, /arms/<arm>/summary/survey.<survey>.<measure>: [R][K][W] and class names.
    Measures: frequency, answers (respondents, any cramp, woken by cramps, told a doctor, told a doctor
    ever), condition_{respondents,cramps,woken,told_doctor} and medication_{...} (docs/output.md)."""
    path = f"arms/{arm}/summary/survey.{survey}.{measure}"
    if path not in f:
        raise ResultError(f"/{path} is missing")
    return summary(f, arm, f"survey.{survey}.{measure}")


def meta(f):
    """The /meta attributes, the /meta/run attributes (key `run`, {} when absent) and the texts of
    /meta/scenario and /meta/resolved (keys `scenario`, `resolved`; None when absent)."""
    m = {k: text(v) if isinstance(v, (bytes, str)) else v.item() if hasattr(v, "item") else v
         for k, v in f["meta"].attrs.items()}
    run = f.get("meta/run")
    m["run"] = {k: text(v) if isinstance(v, (bytes, str)) else v.item() if hasattr(v, "item") else v
                for k, v in run.attrs.items()} if run is not None else {}
    for name in ("scenario", "resolved"):
        m[name] = text(f[f"meta/{name}"][...]) if f"meta/{name}" in f else None
    return m


def strata(f):
    """Per dimension: (level of each stratum [K], level labels)."""
    return {d: (f[f"strata/{d}"][...].astype(int), texts(f[f"strata/{d}_labels"])) for d in DIMENSIONS}


def replicates(f, arm):
    """Number of replicates of an arm."""
    return f[f"arms/{arm}/timeseries/person_nights"].shape[0]


def summary(f, arm, name):
    """A summary dataset [R][K][W] and its class names."""
    ds = f[f"arms/{arm}/summary/{name}"]
    return ds[...], text(ds.attrs.get("classes", "")).split("|")


def period_blocks(ds):
    """Yields (replicate, first period, block [periods][K]) of a [R][P][K] series, one slice at a time."""
    r, p, _ = ds.shape
    for rep in range(r):
        for p0 in range(0, p, PERIOD_BLOCK):
            yield rep, p0, ds[rep, p0:p0 + PERIOD_BLOCK, :]


def series_totals(f, arm, name):
    """A time series summed over its periods: [R][K] int64."""
    ds = f[f"arms/{arm}/timeseries/{name}"]
    out = np.zeros((ds.shape[0], ds.shape[2]), dtype=np.int64)
    for rep, _, block in period_blocks(ds):
        out[rep] += block.sum(0)
    return out


def series_by_group(f, arm, name, members):
    """A time series summed over each group's strata: [R][P][G] float64; members is bool [G][K]."""
    ds = f[f"arms/{arm}/timeseries/{name}"]
    weights = np.asarray(members, dtype=np.float64).T  # [K][G]
    out = np.zeros((ds.shape[0], ds.shape[1], weights.shape[1]))
    for rep, p0, block in period_blocks(ds):
        out[rep, p0:p0 + block.shape[0]] = block @ weights
    return out


def periods(f, arm):
    """(first night [P], day of year of the first night [P], nights per period)."""
    ts = f[f"arms/{arm}/timeseries"]
    per = ts.attrs.get("period_nights", f["meta"].attrs.get("period_nights", 1))
    return ts["period_start_night"][...], ts["period_day_of_year"][...], int(per)


def headlines(f, arm):
    """The headline figures: list of (name, unit, target, mean, min, max)."""
    g = f[f"arms/{arm}/headlines"]
    values = g["value"][...]
    return [(n, u, t, *values[i, :3]) for i, (n, u, t) in
            enumerate(zip(texts(g["name"]), texts(g["unit"]), texts(g["target"])))]


# what the report reads of /trial (docs/output.md): statistics pooled over replicates, those with a 95% CI,
# tallies, attributes
TRIAL_STATS = ("baseline_mean", "baseline_sd", "final_mean", "final_sd", "change_mean", "change_sd",
               "responders_25_pct", "responders_50_pct", "difference", "ratio", "adjusted_difference",
               "adjusted_ratio")
TRIAL_WITH_CI = ("difference", "ratio", "adjusted_difference", "adjusted_ratio")
TRIAL_TALLIES = ("randomised", "completed", "lost", "discontinued")
TRIAL_ATTRS = ("description", "eligibility", "outcome", "control", "enrol_night", "run_in_nights", "min_events",
               "follow_up_nights", "final_window_nights", "replicates")
TRIAL_REQUIRED = ("arm", "intervention", "eligible") + tuple(f"pooled/{n}" for n in TRIAL_STATS) + tuple(
    f"pooled/{n}_ci_{e}" for n in TRIAL_WITH_CI for e in ("lo", "hi")) + tuple(f"tallies/{n}" for n in TRIAL_TALLIES)


def trial(f):
    """The in-silico trial (/trial, docs/output.md) as a dict, or None when the file has none: its attributes,
    arm names and interventions, the statistics pooled over replicates ({name: [arm]}) with their units, and the
    tallies summed over replicates ({name: [arm]})."""
    g = f.get("trial")
    if not isinstance(g, h5py.Group):
        return None
    missing = [f"/trial/{m}" for m in TRIAL_REQUIRED if m not in g] + [
        f"attribute {a} of /trial" for a in TRIAL_ATTRS if a not in g.attrs]
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        raise ResultError(f"{', '.join(missing[:3])}{more} missing (docs/output.md, /trial)")
    arms = g["arm"].shape[0]
    odd = [f"/trial/{k}/{n} {g[k][n].shape}" for k in ("pooled", "tallies") for n in g[k]
           if g[k][n].shape[-1:] != (arms,)]
    if odd:
        raise ResultError(f"{odd[0]} does not have one value per trial arm ({arms})")
    pooled = {k: g["pooled"][k][...] for k in g["pooled"]}
    return {"attrs": {k: text(v) for k, v in g.attrs.items()}, "arms": texts(g["arm"]),
            "interventions": texts(g["intervention"]), "pooled": pooled,
            "units": {k: text(g["pooled"][k].attrs["unit"]) for k in g["pooled"]},
            "tallies": {k: g["tallies"][k][...].sum(0) for k in g["tallies"]},
            "eligible": int(g["eligible"][...].sum())}


def agent_replicates(f, arm, column):
    """The per-agent datasets of a column, one per replicate ([] when the file has no agents group)."""
    g = f.get(f"arms/{arm}/agents")
    if not isinstance(g, h5py.Group):
        return []
    reps = sorted((k for k in g if k.startswith("replicate_")), key=lambda k: int(k.split("_")[1]))
    return [g[k][column] for k in reps if column in g[k]]


def agent_histogram(ds):
    """Counts of each non-negative integer value of a per-agent column, read AGENT_BLOCK agents at a time."""
    counts = np.zeros(1, dtype=np.int64)
    for a0 in range(0, ds.shape[0], AGENT_BLOCK):
        c = np.bincount(ds[a0:a0 + AGENT_BLOCK].astype(np.int64))
        if c.size > counts.size:
            c[:counts.size] += counts
            counts = c
        else:
            counts[:c.size] += c
    return counts
