/* cs_dist.c -- the samplers of cs_dist.h.
 *
 * Choices: exact methods only (inversion where the expected search is short,
 * Hormann's transformed rejection PTRS/BTRD where it is not, and for the
 * normal, which the nightly loop draws most, a Ziggurat on static const
 * tables), uniforms from cs_pcg32_double so that tails are resolved to
 * 2^-53, and no libm calls that touch global state (lgamma sets signgam,
 * so log-factorials come from a Stirling table here).  Parameters are
 * re-derived per call: the engine draws from a different distribution
 * almost every call, so a setup object would buy little. */
#include "cs_dist.h"

#include <math.h>

#include "cs_ziggurat_tables.h"

#define CS_LN_SQRT_2PI 0.91893853320467274178

/* Stirling correction fc(k) = ln k! - (k + 1/2) ln(k + 1) + (k + 1) - ln sqrt(2 pi),
 * the term Hormann's algorithms use: a table for k < 16 (from 40-digit
 * arithmetic), beyond it the asymptotic series in 1/(k+1), whose next term
 * is below 1e-14 there. */
static double cs_fc(double k)
{
    static const double table[16] = {
        0.081061466795327258, 0.041340695955409294, 0.027677925684998339,
        0.020790672103765093, 0.016644691189821192, 0.013876128823070748,
        0.011896709945891770, 0.010411265261972096, 0.0092554621827127329,
        0.0083305634333628713, 0.0075736754879518408, 0.0069428401072095299,
        0.0064089941880042071, 0.0059513701127588477, 0.0055547335519628014,
        0.0052076559196096404};
    if (k < 16.0) return table[(int)k];
    double i = 1.0 / (k + 1.0);
    double i2 = i * i;
    return (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - i2 / 1680.0) * i2) * i2) * i;
}

static uint32_t cs_saturate_u32(double k)
{
    return k >= 4294967295.0 ? UINT32_MAX : (uint32_t)k;
}

int cs_rng_bernoulli(cs_pcg32 *r, double p)
{
    if (!(p > 0.0)) return 0;
    if (p >= 1.0) return 1;
    /* Compare a 64-bit uniform with p * 2^64, looking at the low 32 bits
     * only when the high 32 bits tie.  Both scalings are exact. */
    double scaled = p * 0x1.0p32;
    uint32_t k = (uint32_t)scaled;
    uint32_t x = cs_pcg32_next(r);
    if (x != k) return x < k;
    uint32_t frac = (uint32_t)((scaled - (double)k) * 0x1.0p32);
    return cs_pcg32_next(r) < frac;
}

double cs_rng_uniform(cs_pcg32 *r, double lo, double hi)
{
    return lo + (hi - lo) * cs_pcg32_double(r);
}

double cs_rng_exponential(cs_pcg32 *r, double rate)
{
    if (!(rate > 0.0)) return INFINITY;
    return -log(1.0 - cs_pcg32_double(r)) / rate; /* 1 - U is exact, in (0, 1] */
}

double cs_rng_exponential_below(cs_pcg32 *r, double rate, double limit)
{
    if (!(rate > 0.0)) return INFINITY;
    const double u = cs_pcg32_double(r);
    /* the exact draw is -log(1 - u) / rate >= u / rate up to three roundings
     * (log, division, and this bound's product: 2^-50 in all); the margin
     * 2^-40 keeps the early answer on the right side of the limit.  u > 0:
     * an underflowed bound must not decide a zero draw. */
    if (u > 0.0 && u >= rate * limit * (1.0 + 0x1.0p-40)) return INFINITY;
    return -log(1.0 - u) / rate;
}

/* Standard normal by the Ziggurat method: Marsaglia and Tsang, "The
 * Ziggurat method for generating random variables", J. Stat. Softw. 5(8)
 * (2000), with the layout of Doornik, "An improved Ziggurat method to
 * generate normal random samples" (2005): the layer index, the sign and the
 * abscissa come from disjoint bits, so the index is independent of the
 * value (Marsaglia and Tsang's 32-bit version reuses the low bits of the
 * abscissa as the index, which correlates them).
 *
 * 256 layers of equal area (tables and geometry in cs_ziggurat_tables.h,
 * written by tools/gen_ziggurat.py).  One try takes two outputs as the
 * 64-bit b = first << 32 | second: the low 8 bits pick layer i, the top 53
 * bits j give s = j - 2^52 in [-2^52, 2^52), and the candidate is
 * x = (s + 1/2) w[i], a midpoint grid that is symmetric about 0 and never 0.
 * If |s + 1/2| < k[i] (tested on the integer cell |s + 1/2| - 1/2, which is
 * the low 52 bits of j, complemented when x < 0) x lies where the whole
 * layer is under the density and is returned: 98.5% of tries end there,
 * with two outputs, no libm call and no data-dependent branch but that
 * one.  Otherwise layer 0 goes to the exact tail and the others to the
 * exact wedge test; both use double uniforms.  1.0067 tries per normal
 * (the Ziggurat's area over the density's), 2.044 outputs on average.
 *
 * Why two outputs rather than one: with one 32-bit output only 23-24 bits
 * would be left for the abscissa, so each layer would hold 2^24 grid
 * values, the whole normal about 2^32 distinct values, and 1e7 draws would
 * hold ~10^4 exactly tied pairs (birthday bound) -- harmless for a lognormal
 * duration, but visible wherever values are ranked or thresholded, and
 * short of the double-rounding exactness cs_dist.h promises.  53 bits make
 * the grid 2^-52 x[i] (2^61 values, no ties in practice) for one more
 * pcg32 step, which costs at most 0.5 ns per normal in a tight loop
 * (3.7-4.0 ns against 3.6-3.8 ns for a one-output variant). */
