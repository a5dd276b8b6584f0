/* test_scenario_trial.c -- the scenario's `trial:` section: the design
 * with its defaults, arms in the file's order, --set that changes the design
 * and adds an arm, the resolved YAML that writes it back and reloads, no
 * rows without a trial, and the errors the toy model can show (it has no
 * intervention catalogue: its arms are placebo and usual care) with their
 * exact messages and positions (run by test_scenario.c's main). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_status.h"
#include "scenario_support.h"

static const char a_trial[] = "model: ../m/toy.yaml\n"                              /* 1 */
                              "horizon: {nights: 120}\n"                            /* 2 */
                              "trial:\n"                                            /* 3 */
                              "  description: \"placebo vs usual care\"\n"          /* 4 */
                              "  eligibility: \"count >= 2\"\n"                     /* 5 */
                              "  enrol_night: 60\n"                                 /* 6 */
                              "  participants: 500\n"                               /* 7 */
                              "  follow_up_nights: 42\n"                            /* 8 */
                              "  arms:\n"                                           /* 9 */
                              "    care: {intervention: none}\n"                    /* 10 */
                              "    placebo: {intervention: placebo, allocation: 2}\n"; /* 11 */

static void test_a_trial_loads_with_its_defaults(void)
{
    pathbuf s = scenario("tr_one.yaml", a_trial);
    cs_scenario *sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_TRUE_FATAL(sc->has_trial);
    const cs_trial *tr = &sc->trial;
    CU_ASSERT_STRING_EQUAL(tr->description, "placebo vs usual care");
    CU_ASSERT_STRING_EQUAL(tr->eligibility, "count >= 2");
    CU_ASSERT_EQUAL(tr->eligibility_at.line, 5);
    CU_ASSERT_EQUAL(tr->enrol_night, 60);
    CU_ASSERT_EQUAL(tr->run_in_nights, 14); /* defaults */
    CU_ASSERT_EQUAL(tr->min_events, 1);
    CU_ASSERT_EQUAL(tr->final_window_nights, 42); /* the whole follow-up */
    CU_ASSERT_EQUAL(tr->participants, 500);
    CU_ASSERT_EQUAL(cs_trial_end(tr), 102);
    CU_ASSERT_EQUAL_FATAL(tr->n_arms, 2);
    CU_ASSERT_STRING_EQUAL(tr->arms[0].name, "care");
    CU_ASSERT_EQUAL(tr->arms[0].kind, CS_TRIAL_NONE);
    CU_ASSERT_EQUAL(tr->arms[0].allocation, 1.0);
    CU_ASSERT_EQUAL(tr->arms[1].kind, CS_TRIAL_PLACEBO);
    CU_ASSERT_EQUAL(tr->arms[1].allocation, 2.0);
    CU_ASSERT_EQUAL(tr->arms[1].item, -1);
    CU_ASSERT_STRING_EQUAL(tr->arm.name, CS_TRIAL_ARM);
    CU_ASSERT_EQUAL(tr->arm.n_items, 0); /* nothing to start */
    /* the trial is not an arm: the scenario still has its one reference arm */
    CU_ASSERT_EQUAL(sc->n_arms, 1);
    cs_sim_config cfg = cs_scenario_trial_config(sc, 1, MPI_COMM_SELF);
    CU_ASSERT_PTR_EQUAL(cfg.trial, tr);
    CU_ASSERT_PTR_EQUAL(cfg.arm, &tr->arm);
    CU_ASSERT_PTR_NULL(cs_scenario_sim_config(sc, 1, MPI_COMM_SELF).trial);
    cs_scenario_destroy(&sc);
    /* no trial: no rows */
    s = scenario("tr_none.yaml", "model: ../m/toy.yaml\n");
    sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_FALSE(sc->has_trial);
    for (size_t k = 0; k < cs_params_count(sc->params); k++)
        CU_ASSERT(strncmp(cs_params_at(sc->params, k)->path, "trial", 5) != 0);
    char *text = resolved(sc, 0);
    CU_ASSERT_PTR_NULL(strstr(text, "trial"));
    free(text);
    cs_scenario_destroy(&sc);
}

