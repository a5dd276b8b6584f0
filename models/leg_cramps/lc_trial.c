/* lc_trial.c -- an in-silico trial inside the simulated population
 * (cs_trial.h, docs/policies.md "In-silico trials").
 *
 * Run-in: from run_in_nights before enrolment every agent counts its
 * episodes (column trial_base).  Enrolment, on the day before enrol_night,
 * is one population-wide selection: of those the eligibility rule picks
 * with at least min_events episodes in the run-in, the `participants` with
 * the highest uniform of the trial's stream (a random order).  Allocation
 * is one selection per arm but the last, each taking the arm's share of the
 * still unallocated by a second uniform, so arms get exactly their shares of
 * the participants (as block randomisation would) and the same people for
 * any ranks and threads.
 *
 * Follow-up: a treatment arm starts its intervention through the policy
 * machinery (lc_policy_start: adherence, stopping, adverse events as the
 * catalogue says); the participants of placebo and treatment arms have
 * their episodes thinned by placebo.rate_ratio (the placebo or attention
 * effect, on every night of follow-up), from the trial's own random purpose,
 * so that nobody else's draws change.  Participants keep their arm (intention
 * to treat); their episodes in the final window count in trial_end.  At the
 * end of follow-up each completer is tallied (exact integers, cs_trial.h);
 * one who dies before is lost to follow-up.  Nothing here allocates, and
 * outside the enrolment night the trial costs a comparison per cramp night. */
#include "cs_status.h"
#include "lc_model.h"

int lc_trial_setup(lc_model *m, cs_setup *s)
{
    cs_params *p = cs_setup_params(s);
    lc_trial *tr = &m->trial;
    int rc = CS_OK;
    CS_TRY(cs_params_real(p, "placebo.rate_ratio", cs_setup_msg(s), &tr->placebo_ratio));
    tr->design = cs_setup_trial(s);
    tr->run_in = tr->enrol = tr->final = tr->end = -1; /* no night is -1 */
    if (!tr->design) goto done;
    const cs_trial *dz = tr->design;
    tr->enrol = dz->enrol_night;
    tr->run_in = dz->enrol_night - dz->run_in_nights;
    tr->end = cs_trial_end(dz);
    tr->final = tr->end - dz->final_window_nights;
    for (size_t a = 0; a < dz->n_arms; a++)
        tr->attention[a] = dz->arms[a].kind == CS_TRIAL_NONE ? 1.0f : (float)tr->placebo_ratio;
    CS_TRY(cs_setup_trial_rule(s, lc_attrs, lc_n_attrs, &tr->eligible));
    CS_TRY(cs_setup_trial_tally(s, "cramps", &tr->tally));
    cs_setup_selections(s);
#define LC_COL(field, type, unit, help) CS_TRY(cs_setup_column(s, #field, type, (void **)&m->field, unit, help, 0))
    LC_COL(trial_arm, CS_COL_U8, "code", "0: not in the trial; 1 + a: a participant of trial arm a");
    LC_COL(trial_base, CS_COL_U16, "episodes", "episodes in the trial's run-in (everybody; saturating)");
    LC_COL(trial_end, CS_COL_U16, "episodes", "a participant's episodes in the final window (saturating)");
#undef LC_COL
done:
    return rc;
}

/* ---- enrolment and allocation ------------------------------------------ */

size_t lc_trial_selections_due(lc_model *m, const cs_day *d, cs_selection *out, size_t max)
{
    const cs_trial *dz = m->trial.design;
    if (!dz || d->night != m->trial.enrol || max < dz->n_arms) return 0;
    size_t n = 0;
    out[n++] = (cs_selection){.kind = CS_SELECT_TOP_K, .k = (uint64_t)dz->participants};
    for (size_t a = 0; a + 1 < dz->n_arms; a++) {
        double rest = 0.0; /* weights of this arm and those after it: the still unallocated */
        for (size_t b = a; b < dz->n_arms; b++) rest += dz->arms[b].allocation;
        const double share = dz->arms[a].allocation / rest;
        out[n++] = (cs_selection){.kind = CS_SELECT_SHARE, .share = share < 1.0 ? share : 1.0};
    }
    return n;
}

/* Eligible tonight: enough episodes in the run-in, and the rule true. */
static int lc_trial_eligible_(const lc_model *m, size_t i, const lc_attr_ctx *ctx)
{
    return m->trial_base[i] >= m->trial.design->min_events && cs_rule_eval(m->trial.eligible, lc_attr_get, ctx, i);
}

