/* lc_spells.c -- the personal rate waxes and wanes: spells of frequent
 * cramps and quiet spells.
 *
 * Mechanism: a susceptible person's idiopathic rate alternates between a
 * quiet and an active spell,
 * memoryless with mean lengths quiet_days and active_days, so a share
 * pi = active / (active + quiet) of people are in an active spell at any
 * time.  The idiopathic rate is multiplied by active_ratio in an active spell and by
 * (1 - pi * active_ratio) / (1 - pi) in a quiet one, so the long-run mean is
 * unchanged.  Secondary cramps (conditions, drugs, pregnancy) follow their
 * cause, not spells.  Spells tick only while a person is susceptible; a
 * dormant person's state is drawn afresh from the stationary law when they
 * become susceptible, which is exact for a Markov chain no one looked at in
 * between, and saves the events of most of the population.  This is the persistence that makes people picked for many
 * recent cramps -- as a trial's run-in picks them -- partly people in an
 * active spell, who cramp less later without any treatment. */
#include "cs_dist.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "lc_model.h"

int lc_spells_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    (void)p;
    const lc_life_params *l = &m->p.l;
    const double pi = l->active_days / (l->active_days + l->quiet_days);
    if (pi * l->active_ratio >= 1.0) {
        cs_msg_error(msg, "spells.active_ratio: with these spell lengths it must be below %g (the quiet spells' rate "
                          "would be zero or negative)", 1.0 / pi);
        return CS_ERR_CONFIG;
    }
    m->spell_share = pi;
    m->spell_mult[1] = (float)l->active_ratio;
    m->spell_mult[0] = (float)((1.0 - pi * l->active_ratio) / (1.0 - pi));
    m->spell_end_per_day[0] = 1.0 / l->quiet_days;
    m->spell_end_per_day[1] = 1.0 / l->active_days;
    return CS_OK;
}

/* A state from the stationary law and the end of its spell (memoryless). */
static void lc_spells_draw_(lc_model *m, size_t i, cs_pcg32 *r, int32_t night)
{
    const unsigned active = (unsigned)cs_pcg32_double_below(r, m->spell_share);
    m->habits[i] = (uint16_t)((m->habits[i] & ~(1u << LC_H_ACTIVE_SPELL)) | active << LC_H_ACTIVE_SPELL);
    m->spell_next[i] = lc_next_event(r, m->spell_end_per_day[active], night, LC_NEVER);
}

void lc_spells_init(lc_model *m, size_t i, cs_pcg32 *r) { lc_spells_draw_(m, i, r, 0); }

float lc_spells_update(lc_model *m, size_t i, uint64_t gid, int32_t night, int susceptible)
{
    if (!susceptible) { /* no idiopathic cramps: the spell goes dormant */
        m->spell_next[i] = LC_NEVER;
        return 1.0f;
    }
    if (m->spell_next[i] == LC_NEVER) { /* waking: a fresh state from the stationary law */
        cs_pcg32 r = lc_rng_tonight(m, LC_P_SPELL, gid);
        lc_spells_draw_(m, i, &r, night);
    } else if (m->spell_next[i] == night && night > 0) {
        cs_pcg32 r = lc_rng_tonight(m, LC_P_SPELL, gid);
        m->habits[i] ^= 1u << LC_H_ACTIVE_SPELL;
        const unsigned active = m->habits[i] >> LC_H_ACTIVE_SPELL & 1u;
        m->spell_next[i] = lc_next_event(&r, m->spell_end_per_day[active], night, LC_NEVER);
    }
    return m->spell_mult[m->habits[i] >> LC_H_ACTIVE_SPELL & 1u];
}
