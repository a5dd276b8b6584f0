#!/usr/bin/python3
"""Generates docs/parameters.md (every parameter) and docs/evidence.md (every
source ID with the parameters that cite it) from a model file, so neither can
drift from the values the model runs with.

    /usr/bin/python3 tools/gen_parameters_doc.py models/leg_cramps/model.yaml > docs/parameters.md
    /usr/bin/python3 tools/gen_parameters_doc.py --evidence models/leg_cramps/model.yaml > docs/evidence.md
    /usr/bin/python3 tools/gen_parameters_doc.py models/leg_cramps/model.yaml --check docs/parameters.md

With --check it exits 1 (and says how to regenerate) when the file differs.
"""
import argparse
import sys

import yaml


def fmt(v):
    if isinstance(v, list):
        return "[" + ", ".join(fmt(x) for x in v) + "]"
    if isinstance(v, float):
        return f"{v:g}"
    return str(v)


def leaves(group, prefix=""):
    for key, node in group.items():
        path = f"{prefix}{key}"
        if isinstance(node, dict) and "value" in node:
            yield path, node
        elif isinstance(node, dict):
            yield from leaves(node, path + ".")


def render(model_path):
    with open(model_path) as f:
        m = yaml.safe_load(f)
    out = [f"# Parameters of the `{m['model']}` model",
           "",
           f"Generated from `{model_path}` by `tools/gen_parameters_doc.py`; do not edit by hand",
           "(CTest checks that it is current).  Every value can be overridden by its path in a",
           "scenario's `parameters:` or with `--set PATH=VALUE`; `range` is the plausible interval",
           "used for sensitivity analysis (uniform unless stated; ×[lo, hi] for a list: one factor on",
           "all its elements, ×[1, 1] kept fixed), `bounds` the hard limits checked",
           "on every override.  Source IDs are listed at the end.",
           ""]
    groups = {}
    for path, node in leaves(m["parameters"]):
        groups.setdefault(path.split(".")[0], []).append((path, node))
    for group, rows in groups.items():
        out += [f"## {group}", "", "| parameter | value | unit | range | bounds | source | meaning |",
                "|---|---|---|---|---|---|---|"]
        for path, node in rows:
            rng = fmt(node["range"]) if "range" in node else ""
            if rng and isinstance(node["value"], list):
                rng = "×" + rng  # a list's range: one factor on all its elements
            if "dist" in node:
                rng += f" {node['dist']}"
            bounds = fmt(node["bounds"]) if "bounds" in node else ""
            help_text = " ".join(str(node["help"]).split()).replace("|", "\\|")
            out.append(f"| `{path}` | {fmt(node['value'])} | {node['unit']} | {rng} | {bounds} | "
                       f"{node['source']} | {help_text} |")
        out.append("")
    out += ["## Sources", "", "| ID | reference |", "|---|---|"]
    for key, text in m["sources"].items():
        out.append(f"| {key} | {' '.join(str(text).split())} |")
    return "\n".join(out) + "\n"


def render_evidence(model_path):
    with open(model_path) as f:
        m = yaml.safe_load(f)
    cited = {}
    for path, node in leaves(m["parameters"]):
        cited.setdefault(node["source"], []).append(path)
    out = [f"# Evidence behind the `{m['model']}` model",
           "",
           f"Generated from `{model_path}` by `tools/gen_parameters_doc.py --evidence`; do not edit by",
           "hand.  Each source ID in the model file, its reference, and the parameters that cite it.",
           "`CAL` marks values calibrated to the published targets (docs/calibration.md and the",
           "calibration tests, which name the source of each target); `ASM` a stated assumption",
           "with a wide range (docs/model.md).",
           ""]
    for key, text in m["sources"].items():
        params = ", ".join(f"`{p}`" for p in cited.get(key, [])) or "(none yet)"
        out += [f"## {key}", "", " ".join(str(text).split()), "", f"Cited by: {params}", ""]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("model")
    ap.add_argument("--check", metavar="FILE", help="compare with FILE instead of printing")
    ap.add_argument("--evidence", action="store_true", help="the evidence page instead of the parameter table")
    a = ap.parse_args()
    text = render_evidence(a.model) if a.evidence else render(a.model)
    if not a.check:
        sys.stdout.write(text)
        return 0
    with open(a.check) as f:
        if f.read() == text:
            print(f"{a.check} is current")
            return 0
    flag = "--evidence " if a.evidence else ""
    print(f"{a.check} is out of date; regenerate with:\n"
          f"  /usr/bin/python3 tools/gen_parameters_doc.py {flag}{a.model} > {a.check}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
