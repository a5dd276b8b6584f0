/* cs_params.c -- parameter table: storage, typed setters with bounds
 * checks, getters for model code, and formatting.  The table is built once
 * at setup (a few hundred rows), so rows live in one growable array and
 * lookups are linear. */
#include "cs_params.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_status.h"
#include "cs_suggest.h"

typedef struct cs_params_blob {
    struct cs_params_blob *next;
    char data[];
} cs_params_blob;

struct cs_params {
    cs_param *rows;
    size_t n, cap;
    cs_params_blob *blobs; /* interned strings and list copies */
    int out_of_memory;     /* a copy into blobs failed (cs_params_status) */
};

int cs_params_create(cs_params **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? CS_OK : CS_ERR_NOMEM;
}

void cs_params_destroy(cs_params **p)
{
    if (!p || !*p) return;
    for (cs_params_blob *b = (*p)->blobs, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free((*p)->rows);
    free(*p);
    *p = NULL;
}

static void *cs_params_blob_(cs_params *p, size_t bytes)
{
    cs_params_blob *b = malloc(sizeof *b + bytes);
    if (!b) {
        p->out_of_memory = 1;
        return NULL;
    }
    b->next = p->blobs;
    p->blobs = b;
    return b->data;
}

int cs_params_status(const cs_params *p) { return p->out_of_memory ? CS_ERR_NOMEM : CS_OK; }

const char *cs_params_intern(cs_params *p, const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *copy = cs_params_blob_(p, n);
    if (copy) memcpy(copy, s, n);
    return copy;
}

static const double *cs_params_copy_list_(cs_params *p, const double *v, size_t n)
{
    double *copy = cs_params_blob_(p, (n ? n : 1) * sizeof *copy);
    if (copy && n) memcpy(copy, v, n * sizeof *copy);
    return copy;
}

int cs_params_add(cs_params *p, const cs_param *row)
{
    if (cs_params_find(p, row->path)) return CS_ERR_INTERNAL;
    if (p->n == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 64;
        cs_param *rows = realloc(p->rows, cap * sizeof *rows);
        if (!rows) return CS_ERR_NOMEM;
        p->rows = rows;
        p->cap = cap;
    }
    cs_param r = *row;
    r.path = cs_params_intern(p, row->path);
    r.unit = cs_params_intern(p, row->unit);
    r.help = cs_params_intern(p, row->help);
    r.source = cs_params_intern(p, row->source);
    r.choices = cs_params_intern(p, row->choices);
    r.string = cs_params_intern(p, row->string);
    r.list = row->list ? cs_params_copy_list_(p, row->list, row->list_len) : NULL;
    if (!r.path || (row->unit && !r.unit) || (row->help && !r.help) || (row->source && !r.source) ||
        (row->choices && !r.choices) || (row->string && !r.string) || (row->list && !r.list))
        return CS_ERR_NOMEM;
    p->rows[p->n++] = r;
    return CS_OK;
}

size_t cs_params_count(const cs_params *p) { return p->n; }
const cs_param *cs_params_at(const cs_params *p, size_t i) { return i < p->n ? &p->rows[i] : NULL; }

cs_param *cs_params_find(cs_params *p, const char *path)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->rows[i].path, path) == 0) return &p->rows[i];
    return NULL;
}

int cs_params_is_group(const cs_params *p, const char *prefix, int kind_mask)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i < p->n; i++)
        if ((kind_mask & (1 << p->rows[i].kind)) && strncmp(p->rows[i].path, prefix, n) == 0 &&
            p->rows[i].path[n] == '.')
            return 1;
    return 0;
}

const char *cs_params_suggest(const cs_params *p, const char *path, int kind_mask)
{
    const char **paths = malloc((p->n ? p->n : 1) * sizeof *paths);
    if (!paths) return NULL;
    size_t n = 0;
    for (size_t i = 0; i < p->n; i++)
        if (kind_mask & (1 << p->rows[i].kind)) paths[n++] = p->rows[i].path;
    const char *best = cs_suggest(path, paths, n);
    free(paths);
    return best;
}

/* ---- setters -------------------------------------------------------- */

/* A bound as text: integers exactly, reals in their shortest form. */
static void cs_params_bound_(const cs_param *row, double b, char *buf, size_t size)
{
    if (row->type == CS_PARAM_INT && fabs(b) < 1e19)
        snprintf(buf, size, "%.0f", b);
    else
        snprintf(buf, size, "%g", b);
}

static void cs_params_bounds_text_(const cs_param *row, char *buf, size_t size)
{
    char lo[40], hi[40];
    cs_params_bound_(row, row->lo, lo, sizeof lo);
    cs_params_bound_(row, row->hi, hi, sizeof hi);
    if (isinf(row->hi) && row->hi > 0)
        snprintf(buf, size, ">= %s", lo);
    else if (isinf(row->lo) && row->lo < 0)
        snprintf(buf, size, "<= %s", hi);
    else
        snprintf(buf, size, "in [%s, %s]", lo, hi);
}

