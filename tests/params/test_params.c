/* test_params.c -- cs_params, the one parameter schema: rows added and
 * found, typed setters with inclusive bounds, choices and list lengths (each
 * rejection with its exact message), getters that mark rows used,
 * cs_params_check_used naming the declaration of an unread model row,
 * formatting of every type, and did-you-mean over the table. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_params.h"
#include "cs_status.h"
#include "cs_test.h"

/* ---- helpers ---------------------------------------------------------- */

/* Messages written through a cs_msg into memory. */
typedef struct capture {
    char *text;
    size_t size;
    FILE *stream;
    cs_msg msg;
} capture;

static void cap_open(capture *c)
{
    c->text = NULL;
    c->size = 0;
    c->stream = open_memstream(&c->text, &c->size);
    c->msg = (cs_msg){.stream = c->stream};
}

/* Closes the stream and compares what was written with `want`; frees it. */
static void cap_expect(capture *c, const char *want)
{
    fclose(c->stream);
    CU_ASSERT_STRING_EQUAL(c->text, want);
    if (strcmp(c->text, want) != 0) fprintf(stderr, "\n  got:  [%s]\n  want: [%s]\n", c->text, want);
    free(c->text);
    c->text = NULL;
}

static const cs_param_origin at_file = {"f.yaml", 3, 7};
static const cs_param_origin at_cli = {"--set", 0, 0};

/* A table with one row of each type, declared at model.yaml lines 10..14. */
static cs_params *make_table(void)
{
    cs_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_params_create(&p), CS_OK);
    static const double w[] = {1, 2};
    const cs_param rows[] = {
        {.path = "a.rate", .kind = CS_PARAM_MODEL, .type = CS_PARAM_REAL, .lo = 0, .hi = 1, .real = 0.5,
         .unit = "1/night", .help = "a rate", .source = "S1", .range_lo = 0.1, .range_hi = 0.9,
         .dist = CS_DIST_UNIFORM, .decl = {"model.yaml", 10, 5}},
        {.path = "a.count", .kind = CS_PARAM_MODEL, .type = CS_PARAM_INT, .lo = 1, .hi = 100, .integer = 3,
         .range_lo = NAN, .range_hi = NAN, .decl = {"model.yaml", 11, 5}},
        {.path = "b.flag", .kind = CS_PARAM_MODEL, .type = CS_PARAM_BOOL, .lo = 0, .hi = 1,
         .range_lo = NAN, .range_hi = NAN, .decl = {"model.yaml", 12, 5}},
        {.path = "b.mode", .kind = CS_PARAM_MODEL, .type = CS_PARAM_STRING, .choices = "daily|weekly",
         .string = "weekly", .range_lo = NAN, .range_hi = NAN, .decl = {"model.yaml", 13, 5}},
        {.path = "b.weights", .kind = CS_PARAM_MODEL, .type = CS_PARAM_REAL_LIST, .lo = 0, .hi = 10,
         .list_min = 2, .list_max = 3, .list = w, .list_len = 2, .range_lo = NAN, .range_hi = NAN,
         .decl = {"model.yaml", 14, 5}},
        {.path = "seed", .kind = CS_PARAM_SCENARIO, .type = CS_PARAM_INT, .lo = 0, .hi = 1e9, .integer = 1,
         .range_lo = NAN, .range_hi = NAN},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) CU_ASSERT_EQUAL(cs_params_add(p, &rows[k]), CS_OK);
    return p;
}

/* ---- the table -------------------------------------------------------- */

