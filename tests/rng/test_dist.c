/* test_dist.c -- statistical tests of the samplers in cs_dist.h (cases run in the rng suite).
 *
 * Each configuration draws n values from a fixed seed and checks
 *  - the sample mean and variance against theory, within 5 standard errors:
 *    se(mean) = sqrt(var / n), se(variance) = sqrt((mu4 - var^2 (n-3)/(n-1)) / n)
 *    (the exact sd of the unbiased sample variance, from the fourth central
 *    moment mu4); two-sided 5 se is p = 5.7e-7 for a normal statistic;
 *  - the shape: Pearson chi-square over the binned support for discrete
 *    samplers (adjacent values merged until each bin expects >= 10), the
 *    critical value at alpha = 1e-4 for its degrees of freedom computed
 *    from the incomplete gamma function in test_stats.c (1 dof: 15.14,
 *    6: 27.86, 99: 160.06, 999: 1173.9); Kolmogorov-Smirnov for continuous
 *    samplers with Stephens' small-sample factor, critical value 2.2253 at
 *    alpha = 1e-4 (the limit law's sqrt(ln(2 / alpha) / 2)).
 * The normal's Ziggurat has further tests of its own in test_normal.c.
 * The seeds are fixed, so the outcome is fixed; the levels are chosen so
 * that a correct sampler passes for almost any seed, while an error of 1%
 * in a mean (e.g. Poisson 3.03 for 3: 7.7 se at n = 2e5) fails.
 * Parameters sit on both sides of every algorithm switch. */
#include "cs_dist.h"
#include "cs_test.h"
#include "test_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CS_Z_MAX 5.0       /* moments: |z| below this */
#define CS_ALPHA 1e-4      /* goodness of fit: significance level */
#define CS_KS_CRIT 2.2253  /* Kolmogorov critical value at CS_ALPHA */
#define CS_MIN_EXPECTED 10 /* chi-square bins expect at least this */
#define CS_N 200000        /* default sample size */

/* Defined here, run by main in test_rng.c. */
extern const cs_test_case cs_test_dist_cases[];

/* Chi-square critical value at CS_ALPHA. */
static double cs_chi2_critical(int dof)
{
    return cs_stat_chi2_critical(dof, CS_ALPHA);
}

typedef struct cs_moments {
    double mean, var, mu4; /* mean, variance, fourth central moment */
} cs_moments;

/* Central moments from the raw moments E[X], .., E[X^4]. */
static cs_moments cs_from_raw(double e1, double e2, double e3, double e4)
{
    cs_moments m;
    m.mean = e1;
    m.var = e2 - e1 * e1;
    m.mu4 = e4 - 4.0 * e1 * e3 + 6.0 * e1 * e1 * e2 - 3.0 * e1 * e1 * e1 * e1;
    return m;
}