#define CS_ZIG_CELL_MASK ((UINT64_C(1) << CS_ZIG_BITS) - 1u)
#define CS_ZIG_HALF_OFFSET (0x1.0p52 - 0.5)
_Static_assert(CS_ZIG_LAYERS == 256 && CS_ZIG_BITS == 52, "the bit layout below assumes these");

/* The 64 bits of one try. */
static inline uint64_t cs_zig_bits(cs_pcg32 *r)
{
    uint64_t hi = cs_pcg32_next(r); /* two statements: fixes the order */
    return (hi << 32) | cs_pcg32_next(r);
}

/* The candidate x of the bits b, its layer and its cell. */
static inline double cs_zig_candidate(uint64_t b, unsigned *layer, uint64_t *cell)
{
    uint64_t j = b >> 11;
    uint64_t flip = ((j >> 52) & 1u) - 1u; /* all ones when s < 0 */
    *layer = (unsigned)(b & 0xFFu);
    *cell = (j ^ flip) & CS_ZIG_CELL_MASK;
    /* s + 1/2 = j - (2^52 - 1/2), exact: both fit in 53 bits. */
    return ((double)(int64_t)j - CS_ZIG_HALF_OFFSET) * cs_zig_w[*layer];
}

static double cs_zig_tail(cs_pcg32 *r, int negative);

/* The rest of a try whose candidate (from b) missed the fast region, and
 * any further tries.  Out of line, so that the fast path inlines. */
static double cs_zig_slow(cs_pcg32 *r, uint64_t b)
{
    for (;;) {
        unsigned i;
        uint64_t cell;
        double x = cs_zig_candidate(b, &i, &cell);
        if (cell < cs_zig_k[i]) return x;
        if (i == 0) return cs_zig_tail(r, x < 0.0);
        /* Wedge of layer i: y uniform in [f(x[i]), f(x[i-1])), accepted under f. */
        double y = cs_zig_f[i] + cs_pcg32_double(r) * (cs_zig_f[i - 1] - cs_zig_f[i]);
        if (y < exp(-0.5 * x * x)) return x;
        b = cs_zig_bits(r);
    }
}

static inline double cs_std_normal(cs_pcg32 *r)
{
    unsigned i;
    uint64_t cell;
    uint64_t b = cs_zig_bits(r);
    double x = cs_zig_candidate(b, &i, &cell);
    if (cell < cs_zig_k[i]) return x;
    return cs_zig_slow(r, b);
}

/* The tail |Z| > r, by Marsaglia's exact method ("Generating a variable from
 * the tail of the normal distribution", Technometrics 6, 1964, in the form
 * of Marsaglia and Tsang 2000): with E1, E2 standard exponentials, accept
 * r + E1 / r when 2 E2 > (E1 / r)^2.  Exponentials by inversion of double
 * uniforms as in cs_rng_exponential, so E < 36.8 and |Z| < r + 10.1; tries
 * of four outputs, 1.066 on average at r = 3.654. */
static double cs_zig_tail(cs_pcg32 *r, int negative)
{
    for (;;) {
        double e1 = -log(1.0 - cs_pcg32_double(r)) * CS_ZIG_INV_R;
        double e2 = -log(1.0 - cs_pcg32_double(r));
        if (e2 + e2 > e1 * e1) return negative ? -(CS_ZIG_R + e1) : CS_ZIG_R + e1;
    }
}

double cs_rng_normal(cs_pcg32 *r, double mean, double sd)
{
    if (!(sd > 0.0)) return mean;
    return mean + sd * cs_std_normal(r);
}

double cs_rng_lognormal(cs_pcg32 *r, double mu, double sigma)
{
    if (!(sigma > 0.0)) return exp(mu);
    return exp(mu + sigma * cs_std_normal(r));
}

/* Gamma(shape, 1) for shape >= 1: Marsaglia and Tsang, "A simple method for
 * generating gamma variables", ACM TOMS 26 (2000), with their squeeze. */
