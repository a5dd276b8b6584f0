/* test_scenario_errors.c -- every way cs_scenario_load refuses a scenario,
 * a model file or a --set, each with its exact message, position and status
 * (run by test_scenario.c's main). */
#include <stdio.h>
#include <stdlib.h>

#include "cs_status.h"
#include "scenario_support.h"

/* ---- errors in the scenario file ---------------------------------------- */

static void test_unknown_scenario_key_suggests_the_nearest(void)
{
    pathbuf s = scenario("e_key.yaml", "model: ../m/toy.yaml\n"
                                       "sed: 3\n"
                                       "horizon:\n"
                                       "  night: 10\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:2:1: sed: unknown key (did you mean 'seed'?)\n"
                    "%s:4:3: horizon.night: unknown key (did you mean 'horizon.nights'?)\n",
                    s.s, s.s));
    s = scenario("e_key2.yaml", "model: ../m/toy.yaml\n"
                                "paramters: {growth.rate: 0.5}\n"
                                "zzz: 1\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:2:1: paramters: unknown key (did you mean 'parameters'?)\n"
                    "%s:3:1: zzz: unknown key\n",
                    s.s, s.s));
}

static void test_model_parameter_at_the_top_level_is_pointed_to_parameters(void)
{
    pathbuf s = scenario("e_top.yaml", "model: ../m/toy.yaml\ngrowth.rate: 0.5\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:2:1: growth.rate: unknown key (model parameters go under 'parameters:')\n", s.s));
}

static void test_unknown_model_parameter_suggests_the_nearest(void)
{
    pathbuf s = scenario("e_param.yaml", "model: ../m/toy.yaml\n"
                                         "parameters:\n"
                                         "  growth:\n"
                                         "    rat: 0.5\n"
                                         "  growth.cuont: 2\n"
                                         "  nothing_like_it: 1\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:4:5: parameters.growth.rat: unknown model parameter (did you mean "
                    "'parameters.growth.rate'?)\n"
                    "%s:5:3: parameters.growth.cuont: unknown model parameter (did you mean "
                    "'parameters.growth.count'?)\n"
                    "%s:6:3: parameters.nothing_like_it: unknown model parameter\n",
                    s.s, s.s, s.s));
    /* scenario settings are not model parameters */
    s = scenario("e_param2.yaml", "model: ../m/toy.yaml\nparameters:\n  seed: 3\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG, fmt("%s:3:3: parameters.seed: unknown model parameter\n", s.s));
}

static void test_wrong_type_is_reported_at_the_value(void)
{
    pathbuf s = scenario("e_type.yaml", "model: ../m/toy.yaml\n"      /* 1 */
                                        "seed: abc\n"                 /* 2 */
                                        "population:\n"               /* 3 */
                                        "  size: 1.5\n"               /* 4 */
                                        "output:\n"                   /* 5 */
                                        "  series: [daily]\n"         /* 6 */
                                        "  agents: maybe\n"           /* 7 */
                                        "parameters:\n"               /* 8 */
                                        "  growth:\n"                 /* 9 */
                                        "    rate: \"0.5\"\n"         /* 10 */
                                        "    count: {a: 1}\n"         /* 11 */
                                        "  weights: [1, x]\n"         /* 12 */
                                        "  mode: [a]\n"               /* 13 */
                                        "  enabled: 2\n");            /* 14 */
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:2:7: seed: expected an integer, got 'abc'\n"
                    "%s:4:9: population.size: expected an integer, got '1.5'\n"
                    "%s:6:11: output.series: expected one of daily|weekly|yearly|total, got a sequence\n"
                    "%s:7:11: output.agents: expected a boolean, got 'maybe'\n"
                    "%s:10:11: parameters.growth.rate: expected a number, got '0.5'\n"
                    "%s:11:12: parameters.growth.count: expected an integer, got a mapping\n"
                    "%s:12:16: parameters.weights: expected element 1 to be a number, got 'x'\n"
                    "%s:13:9: parameters.mode: expected a string, got a sequence\n"
                    "%s:14:12: parameters.enabled: expected a boolean, got '2'\n",
                    s.s, s.s, s.s, s.s, s.s, s.s, s.s, s.s, s.s));
    s = scenario("e_type2.yaml", "model: ../m/toy.yaml\nparameters:\n  weights: 3\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:3:12: parameters.weights: expected a list of numbers like [1, 2.5], got '3'\n", s.s));
}

