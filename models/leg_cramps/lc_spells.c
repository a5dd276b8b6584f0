/* lc_spells.c -- the personal rate waxes and wanes: spells of frequent
 * cramps and quiet spells.
 *
 * Mechanism: everyone alternates between a quiet and an active spell,
 * memoryless with mean lengths quiet_days and active_days, so a share
 * pi = active / (active + quiet) of people are in an active spell at any
 * time.  The rate is multiplied by active_ratio in an active spell and by
 * (1 - pi * active_ratio) / (1 - pi) in a quiet one, so the long-run mean is
 * unchanged.  This is the persistence that makes people picked for many
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

void lc_spells_init(lc_model *m, size_t i, cs_pcg32 *r)
{
    const unsigned active = cs_pcg32_double(r) < m->spell_share;
    m->habits[i] = (uint16_t)((m->habits[i] & ~(1u << LC_H_ACTIVE_SPELL)) | active << LC_H_ACTIVE_SPELL);
    m->spell_next[i] = lc_next_event(r, m->spell_end_per_day[active], 0, LC_NEVER);
}

int32_t lc_spells_update(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int newborn)
{
    const int32_t night = d->night;
    if (!newborn && !(m->spell_next[i] == night && night > 0)) return m->spell_next[i];
    cs_pcg32 r = cs_stream_rng(cs_stream_key(d->run_key, LC_P_SPELL, night), gid);
    if (newborn) {
        lc_spells_init(m, i, &r);
        return m->spell_next[i];
    }
    m->habits[i] ^= 1u << LC_H_ACTIVE_SPELL;
    const unsigned active = m->habits[i] >> LC_H_ACTIVE_SPELL & 1u;
    return m->spell_next[i] = lc_next_event(&r, m->spell_end_per_day[active], night, LC_NEVER);
}
