#!/usr/bin/python3
"""The sweep report's statistics and helpers (analysis/sweep_stats.py, sweep_units.py, sweep_file.py) on
synthetic numbers.

    check_sweep_stats.py ANALYSIS_DIR

Every expected value is worked out by hand in the comment beside it, not by the
code under test.  Prints one line per failure and a count.
"""
import math
import sys

import numpy as np

from check_arm_stats import check, failures, same  # the comparison's checks: tolerance, NaN, counting


def ranks_and_spearman(ss):
    check("ranks, ties averaged", ss.ranks([10, 20, 20, 30]), [1, 2.5, 2.5, 4])
    check("ranks of a constant", ss.ranks([5, 5, 5]), [2, 2, 2])
    check("rho of a monotone curve", ss.spearman([1, 2, 3, 4], [1, 8, 27, 64]), 1.0)
    check("rho reversed", ss.spearman([1, 2, 3, 4], [9, 7, 5, -100]), -1.0)
    # ranks x 1, 2.5, 2.5, 4 and y 1..4, centred: (-1.5, 0, 0, 1.5) . (-1.5, -.5, .5, 1.5) = 4.5;
    # sums of squares 4.5 and 5: rho = 4.5 / sqrt(22.5)
    check("rho with a tie", ss.spearman([1, 2, 2, 3], [1, 2, 3, 4]), 4.5 / math.sqrt(22.5))
    check("rho skips NaN pairs", ss.spearman([1, np.nan, 2, 3, 4], [1, 5, 2, 3, 4]), 1.0)
    check("rho of a constant is NaN", ss.spearman([1, 1, 1, 1], [1, 2, 3, 4]), math.nan)
    check("rho of 2 pairs is NaN", ss.spearman([1, 2], [1, 2]), math.nan)


def grid_of_3x2(ss):
    """Paths A (1, 2, 3) x B (10, 20), the last fastest; outcome 100 A + B."""
    a, b = [1, 2, 3], [10, 20]
    values = np.array([[x, y] for x in a for y in b], dtype=float)
    settings = [{"A": f"{x:g}", "B": f"{y:g}"} for x, y in values]
    y = 100 * values[:, 0] + values[:, 1]
    g = ss.grid(["A", "B"], values, settings)
    same("grid levels", g.levels, [["1", "2", "3"], ["10", "20"]])
    same("middle levels of 1, 2, 3, 4 levels", [ss.middle(n) for n in (1, 2, 3, 4)], [[0], [0, 1], [1], [1, 2]])
    rows, base = ss.one_way(g, y)
    # A low: A = 1, B at both middle levels: mean(110, 120) = 115; A high: mean(310, 320) = 315
    # B low: A at its middle (2), B = 10: 210; B high: 220; base: A = 2, B both: 215
    same("one-way rows", [(j, round(lo, 9), round(hi, 9)) for j, lo, hi in rows], [(0, 115, 315), (1, 210, 220)])
    check("one-way base", base, 215)
    check("heat map A x B", ss.heat(g, y, 0, 1).ravel(), [110, 120, 210, 220, 310, 320])
    check("heat map B x A", ss.heat(g, y, 1, 0).ravel(), [110, 210, 310, 120, 220, 320])
    shuffled = [3, 0, 5, 1, 4, 2]  # the same points in another order: the same answers
    g2 = ss.grid(["A", "B"], values[shuffled], [settings[k] for k in shuffled])
    check("one-way does not depend on the points' order", ss.one_way(g2, y[shuffled])[1], 215)
    same("a point twice is not a grid", ss.grid(["A", "B"], values[[0, 0, 1, 2, 3, 4]],
                                                [settings[k] for k in (0, 0, 1, 2, 3, 4)]), None)
    same("a missing combination is not a grid", ss.grid(["A", "B"], values[:5], settings[:5]), None)
    levels = ss.grid(["r"], np.array([[0.85], [0.6]]), [{"r": "0.85"}, {"r": "0.6"}]).levels
    same("levels ordered by value", levels, [["0.6", "0.85"]])
    same("text levels in the order met", ss.level_order(["b", "a", "b"], [math.nan] * 3), ["b", "a"])


def summaries(ss):
    # linear interpolation over 1..5: position 0.025 x 4 = 0.1 -> 1.1; 0.975 x 4 = 3.9 -> 4.9
    check("percentiles", ss.percentiles([5, 1, 3, 2, 4]), [3, 1.1, 4.9])
    check("percentiles skip NaN", ss.percentiles([1, np.nan, 1]), [1, 1, 1])
    check("percentiles of nothing", ss.percentiles([np.nan]), [math.nan] * 3)
    # QALYs (1, 1, 0), costs (10, 20, 0): NMB at 10 = (0, -10, 0) -> none positive (a tie is no gain);
    # at 20 = (10, 0, 0) -> 1 of 3
    check("share with positive NMB", ss.share_positive([1, 1, 0], [10, 20, 0], [10, 20]), [0, 1 / 3])
    check("NMB", ss.nmb([1, 2], [5, 5], [10]).ravel(), [5, 15])


MODEL = """parameters:
  season:
    amplitude:
      value: 0.3
      unit: share  # of the mean
  interventions:
    quinine:
      rate_ratio:
        value: 0.72
        unit: "ratio"
economics_not_parameters:
  unit: none
"""


def units_and_settings(su, sf):
    units = su.model_units(MODEL)
    same("units read from a model file", units, {"parameters.season.amplitude": "share",
                                                 "parameters.interventions.quinine.rate_ratio": "ratio"})
    same("unit of a setting", su.unit("population.size", units), "agents")
    same("unit of an arm's intervention parameter", su.unit("arms.q.interventions.quinine.rate_ratio", units),
         "ratio")
    same("unit of an arm's coverage", su.unit("arms.q.interventions.quinine.coverage", units),
         "share of the eligible")
    same("unknown unit", su.unit("parameters.nowhere.x", units), su.UNKNOWN)
    same("settings parsed", sf.parse_setting("a.b=0.5\nc=[1, 2]\nd=x=y"), {"a.b": "0.5", "c": "[1, 2]", "d": "x=y"})
    same("point names", sf.point_name(17), "point_000017")


def main(analysis):
    sys.path.insert(0, analysis)
    import sweep_file as sf
    import sweep_stats as ss
    import sweep_units as su
    ranks_and_spearman(ss)
    grid_of_3x2(ss)
    summaries(ss)
    units_and_settings(su, sf)
    print(f"sweep stats: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
