/* test_daily_life.c -- the mechanisms of daily life, after-effects,
 * complications and care, each pinned by an invariant or a direction of
 * effect that would fail without it.
 *
 * Agents never meet, so with common random numbers a parameter that acts
 * only on some people (drinkers, people who consulted) must leave everyone
 * else's history bit-identical: most tests below are of that form. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "cs_status.h"
#include "cs_test.h"
#include "model_support.h"

/* Bits of the habits column (enum lc_habit in models/leg_cramps/lc_model.h). */
enum {
    H_ACTIVITY_MASK = 3u, H_STANDING = 2, H_FOOTWEAR = 3, H_WARMUP = 4, H_LOW_FLUID = 5, H_ALCOHOL = 6, H_CAFFEINE = 7, H_LIMITED = 8,
    H_POOR_DIET = 9, H_GENETIC = 10, H_LOW_MOOD = 12, H_STRAIN = 13
};
enum { MED_THIAZIDE = 0, MED_LOOP = 1 };
#define LONG_AGO (-1000000000)
#define NEVER INT32_MAX
#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

static size_t agents(const cs_sim *s) { return cs_sim_agents(s)->n; }

static int64_t series_in_period(const cs_sim *s, const char *name, size_t p)
{
    const cs_results *r = cs_sim_results(s);
    const int id = series_id(s, name);
    int64_t sum = 0;
    for (size_t k = 0; k < cs_results_strata(r); k++) sum += cs_results_series(r, id, 0, p, k);
    return sum;
}

/* A person keeps their rank as activity shares move with age: over a run
 * nobody's activity class rises (the sedentary share grows with age), the
 * old are more often sedentary and less often athletes than the young, and
 * only working ages stand at work, only adults drink. */
static void test_activity_follows_age_and_people_keep_their_rank(void)
{
    cs_sim *start = run_with(POP, 1, 7, NULL, 0, 2), *end = run_with(POP, NIGHTS, 7, NULL, 0, 2);
    const uint16_t *h0 = column(start, "habits", CS_COL_U16), *h1 = column(end, "habits", CS_COL_U16);
    const uint8_t *age = column(start, "age", CS_COL_U8), *age1 = column(end, "age", CS_COL_U8);
    const int32_t *birth1 = column(end, "birth", CS_COL_I32);
    size_t rose = 0, kept = 0, n_young = 0, n_old = 0, sed[2] = {0}, ath[2] = {0}, bad = 0;
    for (size_t i = 0; i < agents(start); i++) {
        const unsigned a0 = h0[i] & H_ACTIVITY_MASK, a1 = h1[i] & H_ACTIVITY_MASK;
        if (birth1[i] < 0) { /* the same person at both ends */
            rose += a1 > a0;
            kept += a1 == a0;
        }
        const int young = age[i] >= 20 && age[i] < 30, old = age[i] >= 75;
        n_young += young;
        n_old += old;
        sed[0] += young && a0 == 0;
        sed[1] += old && a0 == 0;
        ath[0] += young && a0 == 3;
        ath[1] += old && a0 == 3;
        bad += (h0[i] >> H_STANDING & 1u) && (age[i] < 18 || age[i] >= 65);
        bad += (h1[i] >> H_ALCOHOL & 1u) && age1[i] < 18;
    }
    CU_ASSERT_EQUAL(rose, 0);
    CU_ASSERT(kept > agents(start) / 2);
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT((double)sed[1] / n_old > 1.5 * (double)sed[0] / n_young);
    CU_ASSERT((double)ath[0] / n_young > 3.0 * (double)ath[1] / n_old);
    cs_sim_destroy(&start);
    cs_sim_destroy(&end);
}

/* Runs a and b differ in a parameter acting only on holders of habit bit
 * `bit`: everyone who never held it has the same cramps in both, and the
 * holders cramp more in a, the run with `effect` (b has `neutral`).  A habit
 * changes at most once in the run (at a birthday), so "never held" is "held
 * neither at the start nor at the end" (the start from a one-night run). */
