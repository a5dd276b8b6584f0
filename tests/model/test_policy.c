/* test_policy.c -- policy arms of the leg-cramp model: common random
 * numbers (an arm that changes nothing is the status quo to the bit, and an
 * arm changes only the people it reaches), each kind of mechanism acting in
 * its direction, caps holding, and the economics adding up. */
#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "model_support.h"

#define P_POP 20000
#define P_NIGHTS 400

/* Series and summaries of a and b (replicate 0) equal for every measure the
 * reference declares, except the counts of starts and stops themselves. */
static int same_outcomes(const cs_sim *ref, const cs_sim *arm)
{
    const cs_layout *L = cs_sim_results(ref)->layout;
    const cs_results *x = cs_sim_results(ref), *y = cs_sim_results(arm);
    for (size_t m = 0; m < L->n_series; m++) {
        const char *name = L->series[m].name;
        if (strcmp(name, "iv_starts") == 0 || strcmp(name, "iv_stops") == 0) continue;
        const int id = series_id(arm, name);
        for (size_t p = 0; p < cs_results_periods(x); p++)
            for (size_t k = 0; k < L->n_strata; k++)
                if (cs_results_series(x, (int)m, 0, p, k) != cs_results_series(y, id, 0, p, k)) return 0;
    }
    for (size_t m = 0; m < L->n_summary; m++) {
        const int id = summary_id(arm, L->summary[m].name);
        for (size_t k = 0; k < L->n_strata; k++)
            for (size_t c = 0; c < L->summary_width[m]; c++)
                if (cs_results_summary(x, (int)m, 0, k, c) != cs_results_summary(y, id, 0, k, c)) return 0;
    }
    return 1;
}

/* A sham: bedtime stretching with no effect and no cost reaching many
 * people (starts, stops and their events happen) gives the reference's
 * every outcome, bit for bit. */
static void test_policy_null_arm_identical_to_reference(void)
{
    const char *arms = "interventions:\n"
                       "  sham: {like: bedtime_stretching, rate_ratio: 1, rate_ratio_pregnant: 1, duration_ratio: 1,"
                       " cost_start: 0}\n"
                       "  sham_drug: {like: quinine, rate_ratio: 1, rate_ratio_pregnant: 1, cost_start: 0,"
                       " cost_per_day: 0, adverse_minor_per_year: 0, adverse_serious_per_year: 0, mortality_hr: 1}\n"
                       "arms:\n"
                       "  status_quo: {}\n"
                       "  sham:\n"
                       "    interventions:\n"
                       "      sham: {target: \"age >= 40\", coverage: 0.8}\n"
                       "      sham_drug: {target: \"cramp_nights_30d >= 1\", channel: campaign, rescreen_nights: 7,"
                       " max_per_year: 500}\n";
    cs_scenario *sc = load_yaml(P_POP, P_NIGHTS, 7, arms, NULL, 0);
    cs_sim *ref = run_arm(sc, 0, 1), *sham = run_arm(sc, 1, 2);
    CU_ASSERT(series_sum(sham, "iv_starts") > 1000); /* it did reach people */
    CU_ASSERT(series_sum(sham, "iv_stops") > 100);
    CU_ASSERT(same_outcomes(ref, sham));
    cs_sim_destroy(&ref);
    cs_sim_destroy(&sham);
    cs_scenario_destroy(&sc);
}

/* Every column of everyone the arm never started on is the reference's:
 * quinine (thinning, adverse events, excess deaths, costs) and medication
 * review (drugs stopped) change only the people who take them. */
