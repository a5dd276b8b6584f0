/* cs_scenario_sweep.c -- the points of a sweep or PSA from a scenario's
 * `sweep:` section (see cs_scenario_sweep.h). */
#include "cs_scenario_sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_rng.h"
#include "cs_scenario_arms.h"
#include "cs_status.h"
#include "cs_stream.h"

const char *const cs_sweep_kind_names[] = {"none", "grid", "points", "lhs", "psa"};

int cs_sweep_is_path(const char *path) { return strcmp(path, "sweep") == 0; }

uint64_t cs_sweep_point_seed(uint64_t seed, size_t k)
{
    return cs_mix2(cs_mix2(seed, UINT64_C(0x5357454550)), (uint64_t)k) & ((UINT64_C(1) << 53) - 1);
}

void cs_sweep_free(cs_sweep *s)
{
    if (!s) return;
    for (size_t k = 0; s->paths && k < s->n_paths; k++) free(s->paths[k]);
    for (size_t k = 0; s->values && k < s->n_paths * s->n_points; k++) free(s->values[k]);
    free(s->paths);
    free(s->values);
    free(s->seeds);
    free(s->family);
    memset(s, 0, sizeof *s);
}

/* The parameter row a --set key sets ("parameters." prefix for model rows),
 * or NULL. */
static const cs_param *cs_sweep_row_(const cs_params *p, const char *key)
{
    const char *path = strncmp(key, "parameters.", 11) == 0 ? key + 11 : key;
    cs_param *row = cs_params_find((cs_params *)p, path);
    if (!row || (path != key) != (row->kind == CS_PARAM_MODEL)) return NULL;
    return row;
}

static int cs_sweep_check_path_(const cs_params *p, const char *key, const char *file, int line, int col, cs_msg *msg)
{
    if (strcmp(key, "seed") == 0) {
        cs_msg_at(msg, file, line, col, key, "a sweep sets each point's seed itself (from the scenario's seed)");
        return CS_ERR_CONFIG;
    }
    if (cs_sweep_row_(p, key)) return CS_OK;
    const char *hint = strncmp(key, "arms.", 5) == 0
                           ? " (an arm's key must belong to an arm and intervention the scenario declares)"
                       : cs_params_find((cs_params *)p, key) ? " (model parameters are swept as parameters.PATH)"
                                                              : "";
    cs_msg_at(msg, file, line, col, key, "unknown sweep path%s", hint);
    return CS_ERR_CONFIG;
}

/* Text of a YAML value as --set takes it. */
static char *cs_sweep_text_(const cs_yaml_node *v)
{
    if (v->kind == CS_YAML_SCALAR) return strdup(v->scalar);
    if (v->kind != CS_YAML_SEQ) return NULL;
    size_t n = 3;
    for (size_t k = 0; k < v->n; k++) n += (v->items[k]->kind == CS_YAML_SCALAR ? strlen(v->items[k]->scalar) : 0) + 2;
    char *s = malloc(n);
    if (!s) return NULL;
    strcpy(s, "[");
    for (size_t k = 0; k < v->n; k++) {
        if (v->items[k]->kind != CS_YAML_SCALAR) {
            free(s);
            return NULL;
        }
        if (k) strcat(s, ", ");
        strcat(s, v->items[k]->scalar);
    }
    strcat(s, "]");
    return s;
}

static char *cs_sweep_num_(double v, int integer)
{
    char buf[64];
    if (integer) snprintf(buf, sizeof buf, "%.0f", floor(v + 0.5));
    else snprintf(buf, sizeof buf, "%.17g", v);
    return strdup(buf);
}

static int cs_sweep_alloc_(cs_sweep *s, size_t points, size_t paths)
{
    s->n_points = points;
    s->n_paths = paths;
    s->paths = calloc(paths ? paths : 1, sizeof *s->paths);
    s->values = calloc(points * paths > 0 ? points * paths : 1, sizeof *s->values);
    s->seeds = calloc(points ? points : 1, sizeof *s->seeds);
    s->family = calloc(points ? points : 1, sizeof *s->family);
    return s->paths && s->values && s->seeds && s->family ? CS_OK : CS_ERR_NOMEM;
}