static void check_habit_acts_on_its_holders(const char *effect, const char *neutral, int bit)
{
    const char *sa[] = {effect, "weather.heat_wave_rate=0.1"}, *sb[] = {neutral, "weather.heat_wave_rate=0.1"};
    const size_t na = effect ? 2 : 1;
    cs_sim *a = run_with(POP, NIGHTS, 11, effect ? sa : sa + 1, na, 2), *b = run_with(POP, NIGHTS, 11, sb, 2, 2);
    cs_sim *start = run_with(POP, 1, 11, NULL, 0, 2);
    const uint16_t *h = column(a, "habits", CS_COL_U16), *h0 = column(start, "habits", CS_COL_U16);
    const uint16_t *wa = column(a, "win_cramps", CS_COL_U16), *wb = column(b, "win_cramps", CS_COL_U16);
    const int32_t *la = column(a, "last_cramp", CS_COL_I32), *lb = column(b, "last_cramp", CS_COL_I32);
    size_t others_differ = 0, holders = 0;
    int64_t with = 0, without = 0;
    for (size_t i = 0; i < agents(a); i++) {
        if (h[i] >> bit & 1u) {
            holders++;
            with += wa[i];
            without += wb[i];
        } else if (!(h0[i] >> bit & 1u)) {
            others_differ += wa[i] != wb[i] || la[i] != lb[i];
        }
    }
    CU_ASSERT_EQUAL(others_differ, 0);
    CU_ASSERT(holders > 100);
    CU_ASSERT(with > without);
    cs_sim_destroy(&a);
    cs_sim_destroy(&b);
    cs_sim_destroy(&start);
}

static void test_alcohol_raises_drinkers_cramps_only(void)
{
    check_habit_acts_on_its_holders(NULL, "daily.alcohol_dehydration=0", H_ALCOHOL);
}

static void test_poor_footwear_raises_its_wearers_cramps_only(void)
{
    check_habit_acts_on_its_holders(NULL, "daily.footwear_ratio=1", H_FOOTWEAR);
}

static void test_standing_work_raises_the_cramps_of_those_who_stand_only(void)
{
    check_habit_acts_on_its_holders(NULL, "daily.standing_load=0", H_STANDING);
}

/* Warming up lowers the load of a strenuous day: without its benefit those
 * who warm up cramp more, and nobody else changes. */
static void test_a_warm_up_lowers_only_its_practisers_cramps(void)
{
    check_habit_acts_on_its_holders("daily.warmup_ratio=1", "daily.warmup_ratio=0.5", H_WARMUP);
}

/* Drinking little doubles the dehydration of sweat and heat, for those who
 * drink little only. */
static void test_drinking_little_raises_only_their_cramps(void)
{
    check_habit_acts_on_its_holders(NULL, "daily.low_fluid_ratio=1", H_LOW_FLUID);
}

static void test_caffeine_raises_heavy_users_cramps_only(void)
{
    check_habit_acts_on_its_holders(NULL, "daily.caffeine_dehydration=0", H_CAFFEINE);
}

/* Heat waves come only in summer; their dehydration leaves every night
 * before the first one untouched and raises cramps overall. */
