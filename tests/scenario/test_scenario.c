/* test_scenario.c -- cs_scenario_load: a scenario file, the model file it
 * names and --set overrides resolved into one parameter table.
 *
 * Pinned here: precedence (model file < scenario defaults < scenario file <
 * --set), `parameters:` with nested and dotted keys, --set with and
 * without the `parameters.` prefix and with list values, the model path
 * taken relative to the scenario's folder, and the resolved YAML; every
 * error with its exact message, position and status code (in
 * test_scenario_errors.c).
 *
 * The files are written into a temporary folder.  The model they name is a
 * toy registered by the test (scenario_support.c): loading never runs a
 * model, it only needs its name to resolve.  The error cases live in
 * test_scenario_errors.c.
 */
#include <limits.h>
#include <math.h>
#include <mpi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_model.h"
#include "cs_params.h"
#include "cs_scenario.h"
#include "cs_status.h"
#include "cs_strbuf.h"
#include "cs_test.h"
#include "scenario_support.h"

/* ---- precedence --------------------------------------------------------- */

static void test_model_file_values_apply_when_nothing_overrides_them(void)
{
    pathbuf s = scenario("plain.yaml", "model: ../m/toy.yaml\n");
    cs_scenario *sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_PTR_EQUAL(sc->ops, &toy_ops);
    CU_ASSERT_STRING_EQUAL(sc->model_path, model_via_scen.s);
    cs_param *r = row(sc, "growth.rate");
    CU_ASSERT_EQUAL(r->kind, CS_PARAM_MODEL);
    CU_ASSERT_EQUAL(r->type, CS_PARAM_REAL);
    CU_ASSERT_EQUAL(r->real, 0.5);
    CU_ASSERT_EQUAL(r->lo, 0);
    CU_ASSERT_EQUAL(r->hi, 1);
    CU_ASSERT_EQUAL(r->range_lo, 0.1);
    CU_ASSERT_EQUAL(r->range_hi, 0.9);
    CU_ASSERT_EQUAL(r->dist, CS_DIST_UNIFORM);
    CU_ASSERT_STRING_EQUAL(r->unit, "per night");
    CU_ASSERT_STRING_EQUAL(r->source, "S1");
    CU_ASSERT_STRING_EQUAL(r->help, "a rate");
    /* declared at the key, valued at the value */
    CU_ASSERT_STRING_EQUAL(r->decl.file, model_via_scen.s);
    CU_ASSERT_EQUAL(r->decl.line, 6);
    CU_ASSERT_EQUAL(r->decl.col, 5);
    CU_ASSERT_STRING_EQUAL(r->origin.file, model_via_scen.s);
    CU_ASSERT_EQUAL(r->origin.line, 7);
    CU_ASSERT_EQUAL(r->origin.col, 14);
    CU_ASSERT_EQUAL(row(sc, "growth.count")->type, CS_PARAM_INT);
    CU_ASSERT_EQUAL(row(sc, "growth.count")->integer, 3);
    CU_ASSERT_STRING_EQUAL(row(sc, "mode")->string, "fast");
    CU_ASSERT_EQUAL(row(sc, "enabled")->type, CS_PARAM_BOOL);
    CU_ASSERT_EQUAL(row(sc, "enabled")->integer, 1);
    r = row(sc, "weights"); /* a sequence value makes a list without `type` */
    CU_ASSERT_EQUAL(r->type, CS_PARAM_REAL_LIST);
    CU_ASSERT_EQUAL_FATAL(r->list_len, 2);
    CU_ASSERT_EQUAL(r->list[0], 1);
    CU_ASSERT_EQUAL(r->list[1], 2);
    /* unset range: no uncertainty */
    CU_ASSERT(isnan(row(sc, "growth.count")->range_lo));
    CU_ASSERT_EQUAL(row(sc, "growth.count")->dist, CS_DIST_FIXED);
    cs_scenario_destroy(&sc);
    CU_ASSERT_PTR_NULL(sc);
    cs_scenario_destroy(&sc);
}

