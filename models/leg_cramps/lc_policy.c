/* lc_policy.c -- the arm's interventions in the lives of the agents.
 *
 * Reaching people: a campaign applies its rule on its start night and
 * every rescreen_nights after; a visit item is offered at a consultation
 * about cramps; an episode item is taken up at a cramp night.  Each time,
 * an eligible person (rule true, not holding it, not having declined or
 * stopped it) is reached with probability `coverage` and starts with
 * probability `uptake`; one reached who declines is not asked again.
 *
 * Holding: the causes an intervention changes are applied at once (habit
 * bits set or cleared, kept across birthdays while held; drugs stopped;
 * conditions brought under care) and the rate follows from the next night.
 * Direct effects cost nothing in the nightly loop: the cached rate stays
 * the rate without them, and on a cramp night (the rare path) each held
 * item is used with probability `adherence` and the night's episodes are
 * thinned with probability rate_ratio -- exact for a Poisson count, and the
 * night's other draws are those of the status quo.  Stopping, adverse
 * events and the excess mortality of a drug are competing memoryless
 * events, redrawn at each event from the total hazard of what is held.
 *
 * Randomness: each intervention draws from its own purpose (its position in
 * the catalogue), so the same intervention gives the same draws in every
 * arm; the arm's waiting times draw from LC_P_POLICY, which event happens
 * (first output) and the thinning of episodes (the rest) from LC_P_THIN.  An agent who
 * never holds anything draws nothing here: its life is the status quo's. */
#include <math.h>

#include "cs_dist.h"
#include "lc_model.h"

/* Generator of intervention k of the arm for agent gid tonight. */
static inline cs_pcg32 lc_iv_rng_(const lc_model *m, size_t k, uint64_t gid)
{
    return cs_stream_rng(m->pol.key[k], gid);
}

/* Discounted days in nights [a, b): sum of day_factor^t. */
static double lc_discounted_days_(const lc_policy *pol, int32_t a, int32_t b)
{
    if (b <= a) return 0.0;
    const double v = pol->day_factor;
    if (v == 1.0) return (double)(b - a);
    return (pow(v, a) - pow(v, b)) / (1.0 - v);
}

void lc_econ_cost(cs_tally *t, int id, size_t s, double amount, double discount)
{
    cs_tally_series(t, id)[s] += llround(100.0 * amount * discount);
}

void lc_econ_qaly(const lc_model *m, cs_tally *t, size_t s, double qaly, double discount)
{
    cs_tally_series(t, m->s.qaly_lost)[s] += llround(1e6 * qaly * discount);
}

/* Costs of holding what agent i holds over nights [iv_since, night). */
static void lc_accrue_(lc_model *m, size_t i, int32_t night, cs_tally *t)
{
    const unsigned held = m->iv_held[i];
    const int32_t since = m->iv_since[i];
    m->iv_since[i] = night;
    if (!held || night <= since) return;
    const size_t s = m->stratum[i];
    double per_day = 0.0;
    for (size_t k = 0; k < m->pol.n; k++) {
        if (!(held >> k & 1u)) continue;
        per_day += m->pol.iv[k].cost_per_day;
        cs_tally_summary(t, m->m.iv_held_days)[s * m->pol.n + k] += night - since;
    }
    if (per_day > 0) lc_econ_cost(t, m->s.cost_interventions, s, per_day, lc_discounted_days_(&m->pol, since, night));
}

unsigned lc_policy_habits(const lc_model *m, size_t i, unsigned h)
{
    const unsigned held = m->iv_held ? m->iv_held[i] : 0;
    for (size_t k = 0; held >> k; k++) {
        if (!(held >> k & 1u)) continue;
        const lc_iv *v = &m->pol.iv[k];
        h = (h & ~(unsigned)v->habit_clear) | v->habit_set;
        if (v->mechs >> LC_M_EXERCISE & 1u && (h & 3u) == LC_ACT_SEDENTARY) h = (h & ~3u) | LC_ACT_MODERATE;
    }
    return h;
}

/* Hazard per day of each event of what agent i holds: stop, minor, serious,
 * death for item k at 4k .. 4k+3.  Returns the sum. */
