#!/usr/bin/python3
"""Fits a model's free parameters to published targets by repeated crampsim runs.

    /usr/bin/python3 analysis/calibrate.py models/leg_cramps/calibration/fit.yaml -o runs/calibration

The fit file names the scenario, the targets file (targets.yaml), the targets to fit, the free
parameters (model paths with start, bounds and log scale), the run size and the optimiser's
budget; docs/calibration.md ("Fitting") describes both files.  Each evaluation runs
`crampsim run SCENARIO -q --set parameters.PATH=VALUE ...` with the same seed (common random
numbers), so the objective -- the weighted sum of squared standardized errors
(model - published) / sd over the fitted targets -- is deterministic.  Nelder-Mead minimises it
in the unit box of the parameters' (log) bounds.

Writes to the output folder: fitted.yaml, a complete scenario with the fitted values (checked
with `crampsim validate`); fit-report.md and fit-report.json, each target before and after and
each parameter's start, fitted value and bounds.  Exit status 0 when the fit ran (whether or not
every target is met: see the report), 1 when a crampsim run failed, 2 on bad input.
"""
import argparse
import contextlib
import math
import os
import pathlib
import shlex
import subprocess
import sys
import tempfile

import yaml

import calibration_fit as cf
import calibration_report as report
import calibration_targets as ct
import crampsim_results as cr
import nelder_mead
import spec_file

ROOT = pathlib.Path(__file__).resolve().parents[1]
DIGITS = 6  # significant digits of the values run and written, so fitted.yaml reruns the best evaluation


class RunError(Exception):
    """A crampsim command failed; the message says which and why."""


class Crampsim:
    """The crampsim binary: resolves scenarios and runs them, one result file at a time."""

    def __init__(self, binary, threads, workdir):
        self.binary, self.threads, self.out = binary, threads, os.path.join(workdir, "evaluation.h5")
        self.runs = 0

    def _call(self, args):
        return subprocess.run([self.binary, *args], capture_output=True, text=True)

    def resolve(self, scenario, sets=()):
        """{setting: value} of the scenario (with --set KEY=VALUE for each of sets) as `crampsim
        validate` resolves it, `parameters` a flat {path: value}.  Raises SpecError when crampsim
        refuses it."""
        done = self._call(["validate", scenario, *set_args(sets)])
        if done.returncode != 0:
            raise spec_file.SpecError(done.stderr.strip() or f"{scenario}: crampsim validate failed")
        return yaml.safe_load(done.stdout)

    def headlines(self, scenario, sets):
        """{headline: value} of a run of the scenario with --set KEY=VALUE for each of sets."""
        args = ["run", scenario, "-q", "-o", self.out, *set_args(sets)]
        if self.threads:
            args += ["--threads", str(self.threads)]
        done = self._call(args)
        self.runs += 1
        if done.returncode != 0:
            raise RunError(f"crampsim {shlex.join(args)} failed (exit {done.returncode}): {done.stderr.strip()}")
        try:
            return ct.read_headlines(self.out)
        except cr.ResultError as e:
            raise RunError(f"{self.out}: {e}") from None
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.out)


def set_args(sets):
    return [a for s in sets for a in ("--set", s)]


def rounded(x):
    return float(f"{x:.{DIGITS}g}")


def evaluation_sets(spec, free, values):
    """The --set KEY=VALUE of one evaluation: the fit's run size, then the parameter values."""
    return ([f"{k}={v}" for k, v in spec.run.items()]
            + [f"parameters.{p.path}={v:.{DIGITS}g}" for p, v in zip(free, values)])