static int cs_sweep_grid_(const cs_params *p, const cs_yaml_node *g, const char *file, cs_sweep *s, cs_msg *msg)
{
    if (g->kind != CS_YAML_MAP || g->n == 0) {
        cs_msg_at(msg, file, g->line, g->col, "sweep.grid", "expected a mapping of paths to lists of values");
        return CS_ERR_CONFIG;
    }
    size_t points = 1;
    int rc = CS_OK;
    for (size_t k = 0; k < g->n; k++) {
        const cs_yaml_pair *kv = &g->pairs[k];
        if (cs_sweep_check_path_(p, kv->key, file, kv->line, kv->col, msg)) rc = CS_ERR_CONFIG;
        if (kv->value->kind != CS_YAML_SEQ || kv->value->n == 0) {
            cs_msg_at(msg, file, kv->value->line, kv->value->col, kv->key,
                      "expected a non-empty list of values, e.g. [0.6, 0.72, 0.85]");
            rc = CS_ERR_CONFIG;
            continue;
        }
        points *= kv->value->n;
        if (points > CS_SWEEP_MAX_POINTS) {
            cs_msg_at(msg, file, g->line, g->col, "sweep.grid", "more than %d points", CS_SWEEP_MAX_POINTS);
            return CS_ERR_CONFIG;
        }
    }
    if (rc) return rc;
    CS_TRY(cs_sweep_alloc_(s, points, g->n));
    for (size_t j = 0; j < g->n; j++) CS_ENSURE(s->paths[j] = strdup(g->pairs[j].key), CS_ERR_NOMEM);
    for (size_t k = 0; k < points; k++) {
        size_t rest = k;
        for (size_t j = g->n; j-- > 0;) { /* the last path varies fastest */
            const cs_yaml_node *list = g->pairs[j].value;
            const cs_yaml_node *v = list->items[rest % list->n];
            rest /= list->n;
            s->values[k * g->n + j] = cs_sweep_text_(v);
            if (!s->values[k * g->n + j]) {
                cs_msg_at(msg, file, v->line, v->col, g->pairs[j].key, "expected a value or a list of numbers");
                return CS_ERR_CONFIG;
            }
        }
    }
done:
    return rc;
}

static int cs_sweep_points_(const cs_params *p, const cs_yaml_node *l, const char *file, cs_sweep *s, cs_msg *msg)
{
    if (l->kind != CS_YAML_SEQ || l->n == 0) {
        cs_msg_at(msg, file, l->line, l->col, "sweep.points", "expected a non-empty list of points (mappings)");
        return CS_ERR_CONFIG;
    }
    /* the paths: every key of every point, in order of first mention */
    const char *keys[256];
    size_t n = 0;
    int rc = CS_OK;
    for (size_t k = 0; k < l->n; k++) {
        const cs_yaml_node *pt = l->items[k];
        if (pt->kind != CS_YAML_MAP) {
            cs_msg_at(msg, file, pt->line, pt->col, "sweep.points", "a point is a mapping of paths to values");
            return CS_ERR_CONFIG;
        }
        for (size_t j = 0; j < pt->n; j++) {
            size_t f = 0;
            while (f < n && strcmp(keys[f], pt->pairs[j].key) != 0) f++;
            if (f < n) continue;
            if (n == 256) {
                cs_msg_at(msg, file, pt->line, pt->col, "sweep.points", "more than 256 paths");
                return CS_ERR_CONFIG;
            }
            if (cs_sweep_check_path_(p, pt->pairs[j].key, file, pt->pairs[j].line, pt->pairs[j].col, msg))
                rc = CS_ERR_CONFIG;
            keys[n++] = pt->pairs[j].key;
        }
    }
    if (rc) return rc;
    CS_TRY(cs_sweep_alloc_(s, l->n, n));
    for (size_t j = 0; j < n; j++) CS_ENSURE(s->paths[j] = strdup(keys[j]), CS_ERR_NOMEM);
    for (size_t k = 0; k < l->n; k++)
        for (size_t j = 0; j < l->items[k]->n; j++) {
            const cs_yaml_pair *kv = &l->items[k]->pairs[j];
            size_t f = 0;
            while (strcmp(keys[f], kv->key) != 0) f++;
            s->values[k * n + f] = cs_sweep_text_(kv->value);
            if (!s->values[k * n + f]) {
                cs_msg_at(msg, file, kv->value->line, kv->value->col, kv->key, "expected a value");
                return CS_ERR_CONFIG;
            }
        }
done:
    return rc;
}

