#!/usr/bin/python3
"""The analysis scripts read a run's surveys: analysis/crampsim_results.py's
accessors give what the raw datasets hold, a file missing a survey's dataset
is refused, and prevalence.py --survey agrees with the survey's frequency
summary.

usage: check_surveys.py ANALYSIS_DIR RESULT.h5 WORKDIR
"""
import csv
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

analysis, result, work = sys.argv[1:4]
sys.path.insert(0, analysis)
import crampsim_results as cr  # noqa: E402

failures = []


def check(cond, what):
    print(("ok: " if cond else "FAIL: ") + what)
    if not cond:
        failures.append(what)


ARM = "status_quo"
with h5py.File(result, "r") as raw:
    g = raw["meta/surveys"]
    want = [(n.decode(), d.decode(), int(r), int(a)) for n, d, r, a in
            zip(g["name"][...], g["description"][...], g["recall_nights"][...], g["at_night"][...])]
    nights = int(raw["meta"].attrs["nights"])
check(len(want) >= 2, f"{result} holds surveys ({[w[0] for w in want]})")

with cr.open_result(result) as f:
    got = cr.surveys(f)
    check([(s["name"], s["description"], s["recall_nights"], s["at_night"]) for s in got] == want,
          "cr.surveys gives /meta/surveys in order")
    for s in got:
        for m in cr.SURVEY_MEASURES:
            data, classes = cr.survey_summary(f, ARM, s["name"], m)
            ds = f[f"arms/{ARM}/summary/survey.{s['name']}.{m}"]
            check(np.array_equal(data, ds[...]) and classes == ds.attrs["classes"].split("|")
                  and int(ds.attrs["recall_nights"]) == s["recall_nights"],
                  f"cr.survey_summary {s['name']} {m}: the dataset, its classes and recall")
        ans, classes = cr.survey_summary(f, ARM, s["name"], "answers")
        check(classes == ["respondents", "any cramp", "woken by cramps", "told a doctor", "told a doctor ever"],
              f"{s['name']}: answers' classes")
        check(1 <= s["recall_nights"] <= s["at_night"] <= nights, f"{s['name']}: a window inside the run")
    try:
        cr.survey_summary(f, ARM, "no_such_survey", "answers")
        check(False, "an unknown survey raises ResultError")
    except cr.ResultError as e:
        check("survey.no_such_survey.answers" in str(e), f"an unknown survey raises ResultError ({e})")

# a result without one of a survey's datasets is incomplete
os.makedirs(work, exist_ok=True)
broken = os.path.join(work, "survey_dataset_missing.h5")
shutil.copy(result, broken)
with h5py.File(broken, "a") as f:
    del f[f"arms/{ARM}/summary/survey.{want[0][0]}.medication_woken"]
try:
    cr.open_result(broken).close()
    check(False, "a missing survey dataset is refused")
except cr.ResultError as e:
    check("incomplete result file" in str(e) and "medication_woken" in str(e),
          f"a missing survey dataset is refused ({e})")
os.remove(broken)

# prevalence.py --survey NAME: each row from the survey's frequency summary
name = want[-1][0]
out = os.path.join(work, "prevalence_survey.csv")
subprocess.run(["/usr/bin/python3", os.path.join(analysis, "prevalence.py"), result, "--survey", name, "--csv", out],
               check=True, stdout=subprocess.DEVNULL)
rows = {(r["age_band"], r["sex"]): r for r in csv.DictReader(open(out))}
with h5py.File(result, "r") as f:
    freq = f[f"arms/{ARM}/summary/survey.{name}.frequency"][...]
    band, sex = f["strata/age_band"][...], f["strata/sex"][...]
    bands = [s.decode() for s in f["strata/age_band_labels"][...]]
    sexes = [s.decode() for s in f["strata/sex_labels"][...]]
bad = 0
for b, bl in enumerate(bands):
    for s, sl in enumerate(sexes):
        c = freq[:, (band == b) & (sex == s), :].sum(1)
        bad += abs(float(rows[(bl, sl)]["prevalence_pct"]) - np.mean(100 * c[:, 1:].sum(1) / c.sum(1))) > 1e-9
check(bad == 0, f"prevalence.py --survey {name} agrees with survey.{name}.frequency in every age band and sex")

print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
