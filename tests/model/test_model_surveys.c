/* test_model_surveys.c -- the leg-cramp model's answers to the scenario's
 * surveys (run by test_model.c's main).
 *
 * Pinned here: a survey over the built-in window gives the built-in answers
 * and surveys change nothing else in a run; a shorter recall never finds
 * more sufferers, in any stratum, condition or drug; a survey asked mid-run
 * answers as the built-in survey of a run that ends that night, also when
 * surveys whose windows do not overlap share counters; the doctor questions
 * follow the consultation column; a newborn reports only nights since its
 * birth. */
#include <stdio.h>
#include <string.h>

#include "cs_results.h"
#include "cs_status.h"
#include "model_support.h"

#define SV_POP 20000
#define SV_NIGHTS 400
#define SV_SEED 7
#define NEVER 2147483647 /* the consultation column's "none in the run" */

enum { Q_RESPONDENTS = 0, Q_CRAMPS, Q_WOKEN, Q_DOCTOR, Q_DOCTOR_EVER };

/* Measure `name_a` of a equals measure `name_b` of b in every stratum and class. */
static int same_summary(const cs_sim *a, const char *name_a, const cs_sim *b, const char *name_b)
{
    const cs_results *x = cs_sim_results(a), *y = cs_sim_results(b);
    const int i = summary_id(a, name_a), j = summary_id(b, name_b);
    const size_t w = x->layout->summary_width[i];
    if (w != y->layout->summary_width[j] || cs_results_strata(x) != cs_results_strata(y)) return 0;
    for (size_t k = 0; k < cs_results_strata(x); k++)
        for (size_t c = 0; c < w; c++)
            if (cs_results_summary(x, i, 0, k, c) != cs_results_summary(y, j, 0, k, c)) return 0;
    return 1;
}

/* Every series and every summary of `b` has the same values in `a`. */
static int same_as(const cs_sim *a, const cs_sim *b)
{
    const cs_results *x = cs_sim_results(a), *y = cs_sim_results(b);
    const cs_layout *L = y->layout;
    for (size_t m = 0; m < L->n_series; m++) {
        const int i = series_id(a, L->series[m].name);
        for (size_t p = 0; p < cs_results_periods(y); p++)
            for (size_t k = 0; k < L->n_strata; k++)
                if (cs_results_series(x, i, 0, p, k) != cs_results_series(y, (int)m, 0, p, k)) return 0;
    }
    for (size_t m = 0; m < L->n_summary; m++)
        if (!same_summary(a, L->summary[m].name, b, L->summary[m].name)) return 0;
    return 1;
}

/* Sum of class c of a summary over every stratum. */
static int64_t total(const cs_sim *s, const char *name, size_t c)
{
    const cs_results *r = cs_sim_results(s);
    const int id = summary_id(s, name);
    int64_t sum = 0;
    for (size_t k = 0; k < cs_results_strata(r); k++) sum += cs_results_summary(r, id, 0, k, c);
    return sum;
}

/* The built-in measure each survey measure of the same window must equal. */
static const char *const builtin_pairs[][2] = {
    {"frequency", "frequency"},
    {"condition_respondents", "condition_agents"},
    {"condition_cramps", "condition_sufferers"},
    {"medication_respondents", "medication_users"},
    {"medication_cramps", "medication_sufferers"},
};
#define N_PAIRS (sizeof builtin_pairs / sizeof builtin_pairs[0])

/* Every answer of `survey` in `a` equals the built-in answer in `b`. */
static int answers_as_builtin(const cs_sim *a, const char *survey, const cs_sim *b)
{
    int same = 1;
    for (size_t k = 0; k < N_PAIRS; k++) {
        char name[128];
        snprintf(name, sizeof name, "survey.%s.%s", survey, builtin_pairs[k][0]);
        const int ok = same_summary(a, name, b, builtin_pairs[k][1]);
        if (!ok) fprintf(stderr, "\n  %s differs from the built-in %s\n", name, builtin_pairs[k][1]);
        same &= ok;
    }
    return same;
}

static void test_a_survey_over_the_built_in_window_gives_its_answers_and_changes_nothing_else(void)
{
    cs_sim *plain = run_with(SV_POP, SV_NIGHTS, SV_SEED, NULL, 0, 2);
    const char *sets[] = {"surveys.year.recall_nights=365", "surveys.month.recall_nights=30",
                          "surveys.spring.recall_nights=50", "surveys.spring.at_night=120"};
    cs_sim *surveyed = run_with(SV_POP, SV_NIGHTS, SV_SEED, sets, 4, 2);
    CU_ASSERT(answers_as_builtin(surveyed, "year", surveyed));
    CU_ASSERT(same_as(surveyed, plain)); /* every series and built-in summary as without surveys */
    CU_ASSERT(total(surveyed, "frequency", 0) < SV_POP); /* not vacuous: some cramped */
    /* the same for another built-in window, set in the model file */
    const char *sets45[] = {"survey.window_nights=45", "surveys.s45.recall_nights=45"};
    cs_sim *w45 = run_with(SV_POP, SV_NIGHTS, SV_SEED, sets45, 2, 3);
    CU_ASSERT(answers_as_builtin(w45, "s45", w45));
    CU_ASSERT(!same_summary(w45, "frequency", plain, "frequency"));
    cs_sim_destroy(&plain);
    cs_sim_destroy(&surveyed);
    cs_sim_destroy(&w45);
}

