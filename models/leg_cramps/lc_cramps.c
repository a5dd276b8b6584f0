/* lc_cramps.c -- the nightly cramp process and its episodes.
 *
 * Cramps arrive as a Poisson process over the night with the agent's rate
 * times the season and the day's multipliers, x, saturated as
 * x / (1 + x / saturation): each episode is followed by a refractory time,
 * so however high the drive, only a few episodes fit in a night.  An agent
 * who cannot cramp tonight (rate 0) costs a census increment; one who can
 * costs a hash, the day's table lookups and one comparison; only agents who
 * cramp build a full generator to draw how
 * many episodes (zero-truncated Poisson), and for each its duration
 * (lognormal, shorter in children), muscle and severity (correlated with
 * duration through a latent normal). */
#include <math.h>

#include "cs_dist.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "lc_mask.h"
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
    m->severity_own = sqrt(1.0 - lp->severity_duration_corr * lp->severity_duration_corr);
    for (int j = 0; j <= LC_CRAMP_P_GRID; j++) m->cramp_p[j] = -expm1(-(double)j / LC_CRAMP_P_STEPS);
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
 * line so the nightly loop stays in registers; not marked cold, which would
 * optimise it for size and keep the samplers out of it: it runs on 3% of
 * agent-nights but takes a quarter of the instructions). */
#if defined(__GNUC__)
__attribute__((noinline))
#endif
static void lc_cramp_night_(lc_model *m, size_t i, uint64_t key, uint64_t gid, const cs_day *d, double lambda,
                            cs_tally *t)
{
    cs_pcg32 r = cs_stream_rng(key, gid);
    (void)cs_pcg32_next(&r); /* the output already used for "any cramp tonight" */
    const uint32_t n = cs_rng_poisson_positive(&r, lambda);
    const size_t s = m->stratum[i];
    const double mu = m->duration_mu[m->age[i]], sigma = m->p.duration_sigma;
    const double rho = m->p.severity_duration_corr, rho_c = m->severity_own;
    /* the arm's direct effects tonight: each episode kept with probability
     * `keep` (thinning a Poisson count is exact) and lengthened by `shift`
     * on the latent normal, so severity follows length */
    lc_tonight iv = {1.0, 1.0, 0};
    double keep = 1.0, shift = 0.0;
    cs_pcg32 thin = r;
    if (m->iv_held && m->iv_held[i]) iv = lc_policy_tonight(m, i, gid);
    const int participant = m->trial_arm && m->trial_arm[i];
    const double mult = iv.rate_mult * lc_trial_mult(m, i); /* and a trial participant's placebo effect */
    if (mult < 1.0) { /* a ratio on the night's count: thin it */
        keep = mult;
        /* a participant's from the trial's purpose (after its two draws of the enrolment night), so nobody
         * else's draws change; anyone else's after the draw that picks tonight's intervention event */
        thin = lc_rng_tonight(m, participant ? LC_P_TRIAL : LC_P_THIN, gid);
        for (int k = participant ? 2 : 1; k > 0; k--) (void)cs_pcg32_next(&thin);
    }
    if (iv.duration_mult != 1.0) shift = log(iv.duration_mult) / sigma;
    lc_night_report night = {0, LC_MILD, 0, 0.0, {0, 0, 0}};
    int64_t seconds = 0;
    for (uint32_t k = 0; k < n; k++) {
        const double zd = cs_rng_normal(&r, 0.0, 1.0) + shift;
        double dur = exp(mu + sigma * zd);
        if (dur > m->p.duration_max) dur = m->p.duration_max;
        const double zs = rho * zd + rho_c * cs_rng_normal(&r, 0.0, 1.0);
        const int sev = zs < m->severity_cut[0] ? LC_MILD : zs < m->severity_cut[1] ? LC_MODERATE : LC_SEVERE;
        const uint32_t u = cs_pcg32_next(&r);
        if (keep < 1.0 && !(cs_pcg32_double(&thin) < keep)) continue; /* averted by the arm */
        const int muscle = u < m->muscle_cut[0] ? LC_CALF : u < m->muscle_cut[1] ? LC_THIGH : LC_FOOT;
        seconds += (int64_t)(dur + 0.5); /* dur > 0: round to the nearest second */
        cs_tally_series(t, m->s.muscle[muscle])[s] += 1;
        cs_tally_series(t, m->s.severity[sev])[s] += 1;
        night.episodes += 1;
        night.by_severity[sev] += 1;
        night.worst = sev > night.worst ? sev : night.worst;
    }
    if (night.episodes == 0) return; /* every episode averted: no cramp night */
    night.woken = night.worst != LC_MILD; /* a moderate or severe episode wakes the sleeper */
    night.seconds = (double)seconds;
    cs_tally_series(t, m->s.cramp_nights)[s] += 1;
    cs_tally_series(t, m->s.cramps)[s] += night.episodes;
    cs_tally_series(t, m->s.cramp_seconds)[s] += seconds;
    if (m->preg[i] >= LC_T1 && m->preg[i] <= LC_T3) m->preg_cramped[i] |= (uint8_t)(1u << (m->preg[i] - 1));
    lc_survey_cramp_night(m, i, night.episodes, night.woken);
    if (m->trial_arm) lc_trial_cramp_night(m, i, d->night, night.episodes);
    if (m->recent) lc_policy_cramp_night(m, i, d->night);
    if (iv.used) lc_policy_uses(m, i, iv.used, t);
    cs_pcg32 after = lc_rng_tonight(m, LC_P_AFTER, gid);
    lc_complications_after_night(m, i, &after, d->night, &night, t);
    lc_care_after_night(m, i, &after, d->night, &night, t);
    if (m->iv_held && m->pol.visit_mask && m->consulted[i] == d->night) lc_policy_visit(m, i, gid, d, t);
    if (m->iv_held && m->pol.episode_mask) lc_policy_episode(m, i, gid, d, t);
}

