/* lc_conditions.c -- underlying conditions that cause secondary cramps
 * (peripheral arterial disease, spinal stenosis, diabetes, dialysis,
 * cirrhosis, neuropathy, arthritis, hypothyroidism, Parkinson's disease,
 * multiple sclerosis, restless legs, varicose veins).
 *
 * Mechanism: each condition c has a prevalence curve by age and sex,
 * p_c(a, sex) = r_sex * p_max / (1 + exp(-(a - a_mid)/a_scale)) (r = 1 for
 * men, female_ratio for women, capped at 0.95).  Conditions are chronic: an
 * agent without c acquires it at the hazard that keeps the curve,
 * h_c(a) = -ln((1 - p_c(a+1)) / (1 - p_c(a))) per year over year of age a
 * (>= 0), and never loses it.  Mortality does not depend on conditions, so
 * the curve is maintained.  Conditions are independent of each other.
 * At each of the agent's events the wait to the next onset of any condition
 * it lacks is drawn from the summed hazard (memoryless, redrawn at
 * birthdays: exact for the piecewise-constant hazard); at the onset the
 * condition is chosen by its share of that hazard.
 * Effect (lc_rate_parts): a susceptible agent's idiopathic rate is multiplied
 * by the product of rate_multiplier over its conditions, and every agent
 * with a condition has the additive secondary rate sum_c cramp_rate_c * w,
 * w the personal response also used for pregnancy.  A condition found at a
 * consultation (lc_care.c) is under care from then: its excess multiplier
 * and its additive rate are scaled by care.treated_ratio. */
#include <math.h>
#include <stdio.h>

#include "cs_dist.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "lc_model.h"

/* model.yaml keys (conditions.<key>.*) in enum lc_cond order */
static const char *const lc_cond_keys[LC_CONDS] = {
    "pad",       "stenosis",       "diabetes",   "dialysis",           "cirrhosis",     "neuropathy",
    "arthritis", "hypothyroidism", "parkinsons", "multiple_sclerosis", "restless_legs", "varicose_veins"};

const char *const lc_cond_labels[LC_CONDS] = {"peripheral arterial disease",
                                              "lumbar spinal stenosis",
                                              "diabetes",
                                              "haemodialysis",
                                              "cirrhosis",
                                              "peripheral neuropathy",
                                              "arthritis",
                                              "hypothyroidism",
                                              "Parkinson's disease",
                                              "multiple sclerosis",
                                              "restless legs syndrome",
                                              "varicose veins"};

static double lc_cond_prev_(const lc_params *lp, int c, int sex, double age)
{
    const double r = sex == LC_FEMALE ? lp->cond_female_ratio[c] : 1.0;
    const double p = r * lp->cond_prev_max[c] / (1.0 + exp(-(age - lp->cond_age_mid[c]) / lp->cond_age_scale[c]));
    return p < 0.95 ? p : 0.95;
}

int lc_conditions_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    int rc = CS_OK;
    lc_params *lp = &m->p;
    static const char *const names[6] = {"prevalence_max", "age_mid", "age_scale", "female_ratio", "cramp_rate",
                                         "rate_multiplier"};
    for (int c = 0; c < LC_CONDS; c++) {
        double *field[6] = {&lp->cond_prev_max[c],     &lp->cond_age_mid[c], &lp->cond_age_scale[c],
                            &lp->cond_female_ratio[c], &lp->cond_rate[c],    &lp->cond_mult[c]};
        for (int k = 0; k < 6; k++) {
            char path[96];
            snprintf(path, sizeof path, "conditions.%s.%s", lc_cond_keys[c], names[k]);
            CS_TRY(cs_params_real(p, path, msg, field[k]));
        }
    }
    for (int s = 0; s < 2; s++)
        for (int a = 0; a <= LC_MAX_AGE; a++)
            for (int c = 0; c < LC_CONDS; c++) {
                const double p0 = lc_cond_prev_(lp, c, s, a), p1 = lc_cond_prev_(lp, c, s, a + 1);
                const double h = p1 > p0 ? -log((1.0 - p1) / (1.0 - p0)) : 0.0; /* per year, chronic */
                m->cond_prob[s][a][c] = (float)p0;
                m->cond_hazard[s][a][c] = h / LC_DAYS_PER_YEAR;
            }
done:
    return rc;
}

void lc_conditions_init(lc_model *m, size_t i, cs_pcg32 *r)
{
    const int age = m->age[i], sex = m->sex[i];
    const double frac = (double)((-m->birth[i]) % LC_DAYS_PER_YEAR) / LC_DAYS_PER_YEAR;
    const int next = age < LC_MAX_AGE ? age + 1 : age;
    unsigned bits = 0;
    for (int c = 0; c < LC_CONDS; c++) {
        const double prob = (1 - frac) * m->cond_prob[sex][age][c] + frac * m->cond_prob[sex][next][c];
        if (cs_pcg32_double_below(r, prob)) bits |= 1u << c;
    }
    m->cond[i] = (uint16_t)bits;
    m->cond_next[i] = 0;
}

int32_t lc_conditions_update(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int32_t next_birthday,
                             int fresh)
{
    const int32_t night = d->night;
    if (!fresh && !(m->cond_next[i] == night && night > 0)) return m->cond_next[i];
    const double *haz = m->cond_hazard[m->sex[i]][m->age[i]];
    const unsigned have = m->cond[i];
    double total = 0;
    for (int c = 0; c < LC_CONDS; c++)
        if (!(have >> c & 1u)) total += haz[c];
    cs_pcg32 r = lc_rng_tonight(m, LC_P_COND, gid);
    if (m->cond_next[i] == night && night > 0 && total > 0) {
        /* onset tonight: which condition, by its share of the hazard */
        const int pick = lc_pick_by_share(haz, LC_CONDS, have, cs_pcg32_double(&r) * total);
        m->cond[i] = (uint16_t)(have | 1u << pick);
        total -= haz[pick];
    }
    return m->cond_next[i] = lc_next_event(&r, total, night, next_birthday);
}

void lc_conditions_effect(const lc_model *m, unsigned cond, unsigned treated, float *mult, float *add)
{
    const double care = m->p.l.treated_ratio;
    double x = 1.0, y = 0.0;
    for (unsigned bits = cond; bits; bits &= bits - 1) { /* the conditions present, lowest first */
        const int c = __builtin_ctz(bits);
        /* care of the cause scales its excess: 1 + (mult - 1) * ratio */
        const double under_care = treated >> c & 1u ? care : 1.0;
        x *= 1.0 + (m->p.cond_mult[c] - 1.0) * under_care;
        y += m->p.cond_rate[c] * under_care;
    }
    *mult = (float)x;
    *add = (float)y;
}