static void test_heat_waves_fall_in_summer_and_raise_cramps_from_the_first_one(void)
{
    const char *hot[] = {"weather.heat_wave_rate=0.1", "weather.heat_dehydration=0.8"};
    const char *dry[] = {"weather.heat_wave_rate=0.1", "weather.heat_dehydration=0"};
    cs_sim *a = run_with(POP, 365, 5, hot, 2, 2), *b = run_with(POP, 365, 5, dry, 2, 2);
    const cs_results *r = cs_sim_results(a);
    size_t first = SIZE_MAX, outside = 0;
    int64_t heat = 0;
    for (size_t p = 0; p < cs_results_periods(r); p++) {
        const int64_t h = series_in_period(a, "heat_wave_nights", p);
        if (h == 0) continue;
        heat += h;
        if (first == SIZE_MAX) first = p;
        const int doy = cs_results_day_of_year(r, p); /* first day of a weekly period */
        outside += doy < 196 - 45 - 6 || doy > 196 + 45 + 30;
    }
    CU_ASSERT(heat > 0);
    CU_ASSERT_EQUAL(outside, 0);
    CU_ASSERT_FATAL(first != SIZE_MAX);
    size_t before_differ = 0;
    for (size_t p = 0; p < first; p++) before_differ += series_in_period(a, "cramps", p) != series_in_period(b, "cramps", p);
    CU_ASSERT_EQUAL(before_differ, 0);
    CU_ASSERT(series_in_period(a, "cramps", first) > series_in_period(b, "cramps", first));
    CU_ASSERT(series_sum(a, "cramps") > series_sum(b, "cramps"));
    CU_ASSERT_EQUAL(series_sum(a, "heat_wave_nights"), series_sum(b, "heat_wave_nights"));
    cs_sim_destroy(&a);
    cs_sim_destroy(&b);
}

/* Fatigue from the day raises tonight's cramps; the days themselves do not
 * depend on it (mobility kept out), and a population of athletes has many
 * more strenuous days than a sedentary one (days are counted for those who
 * can cramp, the same people in both runs). */
static void test_fatigue_raises_cramps_and_athletes_have_more_strenuous_days(void)
{
    const char *with[] = {"complications.mobility_prob=0", "complications.strain_prob=0"};
    const char *without[] = {"complications.mobility_prob=0", "complications.strain_prob=0", "daily.fatigue_gain=0"};
    cs_sim *a = run_with(POP, NIGHTS, 3, with, 2, 2), *b = run_with(POP, NIGHTS, 3, without, 3, 2);
    CU_ASSERT(series_sum(a, "cramps") > series_sum(b, "cramps"));
    CU_ASSERT_EQUAL(series_sum(a, "strenuous_days"), series_sum(b, "strenuous_days"));
    cs_sim_destroy(&a);
    cs_sim_destroy(&b);
    const char *athletes[] = {"habits.sedentary_share=[0,0]", "habits.moderate_share=[0,0]",
                              "habits.active_share=[0,0]", "habits.athlete_share=[1,1]"};
    const char *sedentary[] = {"habits.sedentary_share=[1,1]", "habits.moderate_share=[0,0]",
                               "habits.active_share=[0,0]", "habits.athlete_share=[0,0]"};
    a = run_with(POP, 100, 3, athletes, 4, 2);
    b = run_with(POP, 100, 3, sedentary, 4, 2);
    CU_ASSERT(series_sum(a, "strenuous_days") > 10 * series_sum(b, "strenuous_days"));
    CU_ASSERT(series_sum(b, "strenuous_days") > 0); /* sudden changes of routine */
    cs_sim_destroy(&a);
    cs_sim_destroy(&b);
}

/* After-effects act only after a cramp night: whoever never cramps without
 * them never cramps with them, and they raise the total. */
static void test_after_effects_act_only_after_a_cramp_night(void)
{
    const char *off[] = {"after.gain=0"};
    cs_sim *a = run_with(POP, NIGHTS, 9, NULL, 0, 2), *b = run_with(POP, NIGHTS, 9, off, 1, 2);
    const int32_t *la = column(a, "last_cramp", CS_COL_I32), *lb = column(b, "last_cramp", CS_COL_I32);
    size_t broken = 0, cramped = 0;
    for (size_t i = 0; i < agents(a); i++) {
        broken += (la[i] == LONG_AGO) != (lb[i] == LONG_AGO);
        cramped += la[i] != LONG_AGO;
    }
    CU_ASSERT_EQUAL(broken, 0);
    CU_ASSERT(cramped > 0);
    CU_ASSERT(series_sum(a, "cramps") > series_sum(b, "cramps"));
    cs_sim_destroy(&a);
    cs_sim_destroy(&b);
}

