/* lc_policy_caps.c -- campaigns with caps: the top share of the eligible
 * by priority, at most N starts per programme year, a yearly budget.
 *
 * A capped campaign item does not start people slice by slice: on each of
 * its screening nights the engine runs up to three population-wide
 * selections (cs_model.h), each among the previous one's choice:
 *   share   -- of those the rule picks (and who are open to it), the top
 *              top_share by priority;
 *   top-k   -- of those reached who accept, at most what is left of this
 *              programme year's max_per_year;
 *   budget  -- likewise within what is left of budget_per_year, each
 *              candidate costing its start and its days held to the end
 *              of the programme year (what the programme commits to).
 * Those reached who decline are not asked again; those left out by a cap
 * stay eligible for the next screening.  Priority is the cached cramp rate
 * (`risk`) or a random number of the item's stream (`random`); ties go to
 * the lower global id.  The choice is exact and the same for any number of
 * ranks and threads.  The trial's enrolment and allocation (lc_trial.c)
 * come after the caps' stages in the same hooks. */
#include <math.h>
#include <string.h>

#include "lc_model.h"

enum lc_stage { LC_STAGE_SHARE = 0, LC_STAGE_COUNT, LC_STAGE_BUDGET };

int lc_iv_capped(const lc_iv *v)
{
    const cs_arm_item *it = v->item;
    return it->top_share < 1.0 || it->max_per_year >= 0 || it->budget_per_year >= 0;
}

/* Programme year of item k tonight (0-based from its start night). */
static int32_t lc_year_(const lc_iv *v, int32_t night) { return (night - v->item->start_night) / LC_DAYS_PER_YEAR; }

size_t lc_policy_selections_due(void *model, const cs_day *d, cs_selection *out, size_t max)
{
    lc_model *m = model;
    lc_policy *pol = &m->pol;
    size_t n = 0;
    pol->n_stages = 0;
    for (size_t k = 0; k < pol->n; k++) {
        lc_iv *v = &pol->iv[k];
        const cs_arm_item *it = v->item;
        if (!(pol->capped_mask >> k & 1u) || d->night < it->start_night || d->night >= it->end_night ||
            (d->night - it->start_night) % it->rescreen_nights != 0)
            continue;
        const int32_t year = lc_year_(v, d->night);
        if (year != v->cap_year) { /* a new programme year: its allowance starts afresh */
            v->cap_year = year;
            v->started_this_year = 0;
            v->spent_this_year = 0;
        }
        const size_t first = n;
        if (it->top_share < 1.0 && n < max)
            out[n++] = (cs_selection){.kind = CS_SELECT_SHARE, .share = it->top_share};
        if (it->max_per_year >= 0 && n < max) {
            const int64_t left = it->max_per_year - v->started_this_year;
            out[n++] = (cs_selection){.kind = CS_SELECT_TOP_K, .k = left > 0 ? (uint64_t)left : 0};
        }
        if (it->budget_per_year >= 0 && n < max) {
            const int64_t left = llround(100.0 * it->budget_per_year) - v->spent_this_year;
            out[n++] = (cs_selection){.kind = CS_SELECT_BUDGET, .budget = left > 0 ? left : 0};
        }
        for (size_t s = first; s < n; s++) {
            lc_stage_info *st = &pol->stage[pol->n_stages++];
            st->item = (uint8_t)k;
            st->kind = (uint8_t)(out[s].kind == CS_SELECT_SHARE ? LC_STAGE_SHARE
                                 : out[s].kind == CS_SELECT_TOP_K ? LC_STAGE_COUNT
                                                                  : LC_STAGE_BUDGET);
            st->first = s == first;
            st->last = s + 1 == n;
        }
    }
    m->trial.first_stage = n; /* the trial's enrolment and allocation follow the caps */
    return n + lc_trial_selections_due(m, d, out + n, max - n);
}


static double lc_priority_(const lc_model *m, size_t k, size_t i, uint64_t gid)
{
    if (m->pol.iv[k].item->priority == CS_PRIORITY_RISK) return m->rate[i];
    cs_pcg32 r = cs_stream_rng(m->pol.key[k], gid);
    (void)cs_pcg32_next(&r);
    (void)cs_pcg32_next(&r);
    return cs_pcg32_double(&r);
}

/* What a start commits the programme to this year, in cents. */
static int64_t lc_commitment_(const lc_iv *v, int32_t night)
{
    const int32_t year_end = v->item->start_night + (lc_year_(v, night) + 1) * LC_DAYS_PER_YEAR;
    const int32_t until = year_end < v->item->end_night ? year_end : v->item->end_night;
    return llround(100.0 * (v->cost_start + v->cost_per_day * (until - night)));
}

/* Whether stage s is where reach and uptake are drawn: the first stage
 * that is not a share. */