/* samples: N (1 .. CS_SWEEP_MAX_POINTS) of a lhs: or psa: mapping. */
static int cs_sweep_samples_(const cs_yaml_node *m, const char *file, const char *key, size_t *out, cs_msg *msg)
{
    const cs_yaml_node *n = cs_yaml_get(m, "samples");
    char *end = NULL;
    const double v = n && n->kind == CS_YAML_SCALAR ? strtod(n->scalar, &end) : NAN;
    if (!n || !end || *end || !(v >= 1 && v <= CS_SWEEP_MAX_POINTS) || v != floor(v)) {
        cs_msg_at(msg, file, n ? n->line : m->line, n ? n->col : m->col, key,
                  "samples: expected a whole number of points from 1 to %d", CS_SWEEP_MAX_POINTS);
        return CS_ERR_CONFIG;
    }
    *out = (size_t)v;
    return CS_OK;
}

static int cs_sweep_only_keys_(const cs_yaml_node *m, const char *const *allowed, size_t n, const char *file,
                               const char *key, cs_msg *msg)
{
    int rc = CS_OK;
    for (size_t k = 0; k < m->n; k++) {
        size_t j = 0;
        while (j < n && strcmp(allowed[j], m->pairs[k].key) != 0) j++;
        if (j == n) {
            cs_msg_at(msg, file, m->pairs[k].line, m->pairs[k].col, key, "unknown key '%s'", m->pairs[k].key);
            rc = CS_ERR_CONFIG;
        }
    }
    return rc;
}

/* A uniform for (point k, path j) of a sampled sweep. */
static double cs_sweep_u_(uint64_t seed, size_t k, size_t j)
{
    cs_pcg32 r = cs_stream_rng(cs_stream_key(cs_mix2(seed, UINT64_C(0x505341)), (uint32_t)j, 0), (uint64_t)k);
    return cs_pcg32_double(&r);
}

