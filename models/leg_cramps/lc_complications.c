/* lc_complications.c -- what a cramp night leaves behind.
 *
 * After-effects: the muscle stays tight, tender or twitchy for a while, and
 * the rate on the nights after a cramp night is raised by
 * 1 + after_gain * 2^(-(k-1)/after_half_life) on the k-th night after it.
 * With the personal rate this gives both persistence (cramps cluster) and
 * regression to the mean (people picked for a run of recent cramps are
 * partly picked for a passing rise).
 * Complications: every episode costs its duration plus the time to fall
 * asleep again (longer after a severe one); a night with more than
 * drowsy_minutes lost makes a drowsy next day.  A severe episode strains,
 * tears or bruises the muscle with probability strain_prob, limiting
 * mobility for about strain_days.  The cramp burden -- cramp nights,
 * halving every burden_half_life days -- above mobility_burden may start a
 * spell of reduced mobility (mostly rest days, deconditioning), and above
 * mood_burden with broken sleep a spell of anxiety or low mood. */
#include <math.h>

#include "cs_dist.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "lc_model.h"

int lc_complications_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    int rc = CS_OK;
    lc_life_params *l = &m->p.l;
    const double *v;
    CS_TRY(cs_params_list(p, "after.sore_prob", 3, msg, &v, NULL));
    for (int k = 0; k < 3; k++) l->sore_prob[k] = v[k];
    CS_TRY(cs_params_list(p, "complications.fallback_minutes", 3, msg, &v, NULL));
    for (int k = 0; k < 3; k++) l->fallback_minutes[k] = v[k];
    m->after_mult[0] = 1.0f; /* not used: a cramp night is at least one night back */
    for (int k = 1; k < LC_AFTER_NIGHTS; k++)
        m->after_mult[k] = (float)(1.0 + l->after_gain * exp2(-(k - 1) / l->after_half_life));
    m->after_mult[LC_AFTER_NIGHTS] = 1.0f;
    m->burden_keep_per_day = -log(2.0) / l->burden_half_life;
    for (int k = 0; k < LC_BURDEN_DAYS; k++) m->burden_keep[k] = (float)exp(m->burden_keep_per_day * k);
done:
    return rc;
}

/* Night at which a spell of mean length `days` begun tonight ends (spells
 * longer than fifty years are cut there). */
static int32_t lc_spell_end_(cs_pcg32 *r, int32_t night, double days)
{
    return night + 1 + lc_spell_days(r, days, 50 * LC_DAYS_PER_YEAR);
}

/* Mobility is limited until at least `end` (the later of two spells);
 * returns the days of limitation this adds. */
static int32_t lc_limit_until_(lc_model *m, size_t i, int32_t night, int32_t end)
{
    const int32_t was = m->limited_until[i] == LC_NEVER ? night + 1 : m->limited_until[i];
    if (m->limited_until[i] == LC_NEVER || end > m->limited_until[i]) m->limited_until[i] = end;
    lc_life_refresh_on(m, i, m->limited_until[i]);
    return end > was ? end - was : 0;
}

void lc_complications_after_night(lc_model *m, size_t i, cs_pcg32 *r, int32_t night, const lc_night_report *n,
                                  cs_tally *t)
{
    const lc_life_params *l = &m->p.l;
    const size_t s = m->stratum[i];
    const uint32_t gap = (uint32_t)(night - m->last_cramp[i]); /* >= 1; huge for no cramp on record */
    const double keep = gap < LC_BURDEN_DAYS ? m->burden_keep[gap]
                        : m->last_cramp[i] == LC_LONG_AGO ? 0.0 : exp(m->burden_keep_per_day * (double)gap);
    const double burden = m->burden[i] * keep + 1.0;
    m->burden[i] = (float)burden;
    m->last_cramp[i] = night;
    double lost = n->seconds;
    for (int sev = 0; sev < 3; sev++) lost += 60.0 * l->fallback_minutes[sev] * n->by_severity[sev];
    cs_tally_series(t, m->s.sleep_lost)[s] += (int64_t)(lost + 0.5);
    const lc_econ *e = &m->pol.e;
    double qaly = e->qaly_cramp_night + e->qaly_sleep_hour * lost / 3600.0;
    cs_tally_series(t, m->s.drowsy_days)[s] += lost >= 60.0 * l->drowsy_minutes;
    cs_tally_series(t, m->s.sore_days)[s] += cs_pcg32_double_below(r, l->sore_prob[n->worst]);
    /* the spells' columns are read and written only when a spell begins */
    unsigned h = m->habits[i];
    int strained = 0;
    for (uint32_t k = 0; k < n->by_severity[LC_SEVERE]; k++) strained |= cs_pcg32_double_below(r, l->strain_prob);
    if (strained) {
        cs_tally_series(t, m->s.strains)[s] += 1;
        qaly += e->qaly_strain_day * lc_limit_until_(m, i, night, lc_spell_end_(r, night, l->strain_days));
        h |= 1u << LC_H_STRAIN | 1u << LC_H_LIMITED;
    }
    if (burden >= l->mobility_burden && cs_pcg32_double_below(r, l->mobility_prob)) {
        if (!(h >> LC_H_LIMITED & 1u)) cs_tally_series(t, m->s.mobility_onsets)[s] += 1;
        qaly += e->qaly_mobility_day * lc_limit_until_(m, i, night, lc_spell_end_(r, night, l->mobility_days));
        h |= 1u << LC_H_LIMITED;
    }
    if (burden >= l->mood_burden && n->woken && !(h >> LC_H_LOW_MOOD & 1u) && cs_pcg32_double_below(r, l->mood_prob)) {
        cs_tally_series(t, m->s.mood_onsets)[s] += 1;
        m->mood_until[i] = lc_spell_end_(r, night, l->mood_days);
        qaly += e->qaly_mood_day * (m->mood_until[i] - night - 1);
        h |= 1u << LC_H_LOW_MOOD;
        lc_life_refresh_on(m, i, m->mood_until[i]);
    }
    m->habits[i] = (uint16_t)h;
    lc_econ_qaly(m, t, s, qaly, m->pol.discount);
}

int32_t lc_complications_update(lc_model *m, size_t i, int32_t night)
{
    if (m->limited_until[i] <= night) {
        m->habits[i] &= (uint16_t) ~(1u << LC_H_LIMITED | 1u << LC_H_STRAIN);
        m->limited_until[i] = LC_NEVER;
    }
    if (m->mood_until[i] <= night) {
        m->habits[i] &= (uint16_t) ~(1u << LC_H_LOW_MOOD);
        m->mood_until[i] = LC_NEVER;
    }
    return m->limited_until[i] < m->mood_until[i] ? m->limited_until[i] : m->mood_until[i];
}