static int lc_accept_stage_(const lc_policy *pol, size_t s)
{
    const lc_stage_info *st = &pol->stage[s];
    return st->kind != LC_STAGE_SHARE && (st->first || pol->stage[s - 1].kind == LC_STAGE_SHARE);
}

void lc_policy_select_mark(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t s,
                           const uint8_t *prev, double *score, int64_t *cost, uint8_t *candidate)
{
    lc_model *m = model;
    if (s >= m->trial.first_stage) {
        for (size_t i = lo; i < hi; i++) cost[i] = 0;
        lc_trial_select_mark(m, a, lo, hi, d, s - m->trial.first_stage, score, candidate);
        return;
    }
    const lc_stage_info *st = &m->pol.stage[s];
    const size_t k = st->item;
    const lc_iv *v = &m->pol.iv[k];
    const lc_attr_ctx ctx = {m, d->night};
    const unsigned bit = 1u << k;
    const int accept_here = lc_accept_stage_(&m->pol, s);
    const int64_t commit = lc_commitment_(v, d->night);
    for (size_t i = lo; i < hi; i++) {
        const uint64_t gid = a->gid0 + i;
        int c = st->first ? !((m->iv_held[i] | m->iv_done[i]) & bit) && cs_rule_eval(v->target, lc_attr_get, &ctx, i)
                          : prev[i];
        if (c && accept_here) {
            int reached;
            c = lc_policy_accepts(m, k, gid, &reached);
            if (reached && !c) m->iv_done[i] |= (uint16_t)bit; /* reached and declined: not asked again */
        }
        candidate[i] = (uint8_t)c;
        score[i] = c ? lc_priority_(m, k, i, gid) : 0.0;
        cost[i] = c ? commit : 0;
    }
}

void lc_policy_select_apply(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t s,
                            const uint8_t *chosen, cs_tally *t)
{
    lc_model *m = model;
    if (s >= m->trial.first_stage) {
        lc_trial_select_apply(m, a, lo, hi, d, s - m->trial.first_stage, chosen, t);
        return;
    }
    const lc_stage_info *st = &m->pol.stage[s];
    const size_t k = st->item;
    if (!st->last) return;
    for (size_t i = lo; i < hi; i++) {
        if (!chosen[i]) continue;
        const uint64_t gid = a->gid0 + i;
        int reached;
        if (st->kind != LC_STAGE_SHARE)
            lc_policy_start(m, i, gid, k, d, t);
        else if (lc_policy_accepts(m, k, gid, &reached)) /* a share alone: reach and uptake now */
            lc_policy_start(m, i, gid, k, d, t);
        else if (reached)
            m->iv_done[i] |= (uint16_t)(1u << k);
    }
}

void lc_policy_select_done(void *model, const cs_day *d, size_t s, uint64_t n_chosen, int64_t spent)
{
    lc_model *m = model;
    (void)d;
    if (s >= m->trial.first_stage) return; /* the trial's: nothing to count */
    const lc_stage_info *st = &m->pol.stage[s];
    lc_iv *v = &m->pol.iv[st->item];
    if (!st->last) return;
    if (st->kind != LC_STAGE_SHARE) v->started_this_year += (int64_t)n_chosen;
    if (st->kind == LC_STAGE_BUDGET) v->spent_this_year += spent;
}

/* ---- checkpoints ------------------------------------------------------
 * The caps' running totals are the model's only state that is neither a
 * column nor set afresh by begin_day from the night (season, heat wave,
 * open survey windows, stream keys, tonight's discount and stages all
 * are): three int64 per item of the arm, in item order. */
enum { LC_CKPT_FIELDS = 3 };

size_t lc_policy_checkpoint_size(const void *model)
{
    const lc_model *m = model;
    return m->pol.n * LC_CKPT_FIELDS * sizeof(int64_t);
}

void lc_policy_checkpoint_save(const void *model, void *buf)
{
    const lc_model *m = model;
    unsigned char *p = buf;
    for (size_t k = 0; k < m->pol.n; k++) {
        const lc_iv *v = &m->pol.iv[k];
        const int64_t f[LC_CKPT_FIELDS] = {v->cap_year, v->started_this_year, v->spent_this_year};
        memcpy(p + k * sizeof f, f, sizeof f);
    }
}

void lc_policy_checkpoint_restore(void *model, const void *buf)
{
    lc_model *m = model;
    const unsigned char *p = buf;
    for (size_t k = 0; k < m->pol.n; k++) {
        lc_iv *v = &m->pol.iv[k];
        int64_t f[LC_CKPT_FIELDS];
        memcpy(f, p + k * sizeof f, sizeof f);
        v->cap_year = (int32_t)f[0];
        v->started_this_year = f[1];
        v->spent_this_year = f[2];
    }
}