static void test_scenario_defaults_fill_unset_engine_settings(void)
{
    pathbuf s = scenario("defaults.yaml", "model: ../m/toy.yaml\n");
    cs_scenario *sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(sc->seed, 1);
    CU_ASSERT_EQUAL(sc->replicates, 1);
    CU_ASSERT_EQUAL(sc->population, 100000);
    CU_ASSERT_EQUAL(sc->nights, 365);
    CU_ASSERT_EQUAL(sc->start_day_of_year, 1);
    CU_ASSERT_EQUAL(sc->period_nights, 7);
    CU_ASSERT_EQUAL(sc->agents_output, 0);
    CU_ASSERT_STRING_EQUAL(row(sc, "output.series")->string, "weekly");
    CU_ASSERT_STRING_EQUAL(row(sc, "description")->string, "");
    CU_ASSERT_PTR_NULL(row(sc, "seed")->origin.file); /* a default has no origin */
    CU_ASSERT_STRING_EQUAL(row(sc, "model")->string, "../m/toy.yaml");
    CU_ASSERT_EQUAL(row(sc, "seed")->kind, CS_PARAM_SCENARIO);
    cs_scenario_destroy(&sc);
}

static const char full_scenario[] = "model: ../m/toy.yaml\n"        /* 1 */
                                    "seed: 5\n"                     /* 2 */
                                    "population:\n"                 /* 3 */
                                    "  size: 1000\n"                /* 4 */
                                    "horizon:\n"                    /* 5 */
                                    "  nights: 30\n"                /* 6 */
                                    "  start_day_of_year: 100\n"    /* 7 */
                                    "output:\n"                     /* 8 */
                                    "  series: daily\n"             /* 9 */
                                    "  agents: true\n"              /* 10 */
                                    "replicates: 3\n"               /* 11 */
                                    "description: \"a \\\"test\\\"\"\n" /* 12 */
                                    "parameters:\n"                 /* 13 */
                                    "  growth:\n"                   /* 14 */
                                    "    rate: 0.25\n"              /* 15 */
                                    "  growth.count: 7\n"           /* 16 */
                                    "  mode: slow\n";               /* 17 */

static void test_scenario_file_overrides_model_file_and_defaults(void)
{
    pathbuf s = scenario("full.yaml", full_scenario);
    cs_scenario *sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(sc->seed, 5);
    CU_ASSERT_EQUAL(sc->population, 1000);
    CU_ASSERT_EQUAL(sc->nights, 30);
    CU_ASSERT_EQUAL(sc->start_day_of_year, 100);
    CU_ASSERT_EQUAL(sc->period_nights, 1);
    CU_ASSERT_EQUAL(sc->agents_output, 1);
    CU_ASSERT_EQUAL(sc->replicates, 3);
    CU_ASSERT_STRING_EQUAL(row(sc, "description")->string, "a \"test\"");
    cs_param *r = row(sc, "growth.rate");
    CU_ASSERT_EQUAL(r->real, 0.25);
    CU_ASSERT_STRING_EQUAL(r->origin.file, s.s);
    CU_ASSERT_EQUAL(r->origin.line, 15);
    CU_ASSERT_EQUAL(r->origin.col, 11);
    CU_ASSERT_EQUAL(r->decl.line, 6); /* still declared in the model file */
    CU_ASSERT_EQUAL(row(sc, "growth.count")->integer, 7);
    CU_ASSERT_EQUAL(row(sc, "growth.count")->origin.line, 16);
    CU_ASSERT_STRING_EQUAL(row(sc, "mode")->string, "slow");
    CU_ASSERT_EQUAL(row(sc, "enabled")->integer, 1); /* untouched: the model file's */
    CU_ASSERT_STRING_EQUAL(row(sc, "enabled")->origin.file, model_via_scen.s);
    CU_ASSERT_STRING_EQUAL(row(sc, "seed")->origin.file, s.s);
    CU_ASSERT_EQUAL(row(sc, "seed")->origin.line, 2);
    cs_scenario_destroy(&sc);
}

