#!/usr/bin/python3
"""Reads a crampsim result file back with h5py and checks its layout
(src/run/cs_output.h) and the leg-cramp model's invariants.

usage: check_results.py FILE [--scenario SCENARIO.yaml] [--agents | --no-agents] [--selftest DIR]

Prints one line per check; stops at the first violation with a message
and exit code 1.  --scenario: /meta/scenario must equal that file's text.
--agents / --no-agents: per-agent datasets must (not) be present; by
default whatever /meta/resolved says (output.agents).  --selftest DIR: after
the checks pass, copy FILE into DIR once per planted fault (a muscle count
off by one, an agent's cramp night too many, ...) and make sure the checks
catch every one.
"""
import argparse
import contextlib
import io
import math
import os
import re
import shutil
import sys

import h5py
import numpy as np

ARM = "/arms/status_quo"
SERIES = ["person_nights", "cramp_nights", "cramps", "cramp_seconds", "deaths", "births", "cramps_calf", "cramps_thigh",
          "cramps_foot", "cramps_mild", "cramps_moderate", "cramps_severe"]
SUMMARY = {"frequency": 6, "trimesters_observed": 3, "trimesters_with_cramps": 3}
AGENT_COLUMNS = {"age": np.uint8, "sex": np.uint8, "preg": np.uint8, "susc": np.uint8, "cond": np.uint16, "meds": np.uint16,
                 "z": np.float32,
                 "rate": np.float32, "win_cramps": np.uint16, "win_nights": np.uint16}
DIMS = ["age_band", "sex", "pregnancy"]
# a survey's measure -> the built-in survey's measure with the same meaning
SURVEY_BUILTIN = {"frequency": "frequency", "condition_respondents": "condition_agents",
                  "condition_cramps": "condition_sufferers", "medication_respondents": "medication_users",
                  "medication_cramps": "medication_sufferers"}
GROUP_QUESTIONS = ("respondents", "cramps", "woken", "told_doctor")
NEVER = 2147483647  # the consultation column's "none in the run"


class Violation(Exception):
    pass


def check(cond, what, detail=""):
    if not cond:
        raise Violation(f"{what}{': ' + detail if detail else ''}")
    print(f"ok: {what}")


def text(v):
    """A str from an h5py string attribute or a dataset element."""
    if isinstance(v, bytes):
        return v.decode("utf-8")
    if isinstance(v, np.ndarray) and v.shape == ():
        return text(v[()])
    return str(v)


def strings(ds):
    return [text(x) for x in ds[()]]


def where(mask, labels):
    """Readable places where a boolean [replicate][...][stratum] mask holds."""
    idx = np.argwhere(mask)[:5]
    return "; ".join(f"index {tuple(int(i) for i in ix)} (stratum '{labels[ix[-1]]}')"
                     if len(ix) and ix[-1] < len(labels) else f"index {tuple(ix)}" for ix in idx)


def parse_resolved(t):
    """/meta/resolved (the resolved scenario, unannotated) as {path: raw value}; model parameters without
    the `parameters.` prefix, surveys as surveys.NAME.FIELD."""
    out, stack = {}, []  # stack: (indent, key) of the mappings the line is in
    for line in t.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.match(r"^(\s*)([^:#]+):\s*(.*)$", line)
        if not m:
            continue
        indent, key, value = len(m.group(1)), m.group(2), re.sub(r"\s+#.*$", "", m.group(3)).strip()
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if value == "":
            stack.append((indent, key))
            continue
        keys = [k for _, k in stack] + [key]
        out[".".join(keys[1:] if keys[0] == "parameters" else keys)] = value
    return out


def unquote(v):
    return v[1:-1] if len(v) >= 2 and v[0] == '"' and v[-1] == '"' else v


def band_of(labels):
    """Age (years) -> age-band index, from labels like '0-14', '15-24', '85+'."""
    table = np.zeros(256, dtype=np.int64)
    for b, lab in enumerate(labels):
        if lab.endswith("+"):
            lo, hi = int(lab[:-1]), 255
        else:
            lo, hi = (int(x) for x in lab.split("-"))
        table[lo:hi + 1] = b
    return table


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--scenario")
    g = ap.add_mutually_exclusive_group()
    g.add_argument("--agents", dest="agents", action="store_true", default=None)
    g.add_argument("--no-agents", dest="agents", action="store_false")
    ap.add_argument("--selftest", metavar="DIR")
    a = ap.parse_args()
    try:
        with h5py.File(a.file, "r") as f:
            run_checks(f, a)
        print(f"{a.file}: all checks passed")
        if a.selftest:
            selftest(a)
    except Violation as e:
        print(f"FAIL: {a.file}: {e}", file=sys.stderr)
        return 1
    return 0