static double cs_std_gamma_mt(cs_pcg32 *r, double shape)
{
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / sqrt(9.0 * d);
    for (;;) {
        double x, v;
        do {
            x = cs_std_normal(r);
            v = 1.0 + c * x;
        } while (v <= 0.0);
        v = v * v * v;
        double u = cs_pcg32_double(r);
        double x2 = x * x;
        if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
        if (log(u) < 0.5 * x2 + d * (1.0 - v + log(v))) return d * v;
    }
}

double cs_rng_gamma(cs_pcg32 *r, double shape, double scale)
{
    if (!(shape > 0.0) || !(scale > 0.0)) return 0.0;
    if (shape >= 1.0) return cs_std_gamma_mt(r, shape) * scale;
    /* Boost: Gamma(a) = Gamma(a + 1) U^(1/a) (Marsaglia and Tsang, sec. 6). */
    double g = cs_std_gamma_mt(r, shape + 1.0);
    double u = 1.0 - cs_pcg32_double(r);
    return g * pow(u, 1.0 / shape) * scale;
}

/* Poisson (or zero-truncated Poisson) by sequential search from k = k0,
 * whose probability is p_k0 (mean < 10).  If the cumulative sum stops
 * growing in double before reaching U (probability ~1e-16), the draw is
 * repeated, which conditions on the representable part. */
static uint32_t cs_poisson_search(cs_pcg32 *r, double mean, uint32_t k0, double p_k0)
{
    for (;;) {
        double u = cs_pcg32_double(r);
        double p = p_k0, cum = p_k0;
        uint32_t k = k0;
        while (u >= cum) {
            k++;
            p *= mean / k;
            double next = cum + p;
            if (next == cum) break;
            cum = next;
        }
        if (u < cum) return k;
    }
}

static uint32_t cs_poisson_inversion(cs_pcg32 *r, double mean) { return cs_poisson_search(r, mean, 0, exp(-mean)); }

/* ln P(K = k) for K ~ Poisson(lam), k >= 0 integral, written so that the
 * large terms cancel analytically: with d = k + 1 - lam,
 * ln P = -(k + 1/2) log1p(d / lam) + d - ln(lam) / 2 - ln sqrt(2 pi) - fc(k). */
static double cs_poisson_log_pmf(double k, double lam, double loglam)
{
    double d = (k + 1.0) - lam;
    return -(k + 0.5) * log1p(d / lam) + d - 0.5 * loglam - CS_LN_SQRT_2PI - cs_fc(k);
}

/* Hormann, "The transformed rejection method for generating Poisson random
 * variables", Insurance: Mathematics and Economics 12 (1993): algorithm PTRS,
 * valid for mean >= 10. */
static uint32_t cs_poisson_ptrs(cs_pcg32 *r, double lam)
{
    double slam = sqrt(lam);
    double loglam = log(lam);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double log_invalpha = log(1.1239 + 1.1328 / (b - 3.4));
    double vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        double u = cs_pcg32_double(r) - 0.5;
        double v = cs_pcg32_double(r);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + lam + 0.43);
        if (us >= 0.07 && v <= vr) return cs_saturate_u32(k);
        if (k < 0.0 || (us < 0.013 && v > us)) continue; /* also us == 0 */
        if (log(v) + log_invalpha - log(a / (us * us) + b) <= cs_poisson_log_pmf(k, lam, loglam))
            return cs_saturate_u32(k);
    }
}

uint32_t cs_rng_poisson(cs_pcg32 *r, double mean)
{
    if (!(mean > 0.0)) return 0;
    if (mean < 10.0) return cs_poisson_inversion(r, mean);
    if (mean >= 0x1.0p32) return UINT32_MAX;
    return cs_poisson_ptrs(r, mean);
}

uint32_t cs_rng_poisson_positive(cs_pcg32 *r, double mean)
{
    if (!(mean > 0.0)) return 1;
    if (mean >= 10.0) {
        uint32_t k;
        do k = cs_rng_poisson(r, mean);
        while (k == 0);
        return k;
    }
    /* Sequential search from k = 1; P(1) = mean e^-mean / (1 - e^-mean). */
    /* e^m - 1: a short series where exp() would cancel, exp() elsewhere
     * (glibc's expm1 is several times slower, and models call this often) */
    double em1 = mean < 1e-3 ? mean * (1.0 + mean * (0.5 + mean * (1.0 / 6.0 + mean / 24.0))) : exp(mean) - 1.0;
    return cs_poisson_search(r, mean, 1, mean / em1);
}

/* Binomial by sequential search from 0, for p <= 1/2 and n p < 10 (so
 * (1-p)^n >= e^-14 and the search is short).  P(x+1)/P(x) = s (n - x)/(x + 1)
 * with s = p / (1 - p); a stalled cumulative sum repeats the draw as in
 * cs_poisson_inversion. */
