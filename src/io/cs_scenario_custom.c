/* cs_scenario_custom.c -- a scenario's own interventions: rows cloned from
 * the model file's intervention schema, values and ranges from the
 * scenario (see cs_scenario_custom.h). */
#include "cs_scenario_custom.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cs_params_yaml.h"
#include "cs_arm.h"
#include "cs_ident.h"
#include "cs_status.h"
#include "cs_suggest.h"

#define CS_IV "interventions"
#define CS_IV_LEN 13
#define CS_CUSTOM_PATH_MAX 200
#define CS_CUSTOM_FIELDS_MAX 64

int cs_custom_is_path(const char *path) { return strcmp(path, CS_IV) == 0; }

int cs_custom_row(const cs_param *row) { return row->source && strcmp(row->source, CS_CUSTOM_SOURCE) == 0; }

/* Is row a field of a model-file intervention?  Sets the name's span and the field. */
static int cs_iv_row_(const cs_param *row, const char **name, size_t *len, const char **field)
{
    if (row->kind != CS_PARAM_MODEL || cs_custom_row(row) || strncmp(row->path, CS_IV ".", CS_IV_LEN + 1) != 0)
        return 0;
    *name = row->path + CS_IV_LEN + 1;
    const char *dot = strchr(*name, '.');
    if (!dot || strchr(dot + 1, '.')) return 0;
    *len = (size_t)(dot - *name);
    *field = dot + 1;
    return 1;
}

/* The fields of the schema: those of the first intervention of the model file. */
static size_t cs_schema_(const cs_params *p, const char **fields, size_t max, char *first, size_t size)
{
    size_t n = 0, len0 = 0;
    const char *name0 = NULL;
    for (size_t k = 0; k < cs_params_count(p) && n < max; k++) {
        const char *name, *field;
        size_t len;
        if (!cs_iv_row_(cs_params_at(p, k), &name, &len, &field)) continue;
        if (!name0) {
            name0 = name;
            len0 = len;
        }
        if (len == len0 && strncmp(name, name0, len) == 0) fields[n++] = field;
    }
    snprintf(first, size, "%.*s", (int)len0, name0 ? name0 : "");
    return n;
}


/* Sets field row `path` from node v: a value, or {value:, range: [lo, hi]}. */
static int cs_custom_set_(cs_params *p, const char *path, const cs_yaml_node *v, const char *file, cs_msg *msg)
{
    const cs_yaml_node *value = v, *range = NULL;
    if (v->kind == CS_YAML_MAP) {
        for (size_t k = 0; k < v->n; k++)
            if (strcmp(v->pairs[k].key, "value") != 0 && strcmp(v->pairs[k].key, "range") != 0) {
                cs_msg_at(msg, file, v->pairs[k].line, v->pairs[k].col, path,
                          "unknown key '%s': a field is a value or {value: X, range: [lo, hi]}", v->pairs[k].key);
                return CS_ERR_CONFIG;
            }
        value = cs_yaml_get(v, "value");
        range = cs_yaml_get(v, "range");
        if (!value) {
            cs_msg_at(msg, file, v->line, v->col, path, "missing value: write {value: X, range: [lo, hi]}");
            return CS_ERR_CONFIG;
        }
    }
    cs_param *row = cs_params_find(p, path);
    int rc = cs_params_set_node(p, row, value, file, path, msg);
    if (rc) return rc;
    row->origin = (cs_param_origin){cs_params_intern(p, file), value->line, value->col};
    if (row->type != CS_PARAM_REAL) return CS_OK;
    double lo = row->real, hi = row->real;
    if (range) {
        const int ok = range->kind == CS_YAML_SEQ && range->n == 2 && range->items[0]->kind == CS_YAML_SCALAR &&
                       range->items[1]->kind == CS_YAML_SCALAR &&
                       sscanf(range->items[0]->scalar, "%lf", &lo) == 1 &&
                       sscanf(range->items[1]->scalar, "%lf", &hi) == 1;
        if (!ok || !(lo <= row->real && row->real <= hi) || lo < row->lo || hi > row->hi) {
            cs_msg_at(msg, file, range->line, range->col, path,
                      "range: expected [lo, hi] with lo <= value (%g) <= hi inside the bounds [%g, %g]", row->real,
                      row->lo, row->hi);
            return CS_ERR_CONFIG;
        }
    }
    row->range_lo = lo;
    row->range_hi = hi;
    row->dist = CS_DIST_UNIFORM;
    return CS_OK;
}

