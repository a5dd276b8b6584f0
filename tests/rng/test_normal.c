/* test_normal.c -- tests aimed at the Ziggurat behind cs_rng_normal (cases run in the rng suite).
 *
 * test_dist.c checks the normal, lognormal and gamma as wholes (moments and
 * Kolmogorov-Smirnov at n = 2e5).  A Ziggurat goes wrong in particular
 * places -- a table entry, an off-by-one layer, the seam between the fast
 * region and a wedge, the tail -- where an error of that size hides, so
 * these tests look there, with more draws (the sampler costs ~4 ns):
 *  - the tables against the geometry they encode, recomputed in long double;
 *  - the tails: P(|Z| > t) for t = 2, 3, r (= 3.654, where the tail
 *    algorithm starts), 4, 4.5, 5 over 5e7 draws, each within 5 binomial
 *    sd (at t = 5 that is 29 +- 27, a gross check only; the 1.3e4 values
 *    beyond r are instead checked by Kolmogorov-Smirnov against the
 *    conditional law of |Z| given |Z| > r), and the balance of signs;
 *  - 50 equiprobable bins (chi-square, 2e7 draws) and lag-1 correlations
 *    of Z and Z^2;
 *  - the layer boundaries: chi-square over bins of |Z| with an edge at
 *    every boundary x[1] .. x[255] = r and at a quarter of the narrower
 *    neighbouring layer on either side, so that a step in the density at
 *    any seam shows (2e7 draws, 766 bins); and finer bins (8 a side)
 *    around x[1] .. x[4] and r, where the wedges are widest or the tail
 *    begins;
 *  - the number of outputs per call (2 on the fast path, 2.044 on average).
 * Significance levels as in test_dist.c: 5 sd for z statistics, alpha =
 * 1e-4 for chi-square and KS; the seeds are fixed.
 * Power: each of these mistakes fails at least two of the tests -- k 1%
 * too large in every layer, the wedges' f taken one layer off, the tail
 * without its rejection step, the base's k 0.5% too large, f(x[0]) taken
 * as f(q) instead of 1.  A mistake confined to one layer moves too little
 * mass to see in 2e7 draws (a fast region that overruns its seam by 2% of
 * the layer moves ~3e-6 of the mass, because next to a seam the wedge
 * accepts nearly everything; a middle layer's whole wedge is 2e-5 of it):
 * that is the table test's job. */
#include "cs_dist.h"
#include "cs_test.h"
#include "cs_ziggurat_tables.h"
#include "test_stats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define CS_Z_MAX 5.0      /* z statistics: |z| below this */
#define CS_ALPHA 1e-4     /* chi-square and KS: significance level */
#define CS_KS_CRIT 2.2253 /* Kolmogorov critical value at CS_ALPHA */
#define CS_ZMAX_BOUND 13.71 /* |Z| < r + 36.74 / r (cs_dist.h) */

/* Defined here, run by main in test_rng.c. */
extern const cs_test_case cs_test_normal_cases[];

static cs_pcg32 cs_seeded(uint64_t seed)
{
    cs_pcg32 r;
    cs_pcg32_seed(&r, seed, UINT64_C(0xBADC0DE) + seed);
    return r;
}

/* x[i] of the tables: w[i] 2^52 for i >= 1 (exact), 0 for i = 0. */
static double cs_layer_x(int i)
{
    return i == 0 ? 0.0 : ldexp(cs_zig_w[i], CS_ZIG_BITS);
}

/* ---- binning ---- */

/* Bins of a value a: bin b is [edges[b-1], edges[b]) for 0 < b < n, with
 * (-inf, edges[0]) and [edges[n-1], inf) at the ends.  A grid of cells
 * over [lo, hi) remembers where each cell's search may start, so binning
 * takes a few comparisons rather than a binary search's mispredictions. */
typedef struct cs_binner {
    const double *edges;
    size_t n;
    double lo, inv_h;
    size_t ncell;
    size_t *start;
} cs_binner;