static void test_a_shorter_recall_never_finds_more_sufferers(void)
{
    const char *sets[] = {"surveys.month.recall_nights=30", "surveys.quarter.recall_nights=91",
                          "surveys.year.recall_nights=365"};
    cs_sim *s = run_with(SV_POP, SV_NIGHTS, SV_SEED, sets, 3, 2);
    const cs_results *r = cs_sim_results(s);
    static const char *const names[3] = {"month", "quarter", "year"};
    int answers[3], cond[3][2], med[3][2], freq[3];
    for (int k = 0; k < 3; k++) {
        char n[96];
        snprintf(n, sizeof n, "survey.%s.answers", names[k]);
        answers[k] = summary_id(s, n);
        snprintf(n, sizeof n, "survey.%s.frequency", names[k]);
        freq[k] = summary_id(s, n);
        snprintf(n, sizeof n, "survey.%s.condition_respondents", names[k]);
        cond[k][0] = summary_id(s, n);
        snprintf(n, sizeof n, "survey.%s.condition_cramps", names[k]);
        cond[k][1] = summary_id(s, n);
        snprintf(n, sizeof n, "survey.%s.medication_respondents", names[k]);
        med[k][0] = summary_id(s, n);
        snprintf(n, sizeof n, "survey.%s.medication_cramps", names[k]);
        med[k][1] = summary_id(s, n);
    }
    int nested = 1, same_people = 1, consistent = 1;
    int64_t any[3] = {0, 0, 0}, woken = 0;
    for (size_t st = 0; st < cs_results_strata(r); st++) {
        for (int k = 0; k < 3; k++) {
            const int64_t resp = cs_results_summary(r, answers[k], 0, st, Q_RESPONDENTS),
                          cr = cs_results_summary(r, answers[k], 0, st, Q_CRAMPS),
                          wk = cs_results_summary(r, answers[k], 0, st, Q_WOKEN),
                          none = cs_results_summary(r, freq[k], 0, st, 0);
            int64_t all = 0;
            for (size_t c = 0; c < 6; c++) all += cs_results_summary(r, freq[k], 0, st, c);
            consistent &= all == resp && resp - none == cr && wk <= cr;
            any[k] += cr;
            woken += k == 2 ? wk : 0;
            if (k == 0) continue;
            /* the same respondents; the sufferers of a shorter window among those of a longer one */
            same_people &= resp == cs_results_summary(r, answers[k - 1], 0, st, Q_RESPONDENTS);
            nested &= cs_results_summary(r, answers[k - 1], 0, st, Q_CRAMPS) <= cr;
            for (size_t c = 0; c < 12; c++) {
                same_people &= cs_results_summary(r, cond[k][0], 0, st, c) ==
                               cs_results_summary(r, cond[k - 1][0], 0, st, c);
                nested &= cs_results_summary(r, cond[k - 1][1], 0, st, c) <= cs_results_summary(r, cond[k][1], 0, st, c);
            }
            for (size_t c = 0; c < 10; c++) {
                same_people &= cs_results_summary(r, med[k][0], 0, st, c) ==
                               cs_results_summary(r, med[k - 1][0], 0, st, c);
                nested &= cs_results_summary(r, med[k - 1][1], 0, st, c) <= cs_results_summary(r, med[k][1], 0, st, c);
            }
        }
    }
    CU_ASSERT(nested);
    CU_ASSERT(same_people);
    CU_ASSERT(consistent);
    /* not vacuous: a year finds clearly more than a month, and cramps wake people */
    CU_ASSERT(any[0] > 0 && any[0] < any[1] && any[1] < any[2]);
    CU_ASSERT(woken > 0 && woken < any[2]);
    if (!(any[0] < any[1] && any[1] < any[2]))
        fprintf(stderr, "\n  sufferers: %lld month, %lld quarter, %lld year\n", (long long)any[0],
                (long long)any[1], (long long)any[2]);
    cs_sim_destroy(&s);
}

