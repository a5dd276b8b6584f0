/* test_scenario_surveys.c -- the scenario's `surveys:` section: designs in
 * the file's order with their defaults, --set that changes or adds a
 * survey, the resolved YAML that writes them back, and every error with its
 * exact message and position (run by test_scenario.c's main). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_status.h"
#include "scenario_support.h"

static const char four_surveys[] = "model: ../m/toy.yaml\n"                                 /* 1 */
                                   "horizon: {nights: 400}\n"                               /* 2 */
                                   "surveys:\n"                                             /* 3 */
                                   "  past_month:\n"                                        /* 4 */
                                   "    recall_nights: 30\n"                                /* 5 */
                                   "    description: \"a month\"\n"                         /* 6 */
                                   "  past_year: {recall_nights: 365}\n"                    /* 7 */
                                   "  spring: {recall_nights: 91, at_night: 180}\n"         /* 8 */
                                   "  late: {recall_nights: 7, at_night: -30}\n";           /* 9 */

/* Survey k of sc is (name, recall, at_night, description). */
static void expect_survey(const cs_scenario *sc, size_t k, const char *name, int recall, int at, const char *desc)
{
    CU_ASSERT_FATAL(k < sc->n_surveys);
    const cs_survey *sv = &sc->surveys[k];
    CU_ASSERT_STRING_EQUAL(sv->name, name);
    CU_ASSERT_EQUAL(sv->recall_nights, recall);
    CU_ASSERT_EQUAL(sv->at_night, at);
    CU_ASSERT_STRING_EQUAL(sv->description, desc);
}

static void test_surveys_load_in_the_file_order_with_their_defaults(void)
{
    pathbuf s = scenario("sv_four.yaml", four_surveys);
    cs_scenario *sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(sc->n_surveys, 4);
    expect_survey(sc, 0, "past_month", 30, 400, "a month"); /* asked at the end of the run by default */
    expect_survey(sc, 1, "past_year", 365, 400, "");
    expect_survey(sc, 2, "spring", 91, 180, "");
    expect_survey(sc, 3, "late", 7, 370, ""); /* negative: counted back from the end */
    /* the default is written into the row, which still says it is one */
    CU_ASSERT_EQUAL(row(sc, "surveys.past_month.at_night")->integer, 400);
    CU_ASSERT_PTR_NULL(row(sc, "surveys.past_month.at_night")->origin.file);
    CU_ASSERT_EQUAL(row(sc, "surveys.late.at_night")->integer, -30);
    cs_scenario_destroy(&sc);
    /* none, or an empty section */
    s = scenario("sv_none.yaml", "model: ../m/toy.yaml\n");
    sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_EQUAL(sc->n_surveys, 0);
    cs_scenario_destroy(&sc);
    s = scenario("sv_empty.yaml", "model: ../m/toy.yaml\nsurveys: {}\n");
    sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_EQUAL(sc->n_surveys, 0);
    cs_scenario_destroy(&sc);
}

