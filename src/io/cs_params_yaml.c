/* cs_params_yaml.c -- reading parameter rows and values from YAML nodes. */
#include "cs_params_yaml.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_status.h"
#include "cs_suggest.h"

#define CS_PATH_MAX 512
#define CS_LIST_MAX 4096

static cs_param_origin cs_origin_(cs_params *p, const char *file, const cs_yaml_node *n)
{
    cs_param_origin o = {cs_params_intern(p, file), n ? n->line : 0, n ? n->col : 0};
    return o;
}

/* "got 'text'" or "got a mapping" for messages. */
static void cs_got_(const cs_yaml_node *n, char *buf, size_t size)
{
    if (n->kind == CS_YAML_SCALAR)
        snprintf(buf, size, "'%.60s'%s", n->scalar, strlen(n->scalar) > 60 ? "..." : "");
    else
        snprintf(buf, size, "%s", cs_yaml_kind_name(n->kind));
}

static int cs_number_list_(const cs_yaml_node *n, double *out, size_t *len)
{
    if (n->kind != CS_YAML_SEQ || n->n > CS_LIST_MAX) return -1;
    for (size_t i = 0; i < n->n; i++)
        if (cs_yaml_to_double(n->items[i], &out[i])) return (int)i + 1;
    *len = n->n;
    return 0;
}

int cs_params_set_node(cs_params *p, cs_param *row, const cs_yaml_node *node, const char *file, const char *key,
                       cs_msg *msg)
{
    cs_param_origin at = cs_origin_(p, file, node);
    char got[96];
    cs_got_(node, got, sizeof got);
    switch (row->type) {
    case CS_PARAM_REAL: {
        double v;
        if (cs_yaml_to_double(node, &v)) break;
        return cs_params_set_real(p, row, v, at, key, msg);
    }
    case CS_PARAM_INT: {
        int64_t v;
        if (cs_yaml_to_int64(node, &v)) break;
        return cs_params_set_int(p, row, v, at, key, msg);
    }
    case CS_PARAM_BOOL: {
        int v;
        if (cs_yaml_to_bool(node, &v)) break;
        return cs_params_set_bool(p, row, v, at, key, msg);
    }
    case CS_PARAM_STRING:
        if (node->kind != CS_YAML_SCALAR) break;
        return cs_params_set_string(p, row, node->scalar, at, key, msg);
    case CS_PARAM_REAL_LIST: {
        double *v = malloc(CS_LIST_MAX * sizeof *v);
        size_t n = 0;
        if (!v) return CS_ERR_NOMEM;
        int bad = cs_number_list_(node, v, &n);
        int rc = CS_ERR_CONFIG;
        if (bad == 0)
            rc = cs_params_set_list(p, row, v, n, at, key, msg);
        else if (bad > 0) {
            const cs_yaml_node *item = node->items[bad - 1];
            cs_got_(item, got, sizeof got);
            cs_msg_at(msg, at.file, item->line, item->col, key, "expected element %d to be a number, got %s",
                      bad - 1, got);
        } else if (node->kind == CS_YAML_SEQ)
            cs_msg_at(msg, at.file, at.line, at.col, key, "list too long (%zu elements, at most %d)", node->n,
                      CS_LIST_MAX);
        else
            cs_msg_at(msg, at.file, at.line, at.col, key, "expected a list of numbers like [1, 2.5], got %s", got);
        free(v);
        return rc;
    }
    }
    if (row->type == CS_PARAM_STRING && row->choices)
        cs_msg_at(msg, at.file, at.line, at.col, key, "expected one of %s, got %s", row->choices, got);
    else
        cs_msg_at(msg, at.file, at.line, at.col, key, "expected %s, got %s", cs_param_type_name(row->type), got);
    return CS_ERR_CONFIG;
}

/* ---- the model file ------------------------------------------------- */

static const char *const cs_leaf_fields[] = {"value", "unit", "source", "help", "bounds", "range", "dist", "type"};
#define CS_N_LEAF_FIELDS (sizeof cs_leaf_fields / sizeof cs_leaf_fields[0])

static int cs_is_leaf_(const cs_yaml_node *n) { return n->kind == CS_YAML_MAP && cs_yaml_get(n, "value"); }

/* [lo, hi] from a two-number list. */
static int cs_pair_(const cs_yaml_node *n, double *lo, double *hi)
{
    if (!n || n->kind != CS_YAML_SEQ || n->n != 2) return -1;
    if (cs_yaml_to_double(n->items[0], lo) || cs_yaml_to_double(n->items[1], hi)) return -1;
    return *lo <= *hi ? 0 : -1;
}