static double lc_hazards_(const lc_model *m, size_t i, unsigned held, double *haz)
{
    double sum = 0.0;
    const double death = m->death_per_day[m->sex[i]][m->age[i]];
    for (size_t k = 0; k < m->pol.n; k++) {
        double *h = haz + 4 * k;
        const lc_iv *v = &m->pol.iv[k];
        if (!(held >> k & 1u)) {
            h[0] = h[1] = h[2] = h[3] = 0.0;
            continue;
        }
        h[0] = v->stop_per_day;
        h[1] = v->minor_per_day;
        h[2] = v->serious_per_day;
        h[3] = v->mortality_hr > 1.0 ? death * (v->mortality_hr - 1.0) : 0.0;
        sum += h[0] + h[1] + h[2] + h[3];
    }
    return sum;
}

/* The next intervention event of agent i from tonight: the first of the
 * competing hazards and the ends of the programmes it holds. */
static void lc_schedule_(lc_model *m, size_t i, uint64_t gid, int32_t night)
{
    const unsigned held = m->iv_held[i];
    int32_t next = LC_NEVER;
    if (held) {
        double haz[4 * LC_MAX_IVS];
        const double sum = lc_hazards_(m, i, held, haz);
        if (sum > 0) {
            cs_pcg32 r = lc_rng_tonight(m, LC_P_POLICY, gid);
            const double wait = floor(cs_rng_exponential(&r, sum));
            if (wait < (double)(LC_NEVER - night - 1)) next = night + 1 + (int32_t)wait;
        }
        for (size_t k = 0; k < m->pol.n; k++)
            if (held >> k & 1u && m->pol.iv[k].item->end_night < next) next = m->pol.iv[k].item->end_night;
    }
    m->iv_next[i] = next;
    lc_life_refresh_on(m, i, next);
}

void lc_policy_start(lc_model *m, size_t i, uint64_t gid, size_t k, const cs_day *d, cs_tally *t)
{
    const lc_iv *v = &m->pol.iv[k];
    const int32_t night = d->night;
    const size_t s = m->stratum[i];
    lc_accrue_(m, i, night, t);
    m->iv_held[i] |= (uint16_t)(1u << k);
    cs_tally_series(t, m->s.iv_starts)[s] += 1;
    cs_tally_summary(t, m->m.iv_started)[s * m->pol.n + k] += 1;
    if (v->cost_start > 0) lc_econ_cost(t, m->s.cost_interventions, s, v->cost_start, m->pol.discount);
    m->habits[i] = (uint16_t)lc_policy_habits(m, i, m->habits[i]);
    if (v->mechs >> LC_M_STOP_CRAMP_DRUGS & 1u) {
        cs_pcg32 r = lc_iv_rng_(m, k, gid);
        (void)cs_pcg32_next(&r); /* adherence */
        (void)cs_pcg32_next(&r); /* reach and uptake */
        const unsigned stop = m->meds[i] & m->cramp_drugs;
        for (int drug = 0; drug < LC_MEDS; drug++)
            if (stop >> drug & 1u) lc_medications_stop(m, i, &r, night, drug);
    }
    if (v->mechs >> LC_M_TREAT_CIRCULATION & 1u)
        m->treated[i] |= (uint16_t)(m->cond[i] & (1u << LC_PAD | 1u << LC_VARICOSE));
    if (v->mechs >> LC_M_TREAT_CONDITIONS & 1u) m->treated[i] |= m->cond[i];
    lc_schedule_(m, i, gid, night);
    lc_life_refresh_on(m, i, night + 1); /* the rate follows from tomorrow */
}

/* Agent i stops item k tonight (dropped out, or its programme ended). */
static void lc_stop_(lc_model *m, size_t i, uint64_t gid, size_t k, const cs_day *d, cs_tally *t)
{
    const unsigned bit = 1u << k;
    m->iv_held[i] &= (uint16_t)~bit;
    m->iv_done[i] |= (uint16_t)bit;
    cs_tally_series(t, m->s.iv_stops)[m->stratum[i]] += 1;
    /* habits return to what the person's own would be now, under what they still hold */
    unsigned h = m->habits[i];
    if (m->pol.iv[k].habit_set >> LC_H_SUPPLEMENT & 1u) h &= ~(1u << LC_H_SUPPLEMENT);
    h = (h & ~LC_HABITS_LASTING) | lc_habits_lasting(m, d, gid, m->birth[i], m->age[i], m->sex[i]);
    m->habits[i] = (uint16_t)lc_policy_habits(m, i, h);
}