/* Whether u (the first output of the agent's stream tonight) falls below
 * P(at least one cramp) = 1 - exp(-lambda) on the 32-bit scale, exactly as
 * cs_stream_below(u, -expm1(-lambda)), with expm1 only in thin bands.  The
 * series 1 - e^-l = l - l^2/2 + l^3/6 - ... bounds P from below by its first
 * two terms (a cramp night below them: the test is decided there as it
 * always was) and from above by three (none at or above them), which is
 * tight for small lambda; for larger lambda P lies between its values at
 * the grid points around lambda.  The margins 2^-40 cover the roundings of
 * the bounds and of expm1. */
static inline int lc_cramp_tonight_(const lc_model *m, uint32_t u, double lambda)
{
    const double half_sq = 0.5 * lambda * lambda;
    if (cs_stream_below(u, lambda - half_sq)) return 1;
    if (!cs_stream_below(u, (lambda - half_sq + half_sq * lambda * (1.0 / 3.0)) * (1.0 + 0x1.0p-40))) return 0;
    const double pos = lambda * LC_CRAMP_P_STEPS;
    if (pos < LC_CRAMP_P_GRID) {
        const size_t j = (size_t)pos;
        if (cs_stream_below(u, m->cramp_p[j] * (1.0 - 0x1.0p-40))) return 1;
        if (!cs_stream_below(u, m->cramp_p[j + 1] * (1.0 + 0x1.0p-40))) return 0;
    }
    return cs_stream_below(u, -expm1(-lambda));
}

/* Agents per chunk of the nightly loop's candidate list (stack buffer). */
#define LC_CHUNK 512
#define LC_STRATA (LC_AGE_BANDS * 2 * LC_PREG_STATES)