static int cs_require_text_(const cs_yaml_node *leaf, const char *field, const char *file, const char *path,
                            cs_msg *msg, const char **out)
{
    const cs_yaml_node *n = cs_yaml_get(leaf, field);
    if (!n || n->kind != CS_YAML_SCALAR || !n->scalar[0]) {
        cs_msg_at(msg, file, n ? n->line : leaf->line, n ? n->col : leaf->col, path,
                  "every model parameter needs a non-empty '%s'", field);
        return CS_ERR_CONFIG;
    }
    *out = n->scalar;
    return CS_OK;
}

static int cs_declare_leaf_(cs_params *p, const cs_yaml_node *leaf, const cs_yaml_node *sources, const char *file,
                            const char *path, int line, int col, cs_msg *msg)
{
    int rc = CS_OK;
    for (size_t k = 0; k < leaf->n; k++) {
        const cs_yaml_pair *f = &leaf->pairs[k];
        int known = 0;
        for (size_t j = 0; j < CS_N_LEAF_FIELDS; j++) known |= strcmp(f->key, cs_leaf_fields[j]) == 0;
        if (known) continue;
        const char *s = cs_suggest(f->key, cs_leaf_fields, CS_N_LEAF_FIELDS);
        cs_msg_at(msg, file, f->line, f->col, path, "unknown field '%s'%s%s%s", f->key, s ? " (did you mean '" : "",
                  s ? s : "", s ? "'?)" : "");
        rc = CS_ERR_CONFIG;
    }
    if (rc) return rc;
    const cs_param *twin = cs_params_find(p, path);
    if (twin && twin->kind == CS_PARAM_SCENARIO) {
        cs_msg_at(msg, file, line, col, path, "is a scenario setting; a model parameter cannot use this path");
        return CS_ERR_CONFIG;
    }
    if (twin) {
        cs_msg_at(msg, file, line, col, path, "declared twice (first at line %d)", twin->decl.line);
        return CS_ERR_CONFIG;
    }
    cs_param row = {.path = path, .kind = CS_PARAM_MODEL, .lo = -INFINITY, .hi = INFINITY, .list_max = CS_LIST_MAX,
                    .range_lo = NAN, .range_hi = NAN};
    row.decl = (cs_param_origin){cs_params_intern(p, file), line, col};
    CS_TRY(cs_require_text_(leaf, "unit", file, path, msg, &row.unit));
    CS_TRY(cs_require_text_(leaf, "source", file, path, msg, &row.source));
    CS_TRY(cs_require_text_(leaf, "help", file, path, msg, &row.help));
    if (!cs_yaml_get(sources, row.source)) {
        const cs_yaml_node *n = cs_yaml_get(leaf, "source");
        cs_msg_at(msg, file, n->line, n->col, path, "source '%s' is not listed under 'sources'", row.source);
        return CS_ERR_CONFIG;
    }
    const cs_yaml_node *value = cs_yaml_get(leaf, "value"), *type = cs_yaml_get(leaf, "type");
    if (type) {
        const char *t = type->kind == CS_YAML_SCALAR ? type->scalar : "";
        if (strcmp(t, "real") == 0) row.type = CS_PARAM_REAL;
        else if (strcmp(t, "integer") == 0) row.type = CS_PARAM_INT;
        else if (strcmp(t, "bool") == 0) row.type = CS_PARAM_BOOL;
        else if (strcmp(t, "string") == 0) row.type = CS_PARAM_STRING;
        else if (strcmp(t, "real_list") == 0) row.type = CS_PARAM_REAL_LIST;
        else {
            cs_msg_at(msg, file, type->line, type->col, path,
                      "type: expected one of real|integer|bool|string|real_list, got '%s'", t);
            return CS_ERR_CONFIG;
        }
    } else
        row.type = value->kind == CS_YAML_SEQ ? CS_PARAM_REAL_LIST : CS_PARAM_REAL;
    const cs_yaml_node *bounds = cs_yaml_get(leaf, "bounds"), *range = cs_yaml_get(leaf, "range"),
                       *dist = cs_yaml_get(leaf, "dist");
    if (bounds && cs_pair_(bounds, &row.lo, &row.hi)) {
        cs_msg_at(msg, file, bounds->line, bounds->col, path, "bounds: expected [lo, hi] with lo <= hi");
        return CS_ERR_CONFIG;
    }
    if (range && cs_pair_(range, &row.range_lo, &row.range_hi)) {
        cs_msg_at(msg, file, range->line, range->col, path, "range: expected [lo, hi] with lo <= hi");
        return CS_ERR_CONFIG;
    }
    if (!range && row.type == CS_PARAM_REAL) {
        cs_msg_at(msg, file, line, col, path, "every real-valued model parameter needs a 'range: [lo, hi]'");
        return CS_ERR_CONFIG;
    }
    /* a list's range is a common factor on its elements ([1, 1]: kept as is) */
    if (!range && row.type == CS_PARAM_REAL_LIST) {
        cs_msg_at(msg, file, line, col, path,
                  "every list-valued model parameter needs a 'range: [lo, hi]', the factor on all its elements "
                  "for sensitivity analysis ([1, 1] keeps it fixed)");
        return CS_ERR_CONFIG;
    }
    if (range && row.type == CS_PARAM_REAL_LIST && !(row.range_lo >= 0 && row.range_lo <= 1 && row.range_hi >= 1)) {
        cs_msg_at(msg, file, range->line, range->col, path,
                  "range [%g, %g] of a list is a factor on its elements: it must contain 1 and be at least 0",
                  row.range_lo, row.range_hi);
        return CS_ERR_CONFIG;
    }
    if (range) row.dist = CS_DIST_UNIFORM;
    if (dist) {
        const char *d = dist->kind == CS_YAML_SCALAR ? dist->scalar : "";
        if (strcmp(d, "uniform") == 0) row.dist = CS_DIST_UNIFORM;
        else if (strcmp(d, "loguniform") == 0) row.dist = CS_DIST_LOGUNIFORM;
        else if (strcmp(d, "triangular") == 0) row.dist = CS_DIST_TRIANGULAR;
        else {
            cs_msg_at(msg, file, dist->line, dist->col, path,
                      "dist: expected one of uniform|loguniform|triangular, got '%s'", d);
            return CS_ERR_CONFIG;
        }
        if (!range) {
            cs_msg_at(msg, file, dist->line, dist->col, path, "dist needs a 'range: [lo, hi]'");
            return CS_ERR_CONFIG;
        }
        if (row.dist == CS_DIST_LOGUNIFORM && !(row.range_lo > 0)) {
            cs_msg_at(msg, file, range->line, range->col, path, "a loguniform range must be positive");
            return CS_ERR_CONFIG;
        }
    }
    if (range && row.type != CS_PARAM_REAL_LIST && (row.range_lo < row.lo || row.range_hi > row.hi)) {
        cs_msg_at(msg, file, range->line, range->col, path, "range [%g, %g] reaches outside bounds [%g, %g]",
                  row.range_lo, row.range_hi, row.lo, row.hi);
        return CS_ERR_CONFIG;
    }
    CS_TRY(cs_params_add(p, &row));
    cs_param *r = cs_params_find(p, path);
    CS_TRY(cs_params_set_node(p, r, value, file, path, msg));
    if (range && r->type == CS_PARAM_REAL && (r->real < r->range_lo || r->real > r->range_hi)) {
        cs_msg_at(msg, file, value->line, value->col, path, "value %g lies outside its range [%g, %g]", r->real,
                  r->range_lo, r->range_hi);
        return CS_ERR_CONFIG;
    }
done:
    return rc;
}

