/* lc_medications.c -- prescription drugs that precede nocturnal cramps
 * (thiazide, loop and potassium-sparing diuretics, statins, long-acting
 * beta agonists, raloxifene, teriparatide, conjugated estrogens, naproxen,
 * intravenous iron sucrose).
 *
 * Mechanism: each drug k has a use-prevalence curve by age and sex,
 * p_k(a, sex) = r_sex * p_max / (1 + exp(-(a - a_mid)/a_scale)) (r = 1 for
 * men, female_ratio for women, capped at 0.95; women-only drugs have no
 * male use and p_max is the women's plateau).  Users stop at the constant
 * hazard s_k (stop_rate); non-users start at the hazard that keeps the
 * curve given the stops, h_k(a) = max(0, (p(a+1) - p(a) + s_k pbar) / (1 - pbar))
 * per year over year of age a, pbar = (p(a) + p(a+1))/2.  Drugs are
 * independent of each other; mortality does not depend on them.
 * At each of the agent's events the wait to its next start or stop is drawn
 * from the summed hazard (memoryless, redrawn at birthdays); at the event
 * the start or stop is chosen by its share of that hazard.  The night of
 * the most recent start is kept in med_start, the drug in med_last.
 * Effect (lc_rate_parts): a susceptible agent's idiopathic rate is multiplied,
 * for each drug it takes, by start_multiplier while the drug is its most
 * recent start and fewer than start_window_days nights have passed since,
 * else by long_term_multiplier; every user has the additive secondary rate
 * sum_k cramp_rate_k * w.  The end of the post-start window is an event of
 * the agent, so the rate is refreshed then. */
#include <math.h>
#include <stdio.h>

#include "cs_dist.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "lc_model.h"

/* model.yaml keys (medications.<key>.*) in enum lc_med order */
static const char *const lc_med_keys[LC_MEDS] = {"thiazide",   "loop_diuretic", "potassium_sparing",
                                                 "statin",     "laba",          "raloxifene",
                                                 "teriparatide", "estrogens",   "naproxen",
                                                 "iron_sucrose"};

const char *const lc_med_labels[LC_MEDS] = {"thiazide diuretic",
                                            "loop diuretic",
                                            "potassium-sparing diuretic",
                                            "statin",
                                            "long-acting beta agonist",
                                            "raloxifene",
                                            "teriparatide",
                                            "conjugated estrogens",
                                            "naproxen",
                                            "intravenous iron sucrose"};

/* taken by women only (no female_ratio parameter) */
static int lc_med_women_only_(int k) { return k == LC_RALOXIFENE || k == LC_TERIPARATIDE || k == LC_ESTROGENS; }

static double lc_med_prev_(const lc_params *lp, int k, int sex, double age)
{
    double r = 1.0;
    if (lc_med_women_only_(k)) r = sex == LC_FEMALE ? 1.0 : 0.0;
    else if (sex == LC_FEMALE) r = lp->med_female_ratio[k];
    const double p = r * lp->med_prev_max[k] / (1.0 + exp(-(age - lp->med_age_mid[k]) / lp->med_age_scale[k]));
    return p < 0.95 ? p : 0.95;
}

int lc_medications_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    int rc = CS_OK;
    lc_params *lp = &m->p;
    static const char *const names[9] = {"prevalence_max",   "age_mid",    "age_scale",
                                         "stop_rate",        "cramp_rate", "start_multiplier",
                                         "long_term_multiplier", "start_window_days", "female_ratio"};
    for (int k = 0; k < LC_MEDS; k++) {
        double *field[9] = {&lp->med_prev_max[k],  &lp->med_age_mid[k],    &lp->med_age_scale[k],
                            &lp->med_stop_rate[k], &lp->med_rate[k],       &lp->med_mult_start[k],
                            &lp->med_mult_long[k], &lp->med_window[k],     &lp->med_female_ratio[k]};
        lp->med_female_ratio[k] = 0.0;
        const int n = lc_med_women_only_(k) ? 8 : 9;
        for (int j = 0; j < n; j++) {
            char path[96];
            snprintf(path, sizeof path, "medications.%s.%s", lc_med_keys[k], names[j]);
            CS_TRY(cs_params_real(p, path, msg, field[j]));
        }
        m->med_window_nights[k] = (int32_t)lround(lp->med_window[k]);
        m->med_stop_per_day[k] = lp->med_stop_rate[k] / LC_DAYS_PER_YEAR;
    }
    for (int s = 0; s < 2; s++)
        for (int a = 0; a <= LC_MAX_AGE; a++)
            for (int k = 0; k < LC_MEDS; k++) {
                const double p0 = lc_med_prev_(lp, k, s, a), p1 = lc_med_prev_(lp, k, s, a + 1);
                const double pbar = 0.5 * (p0 + p1);
                double h = pbar < 1.0 ? (p1 - p0 + lp->med_stop_rate[k] * pbar) / (1.0 - pbar) : 0.0;
                if (h < 0) h = 0;
                m->med_prob[s][a][k] = (float)p0;
                m->med_start_hazard[s][a][k] = h / LC_DAYS_PER_YEAR;
            }
done:
    return rc;
}

