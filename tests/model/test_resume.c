/* test_resume.c -- a replicate stopped after any night and resumed in a
 * fresh simulation from its state (columns, results, the model's
 * checkpoint bytes) ends exactly as one run straight through: what a
 * checkpoint file carries is the whole state (docs/architecture.md).
 *
 * This is the test of the model's claim that everything it keeps outside
 * columns and its checkpoint bytes is set afresh by begin_day from the
 * night: it stops after every night of a run with mid-run surveys and a
 * capped campaign, and resumes with another thread count.  The file
 * layer (src/run/cs_checkpoint.c) is tested through the command line in
 * tests/integration/checkpoint.sh. */
#include <mpi.h>
#include <stdlib.h>
#include <string.h>

#include "model_support.h"
#include "cs_status.h"

#define R_POP 3001
#define R_NIGHTS 90
#define R_STOPPED 1 /* the hook's status that stops a replicate */

/* Surveys asked mid-run and at the end, and the arms of
 * tests/integration/repro.yaml with caps scaled to this population. */
static const char r_extra[] =
    "surveys:\n"
    "  midway: {recall_nights: 28, at_night: 45}\n"
    "  late: {recall_nights: 20, at_night: -10}\n"
    "arms:\n"
    "  status_quo: {}\n"
    "  programme:\n"
    "    interventions:\n"
    "      quinine: {target: \"age >= 40 && cramp_nights_30d >= 1\", channel: campaign, rescreen_nights: 7,"
    " max_per_year: 12, top_share: 0.8}\n"
    "      night_splints: {target: \"cramp_nights_14d >= 1\", channel: campaign, rescreen_nights: 14,"
    " budget_per_year: 600, priority: random}\n"
    "      hydration: {target: \"low_fluid\", coverage: 0.7, start_night: 10, end_night: 70}\n"
    "      medication_review: {target: \"cramp_drug\", channel: campaign}\n"
    "      magnesium: {target: \"true\"}\n"
    "      episode_stretch: {}\n"
    "      condition_care: {target: \"diabetes || pad\"}\n"
    "      regular_exercise: {target: \"sedentary && age >= 30\", rescreen_nights: 30}\n";

static const char *const r_sets[] = {"replicates=2"};

static int32_t stop_after;
static int stop_hook(void *ctx, int32_t rep, int32_t nights_done)
{
    (void)ctx;
    (void)rep;
    return nights_done == stop_after ? R_STOPPED : CS_OK;
}

static cs_sim *new_sim(const cs_scenario *sc, size_t arm, int threads)
{
    cs_sim_config cfg = cs_scenario_sim_config(sc, threads, MPI_COMM_WORLD);
    cfg.arm = &sc->arms[arm];
    cs_sim *s = NULL;
    cs_msg msg = {0};
    CU_ASSERT_EQUAL_FATAL(cs_sim_create(sc->ops, sc->params, &cfg, &msg, &s), CS_OK);
    return s;
}

