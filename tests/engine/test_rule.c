/* test_rule.c -- cs_rule, the target-rule language: precedence and
 * associativity against hand-computed values, truthiness, short-circuit
 * reads counted by the getter, each compile error with its exact column and
 * message, did-you-mean, the attribute list, bad attribute tables, and an
 * oracle: random expressions printed with as few parentheses as the
 * grammar allows, compiled and evaluated, must give the value and the
 * attribute reads of a naive recursive evaluator written here. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_rule.h"
#include "cs_status.h"
#include "cs_test.h"

/* ---- helpers ------------------------------------------------------------- */

static const cs_rule_attr attrs[] = {
    {"age", "years"},
    {"female", "1 if female"},
    {"pregnancy", "trimester, 0 if not pregnant"},
    {"thiazide", "1 if taking a thiazide"},
    {"statin", "1 if taking a statin"},
    {"cramp_nights_30d", "nights with cramps in the last 30"},
    {"activity", "0 (none) to 3 (hard)"},
    {"standing", "1 if standing at work"},
    {"a", "test"},
    {"b", "test"},
    {"c", "test"},
};
enum { N_ATTRS = sizeof attrs / sizeof attrs[0], A_AGE = 0, A_THIAZIDE = 3, A_NIGHTS = 5, A_A = 8 };

/* One agent's attribute values, and how often each was read. */
typedef struct agent {
    double v[N_ATTRS];
    long *reads; /* N_ATTRS counters, or NULL */
} agent;

static double get_agent(const void *ctx, int attr, size_t i)
{
    const agent *a = ctx;
    (void)i;
    if (a->reads) a->reads[attr]++;
    return a->v[attr];
}

/* Compiles text, which must succeed; NULL (and a test failure) otherwise. */
static cs_rule *compile_ok(const char *text)
{
    cs_rule *r = NULL;
    cs_rule_error err;
    int rc = cs_rule_compile(text, attrs, N_ATTRS, &r, &err);
    if (rc != CS_OK) fprintf(stderr, "\n  %s: column %d: %s\n", text, err.column, err.message);
    CU_ASSERT_EQUAL(rc, CS_OK);
    return r;
}

/* The value of text for agent a (NaN when it does not compile). */
static double value_of(const char *text, const agent *a)
{
    cs_rule *r = compile_ok(text);
    double v = r ? cs_rule_value(r, get_agent, a, 0) : NAN;
    cs_rule_destroy(&r);
    return v;
}

/* ---- values -------------------------------------------------------------- */

static void test_precedence_and_associativity_are_those_of_c(void)
{
    agent ag = {.v = {[A_A] = 2, [A_A + 1] = 3, [A_A + 2] = 4}};
    static const struct {
        const char *text;
        double value;
    } cases[] = {
        {"1 + 2 * 3", 7},
        {"(1 + 2) * 3", 9},
        {"10 - 4 - 3", 3},
        {"64 / 8 / 2", 4},
        {"7 - 2 * 3 / 2", 4},
        {"2 * 3 + 4 * 5", 26},
        {"-2 * 3", -6},
        {"- -2", 2},
        {"2--2", 4},
        {"-(2 - 5) * 2", 6},
        {"a * b - c", 2},
        {"a - b * c", -10},
        {"1 + 2 < 4", 1},
        {"a + 1 == b", 1},
        {"(a < b) == (c > b)", 1},
        {"1 || 1 && 0", 1},
        {"0 && 1 || 1", 1},
        {"(1 || 1) && 0", 0},
        {"!0 && 0", 0},
        {"!(0 && 0)", 1},
        {"!!a", 1},
        {"not 0 and 0 or 1", 1},
        {"not (0 or 1)", 0},
        {"a >= 2 && b != 3 || c == 4", 1},
        {"a > 2 || b <= 3 && c < 4", 0},
        {"true + true", 2},
        {"false", 0},
        {"2e1 + .5 + 1.5e-1 + 3. + 1E+1", 2e1 + .5 + 1.5e-1 + 3. + 1E+1},
        {"a / b", 2.0 / 3.0},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        double v = value_of(cases[k].text, &ag);
        if (v != cases[k].value) fprintf(stderr, "\n  %s = %g, expected %g\n", cases[k].text, v, cases[k].value);
        CU_ASSERT_EQUAL(v, cases[k].value);
    }
}

static void test_division_by_zero_gives_zero(void)
{
    agent ag = {.v = {[A_A] = 2, [A_A + 1] = 0}};
    CU_ASSERT_EQUAL(value_of("1 / 0", &ag), 0);
    CU_ASSERT_EQUAL(value_of("a / b", &ag), 0);
    CU_ASSERT_EQUAL(value_of("a / (a - 2) + 1", &ag), 1);
    CU_ASSERT_EQUAL(value_of("-a / -0", &ag), 0);
    CU_ASSERT_EQUAL(value_of("b / b == 0", &ag), 1);
}

