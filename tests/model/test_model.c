/* test_model.c -- scientific invariants of the leg-cramp model, run
 * through its public ops on a small population.
 *
 * models/leg_cramps/model.yaml is loaded with cs_scenario_load from a tiny
 * scenario written to a temporary folder; --set overrides switch processes
 * off.  The model is a black box here: measures are found by their declared
 * names (through the engine's layout, the way the output writer finds them)
 * and per-agent state through cs_sim_column. */
#include <math.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_status.h"
#include "cs_test.h"
#include "model_support.h"


/* ---- invariants ----------------------------------------------------------- */

static void test_strata_are_age_band_by_sex_by_pregnancy(void)
{
    const cs_sim *s = default_run_for_tests();
    const cs_results *r = cs_sim_results(s);
    CU_ASSERT_EQUAL_FATAL(cs_results_strata(r), AGE_BANDS * 2 * PREG_STATES);
    CU_ASSERT_EQUAL(cs_results_periods(r), (NIGHTS + 6) / 7);
    CU_ASSERT_EQUAL(cs_results_level(r, 0, DIM_AGE), 0);
    CU_ASSERT_EQUAL(cs_results_level(r, 89, DIM_AGE), 8);
    CU_ASSERT_EQUAL(cs_results_level(r, 5, DIM_SEX), 1);
    CU_ASSERT_EQUAL(cs_results_level(r, 7, DIM_PREG), 2);
}