/* Relative fall in cramp nights, from the first 4 weeks to the next 4, of
 * people picked (as a trial's run-in picks them) for at least 8 cramp
 * nights in the first 4 weeks.  Season and heat waves are off, so the two
 * windows are alike; the first window comes from a 28-night run with the
 * same streams. */
static double run_in_fall(const char *spells_off)
{
    const char *sets[] = {"season.amplitude=0", "weather.heat_wave_rate=0", "survey.window_nights=28", spells_off};
    const size_t n = spells_off ? 4 : 3;
    cs_sim *first = run_with(POP * 2, 28, 13, sets, n, 2), *both = run_with(POP * 2, 56, 13, sets, n, 2);
    const uint16_t *n1 = column(first, "win_nights", CS_COL_U16), *n2 = column(both, "win_nights", CS_COL_U16);
    const int32_t *birth = column(both, "birth", CS_COL_I32);
    double before = 0, after = 0;
    size_t cohort = 0;
    for (size_t i = 0; i < agents(first); i++) {
        if (birth[i] >= 0 || n1[i] < 8) continue; /* picked, and the same person throughout */
        cohort++;
        before += n1[i];
        after += n2[i];
    }
    CU_ASSERT(cohort >= 30);
    cs_sim_destroy(&first);
    cs_sim_destroy(&both);
    return 1.0 - after / before;
}

/* Regression to the mean: a cohort picked for many recent cramps has fewer
 * later, untreated; active and quiet spells are what make the fall
 * (without them only the Poisson noise and after-effects remain), and the
 * cohort still cramps (persistent rates). */
static void test_a_cohort_picked_for_many_recent_cramps_has_fewer_later(void)
{
    const double with = run_in_fall(NULL), without = run_in_fall("spells.active_ratio=1");
    if (getenv("CS_DEBUG") || !(with > 0.05 && with > without + 0.04 && with < 0.6))
        fprintf(stderr, "\n  fall in cramp nights after a run-in: %g with spells, %g without\n", with, without);
    CU_ASSERT(with > 0.05);
    CU_ASSERT(with > without + 0.04);
    CU_ASSERT(with < 0.6);
}

/* Complications follow cramps: sleep lost covers the episodes, drowsy and
 * sore days and strains are bounded by cramp nights and severe episodes,
 * and a complication switched off never happens. */
static void test_complications_follow_cramps_and_none_without_their_cause(void)
{
    cs_sim *a = default_run_for_tests();
    CU_ASSERT(series_sum(a, "sleep_lost") >= series_sum(a, "cramp_seconds"));
    CU_ASSERT(series_sum(a, "drowsy_days") > 0 && series_sum(a, "drowsy_days") <= series_sum(a, "cramp_nights"));
    CU_ASSERT(series_sum(a, "sore_days") > 0 && series_sum(a, "sore_days") <= series_sum(a, "cramp_nights"));
    CU_ASSERT(series_sum(a, "strains") <= series_sum(a, "cramps_severe"));
    const char *off[] = {"complications.strain_prob=0", "complications.mood_prob=0", "complications.mobility_prob=0"};
    cs_sim *b = run_with(POP, NIGHTS, 7, off, 3, 2);
    CU_ASSERT_EQUAL(series_sum(b, "strains") + series_sum(b, "mood_onsets") + series_sum(b, "mobility_onsets"), 0);
    const uint16_t *h = column(b, "habits", CS_COL_U16);
    size_t flagged = 0;
    for (size_t i = 0; i < agents(b); i++)
        flagged += (h[i] >> H_STRAIN & 1u) + (h[i] >> H_LOW_MOOD & 1u) + (h[i] >> H_LIMITED & 1u);
    CU_ASSERT_EQUAL(flagged, 0);
    cs_sim_destroy(&b);
}

/* Reduced mobility means mostly rest days: making it common lowers the
 * strenuous days and, by deconditioning, raises cramps. */
