#!/usr/bin/python3
"""The statistics of the comparison of arms (analysis/arm_stats.py, arms.py, arm_effects.py) on synthetic numbers.

    check_arm_stats.py ANALYSIS_DIR

Every expected value is worked out by hand in the comment beside it (closed
forms of the t quantile for 1 and 2 degrees of freedom, sums of three or four
numbers), not by the code under test.  Prints one line per failure and a count.
"""
import math
import sys

import numpy as np

failures = []
T2 = math.sqrt(1.805 / 0.0975)  # t(0.975, 2 df): P(|T| <= t) = t / sqrt(2 + t^2) = 0.95 -> t^2 = 1.805 / 0.0975


def check(name, got, want, tol=1e-9):
    """got == want within tol (elementwise; NaN equals NaN, inf equals inf)."""
    g, w = np.atleast_1d(np.asarray(got, dtype=float)), np.atleast_1d(np.asarray(want, dtype=float))
    ok = g.shape == w.shape and all(
        (math.isnan(a) and math.isnan(b)) or (math.isinf(b) and a == b) or abs(a - b) <= tol * max(1, abs(b))
        for a, b in zip(g, w))
    if not ok:
        failures.append(name)
        print(f"FAIL {name}: got {got!r}, want {want!r}")


def same(name, got, want):
    if got != want:
        failures.append(name)
        print(f"FAIL {name}: got {got!r}, want {want!r}")


def t_quantiles(st):
    check("t(0.975, 1 df) = tan(0.475 pi) (Cauchy)", st.t_quantile(1), math.tan(0.475 * math.pi), 1e-12)
    check("t(0.975, 2 df) closed form", st.t_quantile(2), T2, 1e-12)
    check("t(0.975, 3 df) (table 3.182446)", st.t_quantile(3), 3.182446, 1e-6)
    check("t(0.975, 10000 df) near z = 1.959964", st.t_quantile(10000), 1.96, 1e-3)
    check("P(|T| <= 1), 1 df = 2 atan(1) / pi = 1/2", st.t_two_sided(1.0, 1), 0.5, 1e-15)
    # 3 df: theta = atan(1 / sqrt 3) = pi/6, A = (2/pi)(theta + sin theta cos theta) = 1/3 + sqrt(3) / (2 pi)
    check("P(|T| <= 1), 3 df", st.t_two_sided(1.0, 3), 1 / 3 + math.sqrt(3) / (2 * math.pi), 1e-15)
    try:
        st.t_quantile(0)
        same("t_quantile(0) raises", "no error", "ValueError")
    except ValueError:
        pass


def intervals(st):
    # [1, 2, 3]: mean 2, sd 1, half width t2 / sqrt(3)
    m, lo, hi = st.t_interval(np.array([1.0, 2.0, 3.0]))
    check("t interval of [1,2,3]", [m, lo, hi], [2, 2 - T2 / math.sqrt(3), 2 + T2 / math.sqrt(3)])
    # paired: arm [10, 12, 14] - reference [9, 10, 14] = [1, 2, 0]: mean 1, sd 1
    d = np.array([10.0, 12.0, 14.0]) - np.array([9.0, 10.0, 14.0])
    m, lo, hi = st.t_interval(d)
    check("paired t interval", [m, lo, hi], [1, 1 - T2 / math.sqrt(3), 1 + T2 / math.sqrt(3)])
    # per column [R][G]: the second column is constant, so its interval has width 0
    m, lo, hi = st.t_interval(np.array([[1.0, 5.0], [3.0, 5.0]]))
    t1 = math.tan(0.475 * math.pi)  # two replicates: 1 df; [1, 3]: sd sqrt(2), half width t1 * sqrt(2) / sqrt(2)
    check("t interval per column", [*m, *lo, *hi], [2, 5, 2 - t1, 5, 2 + t1, 5])
    m, lo, hi = st.t_interval(np.zeros((4, 3)))
    same("identical arms: exactly zero", (m.tolist(), lo.tolist(), hi.tolist()), ([0.0] * 3, [0.0] * 3, [0.0] * 3))
    m, lo, hi = st.t_interval(np.array([[7.0]]))
    check("one replicate: point estimate, no interval", [m[0], lo[0], hi[0]], [7, math.nan, math.nan])
    same("rule, one replicate", st.rule(1, paired=True), st.NO_INTERVAL)
    same("rule, paired, says paired and t", ("paired" in st.rule(3, True), "t = 4.303" in st.rule(3, True)),
         (True, True))