static void test_set_overrides_the_scenario_file_and_the_last_set_wins(void)
{
    pathbuf s = scenario("full.yaml", full_scenario);
    const char *sets[] = {"seed=9", "parameters.growth.rate=0.75", "population.size=2e3", "output.series=weekly",
                          "horizon.nights=40", "seed=10", "enabled=false", "mode=\"x y\""};
    cs_scenario *sc = load_ok(s.s, sets, sizeof sets / sizeof sets[0]);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(sc->seed, 10);
    CU_ASSERT_EQUAL(sc->population, 2000);
    CU_ASSERT_EQUAL(sc->period_nights, 7);
    CU_ASSERT_EQUAL(sc->nights, 40);
    CU_ASSERT_EQUAL(sc->start_day_of_year, 100); /* not --set: the file's */
    CU_ASSERT_EQUAL(row(sc, "growth.rate")->real, 0.75);
    CU_ASSERT_STRING_EQUAL(row(sc, "growth.rate")->origin.file, "--set");
    CU_ASSERT_EQUAL(row(sc, "growth.count")->integer, 7);
    CU_ASSERT_EQUAL(row(sc, "enabled")->integer, 0);
    CU_ASSERT_STRING_EQUAL(row(sc, "mode")->string, "x y");
    cs_scenario_destroy(&sc);
}

static void test_parameters_accept_nested_and_dotted_keys(void)
{
    pathbuf s = scenario("nested.yaml", "model: ../m/toy.yaml\n"
                                        "parameters:\n"
                                        "  growth:\n"
                                        "    rate: 0.125\n"
                                        "    count: 9\n"
                                        "  enabled: false\n");
    cs_scenario *sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(row(sc, "growth.rate")->real, 0.125);
    CU_ASSERT_EQUAL(row(sc, "growth.count")->integer, 9);
    CU_ASSERT_EQUAL(row(sc, "enabled")->integer, 0);
    cs_scenario_destroy(&sc);

    s = scenario("dotted.yaml", "model: ../m/toy.yaml\n"
                                "parameters:\n"
                                "  growth.rate: 0.375\n"
                                "  growth.count: 10\n"
                                "  weights: [0, 50, 100]\n");
    sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(row(sc, "growth.rate")->real, 0.375);
    CU_ASSERT_EQUAL(row(sc, "growth.count")->integer, 10);
    CU_ASSERT_EQUAL_FATAL(row(sc, "weights")->list_len, 3);
    CU_ASSERT_EQUAL(row(sc, "weights")->list[2], 100);
    cs_scenario_destroy(&sc);
}