void lc_cramps_step_night(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    lc_model *m = model;
    const uint64_t key = m->night_key[LC_P_NIGHT];
    const int32_t night = d->night;
    const float season = m->season, keep = m->fatigue_keep, gain = m->fatigue_gain;
    const float inv_sat = (float)(1.0 / m->p.saturation);
    const float *rate = m->rate;
    const uint8_t *stratum = m->stratum;
    const uint16_t *habits = m->habits;
    const int32_t *last = m->last_cramp;
    float *fatigue = m->fatigue;
    const uint64_t gid0 = a->gid0;
    /* person-nights by stratum in four interleaved histograms, so that
     * neighbours in the same stratum do not wait on each other's increment
     * (pass 2's strenuous days are far enough apart for one) */
    uint32_t census[4][LC_STRATA] = {{0}}, busy[LC_STRATA] = {0};
    size_t cand[LC_CHUNK]; /* agent indices */
    float cand_drive[LC_CHUNK];
    for (size_t c0 = lo; c0 < hi; c0 += LC_CHUNK) {
        const size_t c1 = c0 + LC_CHUNK < hi ? c0 + LC_CHUNK : hi;
        /* Pass 1: the census, and who can cramp tonight (rate > 0; most of
         * the population cannot, and skips the rest): 16 agents' rates
         * tested at once, then the set bits listed. */
        size_t live = 0, g = c0;
        for (; g + LC_MASK_WIDTH <= c1; g += LC_MASK_WIDTH) {
            for (size_t j = 0; j < LC_MASK_WIDTH; j += 4) {
                census[0][stratum[g + j]] += 1;
                census[1][stratum[g + j + 1]] += 1;
                census[2][stratum[g + j + 2]] += 1;
                census[3][stratum[g + j + 3]] += 1;
            }
            for (unsigned bits = lc_mask_positive(rate + g); bits; bits &= bits - 1)
                cand[live++] = g + lc_mask_lowest(bits);
        }
        for (; g < c1; g++) { /* the chunk's last few agents (a slice's end) */
            census[g & 3][stratum[g]] += 1;
            cand[live] = g;
            live += rate[g] > 0.0f;
        }
        /* Pass 2, branch-free over those: today's day and evening, fatigue,
         * tonight's drive x; a cramp tonight needs u < P(at least one)
         * = 1 - exp(-lambda) < lambda <= x, so u < x picks the candidates.
         * Unpredictable branches here would cost more than doing every
         * agent's arithmetic. */
        size_t n = 0;
        for (size_t k = 0; k < live; k++) {
            const size_t i = cand[k];
            const uint64_t state = cs_stream_state(key, gid0 + i);
            /* pcg32's output reads bits 27-63 of the state: bits 0-23 are a
             * free, independent draw for the day (16 bits) and evening (8) */
            const uint32_t u = cs_pcg32_output(state), day = (uint32_t)state & 0xffffu;
            const uint32_t evening = (uint32_t)(state >> 16) & 0xffu;
            const lc_day_profile *pr = &m->day[lc_profile_of(habits[i])];
            const unsigned type = (day >= pr->cut[0]) + (day >= pr->cut[1]) + (day >= pr->cut[2]);
            busy[stratum[i]] += type >= LC_STRENUOUS;
            const float f = fatigue[i] * keep + pr->load[type];
            fatigue[i] = f;
            const uint32_t since = (uint32_t)(night - last[i]);
            const float after = m->after_mult[since < LC_AFTER_NIGHTS ? since : LC_AFTER_NIGHTS];
            const float day_mult = pr->mult[type][evening < pr->drink_cut];
            /* the drive x >= lambda = x / (1 + x / saturation), so u < x
             * picks a superset of the candidates without a division here */
            const float x = season * rate[i] * day_mult * (1.0f + gain * f) * after;
            cand[n] = cand[k]; /* n <= k: compacts in place */
            cand_drive[n] = x;
            /* in float, with a margin above the two roundings (2^-24 each):
             * still a superset, and pass 3 tests exactly */
            n += (float)u < x * (4294967296.0f * 1.0000003f);
        }
        /* Pass 3: the exact test for the candidates. */
        size_t hits = 0;
        for (size_t k = 0; k < n; k++) {
            const size_t i = cand[k];
            const float x = cand_drive[k];
            const double lambda = (double)(x / (1.0f + x * inv_sat)); /* refractory saturation */
            if (!lc_cramp_tonight_(m, cs_stream_first(key, gid0 + i), lambda)) continue;
            cand[hits] = cand[k];
            cand_drive[hits++] = (float)lambda;
        }
        /* Pass 4: the loads of the cold columns of every cramp night at
         * once, then the episodes and what follows them */
        for (size_t k = 0; k < hits; k++) lc_prefetch_cramp_night(m, cand[k]);
        for (size_t k = 0; k < hits; k++) {
            const size_t i = cand[k];
            lc_cramp_night_(m, i, key, gid0 + i, d, (double)cand_drive[k], t);
        }
    }
    int64_t *person_nights = cs_tally_series(t, m->s.person_nights), *heat = cs_tally_series(t, m->s.heat_wave_nights);
    int64_t *strenuous = cs_tally_series(t, m->s.strenuous_days);
    for (size_t s = 0; s < LC_STRATA; s++) {
        const int64_t alive = (int64_t)census[0][s] + census[1][s] + census[2][s] + census[3][s];
        person_nights[s] += alive;
        heat[s] += m->heat_wave ? alive : 0;
        strenuous[s] += busy[s];
    }
}
