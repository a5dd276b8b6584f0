/* cs_dist.h -- random variates drawn from one pcg32 stream.
 *
 * Every function draws only from the generator it is given and keeps no
 * state of its own (no cached second normal, no tables built at run time),
 * so a result depends on the generator's state and the arguments alone and
 * the functions are safe to call from many threads on distinct generators.
 * The samplers are exact in the sense of the cited algorithms: their only
 * error is double rounding (no normal approximations, no truncated tails
 * beyond what double arithmetic loses).
 *
 * Degenerate parameters (probabilities <= 0 or >= 1, means, rates, scales or
 * deviations <= 0, NaN where noted) return the limiting value WITHOUT drawing,
 * so they cost nothing in the nightly loop; otherwise the number of outputs a
 * call consumes depends on the algorithm and is stated per function.
 *
 * "double uniform" below means cs_pcg32_double: two outputs, 53 bits. */
#ifndef CS_DIST_H
#define CS_DIST_H

#include <stdint.h>

#include "cs_rng.h"

/* 1 with probability p, else 0.  Exactly P(1) = floor(p * 2^64) / 2^64,
 * which is p itself for p >= 2^-11 and within 2^-64 of it below.  Consumes
 * one output, and a second one only with probability 2^-32.
 * p <= 0 or NaN: 0; p >= 1: 1 (no draw). */
int cs_rng_bernoulli(cs_pcg32 *r, double p);

/* lo + (hi - lo) * U with U a double uniform in [0, 1): uniform on
 * [lo, hi) for finite lo <= hi, except that rounding can occasionally give
 * hi itself (U within 2^-52 of 1 is enough).  lo == hi returns lo.  Two
 * outputs. */
double cs_rng_uniform(cs_pcg32 *r, double lo, double hi);

/* Exponential with the given rate (mean 1/rate), by inversion:
 * -log(1 - U) / rate with U a double uniform, so the result is in
 * [0, 36.8/rate].  Two outputs.  rate <= 0 or NaN: +INFINITY (the event
 * never happens), no draw. */
double cs_rng_exponential(cs_pcg32 *r, double rate);

/* cs_rng_exponential(r, rate) where that is below `limit`; otherwise any
 * value >= limit (+INFINITY when decided early).  Same two outputs, and
 * bit for bit the same value below the limit: since -log(1 - U) >= U, a
 * uniform with U / rate clearly at or above the limit decides the draw
 * without the logarithm -- most draws of a rare event (rate * limit small).
 * rate <= 0 or NaN: +INFINITY, no draw. */
double cs_rng_exponential_below(cs_pcg32 *r, double rate, double limit);

/* Normal with mean `mean` and standard deviation `sd`: mean + sd Z with Z
 * from an exact 256-layer Ziggurat (Marsaglia and Tsang 2000, with
 * Doornik's 2005 separate bits for layer, sign and abscissa; Marsaglia's
 * tail algorithm beyond 3.654 and exact wedge tests with exp).  The number
 * of outputs varies: two in 98.5% of calls (no libm call), two more for each
 * wedge test (1.5%) and four per tail try (0.03%), 2.044 on average; code
 * that needs draws to stay aligned across runs must not count on a fixed
 * number.  Z lies on a grid of 2^-52 of its layer's width (2^61 values),
 * finer in the tail, and |Z| < 13.71.  sd <= 0 or NaN: mean, no draw. */
double cs_rng_normal(cs_pcg32 *r, double mean, double sd);

/* Lognormal: exp(N(mu, sigma)), so the median is exp(mu) and the mean
 * exp(mu + sigma^2 / 2).  Draws as cs_rng_normal (2.044 outputs on
 * average), plus one exp.  sigma <= 0 or NaN: exp(mu), no draw. */
double cs_rng_lognormal(cs_pcg32 *r, double mu, double sigma);

/* Gamma with the given shape k and scale theta (mean k theta, variance
 * k theta^2), by Marsaglia and Tsang (2000); shape < 1 draws shape + 1 and
 * multiplies by U^(1/shape) with U a double uniform in (0, 1].  For very
 * small shapes the result underflows to 0 as often as the true distribution
 * falls below the smallest double (3% of draws at shape 0.005, 1e-15 at 0.05).
 * About one normal and one double uniform per call (4.0-4.3 outputs, the
 * most near shape 1), plus one double uniform (two outputs) for shape < 1.
 * shape <= 0, scale <= 0 or NaN: 0, no draw. */
double cs_rng_gamma(cs_pcg32 *r, double shape, double scale);

/* Poisson with the given mean.  mean < 10: inversion (sequential search from
 * 0, one double uniform, O(mean) steps); mean >= 10: Hormann's PTRS
 * transformed rejection (1993), 1.1-1.35 tries of two double uniforms each
 * (4.5-5.3 outputs per call).  Results that do not fit saturate at
 * UINT32_MAX; mean >= 2^32 (including +INFINITY) returns UINT32_MAX, no
 * draw.  mean <= 0 or NaN: 0, no draw. */
uint32_t cs_rng_poisson(cs_pcg32 *r, double mean);

/* Zero-truncated Poisson: K ~ Poisson(mean) conditioned on K >= 1, so
 * P(K = k) = mean^k / (k! (e^mean - 1)).  mean < 10: inversion from 1 with
 * P(1) = mean / expm1(mean), one double uniform and O(mean) steps, so for
 * tiny means it returns 1 after one comparison (P(K > 1) ~ mean / 2);
 * mean >= 10: cs_rng_poisson repeated until positive (P(0) < 4.6e-5).
 * mean <= 0 or NaN: 1 (the limit as mean -> 0), no draw; huge means
 * saturate as cs_rng_poisson. */
uint32_t cs_rng_poisson_positive(cs_pcg32 *r, double mean);

/* Binomial: successes in n trials of probability p.  Works on
 * p' = min(p, 1 - p) (and returns n - K when p > 1/2); n p' < 10: inversion
 * (one double uniform, O(n p') steps); otherwise Hormann's BTRD (1993),
 * tries of one or two double uniforms, 2.7-4.5 outputs per call (fewer
 * for larger n p').  n == 0, p <= 0 or NaN: 0; p >= 1: n (no draw). */
uint32_t cs_rng_binomial(cs_pcg32 *r, uint32_t n, double p);

/* Index i in [0, n) with probability cdf[i] - cdf[i-1] (cdf[-1] = 0), by
 * binary search of one double uniform U for the first i with U < cdf[i].
 * `cdf` (borrowed, n entries) must be nondecreasing in [0, 1]; cdf[n-1] is
 * never read and taken as 1, so rounding shortfall goes to the last index.
 * Categories of zero width are never returned (except the last, which takes
 * 1 - cdf[n-2]).  n <= 1: 0, no draw. */
uint32_t cs_rng_categorical(cs_pcg32 *r, const double *cdf, uint32_t n);

#endif