class Objective:
    """The fit's objective over parameter values, each distinct point simulated once."""

    def __init__(self, sim, spec, targets, fit_ids, free, quiet):
        self.sim, self.spec, self.targets, self.fit_ids, self.free = sim, spec, targets, set(fit_ids), free
        self.quiet = quiet
        self.cache, self.history, self.best = {}, [], math.inf

    def scores(self, values):
        """(objective, scores) at parameter values (a tuple in the order of free)."""
        values = tuple(rounded(v) for v in values)
        if values not in self.cache:
            sets = evaluation_sets(self.spec, self.free, values)
            scores = ct.score(self.targets, self.sim.headlines(self.spec.scenario, sets))
            f = ct.objective(scores, self.fit_ids)
            self.cache[values] = (f, scores)
            self.history.append({"objective": f if math.isfinite(f) else None,
                                 "values": {p.path: v for p, v in zip(self.free, values)}})
            self.best = min(self.best, f)
            if not self.quiet:
                print(f"evaluation {len(self.history):4d}  objective {f:10.4g}  best {self.best:10.4g}", flush=True)
        return self.cache[values]

    def in_unit_box(self, t):
        return self.scores([p.from_unit(ti) for p, ti in zip(self.free, t)])[0]


def require_headlines(scores, fit_ids, targets_file):
    """Fails on a fitted target whose headline the run does not produce."""
    for s in scores:
        if s.target.id in fit_ids and s.status == "MISSING":
            what = f"headline '{s.target.headline}'" if hasattr(s.target, "headline") else "a side"
            raise spec_file.SpecError(f"{targets_file}:targets[{s.target.id}]: {what} is not in the "
                                      f"headline table of the run, so this target cannot be fitted")


def scenario_overrides(path):
    """The scenario file's own `parameters:` as a flat {path: value} (nested or dotted keys)."""
    with open(path) as f:
        tree = (yaml.safe_load(f) or {}).get("parameters") or {}
    flat = {}

    def walk(node, prefix):
        for key, value in node.items():
            if isinstance(value, dict):
                walk(value, f"{prefix}{key}.")
            else:
                flat[f"{prefix}{key}"] = value
    walk(tree, "")
    return flat


def prepare(a, workdir):
    """(spec, targets, fitted target ids, free parameters, resolved scenario, sim) after every check."""
    spec = cf.load(a.fit)
    targets = ct.load(spec.targets_file)
    fit_ids = cf.check_targets(spec, targets)
    if not os.access(a.crampsim, os.X_OK):
        raise spec_file.SpecError(f"--crampsim {a.crampsim}: not an executable (build first, or name the binary)")
    sim = Crampsim(a.crampsim, a.threads, workdir)
    resolved = sim.resolve(spec.scenario)
    model_file = resolved["model"]
    model = spec_file.load(model_file).mapping("parameters").data
    free = cf.free_parameters(spec, resolved["parameters"], model, model_file)
    try:  # what every evaluation passes, checked once before the first run
        sim.resolve(spec.scenario, evaluation_sets(spec, free, [p.start for p in free]))
    except spec_file.SpecError as e:
        raise spec_file.SpecError(f"{spec.file}:run: crampsim refuses the evaluation runs: {e}") from None
    need = len(free) + 1
    if spec.optimizer["max_evaluations"] < need:
        raise spec_file.SpecError(f"{spec.file}:optimizer.max_evaluations: {spec.optimizer['max_evaluations']} "
                                  f"is fewer than the {need} evaluations of the first simplex")
    return spec, targets, fit_ids, free, resolved, sim


def fit(a, spec, targets, fit_ids, free, resolved, sim):
    """Runs the optimisation; returns the report (a JSON-ready dict) and the fitted values."""
    objective = Objective(sim, spec, targets, fit_ids, free, a.quiet)
    f0, before = objective.scores([p.start for p in free])
    require_headlines(before, set(fit_ids), spec.targets_file)
    opt = spec.optimizer
    result = nelder_mead.minimize(objective.in_unit_box, [p.to_unit(p.start) for p in free],
                                  [0.0] * len(free), [1.0] * len(free), step=opt["initial_step"],
                                  max_calls=opt["max_evaluations"], f_tol=opt["f_tolerance"],
                                  x_tol=opt["x_tolerance"])
    fitted = [rounded(p.from_unit(t)) for p, t in zip(free, result.x)]
    f1, after = objective.scores(fitted)
    run = {**{k: resolved_setting(resolved, k) for k in cf.RUN_SETTINGS.values()}, **spec.run}
    rep = {
        "command": a.command,
        "fit_file": spec.file, "scenario": spec.scenario, "targets_file": spec.targets_file,
        "seed": run.pop("seed"), "run": run, "optimizer": opt, "evaluations": result.calls, "simulations": sim.runs,
        "stop": result.reason, "objective": {"before": f0, "after": f1},
        "parameters": [{"path": p.path, "start": p.start, "fitted": x, "bounds": [p.lo, p.hi], "log": p.log,
                        "at_bound": p.at_bound(x)} for p, x in zip(free, fitted)],
        "targets": [report.target_record(s0.target, s0.target.id in fit_ids, s0, s1) for s0, s1 in zip(before, after)],
        "history": objective.history,
    }
    return rep, fitted


