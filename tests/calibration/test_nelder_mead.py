#!/usr/bin/python3
"""analysis/nelder_mead.py on functions whose minimum is known."""
import pathlib
import sys
import unittest

import numpy as np

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[2] / "analysis"))
import nelder_mead  # noqa: E402


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


class NelderMead(unittest.TestCase):
    def test_rosenbrock_valley(self):
        r = nelder_mead.minimize(rosenbrock, [-1.2, 1.0], [-2, -2], [2, 2], max_calls=2000,
                                 f_tol=1e-14, x_tol=1e-10)
        self.assertEqual(r.reason, "converged")
        np.testing.assert_allclose(r.x, [1, 1], atol=1e-5)
        self.assertLess(r.f, 1e-10)

    def test_scaled_quadratic_inside(self):
        centre, scale = np.array([0.3, 0.7, 0.2, 0.9]), np.array([1, 10, 100, 1000])
        r = nelder_mead.minimize(lambda x: (scale * (x - centre) ** 2).sum(), [0.5] * 4, [0] * 4, [1] * 4,
                                 max_calls=2000, f_tol=1e-14, x_tol=1e-10)
        np.testing.assert_allclose(r.x, centre, atol=1e-5)

    def test_minimum_outside_box_ends_on_the_bound(self):
        r = nelder_mead.minimize(lambda x: ((x - np.array([3.0, 0.5, -1.0])) ** 2).sum(), [0, 0, 0],
                                 [-1, -1, -1], [1, 1, 1], max_calls=1000, f_tol=1e-14, x_tol=1e-10)
        self.assertEqual(r.x[0], 1.0)
        self.assertEqual(r.x[2], -1.0)
        self.assertAlmostEqual(r.x[1], 0.5, places=5)
        self.assertTrue(np.all(r.x >= -1) and np.all(r.x <= 1))

    def test_start_on_the_upper_bound_steps_inwards(self):
        seen = []
        nelder_mead.minimize(lambda x: seen.append(x.copy()) or float(x[0]), [1.0], [0], [1], max_calls=5)
        self.assertTrue(all(0 <= x[0] <= 1 for x in seen))
        self.assertLess(seen[1][0], 1.0)

    def test_budget_is_a_hard_limit(self):
        calls = []
        r = nelder_mead.minimize(lambda x: calls.append(1) or rosenbrock(x), [-1.2, 1.0], [-2, -2], [2, 2],
                                 max_calls=17, f_tol=0, x_tol=0)
        self.assertEqual((len(calls), r.calls, r.reason), (17, 17, "budget"))
        self.assertLess(r.f, rosenbrock([-1.2, 1.0]))

    def test_refuses_a_budget_below_the_first_simplex(self):
        with self.assertRaises(ValueError):
            nelder_mead.minimize(rosenbrock, [0, 0], [-1, -1], [1, 1], max_calls=2)


if __name__ == "__main__":
    unittest.main()