int32_t lc_policy_update(lc_model *m, size_t i, uint64_t gid, const cs_day *d, cs_tally *t)
{
    const int32_t night = d->night;
    if (m->iv_next[i] > night) return m->iv_next[i];
    lc_accrue_(m, i, night, t);
    const unsigned held = m->iv_held[i];
    const size_t s = m->stratum[i];
    int ended = 0;
    for (size_t k = 0; k < m->pol.n; k++)
        if (held >> k & 1u && m->pol.iv[k].item->end_night <= night) {
            lc_stop_(m, i, gid, k, d, t);
            ended = 1;
        }
    if (!ended && held) {
        /* a hazard event: which one, by its share of the total */
        double haz[4 * LC_MAX_IVS];
        const double sum = lc_hazards_(m, i, held, haz);
        cs_pcg32 r = lc_rng_tonight(m, LC_P_THIN, gid); /* its first output: which event */
        const int e = lc_pick_by_share(haz, 4 * (int)m->pol.n, 0, cs_pcg32_double(&r) * sum);
        const size_t k = (size_t)(e / 4);
        switch (e < 0 ? -1 : e % 4) {
        case 0: lc_stop_(m, i, gid, k, d, t); break;
        case 1:
            cs_tally_series(t, m->s.adverse_minor)[s] += 1;
            lc_econ_cost(t, m->s.cost_adverse, s, m->pol.e.cost_minor, m->pol.discount);
            lc_econ_qaly(m, t, s, m->pol.e.qaly_minor, m->pol.discount);
            break;
        case 2:
            cs_tally_series(t, m->s.adverse_serious)[s] += 1;
            lc_econ_cost(t, m->s.cost_adverse, s, m->pol.e.cost_serious, m->pol.discount);
            lc_econ_qaly(m, t, s, m->pol.e.qaly_serious, m->pol.discount);
            break;
        case 3:
            cs_tally_series(t, m->s.deaths_attributed)[s] += 1;
            lc_econ_qaly(m, t, s, m->pol.qale[m->sex[i]][m->age[i]], m->pol.discount); /* the life left */
            if (night + 1 < m->death[i] || m->death[i] <= night) m->death[i] = night + 1; /* dies tomorrow */
            lc_life_refresh_on(m, i, night + 1);
            break;
        default: break;
        }
    }
    lc_schedule_(m, i, gid, night);
    return m->iv_next[i];
}

void lc_policy_newborn(lc_model *m, size_t i, int32_t night, cs_tally *t)
{
    lc_accrue_(m, i, night, t);
    m->iv_held[i] = m->iv_done[i] = 0;
    m->iv_next[i] = LC_NEVER;
    m->iv_since[i] = night;
    m->recent[i] = 0;
}

int lc_policy_accepts(const lc_model *m, size_t k, uint64_t gid, int *reached)
{
    const lc_iv *v = &m->pol.iv[k];
    cs_pcg32 r = lc_iv_rng_(m, k, gid);
    (void)cs_pcg32_next(&r); /* adherence */
    const double u = cs_pcg32_double(&r);
    *reached = u < v->item->coverage;
    return u < v->item->coverage * v->uptake;
}

/* Offers item k to agent i tonight if the rule picks them. */
static void lc_offer_(lc_model *m, size_t i, uint64_t gid, size_t k, const cs_day *d, cs_tally *t)
{
    const lc_attr_ctx ctx = {m, d->night};
    if (!cs_rule_eval(m->pol.iv[k].target, lc_attr_get, &ctx, i)) return;
    int reached;
    if (lc_policy_accepts(m, k, gid, &reached))
        lc_policy_start(m, i, gid, k, d, t);
    else if (reached)
        m->iv_done[i] |= (uint16_t)(1u << k); /* reached and declined: not asked again */
}

/* Items of `mask` open tonight that agent i may be offered. */
static unsigned lc_open_(const lc_model *m, size_t i, unsigned mask, int32_t night)
{
    unsigned open = mask & ~(unsigned)(m->iv_held[i] | m->iv_done[i]);
    for (size_t k = 0; open >> k; k++) {
        const cs_arm_item *it = m->pol.iv[k].item;
        if (open >> k & 1u && (night < it->start_night || night >= it->end_night)) open &= ~(1u << k);
    }
    return open;
}