/* Sample mean and variance of x, compared with theory; prints both z. */
static void cs_check_moments(const char *name, const double *x, size_t n, cs_moments th)
{
    double sum = 0.0;
    for (size_t i = 0; i < n; i++) sum += x[i];
    double mean = sum / (double)n;
    double ss = 0.0;
    for (size_t i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
    double var = ss / (double)(n - 1);
    double zm = (mean - th.mean) / sqrt(th.var / (double)n);
    double nn = (double)n; /* exact variance of the unbiased sample variance */
    double zv = (var - th.var) / sqrt((th.mu4 - (nn - 3.0) / (nn - 1.0) * th.var * th.var) / nn);
    printf("\n    %-28s mean %-12.6g (theory %-12.6g z %+5.2f)"
           " var %-12.6g (theory %-12.6g z %+5.2f)",
           name, mean, th.mean, zm, var, th.var, zv);
    CU_ASSERT(fabs(zm) < CS_Z_MAX);
    CU_ASSERT(fabs(zv) < CS_Z_MAX);
}

/* Discrete check: moments of the pmf (given on [lo, lo + len), mass
 * outside below 1e-20; normalised here, as lgamma of n ~ 1e9 is off by
 * ~1e-5 in its last place), the sample's moments, no value outside the
 * range, and the binned chi-square. */
static void cs_check_discrete(const char *name, const uint32_t *x, size_t n, double *pmf,
                              uint32_t lo, size_t len)
{
    double total = 0.0, mean = 0.0;
    for (size_t i = 0; i < len; i++) total += pmf[i];
    CU_ASSERT(fabs(total - 1.0) < 1e-4); /* the table covers the support */
    for (size_t i = 0; i < len; i++) {
        pmf[i] /= total;
        mean += ((double)lo + (double)i) * pmf[i];
    }
    cs_moments th = {mean, 0.0, 0.0};
    for (size_t i = 0; i < len; i++) {
        double d = (double)lo + (double)i - mean;
        th.var += d * d * pmf[i];
        th.mu4 += d * d * d * d * pmf[i];
    }

    long *counts = calloc(len, sizeof *counts);
    double *xd = malloc(n * sizeof *xd);
    CU_ASSERT_FATAL(counts != NULL && xd != NULL);
    size_t outside = 0;
    for (size_t i = 0; i < n; i++) {
        xd[i] = (double)x[i];
        if (x[i] < lo || x[i] - lo >= len)
            outside++;
        else
            counts[x[i] - lo]++;
    }
    CU_ASSERT_EQUAL(outside, 0);
    cs_check_moments(name, xd, n, th);

    double chi2 = 0.0, obs = 0.0, expd = 0.0, last_obs = 0.0, last_exp = 0.0;
    int bins = 0;
    for (size_t i = 0; i < len; i++) {
        obs += (double)counts[i];
        expd += pmf[i] * (double)n;
        if (expd >= CS_MIN_EXPECTED) {
            if (bins > 0) chi2 += (last_obs - last_exp) * (last_obs - last_exp) / last_exp;
            last_obs = obs;
            last_exp = expd;
            bins++;
            obs = expd = 0.0;
        }
    }
    last_obs += obs; /* the tail too small for a bin joins the last one */
    last_exp += expd;
    if (bins > 0) chi2 += (last_obs - last_exp) * (last_obs - last_exp) / last_exp;
    int dof = bins - 1;
    double crit = dof > 0 ? cs_chi2_critical(dof) : 0.0;
    printf("\n    %-28s chi2 %.1f, %d dof, critical %.1f", "", chi2, dof, crit);
    CU_ASSERT(dof > 0);
    CU_ASSERT(chi2 < crit);
    free(counts);
    free(xd);
}

typedef double (*cs_cdf_fn)(double x, const double *par);

static int cs_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Continuous check: moments, then Kolmogorov-Smirnov against `cdf` (sorts x). */
static void cs_check_continuous(const char *name, double *x, size_t n, cs_moments th, cs_cdf_fn cdf,
                                const double *par)
{
    cs_check_moments(name, x, n, th);
    qsort(x, n, sizeof *x, cs_cmp_double);
    double d = 0.0;
    for (size_t i = 0; i < n; i++) {
        double f = cdf(x[i], par);
        d = fmax(d, fmax(f - (double)i / (double)n, (double)(i + 1) / (double)n - f));
    }
    double sn = sqrt((double)n);
    double lambda = d * (sn + 0.12 + 0.11 / sn);
    printf("\n    %-28s KS D %.5f, sqrt(n) D %.3f, critical %.4f", "", d, lambda, CS_KS_CRIT);
    CU_ASSERT(lambda < CS_KS_CRIT);
}

static cs_pcg32 cs_seeded(uint64_t seed)
{
    cs_pcg32 r;
    cs_pcg32_seed(&r, seed, UINT64_C(0xC0FFEE) + seed);
    return r;
}

/* ---- discrete samplers ---- */

static void test_bernoulli(void)
{
    static const double ps[] = {0.3, 1e-3, 1.0 - 1e-3, 0.5};
    const size_t n = 1000000; /* one draw each: cheap, and 1e-3 needs it */
    uint32_t *x = malloc(n * sizeof *x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    for (size_t c = 0; c < sizeof ps / sizeof ps[0]; c++) {
        cs_pcg32 r = cs_seeded(100 + c);
        for (size_t i = 0; i < n; i++) x[i] = (uint32_t)cs_rng_bernoulli(&r, ps[c]);
        double pmf[2] = {1.0 - ps[c], ps[c]};
        char name[64];
        snprintf(name, sizeof name, "bernoulli(%g)", ps[c]);
        cs_check_discrete(name, x, n, pmf, 0u, 2u);
    }
    free(x);
}

/* The exact path: when the first output equals floor(p 2^32) the second
 * decides against the next 32 bits of p.  Built from the generator's own
 * next outputs, so it runs every branch deterministically. */
static void test_bernoulli_exact_tie(void)
{
    cs_pcg32 r = cs_seeded(7);
    for (int t = 0; t < 200; t++) {
        cs_pcg32 peek = r;
        uint32_t u0 = cs_pcg32_next(&peek);
        uint32_t u1 = cs_pcg32_next(&peek);
        uint32_t g = cs_pcg32_next(&peek) & 0xFFFFF800u; /* 21 bits: p stays exact */
        double p = ((double)u0 * 0x1.0p32 + (double)g) * 0x1.0p-64;
        if (!(p > 0.0)) continue;
        cs_pcg32 tie = r, below = r, above = r;
        CU_ASSERT_EQUAL(cs_rng_bernoulli(&tie, p), u1 < g); /* two draws */
        CU_ASSERT_EQUAL(tie.state, r.state * CS_PCG32_MULT * CS_PCG32_MULT +
                                       r.inc * CS_PCG32_MULT + r.inc);
        if (u0 < UINT32_MAX) {
            CU_ASSERT_EQUAL(cs_rng_bernoulli(&above, (u0 + 1.0) * 0x1.0p-32), 1); /* one draw */
            CU_ASSERT_EQUAL(above.state, r.state * CS_PCG32_MULT + r.inc);
        }
        if (u0 > 0u) {
            CU_ASSERT_EQUAL(cs_rng_bernoulli(&below, (u0 - 1.0) * 0x1.0p-32 + 0x1.0p-40), 0);
            CU_ASSERT_EQUAL(below.state, r.state * CS_PCG32_MULT + r.inc);
        }
        (void)cs_pcg32_next(&r);
    }
}

/* pmf builders over [lo, lo + len), through lgamma (the test's own,
 * independent of the samplers' Stirling tables). */
static void cs_pmf_poisson(double lam, uint32_t lo, size_t len, double *pmf)
{
    for (size_t i = 0; i < len; i++) {
        double k = (double)lo + (double)i;
        pmf[i] = exp(k * log(lam) - lam - lgamma(k + 1.0));
    }
}

static void cs_pmf_poisson_positive(double lam, uint32_t lo, size_t len, double *pmf)
{
    for (size_t i = 0; i < len; i++) {
        double k = (double)lo + (double)i;
        pmf[i] = k < 1.0 ? 0.0 : exp(k * log(lam) - lgamma(k + 1.0)) / expm1(lam);
    }
}

static void cs_pmf_binomial(uint32_t n, double p, uint32_t lo, size_t len, double *pmf)
{
    double nn = (double)n;
    for (size_t i = 0; i < len; i++) {
        double k = (double)lo + (double)i;
        pmf[i] = exp(lgamma(nn + 1.0) - lgamma(k + 1.0) - lgamma(nn - k + 1.0) + k * log(p) +
                     (nn - k) * log1p(-p));
    }
}

/* The support to tabulate: mean +- 12 sd and 40 more on the right (the
 * mass outside is far below 1e-20 for every configuration here). */
static void cs_support(double mean, double sd, double max, uint32_t *lo, size_t *len)
{
    double a = floor(mean - 12.0 * sd);
    double b = fmin(ceil(mean + 12.0 * sd + 40.0), max);
    if (a < 0.0) a = 0.0;
    *lo = (uint32_t)a;
    *len = (size_t)(b - a) + 1u;
}

static void cs_run_poisson(double lam, int positive, size_t n, uint64_t seed)
{
    uint32_t *x = malloc(n * sizeof *x);
    uint32_t lo;
    size_t len;
    cs_support(lam, sqrt(lam), 4294967295.0, &lo, &len);
    double *pmf = malloc(len * sizeof *pmf);
    CU_ASSERT_FATAL(x != NULL && pmf != NULL);
    cs_pcg32 r = cs_seeded(seed);
    char name[64];
    if (positive) {
        for (size_t i = 0; i < n; i++) x[i] = cs_rng_poisson_positive(&r, lam);
        cs_pmf_poisson_positive(lam, lo, len, pmf);
        snprintf(name, sizeof name, "poisson_positive(%g)", lam);
    } else {
        for (size_t i = 0; i < n; i++) x[i] = cs_rng_poisson(&r, lam);
        cs_pmf_poisson(lam, lo, len, pmf);
        snprintf(name, sizeof name, "poisson(%g)", lam);
    }
    cs_check_discrete(name, x, n, pmf, lo, len);
    free(pmf);
    free(x);
}

/* Inversion below mean 10, PTRS from 10 on. */
static void test_poisson(void)
{
    static const double means[] = {0.05, 3.0, 9.99, 10.0, 50.0, 1e4, 5e6};
    for (size_t c = 0; c < sizeof means / sizeof means[0]; c++)
        cs_run_poisson(means[c], 0, CS_N, 200 + c);
}

/* Inversion from 1 below mean 10 (1e-4: nearly always 1), rejection from
 * Poisson at 10 and above.  The tiny mean gets more draws so that the
 * value 2 (expected n mean / 2 times) is seen 100 times. */
static void test_poisson_positive(void)
{
    static const double means[] = {1e-4, 0.5, 9.99, 10.0, 20.0};
    for (size_t c = 0; c < sizeof means / sizeof means[0]; c++)
        cs_run_poisson(means[c], 1, means[c] < 0.01 ? 10 * CS_N : CS_N, 300 + c);
}

static void cs_run_binomial(uint32_t trials, double p, uint64_t seed)
{
    const size_t n = CS_N;
    uint32_t *x = malloc(n * sizeof *x);
    uint32_t lo;
    size_t len;
    cs_support(trials * p, sqrt(trials * p * (1.0 - p)), trials, &lo, &len);
    double *pmf = malloc(len * sizeof *pmf);
    CU_ASSERT_FATAL(x != NULL && pmf != NULL);
    cs_pcg32 r = cs_seeded(seed);
    for (size_t i = 0; i < n; i++) x[i] = cs_rng_binomial(&r, trials, p);
    cs_pmf_binomial(trials, p, lo, len, pmf);
    char name[64];
    snprintf(name, sizeof name, "binomial(%u, %g)", trials, p);
    cs_check_discrete(name, x, n, pmf, lo, len);
    free(pmf);
    free(x);
}

/* n min(p, 1-p) below 10: inversion (with p > 1/2 through n - K). */
static void test_binomial_inversion(void)
{
    cs_run_binomial(20u, 0.3, 400);
    cs_run_binomial(40u, 0.24, 401);  /* n p = 9.6 */
    cs_run_binomial(60u, 0.85, 402);  /* n (1-p) = 9 */
    cs_run_binomial(1u, 0.5, 403);
    cs_run_binomial(1000000u, 5e-6, 404);
}

/* n min(p, 1-p) of 10 and above: BTRD, both its recursive (|k - m| <= 15)
 * and its squeeze/log-factorial branches, and n near 2^32. */
static void test_binomial_btrd(void)
{
    cs_run_binomial(40u, 0.26, 500);  /* n p = 10.4 */
    cs_run_binomial(100u, 0.9, 501);  /* n (1-p) = 10 */
    cs_run_binomial(1000u, 0.3, 502);
    cs_run_binomial(100000u, 0.5, 503);
    cs_run_binomial(3000000000u, 0.4, 504);
}

static void cs_run_categorical(const char *name, const double *cdf, uint32_t k, uint64_t seed)
{
    const size_t n = CS_N;
    uint32_t *x = malloc(n * sizeof *x);
    double *pmf = malloc(k * sizeof *pmf);
    CU_ASSERT_FATAL(x != NULL && pmf != NULL);
    for (uint32_t i = 0; i < k; i++)
        pmf[i] = (i + 1 < k ? cdf[i] : 1.0) - (i > 0 ? cdf[i - 1] : 0.0);
    cs_pcg32 r = cs_seeded(seed);
    int zero_hit = 0;
    for (size_t i = 0; i < n; i++) {
        x[i] = cs_rng_categorical(&r, cdf, k);
        zero_hit |= x[i] < k && pmf[x[i]] == 0.0;
    }
    CU_ASSERT(!zero_hit); /* zero-width categories never come up */
    cs_check_discrete(name, x, n, pmf, 0u, k);
    free(pmf);
    free(x);
}

static void test_categorical(void)
{
    static const double five[] = {0.1, 0.35, 0.35, 0.9, 1.0};
    static const double short_sum[] = {0.2, 0.5, 0.97}; /* last taken as 1: {0.2, 0.3, 0.5} */
    static const double trailing[] = {0.5, 1.0, 1.0, 1.0};
    cs_run_categorical("categorical(5, one empty)", five, 5u, 600);
    cs_run_categorical("categorical(3, sum 0.97)", short_sum, 3u, 601);
    cs_run_categorical("categorical(4, empty tail)", trailing, 4u, 602);
    enum { k = 1000 };
    double *flat = malloc(k * sizeof *flat);
    CU_ASSERT_PTR_NOT_NULL_FATAL(flat);
    for (int i = 0; i < k; i++) flat[i] = (i + 1.0) / k;
    cs_run_categorical("categorical(1000 equal)", flat, k, 603);
    free(flat);
}

/* ---- continuous samplers ---- */

static double cs_cdf_uniform(double x, const double *par)
{
    return fmin(1.0, fmax(0.0, (x - par[0]) / (par[1] - par[0])));
}

static double cs_cdf_exponential(double x, const double *par)
{
    return x <= 0.0 ? 0.0 : -expm1(-par[0] * x);
}

static double cs_cdf_normal(double x, const double *par)
{
    return 0.5 * erfc(-(x - par[0]) / (par[1] * sqrt(2.0)));
}

static double cs_cdf_lognormal(double x, const double *par)
{
    return x <= 0.0 ? 0.0 : cs_cdf_normal(log(x), par);
}

static double cs_cdf_gamma(double x, const double *par)
{
    return cs_stat_gamma_p(par[0], x / par[1]);
}

static void test_uniform(void)
{
    const size_t n = CS_N;
    double *x = malloc(n * sizeof *x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    const double par[2] = {-2.0, 5.0};
    cs_pcg32 r = cs_seeded(700);
    int in_range = 1;
    for (size_t i = 0; i < n; i++) {
        x[i] = cs_rng_uniform(&r, par[0], par[1]);
        in_range &= x[i] >= par[0] && x[i] < par[1];
    }
    CU_ASSERT(in_range);
    double w = par[1] - par[0];
    cs_moments th = {0.5 * (par[0] + par[1]), w * w / 12.0, w * w * w * w / 80.0};
    cs_check_continuous("uniform(-2, 5)", x, n, th, cs_cdf_uniform, par);
    CU_ASSERT_EQUAL(cs_rng_uniform(&r, 3.0, 3.0), 3.0);
    free(x);
}

static void test_exponential(void)
{
    static const double rates[] = {1.5, 1e-3};
    const size_t n = CS_N;
    double *x = malloc(n * sizeof *x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    for (size_t c = 0; c < sizeof rates / sizeof rates[0]; c++) {
        cs_pcg32 r = cs_seeded(710 + c);
        for (size_t i = 0; i < n; i++) x[i] = cs_rng_exponential(&r, rates[c]);
        double m = 1.0 / rates[c];
        cs_moments th = {m, m * m, 9.0 * m * m * m * m};
        char name[64];
        snprintf(name, sizeof name, "exponential(%g)", rates[c]);
        cs_check_continuous(name, x, n, th, cs_cdf_exponential, &rates[c]);
    }
    free(x);
}

/* cs_rng_exponential_below is cs_rng_exponential bit for bit below the
 * limit, at or above it otherwise, and draws the same outputs; limits sit
 * on, just below and just above each exact draw, where the early answer
 * must not cross. */
static void test_exponential_below(void)
{
    static const double rates[] = {1e-9, 1e-4, 0.05, 1.0, 30.0};
    for (size_t c = 0; c < sizeof rates / sizeof rates[0]; c++) {
        cs_pcg32 r = cs_seeded(300 + c);
        for (int i = 0; i < 20000; i++) {
            cs_pcg32 ra = r, rb = r;
            const double e = cs_rng_exponential(&ra, rates[c]);
            const double limits[] = {e, nextafter(e, 0.0), nextafter(e, INFINITY), 0.5 * e, 2.0 * e,
                                     i % 7 / rates[c], 0.0, -1.0, INFINITY};
            for (size_t k = 0; k < sizeof limits / sizeof limits[0]; k++) {
                rb = r;
                const double b = cs_rng_exponential_below(&rb, rates[c], limits[k]);
                CU_ASSERT(e < limits[k] ? b == e : b >= limits[k]);
                CU_ASSERT(rb.state == ra.state);
            }
            r = ra;
        }
    }
    cs_pcg32 r = cs_seeded(399);
    const cs_pcg32 start = r;
    CU_ASSERT(isinf(cs_rng_exponential_below(&r, 0.0, 1.0)));
    CU_ASSERT(isinf(cs_rng_exponential_below(&r, NAN, 1.0)));
    CU_ASSERT(r.state == start.state);
}

static void test_normal(void)
{
    static const double par[][2] = {{0.0, 1.0}, {3.0, 2.0}, {-1e6, 1e-3}};
    const size_t n = CS_N;
    double *x = malloc(n * sizeof *x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    for (size_t c = 0; c < sizeof par / sizeof par[0]; c++) {
        cs_pcg32 r = cs_seeded(720 + c);
        for (size_t i = 0; i < n; i++) x[i] = cs_rng_normal(&r, par[c][0], par[c][1]);
        double v = par[c][1] * par[c][1];
        cs_moments th = {par[c][0], v, 3.0 * v * v};
        char name[64];
        snprintf(name, sizeof name, "normal(%g, %g)", par[c][0], par[c][1]);
        cs_check_continuous(name, x, n, th, cs_cdf_normal, par[c]);
    }
    free(x);
}

static void test_lognormal(void)
{
    static const double par[][2] = {{0.5, 0.75}, {-2.0, 0.1}};
    const size_t n = CS_N;
    double *x = malloc(n * sizeof *x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    for (size_t c = 0; c < sizeof par / sizeof par[0]; c++) {
        cs_pcg32 r = cs_seeded(730 + c);
        for (size_t i = 0; i < n; i++) x[i] = cs_rng_lognormal(&r, par[c][0], par[c][1]);
        double e[5];
        double mu = par[c][0], s2 = par[c][1] * par[c][1];
        for (int k = 1; k <= 4; k++) e[k] = exp(k * mu + 0.5 * k * k * s2);
        char name[64];
        snprintf(name, sizeof name, "lognormal(%g, %g)", par[c][0], par[c][1]);
        cs_check_continuous(name, x, n, cs_from_raw(e[1], e[2], e[3], e[4]), cs_cdf_lognormal,
                            par[c]);
    }
    free(x);
}

/* Shapes below 1 (boosted), exactly 1, and above (Marsaglia-Tsang direct). */
static void test_gamma(void)
{
    static const double par[][2] = {{0.05, 2.0}, {0.3, 2.0}, {0.999, 1.0}, {1.0, 0.5},
                                    {4.0, 2.0},  {50.0, 0.1}};
    const size_t n = CS_N;
    double *x = malloc(n * sizeof *x);
    CU_ASSERT_PTR_NOT_NULL_FATAL(x);
    for (size_t c = 0; c < sizeof par / sizeof par[0]; c++) {
        double a = par[c][0], s = par[c][1];
        cs_pcg32 r = cs_seeded(740 + c);
        for (size_t i = 0; i < n; i++) x[i] = cs_rng_gamma(&r, a, s);
        /* E[X^k] = s^k a (a+1) .. (a+k-1) */
        double e1 = s * a, e2 = e1 * s * (a + 1.0);
        double e3 = e2 * s * (a + 2.0), e4 = e3 * s * (a + 3.0);
        char name[64];
        snprintf(name, sizeof name, "gamma(%g, %g)", a, s);
        cs_check_continuous(name, x, n, cs_from_raw(e1, e2, e3, e4), cs_cdf_gamma, par[c]);
    }
    free(x);
}

/* ---- contracts ---- */

/* Degenerate parameters return the documented limit and draw nothing. */
static void test_degenerate_no_draw(void)
{
    cs_pcg32 r = cs_seeded(800);
    const cs_pcg32 start = r;
    const double nan = NAN;
    static const double cdf1[] = {1.0};
    CU_ASSERT_EQUAL(cs_rng_bernoulli(&r, 0.0), 0);
    CU_ASSERT_EQUAL(cs_rng_bernoulli(&r, -1.0), 0);
    CU_ASSERT_EQUAL(cs_rng_bernoulli(&r, nan), 0);
    CU_ASSERT_EQUAL(cs_rng_bernoulli(&r, 1.0), 1);
    CU_ASSERT_EQUAL(cs_rng_bernoulli(&r, 2.0), 1);
    CU_ASSERT(isinf(cs_rng_exponential(&r, 0.0)));
    CU_ASSERT(isinf(cs_rng_exponential(&r, -3.0)));
    CU_ASSERT(isinf(cs_rng_exponential(&r, nan)));
    CU_ASSERT_EQUAL(cs_rng_normal(&r, 4.0, 0.0), 4.0);
    CU_ASSERT_EQUAL(cs_rng_normal(&r, 4.0, -1.0), 4.0);
    CU_ASSERT_EQUAL(cs_rng_normal(&r, 4.0, nan), 4.0);
    CU_ASSERT_EQUAL(cs_rng_lognormal(&r, 0.0, 0.0), 1.0);
    CU_ASSERT_EQUAL(cs_rng_gamma(&r, 0.0, 1.0), 0.0);
    CU_ASSERT_EQUAL(cs_rng_gamma(&r, 2.0, 0.0), 0.0);
    CU_ASSERT_EQUAL(cs_rng_gamma(&r, nan, 1.0), 0.0);
    CU_ASSERT_EQUAL(cs_rng_gamma(&r, 1.0, -1.0), 0.0);
    CU_ASSERT_EQUAL(cs_rng_poisson(&r, 0.0), 0u);
    CU_ASSERT_EQUAL(cs_rng_poisson(&r, -5.0), 0u);
    CU_ASSERT_EQUAL(cs_rng_poisson(&r, nan), 0u);
    CU_ASSERT_EQUAL(cs_rng_poisson(&r, 0x1.0p32), UINT32_MAX);
    CU_ASSERT_EQUAL(cs_rng_poisson(&r, INFINITY), UINT32_MAX);
    CU_ASSERT_EQUAL(cs_rng_poisson_positive(&r, 0.0), 1u);
    CU_ASSERT_EQUAL(cs_rng_poisson_positive(&r, -1.0), 1u);
    CU_ASSERT_EQUAL(cs_rng_poisson_positive(&r, nan), 1u);
    CU_ASSERT_EQUAL(cs_rng_binomial(&r, 0u, 0.5), 0u);
    CU_ASSERT_EQUAL(cs_rng_binomial(&r, 10u, 0.0), 0u);
    CU_ASSERT_EQUAL(cs_rng_binomial(&r, 10u, nan), 0u);
    CU_ASSERT_EQUAL(cs_rng_binomial(&r, 10u, 1.0), 10u);
    CU_ASSERT_EQUAL(cs_rng_binomial(&r, UINT32_MAX, 1.5), UINT32_MAX);
    CU_ASSERT_EQUAL(cs_rng_categorical(&r, cdf1, 1u), 0u);
    CU_ASSERT_EQUAL(cs_rng_categorical(&r, NULL, 0u), 0u);
    CU_ASSERT(r.state == start.state && r.inc == start.inc);
}

/* Each sampler, run twice from the same seed, gives bit-identical values
 * and leaves the generator in the same state; another seed differs. */
static void test_dist_determinism(void)
{
    enum { kinds = 10, draws = 2000 };
    static const double cdf[] = {0.25, 0.5, 0.75, 1.0};
    for (int kind = 0; kind < kinds; kind++) {
        double out[3][draws];
        cs_pcg32 gens[3] = {cs_seeded(900), cs_seeded(900), cs_seeded(901)};
        for (int g = 0; g < 3; g++) {
            cs_pcg32 *r = &gens[g];
            for (int i = 0; i < draws; i++) {
                double v = 0.0;
                switch (kind) {
                case 0: v = cs_rng_bernoulli(r, 0.4); break;
                case 1: v = cs_rng_uniform(r, -1.0, 1.0); break;
                case 2: v = cs_rng_exponential(r, 2.0); break;
                case 3: v = cs_rng_normal(r, 0.0, 1.0); break;
                case 4: v = cs_rng_lognormal(r, 0.0, 1.0); break;
                case 5: v = cs_rng_gamma(r, i % 2 ? 0.5 : 3.0, 1.0); break;
                case 6: v = cs_rng_poisson(r, i % 2 ? 4.0 : 400.0); break;
                case 7: v = cs_rng_poisson_positive(r, i % 2 ? 0.01 : 30.0); break;
                case 8: v = cs_rng_binomial(r, 500u, i % 2 ? 0.01 : 0.4); break;
                default: v = cs_rng_categorical(r, cdf, 4u); break;
                }
                out[g][i] = v;
            }
        }
        CU_ASSERT(memcmp(out[0], out[1], sizeof out[0]) == 0);
        CU_ASSERT(gens[0].state == gens[1].state);
        CU_ASSERT(memcmp(out[0], out[2], sizeof out[0]) != 0);
    }
}

const cs_test_case cs_test_dist_cases[] = {
    {"dist_bernoulli", test_bernoulli},
    {"dist_bernoulli_exact_tie", test_bernoulli_exact_tie},
    {"dist_uniform", test_uniform},
    {"dist_exponential", test_exponential},
    {"dist_exponential_below", test_exponential_below},
    {"dist_normal", test_normal},
    {"dist_lognormal", test_lognormal},
    {"dist_gamma", test_gamma},
    {"dist_poisson", test_poisson},
    {"dist_poisson_positive", test_poisson_positive},
    {"dist_binomial_inversion", test_binomial_inversion},
    {"dist_binomial_btrd", test_binomial_btrd},
    {"dist_categorical", test_categorical},
    {"dist_degenerate_no_draw", test_degenerate_no_draw},
    {"dist_determinism", test_dist_determinism},
    {NULL, NULL},
};