def _first(mask):
    return tuple(int(i) for i in np.argwhere(mask)[0])


def _bump(f, path, where_fn, delta=1):
    d = f[path]
    v = d[()]
    ix = _first(where_fn(v))
    v[ix] += delta
    d[...] = v


def _move_frequency(f):
    d = f[ARM + "/summary/frequency"]
    v = d[()]
    r, s = _first(v[:, :, 0] > 0)
    v[r, s, 0] -= 1
    v[r, s, 1] += 1  # same total, wrong class
    d[...] = v


def _male_pregnant(f):
    """Moves a person-night of a man from 'not pregnant' to 'trimester 1'."""
    band, sex, preg = (f["/strata/" + d][()] for d in DIMS)
    d = f[ARM + "/timeseries/person_nights"]
    v = d[()]
    for s in np.flatnonzero((sex == 0) & (preg == 0)):
        t = int(np.flatnonzero((band == band[s]) & (sex == 0) & (preg == 1))[0])
        if v[0, 0, s] > 0:
            v[0, 0, s] -= 1
            v[0, 0, t] += 1
            break
    d[...] = v


FAULTS = {
    "a calf cramp too many": lambda f: _bump(f, ARM + "/timeseries/cramps_calf", lambda v: v > 0),
    "a severe cramp too many": lambda f: _bump(f, ARM + "/timeseries/cramps_severe", lambda v: v >= 0),
    "a person-night too many": lambda f: _bump(f, ARM + "/timeseries/person_nights", lambda v: v > 0),
    "cramp nights above cramps": lambda f: _bump(f, ARM + "/timeseries/cramp_nights", lambda v: v > 0, 10**6),
    "an agent in the wrong frequency class": _move_frequency,
    "more trimesters with cramps than observed":
        lambda f: _bump(f, ARM + "/summary/trimesters_with_cramps", lambda v: v >= 0, 10**6),
    "a male pregnancy": _male_pregnant,
    "a newer format_version": lambda f: f["/meta"].attrs.__setitem__("format_version", 2),
    "a dataset without its unit": lambda f: f[ARM + "/timeseries/cramps"].attrs.__delitem__("unit"),
}
def _first_survey(f):
    return text(f["/meta/surveys/name"][0])


def _survey_sufferer_too_many(f):
    """One sufferer more in the shortest window than in a longer one asked the same night, where they had
    the same and some respondents had none."""
    g = f["/meta/surveys"]
    recall, at, names = g["recall_nights"][()], g["at_night"][()], strings(g["name"])
    k = min((i for i in range(len(names)) if (at == at[i]).sum() > 1), key=lambda i: recall[i])
    j = next(i for i in range(len(names)) if i != k and at[i] == at[k])
    short = f[f"{ARM}/summary/survey.{names[k]}.condition_cramps"]
    v = short[()]
    ix = _first((v == f[f"{ARM}/summary/survey.{names[j]}.condition_cramps"][()]) &
                (v < f[f"{ARM}/summary/survey.{names[k]}.condition_respondents"][()]))
    v[ix] += 1
    short[...] = v


SURVEY_FAULTS = {
    "a survey respondent too many":
        lambda f: _bump(f, f"{ARM}/summary/survey.{_first_survey(f)}.answers", lambda v: v[..., :1] >= 0),
    "more woken than with cramps":
        lambda f: _bump(f, f"{ARM}/summary/survey.{_first_survey(f)}.answers",
                        lambda v: (v >= 0) & (np.arange(v.shape[2]) == 2), 10**6),
    "a survey's recall changed in /meta": lambda f: f["/meta/surveys/recall_nights"].__setitem__(0, 1),
    "a shorter window with more sufferers": _survey_sufferer_too_many,
}
AGENT_FAULTS = {
    "an agent's cramp night too many": lambda f: _bump(f, ARM + "/agents/replicate_0/win_nights", lambda v: v > 0),
    # 100 extra episodes: one may fall in the slack of a window that is not on
    # a period boundary and leave the agent's frequency class unchanged
    "an agent's cramp too many": lambda f: _bump(f, ARM + "/agents/replicate_0/win_cramps", lambda v: v > 0, 100),
    "a pregnant male agent": lambda f: _bump(f, ARM + "/agents/replicate_0/preg",
                                             lambda v: (v == 0) & (f[ARM + "/agents/replicate_0/sex"][()] == 0)),
}


