"""Statistics of the comparison of policy arms: intervals over paired replicates, ratios, dominance, CEAC.

Every arm of a result file shares the population and the random streams of
the reference arm (common random numbers), so replicate r of an arm and
replicate r of the reference are a matched pair: their difference has far
less noise than either arm.  Everything here works on per-replicate arrays
(axis 0 = replicate) that the caller has already paired and differenced.

- Differences and means: Student t interval, mean +- t(0.975, n-1) * sd / sqrt(n),
  sd with n-1 degrees of freedom (`t_interval`).  With one replicate: the point
  estimate and no interval (NaN bounds).
- Ratios of two mean differences (ICER, cost per cramp night averted, NNT): the
  ratio of the means, with Fieller's interval (`fieller`), which is unbounded
  when the denominator's own interval includes 0.
- Dominance (`classify`), as health economists read the cost-effectiveness plane.
- Acceptability (`acceptability`): share of replicates with positive net benefit.

No scipy: the t quantile comes from the exact t distribution function for an
integer number of degrees of freedom (Abramowitz & Stegun 26.7.3-4).
"""
import math

import numpy as np

LEVEL = 0.95
NO_INTERVAL = "single replicate: point estimate, no interval"

# ICER classes (classify): the words of the cost-effectiveness plane
DOMINANT = "dominant"              # more effect and no more cost, or the same effect for less
DOMINATED = "dominated"            # less effect and no less cost, or the same effect for more
RATIO = "ICER"                     # more effect for more cost (north-east quadrant)
SAVES = "less effect, less cost"   # south-west: the ratio is the saving per unit of effect forgone
NO_DIFFERENCE = "no difference"    # same cost, same effect


def t_two_sided(t, df):
    """P(|T| <= t) for Student's T with an integer df >= 1 and t >= 0 (A&S 26.7.3-4, exact)."""
    theta = math.atan(t / math.sqrt(df))
    c2, s = math.cos(theta) ** 2, math.sin(theta)
    if df % 2 == 1:
        term, total = math.cos(theta), 0.0
        for k in range(1, (df - 1) // 2 + 1):  # cos + (2/3) cos^3 + (2*4)/(3*5) cos^5 ...
            total += term
            term *= c2 * (2 * k) / (2 * k + 1)
        return 2 / math.pi * (theta + s * total)
    term, total = 1.0, 0.0
    for k in range(1, df // 2 + 1):  # 1 + (1/2) cos^2 + (1*3)/(2*4) cos^4 ...
        total += term
        term *= c2 * (2 * k - 1) / (2 * k)
    return s * total


def t_quantile(df, level=LEVEL):
    """The two-sided quantile t with P(|T| <= t) = level (t(0.975, df) for level 0.95); df >= 1 integer."""
    if df < 1 or int(df) != df:
        raise ValueError(f"degrees of freedom must be a positive integer, got {df}")
    lo, hi = 0.0, 1.0
    while t_two_sided(hi, int(df)) < level:
        hi *= 2
    for _ in range(200):  # bisection to machine precision
        mid = (lo + hi) / 2
        if mid in (lo, hi):
            break
        lo, hi = (mid, hi) if t_two_sided(mid, int(df)) < level else (lo, mid)
    return (lo + hi) / 2


def rule(replicates, paired):
    """How the intervals of `t_interval` were made, in words."""
    if replicates < 2:
        return NO_INTERVAL
    what = "paired t interval of the mean difference" if paired else "t interval of the mean"
    return f"{what}, 95%, over {replicates} replicates (t = {t_quantile(replicates - 1):.3f}, {replicates - 1} df)"


def t_interval(values):
    """(mean, low, high) over axis 0 of per-replicate values [R, ...]: the 95% Student t interval of the
    mean; low = high = NaN with one replicate.  Identical values give low = high = mean exactly."""
    v = np.asarray(values, dtype=np.float64)
    n = v.shape[0]
    mean = v.mean(axis=0)
    if n < 2:
        nan = np.full_like(mean, np.nan)
        return mean, nan, nan.copy()
    half = t_quantile(n - 1) * v.std(axis=0, ddof=1) / math.sqrt(n)
    return mean, mean - half, mean + half


def ratio_of_means(num, den):
    """mean(num) / mean(den) over axis 0, NaN where mean(den) is 0."""
    n, d = np.asarray(num, dtype=np.float64).mean(axis=0), np.asarray(den, dtype=np.float64).mean(axis=0)
    out = np.full(np.broadcast(n, d).shape, np.nan)
    np.divide(n, d, out=out, where=d != 0)
    return out


def fieller(num, den):
    """Fieller's 95% interval of mean(num) / mean(den) from paired per-replicate values [R] (1-d).

    The set of ratios q with (mean(num) - q mean(den))^2 <= t^2 var(mean(num) - q mean(den)), var from
    the replicates' variances and covariance (n-1 df).  Returns (low, high); (-inf, inf) when it is not
    a bounded interval (the denominator's own t interval includes 0); (NaN, NaN) with one replicate."""
    x, y = np.asarray(num, dtype=np.float64), np.asarray(den, dtype=np.float64)
    n = x.size
    if n < 2:
        return math.nan, math.nan
    t2 = t_quantile(n - 1) ** 2 / n
    c = np.cov(x, y, ddof=1)
    mx, my = x.mean(), y.mean()
    a = my * my - t2 * c[1, 1]
    b = mx * my - t2 * c[0, 1]
    k = mx * mx - t2 * c[0, 0]
    if a <= 0:
        return -math.inf, math.inf
    root = math.sqrt(max(b * b - a * k, 0.0))
    return (b - root) / a, (b + root) / a


def classify(cost, effect):
    """Where mean incremental cost and mean incremental effect (gained, > 0 = better) fall on the
    cost-effectiveness plane: DOMINANT, DOMINATED, RATIO (north-east: cost per unit gained is the
    ICER), SAVES (south-west: the ratio is the saving per unit forgone) or NO_DIFFERENCE."""
    if effect > 0:
        return DOMINANT if cost <= 0 else RATIO
    if effect < 0:
        return DOMINATED if cost >= 0 else SAVES
    return NO_DIFFERENCE if cost == 0 else DOMINANT if cost < 0 else DOMINATED


def acceptability(cost, effect, thresholds):
    """Cost-effectiveness acceptability: for each willingness to pay w of thresholds [T], the share of
    replicates with positive net benefit w * effect - cost (> 0 strictly: a tie is not a gain).
    cost and effect are paired per-replicate increments [R]; returns [T] in [0, 1]."""
    c = np.asarray(cost, dtype=np.float64)[None, :]
    e = np.asarray(effect, dtype=np.float64)[None, :]
    w = np.asarray(thresholds, dtype=np.float64)[:, None]
    return (w * e - c > 0).mean(axis=1)
