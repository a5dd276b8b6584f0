/* test_yaml.c -- cs_yaml: tree shape and positions, every loader error with
 * its exact message, anchors and merge keys, and the scalar conversions. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_status.h"
#include "cs_test.h"
#include "cs_yaml.h"

/* Loads text as "t.yaml" with messages captured; returns the status and
 * stores the captured text in *msgs (caller frees). */
static int load(const char *text, size_t len, cs_yaml_doc **doc, char **msgs, int *errors)
{
    size_t size = 0;
    *msgs = NULL;
    FILE *s = open_memstream(msgs, &size);
    cs_msg msg = {.stream = s};
    int rc = cs_yaml_load_string(text, len, "t.yaml", &msg, doc);
    fclose(s);
    *errors = msg.errors;
    return rc;
}

/* Loads text that must parse cleanly. */
static cs_yaml_doc *load_ok(const char *text)
{
    cs_yaml_doc *doc = NULL;
    char *msgs;
    int errors;
    int rc = load(text, strlen(text), &doc, &msgs, &errors);
    CU_ASSERT_EQUAL(rc, CS_OK);
    CU_ASSERT_EQUAL(errors, 0);
    CU_ASSERT_STRING_EQUAL(msgs, "");
    if (rc != CS_OK) fprintf(stderr, "unexpected: %s", msgs);
    free(msgs);
    return doc;
}

