/* scenario_support.c -- helpers shared by the scenario tests (see
 * scenario_support.h). */
#include "scenario_support.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cs_status.h"
#include "cs_strbuf.h"

/* ---- the toy model registry ------------------------------------------ */

static int toy_setup(void *model, cs_setup *s)
{
    (void)model;
    (void)s;
    return CS_ERR_INTERNAL; /* loading a scenario must never set the model up */
}

const cs_model_ops toy_ops = {.name = "toy", .description = "a model for loading tests", .state_size = 1,
                              .setup = toy_setup};
const cs_model_ops *const cs_builtin_models[] = {&toy_ops, NULL};

/* ---- files ------------------------------------------------------------ */

/* tmpdir/rel, creating the folders on the way. */
pathbuf tmp_path(const char *rel)
{
    pathbuf p;
    snprintf(p.s, sizeof p.s, "%s/%s", cs_test_tmpdir(), rel);
    for (char *c = p.s + strlen(cs_test_tmpdir()) + 1; *c; c++)
        if (*c == '/') {
            *c = '\0';
            mkdir(p.s, 0700);
            *c = '/';
        }
    return p;
}

/* Writes text to tmpdir/rel; returns its path (empty when it cannot be written). */
static pathbuf put_file(const char *rel, const char *text)
{
    pathbuf p = tmp_path(rel);
    FILE *f = fopen(p.s, "w");
    if (!f || fputs(text, f) < 0) p.s[0] = '\0';
    if (f && fclose(f) != 0) p.s[0] = '\0';
    return p;
}

pathbuf put(const char *rel, const char *text)
{
    pathbuf p = put_file(rel, text);
    CU_ASSERT_FATAL(p.s[0] != '\0');
    return p;
}

/* The toy model file.  Line numbers matter: messages name them. */
const char toy_model[] = "model: toy\n"            /* 1 */
                         "sources:\n"              /* 2 */
                         "  S1: \"a source\"\n"    /* 3 */
                         "parameters:\n"           /* 4 */
                         "  growth:\n"             /* 5 */
                         "    rate:\n"             /* 6 */
                         "      value: 0.5\n"      /* 7 */
                         "      unit: per night\n" /* 8 */
                         "      bounds: [0, 1]\n"  /* 9 */
                         "      range: [0.1, 0.9]\n" /* 10 */
                         "      source: S1\n"      /* 11 */
                         "      help: a rate\n"    /* 12 */
                         "    count:\n"            /* 13 */
                         "      value: 3\n"        /* 14 */
                         "      type: integer\n"   /* 15 */
                         "      unit: agents\n"    /* 16 */
                         "      bounds: [0, 10]\n" /* 17 */
                         "      source: S1\n"      /* 18 */
                         "      help: a count\n"   /* 19 */
                         "  mode:\n"               /* 20 */
                         "    value: fast\n"       /* 21 */
                         "    type: string\n"      /* 22 */
                         "    unit: choice\n"      /* 23 */
                         "    source: S1\n"        /* 24 */
                         "    help: a mode\n"      /* 25 */
                         "  enabled:\n"            /* 26 */
                         "    value: true\n"       /* 27 */
                         "    type: bool\n"        /* 28 */
                         "    unit: flag\n"        /* 29 */
                         "    source: S1\n"        /* 30 */
                         "    help: a flag\n"      /* 31 */
                         "  weights:\n"            /* 32 */
                         "    value: [1, 2]\n"     /* 33 */
                         "    unit: w\n"           /* 34 */
                         "    bounds: [0, 100]\n"  /* 35 */
                         "    range: [0.5, 2]\n"   /* 36 */
                         "    source: S1\n"        /* 37 */
                         "    help: weights\n";    /* 38 */

pathbuf model_path, model_via_scen;

/* A scenario in tmp/scen/ with the given text. */
pathbuf scenario(const char *name, const char *text)
{
    char rel[256];
    snprintf(rel, sizeof rel, "scen/%s", name);
    return put(rel, text);
}

/* Loads with messages captured into *msgs (caller frees). */
int load(const char *path, const char *const *sets, size_t n, char **msgs, int *errors, cs_scenario **sc)
{
    size_t size = 0;
    *msgs = NULL;
    FILE *s = open_memstream(msgs, &size);
    cs_msg msg = {.stream = s};
    int rc = cs_scenario_load(path, sets, n, MPI_COMM_WORLD, &msg, sc);
    fclose(s);
    if (errors) *errors = msg.errors;
    return rc;
}

/* Loads what must load cleanly. */
cs_scenario *load_ok(const char *path, const char *const *sets, size_t n)
{
    cs_scenario *sc = NULL;
    char *msgs;
    int rc = load(path, sets, n, &msgs, NULL, &sc);
    CU_ASSERT_EQUAL(rc, CS_OK);
    CU_ASSERT_STRING_EQUAL(msgs, "");
    if (rc != CS_OK) fprintf(stderr, "\n  unexpected (%d): %s", rc, msgs);
    free(msgs);
    return sc;
}