def resolved_setting(resolved, dotted):
    node = resolved
    for key in dotted.split("."):
        node = node[key]
    return node


def write_outputs(a, rep, fitted, free, resolved, sim):
    os.makedirs(a.output, exist_ok=True)
    scenario = os.path.join(a.output, "fitted.yaml")
    settings = {k: v for k, v in resolved.items() if k not in ("model", "parameters")}
    settings["description"] = f"{resolved.get('description', '')} -- fitted by analysis/calibrate.py".strip(" -")
    overrides = {**scenario_overrides(rep["scenario"]), **{p.path: x for p, x in zip(free, fitted)}}
    header = [f"Written by {rep['command']}",
              f"objective {rep['objective']['before']:.4g} -> {rep['objective']['after']:.4g} "
              f"after {rep['evaluations']} evaluations; see fit-report.md beside this file.",
              "A complete scenario: the base scenario's settings and overrides, and the fitted values."]
    report.write_scenario(scenario, settings, resolved["model"], overrides, header)
    try:
        sim.resolve(scenario)
    except spec_file.SpecError as e:
        raise RunError(f"the written {scenario} is not accepted by crampsim: {e}") from None
    report.write_json(os.path.join(a.output, "fit-report.json"), rep)
    report.write_markdown(os.path.join(a.output, "fit-report.md"), rep, scenario)
    return scenario


def print_plan(spec, fit_ids, free):
    print(f"scenario {spec.scenario}; run {spec.run or '(the scenario size)'}; optimizer {spec.optimizer}")
    print(f"targets fitted: {', '.join(fit_ids)}")
    for p in free:
        print(f"  {p.path}: start {p.start:g}, bounds [{p.lo:g}, {p.hi:g}], {'log' if p.log else 'linear'}")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("fit", help="fit file (models/leg_cramps/calibration/fit.yaml)")
    ap.add_argument("-o", "--output", default="runs/calibration", help="output folder (default: %(default)s)")
    ap.add_argument("--crampsim", default=str(ROOT / "build/src/crampsim"),
                    help="the crampsim binary (default: build/src/crampsim of this repository)")
    ap.add_argument("--threads", type=int, help="OpenMP threads of each crampsim run")
    ap.add_argument("--dry-run", action="store_true", help="check the files and print the plan; run nothing")
    ap.add_argument("-q", "--quiet", action="store_true", help="no line per evaluation")
    a = ap.parse_args(argv)
    a.command = shlex.join([sys.argv[0], *(sys.argv[1:] if argv is None else argv)])
    with tempfile.TemporaryDirectory(prefix="calibrate-") as workdir:
        try:
            spec, targets, fit_ids, free, resolved, sim = prepare(a, workdir)
            if a.dry_run:
                print_plan(spec, fit_ids, free)
                return 0
            rep, fitted = fit(a, spec, targets, fit_ids, free, resolved, sim)
            scenario = write_outputs(a, rep, fitted, free, resolved, sim)
        except spec_file.SpecError as e:
            print(e, file=sys.stderr)
            return 2
        except RunError as e:
            print(e, file=sys.stderr)
            return 1
    met = sum(t["after"]["status"] == "ok" for t in rep["targets"] if t["fitted"])
    print(f"objective {rep['objective']['before']:.4g} -> {rep['objective']['after']:.4g} in "
          f"{rep['evaluations']} evaluations ({rep['stop']}); {met} of {len(fit_ids)} fitted targets met; "
          f"wrote {scenario} and {os.path.join(a.output, 'fit-report.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