void lc_policy_visit(lc_model *m, size_t i, uint64_t gid, const cs_day *d, cs_tally *t)
{
    const unsigned open = lc_open_(m, i, m->pol.visit_mask, d->night);
    for (size_t k = 0; open >> k; k++)
        if (open >> k & 1u) lc_offer_(m, i, gid, k, d, t);
}

void lc_policy_episode(lc_model *m, size_t i, uint64_t gid, const cs_day *d, cs_tally *t)
{
    const unsigned open = lc_open_(m, i, m->pol.episode_mask, d->night);
    for (size_t k = 0; open >> k; k++)
        if (open >> k & 1u) lc_offer_(m, i, gid, k, d, t);
}

void lc_policy_step_day(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    lc_model *m = model;
    const int32_t night = d->night;
    unsigned due = 0; /* campaign items screening tonight */
    for (size_t k = 0; k < m->pol.n; k++) {
        const cs_arm_item *it = m->pol.iv[k].item;
        if ((m->pol.campaign_mask & ~m->pol.capped_mask) >> k & 1u && night >= it->start_night && night < it->end_night &&
            (night - it->start_night) % it->rescreen_nights == 0)
            due |= 1u << k;
    }
    if (!due) return;
    for (size_t i = lo; i < hi; i++) {
        const unsigned open = due & ~(unsigned)(m->iv_held[i] | m->iv_done[i]);
        for (size_t k = 0; open >> k; k++)
            if (open >> k & 1u) lc_offer_(m, i, a->gid0 + i, k, d, t);
    }
}

lc_tonight lc_policy_tonight(const lc_model *m, size_t i, uint64_t gid)
{
    lc_tonight n = {1.0, 1.0, 0};
    const unsigned held = m->iv_held[i] & (m->pol.rate_mask | m->pol.duration_mask | m->pol.use_cost_mask);
    const int preg = m->preg[i] >= LC_T1 && m->preg[i] <= LC_T3;
    for (size_t k = 0; held >> k; k++) {
        if (!(held >> k & 1u)) continue;
        const lc_iv *v = &m->pol.iv[k];
        cs_pcg32 r = lc_iv_rng_(m, k, gid);
        if (!(cs_pcg32_double(&r) < v->adherence)) continue;
        n.used |= 1u << k;
        if (v->rate_ratio[preg] < 1.0f) n.rate_mult *= v->rate_ratio[preg]; /* above 1: in the cached rate */
        n.duration_mult *= v->duration_ratio;
    }
    return n;
}

float lc_policy_rate_factor(const lc_model *m, size_t i)
{
    const unsigned held = m->iv_held[i] & m->pol.rate_mask;
    const int preg = m->preg[i] >= LC_T1 && m->preg[i] <= LC_T3;
    float f = 1.0f;
    for (size_t k = 0; held >> k; k++)
        if (held >> k & 1u && m->pol.iv[k].rate_ratio[preg] > 1.0f) f *= m->pol.iv[k].rate_ratio[preg];
    return f;
}

void lc_policy_uses(lc_model *m, size_t i, unsigned used, cs_tally *t)
{
    double cost = 0.0;
    for (size_t k = 0; used >> k; k++)
        if (used >> k & 1u) cost += m->pol.iv[k].cost_per_use;
    if (cost > 0) lc_econ_cost(t, m->s.cost_interventions, m->stratum[i], cost, m->pol.discount);
}

void lc_policy_cramp_night(lc_model *m, size_t i, int32_t night)
{
    const int32_t gap = night - m->last_cramp[i]; /* last_cramp not yet moved to tonight */
    m->recent[i] = (gap >= 32 || m->last_cramp[i] == LC_LONG_AGO ? 0u : m->recent[i] << gap) | 1u;
}

void lc_policy_finish(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    lc_model *m = model;
    (void)a;
    if (!m->iv_held) return;
    for (size_t i = lo; i < hi; i++) {
        const unsigned held = m->iv_held[i];
        if (!held) continue;
        lc_accrue_(m, i, d->n_nights, t);
        for (size_t k = 0; held >> k; k++)
            if (held >> k & 1u) cs_tally_summary(t, m->m.iv_holders)[m->stratum[i] * m->pol.n + k] += 1;
    }
}