static int cs_sweep_lhs_(const cs_params *p, const cs_yaml_node *m, const char *file, uint64_t seed, cs_sweep *s,
                         cs_msg *msg)
{
    static const char *const keys[] = {"samples", "ranges"};
    const cs_yaml_node *ranges = m->kind == CS_YAML_MAP ? cs_yaml_get(m, "ranges") : NULL;
    size_t n = 0;
    int rc = CS_OK;
    if (m->kind != CS_YAML_MAP || !ranges || ranges->kind != CS_YAML_MAP || ranges->n == 0) {
        cs_msg_at(msg, file, m->line, m->col, "sweep.lhs",
                  "expected {samples: N, ranges: {PATH: [lo, hi], ...}}");
        return CS_ERR_CONFIG;
    }
    CS_TRY(cs_sweep_only_keys_(m, keys, 2, file, "sweep.lhs", msg));
    CS_TRY(cs_sweep_samples_(m, file, "sweep.lhs", &n, msg));
    double lo[256], hi[256];
    int integer[256];
    if (ranges->n > 256) return CS_ERR_CONFIG;
    for (size_t j = 0; j < ranges->n; j++) {
        const cs_yaml_pair *kv = &ranges->pairs[j];
        const cs_yaml_node *v = kv->value;
        if (cs_sweep_check_path_(p, kv->key, file, kv->line, kv->col, msg)) {
            rc = CS_ERR_CONFIG;
            continue;
        }
        const cs_param *row = cs_sweep_row_(p, kv->key);
        char *e0 = NULL, *e1 = NULL;
        const int ok = v->kind == CS_YAML_SEQ && v->n == 2 && v->items[0]->kind == CS_YAML_SCALAR &&
                       v->items[1]->kind == CS_YAML_SCALAR &&
                       (lo[j] = strtod(v->items[0]->scalar, &e0), !*e0) &&
                       (hi[j] = strtod(v->items[1]->scalar, &e1), !*e1);
        if (!ok || !(lo[j] < hi[j]) || (row->type != CS_PARAM_REAL && row->type != CS_PARAM_INT) || lo[j] < row->lo ||
            hi[j] > row->hi) {
            cs_msg_at(msg, file, v->line, v->col, kv->key,
                      "expected a range [lo, hi] with lo < hi inside the bounds [%g, %g] of a number", row->lo,
                      row->hi);
            rc = CS_ERR_CONFIG;
        }
        integer[j] = row->type == CS_PARAM_INT;
    }
    if (rc) return rc;
    CS_TRY(cs_sweep_alloc_(s, n, ranges->n));
    size_t *perm = malloc(n * sizeof *perm);
    CS_ENSURE(perm, CS_ERR_NOMEM);
    for (size_t j = 0; j < ranges->n; j++) {
        s->paths[j] = strdup(ranges->pairs[j].key);
        /* a random permutation of the n strata for this path (Fisher-Yates, keyed) */
        for (size_t k = 0; k < n; k++) perm[k] = k;
        cs_pcg32 r = cs_stream_rng(cs_stream_key(cs_mix2(seed, UINT64_C(0x4c4853)), (uint32_t)j, 0), 0);
        for (size_t k = n; k > 1; k--) {
            const size_t t = (size_t)(cs_pcg32_double(&r) * (double)k);
            const size_t x = perm[k - 1];
            perm[k - 1] = perm[t];
            perm[t] = x;
        }
        for (size_t k = 0; k < n; k++) {
            const double u = ((double)perm[k] + cs_sweep_u_(seed, k, j)) / (double)n;
            s->values[k * ranges->n + j] = cs_sweep_num_(lo[j] + u * (hi[j] - lo[j]), integer[j]);
        }
    }
    free(perm);
done:
    return rc;
}

/* A draw of row's uncertainty distribution from uniform u. */
static double cs_sweep_draw_(const cs_param *row, double u)
{
    const double a = row->range_lo, b = row->range_hi;
    switch (row->dist) {
    case CS_DIST_LOGUNIFORM: return exp(log(a) + u * (log(b) - log(a)));
    case CS_DIST_TRIANGULAR: {
        const double c = row->type == CS_PARAM_REAL_LIST ? 1.0 : row->real, f = (c - a) / (b - a);
        return u < f ? a + sqrt(u * (b - a) * (c - a)) : b - sqrt((1 - u) * (b - a) * (b - c));
    }
    default: return a + u * (b - a);
    }
}