static void test_policy_arm_changes_only_those_it_reaches(void)
{
    const char *arms = "arms:\n"
                       "  status_quo: {}\n"
                       "  drugs:\n"
                       "    interventions:\n"
                       "      quinine: {target: \"age >= 50 && cramp_nights_30d >= 2\", channel: campaign,"
                       " rescreen_nights: 14}\n"
                       "      medication_review: {target: \"cramp_drug && age >= 60\", channel: campaign}\n";
    /* no excess deaths here: a newborn in the place of one who died of the
     * drug would be "never reached" and different (they are counted below) */
    const char *sets[] = {"parameters.interventions.quinine.mortality_hr=1"};
    cs_scenario *sc = load_yaml(P_POP, P_NIGHTS, 11, arms, sets, 1);
    cs_sim *ref = run_arm(sc, 0, 1), *arm = run_arm(sc, 1, 1);
    const uint16_t *held = column(arm, "iv_held", CS_COL_U16), *done = column(arm, "iv_done", CS_COL_U16);
    const size_t n = cs_sim_agents(ref)->n;
    size_t reached = 0, differ_unreached = 0, differ_reached = 0;
    for (size_t k = 0; k < cs_sim_n_columns(ref); k++) {
        const char *name, *unit, *help;
        cs_ctype type;
        const void *a, *b;
        int out;
        cs_sim_column(ref, k, &name, &type, &a, &unit, &help, &out);
        b = column(arm, name, type);
        const size_t w = cs_ctype_size(type);
        for (size_t i = 0; i < n; i++) {
            const int touched = (held[i] | done[i]) != 0;
            const int same = memcmp((const char *)a + i * w, (const char *)b + i * w, w) == 0;
            if (!touched && !same && differ_unreached++ < 3) fprintf(stderr, "column %s differs for agent %zu\n", name, i);
            else differ_reached += !same;
        }
    }
    for (size_t i = 0; i < n; i++) reached += (held[i] | done[i]) != 0;
    CU_ASSERT(reached > 200);
    CU_ASSERT_EQUAL(differ_unreached, 0);
    CU_ASSERT(differ_reached > 0);
    CU_ASSERT(series_sum(arm, "cramp_nights") < series_sum(ref, "cramp_nights"));
    CU_ASSERT(series_sum(arm, "adverse_minor") > 0);
    CU_ASSERT(series_sum(arm, "cost_interventions") > 0);
    CU_ASSERT_EQUAL(series_sum(ref, "cost_interventions"), 0);
    cs_sim_destroy(&ref);
    cs_sim_destroy(&arm);
    cs_scenario_destroy(&sc);
}

/* Habits changed by an intervention stay changed while it is held, across
 * birthdays (the run is longer than a year), and come back after. */
static void test_policy_habit_mechanisms_hold_while_held(void)
{
    const char *arms = "arms:\n"
                       "  fluids:\n"
                       "    interventions:\n"
                       "      hydration: {target: \"low_fluid\", coverage: 1}\n"
                       "      supportive_footwear: {target: \"poor_footwear\", coverage: 1}\n"
                       "      regular_exercise: {target: \"sedentary\", coverage: 1, rescreen_nights: 30}\n";
    const char *sets[] = {"parameters.interventions.hydration.uptake=1",
                          "parameters.interventions.supportive_footwear.uptake=1",
                          "parameters.interventions.regular_exercise.uptake=0.5"};
    cs_scenario *sc = load_yaml(P_POP, P_NIGHTS, 5, arms, sets, 3);
    cs_sim *arm = run_arm(sc, 0, 1);
    const uint16_t *held = column(arm, "iv_held", CS_COL_U16), *done = column(arm, "iv_done", CS_COL_U16);
    const uint16_t *habits = column(arm, "habits", CS_COL_U16);
    size_t holders[3] = {0}, wrong = 0, stopped_back = 0;
    for (size_t i = 0; i < cs_sim_agents(arm)->n; i++) {
        const unsigned h = habits[i];
        if (held[i] & 1u) holders[0]++, wrong += h >> 5 & 1u;        /* low fluid cleared */
        if (held[i] & 2u) holders[1]++, wrong += h >> 3 & 1u;        /* poor shoes cleared */
        if (held[i] & 4u) holders[2]++, wrong += (h & 3u) == 0;      /* no longer sedentary */
        if ((done[i] & 1u) && !(held[i] & 1u)) stopped_back += h >> 5 & 1u; /* stopped: drinks little again */
    }
    CU_ASSERT(holders[0] > 100 && holders[1] > 100 && holders[2] > 100);
    CU_ASSERT_EQUAL(wrong, 0);
    CU_ASSERT(stopped_back > 0);
    cs_sim_destroy(&arm);
    cs_scenario_destroy(&sc);
}

/* At most max_per_year starts per programme year, the same choice for any
 * number of threads; a budget is not overspent. */
