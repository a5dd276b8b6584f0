#!/usr/bin/python3
"""Broken targets and fit files are refused with one line naming FILE:KEY, exit 2, and no output folder.

    check_spec_errors.py CRAMPSIM WORKDIR [RESULT.h5]

Each case edits a copy of the real targets.yaml or a small valid fit file and runs
`calibrate.py --dry-run` (nothing is simulated), except the one whose fitted target has no
headline, which needs one tiny run; one targets case also runs check_calibration.py --targets.
With RESULT.h5, check_calibration.py must also report a target whose headline the file lacks as
MISSING and exit 1.
"""
import contextlib
import copy
import io
import pathlib
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "analysis"))
import calibrate  # noqa: E402

TARGETS = ROOT / "models/leg_cramps/calibration/targets.yaml"
# the range of the parameter the bounds cases use, as the model file states it today
with open(ROOT / "models/leg_cramps/model.yaml") as _f:
    SIGMA_LO, SIGMA_HI = yaml.safe_load(_f)["parameters"]["susceptibility"]["rate_sigma"]["range"]
CALIBRATE = "calibrate.py"  # run in this process: its main() returns the exit status
CHECK = ROOT / "tests/calibration/check_calibration.py"


def entry(targets, ident):
    return next(t for t in targets["targets"] if t["id"] == ident)


# name -> (edit of the targets tree, words the message must hold)
TARGET_CASES = {
    "unknown_source": (lambda t: entry(t, "nightly_65").update(source="NY1995"),
                       ["targets.yaml:targets[nightly_65].source:", "unknown evidence ID 'NY1995'", "NY1994"]),
    "relation_to_unknown": (lambda t: entry(t, "women_above_men_65").update(
                            relation=["prevalence_65_women", ">", "prevalence_65_man"]),
                            ["targets[women_above_men_65].relation:", "'prevalence_65_man' is not a target"]),
    "band_excludes_value": (lambda t: entry(t, "duration_adult").update(band=[10, 12]),
                            ["targets[duration_adult].band:", "does not contain the published value 9"]),
    "duplicate_id": (lambda t: entry(t, "nightly_65").update(id="prevalence_65"),
                     ["targets[prevalence_65].id:", "used twice"]),
    "zero_sd": (lambda t: entry(t, "season_ratio").update(sd=0),
                ["targets[season_ratio].sd:", "expected a number in (0, inf]"]),
    "unknown_key": (lambda t: entry(t, "season_ratio").update(weigth=2),
                    ["targets[season_ratio].weigth:", "did you mean 'weight'"]),
    "bad_bound": (lambda t: entry(t, "season_ratio").update(bound="above"),
                  ["targets[season_ratio].bound:", "expected upper or lower"]),
}

# name -> (edit of the fit tree, words the message must hold)
FIT_CASES = {
    "unknown_parameter": (lambda f: f["parameters"].update({"susceptibility.rate_medain": None}),
                          ["fit.yaml:parameters.susceptibility.rate_medain:", "unknown model parameter",
                           "did you mean 'susceptibility.rate_median'"]),
    "unknown_target": (lambda f: f.update(targets=["pregnancy_trimester_4"]),
                       ["fit.yaml:targets[0]:", "unknown target 'pregnancy_trimester_4'"]),
    "bounds_outside_range": (lambda f: f["parameters"].update(
                             {"susceptibility.rate_sigma": {"bounds": [SIGMA_LO - 0.1, SIGMA_HI]}}),
                             ["fit.yaml:parameters.susceptibility.rate_sigma.bounds:",
                              f"within the parameter's range [{SIGMA_LO:g}, {SIGMA_HI:g}]"]),
    "start_outside_bounds": (lambda f: f["parameters"].update(
                             {"susceptibility.rate_sigma": {"start": SIGMA_LO, "bounds": [SIGMA_LO + 0.1, SIGMA_HI]}}),
                             ["parameters.susceptibility.rate_sigma.start:",
                              f"outside the bounds [{SIGMA_LO + 0.1:g}, {SIGMA_HI:g}]"]),
    "log_from_zero": (lambda f: f["parameters"].update({"conditions.pad.cramp_rate": {"log": True}}),
                      ["parameters.conditions.pad.cramp_rate.log:", "needs bounds above 0"]),
    "list_parameter": (lambda f: f["parameters"].update({"pregnancy.fertility": None}),
                       ["parameters.pregnancy.fertility:", "only real-valued parameters"]),
    "integer_parameter": (lambda f: f["parameters"].update({"survey.window_nights": {"bounds": [100, 365]}}),
                          ["parameters.survey.window_nights:", "only real-valued parameters"]),
    "optimizer_key": (lambda f: f["optimizer"].update(max_evals=3),
                      ["fit.yaml:optimizer.max_evals:", "did you mean 'max_evaluations'"]),
    "budget_below_simplex": (lambda f: f["parameters"].update({"susceptibility.rate_sigma": None})
                             or f["optimizer"].update(max_evaluations=2),
                             ["fit.yaml:optimizer.max_evaluations:", "fewer than the 3 evaluations"]),
    "run_size": (lambda f: f["run"].update(population=0),
                 ["fit.yaml:run.population:", "expected an integer"]),
    "run_too_large": (lambda f: f["run"].update(population=10**12),
                      ["fit.yaml:run: crampsim refuses the evaluation runs:", "population.size"]),
    "no_scenario": (lambda f: f.pop("scenario"), ["fit.yaml:scenario: missing"]),
    "bad_scenario": (lambda f: f.update(scenario=str(ROOT / "tests/calibration/tests.cmake")),
                     ["tests.cmake"]),
}