static void test_set_changes_the_design_and_adds_an_arm(void)
{
    pathbuf s = scenario("tr_one.yaml", a_trial);
    const char *sets[] = {"trial.participants=90", "trial.final_window_nights=14", "trial.arms.care.allocation=3",
                          "trial.arms.more={intervention: placebo}", "trial.min_events=4"};
    cs_scenario *sc = load_ok(s.s, sets, sizeof sets / sizeof sets[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(sc->trial.participants, 90);
    CU_ASSERT_EQUAL(sc->trial.final_window_nights, 14);
    CU_ASSERT_EQUAL(sc->trial.min_events, 4);
    CU_ASSERT_EQUAL_FATAL(sc->trial.n_arms, 3);
    CU_ASSERT_EQUAL(sc->trial.arms[0].allocation, 3.0);
    CU_ASSERT_STRING_EQUAL(sc->trial.arms[2].name, "more");
    CU_ASSERT_STRING_EQUAL(row(sc, "trial.participants")->origin.file, "--set");
    cs_scenario_destroy(&sc);
    /* a whole trial from --set and dotted keys */
    s = scenario("tr_dotted.yaml", "model: ../m/toy.yaml\n"
                                   "trial.enrol_night: 30\n"
                                   "trial:\n"
                                   "  arms.a.intervention: none\n");
    const char *more[] = {"trial={participants: 10, follow_up_nights: 7, arms: {b: {intervention: placebo}}}"};
    sc = load_ok(s.s, more, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(sc->trial.enrol_night, 30);
    CU_ASSERT_EQUAL(sc->trial.n_arms, 2);
    CU_ASSERT_EQUAL(sc->trial.follow_up_nights, 7);
    cs_scenario_destroy(&sc);
}

static void test_resolved_yaml_writes_the_trial_back_and_reloads_it(void)
{
    pathbuf s = scenario("tr_one.yaml", a_trial);
    const char *sets[] = {"trial.run_in_nights=21"};
    cs_scenario *sc = load_ok(s.s, sets, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    char *text = resolved(sc, 0), line[512];
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "trial:\n"
                                        "  description: \"placebo vs usual care\"\n"
                                        "  eligibility: \"count >= 2\"\n"
                                        "  enrol_night: 60\n"
                                        "  run_in_nights: 21\n"
                                        "  min_events: 1\n"
                                        "  participants: 500\n"
                                        "  follow_up_nights: 42\n"
                                        "  final_window_nights: 42\n"
                                        "  arms:\n"
                                        "    care:\n"
                                        "      intervention: \"none\"\n"
                                        "      allocation: 1\n"
                                        "    placebo:\n"
                                        "      intervention: \"placebo\"\n"
                                        "      allocation: 2\n"));
    CU_ASSERT(strstr(text, "\ntrial:\n") < strstr(text, "\nparameters:\n"));
    free(text);
    text = resolved(sc, 1);
    CU_ASSERT_STRING_EQUAL(line_starting(strstr(text, "trial:"), "  enrol_night:", line, sizeof line),
                           fmt("  enrol_night: 60  # night; from %s:6", s.s));
    CU_ASSERT_STRING_EQUAL(line_starting(strstr(text, "trial:"), "  run_in_nights:", line, sizeof line),
                           "  run_in_nights: 21  # nights; from --set");
    free(text);
    expect_reload(sc, 0, "reload/trial_plain.yaml");
    expect_reload(sc, 1, "reload/trial_annotated.yaml");
    cs_scenario_destroy(&sc);
}

static void test_trial_errors_name_the_place_and_the_key(void)
{
    /* keys and names: reported while the file is read */
    pathbuf s = scenario("tr_keys.yaml", "model: ../m/toy.yaml\n"          /* 1 */
                                         "trial:\n"                        /* 2 */
                                         "  enrol_nite: 60\n"              /* 3 */
                                         "  arms:\n"                       /* 4 */
                                         "    a: {intervention: placebo, alloc: 1}\n" /* 5 */
                                         "    2b: {intervention: none}\n"); /* 6 */
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:3:3: trial.enrol_nite: unknown key (did you mean 'trial.enrol_night'?)\n"
                    "%s:5:32: trial.arms.a.alloc: unknown key (did you mean 'trial.arms.a.allocation'?)\n"
                    "%s:6:5: trial.arms.2b: a trial arm name is an identifier (letters, digits and '_', not "
                    "starting with a digit, at most 32 characters), got '2b'\n",
                    s.s, s.s, s.s));
    /* the design against the run and the catalogue: reported when it is resolved */
    s = scenario("tr_bad.yaml", "model: ../m/toy.yaml\n"                          /* 1 */
                                "horizon: {nights: 100}\n"                        /* 2 */
                                "trial:\n"                                        /* 3 */
                                "  enrol_night: 10\n"                             /* 4 */
                                "  participants: 100\n"                           /* 5 */
                                "  follow_up_nights: 95\n"                        /* 6 */
                                "  arms:\n"                                       /* 7 */
                                "    a: {intervention: placebo, allocation: 0}\n" /* 8 */
                                "    b: {intervention: quinine}\n");              /* 9 */
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:4:16: trial.run_in_nights: a run-in of 14 nights does not fit in the 10 nights before "
                    "enrolment (enrol_night: 10); enrol later or shorten the run-in\n"
                    "%s:6:21: trial.follow_up_nights: enrolment on night 10 plus 95 nights of follow-up ends at "
                    "night 105, after the run's 100 nights (horizon.nights); run at least 105 nights, enrol "
                    "earlier or shorten the follow-up\n"
                    "%s:8:44: trial.arms.a.allocation: expected a weight above 0, got 0\n"
                    "%s:9:23: trial.arms.b.intervention: unknown intervention 'quinine': the model file defines 0 "
                    "(interventions.* of its parameters; `crampsim validate` lists them); or placebo, or none\n",
                    s.s, s.s, s.s, s.s));
    s = scenario("tr_small.yaml", "model: ../m/toy.yaml\n"
                                  "trial:\n"
                                  "  enrol_night: 30\n"
                                  "  participants: 2\n"
                                  "  follow_up_nights: 7\n"
                                  "  arms: {a: {intervention: none}, b: {intervention: placebo}, "
                                  "c: {intervention: placebo}}\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:4:17: trial.participants: a trial of 3 arms needs at least 3 participants (one per arm), "
                    "got 2\n",
                    s.s));
    s = scenario("tr_list.yaml", "model: ../m/toy.yaml\ntrial: [a, b]\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:2:8: trial: expected a mapping (eligibility:, enrol_night:, participants:, "
                    "follow_up_nights:, arms:, ...), got a sequence\n",
                    s.s));
}

const cs_test_case scenario_trial_cases[] = {
    {"a trial loads with its defaults", test_a_trial_loads_with_its_defaults},
    {"set changes the design and adds an arm", test_set_changes_the_design_and_adds_an_arm},
    {"resolved YAML writes the trial back and reloads it", test_resolved_yaml_writes_the_trial_back_and_reloads_it},
    {"trial errors name the place and the key", test_trial_errors_name_the_place_and_the_key},
    {NULL, NULL},
};