/* Walks nested mappings under `parameters`, declaring each leaf. */
static int cs_declare_tree_(cs_params *p, const cs_yaml_node *map, const cs_yaml_node *sources, const char *file,
                            char *path, size_t len, cs_msg *msg)
{
    int rc = CS_OK;
    for (size_t k = 0; k < map->n; k++) {
        const cs_yaml_pair *kv = &map->pairs[k];
        int n = snprintf(path + len, CS_PATH_MAX - len, "%s%s", len ? "." : "", kv->key);
        if (n < 0 || (size_t)n >= CS_PATH_MAX - len) {
            cs_msg_at(msg, file, kv->line, kv->col, kv->key, "parameter path too long");
            return CS_ERR_CONFIG;
        }
        const cs_yaml_node *v = kv->value;
        int r;
        if (cs_is_leaf_(v))
            r = cs_declare_leaf_(p, v, sources, file, path, kv->line, kv->col, msg);
        else if (v->kind == CS_YAML_MAP && v->n > 0)
            r = cs_declare_tree_(p, v, sources, file, path, len + (size_t)n, msg);
        else {
            cs_msg_at(msg, file, kv->line, kv->col, path,
                      "expected a group of parameters or a parameter with 'value:', got %s",
                      v->kind == CS_YAML_SCALAR ? "a bare value" : cs_yaml_kind_name(v->kind));
            r = CS_ERR_CONFIG;
        }
        if (r && !rc) rc = r; /* report every problem, return the first */
        path[len] = '\0';
    }
    return rc;
}

static int cs_check_top_keys_(const cs_yaml_node *root, const char *file, const char *const *keys, size_t n,
                              cs_msg *msg)
{
    int rc = CS_OK;
    for (size_t k = 0; k < root->n; k++) {
        const cs_yaml_pair *kv = &root->pairs[k];
        int known = 0;
        for (size_t j = 0; j < n; j++) known |= strcmp(kv->key, keys[j]) == 0;
        if (known) continue;
        const char *s = cs_suggest(kv->key, keys, n);
        cs_msg_at(msg, file, kv->line, kv->col, kv->key, "unknown key%s%s%s", s ? " (did you mean '" : "",
                  s ? s : "", s ? "'?)" : "");
        rc = CS_ERR_CONFIG;
    }
    return rc;
}