/* Copies what a checkpoint holds of `from` into `to`. */
static void transfer(cs_sim *from, cs_sim *to)
{
    size_t n, m;
    int64_t *a = cs_sim_series_data(from, &n), *b = cs_sim_series_data(to, &m);
    CU_ASSERT_EQUAL_FATAL(n, m);
    memcpy(b, a, n * sizeof *a);
    a = cs_sim_summary_data(from, &n);
    b = cs_sim_summary_data(to, &m);
    CU_ASSERT_EQUAL_FATAL(n, m);
    memcpy(b, a, n * sizeof *a);
    const size_t agents = cs_sim_agents(from)->n;
    for (size_t k = 0; k < cs_sim_n_columns(from); k++) {
        const char *name, *unit, *help;
        cs_ctype type;
        const void *data;
        int output;
        CU_ASSERT_EQUAL_FATAL(cs_sim_column(from, k, &name, &type, &data, &unit, &help, &output), CS_OK);
        memcpy(cs_sim_column_data(to, k), data, agents * cs_ctype_size(type));
    }
    const size_t bytes = cs_sim_model_save_size(from);
    CU_ASSERT_EQUAL_FATAL(bytes, cs_sim_model_save_size(to));
    unsigned char *buf = malloc(bytes + 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(buf);
    cs_sim_model_save(from, buf);
    cs_sim_model_restore(to, buf);
    free(buf);
}

/* Replicate 1 of `arm` stopped after each night in turn (every `step`-th)
 * and resumed in a fresh simulation equals the run straight through. */
static void resume_everywhere(size_t arm, int32_t step)
{
    cs_scenario *sc = load_yaml(R_POP, R_NIGHTS, 11, r_extra, r_sets, 1);
    cs_sim *ref = new_sim(sc, arm, 2);
    CU_ASSERT_EQUAL_FATAL(cs_sim_run_from(ref, 1, 0, NULL, NULL), CS_OK);
    CU_ASSERT(cs_sim_model_save_size(ref) == (arm ? 8 * 3 * sizeof(int64_t) : 0));
    int failures = 0;
    for (int32_t night = 1; night < R_NIGHTS; night += step) {
        cs_sim *first = new_sim(sc, arm, 2), *second = new_sim(sc, arm, 1 + (night & 1));
        stop_after = night;
        CU_ASSERT_EQUAL_FATAL(cs_sim_run_from(first, 1, 0, stop_hook, NULL), R_STOPPED);
        cs_sim_fold_summary(first, 1);
        transfer(first, second);
        CU_ASSERT_EQUAL_FATAL(cs_sim_run_from(second, 1, night, NULL, NULL), CS_OK);
        if (!same_state(ref, second)) {
            failures++;
            fprintf(stderr, "  arm %zu: resumed after night %d differs from the run straight through\n", arm,
                    (int)night);
        }
        cs_sim_destroy(&first);
        cs_sim_destroy(&second);
    }
    CU_ASSERT_EQUAL(failures, 0);
    cs_sim_destroy(&ref);
    cs_scenario_destroy(&sc);
}

static void test_resume_reference_arm_after_any_night(void) { resume_everywhere(0, 7); }
static void test_resume_capped_arm_after_every_night(void) { resume_everywhere(1, 1); }

/* Stopping and going on in the same simulation, without a checkpoint in
 * between, is exact too (the threads' tallies are kept as they are). */
static void test_stop_and_go_on_in_place(void)
{
    cs_scenario *sc = load_yaml(R_POP, R_NIGHTS, 11, r_extra, r_sets, 1);
    cs_sim *ref = new_sim(sc, 1, 2), *s = new_sim(sc, 1, 2);
    CU_ASSERT_EQUAL_FATAL(cs_sim_run_from(ref, 0, 0, NULL, NULL), CS_OK);
    stop_after = 50;
    CU_ASSERT_EQUAL(cs_sim_run_from(s, 0, 0, stop_hook, NULL), R_STOPPED);
    CU_ASSERT_EQUAL(cs_sim_run_from(s, 0, 50, NULL, NULL), CS_OK);
    CU_ASSERT(same_state(ref, s));
    CU_ASSERT_EQUAL(cs_sim_run_from(s, 0, R_NIGHTS, NULL, NULL), CS_ERR_INTERNAL); /* no night left */
    CU_ASSERT_EQUAL(cs_sim_run_from(s, 2, 0, NULL, NULL), CS_ERR_INTERNAL);        /* no such replicate */
    cs_sim_destroy(&ref);
    cs_sim_destroy(&s);
    cs_scenario_destroy(&sc);
}

int main(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    MPI_Init(NULL, NULL);
    static const cs_test_case cases[] = {
        {"the reference arm resumes exactly after any night", test_resume_reference_arm_after_any_night},
        {"a capped arm with surveys resumes exactly after every night", test_resume_capped_arm_after_every_night},
        {"a replicate stopped and continued in place is exact", test_stop_and_go_on_in_place},
        {NULL, NULL},
    };
    int rc = cs_test_run("resume", cases);
    MPI_Finalize();
    return rc;
}