static void test_reduced_mobility_lowers_activity(void)
{
    const char *often[] = {"complications.mobility_prob=0.5", "complications.mobility_burden=1"};
    const char *never[] = {"complications.mobility_prob=0", "complications.mobility_burden=1"};
    cs_sim *a = run_with(POP, NIGHTS, 17, often, 2, 2), *b = run_with(POP, NIGHTS, 17, never, 2, 2);
    CU_ASSERT(series_sum(a, "mobility_onsets") > 0);
    CU_ASSERT(series_sum(a, "strenuous_days") < series_sum(b, "strenuous_days"));
    CU_ASSERT(series_sum(a, "cramps") > series_sum(b, "cramps"));
    cs_sim_destroy(&a);
    cs_sim_destroy(&b);
}

/* Care starts from symptoms: only people who cramped consult, conditions
 * come under care only after a consultation and only if present, and a
 * minority of sufferers consult. */
static void test_care_starts_from_symptoms_and_a_minority_consult(void)
{
    cs_sim *a = default_run_for_tests();
    const int32_t *consulted = column(a, "consulted", CS_COL_I32), *last = column(a, "last_cramp", CS_COL_I32);
    const uint16_t *treated = column(a, "treated", CS_COL_U16), *cond = column(a, "cond", CS_COL_U16);
    const uint16_t *win = column(a, "win_cramps", CS_COL_U16);
    size_t bad = 0, consulters = 0, sufferers = 0, suff_consulted = 0;
    for (size_t i = 0; i < agents(a); i++) {
        const int did = consulted[i] != NEVER;
        consulters += did;
        bad += did && (last[i] == LONG_AGO || consulted[i] > last[i]);
        bad += treated[i] && !did;
        bad += (treated[i] & ~cond[i]) != 0;
        sufferers += win[i] > 0;
        suff_consulted += win[i] > 0 && did;
    }
    CU_ASSERT_EQUAL(bad, 0);
    CU_ASSERT(consulters > 0);
    CU_ASSERT_EQUAL(series_sum(a, "consultations") >= (int64_t)consulters, 1);
    CU_ASSERT(suff_consulted < sufferers / 2);
}

/* Care of the cause lowers the cramps of those who consulted and of no one
 * else (tests always done, so causes are found). */
static void test_care_of_the_cause_changes_only_those_who_consulted(void)
{
    const char *care[] = {"care.test_exam=1", "care.test_blood=1", "care.test_nerve=1", "care.test_imaging=1",
                          "care.treated_ratio=0", "care.review_drug=1"};
    const char *none[] = {"care.test_exam=1", "care.test_blood=0", "care.test_nerve=1", "care.test_imaging=1",
                          "care.treated_ratio=1", "care.review_drug=0"};
    cs_sim *a = run_with(POP * 2, NIGHTS, 19, care, N_OF(care), 2), *b = run_with(POP * 2, NIGHTS, 19, none, N_OF(none), 2);
    const int32_t *ca = column(a, "consulted", CS_COL_I32), *cb = column(b, "consulted", CS_COL_I32);
    const uint16_t *wa = column(a, "win_cramps", CS_COL_U16), *wb = column(b, "win_cramps", CS_COL_U16);
    size_t others_differ = 0, consulters = 0;
    int64_t with = 0, without = 0;
    for (size_t i = 0; i < agents(a); i++) {
        if (ca[i] == NEVER && cb[i] == NEVER) {
            others_differ += wa[i] != wb[i];
            continue;
        }
        consulters++;
        with += wa[i];
        without += wb[i];
    }
    CU_ASSERT_EQUAL(others_differ, 0);
    CU_ASSERT(consulters > 50);
    CU_ASSERT(with < without);
    CU_ASSERT(series_sum(a, "found_blood") + series_sum(a, "found_nerve") + series_sum(a, "found_circulation") > 0);
    CU_ASSERT_EQUAL(series_sum(b, "found_blood") + series_sum(b, "drug_stopped"), 0);
    cs_sim_destroy(&a);
    cs_sim_destroy(&b);
}