static void test_set_takes_model_paths_with_or_without_the_parameters_prefix(void)
{
    pathbuf s = scenario("plain.yaml", "model: ../m/toy.yaml\n");
    const char *with[] = {"parameters.growth.rate=0.2", "parameters.growth.count=4"};
    cs_scenario *sc = load_ok(s.s, with, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(row(sc, "growth.rate")->real, 0.2);
    CU_ASSERT_EQUAL(row(sc, "growth.count")->integer, 4);
    cs_scenario_destroy(&sc);
    const char *without[] = {"growth.rate=0.3", "growth.count=5"};
    sc = load_ok(s.s, without, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(row(sc, "growth.rate")->real, 0.3);
    CU_ASSERT_EQUAL(row(sc, "growth.count")->integer, 5);
    cs_scenario_destroy(&sc);
}

static void test_set_parses_a_list_value(void)
{
    pathbuf s = scenario("plain.yaml", "model: ../m/toy.yaml\n");
    const char *sets[] = {"weights=[1,2,3]"};
    cs_scenario *sc = load_ok(s.s, sets, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    cs_param *r = row(sc, "weights");
    CU_ASSERT_EQUAL_FATAL(r->list_len, 3);
    CU_ASSERT_EQUAL(r->list[0], 1);
    CU_ASSERT_EQUAL(r->list[1], 2);
    CU_ASSERT_EQUAL(r->list[2], 3);
    cs_scenario_destroy(&sc);
    const char *prefixed[] = {"parameters.weights=[ 4.5 , 1e1 ]"};
    sc = load_ok(s.s, prefixed, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL_FATAL(row(sc, "weights")->list_len, 2);
    CU_ASSERT_EQUAL(row(sc, "weights")->list[0], 4.5);
    CU_ASSERT_EQUAL(row(sc, "weights")->list[1], 10);
    cs_scenario_destroy(&sc);
}

static void test_set_model_names_a_model_file_taken_as_given(void)
{
    /* the scenario names a model file that does not exist; --set replaces it */
    pathbuf s = scenario("nomodel.yaml", "model: nowhere.yaml\n");
    const char *sets[1];
    char set[1100];
    snprintf(set, sizeof set, "model=%s", model_path.s);
    sets[0] = set;
    cs_scenario *sc = load_ok(s.s, sets, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_STRING_EQUAL(sc->model_path, model_path.s);
    CU_ASSERT_STRING_EQUAL(row(sc, "model")->string, model_path.s);
    cs_scenario_destroy(&sc);
}

static void test_model_path_is_relative_to_the_scenario_folder_not_the_working_directory(void)
{
    put("rel/scen/toy.yaml", toy_model);
    /* a decoy where a lookup relative to the working directory would land */
    put("rel/toy.yaml", "model: decoy\nsources: {S1: x}\nparameters: {}\n");
    put("rel/scen/s.yaml", "model: toy.yaml\nseed: 3\n");
    char cwd[PATH_MAX];
    CU_ASSERT_PTR_NOT_NULL_FATAL(getcwd(cwd, sizeof cwd));
    pathbuf dir = tmp_path("rel/x");
    dir.s[strlen(dir.s) - 2] = '\0';
    CU_ASSERT_EQUAL_FATAL(chdir(dir.s), 0);
    cs_scenario *sc = load_ok("scen/s.yaml", NULL, 0);
    CU_ASSERT_EQUAL(chdir(cwd), 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_STRING_EQUAL(sc->model_path, "scen/toy.yaml");
    CU_ASSERT_PTR_EQUAL(sc->ops, &toy_ops);
    CU_ASSERT_EQUAL(sc->seed, 3);
    cs_scenario_destroy(&sc);
    /* an absolute model path is kept as it is */
    char text[1200];
    snprintf(text, sizeof text, "model: %s\n", model_path.s);
    pathbuf s = scenario("absolute.yaml", text);
    sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_STRING_EQUAL(sc->model_path, model_path.s);
    cs_scenario_destroy(&sc);
}

static void test_overrides_are_checked_against_bounds_not_the_plausible_range(void)
{
    /* range [0.1, 0.9] is for sensitivity analysis; bounds [0, 1] are the law */
    pathbuf s = scenario("edge.yaml", "model: ../m/toy.yaml\nparameters: {growth: {rate: 0.0, count: 10}}\n");
    cs_scenario *sc = load_ok(s.s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(row(sc, "growth.rate")->real, 0.0);
    CU_ASSERT_EQUAL(row(sc, "growth.count")->integer, 10);
    cs_scenario_destroy(&sc);
    const char *sets[] = {"growth.rate=1", "growth.count=0", "population.size=1", "horizon.start_day_of_year=365"};
    sc = load_ok(s.s, sets, 4);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(row(sc, "growth.rate")->real, 1.0);
    CU_ASSERT_EQUAL(row(sc, "growth.count")->integer, 0);
    CU_ASSERT_EQUAL(sc->population, 1);
    CU_ASSERT_EQUAL(sc->start_day_of_year, 365);
    cs_scenario_destroy(&sc);
}

/* ---- resolved YAML -------------------------------------------------------- */

static void test_resolved_yaml_lists_every_value_once(void)
{
    pathbuf s = scenario("full.yaml", full_scenario);
    const char *sets[] = {"weights=[1.5, 2]"};
    cs_scenario *sc = load_ok(s.s, sets, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    char *text = resolved(sc, 0), line[4096];
    char *abs = realpath(model_path.s, NULL);
    CU_ASSERT_STRING_EQUAL(line_starting(text, "model:", line, sizeof line), fmt("model: \"%s\"", abs));
    free(abs);
    CU_ASSERT_STRING_EQUAL(line_starting(text, "seed:", line, sizeof line), "seed: 5");
    CU_ASSERT_STRING_EQUAL(line_starting(text, "description:", line, sizeof line),
                           "description: \"a \\\"test\\\"\"");
    CU_ASSERT_STRING_EQUAL(line_starting(text, "  size:", line, sizeof line), "  size: 1000");
    CU_ASSERT_STRING_EQUAL(line_starting(text, "  series:", line, sizeof line), "  series: \"daily\"");
    CU_ASSERT_STRING_EQUAL(line_starting(text, "  agents:", line, sizeof line), "  agents: true");
    CU_ASSERT_STRING_EQUAL(line_starting(text, "  growth.rate:", line, sizeof line), "  growth.rate: 0.25");
    CU_ASSERT_STRING_EQUAL(line_starting(text, "  growth.count:", line, sizeof line), "  growth.count: 7");
    CU_ASSERT_STRING_EQUAL(line_starting(text, "  mode:", line, sizeof line), "  mode: \"slow\"");
    CU_ASSERT_STRING_EQUAL(line_starting(text, "  enabled:", line, sizeof line), "  enabled: true");
    CU_ASSERT_STRING_EQUAL(line_starting(text, "  weights:", line, sizeof line), "  weights: [1.5, 2]");
    CU_ASSERT_PTR_NOT_NULL(strstr(text, "\nparameters:\n"));
    free(text);
    text = resolved(sc, 1);
    CU_ASSERT_STRING_EQUAL(line_starting(text, "  growth.rate:", line, sizeof line),
                           fmt("  growth.rate: 0.25  # per night; range [0.1, 0.9] uniform; source S1; from %s:15",
                               s.s));
    CU_ASSERT_STRING_EQUAL(line_starting(text, "replicates:", line, sizeof line),
                           fmt("replicates: 3  # runs; from %s:11", s.s));
    CU_ASSERT_STRING_EQUAL(line_starting(text, "  start_day_of_year:", line, sizeof line),
                           fmt("  start_day_of_year: 100  # day; from %s:7", s.s));
    free(text);
    cs_scenario_destroy(&sc);
}

static void test_resolved_yaml_reloads_to_the_same_values(void)
{
    pathbuf s = scenario("full.yaml", full_scenario);
    const char *sets[] = {"weights=[1.5, 2, 3]", "enabled=false"};
    cs_scenario *sc = load_ok(s.s, sets, 2);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    expect_reload(sc, 0, "reload/plain.yaml");
    expect_reload(sc, 1, "reload/annotated.yaml");
    cs_scenario_destroy(&sc);
}

/* Regression: reals were written with "%.10g", so a value with more digits
 * (a PSA draw, 0.1 + 0.2, 1/3) came back as a different number. */
static void test_resolved_yaml_keeps_every_digit_of_a_real(void)
{
    pathbuf s = scenario("plain.yaml", "model: ../m/toy.yaml\n");
    const char *sets[] = {"growth.rate=0.30000000000000004"};
    cs_scenario *sc = load_ok(s.s, sets, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    CU_ASSERT_EQUAL(row(sc, "growth.rate")->real, 0.1 + 0.2);
    char *text = resolved(sc, 0), line[4096];
    line_starting(text, "  growth.rate: ", line, sizeof line);
    double back = strtod(line + strlen("  growth.rate: "), NULL);
    CU_ASSERT_EQUAL(back, 0.1 + 0.2);
    if (back != 0.1 + 0.2) fprintf(stderr, "\n  written as [%s]\n", line);
    free(text);
    cs_scenario_destroy(&sc);
}

/* Regression: the annotation of a value from --set read "from --set:0"
 * (a line number where there is none). */
static void test_resolved_yaml_says_a_value_came_from_set(void)
{
    pathbuf s = scenario("plain.yaml", "model: ../m/toy.yaml\n");
    const char *sets[] = {"weights=[1.5, 2]"};
    cs_scenario *sc = load_ok(s.s, sets, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(sc);
    char *text = resolved(sc, 1), line[4096];
    CU_ASSERT_STRING_EQUAL(line_starting(text, "  weights:", line, sizeof line),
                           "  weights: [1.5, 2]  # w; factor [0.5, 2] uniform; source S1; from --set");
    free(text);
    cs_scenario_destroy(&sc);
}

/* Regression: a model file declaring a path that is also a scenario setting
 * (parameters: {population: {size: ...}}) made cs_scenario_load return
 * CS_ERR_INTERNAL with no message at all. */
static void test_model_parameter_named_like_a_scenario_setting_is_a_config_error(void)
{
    put("m/clash.yaml", "model: toy\n"
                        "sources: {S1: a}\n"
                        "parameters:\n"
                        "  seed:\n"
                        "    value: 3\n"
                        "    type: integer\n"
                        "    unit: u\n"
                        "    source: S1\n"
                        "    help: h\n");
    pathbuf s = scenario("uses_clash.yaml", "model: ../m/clash.yaml\n");
    cs_scenario *sc = NULL;
    char *msgs;
    int errors = 0;
    int rc = load(s.s, NULL, 0, &msgs, &errors, &sc);
    CU_ASSERT_EQUAL(rc, CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(errors, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(msgs, "seed"));
    if (rc != CS_ERR_CONFIG || errors != 1) fprintf(stderr, "\n  rc %d, %d messages: [%s]\n", rc, errors, msgs);
    free(msgs);
    cs_scenario_destroy(&sc);
}

/* Regression: a model file that declares the same path twice, once nested
 * and once dotted (a: {b: ...} and a.b: ...), made cs_scenario_load
 * return CS_ERR_INTERNAL with no message. */
static void test_model_path_declared_twice_is_a_config_error(void)
{
    put("m/twice.yaml", "model: toy\n"
                        "sources: {S1: a}\n"
                        "parameters:\n"
                        "  a:\n"
                        "    b: {value: 1, type: integer, unit: u, source: S1, help: h}\n"
                        "  a.b: {value: 2, type: integer, unit: u, source: S1, help: h}\n");
    pathbuf s = scenario("uses_twice.yaml", "model: ../m/twice.yaml\n");
    cs_scenario *sc = NULL;
    char *msgs;
    int errors = 0;
    int rc = load(s.s, NULL, 0, &msgs, &errors, &sc);
    CU_ASSERT_EQUAL(rc, CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(errors, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(msgs, ":6:3: a.b: "));
    if (rc != CS_ERR_CONFIG || errors != 1) fprintf(stderr, "\n  rc %d, %d messages: [%s]\n", rc, errors, msgs);
    free(msgs);
    cs_scenario_destroy(&sc);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    if (scenario_support_init() != 0) {
        perror("writing the toy model file");
        MPI_Finalize();
        return 1;
    }

    static const cs_test_case cases[] = {
        {"model file values apply when nothing overrides them",
         test_model_file_values_apply_when_nothing_overrides_them},
        {"scenario defaults fill unset engine settings", test_scenario_defaults_fill_unset_engine_settings},
        {"scenario file overrides model file and defaults", test_scenario_file_overrides_model_file_and_defaults},
        {"--set overrides the scenario file and the last --set wins",
         test_set_overrides_the_scenario_file_and_the_last_set_wins},
        {"parameters: accepts nested and dotted keys", test_parameters_accept_nested_and_dotted_keys},
        {"--set takes model paths with or without 'parameters.'",
         test_set_takes_model_paths_with_or_without_the_parameters_prefix},
        {"--set parses a list value", test_set_parses_a_list_value},
        {"--set model= names a model file taken as given", test_set_model_names_a_model_file_taken_as_given},
        {"model path is relative to the scenario folder, not the working directory",
         test_model_path_is_relative_to_the_scenario_folder_not_the_working_directory},
        {"overrides are checked against bounds, not the plausible range",
         test_overrides_are_checked_against_bounds_not_the_plausible_range},
        {"resolved YAML lists every value once", test_resolved_yaml_lists_every_value_once},
        {"resolved YAML reloads to the same values", test_resolved_yaml_reloads_to_the_same_values},
        {"resolved YAML keeps every digit of a real", test_resolved_yaml_keeps_every_digit_of_a_real},
        {"resolved YAML says a value came from --set", test_resolved_yaml_says_a_value_came_from_set},
        {"model path declared twice is a config error", test_model_path_declared_twice_is_a_config_error},
        {"model parameter named like a scenario setting is a config error",
         test_model_parameter_named_like_a_scenario_setting_is_a_config_error},
        {NULL, NULL},
    };
    int rc;
    {        /* this file's cases, then those of test_scenario_errors.c, _surveys.c and _trial.c */
        enum { MAX_CASES = 128 };
        cs_test_case all[MAX_CASES + 1];
        size_t n = 0;
        for (const cs_test_case *c = cases; c->name && n < MAX_CASES; c++) all[n++] = *c;
        for (const cs_test_case *c = scenario_error_cases; c->name && n < MAX_CASES; c++) all[n++] = *c;
        for (const cs_test_case *c = scenario_survey_cases; c->name && n < MAX_CASES; c++) all[n++] = *c;
        for (const cs_test_case *c = scenario_trial_cases; c->name && n < MAX_CASES; c++) all[n++] = *c;
        all[n] = (cs_test_case){NULL, NULL};
        rc = cs_test_run("scenario", all);
    }
    MPI_Finalize();
    return rc;
}