/* Loads what must fail with `want_rc` and exactly the messages `want`. */
void expect_fail(const char *path, const char *const *sets, size_t n, int want_rc, const char *want)
{
    cs_scenario *sc = (cs_scenario *)&sc; /* must be reset to NULL */
    char *msgs;
    int rc = load(path, sets, n, &msgs, NULL, &sc);
    CU_ASSERT_EQUAL(rc, want_rc);
    CU_ASSERT_PTR_NULL(sc);
    CU_ASSERT_STRING_EQUAL(msgs, want);
    if (strcmp(msgs, want) != 0 || rc != want_rc)
        fprintf(stderr, "\n  rc %d (want %d)\n  got:  [%s]\n  want: [%s]\n", rc, want_rc, msgs, want);
    free(msgs);
}

/* printf into a static buffer, for expected messages naming tmp paths. */
const char *fmt(const char *f, ...)
{
    static char buf[8][4096];
    static int k;
    char *b = buf[k++ % 8];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, sizeof buf[0], f, ap);
    va_end(ap);
    return b;
}

cs_param *row(cs_scenario *sc, const char *path)
{
    cs_param *r = cs_params_find(sc->params, path);
    CU_ASSERT_PTR_NOT_NULL_FATAL(r);
    return r;
}

/* ---- the resolved YAML ------------------------------------------------ */

char *resolved(const cs_scenario *sc, int annotate)
{
    cs_strbuf b;
    cs_strbuf_init(&b);
    CU_ASSERT_EQUAL(cs_scenario_resolved_yaml(sc, annotate, &b, NULL), CS_OK);
    char *text = strdup(cs_strbuf_str(&b));
    cs_strbuf_free(&b);
    return text;
}

const char *line_starting(const char *text, const char *prefix, char *line, size_t size)
{
    line[0] = '\0';
    for (const char *c = text; c && *c;) {
        const char *end = strchr(c, '\n');
        size_t n = end ? (size_t)(end - c) : strlen(c);
        if (strncmp(c, prefix, strlen(prefix)) == 0) {
            snprintf(line, size, "%.*s", (int)n, c);
            return line;
        }
        c = end ? end + 1 : NULL;
    }
    return line;
}

/* Every row of a and b has the same path, type and value; so do the
 * resolved settings and surveys. */
static void expect_same_values(const cs_scenario *a, const cs_scenario *b)
{
    CU_ASSERT_EQUAL_FATAL(cs_params_count(a->params), cs_params_count(b->params));
    for (size_t k = 0; k < cs_params_count(a->params); k++) {
        const cs_param *x = cs_params_at(a->params, k);
        const cs_param *y = cs_params_find(b->params, x->path);
        CU_ASSERT_PTR_NOT_NULL_FATAL(y);
        CU_ASSERT_EQUAL(x->type, y->type);
        int same = 1;
        switch (x->type) {
        case CS_PARAM_REAL: same = x->real == y->real; break;
        case CS_PARAM_INT:
        case CS_PARAM_BOOL: same = x->integer == y->integer; break;
        case CS_PARAM_STRING:
            same = strcmp(x->string, y->string) == 0 || strcmp(x->path, "model") == 0; /* made absolute */
            break;
        case CS_PARAM_REAL_LIST:
            same = x->list_len == y->list_len;
            for (size_t i = 0; same && i < x->list_len; i++) same = x->list[i] == y->list[i];
            break;
        }
        CU_ASSERT(same);
        if (!same) fprintf(stderr, "\n  %s differs after reloading\n", x->path);
    }
    CU_ASSERT_EQUAL(a->seed, b->seed);
    CU_ASSERT_EQUAL(a->population, b->population);
    CU_ASSERT_EQUAL(a->nights, b->nights);
    CU_ASSERT_EQUAL(a->start_day_of_year, b->start_day_of_year);
    CU_ASSERT_EQUAL(a->period_nights, b->period_nights);
    CU_ASSERT_EQUAL(a->replicates, b->replicates);
    CU_ASSERT_EQUAL(a->agents_output, b->agents_output);
    CU_ASSERT_EQUAL_FATAL(a->n_surveys, b->n_surveys);
    for (size_t k = 0; k < a->n_surveys; k++) {
        CU_ASSERT_STRING_EQUAL(a->surveys[k].name, b->surveys[k].name);
        CU_ASSERT_STRING_EQUAL(a->surveys[k].description, b->surveys[k].description);
        CU_ASSERT_EQUAL(a->surveys[k].recall_nights, b->surveys[k].recall_nights);
        CU_ASSERT_EQUAL(a->surveys[k].at_night, b->surveys[k].at_night);
    }
}

void expect_reload(const cs_scenario *sc, int annotate, const char *rel)
{
    char *text = resolved(sc, annotate);
    pathbuf r = put(rel, text);
    free(text);
    cs_scenario *back = load_ok(r.s, NULL, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(back);
    expect_same_values(sc, back);
    cs_scenario_destroy(&back);
}

int scenario_support_init(void)
{
    if (!put_file("m/toy.yaml", toy_model).s[0]) return -1;
    model_path = tmp_path("m/toy.yaml");
    model_via_scen = tmp_path("scen/../m/toy.yaml");
    return 0;
}