static void test_numbers_and_attributes_used_as_booleans_mean_not_zero(void)
{
    agent ag = {.v = {[A_AGE] = 0.5, [A_A] = 5, [A_A + 1] = 2, [A_A + 2] = 0}};
    cs_rule *r = compile_ok("age");
    CU_ASSERT_EQUAL(cs_rule_eval(r, get_agent, &ag, 0), 1);
    ag.v[A_AGE] = -1;
    CU_ASSERT_EQUAL(cs_rule_eval(r, get_agent, &ag, 0), 1);
    ag.v[A_AGE] = 0;
    CU_ASSERT_EQUAL(cs_rule_eval(r, get_agent, &ag, 0), 0);
    ag.v[A_AGE] = NAN; /* as in C, NaN != 0 */
    CU_ASSERT_EQUAL(cs_rule_eval(r, get_agent, &ag, 0), 1);
    cs_rule_destroy(&r);
    CU_ASSERT_PTR_NULL(r);
    /* && and || give 0 or 1, not an operand */
    CU_ASSERT_EQUAL(value_of("a && b", &ag), 1);
    CU_ASSERT_EQUAL(value_of("c || b", &ag), 1);
    CU_ASSERT_EQUAL(value_of("a || b", &ag), 1);
    CU_ASSERT_EQUAL(value_of("a && c", &ag), 0);
    CU_ASSERT_EQUAL(value_of("!a", &ag), 0);
    CU_ASSERT_EQUAL(value_of("!c", &ag), 1);
    CU_ASSERT_EQUAL(value_of("(a && b) + (b || c) + !c", &ag), 3);
    CU_ASSERT_EQUAL(value_of("age != age", &ag), 1); /* NaN */
    CU_ASSERT_EQUAL(value_of("!age", &ag), 0);
    /* arithmetic as a boolean */
    cs_rule *s = compile_ok("a - 5");
    CU_ASSERT_EQUAL(cs_rule_eval(s, get_agent, &ag, 0), 0);
    CU_ASSERT_EQUAL(cs_rule_value(s, get_agent, &ag, 0), 0);
    cs_rule_destroy(&s);
    s = compile_ok("b * 0.25");
    CU_ASSERT_EQUAL(cs_rule_eval(s, get_agent, &ag, 0), 1);
    CU_ASSERT_EQUAL(cs_rule_value(s, get_agent, &ag, 0), 0.5);
    cs_rule_destroy(&s);
    cs_rule_destroy(&s); /* twice, and NULL, are harmless */
    cs_rule_destroy(NULL);
}

static void test_the_examples_of_the_brief_hold_for_chosen_agents(void)
{
    agent old = {.v = {[A_AGE] = 70, [A_THIAZIDE] = 0, [A_NIGHTS] = 4}};
    agent young = {.v = {[A_AGE] = 40, [A_THIAZIDE] = 1, [A_NIGHTS] = 9, [6] = 2, [7] = 1}};
    agent preg = {.v = {[A_AGE] = 30, [1] = 1, [2] = 3, [4] = 1}};
    const char *r1 = "age >= 65 && (thiazide || cramp_nights_30d >= 4)";
    CU_ASSERT_EQUAL(value_of(r1, &old), 1);
    CU_ASSERT_EQUAL(value_of(r1, &young), 0);
    CU_ASSERT_EQUAL(value_of("female && pregnancy == 3", &preg), 1);
    CU_ASSERT_EQUAL(value_of("female && pregnancy == 3", &old), 0);
    CU_ASSERT_EQUAL(value_of("!statin", &preg), 0);
    CU_ASSERT_EQUAL(value_of("!statin", &old), 1);
    const char *r4 = "age >= 18 && age < 65 && (activity <= 1 || standing)";
    CU_ASSERT_EQUAL(value_of(r4, &young), 1);
    CU_ASSERT_EQUAL(value_of(r4, &preg), 1);
    CU_ASSERT_EQUAL(value_of(r4, &old), 0);
}

/* ---- reads --------------------------------------------------------------- */

/* Reads of a, b, c when text is evaluated with those values. */
static void reads_of(const char *text, double a, double b, double c, long out[3])
{
    long reads[N_ATTRS] = {0};
    agent ag = {.v = {[A_A] = a, [A_A + 1] = b, [A_A + 2] = c}, .reads = reads};
    cs_rule *r = compile_ok(text);
    if (r) cs_rule_eval(r, get_agent, &ag, 0);
    cs_rule_destroy(&r);
    memcpy(out, reads + A_A, 3 * sizeof *out);
}

#define ASSERT_READS(text, a, b, c, ra, rb, rc)                                                            \
    do {                                                                                                   \
        long got_[3];                                                                                      \
        reads_of(text, a, b, c, got_);                                                                     \
        CU_ASSERT(got_[0] == (ra) && got_[1] == (rb) && got_[2] == (rc));                                 \
    } while (0)