static int cs_params_check_number_(const cs_param *row, double v, cs_param_origin at, const char *key,
                                   const char *what, cs_msg *msg)
{
    if (isnan(v) || v < row->lo || v > row->hi) {
        char b[96], got[32];
        cs_params_bounds_text_(row, b, sizeof b);
        snprintf(got, sizeof got, "%.15g", v); /* as written, unless 15 digits do not give it back */
        if (strtod(got, NULL) != v) snprintf(got, sizeof got, "%.17g", v);
        cs_msg_at(msg, at.file, at.line, at.col, key, "expected %s %s, got %s", what, b, got);
        return CS_ERR_CONFIG;
    }
    return CS_OK;
}

int cs_params_set_real(cs_params *p, cs_param *row, double v, cs_param_origin at, const char *key, cs_msg *msg)
{
    (void)p;
    if (row->type != CS_PARAM_REAL) return CS_ERR_INTERNAL;
    if (cs_params_check_number_(row, v, at, key, "a number", msg)) return CS_ERR_CONFIG;
    row->real = v;
    row->origin = at;
    return CS_OK;
}

int cs_params_set_int(cs_params *p, cs_param *row, int64_t v, cs_param_origin at, const char *key, cs_msg *msg)
{
    (void)p;
    if (row->type != CS_PARAM_INT) return CS_ERR_INTERNAL;
    /* long double holds every int64 exactly: no rounding at the bounds */
    if ((long double)v < (long double)row->lo || (long double)v > (long double)row->hi) {
        char b[96];
        cs_params_bounds_text_(row, b, sizeof b);
        cs_msg_at(msg, at.file, at.line, at.col, key, "expected an integer %s, got %" PRId64, b, v);
        return CS_ERR_CONFIG;
    }
    row->integer = v;
    row->origin = at;
    return CS_OK;
}

int cs_params_set_bool(cs_params *p, cs_param *row, int v, cs_param_origin at, const char *key, cs_msg *msg)
{
    (void)p;
    (void)key;
    (void)msg;
    if (row->type != CS_PARAM_BOOL) return CS_ERR_INTERNAL;
    row->integer = v ? 1 : 0;
    row->origin = at;
    return CS_OK;
}

/* Is `v` one of the '|'-separated words of `choices`? */
static int cs_params_is_choice_(const char *choices, const char *v)
{
    size_t n = strlen(v);
    for (const char *c = choices; *c;) {
        const char *end = strchr(c, '|');
        size_t len = end ? (size_t)(end - c) : strlen(c);
        if (len == n && strncmp(c, v, n) == 0) return 1;
        if (!end) break;
        c = end + 1;
    }
    return 0;
}

int cs_params_set_string(cs_params *p, cs_param *row, const char *v, cs_param_origin at, const char *key, cs_msg *msg)
{
    if (row->type != CS_PARAM_STRING) return CS_ERR_INTERNAL;
    if (row->choices && !cs_params_is_choice_(row->choices, v)) {
        cs_msg_at(msg, at.file, at.line, at.col, key, "expected one of %s, got '%s'", row->choices, v);
        return CS_ERR_CONFIG;
    }
    const char *copy = cs_params_intern(p, v);
    if (!copy) return CS_ERR_NOMEM;
    row->string = copy;
    row->origin = at;
    return CS_OK;
}

int cs_params_set_list(cs_params *p, cs_param *row, const double *v, size_t n, cs_param_origin at, const char *key,
                       cs_msg *msg)
{
    if (row->type != CS_PARAM_REAL_LIST) return CS_ERR_INTERNAL;
    if (n < row->list_min || n > row->list_max) {
        if (row->list_min == row->list_max)
            cs_msg_at(msg, at.file, at.line, at.col, key, "expected a list of %zu numbers, got %zu", row->list_min, n);
        else
            cs_msg_at(msg, at.file, at.line, at.col, key, "expected a list of %zu to %zu numbers, got %zu",
                      row->list_min, row->list_max, n);
        return CS_ERR_CONFIG;
    }
    for (size_t i = 0; i < n; i++) {
        char what[48];
        snprintf(what, sizeof what, "element %zu to be a number", i);
        if (cs_params_check_number_(row, v[i], at, key, what, msg)) return CS_ERR_CONFIG;
    }
    const double *copy = cs_params_copy_list_(p, v, n);
    if (!copy) return CS_ERR_NOMEM;
    row->list = copy;
    row->list_len = n;
    row->origin = at;
    return CS_OK;
}

/* ---- getters -------------------------------------------------------- */

static cs_param *cs_params_get_(cs_params *p, const char *path, cs_param_type type, cs_msg *msg)
{
    cs_param *row = cs_params_find(p, path);
    if (!row) {
        const char *file = NULL; /* the model file, known from any model row */
        for (size_t i = 0; i < p->n && !file; i++)
            if (p->rows[i].kind == CS_PARAM_MODEL) file = p->rows[i].decl.file;
        if (file)
            cs_msg_at(msg, file, 0, 0, path, "the model code reads this parameter, but the model file does not declare it");
        else
            cs_msg_error(msg, "%s: the model code reads this parameter, but the model file does not declare it", path);
        return NULL;
    }
    if (row->type != type) {
        cs_msg_at(msg, row->decl.file, row->decl.line, row->decl.col, path,
                  "the model code reads this parameter as %s, but the model file declares %s",
                  cs_param_type_name(type), cs_param_type_name(row->type));
        return NULL;
    }
    row->used = 1;
    return row;
}