static void test_out_of_bounds_is_reported_with_the_bounds(void)
{
    pathbuf s = scenario("e_bounds.yaml", "model: ../m/toy.yaml\n"      /* 1 */
                                          "population: {size: 0}\n"     /* 2 */
                                          "horizon:\n"                  /* 3 */
                                          "  start_day_of_year: 366\n"  /* 4 */
                                          "output: {series: monthly}\n" /* 5 */
                                          "replicates: 0\n"             /* 6 */
                                          "seed: 2.5e3\n"               /* 7: in bounds */
                                          "parameters:\n"               /* 8 */
                                          "  growth.rate: 1.5\n"        /* 9 */
                                          "  growth.count: 11\n"        /* 10 */
                                          "  weights: [1, 200]\n");     /* 11 */
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:2:20: population.size: expected an integer in [1, 100000000000], got 0\n"
                    "%s:4:22: horizon.start_day_of_year: expected an integer in [1, 365], got 366\n"
                    "%s:5:18: output.series: expected one of daily|weekly|yearly|total, got 'monthly'\n"
                    "%s:6:13: replicates: expected an integer in [1, 100000], got 0\n"
                    "%s:9:16: parameters.growth.rate: expected a number in [0, 1], got 1.5\n"
                    "%s:10:17: parameters.growth.count: expected an integer in [0, 10], got 11\n"
                    "%s:11:12: parameters.weights: expected element 1 to be a number in [0, 100], got 200\n",
                    s.s, s.s, s.s, s.s, s.s, s.s, s.s));
}

static void test_every_problem_is_reported_and_the_first_status_returned(void)
{
    pathbuf s = scenario("e_many.yaml", "model: ../m/toy.yaml\nsed: 1\nparameters: {growth.rate: 2}\n");
    cs_scenario *sc = NULL;
    char *msgs;
    int errors = 0;
    CU_ASSERT_EQUAL(load(s.s, NULL, 0, &msgs, &errors, &sc), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(errors, 2);
    CU_ASSERT_PTR_NULL(sc);
    free(msgs);
}

static void test_missing_model_key_names_the_scenario(void)
{
    pathbuf s = scenario("e_nomodel.yaml", "seed: 1\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:1:1: model: missing: name the model file, e.g. model: ../models/NAME/model.yaml\n",
                    s.s));
    s = scenario("e_emptymodel.yaml", "seed: 1\nmodel: \"\"\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:1:1: model: missing: name the model file, e.g. model: ../models/NAME/model.yaml\n",
                    s.s));
}

static void test_unreadable_model_file_is_a_config_error_at_the_model_key(void)
{
    pathbuf s = scenario("e_nofile.yaml", "seed: 1\nmodel: ../m/nope.yaml\n");
    pathbuf want = tmp_path("scen/../m/nope.yaml");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s: cannot read: No such file or directory\n"
                    "%s:2:8: model: cannot read model file '%s'\n",
                    want.s, s.s, want.s));
    /* from --set the message names --set */
    const char *sets[] = {"model=/nonexistent/m.yaml"};
    expect_fail(s.s, sets, 1, CS_ERR_CONFIG,
                "/nonexistent/m.yaml: cannot read: No such file or directory\n"
                "--set: model: cannot read model file '/nonexistent/m.yaml'\n");
}

/* A scenario that cannot be read is bad input like a wrong one (exit code 2),
 * not CS_ERR_IO. */
static void test_unreadable_scenario_file_is_a_config_error(void)
{
    pathbuf s = tmp_path("scen/does_not_exist.yaml");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG, fmt("%s: cannot read: No such file or directory\n", s.s));
}

static void test_scenario_that_is_not_a_mapping_is_rejected(void)
{
    pathbuf s = scenario("e_seq.yaml", "- model\n- seed\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:1:1: a scenario file must be a mapping (model:, seed:, population:, horizon:, ...)\n", s.s));
    s = scenario("e_empty.yaml", "# nothing here\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:1:1: a scenario file must be a mapping (model:, seed:, population:, horizon:, ...); this "
                    "one is empty\n",
                    s.s));
}

