/* lc_daily.c -- what each day is like and how it leaves the legs tonight.
 *
 * Mechanism: every day each person has a day of one of four types -- rest,
 * normal, strenuous, or a sudden change of routine (unaccustomed effort) --
 * drawn with shares that depend on their activity class (sedentary,
 * moderate, active, athlete; mostly rest while mobility is limited).  The
 * day adds a load to muscle fatigue: walking and, for those who work on
 * their feet, standing (more in ill-fitting shoes or high heels); exercise
 * (less with a warm-up and stretching); most for a sudden change.  Fatigue
 * carries over, halving every `fatigue_half_life` days, and raises tonight's
 * rate by (1 + fatigue_gain * F).  Long-term conditioning sets a multiplier
 * by activity class (the sedentary cramp more).  Dehydration raises tonight's
 * rate by (1 + D), D adding sweat on strenuous days and heat in a heat wave
 * (both larger for people who drink little), an evening's alcohol and heavy
 * caffeine.
 * The nightly loop (lc_cramps.c) draws the day type and the evening from
 * bits of the same hash that decides tonight's cramp test, and reads the
 * tables built here by day profile (habit bits 0-8), so a person-night
 * costs a few table lookups and one multiply-add of fatigue. */
#include <math.h>
#include <stdio.h>

#include "cs_status.h"
#include "lc_model.h"

static const char *const lc_day_share_keys[LC_ACTIVITIES + 1] = {"sedentary", "moderate", "active", "athlete",
                                                                 "limited"};

int lc_daily_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    int rc = CS_OK;
    lc_life_params *l = &m->p.l;
    const double *v;
    for (int k = 0; k <= LC_ACTIVITIES; k++) {
        char path[64];
        snprintf(path, sizeof path, "daily.day_share_%s", lc_day_share_keys[k]);
        CS_TRY(cs_params_list(p, path, LC_DAY_TYPES, msg, &v, NULL));
        double sum = 0;
        for (int t = 0; t < LC_DAY_TYPES; t++) sum += l->day_share[k][t] = v[t];
        if (sum < 0.999 || sum > 1.001) {
            cs_msg_error(msg, "%s: the shares of rest, normal, strenuous and sudden-change days add up to %g, not 1",
                         path, sum);
            return CS_ERR_CONFIG;
        }
    }
    CS_TRY(cs_params_list(p, "daily.day_load", LC_DAY_TYPES, msg, &v, NULL));
    for (int t = 0; t < LC_DAY_TYPES; t++) l->day_load[t] = v[t];
    CS_TRY(cs_params_list(p, "daily.conditioning", LC_ACTIVITIES + 1, msg, &v, NULL));
    for (int k = 0; k <= LC_ACTIVITIES; k++) l->conditioning[k] = v[k];
    m->fatigue_keep = (float)exp2(-1.0 / l->fatigue_half_life);
    m->fatigue_gain = (float)l->fatigue_gain;
    for (unsigned prof = 0; prof < LC_PROFILES; prof++) {
        const int limited = prof >> LC_H_LIMITED & 1u;
        const int act = limited ? LC_ACTIVITIES : (int)(prof >> LC_H_ACTIVITY & 3u);
        double c = 0;
        for (int t = 0; t < LC_DAY_TYPES - 1; t++) {
            c += l->day_share[act][t];
            m->day[prof].cut[t] = (uint32_t)fmin(floor(c * 65536.0 + 0.5), 65536.0);
        }
        for (int t = 0; t < LC_DAY_TYPES; t++) {
            double walk = t == LC_NORMAL ? l->day_load[LC_NORMAL] : 0.0;
            if (prof >> LC_H_STANDING & 1u && t != LC_REST) walk += l->standing_load;
            if (prof >> LC_H_FOOTWEAR & 1u) walk *= l->footwear_ratio;
            double effort = t == LC_SUDDEN ? l->day_load[LC_SUDDEN] : 0.0;
            if (t == LC_STRENUOUS)
                effort = l->day_load[LC_STRENUOUS] * (prof >> LC_H_WARMUP & 1u ? l->warmup_ratio : 1.0);
            m->day[prof].load[t] = (float)(walk + effort);
        }
        /* mean fatigue of the profile: its mean daily load over (1 - keep) */
        double mean_load = 0;
        for (int t = 0; t < LC_DAY_TYPES; t++) mean_load += l->day_share[act][t] * m->day[prof].load[t];
        m->fatigue_start[prof] = (float)(mean_load / (1.0 - m->fatigue_keep));
        const double drink = prof >> LC_H_ALCOHOL & 1u ? l->drink_share : 0.0;
        m->day[prof].drink_cut = (uint32_t)fmin(floor(drink * 256.0 + 0.5), 256.0);
    }
done:
    return rc;
}

void lc_daily_begin_day(lc_model *m, const cs_day *d)
{
    (void)d;
    const lc_life_params *l = &m->p.l;
    const double heat = m->heat_wave ? l->heat_dehydration : 0.0;
    for (unsigned prof = 0; prof < LC_PROFILES; prof++) {
        const int limited = prof >> LC_H_LIMITED & 1u;
        const double cond = l->conditioning[limited ? LC_ACTIVITIES : (int)(prof >> LC_H_ACTIVITY & 3u)];
        const double fluid = prof >> LC_H_LOW_FLUID & 1u ? l->low_fluid_ratio : 1.0;
        const double caffeine = prof >> LC_H_CAFFEINE & 1u ? l->caffeine_dehydration : 0.0;
        for (int t = 0; t < LC_DAY_TYPES; t++) {
            const double sweat = t >= LC_STRENUOUS ? l->sweat_dehydration : 0.0;
            const double dry = fluid * (sweat + heat) + caffeine;
            m->day[prof].mult[t][0] = (float)(cond * (1.0 + dry));
            m->day[prof].mult[t][1] = (float)(cond * (1.0 + dry + l->alcohol_dehydration));
        }
    }
}