static int cs_binner_init(cs_binner *b, const double *edges, size_t n, double lo, double hi,
                          size_t ncell)
{
    b->edges = edges;
    b->n = n;
    b->lo = lo;
    b->inv_h = (double)ncell / (hi - lo);
    b->ncell = ncell;
    b->start = malloc(ncell * sizeof *b->start);
    if (!b->start) return -1;
    size_t k = 0;
    for (size_t c = 0; c < ncell; c++) {
        /* Edges below the previous cell's start: surely below any value
         * that lands in cell c, whatever the rounding of the cell index. */
        double below = lo + ((double)c - 1.0) / b->inv_h;
        while (k < n && edges[k] < below) k++;
        b->start[c] = k;
    }
    return 0;
}

static size_t cs_binner_bin(const cs_binner *b, double a)
{
    double t = (a - b->lo) * b->inv_h;
    size_t k = 0;
    if (t >= (double)b->ncell)
        k = b->start[b->ncell - 1];
    else if (t > 0.0)
        k = b->start[(size_t)t];
    while (k < b->n && a >= b->edges[k]) k++;
    return k;
}

/* Pearson chi-square of counts[0..n] against the probabilities p[0..n]
 * (n + 1 bins), printed and checked at CS_ALPHA with n degrees of freedom. */
static void cs_check_chi2(const char *name, const long *counts, const double *p, size_t n,
                          size_t draws)
{
    double chi2 = 0.0, min_expected = INFINITY;
    for (size_t b = 0; b <= n; b++) {
        double e = p[b] * (double)draws;
        double d = (double)counts[b] - e;
        chi2 += d * d / e;
        min_expected = fmin(min_expected, e);
    }
    double crit = cs_stat_chi2_critical((int)n, CS_ALPHA);
    printf("\n    %-34s chi2 %.1f, %zu dof, critical %.1f (bins expect >= %.0f)", name, chi2, n,
           crit, min_expected);
    CU_ASSERT(min_expected >= 10.0);
    CU_ASSERT(chi2 < crit);
}

static int cs_cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ---- the tables ---- */

/* Every relation gen_ziggurat.py built the tables from, recomputed here in
 * long double from the stored x[i] (so the tolerances allow for their
 * rounding to double, amplified where layers are wide). */
static void test_normal_ziggurat_tables(void)
{
    const long double r = CS_ZIG_R, v = CS_ZIG_V, scale = ldexpl(1.0L, CS_ZIG_BITS);
    CU_ASSERT_EQUAL(cs_layer_x(CS_ZIG_LAYERS - 1), CS_ZIG_R);
    CU_ASSERT_DOUBLE_EQUAL(CS_ZIG_INV_R * CS_ZIG_R, 1.0, 1e-15);
    /* v = r f(r) + int_r^inf f, the area of each layer. */
    long double tail = sqrtl(acosl(-1.0L) / 2.0L) * erfcl(r / sqrtl(2.0L));
    CU_ASSERT(fabsl(r * expl(-r * r / 2.0L) + tail - v) < 1e-15L * v);
    /* The base box: width q with q f(r) = v, fast region [0, r). */
    long double q = (long double)cs_zig_w[0] * scale;
    CU_ASSERT(fabsl(q * expl(-r * r / 2.0L) - v) < 1e-15L * v);
    CU_ASSERT_EQUAL(cs_zig_k[0], (uint64_t)floorl(scale * r / q));
    CU_ASSERT(((long double)cs_zig_k[0] - 0.5L) * cs_zig_w[0] <= r);
    CU_ASSERT_EQUAL(cs_zig_f[0], 1.0);
    CU_ASSERT_EQUAL(cs_zig_k[1], 0u); /* the top layer is all wedge */
    int monotone = 1, f_ok = 1, area_ok = 1, k_ok = 1, fast_inside = 1;
    for (int i = 1; i < CS_ZIG_LAYERS; i++) {
        long double x = cs_layer_x(i), xp = cs_layer_x(i - 1);
        monotone &= x > xp && cs_zig_f[i] < cs_zig_f[i - 1];
        /* f(x[i]) came from the exact x[i], which the stored x[i] misses
         * by up to 2^-53 relative, moving f by x^2 times that. */
        long double f = expl(-x * x / 2.0L);
        f_ok &= fabsl((long double)cs_zig_f[i] - f) <= (1.0L + x * x) * 0x1.0p-53L * f;
        /* Box i: [0, x[i]] x [f(x[i]), f(x[i-1])], area v. */
        long double fp = i == 1 ? 1.0L : expl(-xp * xp / 2.0L);
        area_ok &= fabsl(x * (fp - f) - v) < 1e-12L * v;
        if (i >= 2) {
            long double k = floorl(scale * xp / x);
            k_ok &= fabsl((long double)cs_zig_k[i] - k) <= 1.0L;
            /* The largest fast value, (k - 1/2) w, must not pass x[i-1]. */
            fast_inside &= ((long double)cs_zig_k[i] - 0.5L) * cs_zig_w[i] <= xp;
        }
    }
    CU_ASSERT(monotone);
    CU_ASSERT(f_ok);
    CU_ASSERT(area_ok);
    CU_ASSERT(k_ok);
    CU_ASSERT(fast_inside);
}