/* Diuretics and a poor diet lower potassium; a genetic predisposition
 * concentrates susceptibility. */
static void test_diuretics_and_diet_lower_potassium_and_genes_concentrate_susceptibility(void)
{
    cs_sim *a = default_run_for_tests();
    const uint8_t *lytes = column(a, "lytes", CS_COL_U8), *susc = column(a, "susc", CS_COL_U8);
    const uint8_t *age = column(a, "age", CS_COL_U8);
    const uint16_t *meds = column(a, "meds", CS_COL_U16), *h = column(a, "habits", CS_COL_U16);
    double n[2] = {0}, low[2] = {0}, nd[2] = {0}, lowd[2] = {0}, ng[2] = {0}, sg[2] = {0};
    for (size_t i = 0; i < agents(a); i++) {
        const int diuretic = (meds[i] >> MED_THIAZIDE & 1u) || (meds[i] >> MED_LOOP & 1u);
        const int low_k = lytes[i] & 1u, poor = h[i] >> H_POOR_DIET & 1u, gen = h[i] >> H_GENETIC & 1u;
        n[diuretic]++;
        low[diuretic] += low_k;
        if (!diuretic) {
            nd[poor]++;
            lowd[poor] += low_k;
        }
        if (age[i] >= 50) {
            ng[gen]++;
            sg[gen] += susc[i];
        }
    }
    CU_ASSERT(n[1] > 100 && low[1] / n[1] > 1.5 * low[0] / n[0]);
    CU_ASSERT(lowd[1] / nd[1] > 1.3 * lowd[0] / nd[0]);
    CU_ASSERT(sg[1] / ng[1] > 1.3 * sg[0] / ng[0]);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    static const cs_test_case cases[] = {
        {"activity follows age and people keep their rank", test_activity_follows_age_and_people_keep_their_rank},
        {"alcohol raises drinkers' cramps only", test_alcohol_raises_drinkers_cramps_only},
        {"poor footwear raises its wearers' cramps only", test_poor_footwear_raises_its_wearers_cramps_only},
        {"caffeine raises heavy users' cramps only", test_caffeine_raises_heavy_users_cramps_only},
        {"standing work raises the cramps of those who stand only",
         test_standing_work_raises_the_cramps_of_those_who_stand_only},
        {"a warm-up lowers only its practisers' cramps", test_a_warm_up_lowers_only_its_practisers_cramps},
        {"drinking little raises only their cramps", test_drinking_little_raises_only_their_cramps},
        {"heat waves fall in summer and raise cramps from the first one",
         test_heat_waves_fall_in_summer_and_raise_cramps_from_the_first_one},
        {"fatigue raises cramps and athletes have more strenuous days",
         test_fatigue_raises_cramps_and_athletes_have_more_strenuous_days},
        {"after-effects act only after a cramp night", test_after_effects_act_only_after_a_cramp_night},
        {"a cohort picked for many recent cramps has fewer later",
         test_a_cohort_picked_for_many_recent_cramps_has_fewer_later},
        {"complications follow cramps and none without their cause",
         test_complications_follow_cramps_and_none_without_their_cause},
        {"reduced mobility lowers activity", test_reduced_mobility_lowers_activity},
        {"care starts from symptoms and a minority consult", test_care_starts_from_symptoms_and_a_minority_consult},
        {"care of the cause changes only those who consulted",
         test_care_of_the_cause_changes_only_those_who_consulted},
        {"diuretics and diet lower potassium and genes concentrate susceptibility",
         test_diuretics_and_diet_lower_potassium_and_genes_concentrate_susceptibility},
        {NULL, NULL},
    };
    int rc = cs_test_run("daily_life", cases);
    release_default_run_for_tests();
    MPI_Finalize();
    return rc;
}
