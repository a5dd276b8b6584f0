"""What a fit varies and how (models/leg_cramps/calibration/fit.yaml): loading and checking.

The file names the scenario, the targets file and the targets to fit, the run size, the
optimiser's settings and the free parameters by model path, each with optional start, bounds and
log flag.  Defaults come from the model: start is the scenario's value, bounds the parameter's
`range`, log scale where its `dist` is loguniform.  Nothing here knows a parameter or target
name; the paths are checked against the scenario as crampsim resolves it.
"""
import math
from dataclasses import dataclass

import spec_file

# fit.yaml `run:` key -> scenario setting (the stable paths of docs/configuration.md)
RUN_SETTINGS = {"population": "population.size", "nights": "horizon.nights",
                "replicates": "replicates", "seed": "seed"}
OPTIMIZER_DEFAULTS = {"max_evaluations": 100, "initial_step": 0.1, "f_tolerance": 1e-3, "x_tolerance": 1e-3}


@dataclass(frozen=True)
class FreeParameter:
    """A model parameter the fit varies, within [lo, hi], on a log scale if log."""
    path: str
    start: float
    lo: float
    hi: float
    log: bool

    def _scale(self, x):
        return math.log(x) if self.log else x

    def to_unit(self, x):
        """x as a share of the (log) width of the bounds: lo -> 0, hi -> 1."""
        a, b = self._scale(self.lo), self._scale(self.hi)
        return (self._scale(x) - a) / (b - a)

    def from_unit(self, t):
        a, b = self._scale(self.lo), self._scale(self.hi)
        x = a + t * (b - a)
        return min(max(math.exp(x) if self.log else x, self.lo), self.hi)

    def at_bound(self, x, share=1e-3):
        """'lower' or 'upper' when x is within share of the width from that bound, else None."""
        t = self.to_unit(x)
        return "lower" if t <= share else "upper" if t >= 1 - share else None


@dataclass(frozen=True)
class FitSpec:
    file: str
    scenario: str
    targets_file: str
    target_ids: object    # list of ids, or None for every target
    run: dict             # scenario setting -> value, passed with --set
    optimizer: dict
    parameters: object    # Node: parameter path -> options Node


def load(path):
    """The fit file's contents, types checked; parameter paths are checked by free_parameters."""
    top = spec_file.load(path)
    top.only(("scenario", "targets_file", "targets", "run", "optimizer", "parameters"))
    ids = top.get("targets")
    if ids != "all" and not (isinstance(ids, list) and ids and all(isinstance(i, str) for i in ids)):
        top.fail("targets", f"expected 'all' or a list of target ids, got {ids!r}")
    run = top.mapping("run", optional=True)
    run.only(RUN_SETTINGS)
    opt = top.mapping("optimizer", optional=True)
    opt.only(OPTIMIZER_DEFAULTS)
    d = OPTIMIZER_DEFAULTS
    optimizer = {"max_evaluations": opt.integer("max_evaluations", d["max_evaluations"], low=1, high=10**6),
                 "initial_step": opt.number("initial_step", d["initial_step"], low=0, high=0.5, open_low=True),
                 "f_tolerance": opt.number("f_tolerance", d["f_tolerance"], low=0),
                 "x_tolerance": opt.number("x_tolerance", d["x_tolerance"], low=0)}
    params = top.mapping("parameters")
    if not params.data:
        top.fail("parameters", "no parameter to fit")
    return FitSpec(file=path, scenario=top.path_of(top.text("scenario")),
                   targets_file=top.path_of(top.text("targets_file")),
                   target_ids=None if ids == "all" else ids,
                   run={setting: run.integer(key, low=1 if key != "seed" else 0)
                        for key, setting in RUN_SETTINGS.items() if run.given(key)},
                   optimizer=optimizer, parameters=params)


def check_targets(spec, targets):
    """The ids of the targets to fit; fails on an id the targets file lacks."""
    known = [t.id for t in targets]
    if spec.target_ids is None:
        return known
    for i, ident in enumerate(spec.target_ids):
        if ident not in known:
            raise spec_file.SpecError(f"{spec.file}:targets[{i}]: unknown target '{ident}' (not in "
                                      f"{spec.targets_file})" + spec_file.suggest(ident, known))
    return list(spec.target_ids)


def model_leaf(model_parameters, path):
    """The model file's entry of a parameter path (value, range, bounds, dist...), or None."""
    node = model_parameters
    for key in path.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    return node if isinstance(node, dict) and "value" in node else None


def free_parameters(spec, resolved, model_parameters, model_file):
    """A FreeParameter per entry of spec.parameters.  resolved: {path: value} of the scenario as
    crampsim resolves it; model_parameters: the model file's `parameters:` tree."""
    params = spec.parameters
    out = []
    for path in params.data:
        path = str(path)
        leaf = model_leaf(model_parameters, path)
        if path not in resolved or leaf is None:
            params.fail(path, "unknown model parameter" + spec_file.suggest(path, resolved))
        opts = params.mapping(path, optional=True)
        opts.only(("start", "bounds", "log"))
        out.append(free_parameter(path, opts, resolved[path], leaf, model_file))
    return out


def free_parameter(path, opts, current, leaf, model_file):
    """One FreeParameter from its options and the model file's entry."""
    if leaf.get("type", "real") != "real" or spec_file.as_number(current) is None:
        opts.fail(None, f"only real-valued parameters can be fitted (this one is {leaf.get('type', 'a list')})")
    model_range = interval_of(leaf, "range")
    hard = interval_of(leaf, "bounds") or (-math.inf, math.inf)
    bounds = opts.interval("bounds", model_range)
    if bounds is None:
        opts.fail("bounds", f"missing, and the parameter has no range in {model_file}")
    lo, hi = bounds
    outer, name = (model_range, "range") if model_range else (hard, "bounds")
    if not lo < hi or lo < outer[0] or hi > outer[1]:
        opts.fail("bounds", f"[{lo:g}, {hi:g}] must be an interval within the parameter's {name} "
                            f"[{outer[0]:g}, {outer[1]:g}] in {model_file}")
    log = opts.get("log", leaf.get("dist") == "loguniform")
    if not isinstance(log, bool):
        opts.fail("log", f"expected true or false, got {log!r}")
    if log and lo <= 0:
        opts.fail("log", f"a log scale needs bounds above 0, got [{lo:g}, {hi:g}]")
    start = opts.number("start", spec_file.as_number(current))
    if not lo <= start <= hi:
        origin = "" if opts.given("start") else " (the scenario's value; give start)"
        opts.fail("start", f"{start:g}{origin} lies outside the bounds [{lo:g}, {hi:g}]")
    return FreeParameter(path, start, lo, hi, log)


def interval_of(leaf, key):
    """A model entry's [lo, hi] as floats (.inf allowed), or None."""
    value = leaf.get(key)
    if not isinstance(value, list) or len(value) != 2:
        return None
    return tuple(float(v) for v in value)
