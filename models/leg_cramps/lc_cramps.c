/* lc_cramps.c -- the nightly cramp process and its episodes.
 *
 * Cramps arrive as a Poisson process over the night with the agent's rate
 * times the season.  The common case (no cramp) costs one hash and one
 * comparison; only agents who cramp build a full generator to draw how
 * many episodes (zero-truncated Poisson), and for each its duration
 * (lognormal, shorter in children), muscle and severity (correlated with
 * duration through a latent normal). */
#include <math.h>

#include "cs_dist.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "lc_model.h"

/* Inverse standard normal CDF (Acklam's rational approximation, relative
 * error < 1.2e-9), for setup-time cut points. */
double lc_normal_quantile(double p)
{
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01,  -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    if (p <= 0) return -INFINITY;
    if (p >= 1) return INFINITY;
    if (p < 0.02425) {
        double q = sqrt(-2 * log(p));
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    if (p > 1 - 0.02425) return -lc_normal_quantile(1 - p);
    double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

int lc_cramps_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    (void)p;
    lc_params *lp = &m->p;
    double total = lp->muscle_share[LC_CALF] + lp->muscle_share[LC_THIGH] + lp->muscle_share[LC_FOOT];
    if (!(total > 0)) {
        cs_msg_error(msg, "episode.muscle_share_*: the shares must not all be zero");
        return CS_ERR_CONFIG;
    }
    /* cumulative shares of calf and calf+thigh on the 32-bit scale of a pcg32
     * output: one comparison per episode */
    double c = 0;
    for (int k = 0; k < 2; k++) {
        c += lp->muscle_share[k] / total;
        m->muscle_cut[k] = (uint32_t)fmin(c * 4294967296.0, 4294967295.0);
    }
    if (lp->severity_share_mild + lp->severity_share_severe > 1.0) {
        cs_msg_error(msg, "episode.severity_share_mild + episode.severity_share_severe: must not exceed 1");
        return CS_ERR_CONFIG;
    }
    m->severity_cut[0] = lc_normal_quantile(lp->severity_share_mild);
    m->severity_cut[1] = lc_normal_quantile(1.0 - lp->severity_share_severe);
    if (lp->duration_child_age >= lp->duration_adult_age) {
        cs_msg_error(msg, "episode.duration_child_age: must be below episode.duration_adult_age");
        return CS_ERR_CONFIG;
    }
    /* mean duration ramps from the child to the adult value; lognormal
     * location mu = log(mean) - sigma^2 / 2 */
    for (int a = 0; a <= LC_MAX_AGE; a++) {
        double f = (a - lp->duration_child_age) / (lp->duration_adult_age - lp->duration_child_age);
        f = f < 0 ? 0 : f > 1 ? 1 : f;
        double mean = lp->duration_mean_child + f * (lp->duration_mean_adult - lp->duration_mean_child);
        m->duration_mu[a] = log(mean) - 0.5 * lp->duration_sigma * lp->duration_sigma;
    }
    return CS_OK;
}

/* One night with at least one cramp for agent i (the rare path, kept out of
 * line so the nightly loop stays in registers). */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static void lc_cramp_night_(lc_model *m, size_t i, uint64_t key, uint64_t gid, double lambda, cs_tally *t)
{
    cs_pcg32 r = cs_stream_rng(key, gid);
    (void)cs_pcg32_next(&r); /* the output already used for "any cramp tonight" */
    const uint32_t n = cs_rng_poisson_positive(&r, lambda);
    const size_t s = m->stratum[i];
    const double mu = m->duration_mu[m->age[i]], sigma = m->p.duration_sigma;
    const double rho = m->p.severity_duration_corr, rho_c = sqrt(1.0 - rho * rho);
    int64_t seconds = 0;
    int woken = 0; /* a moderate or severe episode wakes the sleeper */
    for (uint32_t k = 0; k < n; k++) {
        const double zd = cs_rng_normal(&r, 0.0, 1.0);
        double dur = exp(mu + sigma * zd);
        if (dur > m->p.duration_max) dur = m->p.duration_max;
        seconds += (int64_t)(dur + 0.5); /* dur > 0: round to the nearest second */
        const double zs = rho * zd + rho_c * cs_rng_normal(&r, 0.0, 1.0);
        const int sev = zs < m->severity_cut[0] ? LC_MILD : zs < m->severity_cut[1] ? LC_MODERATE : LC_SEVERE;
        const uint32_t u = cs_pcg32_next(&r);
        const int muscle = u < m->muscle_cut[0] ? LC_CALF : u < m->muscle_cut[1] ? LC_THIGH : LC_FOOT;
        cs_tally_series(t, m->s.muscle[muscle])[s] += 1;
        cs_tally_series(t, m->s.severity[sev])[s] += 1;
        woken |= sev != LC_MILD;
    }
    cs_tally_series(t, m->s.cramp_nights)[s] += 1;
    cs_tally_series(t, m->s.cramps)[s] += n;
    cs_tally_series(t, m->s.cramp_seconds)[s] += seconds;
    if (m->preg[i] >= LC_T1 && m->preg[i] <= LC_T3) m->preg_cramped[i] |= (uint8_t)(1u << (m->preg[i] - 1));
    lc_survey_cramp_night(m, i, n, woken);
}

/* Agents per chunk of the nightly loop's candidate list (stack buffer). */
#define LC_CHUNK 512

void lc_cramps_step_night(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    lc_model *m = model;
    const uint64_t key = cs_stream_key(d->run_key, LC_P_NIGHT, d->night);
    const float season = m->season;
    const float *rate = m->rate;
    const uint8_t *stratum = m->stratum;
    const uint64_t gid0 = a->gid0;
    /* person-nights by stratum in four interleaved histograms, so that
     * neighbours in the same stratum do not wait on each other's increment */
    uint32_t census[4][LC_AGE_BANDS * 2 * LC_PREG_STATES] = {{0}};
    uint16_t cand[LC_CHUNK];
    for (size_t c0 = lo; c0 < hi; c0 += LC_CHUNK) {
        const size_t c1 = c0 + LC_CHUNK < hi ? c0 + LC_CHUNK : hi;
        /* Pass 1, branch-free: a cramp tonight needs u < P(at least one)
         * = 1 - exp(-lambda) < lambda, so u < lambda picks the candidates
         * (lambda = 0 picks none).  Unpredictable branches here would cost
         * more than hashing every agent. */
        size_t n = 0;
        for (size_t i = c0; i < c1; i++) {
            census[i & 3][stratum[i]] += 1;
            const double lambda = (double)(season * rate[i]);
            const uint32_t u = cs_stream_first(key, gid0 + i);
            cand[n] = (uint16_t)(i - c0);
            n += cs_stream_below(u, lambda);
        }
        /* Pass 2: the exact test for the candidates, then the episodes. */
        for (size_t k = 0; k < n; k++) {
            const size_t i = c0 + cand[k];
            const uint64_t gid = gid0 + i;
            const double lambda = (double)(season * rate[i]);
            const uint32_t u = cs_stream_first(key, gid);
            /* 1 - exp(-l) >= l - l^2/2: below that bound it is a cramp night */
            if (!cs_stream_below(u, lambda - 0.5 * lambda * lambda) && !cs_stream_below(u, -expm1(-lambda)))
                continue;
            lc_cramp_night_(m, i, key, gid, lambda, t);
        }
    }
    int64_t *person_nights = cs_tally_series(t, m->s.person_nights);
    for (size_t s = 0; s < LC_AGE_BANDS * 2 * LC_PREG_STATES; s++)
        person_nights[s] += (int64_t)census[0][s] + census[1][s] + census[2][s] + census[3][s];
}
