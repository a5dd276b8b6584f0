#!/usr/bin/python3
"""analysis/calibration_targets.py: scores and objective on headline values made up here."""
import math
import pathlib
import sys
import unittest

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "analysis"))
import calibration_targets as ct  # noqa: E402

TARGETS = ct.load(ROOT / "models/leg_cramps/calibration/targets.yaml")


def by_id(ident):
    return next(t for t in TARGETS if t.id == ident)


def published():
    """Every headline at its target's published value."""
    return {t.headline: t.value for t in TARGETS if isinstance(t, ct.Target)}


class Scores(unittest.TestCase):
    def scores(self, headlines):
        return {s.target.id: s for s in ct.score(TARGETS, headlines)}

    def test_published_values_meet_every_target_at_zero_cost(self):
        s = self.scores(published())
        self.assertTrue(all(x.status == "ok" for x in s.values()), [x for x in s.values() if x.status != "ok"])
        self.assertEqual(ct.objective(s.values(), set(s)), 0.0)

    def test_two_sided_error_is_standardized_and_weighted(self):
        t = by_id("pregnancy_trimester_3")
        h = published()
        h[t.headline] = t.value + 2 * t.sd
        s = self.scores(h)[t.id]
        self.assertAlmostEqual(s.z, 2.0)
        self.assertAlmostEqual(ct.objective([s], {t.id}), 4.0 * t.weight)
        h[t.headline] = t.band[1] + 0.01
        self.assertEqual(self.scores(h)[t.id].status, "MISS")
        h[t.headline] = t.band[1]
        self.assertEqual(self.scores(h)[t.id].status, "ok")

    def test_one_sided_bound_costs_nothing_on_its_side(self):
        upper = by_id("over_3_a_week_65")
        h = published()
        h[upper.headline] = upper.band[0]
        self.assertEqual(self.scores(h)[upper.id].z, 0.0)
        h[upper.headline] = upper.value + upper.sd
        s = self.scores(h)[upper.id]
        self.assertAlmostEqual(s.z, 1.0)
        self.assertEqual(s.status, "MISS")

    def test_relation_fails_with_its_shortfall(self):
        rel = by_id("women_above_men_65")
        women, men = by_id(rel.left), by_id(rel.right)
        h = published()
        h[women.headline], h[men.headline] = 41.0, 44.0
        s = self.scores(h)[rel.id]
        self.assertEqual(s.status, "MISS")
        self.assertAlmostEqual(s.model, -3.0)
        self.assertAlmostEqual(s.z, 3.0 / rel.sd)

    def test_missing_headline_is_a_failure_and_an_infinite_objective(self):
        h = published()
        del h[by_id("prevalence_65_men").headline]
        s = self.scores(h)
        self.assertEqual(s["prevalence_65_men"].status, "MISSING")
        self.assertEqual(s["women_above_men_65"].status, "MISSING")
        self.assertEqual(ct.objective(s.values(), {"prevalence_65_men"}), math.inf)
        self.assertEqual(ct.objective(s.values(), {"nightly_65"}), 0.0)


if __name__ == "__main__":
    unittest.main()
