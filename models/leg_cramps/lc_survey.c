/* lc_survey.c -- the end-of-run survey: each agent is classed by how often
 * it cramped in the survey window (the last `survey.window_nights` nights),
 * as a cross-sectional questionnaire would ask "in the past year"; and, for
 * each underlying condition and medication, counts who has it and who of
 * them cramped. */
#include "lc_model.h"

void lc_survey_cramp_night(lc_model *m, size_t i, int32_t night, uint32_t episodes, int woken, int in_window)
{
    (void)night;
    (void)woken;
    if (!in_window) return;
    m->win_nights[i] += m->win_nights[i] < UINT16_MAX;
    m->win_cramps[i] = (uint16_t)(m->win_cramps[i] + episodes < UINT16_MAX ? m->win_cramps[i] + episodes : UINT16_MAX);
}

void lc_survey_finish(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    (void)a;
    lc_model *m = model;
    const double window = d->n_nights < m->p.survey_nights ? d->n_nights : m->p.survey_nights; /* nights */
    const double weeks = window / 7.0, months = window / (365.0 / 12.0);
    int64_t *freq = cs_tally_summary(t, m->m.frequency);
    int64_t *cagents = cs_tally_summary(t, m->m.cond_agents), *csuff = cs_tally_summary(t, m->m.cond_sufferers);
    int64_t *magents = cs_tally_summary(t, m->m.med_users), *msuff = cs_tally_summary(t, m->m.med_sufferers);
    for (size_t i = lo; i < hi; i++) {
        const double episodes = m->win_cramps[i], nights = m->win_nights[i];
        int cls;
        if (episodes == 0) cls = 0;
        else if (nights >= weeks * 6.0) cls = 5;           /* nightly: at least 6 nights in 7 */
        else if (episodes > weeks * 3.0) cls = 4;          /* more than 3 a week */
        else if (episodes >= weeks) cls = 3;               /* 1-3 a week */
        else if (episodes >= months) cls = 2;              /* monthly to weekly */
        else cls = 1;                                      /* less than monthly */
        freq[(size_t)m->stratum[i] * LC_FREQ_CLASSES + (size_t)cls] += 1;
        for (unsigned c = 0, bits = m->cond[i]; bits; c++, bits >>= 1)
            if (bits & 1u) {
                cagents[(size_t)m->stratum[i] * LC_CONDS + c] += 1;
                csuff[(size_t)m->stratum[i] * LC_CONDS + c] += episodes > 0;
            }
        for (unsigned k = 0, bits = m->meds[i]; bits; k++, bits >>= 1)
            if (bits & 1u) {
                magents[(size_t)m->stratum[i] * LC_MEDS + k] += 1;
                msuff[(size_t)m->stratum[i] * LC_MEDS + k] += episodes > 0;
            }
    }
}
