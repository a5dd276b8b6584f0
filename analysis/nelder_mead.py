"""Nelder-Mead minimisation in a box, with numpy only (scipy is not among the project's packages).

Written for analysis/calibrate.py, where each call of the objective is a simulation: no
gradients, deterministic under common random numbers but piecewise flat, and costly, so the
budget counts calls.  Trial points outside the box are projected onto it, so a parameter can
end exactly on a bound, which the fit report flags.  Standard coefficients: reflection 1,
expansion 2, contraction 1/2, shrink 1/2.
"""
from dataclasses import dataclass

import numpy as np


@dataclass
class Result:
    x: np.ndarray   # best point seen
    f: float        # its value
    calls: int      # calls of the objective
    reason: str     # "converged" or "budget"


class _Budget(Exception):
    pass


def minimize(f, x0, lower, upper, step=0.1, max_calls=200, f_tol=1e-6, x_tol=1e-6):
    """Minimises f over the box [lower, upper] from x0 (inside it).

    The first simplex steps from x0 by step * width along each axis (inwards where the box
    ends).  Stops when the simplex's values lie within f_tol of the best and its points within
    x_tol * width of it, or after max_calls calls (at least dimension + 1)."""
    lower, upper = np.asarray(lower, float), np.asarray(upper, float)
    x0 = np.asarray(x0, float)
    n = x0.size
    width = upper - lower
    if not (np.all(width > 0) and np.all(x0 >= lower) and np.all(x0 <= upper)):
        raise ValueError("x0 must lie in a box with upper > lower")
    if max_calls < n + 1:
        raise ValueError(f"max_calls must be at least {n + 1} (the first simplex)")
    best = {"x": x0, "f": np.inf, "calls": 0}

    def call(x):
        if best["calls"] >= max_calls:
            raise _Budget
        best["calls"] += 1
        value = float(f(x))
        if value < best["f"]:
            best["x"], best["f"] = x.copy(), value
        return value

    def clip(x):
        return np.minimum(np.maximum(x, lower), upper)

    points = [x0]
    for i in range(n):
        d = np.zeros(n)
        d[i] = step * width[i] if x0[i] + step * width[i] <= upper[i] else -step * width[i]
        points.append(clip(x0 + d))
    reason = "budget"
    try:
        values = [call(p) for p in points]
        while True:
            order = np.argsort(values, kind="stable")
            points, values = [points[k] for k in order], [values[k] for k in order]
            spread = max(np.max(np.abs(p - points[0]) / width) for p in points)
            if values[-1] - values[0] <= f_tol and spread <= x_tol:
                reason = "converged"
                break
            centroid = np.mean(points[:-1], axis=0)
            worst = points[-1]
            xr = clip(centroid + (centroid - worst))
            fr = call(xr)
            if fr < values[0]:
                xe = clip(centroid + 2 * (centroid - worst))
                fe = call(xe)
                points[-1], values[-1] = (xe, fe) if fe < fr else (xr, fr)
            elif fr < values[-2]:
                points[-1], values[-1] = xr, fr
            else:
                outside = fr < values[-1]
                xc = centroid + 0.5 * ((xr if outside else worst) - centroid)
                fc = call(xc)
                if fc < (fr if outside else values[-1]):
                    points[-1], values[-1] = xc, fc
                else:
                    for k in range(1, n + 1):
                        points[k] = points[0] + 0.5 * (points[k] - points[0])
                        values[k] = call(points[k])
    except _Budget:
        pass
    return Result(best["x"], best["f"], best["calls"], reason)