static uint32_t cs_binomial_inversion(cs_pcg32 *r, uint32_t n, double p)
{
    double s = p / (1.0 - p);
    double p0 = exp((double)n * log1p(-p));
    for (;;) {
        double u = cs_pcg32_double(r);
        double px = p0, cum = p0;
        uint32_t x = 0;
        while (u >= cum && x < n) {
            px *= s * (double)(n - x) / (double)(x + 1);
            x++;
            double next = cum + px;
            if (next == cum) break;
            cum = next;
        }
        if (u < cum) return x;
    }
}

/* Hormann, "The generation of binomial random variates", J. Statist.
 * Comput. Simul. 46 (1993): algorithm BTRD, for p <= 1/2 and n p >= 10.
 * Step numbers follow the paper. */
static uint32_t cs_binomial_btrd(cs_pcg32 *r, uint32_t n_int, double p)
{
    double n = (double)n_int;
    double m = floor((n + 1.0) * p); /* the mode */
    double q = 1.0 - p;
    double rr = p / q;
    double nr = (n + 1.0) * rr;
    double npq = n * p * q;
    double sqrt_npq = sqrt(npq);
    double b = 1.15 + 2.53 * sqrt_npq;
    double a = -0.0873 + 0.0248 * b + 0.01 * p;
    double c = n * p + 0.5;
    double alpha = (2.83 + 5.1 / b) * sqrt_npq;
    double vr = 0.92 - 4.2 / b;
    double urvr = 0.86 * vr;
    for (;;) {
        /* 1: the immediate acceptance region. */
        double v = cs_pcg32_double(r);
        double u;
        if (v <= urvr) {
            u = v / vr - 0.43;
            double k = floor((2.0 * a / (0.5 - fabs(u)) + b) * u + c);
            if (k >= 0.0 && k <= n) return (uint32_t)k; /* always, for n p >= 10 */
            continue;
        }
        /* 2: the rest of the hat. */
        if (v >= vr) {
            u = cs_pcg32_double(r) - 0.5;
        } else {
            u = v / vr - 0.93;
            u = (u < 0.0 ? -0.5 : 0.5) - u;
            v = cs_pcg32_double(r) * vr;
        }
        /* 3.0 */
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + c);
        if (!(k >= 0.0 && k <= n)) continue; /* also us == 0 (k infinite or NaN) */
        v = v * alpha / (a / (us * us) + b);
        double km = fabs(k - m);
        if (km <= 15.0) {
            /* 3.1: recursive evaluation of f(k) / f(m). */
            double f = 1.0;
            if (m < k) {
                for (double i = m + 1.0; i <= k; i += 1.0) f *= nr / i - rr;
            } else if (m > k) {
                for (double i = k + 1.0; i <= m; i += 1.0) v *= nr / i - rr;
            }
            if (v <= f) return (uint32_t)k;
            continue;
        }
        /* 3.2: squeeze on log(v). */
        v = log(v);
        double rho = (km / npq) * (((km / 3.0 + 0.625) * km + 1.0 / 6.0) / npq + 0.5);
        double t = -km * km / (2.0 * npq);
        if (v < t - rho) return (uint32_t)k;
        if (v > t + rho) continue;
        /* 3.3-3.4: the final test against ln f(k) - ln f(m); (n + 1) ln(nm / nk)
         * is taken through log1p, as nm / nk is close to 1 for large n. */
        double nm = n - m + 1.0;
        double h = (m + 0.5) * log((m + 1.0) / (rr * nm)) + cs_fc(m) + cs_fc(n - m);
        double nk = n - k + 1.0;
        if (v <= h + (n + 1.0) * log1p((k - m) / nk) + (k + 0.5) * log(nk * rr / (k + 1.0)) -
                      cs_fc(k) - cs_fc(n - k))
            return (uint32_t)k;
    }
}

uint32_t cs_rng_binomial(cs_pcg32 *r, uint32_t n, double p)
{
    if (n == 0u || !(p > 0.0)) return 0;
    if (p >= 1.0) return n;
    int flip = p > 0.5;
    double pp = flip ? 1.0 - p : p; /* exact */
    uint32_t k = (double)n * pp < 10.0 ? cs_binomial_inversion(r, n, pp)
                                        : cs_binomial_btrd(r, n, pp);
    return flip ? n - k : k;
}

uint32_t cs_rng_categorical(cs_pcg32 *r, const double *cdf, uint32_t n)
{
    if (n <= 1u) return 0;
    double u = cs_pcg32_double(r);
    uint32_t lo = 0, hi = n - 1u; /* answer in [lo, hi]; hi is the fallback */
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2u;
        if (u < cdf[mid])
            hi = mid;
        else
            lo = mid + 1u;
    }
    return lo;
}