int cs_params_real(cs_params *p, const char *path, cs_msg *msg, double *out)
{
    cs_param *row = cs_params_get_(p, path, CS_PARAM_REAL, msg);
    if (!row) return CS_ERR_CONFIG;
    *out = row->real;
    return CS_OK;
}

int cs_params_int(cs_params *p, const char *path, cs_msg *msg, int64_t *out)
{
    cs_param *row = cs_params_get_(p, path, CS_PARAM_INT, msg);
    if (!row) return CS_ERR_CONFIG;
    *out = row->integer;
    return CS_OK;
}

int cs_params_bool(cs_params *p, const char *path, cs_msg *msg, int *out)
{
    cs_param *row = cs_params_get_(p, path, CS_PARAM_BOOL, msg);
    if (!row) return CS_ERR_CONFIG;
    *out = (int)row->integer;
    return CS_OK;
}

int cs_params_string(cs_params *p, const char *path, cs_msg *msg, const char **out)
{
    cs_param *row = cs_params_get_(p, path, CS_PARAM_STRING, msg);
    if (!row) return CS_ERR_CONFIG;
    *out = row->string;
    return CS_OK;
}

int cs_params_list(cs_params *p, const char *path, size_t n, cs_msg *msg, const double **out, size_t *len)
{
    cs_param *row = cs_params_get_(p, path, CS_PARAM_REAL_LIST, msg);
    if (!row) return CS_ERR_CONFIG;
    if (n && row->list_len != n) {
        cs_msg_at(msg, row->origin.file, row->origin.line, row->origin.col, path,
                  "expected a list of %zu numbers, got %zu", n, row->list_len);
        return CS_ERR_CONFIG;
    }
    *out = row->list;
    if (len) *len = row->list_len;
    return CS_OK;
}

int cs_params_check_used(const cs_params *p, cs_msg *msg)
{
    int rc = CS_OK;
    for (size_t i = 0; i < p->n; i++) {
        const cs_param *row = &p->rows[i];
        if (row->kind != CS_PARAM_MODEL || row->used) continue;
        cs_msg_at(msg, row->decl.file, row->decl.line, row->decl.col, row->path,
                  "parameter is declared in the model file but no model code reads it (misspelt or obsolete?)");
        rc = CS_ERR_CONFIG;
    }
    return rc;
}

/* ---- formatting ----------------------------------------------------- */

/* The shortest %g text that reads back as the same double (the resolved
 * scenario must rerun the same run); YAML spellings for infinities. */
static void cs_params_format_real_(double v, char *buf, size_t size)
{
    if (isinf(v)) {
        snprintf(buf, size, "%s", v > 0 ? ".inf" : "-.inf");
        return;
    }
    if (v == floor(v) && fabs(v) < 1e15) { /* whole numbers in full: 1000000, not 1e+06 */
        snprintf(buf, size, "%.0f", v);
        return;
    }
    for (int digits = 1; digits <= 17; digits++) {
        snprintf(buf, size, "%.*g", digits, v);
        if (strtod(buf, NULL) == v) return;
    }
}

void cs_params_format_value(const cs_param *row, char *buf, size_t size)
{
    switch (row->type) {
    case CS_PARAM_REAL: cs_params_format_real_(row->real, buf, size); break;
    case CS_PARAM_INT: snprintf(buf, size, "%" PRId64, row->integer); break;
    case CS_PARAM_BOOL: snprintf(buf, size, "%s", row->integer ? "true" : "false"); break;
    case CS_PARAM_STRING: snprintf(buf, size, "%s", row->string ? row->string : ""); break;
    case CS_PARAM_REAL_LIST: {
        size_t used = (size_t)snprintf(buf, size, "[");
        for (size_t i = 0; i < row->list_len && used < size; i++)
        {
            char v[40];
            cs_params_format_real_(row->list[i], v, sizeof v);
            used += (size_t)snprintf(buf + used, size - used, "%s%s", i ? ", " : "", v);
        }
        if (used < size) snprintf(buf + used, size - used, "]");
        break;
    }
    }
}

const char *cs_param_type_name(cs_param_type t)
{
    switch (t) {
    case CS_PARAM_REAL: return "a number";
    case CS_PARAM_INT: return "an integer";
    case CS_PARAM_BOOL: return "a boolean";
    case CS_PARAM_STRING: return "a string";
    case CS_PARAM_REAL_LIST: return "a list of numbers";
    }
    return "?";
}

const char *cs_param_dist_name(cs_param_dist d)
{
    switch (d) {
    case CS_DIST_FIXED: return "fixed";
    case CS_DIST_UNIFORM: return "uniform";
    case CS_DIST_LOGUNIFORM: return "loguniform";
    case CS_DIST_TRIANGULAR: return "triangular";
    }
    return "?";
}