void lc_trial_select_mark(lc_model *m, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t s,
                          double *score, uint8_t *candidate)
{
    const lc_attr_ctx ctx = {m, d->night};
    const uint8_t unallocated = (uint8_t)m->trial.design->n_arms; /* the last arm's code until allocated */
    const uint64_t key = m->night_key[LC_P_TRIAL];
    for (size_t i = lo; i < hi; i++) {
        const int c = s == 0 ? lc_trial_eligible_(m, i, &ctx) : m->trial_arm[i] == unallocated;
        candidate[i] = (uint8_t)c;
        score[i] = 0.0;
        if (!c) continue;
        cs_pcg32 r = cs_stream_rng(key, a->gid0 + i);
        const uint32_t enrol = cs_pcg32_next(&r), alloc = cs_pcg32_next(&r); /* draws 0 and 1 of the night */
        score[i] = (s == 0 ? enrol : alloc) / 4294967296.0;
    }
}

void lc_trial_select_apply(lc_model *m, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t s,
                           const uint8_t *chosen, cs_tally *t)
{
    const cs_trial *dz = m->trial.design;
    const size_t n_arms = dz->n_arms;
    int64_t *tally = cs_tally_trial(t, m->trial.tally);
    if (s == 0) { /* enrolled: unallocated (the last arm's code) */
        const lc_attr_ctx ctx = {m, d->night};
        int64_t eligible = 0;
        for (size_t i = lo; i < hi; i++) {
            eligible += lc_trial_eligible_(m, i, &ctx);
            if (chosen[i]) m->trial_arm[i] = (uint8_t)n_arms;
        }
        tally[n_arms * CS_TRIAL_FIELDS + CS_TRIAL_ELIGIBLE] += eligible;
    } else {
        for (size_t i = lo; i < hi; i++)
            if (chosen[i]) m->trial_arm[i] = (uint8_t)s; /* arm s - 1 */
    }
    if (s + 1 < n_arms) return;
    /* everyone allocated: baselines, and the treatments start */
    for (size_t i = lo; i < hi; i++) {
        if (!m->trial_arm[i]) continue;
        const size_t arm = m->trial_arm[i] - 1u;
        cs_trial_randomised(tally, arm, m->trial_base[i]);
        m->trial_end[i] = 0;
        if (dz->arms[arm].item >= 0) lc_policy_start(m, i, a->gid0 + i, (size_t)dz->arms[arm].item, d, t);
    }
}

/* ---- follow-up ------------------------------------------------------------ */

static uint16_t lc_add_sat_(uint16_t c, uint32_t n) { return (uint16_t)(c + n < 0xffffu ? c + n : 0xffffu); }

void lc_trial_cramp_night(lc_model *m, size_t i, int32_t night, uint32_t episodes)
{
    const lc_trial *tr = &m->trial;
    if (night >= tr->run_in && night < tr->enrol) m->trial_base[i] = lc_add_sat_(m->trial_base[i], episodes);
    else if (m->trial_arm[i] && night >= tr->final && night < tr->end)
        m->trial_end[i] = lc_add_sat_(m->trial_end[i], episodes);
}

void lc_trial_newborn(lc_model *m, size_t i, cs_tally *t)
{
    if (m->trial_arm[i]) cs_trial_lost(cs_tally_trial(t, m->trial.tally), m->trial_arm[i] - 1u);
    m->trial_arm[i] = 0;
    m->trial_base[i] = m->trial_end[i] = 0;
}

/* Tallies the participants of [lo, hi) as completers and ends their
 * participation. */
static void lc_trial_complete_(lc_model *m, size_t lo, size_t hi, cs_tally *t)
{
    const cs_trial *dz = m->trial.design;
    int64_t *tally = cs_tally_trial(t, m->trial.tally);
    for (size_t i = lo; i < hi; i++) {
        if (!m->trial_arm[i]) continue;
        const size_t arm = m->trial_arm[i] - 1u;
        const int item = dz->arms[arm].item;
        const int stopped = item >= 0 && !(m->iv_held[i] >> item & 1u);
        cs_trial_completed(tally, dz, arm, m->trial_base[i], m->trial_end[i], stopped);
        m->trial_arm[i] = 0;
    }
}

void lc_trial_step_day(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    lc_model *m = model;
    (void)a;
    /* before the life module: holdings end at this night's policy update */
    if (m->trial_arm && d->night == m->trial.end) lc_trial_complete_(m, lo, hi, t);
}

void lc_trial_finish(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    lc_model *m = model;
    (void)a;
    (void)d;
    if (m->trial_arm) lc_trial_complete_(m, lo, hi, t); /* a follow-up that ends with the run */
}
