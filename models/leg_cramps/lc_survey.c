/* lc_survey.c -- surveys: what a questionnaire would ask the population
 * about a recall window ("in the past month", "in the past year").
 *
 * While a survey's window is open, each cramp night adds to the
 * respondent's counters of its slot (episodes, cramp nights, woken); the
 * nights without cramps cost nothing.  When the survey is asked, each agent
 * present answers: how often it cramped (the frequency class), whether at
 * all, whether a cramp woke it, whether it told a doctor in the window and
 * ever; the answers are tallied by stratum, and by underlying condition and
 * medication.  The built-in survey (the last `survey.window_nights` nights,
 * asked at the end) and the scenario's surveys take the same path; designs
 * and slots are set up in lc_survey_setup.c. */
#include "lc_model.h"

void lc_survey_cramp_night(lc_model *m, size_t i, uint32_t episodes, int woken)
{
    for (unsigned open = m->sv_open, s = 0; open; s++, open >>= 1)
        if (open & 1u) {
            uint16_t *nights = &m->slot_nights[s][i], *cramps = &m->slot_cramps[s][i];
            *nights += *nights < UINT16_MAX;
            *cramps = (uint16_t)(*cramps + episodes < UINT16_MAX ? *cramps + episodes : UINT16_MAX);
        }
    /* the built-in survey (slot 0, open all year by default) asks no "woken" question */
    const uint16_t ask_woken = m->sv_open & (uint16_t)~1u;
    if (woken && ask_woken) m->sv_woken[i] |= ask_woken;
}

void lc_survey_begin_day(lc_model *m, const cs_day *d)
{
    /* the built-in window: the last survey_nights nights, at most the run */
    lc_survey *b = &m->sv[0];
    b->at_night = d->n_nights;
    b->first_night = d->n_nights - (m->p.survey_nights < d->n_nights ? m->p.survey_nights : d->n_nights);
    uint16_t open = 0;
    for (size_t k = 0; k < m->n_sv; k++)
        if (d->night >= m->sv[k].first_night && d->night < m->sv[k].at_night) open |= (uint16_t)(1u << m->sv[k].slot);
    m->sv_open = open;
}

void lc_survey_newborn(lc_model *m, size_t i)
{
    for (size_t s = 0; s < m->n_slots; s++) m->slot_cramps[s][i] = m->slot_nights[s][i] = 0;
    if (m->sv_woken) m->sv_woken[i] = 0;
}

/* Frequency class from episodes and cramp nights over a window of `weeks`
 * (and `months`): none, less than monthly, monthly to weekly, 1-3 a week,
 * more than 3 a week, nightly (cramp nights on at least 6 of 7 nights). */
static int lc_freq_class_(double episodes, double nights, double weeks, double months)
{
    if (episodes == 0) return 0;
    if (nights >= weeks * 6.0) return 5;
    if (episodes > weeks * 3.0) return 4;
    if (episodes >= weeks) return 3;
    if (episodes >= months) return 2;
    return 1;
}

/* The tally block of measure `id`, or NULL when the survey does not ask. */
static int64_t *lc_block_(cs_tally *t, int id) { return id >= 0 ? cs_tally_summary(t, id) : NULL; }

/* Survey `sv` asks agents [lo, hi); clears its slot after if a later survey reuses it. */
static void lc_survey_ask_(lc_model *m, const lc_survey *sv, size_t lo, size_t hi, cs_tally *t)
{
    const double window = sv->at_night - sv->first_night; /* nights */
    const double weeks = window / 7.0, months = window / (365.0 / 12.0);
    uint16_t *cramps = m->slot_cramps[sv->slot], *nights = m->slot_nights[sv->slot];
    const uint16_t bit = (uint16_t)(1u << sv->slot);
    int64_t *freq = cs_tally_summary(t, sv->frequency), *answers = lc_block_(t, sv->answers);
    int64_t *cond[LC_GROUP_QUESTIONS], *med[LC_GROUP_QUESTIONS];
    for (int q = 0; q < LC_GROUP_QUESTIONS; q++) {
        cond[q] = lc_block_(t, sv->cond[q]);
        med[q] = lc_block_(t, sv->med[q]);
    }
    for (size_t i = lo; i < hi; i++) {
        const size_t s = m->stratum[i];
        const int32_t consulted = m->consulted[i];
        const int yes[LC_QUESTIONS] = {
            [LC_Q_RESPONDENT] = 1,
            [LC_Q_CRAMPS] = cramps[i] > 0,
            [LC_Q_WOKEN] = m->sv_woken && (m->sv_woken[i] & bit),
            [LC_Q_DOCTOR] = consulted != LC_NEVER && consulted >= sv->first_night,
            [LC_Q_DOCTOR_EVER] = consulted != LC_NEVER,
        };
        freq[s * LC_FREQ_CLASSES + (size_t)lc_freq_class_(cramps[i], nights[i], weeks, months)] += 1;
        if (answers)
            for (int q = 0; q < LC_QUESTIONS; q++) answers[s * LC_QUESTIONS + (size_t)q] += yes[q];
        for (unsigned c = 0, bits = m->cond[i]; bits; c++, bits >>= 1)
            if (bits & 1u)
                for (int q = 0; q < LC_GROUP_QUESTIONS; q++)
                    if (cond[q]) cond[q][s * LC_CONDS + c] += yes[q];
        for (unsigned k = 0, bits = m->meds[i]; bits; k++, bits >>= 1)
            if (bits & 1u)
                for (int q = 0; q < LC_GROUP_QUESTIONS; q++)
                    if (med[q]) med[q][s * LC_MEDS + k] += yes[q];
        if (sv->clear) {
            cramps[i] = nights[i] = 0;
            if (m->sv_woken) m->sv_woken[i] &= (uint16_t)~bit;
        }
    }
}

void lc_survey_ask(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t k, cs_tally *t)
{
    (void)a;
    (void)d;
    lc_model *m = model;
    lc_survey_ask_(m, &m->sv[1 + k], lo, hi, t);
}

void lc_survey_finish(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    (void)a;
    (void)d;
    lc_model *m = model;
    lc_survey_ask_(m, &m->sv[0], lo, hi, t);
}
