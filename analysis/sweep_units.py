"""The unit of each swept path, for axis labels: from the model file's `unit:` fields, or known settings.

A model parameter path `parameters.A.B.C` has its unit in the model file
(/meta/model_file), under `parameters: A: B: C: unit:`; an arm's
intervention key `arms.ARM.interventions.IV.KEY` the unit of
`parameters.interventions.IV.KEY` when the model has one, else that of the
scenario key (SETTINGS).  The model file is read line by line by its
indentation (no YAML library: the report uses h5py, numpy and matplotlib
only); a path it cannot place gets "as set".
"""
import re

SETTINGS = {"population.size": "agents", "horizon.nights": "nights", "replicates": "replicates",
            # an arm's intervention keys (docs/policies.md)
            "coverage": "share of the eligible", "start_night": "night", "end_night": "night",
            "rescreen_nights": "nights", "top_share": "share of the eligible", "max_per_year": "starts per year",
            "budget_per_year": "USD per year"}
UNKNOWN = "as set"
KEY = re.compile(r"^(\s*)([A-Za-z0-9_]+):\s*(.*?)\s*$")


def model_units(model_text):
    """{parameters.PATH: unit} for every parameter of a model file with a `unit:` field."""
    out, stack = {}, []  # stack of (indent, key)
    for line in model_text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = KEY.match(line)
        if not m:
            continue
        indent, key, rest = len(m.group(1)), m.group(2), m.group(3)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        if key == "unit" and stack and stack[0][1] == "parameters":
            out[".".join(k for _, k in stack)] = rest.split("#")[0].strip().strip("\"'")
        stack.append((indent, key))
    return out


def unit(path, units):
    """The unit of a swept path given model_units(); UNKNOWN when neither the model nor SETTINGS says."""
    if path in units:
        return units[path]
    if path in SETTINGS:
        return SETTINGS[path]
    parts = path.split(".")
    if len(parts) == 5 and parts[0] == "arms" and parts[2] == "interventions":
        model = units.get(f"parameters.interventions.{parts[3]}.{parts[4]}")
        return model or SETTINGS.get(parts[4], UNKNOWN)
    return UNKNOWN


def label(path, units):
    """'PATH (unit)' for an axis."""
    return f"{path} ({unit(path, units)})"