static void test_add_copies_the_row_and_find_returns_it(void)
{
    cs_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_params_create(&p), CS_OK);
    CU_ASSERT_EQUAL(cs_params_count(p), 0);
    char path[] = "group.x", unit[] = "s", help[] = "help text", source[] = "SRC", choices[] = "a|b", str[] = "a";
    double list[] = {1.5, 2.5};
    cs_param row = {.path = path, .kind = CS_PARAM_MODEL, .type = CS_PARAM_STRING, .unit = unit, .help = help,
                    .source = source, .choices = choices, .string = str, .list = list, .list_len = 2};
    CU_ASSERT_EQUAL(cs_params_add(p, &row), CS_OK);
    /* the caller's buffers may change afterwards: the table holds copies */
    strcpy(path, "XXXXXXX");
    strcpy(unit, "X");
    strcpy(help, "XXXXXXXXX");
    strcpy(source, "XXX");
    strcpy(choices, "X|X");
    strcpy(str, "X");
    list[0] = -1;
    CU_ASSERT_EQUAL(cs_params_count(p), 1);
    cs_param *r = cs_params_find(p, "group.x");
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    CU_ASSERT_PTR_EQUAL(r, cs_params_at(p, 0));
    CU_ASSERT_STRING_EQUAL(r->path, "group.x");
    CU_ASSERT_STRING_EQUAL(r->unit, "s");
    CU_ASSERT_STRING_EQUAL(r->help, "help text");
    CU_ASSERT_STRING_EQUAL(r->source, "SRC");
    CU_ASSERT_STRING_EQUAL(r->choices, "a|b");
    CU_ASSERT_STRING_EQUAL(r->string, "a");
    CU_ASSERT_EQUAL(r->list[0], 1.5);
    CU_ASSERT_EQUAL(r->list[1], 2.5);
    CU_ASSERT_PTR_NULL(cs_params_at(p, 1));
    /* exact path only: no prefix, suffix or case-insensitive match */
    CU_ASSERT_PTR_NULL(cs_params_find(p, "group"));
    CU_ASSERT_PTR_NULL(cs_params_find(p, "group.x.y"));
    CU_ASSERT_PTR_NULL(cs_params_find(p, "Group.x"));
    CU_ASSERT_PTR_NULL(cs_params_intern(p, NULL));
    cs_params_destroy(&p);
    CU_ASSERT_PTR_NULL(p);
    cs_params_destroy(&p); /* NULL is accepted */
    cs_params_destroy(NULL);
}

static void test_add_rejects_a_duplicate_path(void)
{
    cs_params *p = make_table();
    size_t n = cs_params_count(p);
    cs_param dup = {.path = "a.rate", .kind = CS_PARAM_MODEL, .type = CS_PARAM_INT, .integer = 9};
    CU_ASSERT_EQUAL(cs_params_add(p, &dup), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_params_count(p), n);
    /* the first row is untouched */
    const cs_param *r = cs_params_find(p, "a.rate");
    CU_ASSERT_EQUAL(r->type, CS_PARAM_REAL);
    CU_ASSERT_EQUAL(r->real, 0.5);
    cs_params_destroy(&p);
}

static void test_many_rows_keep_their_values_as_the_table_grows(void)
{
    cs_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_params_create(&p), CS_OK);
    for (int k = 0; k < 300; k++) {
        char path[32];
        snprintf(path, sizeof path, "g%d.p%d", k % 7, k);
        cs_param row = {.path = path, .kind = CS_PARAM_MODEL, .type = CS_PARAM_INT, .integer = k};
        CU_ASSERT_EQUAL(cs_params_add(p, &row), CS_OK);
    }
    CU_ASSERT_EQUAL(cs_params_count(p), 300);
    for (int k = 0; k < 300; k++) {
        char path[32];
        snprintf(path, sizeof path, "g%d.p%d", k % 7, k);
        const cs_param *r = cs_params_find(p, path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(r);
        CU_ASSERT_EQUAL(r->integer, k);
        CU_ASSERT_PTR_EQUAL(r, cs_params_at(p, (size_t)k)); /* declaration order */
    }
    cs_params_destroy(&p);
}

/* ---- setters ---------------------------------------------------------- */

