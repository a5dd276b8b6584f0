"""Calibration targets (models/leg_cramps/calibration/targets.yaml): loading and scoring.

A target is a published figure read from one row of a result file's headline table
(/arms/status_quo/headlines, docs/output.md), with the band the calibration test accepts and
the sd that scales the fit's error; a relation asks one target's model value to exceed (or stay
below) another's.  The calibration test (tests/calibration/check_calibration.py) and the fit
(analysis/calibrate.py) score a run with the same code, so they cannot disagree on a verdict.
"""
import math
import re
from dataclasses import dataclass

import crampsim_results as cr
import spec_file

ARM = "status_quo"
OPERATORS = {">": lambda a, b: a > b, "<": lambda a, b: a < b}
ID = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Target:
    """A published figure; `bound` is 'upper' or 'lower' when the figure is one-sided, else None."""
    id: str
    headline: str
    value: float
    band: tuple
    sd: float
    weight: float
    bound: object
    sources: tuple
    note: str

    def describe(self):
        side = {"upper": " at most", "lower": " at least"}.get(self.bound, "")
        return f"{self.headline}: published{side} {self.value:g}"


@dataclass(frozen=True)
class Relation:
    """left OP right between the model values of two targets; scored as the difference left - right."""
    id: str
    left: str
    op: str
    right: str
    sd: float
    weight: float
    sources: tuple
    note: str

    def describe(self):
        return f"{self.left} {self.op} {self.right}"


@dataclass(frozen=True)
class Score:
    """One target against one run: model value (None when missing), standardized error, verdict."""
    target: object
    model: object
    z: object
    status: str  # "ok", "MISS" or "MISSING"


def load(path):
    """The targets of a targets file, in file order; raises spec_file.SpecError on bad input."""
    top = spec_file.load(path)
    top.only(("model", "targets"))
    model_file = top.path_of(top.text("model"))
    sources = set(spec_file.load(model_file).mapping("sources").data)
    targets = {}
    for node in top.entries("targets"):
        node.only(("id", "headline", "value", "bound", "band", "sd", "weight", "source", "note", "relation"))
        ident = node.text("id")
        if not ID.match(ident):
            node.fail("id", f"expected a name of letters, digits and _, got {ident!r}")
        if ident in targets:
            node.fail("id", f"'{ident}' is used twice")
        common = dict(id=ident, sd=node.number("sd", low=0, open_low=True),
                      weight=node.number("weight", 1.0, low=0), sources=node.texts("source"),
                      note=node.text("note", ""))
        for source in common["sources"]:
            if source not in sources:
                node.fail("source", f"unknown evidence ID '{source}' (not under sources: in {model_file})"
                          + spec_file.suggest(source, sources))
        targets[ident] = relation(node, targets, common) if node.given("relation") else figure(node, common)
    return list(targets.values())


def figure(node, common):
    """A Target from its entry."""
    value = node.number("value")
    band = node.interval("band")
    if not band[0] <= value <= band[1]:
        node.fail("band", f"{list(band)} does not contain the published value {value:g}")
    bound = node.text("bound", None)
    if bound not in (None, "upper", "lower"):
        node.fail("bound", f"expected upper or lower, got {bound!r}")
    return Target(headline=node.text("headline").strip(), value=value, band=band, bound=bound, **common)


def relation(node, earlier, common):
    """A Relation from its entry; both sides must be targets listed before it."""
    for key in ("headline", "value", "band", "bound"):
        if node.given(key):
            node.fail(key, "not allowed in a relation")
    rel = node.get("relation")
    if not (isinstance(rel, list) and len(rel) == 3 and rel[1] in OPERATORS):
        node.fail("relation", f"expected [ID, '>' or '<', ID], got {rel!r}")
    for side in (rel[0], rel[2]):
        if not isinstance(earlier.get(side), Target):
            node.fail("relation", f"'{side}' is not a target listed above" + spec_file.suggest(str(side), earlier))
    return Relation(left=rel[0], op=rel[1], right=rel[2], **common)


def read_headlines(path):
    """{headline name without leading spaces: mean over replicates} of a result file's reference arm.
    Raises crampsim_results.ResultError for a file that is not a complete result."""
    with cr.open_result(path) as f:
        if ARM not in cr.arm_names(f):
            raise cr.ResultError(f"no arm {ARM}")
        rows = cr.headlines(f, ARM)
    values = {}
    for name, _unit, _target, mean, _lo, _hi in rows:
        if name.strip() in values:
            raise cr.ResultError(f"two headlines are named '{name.strip()}'")
        values[name.strip()] = float(mean)
    return values


def score(targets, headlines):
    """A Score per target, in order, against {headline: value}."""
    scores, by_id = [], {}
    for t in targets:
        s = score_relation(t, by_id) if isinstance(t, Relation) else score_figure(t, headlines.get(t.headline))
        by_id[t.id] = s
        scores.append(s)
    return scores


def score_figure(t, model):
    if model is None or math.isnan(model):
        return Score(t, None, None, "MISSING")
    error = model - t.value
    if (t.bound == "upper" and error < 0) or (t.bound == "lower" and error > 0):
        error = 0.0  # a one-sided figure is met by anything on its side
    ok = t.band[0] <= model <= t.band[1]
    return Score(t, model, error / t.sd, "ok" if ok else "MISS")


def score_relation(t, by_id):
    left, right = by_id[t.left].model, by_id[t.right].model
    if left is None or right is None:
        return Score(t, None, None, "MISSING")
    ok = OPERATORS[t.op](left, right)
    shortfall = 0.0 if ok else abs(left - right)
    return Score(t, left - right, shortfall / t.sd, "ok" if ok else "MISS")


def objective(scores, ids):
    """Weighted sum of squared standardized errors over the targets in ids; inf if one is missing."""
    total = 0.0
    for s in scores:
        if s.target.id in ids:
            if s.z is None:
                return math.inf
            total += s.target.weight * s.z ** 2
    return total
