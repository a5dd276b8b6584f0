/* test_branch.c -- an arm branched from a shared warm-up (cs_sim_branch)
 * at any night up to its first policy night ends exactly as the arm run
 * from night 0: the model keeps its promise (cs_model.h, cs_setup_warmup)
 * that a warm-up carries every column an arm needs -- the cramp history its
 * rules read -- and that an arm's own summaries and caps do not move before
 * its policies start.  What cannot be branched is refused.  The run layer
 * (src/run/cs_run.c) is tested through the command line in
 * tests/integration/branch.sh. */
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "model_support.h"
#include "cs_status.h"

#define B_POP 2503
#define B_NIGHTS 80
#define B_START 40 /* every policy of the programme starts here or later */

/* tests/integration/branch.yaml's programme, caps scaled to this population */
static const char b_extra[] =
    "surveys:\n"
    "  early: {recall_nights: 20, at_night: 25}\n"
    "  late: {recall_nights: 20}\n"
    "arms:\n"
    "  status_quo: {}\n"
    "  programme:\n"
    "    interventions:\n"
    "      quinine: {target: \"age >= 40 && cramp_nights_30d >= 1\", channel: campaign, start_night: 40,"
    " rescreen_nights: 7, max_per_year: 12, top_share: 0.8}\n"
    "      night_splints: {target: \"cramp_nights_14d >= 1\", channel: campaign, start_night: 45,"
    " rescreen_nights: 14, budget_per_year: 600, priority: random}\n"
    "      hydration: {target: \"low_fluid\", coverage: 0.7, start_night: 50, end_night: 70}\n"
    "      magnesium: {target: \"true\", start_night: 40}\n"
    "      episode_stretch: {start_night: 55}\n"
    "      regular_exercise: {target: \"sedentary && age >= 30\", start_night: 40, rescreen_nights: 30}\n";

static const char *const b_sets[] = {"replicates=2"};

static cs_sim *new_sim(const cs_scenario *sc, const cs_arm *arm, int warmup, int threads)
{
    cs_sim_config cfg = cs_scenario_sim_config(sc, threads, MPI_COMM_WORLD);
    cfg.arm = arm;
    cfg.warmup = warmup;
    cs_sim *s = NULL;
    cs_msg msg = {0};
    CU_ASSERT_EQUAL_FATAL(cs_sim_create(sc->ops, sc->params, &cfg, &msg, &s), CS_OK);
    return s;
}

/* Replicate 1 of `arm`, branched after warm-ups of 1, 1 + step, ... nights
 * up to `last`: how many branches differ from the arm run from night 0. */
static int branches_differing(const cs_scenario *sc, size_t arm, int32_t step, int32_t last)
{
    cs_sim *ref = new_sim(sc, &sc->arms[arm], 0, 2);
    CU_ASSERT_EQUAL_FATAL(cs_sim_run_from(ref, 1, 0, NULL, NULL), CS_OK);
    int differ = 0;
    for (int32_t night = 1; night <= last; night += step) {
        cs_sim *warm = new_sim(sc, NULL, 1, 1 + (night & 1)), *s = new_sim(sc, &sc->arms[arm], 0, 2);
        CU_ASSERT_EQUAL_FATAL(cs_sim_run_until(warm, 1, 0, night, NULL, NULL), CS_OK);
        CU_ASSERT_EQUAL_FATAL(cs_sim_branch(s, warm, 1, night), CS_OK);
        CU_ASSERT_EQUAL_FATAL(cs_sim_run_from(s, 1, night, NULL, NULL), CS_OK);
        if (!same_state(ref, s)) {
            differ++;
            fprintf(stderr, "  arm %zu branched after night %d differs from its own run\n", arm, (int)night - 1);
        }
        cs_sim_destroy(&warm);
        cs_sim_destroy(&s);
    }
    cs_sim_destroy(&ref);
    return differ;
}

static void test_branch_up_to_the_first_policy_night_is_exact(void)
{
    cs_scenario *sc = load_yaml(B_POP, B_NIGHTS, 5, b_extra, b_sets, 1);
    CU_ASSERT_EQUAL(branches_differing(sc, 1, 3, B_START), 0); /* nights 1, 4, ..., 40 */
    CU_ASSERT_EQUAL(branches_differing(sc, 0, 13, B_NIGHTS - 1), 0); /* the status quo: any night */
    cs_scenario_destroy(&sc);
}

/* The promise is only up to the first policy night: after it the arm has
 * started people the warm-up never started (so the test above can fail). */
static void test_branch_after_a_policy_started_is_not_the_arm(void)
{
    cs_scenario *sc = load_yaml(B_POP, B_NIGHTS, 5, b_extra, b_sets, 1);
    CU_ASSERT_EQUAL(branches_differing(sc, 1, 1, 1) + branches_differing(sc, 1, 60, 61), 1);
    cs_scenario_destroy(&sc);
}

/* A simulation made without cfg.warmup lacks the arm's columns; another
 * population or a night outside the run cannot be branched either. */
static void test_branch_refuses_what_does_not_match(void)
{
    cs_scenario *sc = load_yaml(B_POP, B_NIGHTS, 5, b_extra, b_sets, 1);
    static const char *const other_size[] = {"replicates=2", "population.size=2000"};
    cs_scenario *small = load_yaml(B_POP, B_NIGHTS, 5, b_extra, other_size, 2);
    cs_sim *plain = new_sim(sc, NULL, 0, 1), *warm = new_sim(sc, NULL, 1, 1), *arm = new_sim(sc, &sc->arms[1], 0, 1);
    cs_sim *other = new_sim(small, NULL, 1, 1);
    CU_ASSERT_EQUAL(cs_sim_run_until(plain, 0, 0, 10, NULL, NULL), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_run_until(warm, 0, 0, 10, NULL, NULL), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_branch(arm, plain, 0, 10), CS_ERR_INTERNAL); /* no cramp history, no iv_* columns */
    CU_ASSERT_EQUAL(cs_sim_branch(arm, other, 0, 10), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_sim_branch(arm, warm, 0, 0), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_sim_branch(arm, warm, 0, B_NIGHTS), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_sim_branch(arm, warm, 2, 10), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_sim_branch(arm, warm, 0, 10), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_run_until(warm, 0, 0, 0, NULL, NULL), CS_ERR_INTERNAL);            /* nothing to run */
    CU_ASSERT_EQUAL(cs_sim_run_until(warm, 0, 0, B_NIGHTS + 1, NULL, NULL), CS_ERR_INTERNAL); /* past the horizon */
    cs_sim_destroy(&plain);
    cs_sim_destroy(&warm);
    cs_sim_destroy(&arm);
    cs_sim_destroy(&other);
    cs_scenario_destroy(&small);
    cs_scenario_destroy(&sc);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    MPI_Init(NULL, NULL);
    static const cs_test_case cases[] = {
        {"an arm branched up to its first policy night equals its own run", test_branch_up_to_the_first_policy_night_is_exact},
        {"an arm branched after its policy started differs", test_branch_after_a_policy_started_is_not_the_arm},
        {"branching refuses a warm-up that does not match", test_branch_refuses_what_does_not_match},
        {NULL, NULL},
    };
    int rc = cs_test_run("branch", cases);
    MPI_Finalize();
    return rc;
}
