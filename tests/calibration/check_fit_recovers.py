#!/usr/bin/python3
"""analysis/calibrate.py recovers a parameter pushed away from its calibrated value.

    check_fit_recovers.py CRAMPSIM WORKDIR --parameter PATH --target ID [--factor 2]
                          [--population N] [--nights N] [--max-evaluations N]

Writes a scenario with PATH at FACTOR times its model.yaml value, so that target ID misses its
band, and a fit file freeing PATH alone to fit ID; runs calibrate.py and requires from its JSON
report: the target missed before and is met after, the objective fell, and the fitted value is
at least halfway back to the model's value on a log scale.  fitted.yaml must be accepted by
`crampsim validate` and hold the fitted value.
"""
import argparse
import json
import math
import pathlib
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "analysis"))
import calibration_fit  # noqa: E402

MODEL = ROOT / "models/leg_cramps/model.yaml"
TARGETS = ROOT / "models/leg_cramps/calibration/targets.yaml"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("crampsim")
    ap.add_argument("workdir", type=pathlib.Path)
    ap.add_argument("--parameter", required=True)
    ap.add_argument("--target", required=True)
    ap.add_argument("--factor", type=float, default=2.0)
    ap.add_argument("--population", type=int, default=50000)
    ap.add_argument("--nights", type=int, default=365)
    ap.add_argument("--max-evaluations", type=int, default=12)
    a = ap.parse_args()
    a.workdir.mkdir(parents=True, exist_ok=True)
    model = yaml.safe_load(MODEL.read_text())["parameters"]
    default = float(calibration_fit.model_leaf(model, a.parameter)["value"])
    pushed = default * a.factor
    scenario = a.workdir / "pushed.yaml"
    scenario.write_text(yaml.safe_dump({"model": str(MODEL), "seed": 20261126,
                                        "parameters": {a.parameter: pushed}}))
    fit = a.workdir / "fit.yaml"
    fit.write_text(yaml.safe_dump({
        "scenario": str(scenario), "targets_file": str(TARGETS), "targets": [a.target],
        "run": {"population": a.population, "nights": a.nights, "replicates": 1},
        "optimizer": {"max_evaluations": a.max_evaluations}, "parameters": {a.parameter: None}}))
    out = a.workdir / "out"
    subprocess.run(["/usr/bin/python3", str(ROOT / "analysis/calibrate.py"), str(fit), "-o", str(out),
                    "--crampsim", a.crampsim, "--threads", "1"], check=True)

    report = json.loads((out / "fit-report.json").read_text())
    target = next(t for t in report["targets"] if t["id"] == a.target)
    fitted = report["parameters"][0]["fitted"]
    failures = []
    if target["before"]["status"] != "MISS":
        failures.append(f"{a.target} should miss at {a.factor} x {default:g}: {target['before']}")
    if target["after"]["status"] != "ok":
        failures.append(f"{a.target} still misses after the fit: {target['after']}")
    if not report["objective"]["after"] < report["objective"]["before"]:
        failures.append(f"objective did not fall: {report['objective']}")
    if not abs(math.log(fitted / default)) < 0.5 * abs(math.log(a.factor)):
        failures.append(f"fitted {fitted:g} is not halfway back from {pushed:g} to {default:g}")
    resolved = subprocess.run([a.crampsim, "validate", str(out / "fitted.yaml")], capture_output=True, text=True)
    line = next((x for x in resolved.stdout.splitlines() if x.strip().startswith(a.parameter + ":")), "")
    if resolved.returncode != 0 or float(line.split(":")[1].split("#")[0]) != fitted:
        failures.append(f"fitted.yaml is not a scenario with {a.parameter}={fitted:g}: "
                        f"{resolved.stderr.strip() or line}")
    print(f"{a.parameter}: model {default:g}, pushed to {pushed:g}, fitted {fitted:g}; {a.target} "
          f"{target['before']['model']:.2f} -> {target['after']['model']:.2f} in {target['band']}; "
          f"{report['evaluations']} evaluations")
    for f in failures:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