/* Loads text that must fail with CS_ERR_CONFIG and exactly one message. */
static void check_error(const char *text, size_t len, const char *want)
{
    cs_yaml_doc *doc = (cs_yaml_doc *)&doc; /* must be reset to NULL */
    char *msgs;
    int errors;
    CU_ASSERT_EQUAL(load(text, len, &doc, &msgs, &errors), CS_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(doc);
    CU_ASSERT_EQUAL(errors, 1);
    CU_ASSERT_STRING_EQUAL(msgs, want);
    if (strcmp(msgs, want) != 0) fprintf(stderr, "\n  got:  %s  want: %s", msgs, want);
    free(msgs);
}

static void check_err(const char *text, const char *want)
{
    check_error(text, strlen(text), want);
}

#define CHECK_POS(node, l, c)                                                                      \
    do {                                                                                           \
        CU_ASSERT_EQUAL((node)->line, (l));                                                        \
        CU_ASSERT_EQUAL((node)->col, (c));                                                         \
    } while (0)

static const char tree_text[] = "name: demo\n"                 /* 1 */
                                "population: 1e6\n"            /* 2 */
                                "transmission:\n"              /* 3 */
                                "  beta: 0.3\n"                /* 4 */
                                "  stages: [a, \"b\"]\n"       /* 5 */
                                "policies:\n"                  /* 6 */
                                "  - kind: mask\n"             /* 7 */
                                "    coverage: 0.5\n"          /* 8 */
                                "  - kind: school   # note\n"  /* 9 */
                                "empty:\n"                     /* 10 */
                                "text: |\n"                    /* 11 */
                                "  hello\n"                    /* 12 */
                                "'quoted key': 'x'\n";         /* 13 */

static void test_tree_positions(void)
{
    cs_yaml_doc *doc = load_ok(tree_text);
    CU_ASSERT_PTR_NOT_NULL_FATAL(doc);
    CU_ASSERT_STRING_EQUAL(cs_yaml_name(doc), "t.yaml");
    const cs_yaml_node *root = cs_yaml_root(doc);
    CU_ASSERT_PTR_NOT_NULL_FATAL(root);
    CU_ASSERT_EQUAL(root->kind, CS_YAML_MAP);
    CHECK_POS(root, 1, 1);
    CU_ASSERT_EQUAL_FATAL(root->n, 7);
    const char *order[] = {"name", "population", "transmission", "policies", "empty", "text",
                           "quoted key"};
    for (size_t i = 0; i < 7; i++) CU_ASSERT_STRING_EQUAL(root->pairs[i].key, order[i]);

    const cs_yaml_pair *p = cs_yaml_get_pair(root, "name");
    CU_ASSERT_PTR_EQUAL(p, &root->pairs[0]);
    CU_ASSERT_EQUAL(p->line, 1);
    CU_ASSERT_EQUAL(p->col, 1);
    CU_ASSERT_EQUAL(p->value->kind, CS_YAML_SCALAR);
    CU_ASSERT_STRING_EQUAL(p->value->scalar, "demo");
    CU_ASSERT_FALSE(p->value->quoted);
    CHECK_POS(p->value, 1, 7);

    const cs_yaml_node *tr = cs_yaml_get(root, "transmission");
    CU_ASSERT_EQUAL_FATAL(tr->kind, CS_YAML_MAP);
    CHECK_POS(tr, 4, 3);
    p = cs_yaml_get_pair(tr, "stages");
    CU_ASSERT_EQUAL(p->line, 5);
    CU_ASSERT_EQUAL(p->col, 3);
    const cs_yaml_node *st = p->value;
    CU_ASSERT_EQUAL_FATAL(st->kind, CS_YAML_SEQ);
    CHECK_POS(st, 5, 11);
    CU_ASSERT_EQUAL_FATAL(st->n, 2);
    CU_ASSERT_STRING_EQUAL(st->items[0]->scalar, "a");
    CU_ASSERT_FALSE(st->items[0]->quoted);
    CHECK_POS(st->items[0], 5, 12);
    CU_ASSERT_STRING_EQUAL(st->items[1]->scalar, "b");
    CU_ASSERT_TRUE(st->items[1]->quoted);
    CHECK_POS(st->items[1], 5, 15);

    const cs_yaml_node *pol = cs_yaml_get(root, "policies");
    CU_ASSERT_EQUAL_FATAL(pol->kind, CS_YAML_SEQ);
    CHECK_POS(pol, 7, 3);
    CU_ASSERT_EQUAL_FATAL(pol->n, 2);
    CU_ASSERT_EQUAL(pol->items[0]->kind, CS_YAML_MAP);
    CHECK_POS(pol->items[0], 7, 5);
    p = cs_yaml_get_pair(pol->items[0], "coverage");
    CU_ASSERT_EQUAL(p->line, 8);
    CU_ASSERT_EQUAL(p->col, 5);
    CHECK_POS(p->value, 8, 15);
    CU_ASSERT_STRING_EQUAL(cs_yaml_get(pol->items[1], "kind")->scalar, "school");
    CHECK_POS(cs_yaml_get(pol->items[1], "kind"), 9, 11);

    const cs_yaml_node *e = cs_yaml_get(root, "empty");
    CU_ASSERT_EQUAL(e->kind, CS_YAML_SCALAR);
    CU_ASSERT_STRING_EQUAL(e->scalar, "");
    CU_ASSERT_FALSE(e->quoted);
    const cs_yaml_node *t = cs_yaml_get(root, "text");
    CU_ASSERT_STRING_EQUAL(t->scalar, "hello\n");
    CU_ASSERT_TRUE(t->quoted);
    CHECK_POS(t, 11, 7);
    p = cs_yaml_get_pair(root, "quoted key");
    CU_ASSERT_EQUAL(p->line, 13);
    CU_ASSERT_EQUAL(p->col, 1);
    CU_ASSERT_TRUE(p->value->quoted);

    /* lookups that miss */
    CU_ASSERT_PTR_NULL(cs_yaml_get(root, "Name"));
    CU_ASSERT_PTR_NULL(cs_yaml_get(pol, "kind"));       /* a sequence */
    CU_ASSERT_PTR_NULL(cs_yaml_get(e, "x"));            /* a scalar */
    CU_ASSERT_PTR_NULL(cs_yaml_get(NULL, "x"));
    CU_ASSERT_PTR_NULL(cs_yaml_get_pair(root, NULL));
    cs_yaml_destroy(&doc);
    CU_ASSERT_PTR_NULL(doc);
    cs_yaml_destroy(&doc);
    cs_yaml_destroy(NULL);
}

static void test_flow_and_scalar_root(void)
{
    cs_yaml_doc *doc = load_ok("{a: [1, {b: c}], d: []}");
    const cs_yaml_node *r = cs_yaml_root(doc);
    CU_ASSERT_EQUAL_FATAL(r->kind, CS_YAML_MAP);
    const cs_yaml_node *a = cs_yaml_get(r, "a");
    CU_ASSERT_EQUAL_FATAL(a->n, 2);
    CHECK_POS(a->items[1], 1, 9);
    CU_ASSERT_STRING_EQUAL(cs_yaml_get(a->items[1], "b")->scalar, "c");
    CU_ASSERT_EQUAL(cs_yaml_get(r, "d")->kind, CS_YAML_SEQ);
    CU_ASSERT_EQUAL(cs_yaml_get(r, "d")->n, 0);
    cs_yaml_destroy(&doc);

    doc = load_ok("--- 42\n...\n");
    CU_ASSERT_STRING_EQUAL(cs_yaml_root(doc)->scalar, "42");
    CHECK_POS(cs_yaml_root(doc), 1, 5);
    cs_yaml_destroy(&doc);
}

static void test_empty_documents(void)
{
    const char *empties[] = {"", "# only a comment\n\n# another\n", "---\n", "---\n...\n",
                             "\n\n   \n"};
    for (size_t i = 0; i < sizeof empties / sizeof empties[0]; i++) {
        cs_yaml_doc *doc = load_ok(empties[i]);
        CU_ASSERT_PTR_NOT_NULL(doc);
        CU_ASSERT_PTR_NULL(cs_yaml_root(doc));
        cs_yaml_destroy(&doc);
    }
    /* text pointer NULL with length 0 */
    cs_yaml_doc *doc = NULL;
    cs_msg msg = {.quiet = 1};
    CU_ASSERT_EQUAL(cs_yaml_load_string(NULL, 0, NULL, &msg, &doc), CS_OK);
    CU_ASSERT_PTR_NULL(cs_yaml_root(doc));
    CU_ASSERT_STRING_EQUAL(cs_yaml_name(doc), "<input>");
    cs_yaml_destroy(&doc);
    /* a quoted empty string is a document */
    doc = load_ok("''\n");
    CU_ASSERT_PTR_NOT_NULL(cs_yaml_root(doc));
    cs_yaml_destroy(&doc);
}

static void test_malformed(void)
{
    check_err("a: 1\nb: c: d\n",
              "t.yaml:2:5: malformed YAML: mapping values are not allowed in this context\n");
    check_err("a: 1\n b: 2\n",
              "t.yaml:2:3: malformed YAML: mapping values are not allowed in this context\n");
    check_err("a:\n  - 1\n  b: 2\n",
              "t.yaml:3:3: malformed YAML: did not find expected '-' indicator "
              "(while parsing a block collection at line 2, column 3)\n");
    check_err("a: [1, 2\n",
              "t.yaml:2:1: malformed YAML: did not find expected ',' or ']' "
              "(while parsing a flow sequence at line 1, column 4)\n");
    check_err("a: \"open\n",
              "t.yaml:2:1: malformed YAML: found unexpected end of stream "
              "(while scanning a quoted scalar at line 1, column 4)\n");
    /* a tab used for indentation */
    check_err("a:\n\tb: 1\n",
              "t.yaml:2:1: malformed YAML: found character that cannot start any token "
              "(while scanning for the next token at line 2, column 1)\n");
    /* reader errors: positions from the byte offset */
    check_err("a: 1\nb: \xff\n",
              "t.yaml:2:4: malformed YAML: invalid leading UTF-8 octet (#xFF)\n");
    check_error("a: x\0y\n", 7,
                "t.yaml:1:5: malformed YAML: control characters are not allowed (#x0)\n");
}

static void test_duplicate_keys(void)
{
    check_err("a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n",
              "t.yaml:5:3: c: duplicate key (first at line 3)\n");
    check_err("x: 1\n\"x\": 2\n", "t.yaml:2:1: x: duplicate key (first at line 1)\n");
    check_err("{k: 1, k: 2}", "t.yaml:1:8: k: duplicate key (first at line 1)\n");
    /* the same key in different mappings is fine */
    cs_yaml_doc *doc = load_ok("a: {k: 1}\nb: {k: 2}\n");
    cs_yaml_destroy(&doc);
}

static void test_multiple_documents(void)
{
    check_err("a: 1\n---\nb: 2\n", "t.yaml:2:1: only one YAML document per file is allowed\n");
    check_err("--- 1\n--- 2\n", "t.yaml:2:1: only one YAML document per file is allowed\n");
    check_err("a: 1\n...\n---\nb: 2\n", "t.yaml:3:1: only one YAML document per file is allowed\n");
}

static void test_non_scalar_keys(void)
{
    check_err("? [a, b]\n: 1\n", "t.yaml:1:3: mapping keys must be scalars, got a sequence\n");
    check_err("? {a: 1}\n: 1\n", "t.yaml:1:3: mapping keys must be scalars, got a mapping\n");
    check_err("x: &m {a: 1}\n*m : 2\n",
              "t.yaml:2:1: mapping keys must be scalars, got a mapping\n");
}

static void test_tags_nul_depth(void)
{
    check_err("a: !!int 5\n",
              "t.yaml:1:4: unsupported YAML tag tag:yaml.org,2002:int "
              "(write the plain value instead)\n");
    check_err("a: !custom [1]\n",
              "t.yaml:1:4: unsupported YAML tag !custom (write the plain value instead)\n");
    check_err("a: \"x\\0y\"\n", "t.yaml:1:4: a scalar may not contain a NUL character\n");
    /* string tags are accepted and make the scalar a string */
    cs_yaml_doc *doc = load_ok("a: !!str 5\nb: ! 6\nc: !!map {}\nd: !!seq []\n");
    const cs_yaml_node *r = cs_yaml_root(doc);
    CU_ASSERT_TRUE(cs_yaml_get(r, "a")->quoted);
    CU_ASSERT_TRUE(cs_yaml_get(r, "b")->quoted);
    double v;
    CU_ASSERT_EQUAL(cs_yaml_to_double(cs_yaml_get(r, "a"), &v), -1);
    cs_yaml_destroy(&doc);

    char deep[2 * CS_YAML_MAX_DEPTH + 8];
    size_t k = 0;
    for (int i = 0; i < CS_YAML_MAX_DEPTH; i++) deep[k++] = '[';
    for (int i = 0; i < CS_YAML_MAX_DEPTH; i++) deep[k++] = ']';
    deep[k] = '\0';
    doc = load_ok(deep); /* exactly the limit */
    cs_yaml_destroy(&doc);
    char deeper[sizeof deep + 2];
    snprintf(deeper, sizeof deeper, "[%s]", deep);
    char want[128];
    snprintf(want, sizeof want, "t.yaml:1:%d: nesting deeper than %d levels\n",
             CS_YAML_MAX_DEPTH + 1, CS_YAML_MAX_DEPTH);
    check_err(deeper, want);
}

static void test_aliases(void)
{
    cs_yaml_doc *doc = load_ok("base: &b\n  x: 1\n  y: [1, 2]\n"
                               "copy: *b\n"
                               "name: &n hello\n"
                               "again: *n\n"
                               "*n : key from an alias\n");
    const cs_yaml_node *r = cs_yaml_root(doc);
    CU_ASSERT_PTR_EQUAL(cs_yaml_get(r, "copy"), cs_yaml_get(r, "base")); /* shared */
    CHECK_POS(cs_yaml_get(r, "copy"), 1, 7); /* an anchored node starts at its anchor */
    CU_ASSERT_STRING_EQUAL(cs_yaml_get(r, "again")->scalar, "hello");
    const cs_yaml_pair *p = cs_yaml_get_pair(r, "hello");
    CU_ASSERT_PTR_NOT_NULL_FATAL(p);
    CU_ASSERT_EQUAL(p->line, 7);
    CU_ASSERT_EQUAL(p->col, 1);
    cs_yaml_destroy(&doc);

    /* a redefined anchor names the newer node */
    doc = load_ok("a: &x 1\nb: &x 2\nc: *x\n");
    CU_ASSERT_STRING_EQUAL(cs_yaml_get(cs_yaml_root(doc), "c")->scalar, "2");
    cs_yaml_destroy(&doc);

    check_err("a: *nope\n",
              "t.yaml:1:4: undefined alias *nope (an anchor must be complete before it is used)\n");
    check_err("a: &x [1, *x]\n",
              "t.yaml:1:11: undefined alias *x (an anchor must be complete before it is used)\n");
    check_err("&k a: 1\n*k : 2\n", "t.yaml:2:1: a: duplicate key (first at line 1)\n");
}

static void test_merge_keys(void)
{
    cs_yaml_doc *doc = load_ok("defaults: &d\n  beta: 0.3\n  gamma: 0.1\n"   /* 1-3 */
                               "other: &o\n  gamma: 0.2\n  delta: 7\n"        /* 4-6 */
                               "run:\n  <<: [*d, *o]\n  beta: 0.5\n"          /* 7-9 */
                               "one:\n  <<: *o\n");                           /* 10-11 */
    const cs_yaml_node *r = cs_yaml_root(doc);
    const cs_yaml_node *run = cs_yaml_get(r, "run");
    CU_ASSERT_EQUAL_FATAL(run->n, 3);
    CU_ASSERT_STRING_EQUAL(run->pairs[0].key, "beta"); /* explicit first, and it wins */
    CU_ASSERT_STRING_EQUAL(run->pairs[0].value->scalar, "0.5");
    CU_ASSERT_EQUAL(run->pairs[0].line, 9);
    CU_ASSERT_STRING_EQUAL(run->pairs[1].key, "gamma"); /* earlier source wins */
    CU_ASSERT_STRING_EQUAL(run->pairs[1].value->scalar, "0.1");
    CU_ASSERT_EQUAL(run->pairs[1].line, 3);
    CU_ASSERT_STRING_EQUAL(run->pairs[2].key, "delta");
    CU_ASSERT_PTR_NULL(cs_yaml_get(run, "<<"));
    CU_ASSERT_EQUAL(cs_yaml_get(r, "one")->n, 2);
    cs_yaml_destroy(&doc);

    /* a quoted "<<" is an ordinary key */
    doc = load_ok("'<<': 1\n");
    CU_ASSERT_STRING_EQUAL(cs_yaml_get(cs_yaml_root(doc), "<<")->scalar, "1");
    cs_yaml_destroy(&doc);

    check_err("a: &s 1\nb:\n  <<: *s\n",
              "t.yaml:3:3: <<: a merge key takes a mapping or a sequence of mappings, "
              "got a scalar\n");
    check_err("b:\n  <<: [{x: 1}, [2]]\n",
              "t.yaml:2:3: <<: a merge key takes a mapping or a sequence of mappings, "
              "got a sequence holding a sequence\n");
    check_err("b:\n  <<: {x: 1}\n  <<: {y: 1}\n",
              "t.yaml:3:3: <<: duplicate key (first at line 2)\n");
}

static void test_load_file(void)
{
    char path[512], want[2048];
    snprintf(path, sizeof path, "%s/cfg.yaml", cs_test_tmpdir());
    FILE *f = fopen(path, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs("a: 1\na: 2\n", f);
    fclose(f);

    char *buf = NULL;
    size_t size = 0;
    FILE *s = open_memstream(&buf, &size);
    cs_msg msg = {.stream = s};
    cs_yaml_doc *doc = NULL;
    CU_ASSERT_EQUAL(cs_yaml_load_file(path, &msg, &doc), CS_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(doc);
    fflush(s);
    snprintf(want, sizeof want, "%s:2:1: a: duplicate key (first at line 1)\n", path);
    CU_ASSERT_STRING_EQUAL(buf, want);

    f = fopen(path, "w");
    fputs("a: 1\n", f);
    fclose(f);
    CU_ASSERT_EQUAL(cs_yaml_load_file(path, &msg, &doc), CS_OK);
    CU_ASSERT_STRING_EQUAL(cs_yaml_name(doc), path);
    CU_ASSERT_STRING_EQUAL(cs_yaml_get(cs_yaml_root(doc), "a")->scalar, "1");
    cs_yaml_destroy(&doc);
    remove(path);

    CU_ASSERT_EQUAL(cs_yaml_load_file(path, &msg, &doc), CS_ERR_IO);
    CU_ASSERT_PTR_NULL(doc);
    fclose(s);
    snprintf(want, sizeof want,
             "%s:2:1: a: duplicate key (first at line 1)\n"
             "%s: cannot read: No such file or directory\n",
             path, path);
    CU_ASSERT_STRING_EQUAL(buf, want);
    CU_ASSERT_EQUAL(msg.errors, 2);
    free(buf);
}

/* ---- conversions ---------------------------------------------------- */

/* Replaces *doc by a document parsed from text; returns its root (owned by *doc). */
static const cs_yaml_node *scalar_of(cs_yaml_doc **doc, const char *text)
{
    cs_yaml_destroy(doc);
    *doc = load_ok(text);
    return cs_yaml_root(*doc);
}

static void test_to_double(void)
{
    static const struct { const char *text; double want; } ok[] = {
        {"0", 0},         {"-0.5", -0.5},    {"3", 3},          {"+2.25", 2.25},
        {"1e6", 1e6},     {"2.5E-3", 2.5e-3}, {".5", 0.5},      {"5.", 5},
        {"1_000.5", 1000.5}, {"1e-400", 0}, {"0.1", 0.1},     {"-1.5e+2", -150},
    };
    cs_yaml_doc *doc = NULL;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double v = -99;
        CU_ASSERT_EQUAL(cs_yaml_to_double(scalar_of(&doc, ok[i].text), &v), 0);
        CU_ASSERT_EQUAL(v, ok[i].want);
    }
    double v = 0;
    CU_ASSERT_EQUAL(cs_yaml_to_double(scalar_of(&doc, ".inf"), &v), 0);
    CU_ASSERT_TRUE(isinf(v) && v > 0);
    CU_ASSERT_EQUAL(cs_yaml_to_double(scalar_of(&doc, "-.Inf"), &v), 0);
    CU_ASSERT_TRUE(isinf(v) && v < 0);
    CU_ASSERT_EQUAL(cs_yaml_to_double(scalar_of(&doc, "+.INF"), &v), 0);
    CU_ASSERT_TRUE(isinf(v) && v > 0);

    static const char *const bad[] = {
        ".nan", "nan", "NaN", "inf", "0x10", "1.5x", "1e", "1e+", "e5", ".", "-", "+.",
        "1_", "_1", "1__0", "1._5", "010", "00.5", "1.2.3", "1e400", "- 1", "'12'",
        "\"1.5\"", "true", "~", "[1]", "{a: 1}", "1 2", "1,5",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        v = 123;
        int rc = cs_yaml_to_double(scalar_of(&doc, bad[i]), &v);
        CU_ASSERT_EQUAL(rc, -1);
        CU_ASSERT_EQUAL(v, 123);
        if (rc != -1) fprintf(stderr, "\n  accepted as double: %s", bad[i]);
    }
    /* an empty value */
    CU_ASSERT_EQUAL(cs_yaml_to_double(cs_yaml_get(scalar_of(&doc, "a:\n"), "a"), &v), -1);
    CU_ASSERT_EQUAL(cs_yaml_to_double(NULL, &v), -1);
    cs_yaml_destroy(&doc);
}

static void test_to_int64(void)
{
    static const struct { const char *text; int64_t want; } ok[] = {
        {"0", 0},
        {"42", 42},
        {"-7", -7},
        {"+7", 7},
        {"-0", 0},
        {"1_000_000", 1000000},
        {"1e6", 1000000},
        {"2.5e6", 2500000},
        {"2.5e3", 2500},
        {"1.5E+2", 150},
        {"1.25e2", 125},
        {"5.e2", 500},
        {"250e-1", 25},
        {"0e-5", 0},
        {"0.0e0", 0},
        {"1.000e1", 10},
        {"9223372036854775807", INT64_MAX},
        {"-9223372036854775808", INT64_MIN},
        {"9.223372036854775807e18", INT64_MAX},
        {"-9.223372036854775808e18", INT64_MIN},
        {"0e100000000000", 0},
    };
    cs_yaml_doc *doc = NULL;
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        int64_t v = -99;
        int rc = cs_yaml_to_int64(scalar_of(&doc, ok[i].text), &v);
        CU_ASSERT_EQUAL(rc, 0);
        CU_ASSERT_EQUAL(v, ok[i].want);
        if (rc != 0 || v != ok[i].want)
            fprintf(stderr, "\n  int64 %s -> %d %lld", ok[i].text, rc, (long long)v);
    }
    static const char *const bad[] = {
        "1.5", "2.0", "5.", "25e-1", "1.5e0", "1e-1", "9223372036854775808",
        "-9223372036854775809", "1e19", "9.3e18", "1e100000000", "0x10", "010", "1_", "12abc",
        "'12'", "\"12\"", "|\n  12\n", ".inf", "true", "", "1e", "1 000",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int64_t v = 123;
        const cs_yaml_node *n = bad[i][0] ? scalar_of(&doc, bad[i])
                                          : cs_yaml_get(scalar_of(&doc, "a:"), "a");
        int rc = cs_yaml_to_int64(n, &v);
        CU_ASSERT_EQUAL(rc, -1);
        CU_ASSERT_EQUAL(v, 123);
        if (rc != -1) fprintf(stderr, "\n  accepted as int64: %s", bad[i]);
    }
    int64_t v;
    CU_ASSERT_EQUAL(cs_yaml_to_int64(scalar_of(&doc, "[1]"), &v), -1);
    cs_yaml_destroy(&doc);
}

static void test_to_bool(void)
{
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes",
                                      "YES",  "on",   "On",   "ON"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No",
                                     "NO",    "off",   "Off",   "OFF"};
    static const char *const bad[] = {"tRUE", "1",  "0",     "y",     "n",
                                      "'true'", "\"no\"", "truth", "[true]"};
    cs_yaml_doc *doc = NULL;
    for (size_t i = 0; i < 9; i++) {
        int v = -1;
        CU_ASSERT_EQUAL(cs_yaml_to_bool(scalar_of(&doc, yes[i]), &v), 0);
        CU_ASSERT_EQUAL(v, 1);
        CU_ASSERT_EQUAL(cs_yaml_to_bool(scalar_of(&doc, no[i]), &v), 0);
        CU_ASSERT_EQUAL(v, 0);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        int v = 7;
        CU_ASSERT_EQUAL(cs_yaml_to_bool(scalar_of(&doc, bad[i]), &v), -1);
        CU_ASSERT_EQUAL(v, 7);
    }
    cs_yaml_destroy(&doc);
}

static void test_kind_names(void)
{
    CU_ASSERT_STRING_EQUAL(cs_yaml_kind_name(CS_YAML_SCALAR), "a scalar");
    CU_ASSERT_STRING_EQUAL(cs_yaml_kind_name(CS_YAML_MAP), "a mapping");
    CU_ASSERT_STRING_EQUAL(cs_yaml_kind_name(CS_YAML_SEQ), "a sequence");
}

int main(void)
{
    static const cs_test_case cases[] = {
        {"tree_positions", test_tree_positions},
        {"flow_and_scalar_root", test_flow_and_scalar_root},
        {"empty_documents", test_empty_documents},
        {"malformed", test_malformed},
        {"duplicate_keys", test_duplicate_keys},
        {"multiple_documents", test_multiple_documents},
        {"non_scalar_keys", test_non_scalar_keys},
        {"tags_nul_depth", test_tags_nul_depth},
        {"aliases", test_aliases},
        {"merge_keys", test_merge_keys},
        {"load_file", test_load_file},
        {"to_double", test_to_double},
        {"to_int64", test_to_int64},
        {"to_bool", test_to_bool},
        {"kind_names", test_kind_names},
        {NULL, NULL},
    };
    return cs_test_run("yaml", cases);
}