/* ---- errors in the model file -------------------------------------------- */

/* A model file with one parameter g.x whose leaf lines (each indented six
 * spaces) start at line 7; returns the path a scenario in scen/ resolves. */
static pathbuf bad_model(const char *name, const char *leaf)
{
    char text[4096], rel[256];
    snprintf(text, sizeof text,
             "model: toy\n"           /* 1 */
             "sources:\n"             /* 2 */
             "  S1: a source\n"       /* 3 */
             "parameters:\n"          /* 4 */
             "  g:\n"                 /* 5 */
             "    x:\n"               /* 6 */
             "%s",                    /* 7.. */
             leaf);
    snprintf(rel, sizeof rel, "m/%s", name);
    put(rel, text);
    snprintf(rel, sizeof rel, "scen/../m/%s", name);
    return tmp_path(rel);
}

/* Loads a scenario naming model file `name` and expects `want` (one
 * message, format with %s for the model path). */
static void expect_model_error(const char *name, const char *leaf, const char *want_fmt)
{
    pathbuf m = bad_model(name, leaf);
    char text[512];
    snprintf(text, sizeof text, "model: ../m/%s\n", name);
    pathbuf s = scenario("uses_bad_model.yaml", text);
    char want[4096];
    snprintf(want, sizeof want, want_fmt, m.s);
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG, want);
}

#define LEAF_OK_TAIL "      unit: u\n      source: S1\n      help: h\n"

static void test_model_leaf_needs_unit_source_and_help(void)
{
    expect_model_error("no_unit.yaml", "      value: 0.5\n      range: [0, 1]\n      source: S1\n      help: h\n",
                       "%s:7:7: g.x: every model parameter needs a non-empty 'unit'\n");
    expect_model_error("empty_unit.yaml", "      value: 0.5\n      range: [0, 1]\n      unit: \"\"\n"
                                          "      source: S1\n      help: h\n",
                       "%s:9:13: g.x: every model parameter needs a non-empty 'unit'\n");
    expect_model_error("no_source.yaml", "      value: 0.5\n      range: [0, 1]\n      unit: u\n      help: h\n",
                       "%s:7:7: g.x: every model parameter needs a non-empty 'source'\n");
    expect_model_error("no_help.yaml", "      value: 0.5\n      range: [0, 1]\n      unit: u\n      source: S1\n",
                       "%s:7:7: g.x: every model parameter needs a non-empty 'help'\n");
}

static void test_model_real_leaf_needs_a_range(void)
{
    expect_model_error("no_range.yaml", "      value: 0.5\n" LEAF_OK_TAIL,
                       "%s:6:5: g.x: every real-valued model parameter needs a 'range: [lo, hi]'\n");
}

static void test_model_leaf_with_an_unknown_field_suggests_the_nearest(void)
{
    expect_model_error("unknown_field.yaml",
                       "      value: 0.5\n      range: [0, 1]\n      unti: u\n      source: S1\n      help: h\n",
                       "%s:9:7: g.x: unknown field 'unti' (did you mean 'unit'?)\n");
}

static void test_model_source_must_be_listed(void)
{
    expect_model_error("bad_source.yaml",
                       "      value: 0.5\n      range: [0, 1]\n      unit: u\n      source: S9\n      help: h\n",
                       "%s:10:15: g.x: source 'S9' is not listed under 'sources'\n");
}

static void test_model_value_must_lie_in_its_range(void)
{
    expect_model_error("out_of_range.yaml", "      value: 0.95\n      range: [0.1, 0.9]\n" LEAF_OK_TAIL,
                       "%s:7:14: g.x: value 0.95 lies outside its range [0.1, 0.9]\n");
}