def fieller(st):
    # constant denominator 2: the t interval of the numerator [1,2,3] over 2
    check("Fieller, constant denominator", st.fieller([1, 2, 3], [2, 2, 2]),
          [(2 - T2 / math.sqrt(3)) / 2, (2 + T2 / math.sqrt(3)) / 2])
    # constant numerator 10, denominator [40, 50, 60] (mean 50, var 100): |10 - 50q| <= q t2 sqrt(100/3)
    k = T2 * math.sqrt(100 / 3)
    check("Fieller, constant numerator", st.fieller([10, 10, 10], [40, 50, 60]), [10 / (50 + k), 10 / (50 - k)])
    # numerator = 2 x denominator in every replicate (covariance 2, variances 4 and 1): the quadratic is
    # 100 (2 - q)^2 <= (t2^2 / 3)(2 - q)^2, true only at q = 2 -- a zero-width interval
    check("Fieller, perfectly correlated", st.fieller([18, 20, 22], [9, 10, 11]), [2, 2], 1e-6)
    # denominator [-1, 0, 1]: its interval holds 0, the ratio is unbounded
    check("Fieller, denominator not different from 0", st.fieller([1, 2, 3], [-1, 0, 1]), [-math.inf, math.inf])
    check("Fieller, one replicate", st.fieller([1], [2]), [math.nan, math.nan])


def dominance(st):
    cases = [((100, 2), st.RATIO), ((-5, 2), st.DOMINANT), ((0, 2), st.DOMINANT), ((5, -1), st.DOMINATED),
             ((0, -1), st.DOMINATED), ((-5, -1), st.SAVES), ((0, 0), st.NO_DIFFERENCE), ((3, 0), st.DOMINATED),
             ((-3, 0), st.DOMINANT)]
    for (cost, effect), want in cases:
        same(f"classify(cost {cost}, effect {effect})", st.classify(cost, effect), want)


def ratios(am):
    # ICER in the north-east quadrant: costs [90, 100, 110], QALYs [2, 2, 2] -> 100 / 2 = 50, interval from costs
    est, lo, hi, kind = am.ratio_estimate(np.array([90.0, 100, 110]), np.array([2.0, 2, 2]), True)
    check("ICER estimate and Fieller interval", [est, lo, hi], [50, (100 - 10 * T2 / math.sqrt(3)) / 2,
                                                               (100 + 10 * T2 / math.sqrt(3)) / 2])
    same("ICER class", kind, "ICER")
    # dominated: more cost, fewer QALYs -> no number, the class
    est, lo, hi, kind = am.ratio_estimate(np.array([10.0, 20, 30]), np.array([-1.0, -2, -3]), True)
    same("dominated: class", kind, "dominated")
    check("dominated: no number", [est, lo, hi], [math.nan] * 3)
    est, _, _, kind = am.ratio_estimate(np.array([-10.0, -20, -30]), np.array([1.0, 2, 3]), True)
    same("dominant: class", (kind, math.isnan(est)), ("dominant", True))
    # south-west: saves 20 / 2 = 10 per QALY forgone
    est, _, _, kind = am.ratio_estimate(np.array([-10.0, -20, -30]), np.array([-1.0, -2, -3]), True)
    same("south-west: class", kind, "less effect, less cost")
    check("south-west: saving per unit forgone", est, 10)
    # NNT: 10 person-years of treatment, [40, 50, 60] cramp nights averted -> 10 / 50 = 0.2 person-years
    est, lo, hi, kind = am.ratio_estimate(np.array([10.0, 10, 10]), np.array([40.0, 50, 60]), False)
    k = T2 * math.sqrt(100 / 3)
    check("NNT and its interval", [est, lo, hi], [0.2, 10 / (50 + k), 10 / (50 - k)])
    same("NNT class", kind, "NNT")
    same("NNT, none averted", am.ratio_estimate(np.array([10.0, 10]), np.array([-1.0, 0]), False)[3],
         "no cramp nights averted")
    same("NNT, no extra treatment", am.ratio_estimate(np.zeros(2), np.array([5.0, 6]), False)[3],
         "no extra treatment")


