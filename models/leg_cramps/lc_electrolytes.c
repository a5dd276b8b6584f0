/* lc_electrolytes.c -- potassium, magnesium and calcium levels.
 *
 * Mechanism: each mineral is either low or not.  The chance of being low is
 * low_prob times a ratio for each thing that moves it: a poor diet, a
 * thiazide or loop diuretic (potassium and magnesium wasting), a
 * potassium-sparing diuretic (potassium kept), haemodialysis, and
 * supplements (taken by some from the start, and by those in whom a blood
 * test found a deficiency).  Levels drift: at resampling times (every
 * resample_days on average, memoryless) the state is drawn afresh from the
 * current chance, so a new diuretic lowers potassium over weeks, not at
 * once.  A low mineral multiplies the whole cramp rate by its multiplier.
 * Levels drift only while a person can cramp at all: for the others the
 * state is dormant (kept as last drawn, and shown so in the end census) and
 * drawn afresh from the current chances when they can first cramp again --
 * most of the population would otherwise spend its events here. */
#include <math.h>

#include "cs_dist.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "lc_model.h"

int lc_electrolytes_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    int rc = CS_OK;
    lc_life_params *l = &m->p.l;
    const double *v;
    CS_TRY(cs_params_list(p, "electrolytes.low_prob", LC_MINERALS, msg, &v, NULL));
    for (int k = 0; k < LC_MINERALS; k++) l->lyte_low[k] = v[k];
    CS_TRY(cs_params_list(p, "electrolytes.diuretic_ratio", LC_MINERALS, msg, &v, NULL));
    for (int k = 0; k < LC_MINERALS; k++) l->lyte_diuretic_ratio[k] = v[k];
    CS_TRY(cs_params_list(p, "electrolytes.rate_multiplier", LC_MINERALS, msg, &v, NULL));
    for (int k = 0; k < LC_MINERALS; k++) l->lyte_mult[k] = v[k];
    for (unsigned bits = 0; bits < 1u << LC_MINERALS; bits++) {
        double x = 1.0;
        for (int k = 0; k < LC_MINERALS; k++)
            if (bits >> k & 1u) x *= l->lyte_mult[k];
        m->lyte_mult_of[bits] = (float)x;
    }
    m->lyte_resample_per_day = 1.0 / l->lyte_resample_days;
done:
    return rc;
}

/* Chance that mineral k is low for agent i now. */
static double lc_lyte_low_prob_(const lc_model *m, size_t i, int k)
{
    const lc_life_params *l = &m->p.l;
    const unsigned h = m->habits[i], meds = m->meds[i];
    double p = l->lyte_low[k];
    if (h >> LC_H_POOR_DIET & 1u) p *= l->lyte_diet_ratio;
    if (h >> LC_H_SUPPLEMENT & 1u) p *= l->lyte_supplement_ratio;
    if (meds & (1u << LC_THIAZIDE | 1u << LC_LOOP)) p *= l->lyte_diuretic_ratio[k];
    if (k == LC_K && meds >> LC_K_SPARING & 1u) p *= l->lyte_k_sparing_ratio;
    if (m->cond[i] >> LC_DIALYSIS & 1u) p *= l->lyte_dialysis_ratio;
    return p < 0.95 ? p : 0.95;
}

static void lc_lytes_draw_(lc_model *m, size_t i, cs_pcg32 *r, int32_t night)
{
    unsigned bits = 0;
    for (int k = 0; k < LC_MINERALS; k++) bits |= (unsigned)cs_pcg32_double_below(r, lc_lyte_low_prob_(m, i, k)) << k;
    m->lytes[i] = (uint8_t)bits;
    m->lytes_next[i] = lc_next_event(r, m->lyte_resample_per_day, night, LC_NEVER);
}

void lc_electrolytes_init(lc_model *m, size_t i, cs_pcg32 *r)
{
    if (cs_pcg32_double_below(r, m->p.l.supplement_share)) m->habits[i] |= 1u << LC_H_SUPPLEMENT;
    lc_lytes_draw_(m, i, r, 0);
}

float lc_electrolytes_update(lc_model *m, size_t i, uint64_t gid, int32_t night, int awake)
{
    if (!awake) { /* cannot cramp: the levels go dormant, as they were last drawn */
        m->lytes_next[i] = LC_NEVER;
        return 1.0f;
    }
    if (m->lytes_next[i] == LC_NEVER || (m->lytes_next[i] == night && night > 0)) {
        cs_pcg32 r = lc_rng_tonight(m, LC_P_LYTES, gid);
        lc_lytes_draw_(m, i, &r, night);
    }
    return m->lyte_mult_of[m->lytes[i] & 7u];
}