static void test_the_default_at_night_follows_the_horizon_set_last(void)
{
    pathbuf s = scenario("sv_four.yaml", four_surveys);
    const char *sets[] = {"horizon.nights=500"};
    cs_scenario *sc = load_ok(s.s, sets, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    expect_survey(sc, 0, "past_month", 30, 500, "a month");
    expect_survey(sc, 2, "spring", 91, 180, "");
    expect_survey(sc, 3, "late", 7, 470, "");
    cs_scenario_destroy(&sc);
}

static void test_set_changes_a_survey_and_adds_new_ones(void)
{
    pathbuf s = scenario("sv_four.yaml", four_surveys);
    const char *sets[] = {"surveys.past_month.recall_nights=28", "surveys.spring.at_night=-1",
                          "surveys.extra.recall_nights=14", "surveys.extra.at_night=100",
                          "surveys.more={recall_nights: 3, description: \"from --set\"}",
                          "surveys={also: {recall_nights: 2}}"};
    cs_scenario *sc = load_ok(s.s, sets, sizeof sets / sizeof sets[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(sc->n_surveys, 7);
    expect_survey(sc, 0, "past_month", 28, 400, "a month");
    expect_survey(sc, 2, "spring", 91, 399, "");
    expect_survey(sc, 4, "extra", 14, 100, "");
    expect_survey(sc, 5, "more", 3, 400, "from --set");
    expect_survey(sc, 6, "also", 2, 400, "");
    CU_ASSERT_STRING_EQUAL(row(sc, "surveys.extra.recall_nights")->origin.file, "--set");
    cs_scenario_destroy(&sc);
}

static void test_surveys_may_be_given_by_dotted_keys(void)
{
    pathbuf s = scenario("sv_dotted.yaml", "model: ../m/toy.yaml\n"
                                           "surveys.a.recall_nights: 10\n"
                                           "surveys:\n"
                                           "  b.recall_nights: 20\n"
                                           "surveys.c: {recall_nights: 30, at_night: 50}\n");
    cs_scenario *sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(sc->n_surveys, 3);
    expect_survey(sc, 0, "a", 10, 365, "");
    expect_survey(sc, 1, "b", 20, 365, "");
    expect_survey(sc, 2, "c", 30, 50, "");
    cs_scenario_destroy(&sc);
}

static void test_resolved_yaml_writes_the_surveys_back_and_reloads_them(void)
{
    pathbuf s = scenario("sv_four.yaml", four_surveys);
    const char *sets[] = {"surveys.extra.recall_nights=14"};
    cs_scenario *sc = load_ok(s.s, sets, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    char *text = resolved(sc, 0), line[512];
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "surveys:\n"
                                        "  past_month:\n"
                                        "    recall_nights: 30\n"
                                        "    at_night: 400\n"
                                        "    description: \"a month\"\n"
                                        "  past_year:\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "  late:\n    recall_nights: 7\n    at_night: -30\n"));
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "  extra:\n    recall_nights: 14\n    at_night: 400\n"));
    CU_ASSERT(strstr(text, "\nsurveys:\n") < strstr(text, "\nparameters:\n"));
    free(text);
    text = resolved(sc, 1);
    CU_ASSERT_STRING_EQUAL(line_starting(strstr(text, "  past_month:"), "    at_night:", line, sizeof line),
                           "    at_night: 400  # night; default");
    CU_ASSERT_STRING_EQUAL(line_starting(strstr(text, "  past_month:"), "    recall_nights:", line, sizeof line),
                           fmt("    recall_nights: 30  # nights; from %s:5", s.s));
    free(text);
    expect_reload(sc, 0, "reload/surveys_plain.yaml");
    expect_reload(sc, 1, "reload/surveys_annotated.yaml");
    cs_scenario_destroy(&sc);
    /* no survey: no section */
    s = scenario("sv_none.yaml", "model: ../m/toy.yaml\n");
    sc = load_ok(s.s, NULL, 0);
    text = resolved(sc, 0);
    CU_ASSERT_PTR_NULL(strstr(text, "surveys"));
    free(text);
    cs_scenario_destroy(&sc);
}

/* ---- errors ---------------------------------------------------------------- */

static void test_survey_keys_and_values_are_checked_where_they_stand(void)
{
    pathbuf s = scenario("sv_bad.yaml", "model: ../m/toy.yaml\n"                        /* 1 */
                                        "surveys:\n"                                    /* 2 */
                                        "  past-month: {recall_nights: 30}\n"           /* 3 */
                                        "  1st: {recall_nights: 30}\n"                  /* 4 */
                                        "  month:\n"                                    /* 5 */
                                        "    recal_nights: 30\n"                        /* 6 */
                                        "  odd: {recall_nights: 10, colour: blue}\n"    /* 7 */
                                        "  flat: 30\n"                                  /* 8 */
                                        "  zero: {recall_nights: 0}\n"                  /* 9 */
                                        "  long: {recall_nights: 4000}\n"               /* 10 */
                                        "  when: {recall_nights: 1, at_night: soon}\n"  /* 11 */
                                        "  surveys_have_names_of_at_most_32_chars: {recall_nights: 1}\n"); /* 12 */
    expect_fail(
        s.s, NULL, 0, CS_ERR_CONFIG,
        fmt("%s:3:3: surveys.past-month: a survey name is an identifier (letters, digits and '_', not starting "
            "with a digit, at most 32 characters), got 'past-month'\n"
            "%s:4:3: surveys.1st: a survey name is an identifier (letters, digits and '_', not starting with a "
            "digit, at most 32 characters), got '1st'\n"
            "%s:6:5: surveys.month.recal_nights: unknown key (did you mean 'surveys.month.recall_nights'?)\n"
            "%s:7:28: surveys.odd.colour: unknown key: a survey has recall_nights, at_night and description\n"
            "%s:8:9: surveys.flat: expected a mapping of the survey's design (recall_nights:, at_night:, "
            "description:), got a scalar\n"
            "%s:9:25: surveys.zero.recall_nights: expected an integer in [1, 3650], got 0\n"
            "%s:10:25: surveys.long.recall_nights: expected an integer in [1, 3650], got 4000\n"
            "%s:11:38: surveys.when.at_night: expected an integer, got 'soon'\n"
            "%s:12:3: surveys.surveys_have_names_of_at_most_32_chars: a survey name is an identifier (letters, "
            "digits and '_', not starting with a digit, at most 32 characters), got "
            "'surveys_have_names_of_at_most_32_chars'\n",
            s.s, s.s, s.s, s.s, s.s, s.s, s.s, s.s, s.s));
    s = scenario("sv_list.yaml", "model: ../m/toy.yaml\nsurveys: [past_month]\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:2:10: surveys: expected a mapping of survey names to designs, e.g. past_month: "
                    "{recall_nights: 30}, got a sequence\n",
                    s.s));
    /* a misspelt section is pointed to `surveys` */
    s = scenario("sv_survey.yaml", "model: ../m/toy.yaml\nsurvey: {past_month: {recall_nights: 30}}\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG, fmt("%s:2:1: survey: unknown key (did you mean 'surveys'?)\n", s.s));
}

static void test_a_survey_named_twice_is_a_duplicate_key(void)
{
    pathbuf s = scenario("sv_twice.yaml", "model: ../m/toy.yaml\n"
                                          "surveys:\n"
                                          "  past_month: {recall_nights: 30}\n"
                                          "  past_month: {recall_nights: 31}\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG, fmt("%s:4:3: past_month: duplicate key (first at line 3)\n", s.s));
}

static void test_windows_must_fit_before_the_survey(void)
{
    pathbuf s = scenario("sv_fit.yaml", "model: ../m/toy.yaml\n"                          /* 1 */
                                        "horizon: {nights: 100}\n"                        /* 2 */
                                        "surveys:\n"                                      /* 3 */
                                        "  year:\n"                                       /* 4 */
                                        "    recall_nights: 365\n"                        /* 5 */
                                        "  spring: {recall_nights: 30, at_night: 20}\n"   /* 6 */
                                        "  never: {at_night: 50}\n"                       /* 7 */
                                        "  late: {recall_nights: 10, at_night: 101}\n"    /* 8 */
                                        "  gone: {recall_nights: 10, at_night: -100}\n"   /* 9 */
                                        "  back: {recall_nights: 10, at_night: -95}\n"    /* 10 */
                                        "  fine: {recall_nights: 100}\n");                /* 11 */
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:5:20: surveys.year.recall_nights: a recall of 365 nights does not fit in the 100 nights "
                    "before the survey (at the end of the run, horizon.nights: 100); recall at most 100 nights or "
                    "ask later\n"
                    "%s:6:27: surveys.spring.recall_nights: a recall of 30 nights does not fit in the 20 nights "
                    "before the survey (at_night: 20); recall at most 20 nights or ask later\n"
                    "%s:7:3: surveys.never.recall_nights: missing: how many nights the questions look back, e.g. "
                    "recall_nights: 30\n"
                    "%s:8:39: surveys.late.at_night: expected a night in [1, 100] (or in [-99, -1], counted back "
                    "from the end of the run), got 101\n"
                    "%s:9:39: surveys.gone.at_night: expected a night in [1, 100] (or in [-99, -1], counted back "
                    "from the end of the run), got -100\n"
                    "%s:10:25: surveys.back.recall_nights: a recall of 10 nights does not fit in the 5 nights "
                    "before the survey (at_night: -95); recall at most 5 nights or ask later\n",
                    s.s, s.s, s.s, s.s, s.s, s.s));
    /* what fits a long run may not fit a shorter one from --set */
    s = scenario("sv_four.yaml", four_surveys);
    const char *sets[] = {"horizon.nights=60"};
    expect_fail(s.s, sets, 1, CS_ERR_CONFIG,
                fmt("%s:7:30: surveys.past_year.recall_nights: a recall of 365 nights does not fit in the 60 nights "
                    "before the survey (at the end of the run, horizon.nights: 60); recall at most 60 nights or "
                    "ask later\n"
                    "%s:8:41: surveys.spring.at_night: expected a night in [1, 60] (or in [-59, -1], counted back "
                    "from the end of the run), got 180\n",
                    s.s, s.s));
}

static void test_at_most_eight_surveys(void)
{
    char text[1024] = "model: ../m/toy.yaml\nsurveys:\n";
    for (int k = 1; k <= 9; k++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "  s%d: {recall_nights: %d}\n", k, k);
    pathbuf s = scenario("sv_nine.yaml", text);
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG, fmt("%s:11:3: surveys.s9: too many surveys: a run asks at most 8\n", s.s));
    /* eight load; a ninth from --set is refused there */
    text[strlen(text) - strlen("  s9: {recall_nights: 9}\n")] = '\0';
    s = scenario("sv_eight.yaml", text);
    cs_scenario *sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_EQUAL(sc ? sc->n_surveys : 0, 8);
    cs_scenario_destroy(&sc);
    const char *sets[] = {"surveys.s8.recall_nights=80", "surveys.s9.recall_nights=9"};
    expect_fail(s.s, sets, 2, CS_ERR_CONFIG, "--set: surveys.s9: too many surveys: a run asks at most 8\n");
}

