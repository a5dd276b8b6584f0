/* lc_habits.c -- the lasting habits that shape a person's days: how active
 * they are, whether they work on their feet, their shoes, whether they warm
 * up before exercise, how much they drink (water, alcohol, coffee), their
 * diet, a genetic predisposition to cramps, and whether conditions and
 * drugs can give the person cramps at all (a responder).
 *
 * Mechanism: each habit comes from a uniform that belongs to the person for
 * life (a stream keyed by the night of birth), compared with the share of
 * people of that age and sex who have the habit.  A person keeps their rank
 * as they age -- the sedentary young are the sedentary old -- while the
 * shares move with age (activity is interpolated linearly between ages 20
 * and 80).  Habits are redrawn from the same uniforms at every birthday, so
 * they cost no storage beyond one 16-bit column and no draws in between. */
#include <stdio.h>

#include "cs_status.h"
#include "cs_stream.h"
#include "lc_model.h"

static const char *const lc_activity_keys[LC_ACTIVITIES] = {"sedentary", "moderate", "active", "athlete"};

int lc_habits_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    int rc = CS_OK;
    lc_life_params *l = &m->p.l;
    for (int k = 0; k < LC_ACTIVITIES; k++) {
        char path[64];
        const double *v;
        snprintf(path, sizeof path, "habits.%s_share", lc_activity_keys[k]);
        CS_TRY(cs_params_list(p, path, 2, msg, &v, NULL));
        l->activity_share[k][0] = v[0];
        l->activity_share[k][1] = v[1];
    }
    for (int end = 0; end < 2; end++) {
        double sum = 0;
        for (int k = 0; k < LC_ACTIVITIES; k++) sum += l->activity_share[k][end];
        if (sum < 0.999 || sum > 1.001) {
            cs_msg_error(msg, "habits.*_share: the activity shares at age %d add up to %g, not 1", end ? 80 : 20,
                         sum);
            return CS_ERR_CONFIG;
        }
    }
    const double *v;
    CS_TRY(cs_params_list(p, "habits.footwear_share", 2, msg, &v, NULL));
    l->footwear_share[LC_MALE] = v[0];
    l->footwear_share[LC_FEMALE] = v[1];
    CS_TRY(cs_params_list(p, "habits.alcohol_share", 2, msg, &v, NULL));
    l->alcohol_share[LC_MALE] = v[0];
    l->alcohol_share[LC_FEMALE] = v[1];
    if (l->standing_age_lo >= l->standing_age_hi) {
        cs_msg_error(msg, "habits.standing_age_lo: must be below habits.standing_age_hi");
        return CS_ERR_CONFIG;
    }
    /* cumulative activity shares by year of age */
    for (int a = 0; a <= LC_MAX_AGE; a++) {
        double f = (a - 20.0) / 60.0;
        f = f < 0 ? 0 : f > 1 ? 1 : f;
        double c = 0;
        for (int k = 0; k < LC_ACTIVITIES; k++) {
            c += (1 - f) * l->activity_share[k][0] + f * l->activity_share[k][1];
            m->habit_share[a][k] = c;
        }
    }
    if (!(l->responder_share > 0)) {
        cs_msg_error(msg, "secondary.responder_share: must be above 0 (the responders carry all secondary cramps)");
        return CS_ERR_CONFIG;
    }
    m->responder_scale[0] = 0.0f;
    m->responder_scale[1] = (float)(1.0 / l->responder_share);
done:
    return rc;
}

unsigned lc_habits_lasting(const lc_model *m, const cs_day *d, uint64_t gid, int32_t birth, int age, int sex)
{
    const lc_life_params *l = &m->p.l;
    cs_pcg32 r = cs_stream_rng(cs_stream_key(d->run_key, LC_P_HABIT, birth), gid);
    const double u_act = cs_pcg32_double(&r);
    int act = 0;
    while (act < LC_ACTIVITIES - 1 && u_act >= m->habit_share[age][act]) act++;
    unsigned h = (unsigned)act << LC_H_ACTIVITY;
    const int working = age >= l->standing_age_lo && age < l->standing_age_hi;
    h |= (unsigned)(cs_pcg32_double_below(&r, l->standing_share) && working) << LC_H_STANDING;
    h |= (unsigned)(cs_pcg32_double_below(&r, l->footwear_share[sex]) && age >= 15) << LC_H_FOOTWEAR;
    h |= (unsigned)(cs_pcg32_double_below(&r, l->warmup_share) && act >= LC_ACT_ACTIVE) << LC_H_WARMUP;
    h |= (unsigned)cs_pcg32_double_below(&r, l->low_fluid_share) << LC_H_LOW_FLUID;
    h |= (unsigned)(cs_pcg32_double_below(&r, l->alcohol_share[sex]) && age >= 18) << LC_H_ALCOHOL;
    h |= (unsigned)(cs_pcg32_double_below(&r, l->caffeine_share) && age >= 15) << LC_H_CAFFEINE;
    h |= (unsigned)cs_pcg32_double_below(&r, l->poor_diet_share) << LC_H_POOR_DIET;
    h |= (unsigned)cs_pcg32_double_below(&r, l->genetic_share) << LC_H_GENETIC;
    h |= (unsigned)cs_pcg32_double_below(&r, l->responder_share) << LC_H_RESPONDER;
    return h;
}