/* ---- the tails ---- */

static void test_normal_tails(void)
{
    static const double t[] = {2.0, 3.0, CS_ZIG_R, 4.0, 4.5, 5.0};
    enum { nt = sizeof t / sizeof t[0] };
    const size_t n = 50000000;
    const double p_tail = 2.0 * cs_stat_normal_q(CS_ZIG_R);
    size_t cap = (size_t)(2.0 * p_tail * (double)n) + 1000; /* 2x the expected count */
    double *beyond = malloc(cap * sizeof *beyond);
    CU_ASSERT_PTR_NOT_NULL_FATAL(beyond);
    long count[nt] = {0};
    size_t m = 0, negative = 0;
    double max_abs = 0.0;
    cs_pcg32 r = cs_seeded(1000);
    for (size_t i = 0; i < n; i++) {
        double z = cs_rng_normal(&r, 0.0, 1.0);
        double a = fabs(z);
        if (a <= t[0]) continue;
        for (int k = 0; k < nt && a > t[k]; k++) count[k]++;
        if (a > CS_ZIG_R && m < cap) {
            beyond[m++] = a;
            negative += z < 0.0;
        }
        max_abs = fmax(max_abs, a);
    }
    for (int k = 0; k < nt; k++) {
        double p = 2.0 * cs_stat_normal_q(t[k]);
        double e = p * (double)n, z = ((double)count[k] - e) / sqrt(e * (1.0 - p));
        printf("\n    P(|Z| > %-6.4g) %-12.6g (theory %-12.6g; count %ld, z %+5.2f)", t[k],
               (double)count[k] / (double)n, p, count[k], z);
        CU_ASSERT(fabs(z) < CS_Z_MAX);
    }
    CU_ASSERT(m < cap);
    CU_ASSERT(max_abs < CS_ZMAX_BOUND);
    /* Signs in the tail: Binomial(m, 1/2). */
    double zs = ((double)negative - 0.5 * (double)m) / sqrt(0.25 * (double)m);
    printf("\n    beyond r: %zu values, %zu negative (z %+5.2f), max |Z| %.3f", m, negative, zs,
           max_abs);
    CU_ASSERT(fabs(zs) < CS_Z_MAX);
    /* KS of |Z| given |Z| > r: F(a) = 1 - Q(a) / Q(r). */
    qsort(beyond, m, sizeof *beyond, cs_cmp_double);
    double qr = cs_stat_normal_q(CS_ZIG_R), d = 0.0;
    for (size_t i = 0; i < m; i++) {
        double f = 1.0 - cs_stat_normal_q(beyond[i]) / qr;
        d = fmax(d, fmax(f - (double)i / (double)m, (double)(i + 1) / (double)m - f));
    }
    double sm = sqrt((double)m), lambda = d * (sm + 0.12 + 0.11 / sm);
    printf("\n    beyond r: KS D %.5f, sqrt(n) D %.3f, critical %.4f", d, lambda, CS_KS_CRIT);
    CU_ASSERT(lambda < CS_KS_CRIT);
    free(beyond);
}