static int cs_sweep_psa_(const cs_params *p, const cs_yaml_node *m, const char *file, uint64_t seed, cs_sweep *s,
                         cs_msg *msg)
{
    static const char *const keys[] = {"samples", "only"};
    size_t n = 0;
    int rc = CS_OK;
    if (m->kind != CS_YAML_MAP) {
        cs_msg_at(msg, file, m->line, m->col, "sweep.psa", "expected {samples: N, only: [PREFIX, ...]}");
        return CS_ERR_CONFIG;
    }
    CS_TRY(cs_sweep_only_keys_(m, keys, 2, file, "sweep.psa", msg));
    CS_TRY(cs_sweep_samples_(m, file, "sweep.psa", &n, msg));
    const cs_yaml_node *only = cs_yaml_get(m, "only");
    if (only && (only->kind != CS_YAML_SEQ || only->n == 0)) {
        cs_msg_at(msg, file, only->line, only->col, "sweep.psa.only", "expected a list of parameter paths or groups");
        return CS_ERR_CONFIG;
    }
    for (size_t j = 0; only && j < only->n; j++) {
        const char *pre = only->items[j]->kind == CS_YAML_SCALAR ? only->items[j]->scalar : "";
        if (!cs_params_find((cs_params *)p, pre) && !cs_params_is_group(p, pre, 1 << CS_PARAM_MODEL)) {
            cs_msg_at(msg, file, only->items[j]->line, only->items[j]->col, "sweep.psa.only",
                      "'%s' is neither a model parameter nor a group of them", pre);
            rc = CS_ERR_CONFIG;
        }
    }
    if (rc) return rc;
    /* the rows drawn: model parameters with a range wider than a point */
    const cs_param **rows = malloc(cs_params_count(p) * sizeof *rows);
    CS_ENSURE(rows, CS_ERR_NOMEM);
    size_t m_rows = 0;
    for (size_t k = 0; k < cs_params_count(p); k++) {
        const cs_param *row = cs_params_at(p, k);
        if (row->kind != CS_PARAM_MODEL || isnan(row->range_lo) || !(row->range_lo < row->range_hi)) continue;
        if (row->type != CS_PARAM_REAL && row->type != CS_PARAM_REAL_LIST && row->type != CS_PARAM_INT) continue;
        int in = !only;
        for (size_t j = 0; only && j < only->n && !in; j++) {
            const char *pre = only->items[j]->scalar;
            const size_t l = strlen(pre);
            in = strncmp(row->path, pre, l) == 0 && (row->path[l] == '\0' || row->path[l] == '.');
        }
        if (in) rows[m_rows++] = row;
    }
    if (m_rows == 0) {
        cs_msg_at(msg, file, m->line, m->col, "sweep.psa", "no model parameter with an uncertainty range to draw");
        free(rows);
        return CS_ERR_CONFIG;
    }
    rc = cs_sweep_alloc_(s, n, m_rows);
    for (size_t j = 0; j < m_rows && rc == CS_OK; j++) {
        const cs_param *row = rows[j];
        size_t len = strlen(row->path) + 12;
        s->paths[j] = malloc(len);
        if (!s->paths[j]) {
            rc = CS_ERR_NOMEM;
            break;
        }
        snprintf(s->paths[j], len, "parameters.%s", row->path);
        for (size_t k = 0; k < n && rc == CS_OK; k++) {
            const double x = cs_sweep_draw_(row, cs_sweep_u_(seed, k, j));
            char *text;
            if (row->type == CS_PARAM_REAL_LIST) { /* a factor on every element */
                text = malloc(row->list_len * 28 + 3);
                if (text) {
                    strcpy(text, "[");
                    for (size_t e = 0; e < row->list_len; e++)
                        sprintf(text + strlen(text), "%s%.17g", e ? ", " : "", row->list[e] * x);
                    strcat(text, "]");
                }
            } else
                text = cs_sweep_num_(x, row->type == CS_PARAM_INT);
            if (!text) rc = CS_ERR_NOMEM;
            s->values[k * m_rows + j] = text;
        }
    }
    free(rows);
done:
    return rc;
}

/* ---- families: points alike but for policies ----------------------------- */

typedef struct cs_sweep_key_ {
    uint64_t hash;
    size_t point;
} cs_sweep_key_;

static int cs_sweep_key_cmp_(const void *a, const void *b)
{
    const cs_sweep_key_ *x = a, *y = b;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    return x->point < y->point ? -1 : x->point > y->point;
}