static void test_and_or_skip_operands_that_cannot_change_the_result(void)
{
    ASSERT_READS("a && b", 0, 1, 1, 1, 0, 0);
    ASSERT_READS("a && b", 1, 1, 1, 1, 1, 0);
    ASSERT_READS("a || b", 1, 0, 0, 1, 0, 0);
    ASSERT_READS("a || b", 0, 0, 0, 1, 1, 0);
    ASSERT_READS("a && b && c", 0, 1, 1, 1, 0, 0);
    ASSERT_READS("a && b && c", 1, 0, 1, 1, 1, 0);
    ASSERT_READS("a || b || c", 0, 1, 1, 1, 1, 0);
    ASSERT_READS("(a || b) && c", 0, 0, 1, 1, 1, 0);
    ASSERT_READS("a || b && c", 0, 0, 1, 1, 1, 0);
    ASSERT_READS("a || b && c", 1, 0, 1, 1, 0, 0);
    ASSERT_READS("a && b || c", 0, 1, 1, 1, 0, 1);
    ASSERT_READS("a and (b or c)", 1, 2, 0, 1, 1, 0);
    ASSERT_READS("!(a || b) && c", 1, 0, 1, 1, 0, 0);
    /* arithmetic and comparisons read every operand, once per mention */
    ASSERT_READS("a * 0 + a > b", 0, 0, 0, 2, 1, 0);
    ASSERT_READS("true || a + b + c", 0, 0, 0, 0, 0, 0);
}

static void test_attrs_lists_each_named_attribute_once_in_order(void)
{
    cs_rule *r = compile_ok("c > a && a < b || c || statin");
    size_t n = 99;
    const int *list = cs_rule_attrs(r, &n);
    CU_ASSERT_EQUAL_FATAL(n, 4);
    CU_ASSERT_EQUAL(list[0], 4);
    CU_ASSERT_EQUAL(list[1], A_A);
    CU_ASSERT_EQUAL(list[2], A_A + 1);
    CU_ASSERT_EQUAL(list[3], A_A + 2);
    cs_rule_destroy(&r);
    r = compile_ok("true && 3 > 2");
    cs_rule_attrs(r, &n);
    CU_ASSERT_EQUAL(n, 0);
    cs_rule_destroy(&r);
}

static void test_text_is_kept_as_given(void)
{
    char text[] = "  age >= 65\t&& statin ";
    cs_rule *r = compile_ok(text);
    text[2] = 'X'; /* the rule keeps its own copy */
    CU_ASSERT_STRING_EQUAL(cs_rule_text(r), "  age >= 65\t&& statin ");
    cs_rule_destroy(&r);
}

/* ---- errors -------------------------------------------------------------- */