/* ---- the whole line ---- */

/* 50 bins of probability 1/50 each (edges by bisection on erfc), and the
 * lag-1 correlations: sum z_i z_{i+1} / sqrt(n) and
 * sum (z_i^2 - 1)(z_{i+1}^2 - 1) / (2 sqrt(n)) are N(0, 1) for
 * independent normals. */
static void test_normal_equiprobable_bins(void)
{
    enum { bins = 50 };
    const size_t n = 20000000;
    double edges[bins - 1], p[bins];
    for (int k = 1; k < bins; k++) {
        double target = 1.0 - (double)k / bins, lo = -10.0, hi = 10.0; /* Q(edge) */
        for (int it = 0; it < 200; it++) {
            double mid = 0.5 * (lo + hi);
            if (cs_stat_normal_q(mid) > target)
                lo = mid;
            else
                hi = mid;
        }
        edges[k - 1] = 0.5 * (lo + hi);
    }
    for (int k = 0; k < bins; k++) /* from the edges as rounded, not 1/50 */
        p[k] = (k == 0 ? 1.0 : cs_stat_normal_q(edges[k - 1])) -
               (k == bins - 1 ? 0.0 : cs_stat_normal_q(edges[k]));
    cs_binner bn;
    CU_ASSERT_FATAL(cs_binner_init(&bn, edges, bins - 1, -3.0, 3.0, 4096) == 0);
    long counts[bins] = {0};
    double s1 = 0.0, s2 = 0.0, prev = 0.0;
    cs_pcg32 r = cs_seeded(1100);
    for (size_t i = 0; i < n; i++) {
        double z = cs_rng_normal(&r, 0.0, 1.0);
        counts[cs_binner_bin(&bn, z)]++;
        if (i > 0) {
            s1 += prev * z;
            s2 += (prev * prev - 1.0) * (z * z - 1.0);
        }
        prev = z;
    }
    cs_check_chi2("50 equiprobable bins", counts, p, bins - 1, n);
    double c1 = s1 / sqrt((double)(n - 1)), c2 = s2 / (2.0 * sqrt((double)(n - 1)));
    printf("\n    lag-1 correlation: of Z z %+5.2f, of Z^2 z %+5.2f", c1, c2);
    CU_ASSERT(fabs(c1) < CS_Z_MAX);
    CU_ASSERT(fabs(c2) < CS_Z_MAX);
    free(bn.start);
}

/* ---- the seams between layers ---- */

/* Probabilities of the bins of |Z| for sorted positive edges[0..n-1]. */
static void cs_abs_normal_bins(const double *edges, size_t n, double *p)
{
    double upper = 1.0; /* P(|Z| >= previous edge) */
    for (size_t b = 0; b < n; b++) {
        double q = 2.0 * cs_stat_normal_q(edges[b]);
        p[b] = upper - q;
        upper = q;
    }
    p[n] = upper;
}