static void test_real_bounds_are_inclusive_and_outside_is_rejected_with_position(void)
{
    cs_params *p = make_table();
    cs_param *r = cs_params_find(p, "a.rate");
    capture c;
    cap_open(&c);
    CU_ASSERT_EQUAL(cs_params_set_real(p, r, 0.0, at_file, "parameters.a.rate", &c.msg), CS_OK);
    CU_ASSERT_EQUAL(r->real, 0.0);
    CU_ASSERT_EQUAL(cs_params_set_real(p, r, 1.0, at_file, "parameters.a.rate", &c.msg), CS_OK);
    CU_ASSERT_EQUAL(r->real, 1.0);
    CU_ASSERT_STRING_EQUAL(r->origin.file, "f.yaml");
    CU_ASSERT_EQUAL(r->origin.line, 3);
    CU_ASSERT_EQUAL(r->origin.col, 7);
    CU_ASSERT_EQUAL(c.msg.errors, 0);
    cap_expect(&c, "");

    cap_open(&c);
    CU_ASSERT_EQUAL(cs_params_set_real(p, r, 1.5, at_cli, "a.rate", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_real(p, r, -0.25, at_file, "parameters.a.rate", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_real(p, r, nextafter(1.0, 2.0), at_file, "k", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_real(p, r, NAN, at_file, "k", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(c.msg.errors, 4);
    cap_expect(&c, "--set: a.rate: expected a number in [0, 1], got 1.5\n"
                   "f.yaml:3:7: parameters.a.rate: expected a number in [0, 1], got -0.25\n"
                   "f.yaml:3:7: k: expected a number in [0, 1], got 1.0000000000000002\n"
                   "f.yaml:3:7: k: expected a number in [0, 1], got nan\n");
    /* a rejected value leaves value and origin as they were */
    CU_ASSERT_EQUAL(r->real, 1.0);
    CU_ASSERT_STRING_EQUAL(r->origin.file, "f.yaml");
    cs_params_destroy(&p);
}

static void test_half_open_bounds_are_worded_as_inequalities(void)
{
    cs_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_params_create(&p), CS_OK);
    cs_param lo_only = {.path = "x", .type = CS_PARAM_REAL, .lo = 0, .hi = INFINITY};
    cs_param hi_only = {.path = "y", .type = CS_PARAM_REAL, .lo = -INFINITY, .hi = 10};
    CU_ASSERT_EQUAL(cs_params_add(p, &lo_only), CS_OK);
    CU_ASSERT_EQUAL(cs_params_add(p, &hi_only), CS_OK);
    capture c;
    cap_open(&c);
    CU_ASSERT_EQUAL(cs_params_set_real(p, cs_params_find(p, "x"), 1e300, at_file, "x", &c.msg), CS_OK);
    CU_ASSERT_EQUAL(cs_params_set_real(p, cs_params_find(p, "x"), INFINITY, at_file, "x", &c.msg), CS_OK);
    CU_ASSERT_EQUAL(cs_params_set_real(p, cs_params_find(p, "x"), -1, at_file, "x", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_real(p, cs_params_find(p, "y"), -INFINITY, at_file, "y", &c.msg), CS_OK);
    CU_ASSERT_EQUAL(cs_params_set_real(p, cs_params_find(p, "y"), 10.5, at_file, "y", &c.msg), CS_ERR_CONFIG);
    cap_expect(&c, "f.yaml:3:7: x: expected a number >= 0, got -1\n"
                   "f.yaml:3:7: y: expected a number <= 10, got 10.5\n");
    cs_params_destroy(&p);
}

static void test_int_bounds_are_inclusive_and_outside_is_rejected(void)
{
    cs_params *p = make_table();
    cs_param *r = cs_params_find(p, "a.count");
    capture c;
    cap_open(&c);
    CU_ASSERT_EQUAL(cs_params_set_int(p, r, 1, at_file, "a.count", &c.msg), CS_OK);
    CU_ASSERT_EQUAL(r->integer, 1);
    CU_ASSERT_EQUAL(cs_params_set_int(p, r, 100, at_file, "a.count", &c.msg), CS_OK);
    CU_ASSERT_EQUAL(r->integer, 100);
    CU_ASSERT_EQUAL(cs_params_set_int(p, r, 0, at_file, "a.count", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_int(p, r, 101, at_cli, "a.count", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_int(p, r, INT64_MIN, at_cli, "a.count", &c.msg), CS_ERR_CONFIG);
    cap_expect(&c, "f.yaml:3:7: a.count: expected an integer in [1, 100], got 0\n"
                   "--set: a.count: expected an integer in [1, 100], got 101\n"
                   "--set: a.count: expected an integer in [1, 100], got -9223372036854775808\n");
    CU_ASSERT_EQUAL(r->integer, 100);
    cs_params_destroy(&p);
}

static void test_setter_of_the_wrong_type_is_an_internal_error_without_message(void)
{
    cs_params *p = make_table();
    capture c;
    cap_open(&c);
    CU_ASSERT_EQUAL(cs_params_set_int(p, cs_params_find(p, "a.rate"), 1, at_file, "k", &c.msg), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_params_set_real(p, cs_params_find(p, "a.count"), 1, at_file, "k", &c.msg), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_params_set_bool(p, cs_params_find(p, "a.count"), 1, at_file, "k", &c.msg), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_params_set_string(p, cs_params_find(p, "a.rate"), "x", at_file, "k", &c.msg),
                    CS_ERR_INTERNAL);
    double v[2] = {1, 2};
    CU_ASSERT_EQUAL(cs_params_set_list(p, cs_params_find(p, "a.rate"), v, 2, at_file, "k", &c.msg), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(c.msg.errors, 0);
    cap_expect(&c, "");
    CU_ASSERT_EQUAL(cs_params_find(p, "a.rate")->real, 0.5);
    CU_ASSERT_EQUAL(cs_params_find(p, "a.count")->integer, 3);
    cs_params_destroy(&p);
}

static void test_bool_stores_zero_or_one(void)
{
    cs_params *p = make_table();
    cs_param *r = cs_params_find(p, "b.flag");
    CU_ASSERT_EQUAL(cs_params_set_bool(p, r, 7, at_file, "b.flag", NULL), CS_OK);
    CU_ASSERT_EQUAL(r->integer, 1);
    CU_ASSERT_EQUAL(r->origin.line, 3);
    CU_ASSERT_EQUAL(cs_params_set_bool(p, r, 0, at_cli, "b.flag", NULL), CS_OK);
    CU_ASSERT_EQUAL(r->integer, 0);
    CU_ASSERT_STRING_EQUAL(r->origin.file, "--set");
    cs_params_destroy(&p);
}

static void test_string_must_be_one_of_the_choices_exactly(void)
{
    cs_params *p = make_table();
    cs_param *r = cs_params_find(p, "b.mode");
    capture c;
    cap_open(&c);
    char buf[16] = "daily";
    CU_ASSERT_EQUAL(cs_params_set_string(p, r, buf, at_file, "b.mode", &c.msg), CS_OK);
    strcpy(buf, "XXXXX"); /* the table keeps its own copy */
    CU_ASSERT_STRING_EQUAL(r->string, "daily");
    CU_ASSERT_EQUAL(cs_params_set_string(p, r, "weekly", at_file, "b.mode", &c.msg), CS_OK);
    CU_ASSERT_STRING_EQUAL(r->string, "weekly");
    cap_expect(&c, "");
    cap_open(&c);
    /* no prefixes, extensions, case variants, separators or empty text */
    const char *bad[] = {"monthly", "dail", "dailyx", "Daily", "daily|weekly", "", "weekly|"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++)
        CU_ASSERT_EQUAL(cs_params_set_string(p, r, bad[k], at_file, "b.mode", &c.msg), CS_ERR_CONFIG);
    cap_expect(&c, "f.yaml:3:7: b.mode: expected one of daily|weekly, got 'monthly'\n"
                   "f.yaml:3:7: b.mode: expected one of daily|weekly, got 'dail'\n"
                   "f.yaml:3:7: b.mode: expected one of daily|weekly, got 'dailyx'\n"
                   "f.yaml:3:7: b.mode: expected one of daily|weekly, got 'Daily'\n"
                   "f.yaml:3:7: b.mode: expected one of daily|weekly, got 'daily|weekly'\n"
                   "f.yaml:3:7: b.mode: expected one of daily|weekly, got ''\n"
                   "f.yaml:3:7: b.mode: expected one of daily|weekly, got 'weekly|'\n");
    CU_ASSERT_STRING_EQUAL(r->string, "weekly");
    /* without choices any text is accepted */
    cs_param free_text = {.path = "t", .type = CS_PARAM_STRING};
    CU_ASSERT_EQUAL(cs_params_add(p, &free_text), CS_OK);
    CU_ASSERT_EQUAL(cs_params_set_string(p, cs_params_find(p, "t"), "any text", at_file, "t", NULL), CS_OK);
    CU_ASSERT_STRING_EQUAL(cs_params_find(p, "t")->string, "any text");
    cs_params_destroy(&p);
}

static void test_list_length_and_element_bounds_are_checked(void)
{
    cs_params *p = make_table();
    cs_param *r = cs_params_find(p, "b.weights"); /* 2 to 3 elements in [0, 10] */
    capture c;
    cap_open(&c);
    double v[4] = {0, 10, 5, 1};
    CU_ASSERT_EQUAL(cs_params_set_list(p, r, v, 2, at_file, "w", &c.msg), CS_OK);
    CU_ASSERT_EQUAL(r->list_len, 2);
    CU_ASSERT_EQUAL(cs_params_set_list(p, r, v, 3, at_file, "w", &c.msg), CS_OK);
    v[0] = 99; /* copied, not borrowed */
    CU_ASSERT_EQUAL(r->list_len, 3);
    CU_ASSERT_EQUAL(r->list[0], 0);
    CU_ASSERT_EQUAL(r->list[1], 10);
    CU_ASSERT_EQUAL(r->list[2], 5);
    cap_expect(&c, "");

    cap_open(&c);
    double ok[4] = {1, 2, 3, 4}, bad_hi[3] = {1, 10.5, 2}, bad_lo[2] = {-1, 1}, bad_nan[2] = {1, NAN};
    CU_ASSERT_EQUAL(cs_params_set_list(p, r, ok, 1, at_file, "w", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_list(p, r, ok, 4, at_file, "w", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_list(p, r, ok, 0, at_file, "w", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_list(p, r, bad_hi, 3, at_file, "w", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_list(p, r, bad_lo, 2, at_cli, "w", &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_list(p, r, bad_nan, 2, at_cli, "w", &c.msg), CS_ERR_CONFIG);
    cap_expect(&c, "f.yaml:3:7: w: expected a list of 2 to 3 numbers, got 1\n"
                   "f.yaml:3:7: w: expected a list of 2 to 3 numbers, got 4\n"
                   "f.yaml:3:7: w: expected a list of 2 to 3 numbers, got 0\n"
                   "f.yaml:3:7: w: expected element 1 to be a number in [0, 10], got 10.5\n"
                   "--set: w: expected element 0 to be a number in [0, 10], got -1\n"
                   "--set: w: expected element 1 to be a number in [0, 10], got nan\n");
    CU_ASSERT_EQUAL(r->list_len, 3);
    CU_ASSERT_EQUAL(r->list[0], 0);

    /* a fixed length is worded as one number */
    cs_param fixed = {.path = "pair", .type = CS_PARAM_REAL_LIST, .lo = -INFINITY, .hi = INFINITY, .list_min = 2,
                      .list_max = 2};
    CU_ASSERT_EQUAL(cs_params_add(p, &fixed), CS_OK);
    cap_open(&c);
    CU_ASSERT_EQUAL(cs_params_set_list(p, cs_params_find(p, "pair"), ok, 3, at_file, "pair", &c.msg),
                    CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_set_list(p, cs_params_find(p, "pair"), ok, 2, at_file, "pair", &c.msg), CS_OK);
    cap_expect(&c, "f.yaml:3:7: pair: expected a list of 2 numbers, got 3\n");
    cs_params_destroy(&p);
}

/* ---- getters ---------------------------------------------------------- */

static void test_getters_return_values_and_mark_rows_used(void)
{
    cs_params *p = make_table();
    capture c;
    cap_open(&c);
    double real = 0;
    int64_t integer = 0;
    int flag = -1;
    const char *mode = NULL;
    const double *list = NULL;
    size_t len = 0;
    CU_ASSERT_EQUAL(cs_params_find(p, "a.rate")->used, 0);
    CU_ASSERT_EQUAL(cs_params_real(p, "a.rate", &c.msg, &real), CS_OK);
    CU_ASSERT_EQUAL(real, 0.5);
    CU_ASSERT_EQUAL(cs_params_find(p, "a.rate")->used, 1);
    CU_ASSERT_EQUAL(cs_params_int(p, "a.count", &c.msg, &integer), CS_OK);
    CU_ASSERT_EQUAL(integer, 3);
    CU_ASSERT_EQUAL(cs_params_bool(p, "b.flag", &c.msg, &flag), CS_OK);
    CU_ASSERT_EQUAL(flag, 0);
    CU_ASSERT_EQUAL(cs_params_string(p, "b.mode", &c.msg, &mode), CS_OK);
    CU_ASSERT_STRING_EQUAL(mode, "weekly");
    CU_ASSERT_EQUAL(cs_params_list(p, "b.weights", 0, &c.msg, &list, &len), CS_OK);
    CU_ASSERT_EQUAL(len, 2);
    CU_ASSERT_EQUAL(list[1], 2);
    list = NULL;
    CU_ASSERT_EQUAL(cs_params_list(p, "b.weights", 2, &c.msg, &list, NULL), CS_OK); /* len may be NULL */
    CU_ASSERT_PTR_NOT_NULL(list);
    for (size_t k = 0; k < cs_params_count(p); k++) {
        const cs_param *r = cs_params_at(p, k);
        if (r->kind == CS_PARAM_MODEL) CU_ASSERT_EQUAL(r->used, 1);
    }
    CU_ASSERT_EQUAL(c.msg.errors, 0);
    cap_expect(&c, "");
    cs_params_destroy(&p);
}

static void test_getter_of_the_wrong_type_names_the_declaration(void)
{
    cs_params *p = make_table();
    capture c;
    cap_open(&c);
    int64_t integer = 42;
    double real = 42;
    const double *list = NULL;
    CU_ASSERT_EQUAL(cs_params_int(p, "a.rate", &c.msg, &integer), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(integer, 42);
    CU_ASSERT_EQUAL(cs_params_real(p, "b.weights", &c.msg, &real), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(cs_params_list(p, "b.mode", 0, &c.msg, &list, NULL), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(c.msg.errors, 3);
    cap_expect(&c, "model.yaml:10:5: a.rate: the model code reads this parameter as an integer, but the model file "
                   "declares a number\n"
                   "model.yaml:14:5: b.weights: the model code reads this parameter as a number, but the model file "
                   "declares a list of numbers\n"
                   "model.yaml:13:5: b.mode: the model code reads this parameter as a list of numbers, but the model "
                   "file declares a string\n");
    /* a failed read does not count as a use */
    CU_ASSERT_EQUAL(cs_params_find(p, "a.rate")->used, 0);
    CU_ASSERT_EQUAL(cs_params_find(p, "b.weights")->used, 0);
    cs_params_destroy(&p);
}

static void test_getter_of_an_undeclared_path_is_an_error(void)
{
    cs_params *p = make_table();
    capture c;
    cap_open(&c);
    double v;
    CU_ASSERT_EQUAL(cs_params_real(p, "a.rat", &c.msg, &v), CS_ERR_CONFIG);
    cap_expect(&c, "model.yaml: a.rat: the model code reads this parameter, but the model file does not declare it\n");
    cs_params_destroy(&p);
}

static void test_list_getter_checks_a_fixed_length(void)
{
    cs_params *p = make_table();
    cs_param *r = cs_params_find(p, "b.weights");
    const double v[3] = {1, 2, 3};
    CU_ASSERT_EQUAL(cs_params_set_list(p, r, v, 3, at_file, "parameters.b.weights", NULL), CS_OK);
    capture c;
    cap_open(&c);
    const double *out = NULL;
    size_t len = 99;
    CU_ASSERT_EQUAL(cs_params_list(p, "b.weights", 2, &c.msg, &out, &len), CS_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(out);
    CU_ASSERT_EQUAL(len, 99);
    /* the message points at where the offending value was set */
    cap_expect(&c, "f.yaml:3:7: b.weights: expected a list of 2 numbers, got 3\n");
    cs_params_destroy(&p);
}

static void test_check_used_reports_each_unread_model_row_at_its_declaration(void)
{
    cs_params *p = make_table();
    double real;
    int64_t integer;
    int flag;
    CU_ASSERT_EQUAL(cs_params_real(p, "a.rate", NULL, &real), CS_OK);
    CU_ASSERT_EQUAL(cs_params_bool(p, "b.flag", NULL, &flag), CS_OK);
    /* scenario rows (seed) are not the model's business: never reported */
    capture c;
    cap_open(&c);
    CU_ASSERT_EQUAL(cs_params_check_used(p, &c.msg), CS_ERR_CONFIG);
    CU_ASSERT_EQUAL(c.msg.errors, 3);
    cap_expect(&c, "model.yaml:11:5: a.count: parameter is declared in the model file but no model code reads it "
                   "(misspelt or obsolete?)\n"
                   "model.yaml:13:5: b.mode: parameter is declared in the model file but no model code reads it "
                   "(misspelt or obsolete?)\n"
                   "model.yaml:14:5: b.weights: parameter is declared in the model file but no model code reads it "
                   "(misspelt or obsolete?)\n");
    const char *s;
    const double *l;
    CU_ASSERT_EQUAL(cs_params_int(p, "a.count", NULL, &integer), CS_OK);
    CU_ASSERT_EQUAL(cs_params_string(p, "b.mode", NULL, &s), CS_OK);
    CU_ASSERT_EQUAL(cs_params_list(p, "b.weights", 0, NULL, &l, NULL), CS_OK);
    cap_open(&c);
    CU_ASSERT_EQUAL(cs_params_check_used(p, &c.msg), CS_OK);
    cap_expect(&c, "");
    cs_params_destroy(&p);
}

/* ---- formatting and names --------------------------------------------- */

static void fmt(const cs_param *r, const char *want)
{
    char buf[256];
    cs_params_format_value(r, buf, sizeof buf);
    CU_ASSERT_STRING_EQUAL(buf, want);
    if (strcmp(buf, want) != 0) fprintf(stderr, "\n  got: [%s] want: [%s]\n", buf, want);
}

static void test_format_value_writes_yaml_for_each_type(void)
{
    cs_param r = {.type = CS_PARAM_REAL, .real = 0.25};
    fmt(&r, "0.25");
    r.real = -0.5;
    fmt(&r, "-0.5");
    r.real = 1e6;
    fmt(&r, "1000000");
    r.real = 1e-300;
    fmt(&r, "1e-300");
    r.real = INFINITY;
    fmt(&r, ".inf"); /* YAML's spelling, so the resolved scenario reloads */
    r.real = 0.30000000000000004;
    fmt(&r, "0.30000000000000004"); /* every digit that tells it from 0.3 */
    r = (cs_param){.type = CS_PARAM_INT, .integer = -42};
    fmt(&r, "-42");
    r.integer = INT64_MAX;
    fmt(&r, "9223372036854775807");
    r = (cs_param){.type = CS_PARAM_BOOL, .integer = 1};
    fmt(&r, "true");
    r.integer = 0;
    fmt(&r, "false");
    r = (cs_param){.type = CS_PARAM_STRING, .string = "weekly"};
    fmt(&r, "weekly");
    r.string = NULL;
    fmt(&r, "");
    const double l[3] = {1, 2.5, -3};
    r = (cs_param){.type = CS_PARAM_REAL_LIST, .list = l, .list_len = 3};
    fmt(&r, "[1, 2.5, -3]");
    r.list_len = 0;
    fmt(&r, "[]");
}

static void test_format_value_truncates_within_the_buffer(void)
{
    const double l[3] = {1, 2.5, -3};
    cs_param r = {.type = CS_PARAM_REAL_LIST, .list = l, .list_len = 3};
    char buf[16];
    memset(buf, 'X', sizeof buf);
    cs_params_format_value(&r, buf, 6);
    CU_ASSERT_STRING_EQUAL(buf, "[1, 2");
    for (size_t k = 6; k < sizeof buf; k++) CU_ASSERT_EQUAL(buf[k], 'X');
    memset(buf, 'X', sizeof buf);
    cs_params_format_value(&r, buf, 12); /* room for everything but the ']' */
    CU_ASSERT_STRING_EQUAL(buf, "[1, 2.5, -3");
    for (size_t k = 12; k < sizeof buf; k++) CU_ASSERT_EQUAL(buf[k], 'X');
    memset(buf, 'X', sizeof buf);
    cs_params_format_value(&r, buf, 13);
    CU_ASSERT_STRING_EQUAL(buf, "[1, 2.5, -3]");
}

static void test_type_and_dist_names(void)
{
    CU_ASSERT_STRING_EQUAL(cs_param_type_name(CS_PARAM_REAL), "a number");
    CU_ASSERT_STRING_EQUAL(cs_param_type_name(CS_PARAM_INT), "an integer");
    CU_ASSERT_STRING_EQUAL(cs_param_type_name(CS_PARAM_BOOL), "a boolean");
    CU_ASSERT_STRING_EQUAL(cs_param_type_name(CS_PARAM_STRING), "a string");
    CU_ASSERT_STRING_EQUAL(cs_param_type_name(CS_PARAM_REAL_LIST), "a list of numbers");
    CU_ASSERT_STRING_EQUAL(cs_param_dist_name(CS_DIST_FIXED), "fixed");
    CU_ASSERT_STRING_EQUAL(cs_param_dist_name(CS_DIST_UNIFORM), "uniform");
    CU_ASSERT_STRING_EQUAL(cs_param_dist_name(CS_DIST_LOGUNIFORM), "loguniform");
    CU_ASSERT_STRING_EQUAL(cs_param_dist_name(CS_DIST_TRIANGULAR), "triangular");
}

/* ---- did you mean ----------------------------------------------------- */

static void test_suggest_finds_the_nearest_path_of_the_kinds_asked_for(void)
{
    cs_params *p = make_table();
    const int model = 1 << CS_PARAM_MODEL, scen = 1 << CS_PARAM_SCENARIO;
    CU_ASSERT_STRING_EQUAL(cs_params_suggest(p, "a.rat", model), "a.rate");
    CU_ASSERT_STRING_EQUAL(cs_params_suggest(p, "b.wieghts", model), "b.weights");
    CU_ASSERT_STRING_EQUAL(cs_params_suggest(p, "count", model), "a.count"); /* last component */
    CU_ASSERT_STRING_EQUAL(cs_params_suggest(p, "sed", scen | model), "seed");
    /* rows of other kinds are not candidates */
    CU_ASSERT_PTR_NULL(cs_params_suggest(p, "sed", model));
    CU_ASSERT_PTR_NULL(cs_params_suggest(p, "a.rat", scen));
    CU_ASSERT_PTR_NULL(cs_params_suggest(p, "something.else", scen | model));
    /* the answer is the table's own string */
    CU_ASSERT_PTR_EQUAL(cs_params_suggest(p, "a.rat", model), cs_params_find(p, "a.rate")->path);
    cs_params_destroy(&p);
    CU_ASSERT_EQUAL_FATAL(cs_params_create(&p), CS_OK);
    CU_ASSERT_PTR_NULL(cs_params_suggest(p, "a.rate", model | scen)); /* empty table */
    cs_params_destroy(&p);
}

/* ---- integer bounds ---------------------------------------------------- */

/* An integer row bounded at 2^53 (the scenario's `seed`). */
static cs_params *make_seed_table(void)
{
    cs_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_params_create(&p), CS_OK);
    cs_param seed = {.path = "seed", .type = CS_PARAM_INT, .lo = 0, .hi = 9007199254740992.0};
    CU_ASSERT_EQUAL(cs_params_add(p, &seed), CS_OK);
    return p;
}

/* Regression: cs_params_set_int compared (double)v with the bounds, so
 * 2^53 + 1 rounded to 2^53 and passed an upper bound of 2^53. */
static void test_int_bounds_are_exact_beyond_2_pow_53(void)
{
    cs_params *p = make_seed_table();
    CU_ASSERT_EQUAL(cs_params_set_int(p, cs_params_find(p, "seed"), INT64_C(9007199254740993), at_cli, "seed", NULL),
                    CS_ERR_CONFIG);
    cs_params_destroy(&p);
}

/* Regression: bounds were printed with "%g", so an integer bound of 2^53
 * read "9.0072e+15" and the message seemed to reject a value inside it. */
static void test_int_bounds_are_printed_in_full(void)
{
    cs_params *p = make_seed_table();
    capture c;
    cap_open(&c);
    CU_ASSERT_EQUAL(cs_params_set_int(p, cs_params_find(p, "seed"), -1, at_cli, "seed", &c.msg), CS_ERR_CONFIG);
    cap_expect(&c, "--set: seed: expected an integer in [0, 9007199254740992], got -1\n");
    cs_params_destroy(&p);
}

int main(int argc, char **argv)
{
    static const cs_test_case cases[] = {
        {"add copies the row and find returns it", test_add_copies_the_row_and_find_returns_it},
        {"add rejects a duplicate path", test_add_rejects_a_duplicate_path},
        {"many rows keep their values as the table grows", test_many_rows_keep_their_values_as_the_table_grows},
        {"real bounds are inclusive, outside is rejected with position",
         test_real_bounds_are_inclusive_and_outside_is_rejected_with_position},
        {"half-open bounds are worded as inequalities", test_half_open_bounds_are_worded_as_inequalities},
        {"int bounds are inclusive, outside is rejected", test_int_bounds_are_inclusive_and_outside_is_rejected},
        {"setter of the wrong type is an internal error without message",
         test_setter_of_the_wrong_type_is_an_internal_error_without_message},
        {"bool stores 0 or 1", test_bool_stores_zero_or_one},
        {"string must be one of the choices exactly", test_string_must_be_one_of_the_choices_exactly},
        {"list length and element bounds are checked", test_list_length_and_element_bounds_are_checked},
        {"getters return values and mark rows used", test_getters_return_values_and_mark_rows_used},
        {"getter of the wrong type names the declaration", test_getter_of_the_wrong_type_names_the_declaration},
        {"getter of an undeclared path is an error", test_getter_of_an_undeclared_path_is_an_error},
        {"list getter checks a fixed length", test_list_getter_checks_a_fixed_length},
        {"check_used reports each unread model row at its declaration",
         test_check_used_reports_each_unread_model_row_at_its_declaration},
        {"format_value writes YAML for each type", test_format_value_writes_yaml_for_each_type},
        {"format_value truncates within the buffer", test_format_value_truncates_within_the_buffer},
        {"type and dist names", test_type_and_dist_names},
        {"suggest finds the nearest path of the kinds asked for",
         test_suggest_finds_the_nearest_path_of_the_kinds_asked_for},
        {"int bounds are exact beyond 2^53", test_int_bounds_are_exact_beyond_2_pow_53},
        {"int bounds are printed in full", test_int_bounds_are_printed_in_full},
        {NULL, NULL},
    };
    return cs_test_run("params", cases);
}