static void test_policy_caps_hold_and_do_not_depend_on_threads(void)
{
    const char *arms = "arms:\n"
                       "  capped:\n"
                       "    interventions:\n"
                       "      quinine: {target: \"age >= 40\", channel: campaign, rescreen_nights: 30,"
                       " max_per_year: 120, top_share: 0.3}\n"
                       "      night_splints: {target: \"cramp_nights_30d >= 1\", channel: campaign,"
                       " rescreen_nights: 7, budget_per_year: 6000, priority: random}\n";
    cs_scenario *sc = load_yaml(P_POP, P_NIGHTS, 3, arms, NULL, 0);
    cs_sim *one = run_arm(sc, 0, 1), *two = run_arm(sc, 0, 2);
    CU_ASSERT(same_results(one, two));
    const cs_results *r = cs_sim_results(one);
    const int started = summary_id(one, "iv_started");
    int64_t quinine = 0, splints = 0;
    for (size_t k = 0; k < cs_results_strata(r); k++) {
        quinine += cs_results_summary(r, started, 0, k, 0);
        splints += cs_results_summary(r, started, 0, k, 1);
    }
    CU_ASSERT_EQUAL(quinine, 240); /* two programme years of 400 nights, both full */
    /* splints: 120 USD a start, nothing per day: 50 a year fit in 6000 */
    CU_ASSERT(splints > 50 && splints <= 100);
    cs_sim_destroy(&one);
    cs_sim_destroy(&two);
    cs_scenario_destroy(&sc);
}

/* Self-care at the episode shortens episodes and so sleep lost; it does
 * not change how many nights have cramps. */
static void test_policy_episode_care_shortens_episodes(void)
{
    const char *arms = "arms:\n"
                       "  status_quo: {}\n"
                       "  self_care:\n"
                       "    interventions:\n"
                       "      episode_stretch: {coverage: 1}\n";
    const char *sets[] = {"parameters.interventions.episode_stretch.uptake=1",
                          "parameters.interventions.episode_stretch.stop_per_year=0"};
    cs_scenario *sc = load_yaml(P_POP, P_NIGHTS, 9, arms, sets, 2);
    cs_sim *ref = run_arm(sc, 0, 1), *arm = run_arm(sc, 1, 1);
    const double d_ref = (double)series_sum(ref, "cramp_seconds") / (double)series_sum(ref, "cramps");
    const double d_arm = (double)series_sum(arm, "cramp_seconds") / (double)series_sum(arm, "cramps");
    CU_ASSERT(d_arm < 0.85 * d_ref);
    CU_ASSERT(series_sum(arm, "sleep_lost") < series_sum(ref, "sleep_lost"));
    CU_ASSERT(series_sum(arm, "qaly_lost") < series_sum(ref, "qaly_lost"));
    /* the first cramp night of each user is before they take it up: equal
     * counts of cramp nights up to the later nights' feedback (care, mood) */
    const double nights_ratio = (double)series_sum(arm, "cramp_nights") / (double)series_sum(ref, "cramp_nights");
    CU_ASSERT(fabs(nights_ratio - 1.0) < 0.02);
    cs_sim_destroy(&ref);
    cs_sim_destroy(&arm);
    cs_scenario_destroy(&sc);
}

/* A direct effect of ratio r used every night multiplies the cramp
 * episodes of those who hold it by r (thinning of the night's count);
 * with everyone holding it from night 0 the population's episodes fall to
 * about r (fewer after-effects lower them a little more; newborns do not
 * hold it). */
static void test_policy_direct_effect_thins_episodes(void)
{
    const char *arms = "arms:\n"
                       "  status_quo: {}\n"
                       "  half:\n"
                       "    interventions:\n"
                       "      vitamin_k2: {target: \"true\", channel: campaign, coverage: 1}\n";
    const char *sets[] = {"parameters.interventions.vitamin_k2.uptake=1",
                          "parameters.interventions.vitamin_k2.adherence=1",
                          "parameters.interventions.vitamin_k2.stop_per_year=0",
                          "parameters.interventions.vitamin_k2.rate_ratio=0.5",
                          "parameters.interventions.vitamin_k2.rate_ratio_pregnant=0.5"};
    cs_scenario *sc = load_yaml(P_POP, 120, 13, arms, sets, 5);
    cs_sim *ref = run_arm(sc, 0, 1), *arm = run_arm(sc, 1, 1);
    const double ratio = (double)series_sum(arm, "cramps") / (double)series_sum(ref, "cramps");
    CU_ASSERT(ratio > 0.44 && ratio < 0.52);
    cs_sim_destroy(&ref);
    cs_sim_destroy(&arm);
    cs_scenario_destroy(&sc);
}

