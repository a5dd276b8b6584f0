#!/usr/bin/python3
"""Writes the intervention catalogue table of docs/policies.md from a model
file, between the markers <!-- interventions:begin --> and
<!-- interventions:end -->, so the table cannot drift from the values the
model runs with.

    /usr/bin/python3 tools/gen_interventions_table.py models/leg_cramps/model.yaml --update docs/policies.md
    /usr/bin/python3 tools/gen_interventions_table.py models/leg_cramps/model.yaml --check docs/policies.md

With --check it exits 1 (and says how to update) when the table differs.
"""
import argparse
import sys

import yaml

BEGIN, END = "<!-- interventions:begin -->", "<!-- interventions:end -->"


def fmt(v):
    return f"{v:g}" if isinstance(v, float) else str(v)


def cell(p, key):
    """Value, with its range when it has one that is not a point."""
    leaf = p[key]
    v = fmt(leaf["value"])
    r = leaf.get("range")
    if r and r[0] != r[1]:
        v += f" ({fmt(r[0])}-{fmt(r[1])})"
    return v


def table(model_path):
    with open(model_path) as f:
        m = yaml.safe_load(f)
    ivs = m["parameters"]["interventions"]
    out = ["| intervention | acts on | channel | rate ratio (range) | episode length ratio | adherence | "
           "cost: start / day / use (USD) | adverse: minor / serious per year, mortality HR | source |",
           "|---|---|---|---|---|---|---|---|---|"]
    for name, p in ivs.items():
        out.append(f"| `{name}` | {p['acts_on']['value']} | {p['channel']['value']} | {cell(p, 'rate_ratio')} | "
                   f"{cell(p, 'duration_ratio')} | {cell(p, 'adherence')} | "
                   f"{fmt(p['cost_start']['value'])} / {fmt(p['cost_per_day']['value'])} / "
                   f"{fmt(p['cost_per_use']['value'])} | {fmt(p['adverse_minor_per_year']['value'])} / "
                   f"{fmt(p['adverse_serious_per_year']['value'])}, {fmt(p['mortality_hr']['value'])} | "
                   f"{p['rate_ratio']['source']} |")
    return "\n".join(out)


def splice(doc, tab):
    a, b = doc.index(BEGIN) + len(BEGIN), doc.index(END)
    return doc[:a] + "\n" + tab + "\n" + doc[b:]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("model")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--update", metavar="DOC")
    g.add_argument("--check", metavar="DOC")
    a = ap.parse_args()
    path = a.update or a.check
    with open(path) as f:
        doc = f.read()
    want = splice(doc, table(a.model))
    if a.update:
        with open(path, "w") as f:
            f.write(want)
        return 0
    if want != doc:
        print(f"{path}: the intervention table is out of date; update with:\n"
              f"  /usr/bin/python3 tools/gen_interventions_table.py {a.model} --update {path}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
