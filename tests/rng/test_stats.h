/* test_stats.h -- reference statistics shared by the rng suite's test files.
 *
 * Independent of the samplers under test: libm's erfc and lgamma, and
 * textbook series, so a sampler and its check cannot share a mistake. */
#ifndef CS_TEST_STATS_H
#define CS_TEST_STATS_H

/* Regularized incomplete gamma P(a, x) and Q(a, x) = 1 - P(a, x), for
 * a > 0 (0 and 1 for x <= 0); each computed directly where it is small. */
double cs_stat_gamma_p(double a, double x);
double cs_stat_gamma_q(double a, double x);

/* The chi-square critical value c with P(X > c) = alpha for `dof` degrees
 * of freedom (dof >= 1), by bisection on Q(dof / 2, c / 2). */
double cs_stat_chi2_critical(int dof, double alpha);

/* P(Z > x) for a standard normal Z, through erfc (accurate far out). */
double cs_stat_normal_q(double x);

#endif