/* Compiling text fails with CS_ERR_CONFIG at column col with message msg. */
static void assert_error(const char *text, int col, const char *msg)
{
    static char sentinel;
    cs_rule *r = (cs_rule *)&sentinel; /* compile must reset it to NULL */
    cs_rule_error err;
    int rc = cs_rule_compile(text, attrs, N_ATTRS, &r, &err);
    CU_ASSERT_EQUAL(rc, CS_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(r);
    if (r == (cs_rule *)&sentinel) r = NULL;
    if (rc == CS_ERR_CONFIG && (err.column != col || strcmp(err.message, msg) != 0))
        fprintf(stderr, "\n  %s\n  got      %d: %s\n  expected %d: %s\n", text, err.column, err.message, col, msg);
    CU_ASSERT_EQUAL(err.column, col);
    CU_ASSERT_STRING_EQUAL(err.message, msg);
    cs_rule_destroy(&r);
}

/* A rule that must fail, with its column and message. */
typedef struct bad_rule {
    const char *text;
    int col;
    const char *msg;
} bad_rule;

static void assert_errors(const bad_rule *cases, size_t n)
{
    for (size_t k = 0; k < n; k++) assert_error(cases[k].text, cases[k].col, cases[k].msg);
}
#define ASSERT_ERRORS(cases) assert_errors(cases, sizeof cases / sizeof cases[0])

static void test_empty_and_overlong_rules_are_refused(void)
{
    assert_error("", 1, "rule is empty");
    assert_error(" \t\n ", 1, "rule is empty");
    char text[CS_RULE_MAX_TEXT + 2];
    memset(text, ' ', sizeof text);
    memcpy(text, "age", 3);
    text[CS_RULE_MAX_TEXT] = '\0'; /* exactly the limit: fine */
    cs_rule *r = compile_ok(text);
    cs_rule_destroy(&r);
    text[CS_RULE_MAX_TEXT] = ' ';
    text[CS_RULE_MAX_TEXT + 1] = '\0';
    assert_error(text, CS_RULE_MAX_TEXT + 1, "rule is longer than 1024 characters");
}

static void test_unknown_attributes_name_the_column_and_a_suggestion(void)
{
    static const bad_rule cases[] = {
        {"age >= 65 && thiazid", 14, "unknown attribute 'thiazid' (did you mean 'thiazide'?)"},
        {"femal && pregnancy == 3", 1, "unknown attribute 'femal' (did you mean 'female'?)"},
        {"Age > 3", 1, "unknown attribute 'Age' (did you mean 'age'?)"},
        {"ture || a", 1, "unknown attribute 'ture' (did you mean 'true'?)"},
        {"a AND b", 3, "unknown attribute 'AND' (did you mean 'and'?)"},
        {"cramp_nights > 2", 1, "unknown attribute 'cramp_nights' (did you mean 'cramp_nights_30d'?)"},
        {"a || zebra", 6, "unknown attribute 'zebra'"},
        {"x_an_attribute_name_much_longer_than_forty_bytes > 1", 1,
         "unknown attribute 'x_an_attribute_name_much_longer_than_...'"},
    };
    ASSERT_ERRORS(cases);
}

static void test_parentheses_errors_point_at_the_parenthesis(void)
{
    static const bad_rule cases[] = {
        {"(age > 3", 1, "unclosed '('"},
        {"a && (b || (c)", 6, "unclosed '('"},
        {"((a) && b", 1, "unclosed '('"},
        {"age > 3)", 8, "unmatched ')'"},
        {")", 1, "unmatched ')'"},
        {"(a) && b) || c", 9, "unmatched ')'"},
        {"()", 2, "expected an operand after '(', got ')'"},
        {"(a b)", 4, "expected an operator or ')' after 'a', got 'b'"},
    };
    ASSERT_ERRORS(cases);
}

static void test_missing_operands_and_trailing_text_are_refused(void)
{
    static const bad_rule cases[] = {
        {"age >=", 7, "expected an operand after '>=', got the end of the rule"},
        {"age >=   ", 7, "expected an operand after '>=', got the end of the rule"},
        {"a &&", 5, "expected an operand after '&&', got the end of the rule"},
        {"a and", 6, "expected an operand after 'and', got the end of the rule"},
        {"&& a", 1, "expected an operand, got '&&'"},
        {"a && || b", 6, "expected an operand after '&&', got '||'"},
        {"a * / b", 5, "expected an operand after '*', got '/'"},
        {"!", 2, "expected an operand after '!', got the end of the rule"},
        {"a b", 3, "expected an operator or the end of the rule after 'a', got 'b'"},
        {"age 65", 5, "expected an operator or the end of the rule after 'age', got '65'"},
        {"(a) (b)", 5, "expected an operator or the end of the rule after ')', got '('"},
        {"true false", 6, "expected an operator or the end of the rule after 'true', got 'false'"},
    };
    ASSERT_ERRORS(cases);
}

static void test_stray_characters_and_lone_operators_are_refused(void)
{
    static const bad_rule cases[] = {
        {"age # 3", 5, "unexpected character '#'"},
        {"a % 2", 3, "unexpected character '%'"},
        {"a\x01", 2, "unexpected character 0x01"},
        {"age \xE2\x89\xA5 65", 5, "unexpected character '\xE2\x89\xA5' (did you mean '>='?)"},
        {"a \xC3\xA9", 3, "unexpected character '\xC3\xA9'"},
        {"female == \"yes\"", 11, "unexpected quote \" (rules compare numbers; there are no strings)"},
        {"a & b", 3, "'&' is not an operator (did you mean '&&'?)"},
        {"a | b", 3, "'|' is not an operator (did you mean '||'?)"},
        {"a = 1", 3, "'=' is not an operator (did you mean '=='?)"},
        {"a => 1", 3, "'=>' is not an operator (did you mean '>='?)"},
        {"a =< 1", 3, "'=<' is not an operator (did you mean '<='?)"},
        {"a <> 1", 3, "'<>' is not an operator (did you mean '!='?)"},
        {"a === 1", 5, "'=' is not an operator (did you mean '=='?)"},
        {"a &&& b", 5, "'&' is not an operator (did you mean '&&'?)"},
        /* the first problem from the left wins */
        {"a & b = c", 3, "'&' is not an operator (did you mean '&&'?)"},
    };
    ASSERT_ERRORS(cases);
}

static void test_malformed_numbers_are_refused(void)
{
    static const bad_rule cases[] = {
        {"a > 1e", 5, "malformed number '1e'"},
        {"a > 1e+", 5, "malformed number '1e+'"},
        {"3abc", 1, "malformed number '3abc'"},
        {"a < 1.2.3", 5, "malformed number '1.2.3'"},
        {"0x10", 1, "malformed number '0x10'"},
        {"a < 1e999", 5, "number '1e999' is too large"},
        {"a < .", 5, "unexpected character '.'"},
    };
    ASSERT_ERRORS(cases);
}

static void test_chained_comparisons_are_refused(void)
{
    const char *msg = "comparisons do not chain: join them with '&&' (a < b && b < c) or add parentheses";
    const bad_rule cases[] = {
        {"a < b < c", 7, msg},
        {"a == b == c", 8, msg},
        {"18 <= age < 65", 11, msg},
        {"a < b == 1", 7, msg},
    };
    ASSERT_ERRORS(cases);
    cs_rule *r = compile_ok("(a < b) < c");
    cs_rule_destroy(&r);
}

static void test_not_before_arithmetic_or_a_comparison_needs_parentheses(void)
{
    static const bad_rule cases[] = {
        {"!age >= 65", 1, "'!' binds tighter than '>=': add parentheses, '!(a >= b)' or '(!a) >= b'"},
        {"not age >= 65", 1, "'not' binds tighter than '>=': add parentheses, 'not (a >= b)' or '(not a) >= b'"},
        {"a && !b + 1", 6, "'!' binds tighter than '+': add parentheses, '!(a + b)' or '(!a) + b'"},
        {"2 * !a + 1", 5, "'!' binds tighter than '+': add parentheses, '!(a + b)' or '(!a) + b'"},
        {"-!a * 2", 2, "'!' binds tighter than '*': add parentheses, '!(a * b)' or '(!a) * b'"},
        {"!!a == 1", 1, "'!' binds tighter than '==': add parentheses, '!(a == b)' or '(!a) == b'"},
        /* unambiguous places are fine */
    };
    ASSERT_ERRORS(cases);
    agent ag = {.v = {[A_A] = 0, [A_A + 1] = 1}};
    CU_ASSERT_EQUAL(value_of("b == !a", &ag), 1);
    CU_ASSERT_EQUAL(value_of("(!a) + 1", &ag), 2);
    CU_ASSERT_EQUAL(value_of("!(a + 1)", &ag), 0);
    CU_ASSERT_EQUAL(value_of("-a * 2 < 1", &ag), 1);
    CU_ASSERT_EQUAL(value_of("!a && !b || not b", &ag), 0);
}

static void test_nesting_beyond_the_limit_is_refused(void)
{
    char text[CS_RULE_MAX_TEXT + 1];
    /* 32 parentheses deep is fine, 33 is not */
    for (int k = 32; k <= 33; k++) {
        int n = 0;
        for (int j = 0; j < k; j++) text[n++] = '(';
        text[n++] = 'a';
        for (int j = 0; j < k; j++) text[n++] = ')';
        text[n] = '\0';
        if (k == 32) {
            cs_rule *r = compile_ok(text);
            cs_rule_destroy(&r);
        } else {
            assert_error(text, 33, "rule nests too deeply (more than 32 levels)");
        }
    }
    /* prefix operators count too */
    memset(text, '!', 33);
    strcpy(text + 33, "a");
    assert_error(text, 33, "rule nests too deeply (more than 32 levels)");
    /* a + (a + (... (a))): k levels keep k + 1 values pending */
    for (int k = 31; k <= 32; k++) {
        int n = 0;
        for (int j = 0; j < k; j++) n += sprintf(text + n, "a+(");
        text[n++] = 'a';
        for (int j = 0; j < k; j++) text[n++] = ')';
        text[n] = '\0';
        if (k == 31) {
            agent ag = {.v = {[A_A] = 1.5}};
            CU_ASSERT_EQUAL(value_of(text, &ag), 32 * 1.5);
        } else {
            assert_error(text, 3 * 32 + 1, "rule nests too deeply (more than 32 levels)");
        }
    }
}

static void test_bad_attribute_tables_and_arguments_are_internal_errors(void)
{
    cs_rule *r = NULL;
    cs_rule_error err;
    static const cs_rule_attr bad_name[] = {{"age", ""}, {"2x", ""}};
    static const cs_rule_attr keyword[] = {{"not", ""}};
    static const cs_rule_attr twice[] = {{"age", ""}, {"sex", ""}, {"age", ""}};
    static const cs_rule_attr null_name[] = {{NULL, ""}};
    CU_ASSERT_EQUAL(cs_rule_compile("age", bad_name, 2, &r, &err), CS_ERR_INTERNAL);
    CU_ASSERT_STRING_EQUAL(err.message, "attribute table: row 1: '2x' is not a valid name");
    CU_ASSERT_EQUAL(err.column, 0);
    CU_ASSERT_EQUAL(cs_rule_compile("true", keyword, 1, &r, &err), CS_ERR_INTERNAL);
    CU_ASSERT_STRING_EQUAL(err.message, "attribute table: row 0: 'not' is not a valid name");
    CU_ASSERT_EQUAL(cs_rule_compile("age", twice, 3, &r, &err), CS_ERR_INTERNAL);
    CU_ASSERT_STRING_EQUAL(err.message, "attribute table: 'age' is listed twice");
    CU_ASSERT_EQUAL(cs_rule_compile("true", null_name, 1, &r, &err), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_rule_compile(NULL, attrs, N_ATTRS, &r, &err), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_rule_compile("true", NULL, 1, &r, &err), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_rule_compile("true", attrs, N_ATTRS, NULL, &err), CS_ERR_INTERNAL);
    CU_ASSERT_PTR_NULL(r);
    /* no table at all: constants only; err may be NULL */
    CU_ASSERT_EQUAL(cs_rule_compile("1 < 2", NULL, 0, &r, NULL), CS_OK);
    CU_ASSERT_EQUAL(cs_rule_eval(r, get_agent, NULL, 0), 1);
    cs_rule_destroy(&r);
    CU_ASSERT_EQUAL(cs_rule_compile("age", NULL, 0, &r, NULL), CS_ERR_CONFIG);
}

/* ---- the oracle ---------------------------------------------------------- */

/* splitmix64: the test's own deterministic generator. */
static uint64_t next_u64(uint64_t *s)
{
    uint64_t z = (*s += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}
static unsigned below(uint64_t *s, unsigned n) { return (unsigned)(next_u64(s) % n); }

typedef enum node_kind { N_NUM, N_ATTR, N_NEG, N_NOT, N_BIN } node_kind;
typedef enum bin_op { B_OR, B_AND, B_LT, B_LE, B_GT, B_GE, B_EQ, B_NE, B_ADD, B_SUB, B_MUL, B_DIV, B_NOPS } bin_op;
static const char *const bin_text[B_NOPS] = {"||", "&&", "<", "<=", ">", ">=", "==", "!=", "+", "-", "*", "/"};
static const int bin_prec[B_NOPS] = {1, 2, 3, 3, 3, 3, 3, 3, 4, 4, 5, 5};

typedef struct node {
    node_kind kind;
    bin_op op;
    const char *text; /* N_NUM */
    double num;       /* N_NUM */
    int attr;         /* N_ATTR */
    const struct node *l, *r;
} node;

enum { MAX_NODES = 128, ORACLE_ATTRS = 4 };
static const cs_rule_attr oracle_attrs[ORACLE_ATTRS] = {{"x", ""}, {"y", ""}, {"z", ""}, {"w", ""}};
static const struct {
    const char *text;
    double value;
} numbers[] = {{"0", 0}, {"1", 1}, {"2", 2}, {"0.5", 0.5}, {"3.", 3.}, {"1e1", 1e1}, {"2.5e-1", 2.5e-1},
               {".5", .5}, {"true", 1}, {"false", 0}};

typedef struct tree {
    node pool[MAX_NODES];
    int n;
    uint64_t *rng;
} tree;

static const node *gen(tree *t, int depth)
{
    node *x = &t->pool[t->n++];
    memset(x, 0, sizeof *x);
    unsigned pick = below(t->rng, 100);
    if (depth == 0 || pick < 25) {
        if (below(t->rng, 10) < 6) {
            x->kind = N_ATTR;
            x->attr = (int)below(t->rng, ORACLE_ATTRS);
        } else {
            unsigned k = below(t->rng, sizeof numbers / sizeof numbers[0]);
            x->kind = N_NUM;
            x->text = numbers[k].text;
            x->num = numbers[k].value;
        }
    } else if (pick < 40) {
        x->kind = below(t->rng, 2) ? N_NEG : N_NOT;
        x->l = gen(t, depth - 1);
    } else {
        x->kind = N_BIN;
        /* logic twice as often as each other operator */
        unsigned k = below(t->rng, B_NOPS + 2);
        x->op = k >= B_NOPS ? (bin_op)(k - B_NOPS) : (bin_op)k;
        x->l = gen(t, depth - 1);
        x->r = gen(t, depth - 1);
    }
    return x;
}

/* Binding strength: leaves 7, prefix operators 6, binary operators 1 to 5. */
static int prec(const node *x)
{
    if (x->kind == N_BIN) return bin_prec[x->op];
    return x->kind == N_NUM || x->kind == N_ATTR ? 7 : 6;
}

/* A chain of prefix operators that holds a '!'. */
static int has_not_prefix(const node *x)
{
    for (; x->kind == N_NEG || x->kind == N_NOT; x = x->l)
        if (x->kind == N_NOT) return 1;
    return 0;
}

typedef struct out {
    char buf[4096];
    size_t n;
} out;

static void put(out *o, const char *s)
{
    size_t k = strlen(s);
    if (o->n + k < sizeof o->buf) memcpy(o->buf + o->n, s, k + 1), o->n += k;
}

/* Prints x with the parentheses the grammar needs, and some more at random.
 * followed: the token after x will be an arithmetic or comparison operator. */
static void print(out *o, const node *x, int followed, uint64_t *rng)
{
    int spaces = below(rng, 2);
    if (below(rng, 10) == 0 || (followed && has_not_prefix(x))) {
        put(o, "(");
        print(o, x, 0, rng);
        put(o, ")");
        return;
    }
    switch (x->kind) {
    case N_NUM: put(o, x->text); break;
    case N_ATTR: put(o, oracle_attrs[x->attr].name); break;
    case N_NEG:
    case N_NOT:
        put(o, x->kind == N_NEG ? "-" : below(rng, 2) ? "!" : "not ");
        if (prec(x->l) < 6) {
            put(o, "(");
            print(o, x->l, 0, rng);
            put(o, ")");
        } else {
            print(o, x->l, followed, rng);
        }
        break;
    case N_BIN: {
        int p = bin_prec[x->op];
        int lp = prec(x->l) < p || (p == 3 && prec(x->l) == 3), rp = prec(x->r) <= p;
        int arith = p >= 3;
        if (lp) put(o, "(");
        print(o, x->l, lp ? 0 : arith, rng);
        if (lp) put(o, ")");
        const char *op = bin_text[x->op];
        int word = x->op <= B_AND && below(rng, 3) == 0;
        if (word) op = x->op == B_OR ? "or" : "and";
        put(o, spaces || word ? " " : "");
        put(o, op);
        put(o, spaces || word ? " " : "");
        if (rp) put(o, "(");
        print(o, x->r, rp ? 0 : followed, rng);
        if (rp) put(o, ")");
        break;
    }
    }
}

/* The naive evaluator: C semantics, left to right, counting reads. */
static double naive(const node *x, const double *v, long *reads)
{
    switch (x->kind) {
    case N_NUM: return x->num;
    case N_ATTR: reads[x->attr]++; return v[x->attr];
    case N_NEG: return -naive(x->l, v, reads);
    case N_NOT: return naive(x->l, v, reads) == 0;
    case N_BIN: break;
    }
    double a = naive(x->l, v, reads);
    if (x->op == B_AND) return a != 0 && naive(x->r, v, reads) != 0;
    if (x->op == B_OR) return a != 0 || naive(x->r, v, reads) != 0;
    double b = naive(x->r, v, reads);
    switch (x->op) {
    case B_LT: return a < b;
    case B_LE: return a <= b;
    case B_GT: return a > b;
    case B_GE: return a >= b;
    case B_EQ: return a == b;
    case B_NE: return a != b;
    case B_ADD: return a + b;
    case B_SUB: return a - b;
    case B_MUL: return a * b;
    case B_DIV: return b == 0 ? 0 : a / b;
    default: return NAN;
    }
}

typedef struct oracle_agent {
    double v[ORACLE_ATTRS];
    long reads[ORACLE_ATTRS];
} oracle_agent;

static double get_oracle(const void *ctx, int attr, size_t i)
{
    oracle_agent *a = (oracle_agent *)ctx + i; /* the test owns these agents */
    a->reads[attr]++;
    return a->v[attr];
}

static void test_random_rules_agree_with_a_naive_evaluator(void)
{
    static const double values[] = {0, 0, 1, 1, 2, -1, 0.5, 3, -2.5, 1e300, NAN};
    uint64_t rng = 20260101;
    int compared = 0, mismatches = 0;
    for (int e = 0; e < 20000 && mismatches == 0; e++) {
        tree t = {.rng = &rng};
        const node *root = gen(&t, 1 + (int)below(&rng, 5));
        out o = {.n = 0};
        o.buf[0] = '\0';
        print(&o, root, 0, &rng);
        cs_rule *r = NULL;
        cs_rule_error err;
        int rc = cs_rule_compile(o.buf, oracle_attrs, ORACLE_ATTRS, &r, &err);
        if (rc != CS_OK) {
            fprintf(stderr, "\n  %s\n  column %d: %s\n", o.buf, err.column, err.message);
            mismatches++;
            break;
        }
        oracle_agent agents[8];
        for (size_t i = 0; i < 8; i++) {
            memset(&agents[i], 0, sizeof agents[i]);
            for (int a = 0; a < ORACLE_ATTRS; a++)
                agents[i].v[a] = values[below(&rng, sizeof values / sizeof values[0])];
        }
        for (size_t i = 0; i < 8; i++) {
            long want_reads[ORACLE_ATTRS] = {0};
            double want = naive(root, agents[i].v, want_reads);
            double got = cs_rule_value(r, get_oracle, agents, i);
            int same = (isnan(want) && isnan(got)) || want == got;
            same = same && memcmp(want_reads, agents[i].reads, sizeof want_reads) == 0;
            same = same && cs_rule_eval(r, get_oracle, agents, i) == (want != 0);
            if (!same) {
                fprintf(stderr, "\n  %s\n  agent %g %g %g %g: got %g, expected %g\n", o.buf, agents[i].v[0],
                        agents[i].v[1], agents[i].v[2], agents[i].v[3], got, want);
                mismatches++;
                break;
            }
            compared++;
        }
        cs_rule_destroy(&r);
    }
    CU_ASSERT_EQUAL(mismatches, 0);
    CU_ASSERT_EQUAL(compared, 20000 * 8);
}

static void test_mangled_rules_fail_cleanly_with_a_column_in_the_text(void)
{
    static const char junk[] = "()!&|=<>+-*/.e1 xq#\"";
    uint64_t rng = 7;
    int compiled = 0, refused = 0;
    for (int e = 0; e < 5000; e++) {
        tree t = {.rng = &rng};
        const node *root = gen(&t, 1 + (int)below(&rng, 4));
        out o = {.n = 0};
        o.buf[0] = '\0';
        print(&o, root, 0, &rng);
        for (int k = 1 + (int)below(&rng, 3); k > 0 && o.n > 0; k--)
            o.buf[below(&rng, (unsigned)o.n)] = junk[below(&rng, sizeof junk - 1)];
        cs_rule *r = NULL;
        cs_rule_error err;
        int rc = cs_rule_compile(o.buf, oracle_attrs, ORACLE_ATTRS, &r, &err);
        if (rc == CS_OK) {
            oracle_agent ag = {.v = {1, 0, 2, -1}};
            (void)cs_rule_value(r, get_oracle, &ag, 0);
            compiled++;
        } else {
            CU_ASSERT_EQUAL(rc, CS_ERR_CONFIG);
            CU_ASSERT(err.column >= 1 && (size_t)err.column <= o.n + 1);
            CU_ASSERT(err.message[0] != '\0');
            CU_ASSERT_PTR_NULL(r);
            refused++;
        }
        cs_rule_destroy(&r);
    }
    CU_ASSERT(compiled > 100 && refused > 1000);
}

/* A compiled rule is evaluated a million times on computed attributes and
 * agrees with the same expression written in C (eval holds no state). */
static double get_computed(const void *ctx, int attr, size_t i)
{
    (void)ctx;
    switch (attr) {
    case A_AGE: return (double)(i % 100);
    case A_THIAZIDE: return (i / 7) % 5 == 0;
    case A_NIGHTS: return (double)(i % 11);
    default: return -1;
    }
}

static void test_a_million_evaluations_agree_with_c(void)
{
    cs_rule *r = compile_ok("age >= 65 && (thiazide || cramp_nights_30d >= 4)");
    long want = 0, got = 0;
    for (size_t i = 0; i < 1000000; i++) {
        want += i % 100 >= 65 && ((i / 7) % 5 == 0 || i % 11 >= 4);
        got += cs_rule_eval(r, get_computed, NULL, i);
    }
    CU_ASSERT_EQUAL(got, want);
    cs_rule_destroy(&r);
}

int main(void)
{
    static const cs_test_case cases[] = {
        {"precedence and associativity are those of C", test_precedence_and_associativity_are_those_of_c},
        {"division by zero gives zero", test_division_by_zero_gives_zero},
        {"numbers and attributes used as booleans mean not zero",
         test_numbers_and_attributes_used_as_booleans_mean_not_zero},
        {"the examples of the brief hold for chosen agents", test_the_examples_of_the_brief_hold_for_chosen_agents},
        {"and, or skip operands that cannot change the result",
         test_and_or_skip_operands_that_cannot_change_the_result},
        {"attrs lists each named attribute once in order", test_attrs_lists_each_named_attribute_once_in_order},
        {"text is kept as given", test_text_is_kept_as_given},
        {"empty and overlong rules are refused", test_empty_and_overlong_rules_are_refused},
        {"unknown attributes name the column and a suggestion",
         test_unknown_attributes_name_the_column_and_a_suggestion},
        {"parentheses errors point at the parenthesis", test_parentheses_errors_point_at_the_parenthesis},
        {"missing operands and trailing text are refused", test_missing_operands_and_trailing_text_are_refused},
        {"stray characters and lone operators are refused", test_stray_characters_and_lone_operators_are_refused},
        {"malformed numbers are refused", test_malformed_numbers_are_refused},
        {"chained comparisons are refused", test_chained_comparisons_are_refused},
        {"not before arithmetic or a comparison needs parentheses",
         test_not_before_arithmetic_or_a_comparison_needs_parentheses},
        {"nesting beyond the limit is refused", test_nesting_beyond_the_limit_is_refused},
        {"bad attribute tables and arguments are internal errors",
         test_bad_attribute_tables_and_arguments_are_internal_errors},
        {"random rules agree with a naive evaluator", test_random_rules_agree_with_a_naive_evaluator},
        {"mangled rules fail cleanly with a column in the text",
         test_mangled_rules_fail_cleanly_with_a_column_in_the_text},
        {"a million evaluations agree with C", test_a_million_evaluations_agree_with_c},
        {NULL, NULL},
    };
    return cs_test_run("rule", cases);
}