static void test_a_survey_asked_mid_run_answers_as_a_run_that_ends_that_night(void)
{
    /* three windows that do not overlap share one counter slot: [70, 100), [190, 250), [370, 400) */
    const char *sets[] = {"surveys.early.recall_nights=30", "surveys.early.at_night=100",
                          "surveys.mid.recall_nights=60",   "surveys.mid.at_night=250",
                          "surveys.late.recall_nights=30"};
    cs_sim *s = run_with(SV_POP, SV_NIGHTS, SV_SEED, sets, 5, 2);
    const char *e[] = {"survey.window_nights=30"}, *m[] = {"survey.window_nights=60"};
    cs_sim *ends100 = run_with(SV_POP, 100, SV_SEED, e, 1, 1);
    cs_sim *ends250 = run_with(SV_POP, 250, SV_SEED, m, 1, 3);
    cs_sim *ends400 = run_with(SV_POP, SV_NIGHTS, SV_SEED, e, 1, 2);
    CU_ASSERT(answers_as_builtin(s, "early", ends100));
    CU_ASSERT(answers_as_builtin(s, "mid", ends250));
    CU_ASSERT(answers_as_builtin(s, "late", ends400));
    /* one slot (two u16 counters) and the woken bits for all three */
    cs_sim *plain = run_with(SV_POP, 1, SV_SEED, NULL, 0, 1);
    CU_ASSERT_EQUAL(cs_sim_column_bytes_per_agent(s), cs_sim_column_bytes_per_agent(plain) + 2 + 2 + 2);
    /* overlapping windows each need their own */
    const char *overlap[] = {"surveys.a.recall_nights=30", "surveys.b.recall_nights=60", "surveys.c.recall_nights=90"};
    cs_sim *three = run_with(SV_POP, 100, SV_SEED, overlap, 3, 2);
    CU_ASSERT_EQUAL(cs_sim_column_bytes_per_agent(three), cs_sim_column_bytes_per_agent(plain) + 3 * 4 + 2);
    cs_sim_destroy(&s);
    cs_sim_destroy(&ends100);
    cs_sim_destroy(&ends250);
    cs_sim_destroy(&ends400);
    cs_sim_destroy(&plain);
    cs_sim_destroy(&three);
}

static void test_doctor_answers_follow_the_consultation_column(void)
{
    const char *sets[] = {"surveys.quarter.recall_nights=91"};
    cs_sim *s = run_with(SV_POP, 200, SV_SEED, sets, 1, 2);
    const cs_results *r = cs_sim_results(s);
    const int32_t *consulted = column(s, "consulted", CS_COL_I32);
    const uint8_t *stratum = column(s, "stratum", CS_COL_U8);
    int64_t told[90] = {0}, ever[90] = {0};
    for (size_t i = 0; i < cs_sim_agents(s)->n; i++) {
        ever[stratum[i]] += consulted[i] != NEVER;
        told[stratum[i]] += consulted[i] != NEVER && consulted[i] >= 200 - 91;
    }
    const int answers = summary_id(s, "survey.quarter.answers");
    int ok = 1;
    for (size_t k = 0; k < cs_results_strata(r); k++)
        ok &= cs_results_summary(r, answers, 0, k, Q_DOCTOR) == told[k] &&
              cs_results_summary(r, answers, 0, k, Q_DOCTOR_EVER) == ever[k] &&
              told[k] <= ever[k] && ever[k] <= cs_results_summary(r, answers, 0, k, Q_RESPONDENTS);
    CU_ASSERT(ok);
    cs_sim_destroy(&s);
}

static void test_a_newborn_reports_only_the_nights_since_its_birth(void)
{
    /* a high mortality: many agents are replaced by newborns inside the window */
    const char *sets[] = {"demography.mortality_makeham=0.1", "surveys.all.recall_nights=300"};
    cs_sim *s = run_with(SV_POP, 300, SV_SEED, sets, 2, 2);
    const int32_t *birth = column(s, "birth", CS_COL_I32);
    const uint16_t *nights = column(s, "win_nights", CS_COL_U16);
    size_t newborns = 0, longer = 0;
    for (size_t i = 0; i < cs_sim_agents(s)->n; i++) {
        if (birth[i] <= 0) continue;
        newborns++;
        longer += nights[i] > 300 - birth[i]; /* more cramp nights than nights alive */
    }
    CU_ASSERT(newborns > 1000);
    CU_ASSERT_EQUAL(longer, 0);
    CU_ASSERT_EQUAL(total(s, "survey.all.answers", Q_RESPONDENTS), SV_POP); /* the newborns answer too */
    CU_ASSERT(answers_as_builtin(s, "all", s));
    cs_sim_destroy(&s);
}

const cs_test_case model_survey_cases[] = {
    {"a survey over the built-in window gives its answers and changes nothing else",
     test_a_survey_over_the_built_in_window_gives_its_answers_and_changes_nothing_else},
    {"a shorter recall never finds more sufferers", test_a_shorter_recall_never_finds_more_sufferers},
    {"a survey asked mid-run answers as a run that ends that night",
     test_a_survey_asked_mid_run_answers_as_a_run_that_ends_that_night},
    {"doctor answers follow the consultation column", test_doctor_answers_follow_the_consultation_column},
    {"a newborn reports only the nights since its birth", test_a_newborn_reports_only_the_nights_since_its_birth},
    {NULL, NULL},
};