static void test_model_range_must_lie_in_the_bounds(void)
{
    expect_model_error("range_bounds.yaml",
                       "      value: 0.5\n      bounds: [0, 1]\n      range: [0.1, 1.5]\n" LEAF_OK_TAIL,
                       "%s:9:14: g.x: range [0.1, 1.5] reaches outside bounds [0, 1]\n");
    expect_model_error("value_bounds.yaml",
                       "      value: 2\n      bounds: [0, 1]\n      range: [0, 1]\n" LEAF_OK_TAIL,
                       "%s:7:14: g.x: expected a number in [0, 1], got 2\n");
}

static void test_model_bounds_range_type_and_dist_must_be_well_formed(void)
{
    expect_model_error("bad_bounds.yaml", "      value: 0.5\n      bounds: [1, 0]\n      range: [0, 1]\n" LEAF_OK_TAIL,
                       "%s:8:15: g.x: bounds: expected [lo, hi] with lo <= hi\n");
    expect_model_error("bad_range.yaml", "      value: 0.5\n      range: [0, 1, 2]\n" LEAF_OK_TAIL,
                       "%s:8:14: g.x: range: expected [lo, hi] with lo <= hi\n");
    expect_model_error("bad_type.yaml", "      value: 0.5\n      type: float\n" LEAF_OK_TAIL,
                       "%s:8:13: g.x: type: expected one of real|integer|bool|string|real_list, got 'float'\n");
    expect_model_error("bad_dist.yaml", "      value: 0.5\n      range: [0, 1]\n      dist: normal\n" LEAF_OK_TAIL,
                       "%s:9:13: g.x: dist: expected one of uniform|loguniform|triangular, got 'normal'\n");
    expect_model_error("bad_loguniform.yaml",
                       "      value: 0.5\n      range: [0, 1]\n      dist: loguniform\n" LEAF_OK_TAIL,
                       "%s:8:14: g.x: a loguniform range must be positive\n");
}

static void test_model_group_without_value_is_rejected(void)
{
    expect_model_error("bare.yaml", "      7\n",
                       "%s:6:5: g.x: expected a group of parameters or a parameter with 'value:', got a bare value\n");
}

