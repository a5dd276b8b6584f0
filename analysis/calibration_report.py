"""What a fit writes: fitted.yaml (a scenario), fit-report.json and fit-report.md.

The JSON report is the record (analysis/calibrate.py builds it); the markdown is rendered from
it alone, so the two always agree.  fitted.yaml is a complete scenario -- the base scenario's
settings, its own parameter overrides and the fitted values -- that `crampsim run` accepts as is.
"""
import json
import os

import yaml


def write_json(path, report):
    with open(path, "w") as f:
        json.dump(report, f, indent=1, allow_nan=True)
        f.write("\n")


def write_scenario(path, settings, model_file, parameters, header):
    """A scenario file: settings (resolved, without parameters), the model path relative to the
    file's folder, and parameters {path: value}; header lines become comments."""
    folder = os.path.dirname(os.path.abspath(path))
    # relative within one tree (a repository), so the file can be moved with it
    model = os.path.relpath(model_file, folder) if os.path.commonpath([model_file, folder]) != "/" else model_file
    scenario = {"model": model, **settings, "parameters": parameters}
    with open(path, "w") as f:
        f.writelines(f"# {line}\n" for line in header)
        yaml.safe_dump(scenario, f, sort_keys=False, default_flow_style=False, width=100)


def score_record(s):
    return {"model": s.model, "z": s.z, "status": s.status}


def target_record(t, fitted, before, after):
    """A target with its scores before and after the fit (calibration_targets Target or Relation)."""
    if hasattr(t, "headline"):
        kind = {"kind": "figure", "headline": t.headline, "value": t.value, "bound": t.bound, "band": list(t.band)}
    else:
        kind = {"kind": "relation", "relation": [t.left, t.op, t.right]}
    return {"id": t.id, **kind, "sd": t.sd, "weight": t.weight, "sources": list(t.sources), "note": t.note,
            "fitted": fitted, "before": score_record(before), "after": score_record(after)}


def published(t):
    """(published figure, band) of a target record, as text."""
    if t["kind"] == "relation":
        left, op, right = t["relation"]
        return f"{left} {op} {right}", f"difference {op} 0"
    side = {"upper": "≤ ", "lower": "≥ "}.get(t["bound"], "")
    return f"{side}{t['value']:g}", f"[{t['band'][0]:g}, {t['band'][1]:g}]"


def num(x, digits=4):
    return "—" if x is None else f"{x:.{digits}g}"


def write_markdown(path, report, fitted_scenario):
    r = report
    run = ", ".join(f"{k}={v}" for k, v in r["run"].items())
    lines = [
        "# Calibration fit", "",
        f"Command: `{r['command']}`", "",
        f"Fit file `{r['fit_file']}`, scenario `{r['scenario']}`, targets `{r['targets_file']}`.",
        f"Every evaluation ran {run}, seed {r['seed']} (the same seed: common random numbers).",
        f"Nelder-Mead: {r['evaluations']} evaluations ({r['simulations']} simulations), stopped on "
        f"{r['stop']}.  Objective, the weighted sum of squared standardized errors over the fitted "
        f"targets: {num(r['objective']['before'])} before, {num(r['objective']['after'])} after.", "",
        "## Targets", "",
        "z = (model - published) / sd (zero on the allowed side of a one-sided figure; for a relation, "
        "the shortfall / sd).  Model values are those of the fit's run size.", "",
        "| target | evidence | published | band | sd | fitted | before | after | z before | z after | verdict |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for t in r["targets"]:
        b, a = t["before"], t["after"]
        figure, band = published(t)
        lines.append(f"| {t['id']} | {', '.join(t['sources'])} | {figure} | {band} | {num(t['sd'])} "
                     f"| {'yes' if t['fitted'] else ''} | {num(b['model'])} | {num(a['model'])} "
                     f"| {num(b['z'], 3)} | {num(a['z'], 3)} | {b['status']} → {a['status']} |")
    lines += ["", "## Parameters", "",
              "| parameter | start | fitted | bounds | scale | at a bound |", "|---|---|---|---|---|---|"]
    for p in r["parameters"]:
        lines.append(f"| `{p['path']}` | {num(p['start'], 6)} | {num(p['fitted'], 6)} "
                     f"| [{num(p['bounds'][0], 6)}, {num(p['bounds'][1], 6)}] | {'log' if p['log'] else 'linear'} "
                     f"| {p['at_bound'] or ''} |")
    sets = " ".join(f"--set parameters.{p['path']}={num(p['fitted'], 6)}" for p in r["parameters"])
    lines += ["", "## Apply", "",
              f"`crampsim run {fitted_scenario}` (a complete scenario), or add the fitted values to "
              f"another run: `{sets}`", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))