void lc_medications_init(lc_model *m, size_t i, cs_pcg32 *r)
{
    const int age = m->age[i], sex = m->sex[i];
    const int32_t age_days = -m->birth[i];
    const double frac = (double)(age_days % LC_DAYS_PER_YEAR) / LC_DAYS_PER_YEAR;
    const int next = age < LC_MAX_AGE ? age + 1 : age;
    unsigned bits = 0;
    for (int k = 0; k < LC_MEDS; k++) {
        const double prob = (1 - frac) * m->med_prob[sex][age][k] + frac * m->med_prob[sex][next][k];
        if (cs_pcg32_double_below(r, prob)) bits |= 1u << k;
    }
    m->meds[i] = (uint16_t)bits;
    m->med_next[i] = 0;
    m->med_last[i] = 0;
    m->med_start[i] = LC_LONG_AGO; /* no start on record */
    /* the most recent start among the drugs in use: each use spell began
     * Exp(stop rate) ago (its age under a constant stop hazard, within the
     * agent's life); the latest of them is the one on record */
    for (int k = 0; k < LC_MEDS; k++) {
        /* one uniform's place per drug whatever is taken (fixed stream
         * positions), computed with its logarithm only for the drugs taken
         * (cs_rng_exponential's formula) */
        if (!(bits >> k & 1u)) {
            cs_pcg32_skip_double(r);
            continue;
        }
        const double u = cs_pcg32_double(r);
        const double rate = m->med_stop_per_day[k] > 0 ? m->med_stop_per_day[k] : 1e-9;
        const double since = floor(-log(1.0 - u) / rate);
        const int32_t start = -(int32_t)(since < age_days ? since : age_days);
        if (start > m->med_start[i]) {
            m->med_start[i] = start;
            m->med_last[i] = (uint8_t)k;
        }
    }
}

/* Hazard of each drug's next start or stop for agent i now; returns the sum. */
static double lc_med_hazards_(const lc_model *m, size_t i, double haz[LC_MEDS])
{
    const double *start = m->med_start_hazard[m->sex[i]][m->age[i]];
    double total = 0;
    for (int k = 0; k < LC_MEDS; k++) {
        haz[k] = m->meds[i] >> k & 1u ? m->med_stop_per_day[k] : start[k];
        total += haz[k];
    }
    return total;
}

void lc_medications_stop(lc_model *m, size_t i, cs_pcg32 *r, int32_t night, int k)
{
    m->meds[i] &= (uint16_t) ~(1u << k);
    const int32_t age_days = night - m->birth[i];
    const int32_t next_birthday = night + (LC_DAYS_PER_YEAR - age_days % LC_DAYS_PER_YEAR);
    double haz[LC_MEDS];
    m->med_next[i] = lc_next_event(r, lc_med_hazards_(m, i, haz), night, next_birthday);
}

/* The agent's next medication event: its scheduled start or stop, or the
 * end of the post-start window of the drug on record. */
static int32_t lc_medications_next_(const lc_model *m, size_t i, int32_t night)
{
    int32_t next = m->med_next[i];
    const int k = m->med_last[i];
    if (m->meds[i] >> k & 1u && m->med_start[i] > night - m->med_window_nights[k]) {
        const int32_t end = m->med_start[i] + m->med_window_nights[k];
        if (end < next) next = end;
    }
    return next;
}

int32_t lc_medications_update(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int32_t next_birthday,
                              int fresh)
{
    const int32_t night = d->night;
    if (!fresh && !(m->med_next[i] == night && night > 0)) return lc_medications_next_(m, i, night);
    const double *start = m->med_start_hazard[m->sex[i]][m->age[i]];
    unsigned have = m->meds[i];
    double haz[LC_MEDS];
    double total = lc_med_hazards_(m, i, haz);
    cs_pcg32 r = lc_rng_tonight(m, LC_P_MED, gid);
    if (m->med_next[i] == night && night > 0 && total > 0) {
        /* a start or a stop tonight: which drug, by its share of the hazard */
        const int pick = lc_pick_by_share(haz, LC_MEDS, 0, cs_pcg32_double(&r) * total);
        if (have >> pick & 1u) {
            have &= ~(1u << pick);
            total -= haz[pick];
            haz[pick] = start[pick];
        } else {
            have |= 1u << pick;
            m->med_start[i] = night;
            m->med_last[i] = (uint8_t)pick;
            total -= haz[pick];
            haz[pick] = m->med_stop_per_day[pick];
        }
        total += haz[pick];
        m->meds[i] = (uint16_t)have;
    }
    m->med_next[i] = lc_next_event(&r, total, night, next_birthday);
    return lc_medications_next_(m, i, night);
}

void lc_medications_effect(const lc_model *m, size_t i, int32_t night, float *mult, float *add)
{
    const unsigned have = m->meds[i];
    const int last = m->med_last[i];
    double x = 1.0, y = 0.0;
    for (unsigned bits = have; bits; bits &= bits - 1) { /* the drugs taken, lowest first */
        const int k = __builtin_ctz(bits);
        const int recent = k == last && night - m->med_start[i] < m->med_window_nights[k];
        x *= recent ? m->p.med_mult_start[k] : m->p.med_mult_long[k];
        y += m->p.med_rate[k];
    }
    *mult = (float)x;
    *add = (float)y;
}