def selftest(a):
    """Plants each fault in a copy of a.file and expects the checks to fail."""
    os.makedirs(a.selftest, exist_ok=True)
    faults = dict(FAULTS)
    with h5py.File(a.file, "r") as f:
        if ARM + "/agents" in f:
            faults.update(AGENT_FAULTS)
        if int(f["/meta/surveys"].attrs.get("count", 0)) > 0:
            faults.update(SURVEY_FAULTS)
    for name, plant in faults.items():
        copy = os.path.join(a.selftest, "fault_" + re.sub(r"\W+", "_", name).strip("_") + ".h5")
        shutil.copy(a.file, copy)
        with h5py.File(copy, "a") as f:
            plant(f)
        caught = None
        try:
            with contextlib.redirect_stdout(io.StringIO()), h5py.File(copy, "r") as f:
                run_checks(f, argparse.Namespace(scenario=None, agents=None))
        except Violation as e:
            caught = str(e)
        os.remove(copy)
        check(caught is not None, f"selftest: {name} is caught" + (f" ({caught.splitlines()[0][:100]})"
                                                                     if caught else ""))
    print(f"{a.file}: selftest caught all {len(faults)} planted faults")


def run_checks(f, a):
    # ---- groups and metadata -------------------------------------------
    for g in ["/meta", "/meta/run", "/strata", "/arms", ARM, ARM + "/timeseries", ARM + "/summary",
              ARM + "/headlines"]:
        check(isinstance(f.get(g), h5py.Group), f"group {g} exists")
    meta = f["/meta"].attrs
    check(text(meta.get("format", "")) == "crampsim-results", "/meta format is 'crampsim-results'",
          repr(meta.get("format")))
    check(int(meta.get("format_version", -1)) == 1, "/meta format_version is 1", repr(meta.get("format_version")))
    for k in ["seed", "population_size", "nights", "replicates", "period_nights", "start_day_of_year"]:
        check(k in meta and np.issubdtype(np.asarray(meta[k]).dtype, np.integer), f"/meta {k} is an integer",
              repr(meta.get(k)))
    for k in ["model", "git_commit", "crampsim_version", "scenario_path"]:
        check(k in meta and len(text(meta[k])) > 0, f"/meta {k} is a non-empty string", repr(meta.get(k)))
    check(text(meta["model"]) == "leg_cramps", "/meta model is leg_cramps", text(meta["model"]))
    check(re.fullmatch(r"\d+\.\d+\.\d+.*", text(meta["crampsim_version"])) is not None,
          "/meta crampsim_version looks like a version", text(meta["crampsim_version"]))
    N, R, pop = int(meta["nights"]), int(meta["replicates"]), int(meta["population_size"])
    pn, start_doy = int(meta["period_nights"]), int(meta["start_day_of_year"])
    check(N >= 1 and R >= 1 and pop >= 1 and int(meta["seed"]) >= 0, "/meta sizes are positive")
    check(pn in (1, 7), "/meta period_nights is 1 or 7", str(pn))
    check(1 <= start_doy <= 365, "/meta start_day_of_year in 1..365", str(start_doy))
    run = f["/meta/run"].attrs
    for k in ["ranks", "threads"]:
        check(k in run and int(run[k]) >= 1, f"/meta/run {k} >= 1", repr(run.get(k)))
    check("wall_seconds" in run and float(run["wall_seconds"]) >= 0, "/meta/run wall_seconds >= 0")
    for k in ["host", "started_utc"]:
        check(k in run, f"/meta/run {k} present")

    for name in ["scenario", "model_file", "resolved"]:
        ds = f.get("/meta/" + name)
        check(isinstance(ds, h5py.Dataset) and ds.shape == (1,), f"/meta/{name} is one text")
    scenario_text = strings(f["/meta/scenario"])[0]
    if a.scenario:
        with open(a.scenario, encoding="utf-8") as s:
            want = s.read()
        check(scenario_text == want, f"/meta/scenario equals the text of {a.scenario}",
              f"{len(scenario_text)} characters stored, {len(want)} in the file")
    resolved = parse_resolved(strings(f["/meta/resolved"])[0])
    for path, key in [("seed", "seed"), ("replicates", "replicates"), ("population.size", "population_size"),
                      ("horizon.nights", "nights"), ("horizon.start_day_of_year", "start_day_of_year")]:
        check(path in resolved and int(resolved[path]) == int(meta[key]),
              f"/meta/resolved {path} agrees with /meta {key}", f"{resolved.get(path)} vs {meta[key]}")
    series_kind = unquote(resolved.get("output.series", ""))
    check({"daily": 1, "weekly": 7}.get(series_kind) == pn, "/meta/resolved output.series agrees with period_nights",
          f"{series_kind} vs {pn}")
    model_path = unquote(resolved.get("model", ""))
    if os.path.isfile(model_path):
        with open(model_path, encoding="utf-8") as m:
            check(strings(f["/meta/model_file"])[0] == m.read(), f"/meta/model_file equals {model_path}")
    window_param = float(resolved["survey.window_nights"])
    duration_max = float(resolved["episode.duration_max"])
    agents_wanted = resolved.get("output.agents") == "true"
    if a.agents is not None:
        check(agents_wanted == a.agents, f"output.agents is {a.agents}", resolved.get("output.agents"))

    # ---- every dataset documents itself ---------------------------------
    datasets = []
    f.visititems(lambda n, o: datasets.append(n) if isinstance(o, h5py.Dataset) else None)
    missing = []
    for n in datasets:
        ds, at = f[n], f[n].attrs
        if len(text(at.get("description", ""))) == 0:
            missing.append(f"/{n} (description)")
        if ds.dtype.kind in "iuf" and len(text(at.get("unit", ""))) == 0:
            missing.append(f"/{n} (unit)")
    check(not missing, f"all {len(datasets)} datasets have a description, numeric ones a unit", ", ".join(missing))

    # ---- strata ----------------------------------------------------------
    K = int(f["/strata"].attrs.get("count", -1))
    check(K > 0, "/strata count > 0", str(K))
    labels = {}
    for d in DIMS:
        codes, labs = f.get(f"/strata/{d}"), f.get(f"/strata/{d}_labels")
        check(codes is not None and codes.shape == (K,) and labs is not None,
              f"/strata/{d} has {K} codes and a _labels dataset")
        labels[d] = strings(labs)
        check(int(codes[()].max()) < len(labels[d]), f"/strata/{d} codes index its labels")
    code = {d: f[f"/strata/{d}"][()].astype(np.int64) for d in DIMS}
    stratum_label = strings(f["/strata/label"])
    check(len(stratum_label) == K, "/strata/label has one name per stratum")
    made = [" | ".join(labels[d][code[d][s]] for d in DIMS) for s in range(K)]
    check(made == stratum_label, "/strata/label agrees with the dimension codes")
    combos = {tuple(code[d][s] for d in DIMS) for s in range(K)}
    check(len(combos) == K == np.prod([len(labels[d]) for d in DIMS]),
          "every (age band, sex, pregnancy) combination is one stratum")
    male = np.array([labels["sex"][c] == "male" for c in code["sex"]])
    preg_label = [labels["pregnancy"][c] for c in code["pregnancy"]]
    pregnant = np.array([p != "not pregnant" for p in preg_label])

    # ---- time series -----------------------------------------------------
    P = math.ceil(N / pn)
    ts = f[ARM + "/timeseries"]
    check(int(ts.attrs.get("period_nights", -1)) == pn, "timeseries period_nights attribute matches /meta")
    check(np.array_equal(ts["period_start_night"][()], np.arange(P) * pn),
          f"period_start_night is 0, {pn}, ... ({P} periods for {N} nights)")
    check(np.array_equal(ts["period_day_of_year"][()], (start_doy - 1 + np.arange(P) * pn) % 365 + 1),
          "period_day_of_year follows start_day_of_year and wraps at 365")
    S = {}
    for m in SERIES:
        ds = ts.get(m)
        check(ds is not None and ds.shape == (R, P, K) and ds.dtype == np.int64,
              f"timeseries/{m} is int64 [replicate {R}][period {P}][stratum {K}]",
              f"{None if ds is None else (ds.shape, ds.dtype)}")
        S[m] = ds[()]
        check(bool((S[m] >= 0).all()), f"timeseries/{m} >= 0", where(S[m] < 0, stratum_label))
    extra = sorted(set(ts.keys()) - set(SERIES) - {"period_start_night", "period_day_of_year"})
    print(f"note: further series not checked here: {extra}" if extra else "ok: no unexpected series")

    nights_in = np.minimum(pn, N - np.arange(P) * pn)
    pn_total = S["person_nights"].sum(axis=2)
    check(np.array_equal(pn_total, np.broadcast_to(pop * nights_in, (R, P))),
          "person_nights summed over strata = population x nights, per replicate and period",
          f"got {pn_total[:, :3]} ..., want {pop * nights_in[:3]} ...")
    check(np.array_equal(S["person_nights"].sum(axis=(1, 2)), np.full(R, pop * N)),
          "person_nights total = population_size x nights for every replicate")
    check(np.array_equal(S["deaths"].sum(axis=2), S["births"].sum(axis=2)),
          "every death is replaced by a birth in the same period")
    check(bool((S["cramp_nights"] <= S["person_nights"]).all()), "cramp_nights <= person_nights",
          where(S["cramp_nights"] > S["person_nights"], stratum_label))
    check(bool((S["cramps"] >= S["cramp_nights"]).all()), "cramps >= cramp_nights",
          where(S["cramps"] < S["cramp_nights"], stratum_label))
    muscles = S["cramps_calf"] + S["cramps_thigh"] + S["cramps_foot"]
    check(np.array_equal(muscles, S["cramps"]), "cramps_calf + cramps_thigh + cramps_foot = cramps",
          where(muscles != S["cramps"], stratum_label))
    severity = S["cramps_mild"] + S["cramps_moderate"] + S["cramps_severe"]
    check(np.array_equal(severity, S["cramps"]), "cramps_mild + cramps_moderate + cramps_severe = cramps",
          where(severity != S["cramps"], stratum_label))
    check(bool(((S["cramps"] == 0) | (S["cramp_seconds"] > 0)).all()), "cramp_seconds > 0 where cramps > 0",
          where((S["cramps"] > 0) & (S["cramp_seconds"] == 0), stratum_label))
    check(bool(((S["cramps"] > 0) | (S["cramp_seconds"] == 0)).all()), "cramp_seconds = 0 where cramps = 0")
    check(bool((S["cramp_seconds"] <= S["cramps"] * duration_max).all()),
          f"cramp_seconds <= cramps x episode.duration_max ({duration_max:g} s)")
    bad = np.zeros_like(S["person_nights"], dtype=bool)
    bad[:, :, male & pregnant] = S["person_nights"][:, :, male & pregnant] != 0
    check(not bad.any(), "male strata with a pregnancy state have zero person_nights", where(bad, stratum_label))
    total_cramps = int(S["cramps"].sum())
    check(total_cramps > 0, f"the run has cramps ({total_cramps} episodes)")

    # ---- summaries -------------------------------------------------------
    sm = f[ARM + "/summary"]
    M = {}
    for m, width in SUMMARY.items():
        ds = sm.get(m)
        check(ds is not None and ds.shape == (R, K, width) and ds.dtype == np.int64,
              f"summary/{m} is int64 [replicate {R}][stratum {K}][class {width}]",
              f"{None if ds is None else (ds.shape, ds.dtype)}")
        classes = text(ds.attrs.get("classes", "")).split("|")
        check(len(classes) == width, f"summary/{m} names its {width} classes", "|".join(classes))
        M[m] = ds[()]
        check(bool((M[m] >= 0).all()), f"summary/{m} >= 0")
    freq_total = M["frequency"].sum(axis=(1, 2))
    check(np.array_equal(freq_total, np.full(R, pop)),
          "frequency summed over strata and classes = population_size, every replicate", str(freq_total))
    check(bool((M["trimesters_with_cramps"] <= M["trimesters_observed"]).all()),
          "trimesters_with_cramps <= trimesters_observed", where(
              (M["trimesters_with_cramps"] > M["trimesters_observed"]).any(axis=2), stratum_label))
    # a trimester is counted in the stratum of its last night: female, in that trimester
    ok_place = np.zeros((K, 3), dtype=bool)
    for s in range(K):
        for k in range(3):
            ok_place[s, k] = (not male[s]) and preg_label[s] == f"trimester {k + 1}"
    misplaced = (M["trimesters_observed"] > 0) & ~ok_place[None, :, :]
    check(not misplaced.any(), "trimesters are counted only in female strata of that trimester",
          where(misplaced.any(axis=2), stratum_label))
    if N >= 100 and pop >= 10000:
        observed = M["trimesters_observed"].sum(axis=(0, 1))
        check(bool((observed > 0).all()), f"pregnancies complete trimesters 1, 2 and 3 ({observed.tolist()})")

    # ---- surveys ------------------------------------------------------------
    agents = f.get(ARM + "/agents")
    check_surveys(f, resolved, R, K, N, pop, window_param, stratum_label, agents if agents_wanted else None)

    # ---- per-agent end state ---------------------------------------------
    if not agents_wanted:
        check(agents is None, "no per-agent datasets (output.agents is false)")
    else:
        check_agents(f, agents, R, N, pop, S, M, window_param, code, labels, K, pn)

    # ---- headlines -------------------------------------------------------
    h = f[ARM + "/headlines"]
    for k in ["name", "unit", "target", "value"]:
        check(k in h, f"headlines/{k} exists")
    names, units, targets = strings(h["name"]), strings(h["unit"]), strings(h["target"])
    n = len(names)
    check(n > 0 and len(units) == n and len(targets) == n, f"{n} headlines, each with a unit and a target")
    check(all(x.strip() for x in names) and all(u.strip() for u in units), "headline names and units are not empty")
    check(len(set(names)) == n, "headline names are distinct")
    v = h["value"][()]
    check(v.shape == (n, 3) and v.dtype == np.float64, "headlines/value is float64 [headline][mean, min, max]",
          str(v.shape))
    finite = np.isfinite(v).all(axis=1)
    tol = 1e-9 * np.maximum(1.0, np.abs(v[:, 0]))
    order = (v[:, 1] <= v[:, 0] + tol) & (v[:, 0] <= v[:, 2] + tol)
    check(bool((order | ~finite).all()), "headline min <= mean <= max",
          ", ".join(names[i] for i in np.flatnonzero(~order & finite)))
    if R == 1:
        check(bool(((v[:, 1] == v[:, 0]) & (v[:, 2] == v[:, 0]) | ~finite).all()),
              "one replicate: headline min = mean = max")