int cs_params_load_model(cs_params *p, const cs_yaml_doc *doc, cs_msg *msg, const char **model_name)
{
    static const char *const top[] = {"model", "description", "version", "sources", "parameters"};
    const char *file = cs_yaml_name(doc);
    const cs_yaml_node *root = cs_yaml_root(doc);
    if (!root || root->kind != CS_YAML_MAP) {
        cs_msg_at(msg, file, root ? root->line : 0, root ? root->col : 0, NULL,
                  "a model file must be a mapping with 'model', 'sources' and 'parameters'");
        return CS_ERR_CONFIG;
    }
    if (cs_check_top_keys_(root, file, top, sizeof top / sizeof top[0], msg)) return CS_ERR_CONFIG;
    const cs_yaml_node *name = cs_yaml_get(root, "model"), *sources = cs_yaml_get(root, "sources"),
                       *params = cs_yaml_get(root, "parameters");
    if (!name || name->kind != CS_YAML_SCALAR || !name->scalar[0]) {
        cs_msg_at(msg, file, name ? name->line : 1, name ? name->col : 1, "model",
                  "expected the name of a built-in model (model: NAME)");
        return CS_ERR_CONFIG;
    }
    if (!sources || sources->kind != CS_YAML_MAP) {
        cs_msg_at(msg, file, sources ? sources->line : 1, sources ? sources->col : 1, "sources",
                  "expected a mapping of source IDs to citations");
        return CS_ERR_CONFIG;
    }
    if (!params || params->kind != CS_YAML_MAP) {
        cs_msg_at(msg, file, params ? params->line : 1, params ? params->col : 1, "parameters",
                  "expected a mapping of parameter groups");
        return CS_ERR_CONFIG;
    }
    *model_name = cs_params_intern(p, name->scalar);
    char path[CS_PATH_MAX] = "";
    return cs_declare_tree_(p, params, sources, file, path, 0, msg);
}

/* ---- overrides ------------------------------------------------------ */

static int cs_override_(cs_params *p, const cs_yaml_pair *kv, const char *file, const char *prefix, char *path,
                        size_t len, cs_msg *msg)
{
    int n = snprintf(path + len, CS_PATH_MAX - len, "%s%s", len ? "." : "", kv->key);
    if (n < 0 || (size_t)n >= CS_PATH_MAX - len) {
        cs_msg_at(msg, file, kv->line, kv->col, kv->key, "parameter path too long");
        return CS_ERR_CONFIG;
    }
    int rc = CS_OK;
    char shown[CS_PATH_MAX + 64];
    snprintf(shown, sizeof shown, "%s%s", prefix, path);
    cs_param *row = cs_params_find(p, path);
    if (row && row->kind == CS_PARAM_MODEL) {
        rc = cs_params_set_node(p, row, kv->value, file, shown, msg);
    } else if (kv->value->kind == CS_YAML_MAP) {
        for (size_t k = 0; k < kv->value->n; k++) {
            int r = cs_override_(p, &kv->value->pairs[k], file, prefix, path, len + (size_t)n, msg);
            if (r && !rc) rc = r;
        }
    } else if (cs_params_is_group(p, path, 1 << CS_PARAM_MODEL)) {
        cs_msg_at(msg, file, kv->line, kv->col, shown, "is a group of model parameters: expected a mapping, got %s",
                  kv->value->kind == CS_YAML_SCALAR ? "a single value" : "a list");
        rc = CS_ERR_CONFIG;
    } else {
        const char *s = cs_params_suggest(p, path, 1 << CS_PARAM_MODEL);
        cs_msg_at(msg, file, kv->line, kv->col, shown, "unknown model parameter%s%s%s%s", s ? " (did you mean '" : "",
                  s ? prefix : "", s ? s : "", s ? "'?)" : "");
        rc = CS_ERR_CONFIG;
    }
    path[len] = '\0';
    return rc;
}

int cs_params_apply_overrides(cs_params *p, const cs_yaml_node *map, const char *file, const char *prefix,
                              cs_msg *msg)
{
    if (map->kind != CS_YAML_MAP) {
        cs_msg_at(msg, file, map->line, map->col, "parameters", "expected a mapping of model parameters, got %s",
                  cs_yaml_kind_name(map->kind));
        return CS_ERR_CONFIG;
    }
    int rc = CS_OK;
    char path[CS_PATH_MAX] = "";
    for (size_t k = 0; k < map->n; k++) {
        int r = cs_override_(p, &map->pairs[k], file, prefix, path, 0, msg);
        if (r && !rc) rc = r;
    }
    return rc;
}