static void test_set_of_a_survey_is_checked_like_a_file_value(void)
{
    pathbuf s = scenario("sv_four.yaml", four_surveys);
    const char *a[] = {"surveys.past_month.recal_nights=3"};
    expect_fail(s.s, a, 1, CS_ERR_CONFIG,
                "--set: surveys.past_month.recal_nights: unknown key (did you mean "
                "'surveys.past_month.recall_nights'?)\n");
    const char *b[] = {"surveys.past_month.recall_nights=5000"};
    expect_fail(s.s, b, 1, CS_ERR_CONFIG,
                "--set: surveys.past_month.recall_nights: expected an integer in [1, 3650], got 5000\n");
    const char *c[] = {"surveys.new.at_night=3"};
    expect_fail(s.s, c, 1, CS_ERR_CONFIG,
                "--set: surveys.new.recall_nights: missing: how many nights the questions look back, e.g. "
                "recall_nights: 30\n");
    const char *d[] = {"surveys.new.recall_nights=500"};
    expect_fail(s.s, d, 1, CS_ERR_CONFIG,
                "--set: surveys.new.recall_nights: a recall of 500 nights does not fit in the 400 nights before "
                "the survey (at the end of the run, horizon.nights: 400); recall at most 400 nights or ask "
                "later\n");
    const char *e[] = {"surveys.no-dash.recall_nights=5"};
    expect_fail(s.s, e, 1, CS_ERR_CONFIG,
                "--set: surveys.no-dash: a survey name is an identifier (letters, digits and '_', not starting "
                "with a digit, at most 32 characters), got 'no-dash'\n");
    /* `parameters.` reaches model parameters only */
    const char *f[] = {"parameters.surveys.past_month.recall_nights=3"};
    expect_fail(s.s, f, 1, CS_ERR_CONFIG,
                "--set: parameters.surveys.past_month.recall_nights: unknown parameter (did you mean "
                "'surveys.past_month.recall_nights'?)\n");
}

const cs_test_case scenario_survey_cases[] = {
    {"surveys load in the file's order with their defaults", test_surveys_load_in_the_file_order_with_their_defaults},
    {"the default at_night follows the horizon set last", test_the_default_at_night_follows_the_horizon_set_last},
    {"--set changes a survey and adds new ones", test_set_changes_a_survey_and_adds_new_ones},
    {"surveys may be given by dotted keys", test_surveys_may_be_given_by_dotted_keys},
    {"resolved YAML writes the surveys back and reloads them",
     test_resolved_yaml_writes_the_surveys_back_and_reloads_them},
    {"survey keys and values are checked where they stand", test_survey_keys_and_values_are_checked_where_they_stand},
    {"a survey named twice is a duplicate key", test_a_survey_named_twice_is_a_duplicate_key},
    {"windows must fit before the survey", test_windows_must_fit_before_the_survey},
    {"at most eight surveys", test_at_most_eight_surveys},
    {"--set of a survey is checked like a file value", test_set_of_a_survey_is_checked_like_a_file_value},
    {NULL, NULL},
};