def check_surveys(f, resolved, R, K, N, pop, window_param, stratum_label, agents):
    """/meta/surveys against /meta/resolved; each survey's datasets, their consistency, the built-in survey's
    answers where a survey has its window, nested windows, and the doctor answers against the agents."""
    g = f.get("/meta/surveys")
    check(isinstance(g, h5py.Group) and "count" in g.attrs, "/meta/surveys is a group with a count")
    n = int(g.attrs["count"])
    names = [k[len("surveys."):-len(".recall_nights")] for k in resolved
             if k.startswith("surveys.") and k.endswith(".recall_nights")]
    check(n == len(names), f"/meta/surveys count ({n}) = surveys in /meta/resolved ({len(names)})")
    if n == 0:
        check(len(g) == 0, "no survey: /meta/surveys holds no dataset")
        check(not any(k.startswith("survey.") for k in f[ARM + "/summary"]), "no survey: no survey.* summary")
        return
    design = {}
    for k, got in enumerate(strings(g["name"])):
        recall, at = int(g["recall_nights"][k]), int(g["at_night"][k])
        r_at = int(resolved[f"surveys.{got}.at_night"])
        check(got == names[k] and recall == int(resolved[f"surveys.{got}.recall_nights"]) and
              at == (r_at if r_at > 0 else N + r_at) and 1 <= recall <= at <= N,
              f"/meta/surveys {got}: recall {recall} nights before night {at}, as /meta/resolved says")
        design[got] = (recall, at)
    sm = f[ARM + "/summary"]
    builtin = {m: sm[m][()] for m in SURVEY_BUILTIN.values()}
    widths = {"frequency": 6, "answers": 5}
    widths.update({f"condition_{q}": 12 for q in GROUP_QUESTIONS})
    widths.update({f"medication_{q}": 10 for q in GROUP_QUESTIONS})
    A = {}
    for name, (recall, at) in design.items():
        a = A[name] = {}
        for m, w in widths.items():
            ds = sm.get(f"survey.{name}.{m}")
            check(ds is not None and ds.shape == (R, K, w) and ds.dtype == np.int64 and
                  text(ds.attrs.get("survey", "")) == name and int(ds.attrs.get("recall_nights", -1)) == recall and
                  int(ds.attrs.get("at_night", -1)) == at,
                  f"summary/survey.{name}.{m} is int64 [{R}][{K}][{w}] with the survey's attributes",
                  f"{None if ds is None else (ds.shape, ds.dtype, dict(ds.attrs))}")
            a[m] = ds[()]
        fr, ans = a["frequency"], a["answers"]
        resp = ans[..., 0]
        check(np.array_equal(fr.sum(axis=(1, 2)), np.full(R, pop)), f"survey {name}: every agent answers once")
        check(np.array_equal(fr.sum(axis=2), resp), f"survey {name}: answers' respondents = frequency's, per stratum",
              where(fr.sum(axis=2) != resp, stratum_label))
        check(np.array_equal(resp - fr[..., 0], ans[..., 1]), f"survey {name}: any cramp = respondents - class none",
              where(resp - fr[..., 0] != ans[..., 1], stratum_label))
        check(bool((ans[..., 2] <= ans[..., 1]).all()), f"survey {name}: woken <= any cramp",
              where(ans[..., 2] > ans[..., 1], stratum_label))
        check(bool(((ans[..., 3] <= ans[..., 4]) & (ans[..., 4] <= resp)).all()),
              f"survey {name}: told a doctor in the window <= ever <= respondents")
        for grp in ("condition", "medication"):
            r0 = a[f"{grp}_respondents"]
            check(bool(((a[f"{grp}_woken"] <= a[f"{grp}_cramps"]) & (a[f"{grp}_cramps"] <= r0) &
                        (a[f"{grp}_told_doctor"] <= r0)).all()),
                  f"survey {name}: by {grp}, woken <= any cramp <= respondents, told a doctor <= respondents")
        if at == N:  # the same agents as the built-in survey's
            for grp in ("condition", "medication"):
                check(np.array_equal(a[f"{grp}_respondents"], builtin[SURVEY_BUILTIN[f"{grp}_respondents"]]),
                      f"survey {name}, asked at the end: {grp}_respondents = {SURVEY_BUILTIN[f'{grp}_respondents']}")
        if at == N and recall == min(N, int(window_param)):
            for m, b in SURVEY_BUILTIN.items():
                check(np.array_equal(a[m], builtin[b]), f"survey {name} has the built-in window: {m} = {b}",
                      where((a[m] != builtin[b]).any(axis=2), stratum_label))
        if agents is not None and at == N:
            ever = [int((agents[f"replicate_{r}/consulted"][()] != NEVER).sum()) for r in range(R)]
            check(ever == ans[..., 4].sum(axis=1).tolist(),
                  f"survey {name}: told a doctor ever = agents with a consultation on record ({ever})")
    # a window inside another, asked the same night: no more sufferers, in any stratum, condition or drug
    for x, (rx, atx) in design.items():
        for y, (ry, aty) in design.items():
            if x != y and atx == aty and rx <= ry:
                for m in ("answers", "condition_cramps", "medication_cramps"):
                    cx, cy = (A[x][m][..., 1] if m == "answers" else A[x][m]), \
                        (A[y][m][..., 1] if m == "answers" else A[y][m])
                    check(bool((cx <= cy).all()), f"surveys {x} ({rx} nights) and {y} ({ry}): {m} nested")