def write_yaml(path, tree):
    path.write_text(yaml.safe_dump(tree, sort_keys=False))
    return path


def run(args):
    """(exit status, stdout, stderr) of a script; calibrate.py is called in this process (faster:
    no interpreter start), which is the same as a run as long as main() catches its errors."""
    args = [str(a) for a in args]
    if args[0] != CALIBRATE:
        done = subprocess.run(["/usr/bin/python3", *args], capture_output=True, text=True)
        return done.returncode, done.stdout, done.stderr.strip()
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = calibrate.main(args[1:])
    return status, out.getvalue(), err.getvalue().strip()


def verdict(name, got, want_status, words, out_dir=None):
    status, _, err = got
    wrong = []
    if status != want_status:
        wrong.append(f"exit {status}, expected {want_status}")
    if want_status == 2 and len(err.splitlines()) != 1:
        wrong.append(f"{len(err.splitlines())} lines on stderr, expected 1")
    wrong += [f"message lacks {w!r}" for w in words if w not in err]
    if out_dir is not None and out_dir.exists():
        wrong.append(f"{out_dir} was written")
    print(f"{'ok  ' if not wrong else 'FAIL'} {name}: {err or got[1].strip().splitlines()[-1]}")
    for w in wrong:
        print(f"     {w}")
    return not wrong


def case_files(folder, targets, fit, edit_targets=None, edit_fit=None):
    """Writes folder/targets.yaml and folder/fit.yaml (naming it), each a copy edited in place;
    returns their paths."""
    folder.mkdir(exist_ok=True)
    t, f = copy.deepcopy(targets), copy.deepcopy(fit)
    for tree, edit in ((t, edit_targets), (f, edit_fit)):
        if edit:
            edit(tree)
    targets_path = write_yaml(folder / "targets.yaml", t)
    f["targets_file"] = str(targets_path)
    return targets_path, write_yaml(folder / "fit.yaml", f)


def main(crampsim, work, result=None):
    work.mkdir(parents=True, exist_ok=True)
    targets = yaml.safe_load(TARGETS.read_text())
    targets["model"] = str(TARGETS.parent / targets["model"])
    fit = {"scenario": str(ROOT / "configs/default.yaml"), "targets_file": None,
           "targets": ["pregnancy_trimester_3"], "run": {"population": 2000, "nights": 100},
           "optimizer": {"max_evaluations": 5}, "parameters": {"pregnancy.cramp_rate_trimester3": None}}
    ok = []
    for name, (edit, words) in TARGET_CASES.items():
        path, fit_path = case_files(work / name, targets, fit, edit_targets=edit)
        ok.append(verdict(f"calibrate {name}", run([CALIBRATE, fit_path, "--dry-run", "--crampsim", crampsim]),
                          2, words))
        if result and name == "unknown_source":  # the same loader: one case shows the test's CLI refuses too
            ok.append(verdict(f"check {name}", run([CHECK, result, "--targets", path]), 2, words))
    for name, (edit, words) in FIT_CASES.items():
        _, fit_path = case_files(work / name, targets, fit, edit_fit=edit)
        out = work / name / "out"
        ok.append(verdict(f"calibrate {name}", run([CALIBRATE, fit_path, "--dry-run", "--crampsim", crampsim,
                                                    "-o", out]), 2, words, out))
    # a target whose headline the model does not produce: a fit refuses it after one run,
    # the calibration test reports it MISSING
    told = {"id": "told_a_doctor", "headline": "Sufferers who told a doctor", "value": 33, "band": [25, 40],
            "sd": 4, "source": "NY1994"}
    path, fit_path = case_files(work / "missing_headline", targets, fit,
                                edit_targets=lambda t: t["targets"].append(told),
                                edit_fit=lambda f: f.update(targets=["told_a_doctor"]))
    out = work / "missing_headline" / "out"
    ok.append(verdict("calibrate missing_headline", run([CALIBRATE, fit_path, "-q", "--crampsim", crampsim,
                                                         "--threads", "1", "-o", out]),
                      2, ["targets.yaml:targets[told_a_doctor]:", "'Sufferers who told a doctor' is not in"], out))
    if result:
        status, stdout, err = run([CHECK, result, "--targets", path])
        missing = [x for x in stdout.splitlines() if x.startswith("MISSING") and "told_a_doctor" in x]
        ok.append(verdict("check missing_headline", (status, stdout, err), 1, []) and len(missing) == 1)
    print(f"{sum(ok)} passed, {len(ok) - sum(ok)} failed")
    return 0 if all(ok) else 1


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], pathlib.Path(sys.argv[2]), *sys.argv[3:]))
