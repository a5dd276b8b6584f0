/* lc_survey_setup.c -- the surveys' designs, counter slots and measures.
 *
 * Survey 0 is the built-in one: its window is the last
 * `survey.window_nights` nights (set each night from the horizon, which
 * setup does not know), it has slot 0 (columns win_cramps and win_nights)
 * and answers the summaries `frequency`, `condition_*` and `medication_*`.
 * The scenario's surveys (cs_setup_surveys) get the other slots: a slot is
 * reused by a survey whose window opens after the previous one in that slot
 * was asked, so per-agent memory grows with the surveys whose windows
 * overlap, not with all of them. */
#include "cs_status.h"
#include "lc_model.h"

static const char *const lc_answer_labels[LC_QUESTIONS] = {
    "respondents", "any cramp", "woken by cramps", "told a doctor", "told a doctor ever"};

/* Names of the counter columns of slots 1.. (slot 0 is win_cramps / win_nights). */
static const char *const lc_slot_cramps[LC_SURVEYS] = {
    "win_cramps",      "survey_cramps_1", "survey_cramps_2", "survey_cramps_3", "survey_cramps_4",
    "survey_cramps_5", "survey_cramps_6", "survey_cramps_7", "survey_cramps_8"};
static const char *const lc_slot_nights[LC_SURVEYS] = {
    "win_nights",      "survey_nights_1", "survey_nights_2", "survey_nights_3", "survey_nights_4",
    "survey_nights_5", "survey_nights_6", "survey_nights_7", "survey_nights_8"};

/* Per group (conditions, medications): measure names and help, by question. */
static const struct {
    const char *name, *help;
} lc_group_measures[2][LC_GROUP_QUESTIONS] = {
    {{"condition_respondents", "respondents with each underlying condition (an agent counts once per condition)"},
     {"condition_cramps", "of those, respondents with a cramp night in the recall window"},
     {"condition_woken", "of those, respondents woken by a cramp in the recall window"},
     {"condition_told_doctor", "of those, respondents who told a doctor about cramps in the recall window"}},
    {{"medication_respondents", "respondents taking each medication (an agent counts once per drug)"},
     {"medication_cramps", "of those, respondents with a cramp night in the recall window"},
     {"medication_woken", "of those, respondents woken by a cramp in the recall window"},
     {"medication_told_doctor", "of those, respondents who told a doctor about cramps in the recall window"}},
};

/* Gives scenario surveys 1..n-1 counter slots from 1 up: the lowest slot
 * whose surveys' windows do not overlap, taking surveys by the night their
 * window opens; marks a survey `clear` when a later one reuses its slot.
 * Returns the number of slots (slot 0 included). */
static size_t lc_assign_slots_(lc_survey *sv, size_t n)
{
    size_t order[LC_SURVEYS], m = 0, slots = 1;
    for (size_t k = 1; k < n; k++) { /* insertion sort by first night, then index */
        size_t j = m++;
        while (j > 0 && sv[order[j - 1]].first_night > sv[k].first_night) {
            order[j] = order[j - 1];
            j--;
        }
        order[j] = k;
    }
    for (size_t o = 0; o < m; o++) {
        lc_survey *a = &sv[order[o]];
        for (uint8_t slot = 1;; slot++) {
            int free = 1;
            for (size_t p = 0; p < o && free; p++) {
                const lc_survey *b = &sv[order[p]];
                free = b->slot != slot || b->at_night <= a->first_night; /* b opened first */
            }
            if (free) {
                a->slot = slot;
                slots = slot + 1u > slots ? slot + 1u : slots;
                break;
            }
        }
    }
    for (size_t k = 1; k < n; k++)
        for (size_t j = 1; j < n; j++)
            sv[k].clear |= j != k && sv[j].slot == sv[k].slot && sv[j].first_night >= sv[k].at_night;
    return slots;
}

/* The measures of scenario survey k (model survey 1 + k). */
static int lc_survey_measures_(lc_survey *sv, size_t k, cs_setup *s)
{
    int rc = CS_OK;
    CS_TRY(cs_setup_survey_summary(s, k, "frequency", LC_FREQ_CLASSES, lc_freq_labels, "agents",
                                   "respondents by cramp frequency in the recall window (episodes per week, "
                                   "classes scaled to the window; nightly: cramp nights on at least 6 of 7 nights)",
                                   &sv->frequency));
    CS_TRY(cs_setup_survey_summary(s, k, "answers", LC_QUESTIONS, lc_answer_labels, "agents",
                                   "respondents, and of them those with a cramp night in the recall window, woken "
                                   "by a cramp in it, who told a doctor about cramps in it, and ever in the run",
                                   &sv->answers));
    for (int q = 0; q < LC_GROUP_QUESTIONS; q++)
        CS_TRY(cs_setup_survey_summary(s, k, lc_group_measures[0][q].name, LC_CONDS, lc_cond_labels, "agents",
                                       lc_group_measures[0][q].help, &sv->cond[q]));
    for (int q = 0; q < LC_GROUP_QUESTIONS; q++)
        CS_TRY(cs_setup_survey_summary(s, k, lc_group_measures[1][q].name, LC_MEDS, lc_med_labels, "agents",
                                       lc_group_measures[1][q].help, &sv->med[q]));
done:
    return rc;
}

int lc_survey_setup(lc_model *m, cs_setup *s)
{
    int rc = CS_OK;
    int64_t window;
    CS_TRY(cs_params_int(cs_setup_params(s), "survey.window_nights", cs_setup_msg(s), &window));
    m->p.survey_nights = (int32_t)window;
    const cs_survey *designs;
    const size_t n = cs_setup_surveys(s, &designs);
    m->n_sv = 1 + n;
    m->sv[0] = (lc_survey){.frequency = m->m.frequency,
                           .answers = -1,
                           .cond = {m->m.cond_agents, m->m.cond_sufferers, -1, -1},
                           .med = {m->m.med_users, m->m.med_sufferers, -1, -1}};
    for (size_t k = 0; k < n; k++) {
        lc_survey *sv = &m->sv[1 + k];
        *sv = (lc_survey){.first_night = designs[k].at_night - designs[k].recall_nights,
                          .at_night = designs[k].at_night};
        CS_TRY(lc_survey_measures_(sv, k, s));
    }
    m->n_slots = lc_assign_slots_(m->sv, m->n_sv);
    for (size_t slot = 0; slot < m->n_slots; slot++) {
        const int out = slot == 0; /* the other slots hold whichever survey used them last */
        CS_TRY(cs_setup_column(s, lc_slot_cramps[slot], CS_COL_U16, (void **)&m->slot_cramps[slot], "episodes",
                               slot ? "cramp episodes in the open recall window of this counter slot"
                                    : "cramp episodes in the survey window",
                               out));
        CS_TRY(cs_setup_column(s, lc_slot_nights[slot], CS_COL_U16, (void **)&m->slot_nights[slot], "nights",
                               slot ? "nights with cramps in the open recall window of this counter slot"
                                    : "nights with cramps in the survey window",
                               out));
    }
    if (n) CS_TRY(cs_setup_column(s, "survey_woken", CS_COL_U16, (void **)&m->sv_woken, "bits",
                                  "bit s: woken by a cramp in the recall window of counter slot s", 0));
done:
    return rc;
}