static void test_normal_layer_boundaries(void)
{
    enum { layers = CS_ZIG_LAYERS, fine = 8, fine_windows = 5 };
    const size_t n = 20000000;
    /* Seams: edges x[b] - d[b], x[b], x[b] + d[b] for b = 1 .. 255, with
     * d[b] a quarter of the narrower neighbouring layer (of the one below
     * for r).  Fine: 2 * fine bins across [x[b] - d[b], x[b] + d[b]] for
     * b = 1 .. 4 and r. */
    enum { n_seam = 3 * (layers - 1), n_fine = fine_windows * (2 * fine + 1) };
    static const int fine_at[fine_windows] = {1, 2, 3, 4, layers - 1};
    double seam[n_seam], fine_edges[n_fine], p_seam[n_seam + 1], p_fine[n_fine + 1];
    for (int b = 1; b < layers; b++) {
        double x = cs_layer_x(b), below = x - cs_layer_x(b - 1);
        double d = 0.25 * (b + 1 < layers ? fmin(below, cs_layer_x(b + 1) - x) : below);
        seam[3 * (b - 1)] = x - d;
        seam[3 * (b - 1) + 1] = x;
        seam[3 * (b - 1) + 2] = x + d;
        for (int w = 0; w < fine_windows; w++)
            if (fine_at[w] == b)
                for (int k = 0; k <= 2 * fine; k++)
                    fine_edges[w * (2 * fine + 1) + k] = x + d * (k - fine) / fine;
    }
    cs_abs_normal_bins(seam, n_seam, p_seam);
    cs_abs_normal_bins(fine_edges, n_fine, p_fine);
    cs_binner bs, bf;
    CU_ASSERT_FATAL(cs_binner_init(&bs, seam, n_seam, 0.0, 4.0, 16384) == 0);
    CU_ASSERT_FATAL(cs_binner_init(&bf, fine_edges, n_fine, 0.0, 4.0, 16384) == 0);
    long *c_seam = calloc(n_seam + 1, sizeof *c_seam), *c_fine = calloc(n_fine + 1, sizeof *c_fine);
    CU_ASSERT_FATAL(c_seam != NULL && c_fine != NULL);
    cs_pcg32 r = cs_seeded(1200);
    for (size_t i = 0; i < n; i++) {
        double a = fabs(cs_rng_normal(&r, 0.0, 1.0));
        c_seam[cs_binner_bin(&bs, a)]++;
        c_fine[cs_binner_bin(&bf, a)]++;
    }
    cs_check_chi2("|Z| around every layer boundary", c_seam, p_seam, n_seam, n);
    cs_check_chi2("|Z| finely around x1..x4 and r", c_fine, p_fine, n_fine, n);
    free(c_seam);
    free(c_fine);
    free(bs.start);
    free(bf.start);
}

/* ---- the draw count ---- */

/* Outputs taken by one call, found by stepping a copy of the generator
 * until it meets the advanced one (a call takes a few at most). */
static int cs_outputs_used(cs_pcg32 before, const cs_pcg32 *after)
{
    int k = 0;
    while (before.state != after->state && k < 1000) {
        (void)cs_pcg32_next(&before);
        k++;
    }
    return k;
}

/* cs_dist.h: two outputs in 98.5% of calls, never fewer, always an even
 * number, 2.044 on average.  The expected count is 2.0441 (from the
 * tables: 2 per try, 1.0067 tries, plus 2 per wedge test and 4 per tail
 * try); over 2e5 calls its sd is ~0.0006, so 2.044 +- 0.005 is > 8 sd. */
static void test_normal_draw_count(void)
{
    const int n = 200000;
    cs_pcg32 r = cs_seeded(1300);
    long total = 0, two = 0;
    int min = 1000, even = 1;
    for (int i = 0; i < n; i++) {
        cs_pcg32 before = r;
        (void)cs_rng_normal(&r, 1.0, 2.0);
        int k = cs_outputs_used(before, &r);
        total += k;
        two += k == 2;
        min = k < min ? k : min;
        even &= k % 2 == 0;
    }
    double mean = (double)total / n, fast = (double)two / n;
    printf("\n    outputs per normal: mean %.4f, min %d, two in %.4f of calls", mean, min, fast);
    CU_ASSERT_EQUAL(min, 2);
    CU_ASSERT(even);
    CU_ASSERT(fabs(mean - 2.044) < 0.005);
    CU_ASSERT(fabs(fast - 0.985) < 0.002);
}

const cs_test_case cs_test_normal_cases[] = {
    {"normal_ziggurat_tables", test_normal_ziggurat_tables},
    {"normal_tails", test_normal_tails},
    {"normal_equiprobable_bins", test_normal_equiprobable_bins},
    {"normal_layer_boundaries", test_normal_layer_boundaries},
    {"normal_draw_count", test_normal_draw_count},
    {NULL, NULL},
};