/* Declares intervention `name` from mapping v. */
static int cs_custom_one_(cs_params *p, const char *name, const cs_yaml_node *v, const char *file, int line, int col,
                          cs_msg *msg)
{
    char key[CS_CUSTOM_PATH_MAX], first[64], path[CS_CUSTOM_PATH_MAX];
    snprintf(key, sizeof key, CS_IV ".%s", name);
    if (!cs_ident_ok(name, strlen(name), CS_ARM_NAME_MAX)) {
        cs_msg_at(msg, file, line, col, key,
                  "an intervention name is an identifier (letters, digits and '_', at most 32 characters)");
        return CS_ERR_CONFIG;
    }
    if (cs_params_is_group(p, key, 1 << CS_PARAM_MODEL)) {
        cs_msg_at(msg, file, line, col, key,
                  "the model file already has an intervention '%s': change it under parameters: (%s.FIELD), or "
                  "give yours another name",
                  name, key);
        return CS_ERR_CONFIG;
    }
    if (v->kind != CS_YAML_MAP) {
        cs_msg_at(msg, file, v->line, v->col, key, "expected a mapping of fields (like:, acts_on:, rate_ratio:, ...)");
        return CS_ERR_CONFIG;
    }
    const char *fields[CS_CUSTOM_FIELDS_MAX];
    const size_t n = cs_schema_(p, fields, CS_CUSTOM_FIELDS_MAX, first, sizeof first);
    if (n == 0) {
        cs_msg_at(msg, file, line, col, key, "the model file declares no interventions to take the fields from");
        return CS_ERR_CONFIG;
    }
    const cs_yaml_node *like = cs_yaml_get(v, "like");
    char tpl[64];
    snprintf(tpl, sizeof tpl, "%s", first);
    if (like) {
        char group[96];
        snprintf(group, sizeof group, CS_IV ".%.64s", like->kind == CS_YAML_SCALAR ? like->scalar : "");
        const cs_param *probe = NULL;
        snprintf(path, sizeof path, "%s.%s", group, fields[0]);
        probe = cs_params_find(p, path);
        if (like->kind != CS_YAML_SCALAR || !probe || cs_custom_row(probe)) {
            cs_msg_at(msg, file, like->line, like->col, key,
                      "like: expected the name of an intervention of the model file, got '%s'",
                      like->kind == CS_YAML_SCALAR ? like->scalar : "a non-scalar");
            return CS_ERR_CONFIG;
        }
        snprintf(tpl, sizeof tpl, "%s", like->scalar);
    }
    int rc = CS_OK;
    const cs_param_origin decl = {cs_params_intern(p, file), line, col};
    for (size_t k = 0; k < n; k++) { /* the rows, with the template's values */
        snprintf(path, sizeof path, CS_IV ".%s.%s", tpl, fields[k]);
        cs_param row = *cs_params_find(p, path);
        snprintf(path, sizeof path, CS_IV ".%s.%s", name, fields[k]);
        row.path = path;
        row.source = CS_CUSTOM_SOURCE;
        row.decl = decl;
        row.origin = like ? (cs_param_origin){cs_params_intern(p, file), like->line, like->col}
                          : (cs_param_origin){NULL, 0, 0};
        row.used = 0;
        CS_TRY(cs_params_add(p, &row));
    }
    for (size_t k = 0; k < v->n; k++) {
        const cs_yaml_pair *kv = &v->pairs[k];
        if (strcmp(kv->key, "like") == 0) continue;
        snprintf(path, sizeof path, CS_IV ".%s.%s", name, kv->key);
        if (!cs_params_find(p, path)) {
            const char *s = cs_suggest(kv->key, fields, n);
            cs_msg_at(msg, file, kv->line, kv->col, path, "unknown field%s%s%s", s ? " (did you mean '" : "",
                      s ? s : "", s ? "'?)" : "");
            rc = CS_ERR_CONFIG;
            continue;
        }
        int r = cs_custom_set_(p, path, kv->value, file, msg);
        if (r && !rc) rc = r;
    }
    if (!like)
        for (size_t k = 0; k < n; k++) {
            snprintf(path, sizeof path, CS_IV ".%s.%s", name, fields[k]);
            if (cs_params_find(p, path)->origin.file) continue;
            cs_msg_at(msg, file, line, col, path,
                      "missing: without 'like: <an intervention of the model file>' every field must be given");
            rc = CS_ERR_CONFIG;
        }
done:
    return rc;
}

int cs_custom_apply(cs_params *p, const cs_yaml_node *value, const char *file, int line, int col, cs_msg *msg)
{
    if (value->kind != CS_YAML_MAP) {
        cs_msg_at(msg, file, line, col, CS_IV,
                  "expected a mapping of new intervention names to their fields, e.g. my_therapy: {like: quinine, "
                  "rate_ratio: 0.8}");
        return CS_ERR_CONFIG;
    }
    int rc = CS_OK;
    for (size_t k = 0; k < value->n; k++) {
        const cs_yaml_pair *kv = &value->pairs[k];
        int r = cs_custom_one_(p, kv->key, kv->value, file, kv->line, kv->col, msg);
        if (r && (!rc || r == CS_ERR_NOMEM)) rc = r;
    }
    return rc;
}

int cs_custom_resolved_yaml(const cs_params *p, int annotate, cs_custom_row_fn row_fn, cs_strbuf *out)
{
    int rc = CS_OK;
    const char *name = NULL;
    size_t name_len = 0;
    for (size_t k = 0; k < cs_params_count(p); k++) {
        const cs_param *row = cs_params_at(p, k);
        if (!cs_custom_row(row)) continue;
        const char *iv = row->path + CS_IV_LEN + 1, *field = strchr(iv, '.') + 1;
        const size_t len = (size_t)(field - 1 - iv);
        if (!name) CS_TRY(cs_strbuf_append(out, CS_IV ":\n"));
        if (!name || len != name_len || strncmp(name, iv, len) != 0) {
            CS_TRY(cs_strbuf_appendf(out, "  %.*s:\n", (int)len, iv));
            name = iv;
            name_len = len;
        }
        if (row->type == CS_PARAM_REAL && !isnan(row->range_lo) && (row->range_lo != row->real || row->range_hi != row->real)) {
            char v[64];
            cs_params_format_value(row, v, sizeof v);
            CS_TRY(cs_strbuf_appendf(out, "    %s: {value: %s, range: [%.10g, %.10g]}\n", field, v, row->range_lo,
                                     row->range_hi));
        } else
            CS_TRY(row_fn(row, "    ", field, annotate, out));
    }
done:
    return rc;
}