/* Whether points i and j set every path but the policies' alike. */
static int cs_sweep_alike_(const cs_sweep *s, size_t i, size_t j)
{
    for (size_t p = 0; p < s->n_paths; p++) {
        if (cs_arms_is_path(s->paths[p])) continue;
        const char *a = s->values[i * s->n_paths + p], *b = s->values[j * s->n_paths + p];
        if ((a == NULL) != (b == NULL) || (a && strcmp(a, b) != 0)) return 0;
    }
    return 1;
}

/* s->family: points sorted by a hash of their settings but policies, and
 * each matched against the earlier points of its hash (O(N log N)). */
static int cs_sweep_families_(cs_sweep *s)
{
    const size_t N = s->n_points;
    cs_sweep_key_ *keys = malloc((N ? N : 1) * sizeof *keys);
    if (!keys) return CS_ERR_NOMEM;
    for (size_t k = 0; k < N; k++) {
        uint64_t h = UINT64_C(1469598103934665603);
        for (size_t p = 0; p < s->n_paths; p++) {
            const char *v = s->values[k * s->n_paths + p];
            if (cs_arms_is_path(s->paths[p])) continue;
            h = cs_mix2(h, p);
            for (const char *c = v ? v : ""; *c; c++) h = (h ^ (unsigned char)*c) * UINT64_C(1099511628211);
            h = cs_mix2(h, v != NULL);
        }
        keys[k] = (cs_sweep_key_){h, k};
    }
    qsort(keys, N, sizeof *keys, cs_sweep_key_cmp_);
    for (size_t g = 0, end; g < N; g = end) { /* g..end: one hash, points ascending */
        for (end = g + 1; end < N && keys[end].hash == keys[g].hash; end++) {}
        for (size_t i = g; i < end; i++) {
            const size_t k = keys[i].point;
            s->family[k] = k;
            for (size_t j = g; j < i; j++)
                if (s->family[keys[j].point] == keys[j].point && cs_sweep_alike_(s, keys[j].point, k)) {
                    s->family[k] = keys[j].point;
                    break;
                }
        }
    }
    free(keys);
    return CS_OK;
}

int cs_sweep_parse(const cs_params *p, const cs_yaml_node *node, const char *file, int line, int col, uint64_t seed,
                   cs_sweep *out, cs_msg *msg)
{
    memset(out, 0, sizeof *out);
    out->file = file;
    out->line = line;
    out->col = col;
    if (node->kind != CS_YAML_MAP || node->n != 1) {
        cs_msg_at(msg, file, line, col, "sweep", "expected one of grid:, points:, lhs: or psa: (exactly one)");
        return CS_ERR_CONFIG;
    }
    const cs_yaml_pair *kv = &node->pairs[0];
    int rc;
    if (strcmp(kv->key, "grid") == 0) {
        out->kind = CS_SWEEP_GRID;
        rc = cs_sweep_grid_(p, kv->value, file, out, msg);
    } else if (strcmp(kv->key, "points") == 0) {
        out->kind = CS_SWEEP_POINTS;
        rc = cs_sweep_points_(p, kv->value, file, out, msg);
    } else if (strcmp(kv->key, "lhs") == 0) {
        out->kind = CS_SWEEP_LHS;
        rc = cs_sweep_lhs_(p, kv->value, file, seed, out, msg);
    } else if (strcmp(kv->key, "psa") == 0) {
        out->kind = CS_SWEEP_PSA;
        rc = cs_sweep_psa_(p, kv->value, file, seed, out, msg);
    } else {
        cs_msg_at(msg, file, kv->line, kv->col, "sweep", "unknown kind '%s': expected grid, points, lhs or psa",
                  kv->key);
        rc = CS_ERR_CONFIG;
    }
    if (rc == CS_OK) rc = cs_sweep_families_(out);
    for (size_t k = 0; rc == CS_OK && k < out->n_points; k++) out->seeds[k] = cs_sweep_point_seed(seed, out->family[k]);
    if (rc) cs_sweep_free(out);
    return rc;
}