def check_agents(f, agents, R, N, pop, S, M, window_param, code, labels, K, pn):
    reps = sorted(agents.keys())
    check(reps == sorted(f"replicate_{r}" for r in range(R)), f"per-agent groups replicate_0..{R - 1}", str(reps))
    window = min(N, window_param)
    first = N - int(window)  # first night of the survey window
    starts = np.arange(S["cramp_nights"].shape[1]) * pn
    ends = np.minimum(starts + pn, N)
    inside = starts >= first  # periods wholly in the window
    touching = ends > first  # periods with at least one night in it
    exact = np.array_equal(inside, touching)
    band = band_of(labels["age_band"])
    index = {tuple(code[d][s] for d in DIMS): s for s in range(K)}
    weeks, months = window / 7.0, window / (365.0 / 12.0)
    for r in range(R):
        g = agents[f"replicate_{r}"]
        cols = {}
        for c, dtype in AGENT_COLUMNS.items():
            ds = g.get(c)
            check(ds is not None and ds.shape == (pop,) and ds.dtype == dtype,
                  f"agents/replicate_{r}/{c} is {np.dtype(dtype).name} [{pop}]",
                  f"{None if ds is None else (ds.shape, ds.dtype)}")
            cols[c] = ds[()]
        win_nights = int(cols["win_nights"].astype(np.int64).sum())
        win_cramps = int(cols["win_cramps"].astype(np.int64).sum())
        series_nights = S["cramp_nights"][r].sum(axis=1)
        series_cramps = S["cramps"][r].sum(axis=1)
        # An agent who dies takes its counts along (a newborn starts at zero),
        # so with deaths in the window the per-agent sums fall short of the
        # series by at most window nights (and their episodes) per death.
        died = int(S["deaths"][r].sum(axis=1)[touching].sum()) if "deaths" in S else 0
        what = f"replicate {r}: per-agent win_nights sum ({win_nights}) = cramp_nights of the last {window:g} nights"
        if died:
            hi_n, hi_c = int(series_nights[touching].sum()), int(series_cramps[touching].sum())
            lo_n = int(series_nights[inside].sum()) - died * int(window)
            check(lo_n <= win_nights <= hi_n, f"{what}, less what {died} deceased took along: within [{lo_n}, {hi_n}]")
            check(win_cramps <= hi_c, f"replicate {r}: per-agent win_cramps ({win_cramps}) <= series cramps ({hi_c})")
        elif exact:
            want = int(series_nights[inside].sum())
            check(win_nights == want, what, f"series give {want}")
            want_c = int(series_cramps[inside].sum())
            check(win_cramps == want_c, f"replicate {r}: per-agent win_cramps sum ({win_cramps}) = cramps of the "
                  f"last {window:g} nights", f"series give {want_c}")
        else:
            lo, hi = int(series_nights[inside].sum()), int(series_nights[touching].sum())
            check(lo <= win_nights <= hi, f"{what} (window not on a period boundary: between {lo} and {hi})")
            lo, hi = int(series_cramps[inside].sum()), int(series_cramps[touching].sum())
            check(lo <= win_cramps <= hi, f"replicate {r}: per-agent win_cramps within [{lo}, {hi}]")
        check(bool((cols["win_nights"] <= cols["win_cramps"]).all()), f"replicate {r}: win_nights <= win_cramps")
        check(bool((cols["win_nights"] <= window).all()), f"replicate {r}: win_nights <= window nights")
        check(not bool(((cols["sex"] == 0) & (cols["preg"] != 0)).any()), f"replicate {r}: no male agent is pregnant")
        check(bool((cols["rate"] >= 0).all()), f"replicate {r}: rates >= 0")
        cond = cols["cond"]
        check(bool(((cols["susc"] == 1) | (cols["preg"] != 0) | (cond != 0) | (cols["meds"] != 0) |
                   (cols["rate"] == 0)).all()),
              f"replicate {r}: agents neither susceptible, pregnant, with a condition nor on a medication have rate 0")
        # the survey's frequency classes, recomputed from the agents (lc_survey.c)
        e, nn = cols["win_cramps"].astype(np.float64), cols["win_nights"].astype(np.float64)
        cls = np.select([e == 0, nn >= weeks * 6.0, e > weeks * 3.0, e >= weeks, e >= months],
                        [0, 5, 4, 3, 2], default=1)
        try:
            strata = np.array([index[(band[a], s, p)] for a, s, p in
                               zip(cols["age"].astype(np.int64), cols["sex"].astype(np.int64),
                                   cols["preg"].astype(np.int64))])
        except KeyError as err:
            raise Violation(f"replicate {r}: an agent's (age band, sex, pregnancy) {err} is no stratum")
        table = np.zeros((K, 6), dtype=np.int64)
        np.add.at(table, (strata, cls), 1)
        check(np.array_equal(table, M["frequency"][r]),
              f"replicate {r}: summary/frequency = frequency classes recomputed from the agents",
              where((table != M["frequency"][r]).any(axis=1)[None, :], [str(s) for s in range(K)]))


if __name__ == "__main__":
    sys.exit(main())