/* Harms: a rate ratio above 1 raises cramps on every night held (through
 * the cached rate), and a mortality hazard ratio adds deaths, counted as
 * attributed, with adverse events and their costs. */
static void test_policy_harms_raise_cramps_and_deaths(void)
{
    const char *arms = "interventions:\n"
                       "  harmful: {like: quinine, rate_ratio: 1.5, rate_ratio_pregnant: 1.5, mortality_hr: 4,"
                       " stop_per_year: 0}\n"
                       "arms:\n"
                       "  status_quo: {}\n"
                       "  harm:\n"
                       "    interventions:\n"
                       "      harmful: {target: \"age >= 60\", channel: campaign, coverage: 1}\n";
    const char *sets[] = {"parameters.interventions.quinine.uptake=1"};
    cs_scenario *sc = load_yaml(P_POP, P_NIGHTS, 17, arms, sets, 0);
    cs_sim *ref = run_arm(sc, 0, 1), *arm = run_arm(sc, 1, 1);
    /* half the holders' drive again, less at the saturation of the heaviest sufferers */
    CU_ASSERT(series_sum(arm, "cramps") > 1.05 * (double)series_sum(ref, "cramps"));
    CU_ASSERT(series_sum(arm, "deaths_attributed") > 20);
    CU_ASSERT(series_sum(arm, "deaths") > series_sum(ref, "deaths"));
    CU_ASSERT(series_sum(arm, "adverse_minor") > 0);
    CU_ASSERT(series_sum(arm, "cost_adverse") > 0);
    cs_sim_destroy(&ref);
    cs_sim_destroy(&arm);
    cs_scenario_destroy(&sc);
}

/* Costs and QALYs are discounted: the same run at a 0% rate costs more. */
static void test_policy_discounting_lowers_later_costs(void)
{
    const char *sets0[] = {"parameters.economics.discount_rate=0"};
    const char *sets6[] = {"parameters.economics.discount_rate=0.06"};
    cs_sim *a = run_with(P_POP, P_NIGHTS, 7, sets0, 1, 1), *b = run_with(P_POP, P_NIGHTS, 7, sets6, 1, 1);
    CU_ASSERT(series_sum(a, "cost_care") > series_sum(b, "cost_care"));
    CU_ASSERT(series_sum(a, "qaly_lost") > series_sum(b, "qaly_lost"));
    CU_ASSERT_EQUAL(series_sum(a, "cramps"), series_sum(b, "cramps"));
    /* over 400 nights at 6%: a factor between 0.94 and 1 */
    const double f = (double)series_sum(b, "qaly_lost") / (double)series_sum(a, "qaly_lost");
    CU_ASSERT(f > 0.94 && f < 0.99);
    cs_sim_destroy(&a);
    cs_sim_destroy(&b);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    MPI_Init(NULL, NULL);
    static const cs_test_case cases[] = {
        {"an arm that changes nothing is the status quo", test_policy_null_arm_identical_to_reference},
        {"an arm changes only those it reaches", test_policy_arm_changes_only_those_it_reaches},
        {"habits changed by an intervention hold while it is held", test_policy_habit_mechanisms_hold_while_held},
        {"caps hold and do not depend on threads", test_policy_caps_hold_and_do_not_depend_on_threads},
        {"care at the episode shortens episodes", test_policy_episode_care_shortens_episodes},
        {"a direct effect thins episodes", test_policy_direct_effect_thins_episodes},
        {"harms raise cramps and deaths", test_policy_harms_raise_cramps_and_deaths},
        {"discounting lowers later costs and QALYs", test_policy_discounting_lowers_later_costs},
        {NULL, NULL},
    };
    int rc = cs_test_run("policy", cases);
    MPI_Finalize();
    return rc;
}