def acceptability(st):
    # NMB = w - 100 and w - 300: at 300 the second is a tie (0), not positive
    check("CEAC", st.acceptability([100, 300], [1, 1], [0, 150, 200, 300, 400]), [0, 0.5, 0.5, 0.5, 1])
    check("CEAC, no difference: never positive", st.acceptability([0, 0, 0], [0, 0, 0], [0, 1e5]), [0, 0])
    check("CEAC, dominant: always", st.acceptability([-1, -2], [0.1, 0.2], [0, 1e5]), [1, 1])


def differences(am):
    # reference: 100 cramp nights in 10 person-years, 36,000 s of sleep lost; arm: 80 nights in 8 person-years
    ref = {"cramp_nights": np.array([[100.0]]), "person_years": np.array([[10.0]]),
           "sleep_hours_lost": np.array([[10.0]]), "cost_total": np.array([[50.0]]), "qalys_lost": np.array([[2.0]])}
    arm = {"cramp_nights": np.array([[80.0]]), "person_years": np.array([[8.0]]),
           "sleep_hours_lost": np.array([[4.0]]), "cost_total": np.array([[150.0]]), "qalys_lost": np.array([[1.5]])}
    d = am.differences(ref, arm, set(ref))
    check("averted per 1,000 PY: rates 10,000 and 10,000", d["cramp_nights_averted_per_1000py"], [[0.0]])
    check("cramp nights averted, total", d["cramp_nights_averted"], [[20.0]])
    check("sleep gained per 1,000 PY: 1000 - 500", d["sleep_hours_gained_per_1000py"], [[500.0]])
    check("incremental cost", d["incremental_cost"], [[100.0]])
    check("QALYs gained", d["qalys_gained"], [[0.5]])
    same("only differences of measures present", "strains_averted" in d, False)


def effects(ae):
    """arm_effects: the forest plot's rate ratio and the net monetary benefit."""
    k = T2 * math.sqrt(100 / 3)  # t * sd(den) / sqrt(3), den = [40, 50, 60] (sd 10)
    check("rate ratio, constant arm: Fieller", ae.rate_ratio(np.array([10.0] * 3), np.array([40.0, 50, 60])),
          [0.2, 10 / (50 + k), 10 / (50 - k)])
    check("rate ratio, arms equal in every replicate: exactly 1 [1, 1]",
          ae.rate_ratio(np.array([3.0, 5, 7]), np.array([3.0, 5, 7])), [1, 1, 1], 0)
    check("rate ratio, one replicate: no interval", ae.rate_ratio(np.array([2.0]), np.array([4.0])),
          [0.5, math.nan, math.nan])
    check("rate ratio, reference without cramp nights: undefined", ae.rate_ratio(np.zeros(3), np.zeros(3)),
          [math.nan] * 3)
    c = {"diffs": {"a": {"qalys_gained": np.array([[0.5], [1.0]]), "incremental_cost": np.array([[1000.0], [0.0]])}}}
    got = ae.nmb(c)["a"]
    check("NMB = w * QALYs gained - incremental cost, w = 20,000 / 50,000 / 100,000",
          [*got[20_000][:, 0], *got[50_000][:, 0], *got[100_000][:, 0]],
          [9_000, 20_000, 24_000, 50_000, 49_000, 100_000])


def main(analysis_dir):
    sys.path.insert(0, analysis_dir)
    import arm_stats as st
    import arm_effects as ae
    import arms as am
    t_quantiles(st)
    intervals(st)
    fieller(st)
    dominance(st)
    ratios(am)
    acceptability(st)
    differences(am)
    effects(ae)
    print(f"arm statistics: {len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: check_arm_stats.py ANALYSIS_DIR")
    sys.exit(main(sys.argv[1]))