static void test_no_pregnancy_among_men_or_women_outside_ages_10_to_54(void)
{
    const cs_sim *s = default_run_for_tests();
    const cs_results *r = cs_sim_results(s);
    const int pn = series_id(s, "person_nights");
    /* every night, through the strata */
    int64_t impossible = 0, pregnant_women = 0;
    for (size_t k = 0; k < cs_results_strata(r); k++) {
        const size_t band = cs_results_level(r, k, DIM_AGE), sex = cs_results_level(r, k, DIM_SEX),
                     preg = cs_results_level(r, k, DIM_PREG);
        if (preg == 0) continue;
        const int64_t nights = cs_results_series_total(r, pn, 0, k);
        if (sex == 0 || band >= 5) impossible += nights; /* men; women 55+ */
        else pregnant_women += nights;
    }
    CU_ASSERT_EQUAL(impossible, 0);
    CU_ASSERT(pregnant_women > 0); /* the check is not vacuous */
    /* at the end, agent by agent, to the year of age */
    const uint8_t *sex = column(s, "sex", CS_COL_U8), *age = column(s, "age", CS_COL_U8),
                  *preg = column(s, "preg", CS_COL_U8);
    size_t bad = 0, pregnant = 0;
    for (size_t i = 0; i < cs_sim_agents(s)->n; i++) {
        if (preg[i] == 0) continue;
        pregnant++;
        bad += sex[i] != 1 || age[i] < 10 || age[i] > 54 || preg[i] >= PREG_STATES;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(pregnant > 0);
}

static void test_observed_trimesters_bound_those_with_cramps(void)
{
    const cs_sim *s = default_run_for_tests();
    const cs_results *r = cs_sim_results(s);
    const int obs = summary_id(s, "trimesters_observed"), cramped = summary_id(s, "trimesters_with_cramps");
    int64_t observed[3] = {0, 0, 0};
    int ok = 1;
    for (size_t k = 0; k < cs_results_strata(r); k++)
        for (size_t t = 0; t < 3; t++) {
            const int64_t o = cs_results_summary(r, obs, 0, k, t), c = cs_results_summary(r, cramped, 0, k, t);
            ok &= c >= 0 && c <= o;
            observed[t] += o;
            /* a trimester is counted in a stratum of a woman aged 10-54 */
            if (o) ok &= cs_results_level(r, k, DIM_SEX) == 1 && cs_results_level(r, k, DIM_AGE) <= 4;
        }
    CU_ASSERT(ok);
    for (size_t t = 0; t < 3; t++) CU_ASSERT(observed[t] > 0);
}

static void test_counts_add_up(void)
{
    const cs_sim *s = default_run_for_tests();
    const cs_results *r = cs_sim_results(s);
    CU_ASSERT_EQUAL(series_sum(s, "person_nights"), (int64_t)POP * NIGHTS);
    const int64_t cramps = series_sum(s, "cramps"), nights = series_sum(s, "cramp_nights");
    CU_ASSERT(cramps > 0);
    CU_ASSERT(nights > 0 && nights <= cramps);
    CU_ASSERT_EQUAL(series_sum(s, "cramps_calf") + series_sum(s, "cramps_thigh") + series_sum(s, "cramps_foot"),
                    cramps);
    CU_ASSERT_EQUAL(series_sum(s, "cramps_mild") + series_sum(s, "cramps_moderate") + series_sum(s, "cramps_severe"),
                    cramps);
    const int64_t seconds = series_sum(s, "cramp_seconds");
    CU_ASSERT(seconds >= cramps && seconds <= cramps * 3600); /* 1 s to duration_max each */
    /* per stratum: nobody cramps more nights than they were alive */
    const int pn = series_id(s, "person_nights"), cn = series_id(s, "cramp_nights");
    int ok = 1;
    for (size_t k = 0; k < cs_results_strata(r); k++)
        ok &= cs_results_series_total(r, cn, 0, k) <= cs_results_series_total(r, pn, 0, k);
    CU_ASSERT(ok);
}

static void test_frequency_summary_counts_every_agent_once(void)
{
    const cs_sim *s = default_run_for_tests();
    const cs_results *r = cs_sim_results(s);
    const int freq = summary_id(s, "frequency");
    int64_t total = 0, cramped = 0;
    for (size_t k = 0; k < cs_results_strata(r); k++)
        for (size_t c = 0; c < 6; c++) {
            total += cs_results_summary(r, freq, 0, k, c);
            if (c) cramped += cs_results_summary(r, freq, 0, k, c);
        }
    CU_ASSERT_EQUAL(total, POP);
    CU_ASSERT(cramped > 0 && cramped < POP);
}

static void test_stratum_column_matches_age_sex_and_pregnancy(void)
{
    const cs_sim *s = default_run_for_tests();
    const uint8_t *sex = column(s, "sex", CS_COL_U8), *age = column(s, "age", CS_COL_U8),
                  *preg = column(s, "preg", CS_COL_U8), *stratum = column(s, "stratum", CS_COL_U8);
    size_t bad = 0;
    for (size_t i = 0; i < cs_sim_agents(s)->n; i++)
        bad += stratum[i] != (age_band(age[i]) * 2 + sex[i]) * PREG_STATES + preg[i];
    CU_ASSERT_EQUAL(bad, 0);
}

static void test_zero_cramp_rates_give_no_cramps(void)
{
    const char *sets[] = {"susceptibility.rate_median=0",    "pregnancy.cramp_rate_trimester1=0",
                          "pregnancy.cramp_rate_trimester2=0", "pregnancy.cramp_rate_trimester3=0",
                          "conditions.pad.cramp_rate=0",        "conditions.stenosis.cramp_rate=0",
                          "conditions.diabetes.cramp_rate=0",   "conditions.dialysis.cramp_rate=0",
                          "conditions.cirrhosis.cramp_rate=0",  "conditions.neuropathy.cramp_rate=0",
                          "conditions.arthritis.cramp_rate=0",  "conditions.hypothyroidism.cramp_rate=0",
                          "conditions.parkinsons.cramp_rate=0", "conditions.multiple_sclerosis.cramp_rate=0",
                          "conditions.restless_legs.cramp_rate=0", "conditions.varicose_veins.cramp_rate=0",
                          "medications.thiazide.cramp_rate=0", "medications.loop_diuretic.cramp_rate=0",
                          "medications.potassium_sparing.cramp_rate=0", "medications.statin.cramp_rate=0",
                          "medications.laba.cramp_rate=0",     "medications.raloxifene.cramp_rate=0",
                          "medications.teriparatide.cramp_rate=0", "medications.estrogens.cramp_rate=0",
                          "medications.naproxen.cramp_rate=0", "medications.iron_sucrose.cramp_rate=0"};
    cs_sim *s = run_with(POP, NIGHTS, 7, sets, sizeof sets / sizeof sets[0], 2);
    CU_ASSERT_EQUAL(series_sum(s, "person_nights"), (int64_t)POP * NIGHTS);
    static const char *const zero[] = {"cramp_nights", "cramps",          "cramp_seconds", "cramps_calf",
                                       "cramps_thigh", "cramps_foot",     "cramps_mild",   "cramps_moderate",
                                       "cramps_severe"};
    for (size_t k = 0; k < sizeof zero / sizeof zero[0]; k++) CU_ASSERT_EQUAL(series_sum(s, zero[k]), 0);
    const cs_results *r = cs_sim_results(s);
    const int freq = summary_id(s, "frequency"), cramped = summary_id(s, "trimesters_with_cramps");
    int64_t none = 0, some = 0, tri = 0;
    for (size_t k = 0; k < cs_results_strata(r); k++) {
        none += cs_results_summary(r, freq, 0, k, 0);
        for (size_t c = 1; c < 6; c++) some += cs_results_summary(r, freq, 0, k, c);
        for (size_t t = 0; t < 3; t++) tri += cs_results_summary(r, cramped, 0, k, t);
    }
    CU_ASSERT_EQUAL(none, POP);
    CU_ASSERT_EQUAL(some, 0);
    CU_ASSERT_EQUAL(tri, 0);
    const float *rate = column(s, "rate", CS_COL_F32);
    size_t positive = 0;
    for (size_t i = 0; i < cs_sim_agents(s)->n; i++) positive += !(rate[i] == 0.0f);
    CU_ASSERT_EQUAL(positive, 0);
    cs_sim_destroy(&s);
}

static void test_without_a_season_summer_and_winter_cramp_alike(void)
{
    /* with the published amplitude summer is about twice winter ... */
    const double seasonal = headline(default_run_for_tests(), "Cramps, summer over winter");
    CU_ASSERT(seasonal > 1.6 && seasonal < 2.4);
    /* ... and without one (nor heat waves, which come in summer) the ratio
     * is 1 up to noise (~1%) */
    const char *sets[] = {"season.amplitude=0", "weather.heat_wave_rate=0"};
    cs_sim *s = run_with(POP, NIGHTS, 7, sets, 2, 2);
    const double flat = headline(s, "Cramps, summer over winter");
    CU_ASSERT(flat > 0.95 && flat < 1.05);
    if (getenv("CS_DEBUG") || !(flat > 0.95 && flat < 1.05) || !(seasonal > 1.6 && seasonal < 2.4))
        fprintf(stderr, "\n  summer/winter: %g with season, %g without\n", seasonal, flat);
    cs_sim_destroy(&s);
}

static void test_every_agent_ages_one_year_per_365_nights(void)
{
    /* the same seed gives the same people; night 0 alone shows their ages */
    const int32_t nights = 2 * 365 + 1;
    cs_sim *first = run_with(POP, 1, 11, NULL, 0, 2);
    cs_sim *later = run_with(POP, nights, 11, NULL, 0, 2);
    const uint8_t *age0 = column(first, "age", CS_COL_U8), *age1 = column(later, "age", CS_COL_U8);
    const int32_t *birth0 = column(first, "birth", CS_COL_I32), *birth1 = column(later, "birth", CS_COL_I32);
    size_t bad = 0, wrong_birth = 0, not_two = 0, replaced = 0;
    for (size_t i = 0; i < cs_sim_agents(later)->n; i++) {
        /* completed years at the first and at the last night */
        bad += age0[i] != (-birth0[i]) / 365 || age1[i] != (nights - 1 - birth1[i]) / 365;
        if (birth1[i] != birth0[i]) { /* died; a newborn took the place during the run */
            replaced++;
            wrong_birth += !(birth1[i] > 0 && birth1[i] < nights);
            continue;
        }
        not_two += age1[i] != age0[i] + 2;
    }
    CU_ASSERT_EQUAL(wrong_birth, 0);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT_EQUAL(not_two, 0); /* 730 nights after night 0: two birthdays for every survivor */
    /* about 1% die a year: 400 expected in two years of 20000 */
    CU_ASSERT(replaced > 250 && replaced < 600);
    cs_sim_destroy(&first);
    cs_sim_destroy(&later);
}

/* Share of agents aged 65+ and under 15 in the age column. */
static void age_shares(const cs_sim *s, double *old, double *young)
{
    const uint8_t *age = column(s, "age", CS_COL_U8);
    size_t n = cs_sim_agents(s)->n, o = 0, y = 0;
    for (size_t i = 0; i < n; i++) {
        o += age[i] >= 65;
        y += age[i] < 15;
    }
    *old = (double)o / (double)n;
    *young = (double)y / (double)n;
}

static void test_deaths_follow_age_and_a_decade_keeps_a_plausible_age_structure(void)
{
    cs_sim *start = run_with(POP, 1, 5, NULL, 0, 2);
    cs_sim *decade = run_with(POP, 3650, 5, NULL, 0, 2);
    double old0, young0, old1, young1;
    age_shares(start, &old0, &young0);
    age_shares(decade, &old1, &young1);
    /* the 2020 pyramid ages: more old people after ten years (projections
     * for 2030: about 21% aged 65+), but births keep the young */
    CU_ASSERT(old0 > 0.15 && old0 < 0.19);
    CU_ASSERT(old1 > old0 && old1 < 0.26);
    CU_ASSERT(young1 > 0.12 && young1 < young0 + 0.02);
    /* about 1% of people die a year, each replaced by a newborn */
    const int64_t deaths = series_sum(decade, "deaths"), births = series_sum(decade, "births");
    CU_ASSERT_EQUAL(deaths, births);
    CU_ASSERT(deaths > 0.007 * 10 * POP && deaths < 0.015 * 10 * POP); /* 0.7-1.5% a year for ten years */
    if (getenv("CS_DEBUG") || !(old1 > old0 && old1 < 0.26))
        fprintf(stderr, "\n  65+: %.3f -> %.3f, <15: %.3f -> %.3f, deaths %lld\n", old0, old1, young0, young1,
                (long long)deaths);
    cs_sim_destroy(&start);
    cs_sim_destroy(&decade);
}

/* ---- underlying conditions ------------------------------------------------ */

#define COND_STENOSIS 1 /* bit of the cond column (enum lc_cond) */
#define COND_DIABETES 2
#define N_CONDS 12

static void test_condition_prevalence_rises_with_age_and_newborns_have_none(void)
{
    const cs_sim *s = default_run_for_tests();
    const uint16_t *cond = column(s, "cond", CS_COL_U16);
    const uint8_t *age = column(s, "age", CS_COL_U8);
    const int32_t *birth = column(s, "birth", CS_COL_I32);
    size_t n_young = 0, n_old = 0, any[2] = {0, 0}, sten[2] = {0, 0}, diab[2] = {0, 0}, newborns = 0, bad = 0,
           young_with = 0;
    for (size_t i = 0; i < cs_sim_agents(s)->n; i++) {
        if (birth[i] > 0) { /* born during the run (onset before age 1 has a tiny hazard) */
            newborns++;
            young_with += cond[i] != 0;
        }
        if (age[i] >= 25 && age[i] < 45) {
            n_young++;
            any[0] += cond[i] != 0;
            sten[0] += cond[i] >> COND_STENOSIS & 1u;
            diab[0] += cond[i] >> COND_DIABETES & 1u;
        } else if (age[i] >= 65) {
            n_old++;
            any[1] += cond[i] != 0;
            sten[1] += cond[i] >> COND_STENOSIS & 1u;
            diab[1] += cond[i] >> COND_DIABETES & 1u;
        }
        bad += cond[i] >> N_CONDS != 0; /* no bits beyond the conditions */
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(newborns > 0 && young_with * 100 < newborns);
    const double y = (double)n_young, o = (double)n_old;
    CU_ASSERT(any[1] / o > 2 * any[0] / y);
    CU_ASSERT(sten[1] / o > 3 * sten[0] / y && sten[1] > 0);
    CU_ASSERT(diab[1] / o > 2 * diab[0] / y && diab[1] > 0);
    /* the summaries count the same agents as the column */
    const cs_results *r = cs_sim_results(s);
    const int agents = summary_id(s, "condition_agents"), suff = summary_id(s, "condition_sufferers");
    int64_t total = 0, with = 0, ok = 1;
    for (size_t k = 0; k < cs_results_strata(r); k++)
        for (size_t c = 0; c < N_CONDS; c++) {
            const int64_t a = cs_results_summary(r, agents, 0, k, c), b = cs_results_summary(r, suff, 0, k, c);
            ok &= b >= 0 && b <= a;
            total += a;
        }
    for (size_t i = 0; i < cs_sim_agents(s)->n; i++)
        for (unsigned c = 0; c < N_CONDS; c++) with += cond[i] >> c & 1u;
    CU_ASSERT(ok);
    CU_ASSERT_EQUAL(total, with);
}

/* Past-year cramp prevalence (%) among agents with stenosis, and among
 * those without it standardised to their age and sex. */
static void stenosis_vs_matched(const cs_sim *s, double *cases, double *controls, size_t *n_cases)
{
    const uint16_t *cond = column(s, "cond", CS_COL_U16);
    const uint8_t *age = column(s, "age", CS_COL_U8), *sex = column(s, "sex", CS_COL_U8);
    const uint16_t *win = column(s, "win_cramps", CS_COL_U16);
    static double n[2][2][111], k[2][2][111];
    memset(n, 0, sizeof n);
    memset(k, 0, sizeof k);
    for (size_t i = 0; i < cs_sim_agents(s)->n; i++) {
        const int has = cond[i] >> COND_STENOSIS & 1u;
        n[has][sex[i]][age[i]] += 1;
        k[has][sex[i]][age[i]] += win[i] > 0;
    }
    double nc = 0, kc = 0, expected = 0;
    for (int x = 0; x < 2; x++)
        for (int a = 0; a <= 110; a++) {
            if (n[1][x][a] == 0 || n[0][x][a] == 0) continue;
            nc += n[1][x][a];
            kc += k[1][x][a];
            expected += n[1][x][a] * k[0][x][a] / n[0][x][a];
        }
    *cases = 100 * kc / nc;
    *controls = 100 * expected / nc;
    *n_cases = (size_t)nc;
}

static void test_stenosis_raises_cramps_over_matched_controls_and_zero_effect_removes_it(void)
{
    double cases, controls, cases0, controls0;
    size_t n, n0;
    cs_sim *with = run_with(60000, NIGHTS, 13, NULL, 0, 2);
    stenosis_vs_matched(with, &cases, &controls, &n);
    const char *sets[] = {"conditions.stenosis.cramp_rate=0", "conditions.stenosis.rate_multiplier=1"};
    cs_sim *without = run_with(60000, NIGHTS, 13, sets, 2, 2);
    stenosis_vs_matched(without, &cases0, &controls0, &n0);
    /* Matsumoto 2009: 71% vs 37%; the model's controls are the general
     * population of the same age and sex */
    CU_ASSERT(n > 500 && n0 == n); /* the same people have stenosis: its draws are its own */
    CU_ASSERT(cases > controls + 10);
    CU_ASSERT(fabs(cases0 - controls0) < 5); /* about 4 standard errors */
    if (getenv("CS_DEBUG") || !(cases > controls + 10) || !(fabs(cases0 - controls0) < 5))
        fprintf(stderr, "\n  stenosis (n=%zu): %.1f%% vs matched %.1f%%; without effect %.1f%% vs %.1f%%\n", n, cases,
                controls, cases0, controls0);
    cs_sim_destroy(&with);
    cs_sim_destroy(&without);
}

/* ---- medications ------------------------------------------------------------ */

#define MED_THIAZIDE 0 /* bit of the meds column (enum lc_med) */
#define MED_STATIN 3
#define N_MEDS 10
#define WOMEN_ONLY_MEDS (1u << 5 | 1u << 6 | 1u << 7) /* raloxifene, teriparatide, conjugated estrogens */

static void test_medication_use_rises_with_age_men_take_no_women_only_drug_and_newborns_none(void)
{
    const cs_sim *s = default_run_for_tests();
    const uint16_t *meds = column(s, "meds", CS_COL_U16);
    const uint8_t *age = column(s, "age", CS_COL_U8), *sex = column(s, "sex", CS_COL_U8);
    const int32_t *birth = column(s, "birth", CS_COL_I32);
    size_t n_young = 0, n_old = 0, any[2] = {0, 0}, statin[2] = {0, 0}, newborns = 0, bad = 0, women_only = 0;
    for (size_t i = 0; i < cs_sim_agents(s)->n; i++) {
        if (birth[i] > 0) {
            newborns++;
            bad += meds[i] != 0;
        }
        if (sex[i] == 0) bad += (meds[i] & WOMEN_ONLY_MEDS) != 0;
        else women_only += (meds[i] & WOMEN_ONLY_MEDS) != 0;
        if (age[i] >= 25 && age[i] < 45) {
            n_young++;
            any[0] += meds[i] != 0;
            statin[0] += meds[i] >> MED_STATIN & 1u;
        } else if (age[i] >= 65) {
            n_old++;
            any[1] += meds[i] != 0;
            statin[1] += meds[i] >> MED_STATIN & 1u;
        }
        bad += meds[i] >> N_MEDS != 0;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(newborns > 0);
    CU_ASSERT(women_only > 0);
    const double y = (double)n_young, o = (double)n_old;
    CU_ASSERT(any[1] / o > 2 * any[0] / y);
    CU_ASSERT(statin[1] / o > 3 * statin[0] / y && statin[1] > 0);
    const cs_results *r = cs_sim_results(s);
    const int users = summary_id(s, "medication_users"), suff = summary_id(s, "medication_sufferers");
    int64_t total = 0, with = 0, ok = 1;
    for (size_t k = 0; k < cs_results_strata(r); k++)
        for (size_t c = 0; c < N_MEDS; c++) {
            const int64_t a = cs_results_summary(r, users, 0, k, c), b = cs_results_summary(r, suff, 0, k, c);
            ok &= b >= 0 && b <= a;
            total += a;
        }
    for (size_t i = 0; i < cs_sim_agents(s)->n; i++)
        for (unsigned c = 0; c < N_MEDS; c++) with += meds[i] >> c & 1u;
    CU_ASSERT(ok);
    CU_ASSERT_EQUAL(total, with);
}

/* Runs with the same seed share every medication history (its draws are its
 * own); only the thiazide effect differs.  At the last night, the cached
 * rate of susceptible people who started a thiazide in the past 90 nights
 * carries the full start multiplier; without the effect it does not, and
 * non-users are untouched. */
static void test_thiazide_start_raises_the_rate_in_its_window_and_zero_effect_removes_it(void)
{
    /* care is off: a consultation (which more cramps make likelier) could
     * stop the drug or treat a condition, and the histories would part */
#define NO_CARE "care.base=0", "care.frequent=0", "care.severe=0", "care.new_drug=0", "care.signs=0"
    const char *with_sets[] = {"medications.thiazide.start_multiplier=3", "medications.thiazide.long_term_multiplier=1.2",
                               "medications.thiazide.cramp_rate=0", NO_CARE};
    const char *without_sets[] = {"medications.thiazide.start_multiplier=1", "medications.thiazide.long_term_multiplier=1",
                                  "medications.thiazide.cramp_rate=0", NO_CARE};
    cs_sim *a = run_with(POP, NIGHTS, 21, with_sets, 8, 2);
    cs_sim *b = run_with(POP, NIGHTS, 21, without_sets, 8, 2);
    const uint16_t *ma = column(a, "meds", CS_COL_U16), *mb = column(b, "meds", CS_COL_U16);
    const int32_t *sa = column(a, "med_start", CS_COL_I32), *sb = column(b, "med_start", CS_COL_I32);
    const uint8_t *la = column(a, "med_last", CS_COL_U8), *susc = column(a, "susc", CS_COL_U8);
    const float *ra = column(a, "rate", CS_COL_F32), *rb = column(b, "rate", CS_COL_F32);
    const int32_t last = NIGHTS - 1;
    double recent_sum = 0;
    size_t same = 1, recent = 0, recent_ok = 0, long_ok = 0, long_n = 0, plain_diff = 0;
    for (size_t i = 0; i < cs_sim_agents(a)->n; i++) {
        same &= ma[i] == mb[i] && sa[i] == sb[i];
        const int thz = ma[i] >> MED_THIAZIDE & 1u;
        if (!thz) {
            plain_diff += ra[i] != rb[i];
            continue;
        }
        if (!susc[i] || rb[i] <= 0) continue;
        const double ratio = ra[i] / rb[i];
        if (la[i] == MED_THIAZIDE && sa[i] > 0 && last - sa[i] < 90) { /* started in the run, in its window */
            recent++;
            recent_ok += ratio > 1.0 && ratio < 3.0 * 1.001; /* other causes add, so at most 3 */
            recent_sum += ratio;
        } else if (last - sa[i] >= 90 || la[i] != MED_THIAZIDE) {
            long_n++;
            long_ok += ratio > 1.0 && ratio < 1.2 * 1.001;
        }
    }
    CU_ASSERT(same);
    CU_ASSERT(recent > 0 && recent_ok == recent && recent_sum / (double)recent > 2.0);
    CU_ASSERT(long_n > 0 && long_ok == long_n);
    CU_ASSERT_EQUAL(plain_diff, 0);
    /* cramp nights of the recent starters over those of the same people without the effect */
    const uint16_t *wa = column(a, "win_cramps", CS_COL_U16), *wb = column(b, "win_cramps", CS_COL_U16);
    int64_t ca = 0, cb = 0;
    for (size_t i = 0; i < cs_sim_agents(a)->n; i++)
        if (ma[i] >> MED_THIAZIDE & 1u) {
            ca += wa[i];
            cb += wb[i];
        }
    CU_ASSERT(ca > cb);
    if (getenv("CS_DEBUG"))
        fprintf(stderr, "\n  thiazide: %zu recent starters, %zu long-term; users' episodes %lld vs %lld\n", recent,
                long_n, (long long)ca, (long long)cb);
    cs_sim_destroy(&a);
    cs_sim_destroy(&b);
}


static void test_runs_repeat_exactly_for_any_thread_count(void)
{
    cs_sim *one = run_with(POP, NIGHTS, 7, NULL, 0, 1);
    cs_sim *three = run_with(POP, NIGHTS, 7, NULL, 0, 3);
    CU_ASSERT(same_results(default_run_for_tests(), one));
    CU_ASSERT(same_results(one, three));
    cs_sim *other = run_with(POP, NIGHTS, 8, NULL, 0, 2);
    CU_ASSERT(!same_results(one, other)); /* and the seed matters */
    cs_sim_destroy(&one);
    cs_sim_destroy(&three);
    cs_sim_destroy(&other);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    static const cs_test_case cases[] = {
        {"strata are age band x sex x pregnancy", test_strata_are_age_band_by_sex_by_pregnancy},
        {"no pregnancy among men or women outside ages 10-54",
         test_no_pregnancy_among_men_or_women_outside_ages_10_to_54},
        {"observed trimesters bound those with cramps", test_observed_trimesters_bound_those_with_cramps},
        {"counts add up", test_counts_add_up},
        {"frequency summary counts every agent once", test_frequency_summary_counts_every_agent_once},
        {"stratum column matches age, sex and pregnancy", test_stratum_column_matches_age_sex_and_pregnancy},
        {"zero cramp rates give no cramps", test_zero_cramp_rates_give_no_cramps},
        {"without a season summer and winter cramp alike", test_without_a_season_summer_and_winter_cramp_alike},
        {"every agent ages one year per 365 nights", test_every_agent_ages_one_year_per_365_nights},
        {"deaths follow age and a decade keeps a plausible age structure",
         test_deaths_follow_age_and_a_decade_keeps_a_plausible_age_structure},
        {"runs repeat exactly for any thread count", test_runs_repeat_exactly_for_any_thread_count},
        {"condition prevalence rises with age and newborns have none",
         test_condition_prevalence_rises_with_age_and_newborns_have_none},
        {"stenosis raises cramps over matched controls and zero effect removes it",
         test_stenosis_raises_cramps_over_matched_controls_and_zero_effect_removes_it},
        {"medication use rises with age, men take no women-only drug and newborns none",
         test_medication_use_rises_with_age_men_take_no_women_only_drug_and_newborns_none},
        {"thiazide start raises the rate in its window and zero effect removes it",
         test_thiazide_start_raises_the_rate_in_its_window_and_zero_effect_removes_it},
        {NULL, NULL},
    };
    int rc;
    { /* this file's cases, then test_model_surveys.c's */
        enum { MAX_CASES = 48 };
        cs_test_case all[MAX_CASES + 1];
        size_t n = 0;
        for (const cs_test_case *c = cases; c->name && n < MAX_CASES; c++) all[n++] = *c;
        for (const cs_test_case *c = model_survey_cases; c->name && n < MAX_CASES; c++) all[n++] = *c;
        all[n] = (cs_test_case){NULL, NULL};
        rc = cs_test_run("model", all);
    }
    release_default_run_for_tests();
    MPI_Finalize();
    return rc;
}