static void test_model_file_top_level_is_checked(void)
{
    put("m/top.yaml", "model: toy\nsources: {S1: a}\nparamters: {}\n");
    pathbuf m = tmp_path("scen/../m/top.yaml");
    pathbuf s = scenario("uses_top.yaml", "model: ../m/top.yaml\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG, fmt("%s:3:1: paramters: unknown key (did you mean 'parameters'?)\n", m.s));
    put("m/nosources.yaml", "model: toy\nparameters: {}\n");
    m = tmp_path("scen/../m/nosources.yaml");
    s = scenario("uses_nosources.yaml", "model: ../m/nosources.yaml\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG,
                fmt("%s:1:1: sources: expected a mapping of source IDs to citations\n", m.s));
}

static void test_unknown_model_name_is_rejected_at_the_model_key(void)
{
    put("m/other.yaml", "sources: {S1: a}\nmodel: nosuch\nparameters: {}\n");
    pathbuf m = tmp_path("scen/../m/other.yaml");
    pathbuf s = scenario("uses_other.yaml", "model: ../m/other.yaml\n");
    expect_fail(s.s, NULL, 0, CS_ERR_CONFIG, fmt("%s:2:8: model: no built-in model called 'nosuch'; built in: toy\n", m.s));
}

/* ---- errors on the command line ------------------------------------------ */

static void test_set_without_equals_is_a_usage_error(void)
{
    pathbuf s = scenario("plain.yaml", "model: ../m/toy.yaml\n");
    const char *a[] = {"seed"};
    expect_fail(s.s, a, 1, CS_ERR_USAGE,
                "crampsim: error: --set seed: expected KEY=VALUE, e.g. --set population.size=1e6\n");
    const char *b[] = {"=5"};
    expect_fail(s.s, b, 1, CS_ERR_USAGE,
                "crampsim: error: --set =5: expected KEY=VALUE, e.g. --set population.size=1e6\n");
}

static void test_set_of_an_unknown_path_suggests_the_nearest(void)
{
    pathbuf s = scenario("plain.yaml", "model: ../m/toy.yaml\n");
    const char *a[] = {"sed=3"};
    expect_fail(s.s, a, 1, CS_ERR_CONFIG, "--set: sed: unknown parameter (did you mean 'seed'?)\n");
    const char *b[] = {"parameters.growth.rat=3"};
    expect_fail(s.s, b, 1, CS_ERR_CONFIG,
                "--set: parameters.growth.rat: unknown parameter (did you mean 'growth.rate'?)\n");
    /* `parameters.` only reaches model parameters */
    const char *c[] = {"parameters.seed=3"};
    expect_fail(s.s, c, 1, CS_ERR_CONFIG, "--set: parameters.seed: unknown parameter (did you mean 'seed'?)\n");
    const char *d[] = {"qqqq=1"};
    expect_fail(s.s, d, 1, CS_ERR_CONFIG, "--set: qqqq: unknown parameter\n");
}

static void test_set_value_is_checked_like_a_file_value(void)
{
    pathbuf s = scenario("plain.yaml", "model: ../m/toy.yaml\n");
    const char *a[] = {"seed=abc"};
    expect_fail(s.s, a, 1, CS_ERR_CONFIG, "--set: seed: expected an integer, got 'abc'\n");
    const char *b[] = {"growth.rate=1.5"};
    expect_fail(s.s, b, 1, CS_ERR_CONFIG, "--set: growth.rate: expected a number in [0, 1], got 1.5\n");
    const char *c[] = {"weights=[1,2,300]"};
    expect_fail(s.s, c, 1, CS_ERR_CONFIG,
                "--set: weights: expected element 2 to be a number in [0, 100], got 300\n");
    const char *d[] = {"seed="};
    expect_fail(s.s, d, 1, CS_ERR_CONFIG, "--set: seed: missing value after '='\n");
    /* the first failing --set stops the rest */
    const char *e[] = {"seed=x", "sed=1"};
    expect_fail(s.s, e, 2, CS_ERR_CONFIG, "--set: seed: expected an integer, got 'x'\n");
}

const cs_test_case scenario_error_cases[] = {
    {"unknown scenario key suggests the nearest", test_unknown_scenario_key_suggests_the_nearest},
    {"model parameter at the top level is pointed to parameters:",
     test_model_parameter_at_the_top_level_is_pointed_to_parameters},
    {"unknown model parameter suggests the nearest", test_unknown_model_parameter_suggests_the_nearest},
    {"wrong type is reported at the value", test_wrong_type_is_reported_at_the_value},
    {"out of bounds is reported with the bounds", test_out_of_bounds_is_reported_with_the_bounds},
    {"every problem is reported, the first status returned",
     test_every_problem_is_reported_and_the_first_status_returned},
    {"missing model key names the scenario", test_missing_model_key_names_the_scenario},
    {"unreadable model file is a config error at the model key",
     test_unreadable_model_file_is_a_config_error_at_the_model_key},
    {"unreadable scenario file is a config error", test_unreadable_scenario_file_is_a_config_error},
    {"scenario that is not a mapping is rejected", test_scenario_that_is_not_a_mapping_is_rejected},
    {"model leaf needs unit, source and help", test_model_leaf_needs_unit_source_and_help},
    {"model real leaf needs a range", test_model_real_leaf_needs_a_range},
    {"model leaf with an unknown field suggests the nearest",
     test_model_leaf_with_an_unknown_field_suggests_the_nearest},
    {"model source must be listed", test_model_source_must_be_listed},
    {"model value must lie in its range", test_model_value_must_lie_in_its_range},
    {"model range and value must lie in the bounds", test_model_range_must_lie_in_the_bounds},
    {"model bounds, range, type and dist must be well formed",
     test_model_bounds_range_type_and_dist_must_be_well_formed},
    {"model group without value is rejected", test_model_group_without_value_is_rejected},
    {"model file top level is checked", test_model_file_top_level_is_checked},
    {"unknown model name is rejected at the model key", test_unknown_model_name_is_rejected_at_the_model_key},
    {"--set without '=' is a usage error", test_set_without_equals_is_a_usage_error},
    {"--set of an unknown path suggests the nearest", test_set_of_an_unknown_path_suggests_the_nearest},
    {"--set value is checked like a file value", test_set_value_is_checked_like_a_file_value},
    {NULL, NULL},
};
