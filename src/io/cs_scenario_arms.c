/* cs_scenario_arms.c -- the scenario's `arms:` section: rows made on first
 * mention of an arm or of one of its interventions, values applied from the
 * file or --set, and the arms resolved against the run and the model's
 * intervention groups (see cs_scenario_arms.h). */
#include "cs_scenario_arms.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cs_params_yaml.h"
#include "cs_ident.h"
#include "cs_status.h"
#include "cs_suggest.h"

#define CS_ARMS "arms"
#define CS_ARMS_LEN 4
#define CS_IVS "interventions"
#define CS_ARM_PATH_MAX 200

const char *const cs_channel_names[CS_CHANNELS] = {"default", "campaign", "visit", "episode", "trial"};

/* An intervention's fields, in the order its rows are made (and written back). */
enum { F_TARGET, F_COVERAGE, F_START, F_END, F_CHANNEL, F_RESCREEN, F_MAX, F_TOP, F_BUDGET, F_PRIORITY, F_FIELDS };
static const char *const cs_item_fields[F_FIELDS] = {"target",      "coverage",    "start_night", "end_night",
                                                     "channel",     "rescreen_nights", "max_per_year", "top_share",
                                                     "budget_per_year", "priority"};

int cs_arms_is_path(const char *path)
{
    return strncmp(path, CS_ARMS, CS_ARMS_LEN) == 0 && (path[CS_ARMS_LEN] == '\0' || path[CS_ARMS_LEN] == '.');
}

/* Arm and intervention names are identifiers: they become dataset names. */
static int cs_arm_name_ok_(const char *name, size_t len) { return cs_ident_ok(name, len, CS_ARM_NAME_MAX); }

/* Is row the description row of an arm?  Sets the name's span. */
static int cs_arm_row_(const cs_param *row, const char **name, size_t *len)
{
    static const char tail[] = ".description";
    const size_t n = strlen(row->path), t = sizeof tail - 1;
    if (row->kind != CS_PARAM_SCENARIO || !cs_arms_is_path(row->path) || n <= CS_ARMS_LEN + 1 + t ||
        strcmp(row->path + n - t, tail) != 0 || memchr(row->path + CS_ARMS_LEN + 1, '.', n - t - CS_ARMS_LEN - 1))
        return 0;
    *name = row->path + CS_ARMS_LEN + 1;
    *len = n - t - CS_ARMS_LEN - 1;
    return 1;
}

/* Is row the target row of an intervention of arm `arm`?  Sets the
 * intervention's name span. */
static int cs_item_row_(const cs_param *row, const char *arm, const char **iv, size_t *len)
{
    char prefix[CS_ARM_PATH_MAX];
    static const char tail[] = ".target";
    const int np = snprintf(prefix, sizeof prefix, CS_ARMS ".%s." CS_IVS ".", arm);
    const size_t n = strlen(row->path), t = sizeof tail - 1;
    if (row->kind != CS_PARAM_SCENARIO || n <= (size_t)np + t || strncmp(row->path, prefix, (size_t)np) != 0 ||
        strcmp(row->path + n - t, tail) != 0)
        return 0;
    *iv = row->path + np;
    *len = n - t - (size_t)np;
    return 1;
}

size_t cs_section_count(const cs_params *p, cs_section_row_fn is_row)
{
    size_t n = 0, len;
    const char *name;
    for (size_t k = 0; k < cs_params_count(p); k++) n += (size_t)is_row(cs_params_at(p, k), &name, &len);
    return n;
}

static size_t cs_items_count_(const cs_params *p, const char *arm)
{
    size_t n = 0, len;
    const char *iv;
    for (size_t k = 0; k < cs_params_count(p); k++) n += (size_t)cs_item_row_(cs_params_at(p, k), arm, &iv, &len);
    return n;
}

int cs_section_add_row(cs_params *p, const char *path, cs_param row, cs_param_origin decl)
{
    row.path = path;
    row.kind = CS_PARAM_SCENARIO;
    row.range_lo = row.range_hi = NAN;
    row.decl = decl;
    return cs_params_add(p, &row);
}

/* Makes the row of arm `name` unless it has it. */
static int cs_arm_add_(cs_params *p, const char *name, cs_param_origin decl, const char *key, cs_msg *msg)
{
    char path[CS_ARM_PATH_MAX];
    snprintf(path, sizeof path, CS_ARMS ".%s.description", name);
    if (cs_params_find(p, path)) return CS_OK;
    if (cs_section_count(p, cs_arm_row_) >= CS_MAX_ARMS) {
        cs_msg_at(msg, decl.file, decl.line, decl.col, key, "too many arms: a run compares at most %d", CS_MAX_ARMS);
        return CS_ERR_CONFIG;
    }
    const cs_param row = {.type = CS_PARAM_STRING, .unit = "text", .help = "what the arm stands for", .string = ""};
    return cs_section_add_row(p, path, row, decl);
}

/* Makes the rows of intervention `iv` of arm `arm` unless it has them. */
static int cs_item_add_(cs_params *p, const char *arm, const char *iv, cs_param_origin decl, const char *key,
                        cs_msg *msg)
{
    char path[CS_ARM_PATH_MAX];
    snprintf(path, sizeof path, CS_ARMS ".%s." CS_IVS ".%s.target", arm, iv);
    if (cs_params_find(p, path)) return CS_OK;
    if (cs_items_count_(p, arm) >= CS_MAX_ARM_ITEMS) {
        cs_msg_at(msg, decl.file, decl.line, decl.col, key, "too many interventions: an arm gives at most %d",
                  CS_MAX_ARM_ITEMS);
        return CS_ERR_CONFIG;
    }
    const double max_night = cs_params_find(p, "horizon.nights")->hi;
    const cs_param rows[F_FIELDS] = {
        [F_TARGET] = {.type = CS_PARAM_STRING, .unit = "rule", .string = "true",
                      .help = "who is eligible: a rule over the model's attributes (docs/rules.md)"},
        [F_COVERAGE] = {.type = CS_PARAM_REAL, .lo = 0, .hi = 1, .real = 1, .unit = "share",
                        .help = "share of eligible people the channel reaches (they may still decline)"},
        [F_START] = {.type = CS_PARAM_INT, .lo = 0, .hi = max_night, .integer = 0, .unit = "night",
                     .help = "first night the intervention is offered (0-based)"},
        [F_END] = {.type = CS_PARAM_INT, .lo = -1, .hi = max_night, .integer = -1, .unit = "night",
                   .help = "offered and held before this night; -1: to the end of the run"},
        [F_CHANNEL] = {.type = CS_PARAM_STRING, .choices = "default|campaign|visit|episode", .string = "default",
                       .unit = "choice",
                       .help = "how people are reached: campaign, at a care visit, at an episode; default: the "
                               "intervention's own"},
        [F_RESCREEN] = {.type = CS_PARAM_INT, .lo = 1, .hi = 3650, .integer = 91, .unit = "nights",
                        .help = "campaign: the rule is applied again this often to those not yet reached"},
        [F_MAX] = {.type = CS_PARAM_INT, .lo = -1, .hi = 1e15, .integer = -1, .unit = "people per year",
                   .help = "capacity: at most this many starts per programme year; -1: no cap"},
        [F_TOP] = {.type = CS_PARAM_REAL, .lo = 0, .hi = 1, .real = 1, .unit = "share",
                   .help = "only this top share of the eligible, by priority"},
        [F_BUDGET] = {.type = CS_PARAM_REAL, .lo = -1, .hi = 1e15, .real = -1, .unit = "currency per year",
                      .help = "budget cap on the programme's costs per programme year; -1: no cap"},
        [F_PRIORITY] = {.type = CS_PARAM_STRING, .choices = "risk|random", .string = "risk", .unit = "choice",
                        .help = "who comes first when a cap binds: highest risk or a random order"},
    };
    int rc = CS_OK;
    for (size_t k = 0; k < F_FIELDS; k++) {
        snprintf(path, sizeof path, CS_ARMS ".%s." CS_IVS ".%s.%s", arm, iv, cs_item_fields[k]);
        CS_TRY(cs_section_add_row(p, path, rows[k], decl));
    }
done:
    return rc;
}

int cs_section_apply_map(cs_params *p, const char *path, const cs_yaml_node *v, const char *file,
                         const char *expected, cs_section_apply_fn apply, cs_msg *msg)
{
    if (v->kind == CS_YAML_SCALAR && !v->quoted && v->scalar[0] == '\0') return CS_OK; /* `name:` alone */
    if (v->kind != CS_YAML_MAP) {
        cs_msg_at(msg, file, v->line, v->col, path, "expected %s, got %s", expected, cs_yaml_kind_name(v->kind));
        return CS_ERR_CONFIG;
    }
    int rc = CS_OK;
    for (size_t k = 0; k < v->n; k++) {
        const cs_yaml_pair *kv = &v->pairs[k];
        char sub[CS_ARM_PATH_MAX];
        int r = CS_ERR_CONFIG;
        if (snprintf(sub, sizeof sub, "%s.%s", path, kv->key) >= (int)sizeof sub)
            cs_msg_at(msg, file, kv->line, kv->col, path, "key too long: '%.60s...'", kv->key);
        else
            r = apply(p, sub, kv->value, file, kv->line, kv->col, msg);
        if (r && !rc) rc = r;
    }
    return rc;
}

/* Applies every pair of mapping `v` under `path` of the arms: section. */
static int cs_arms_apply_map_(cs_params *p, const char *path, const cs_yaml_node *v, const char *file,
                              const char *expected, cs_msg *msg)
{
    return cs_section_apply_map(p, path, v, file, expected, cs_arms_apply, msg);
}

int cs_arms_name(const char *s, const char *what, const char *key, const char *file, int line, int col,
                         char *out, size_t size, const char **rest, cs_msg *msg)
{
    const char *dot = strchr(s, '.');
    const size_t len = dot ? (size_t)(dot - s) : strlen(s);
    if (!cs_arm_name_ok_(s, len)) {
        cs_msg_at(msg, file, line, col, key,
                  "%s name is an identifier (letters, digits and '_', not starting with a digit, at most %d "
                  "characters), got '%.*s'",
                  what, CS_ARM_NAME_MAX, (int)(len < 100 ? len : 100), s);
        return CS_ERR_CONFIG;
    }
    snprintf(out, size, "%.*s", (int)len, s);
    *rest = dot ? dot + 1 : NULL;
    return CS_OK;
}

int cs_arms_unknown(const char *path, const char *base, const char *const *fields, size_t n,
                            const char *file, int line, int col, const char *what, cs_msg *msg)
{
    char cands[CS_ARMS_MAX_FIELDS][CS_ARM_PATH_MAX + 32];
    const char *list[CS_ARMS_MAX_FIELDS];
    if (n > CS_ARMS_MAX_FIELDS) n = CS_ARMS_MAX_FIELDS;
    for (size_t k = 0; k < n; k++) {
        snprintf(cands[k], sizeof cands[k], "%.*s.%s", CS_ARM_PATH_MAX - 1, base, fields[k]);
        list[k] = cands[k];
    }
    const char *s = cs_suggest(path, list, n);
    if (s)
        cs_msg_at(msg, file, line, col, path, "unknown key (did you mean '%s'?)", s);
    else
        cs_msg_at(msg, file, line, col, path, "unknown key: %s", what);
    return CS_ERR_CONFIG;
}

int cs_arms_apply(cs_params *p, const char *path, const cs_yaml_node *value, const char *file, int line, int col,
                  cs_msg *msg)
{
    if (path[CS_ARMS_LEN] == '\0')
        return cs_arms_apply_map_(p, path, value, file,
                                  "a mapping of arm names to arms, e.g. status_quo: {} and stretching: "
                                  "{interventions: {bedtime_stretching: {target: \"age >= 65\"}}}",
                                  msg);
    char arm[CS_ARM_NAME_MAX + 1], iv[CS_ARM_NAME_MAX + 1], key[CS_ARM_PATH_MAX];
    const char *rest = NULL;
    int rc = cs_arms_name(path + CS_ARMS_LEN + 1, "an arm", path, file, line, col, arm, sizeof arm, &rest, msg);
    if (rc) return rc;
    snprintf(key, sizeof key, CS_ARMS ".%s", arm);
    const cs_param_origin decl = {cs_params_intern(p, file), line, col};
    CS_TRY(cs_arm_add_(p, arm, decl, key, msg));
    if (!rest)
        return cs_arms_apply_map_(p, key, value, file, "a mapping (description:, interventions:)", msg);
    if (strcmp(rest, "description") == 0)
        return cs_params_set_node(p, cs_params_find(p, path), value, file, path, msg);
    if (strncmp(rest, CS_IVS, sizeof CS_IVS - 1) != 0 ||
        (rest[sizeof CS_IVS - 1] != '\0' && rest[sizeof CS_IVS - 1] != '.')) {
        static const char *const arm_fields[] = {"description", CS_IVS};
        return cs_arms_unknown(path, key, arm_fields, 2, file, line, col,
                                "an arm has description and interventions", msg);
    }
    rest += sizeof CS_IVS - 1;
    snprintf(key, sizeof key, CS_ARMS ".%s." CS_IVS, arm);
    if (*rest == '\0')
        return cs_arms_apply_map_(p, key, value, file,
                                  "a mapping of intervention names to how the arm gives them, e.g. "
                                  "bedtime_stretching: {target: \"age >= 65\", coverage: 0.6}",
                                  msg);
    CS_TRY(cs_arms_name(rest + 1, "an intervention", path, file, line, col, iv, sizeof iv, &rest, msg));
    snprintf(key, sizeof key, CS_ARMS ".%s." CS_IVS ".%s", arm, iv);
    CS_TRY(cs_item_add_(p, arm, iv, decl, key, msg));
    if (!rest)
        return cs_arms_apply_map_(p, key, value, file,
                                  "a mapping (target:, coverage:, start_night:, end_night:, channel:, ...)", msg);
    cs_param *row = cs_params_find(p, path);
    if (!row)
        return cs_arms_unknown(path, key, cs_item_fields, F_FIELDS, file, line, col,
                                "see docs/policies.md for an intervention's keys", msg);
    return cs_params_set_node(p, row, value, file, path, msg);
done:
    return rc;
}

/* ---- resolving -------------------------------------------------------- */

/* The model's interventions (groups interventions.NAME.*) as candidates for
 * did-you-mean, into names[0..*n). */
static void cs_model_interventions_(const cs_params *p, char names[][CS_ARM_NAME_MAX + 1], size_t max, size_t *n)
{
    *n = 0;
    for (size_t k = 0; k < cs_params_count(p); k++) {
        const cs_param *row = cs_params_at(p, k);
        if (row->kind != CS_PARAM_MODEL || strncmp(row->path, CS_IVS ".", sizeof CS_IVS) != 0) continue;
        const char *name = row->path + sizeof CS_IVS, *dot = strchr(name, '.');
        const size_t len = dot ? (size_t)(dot - name) : strlen(name);
        if (len > CS_ARM_NAME_MAX) continue;
        int seen = 0;
        for (size_t j = 0; j < *n && !seen; j++) seen = strlen(names[j]) == len && strncmp(names[j], name, len) == 0;
        if (!seen && *n < max) snprintf(names[(*n)++], CS_ARM_NAME_MAX + 1, "%.*s", (int)len, name);
    }
}

static const cs_param *cs_item_field_(cs_params *p, const char *arm, const char *iv, int f)
{
    char path[CS_ARM_PATH_MAX];
    snprintf(path, sizeof path, CS_ARMS ".%s." CS_IVS ".%s.%s", arm, iv, cs_item_fields[f]);
    return cs_params_find(p, path);
}

static cs_channel cs_channel_of_(const char *s)
{
    for (int c = 0; c < CS_CHANNELS; c++)
        if (strcmp(s, cs_channel_names[c]) == 0) return (cs_channel)c;
    return CS_CHANNEL_DEFAULT;
}

int cs_arms_check_intervention(cs_params *p, const char *iv, cs_param_origin at, const char *key, const char *also,
                               cs_msg *msg)
{
    char group[CS_ARM_PATH_MAX];
    snprintf(group, sizeof group, CS_IVS ".%s", iv);
    if (cs_params_is_group(p, group, 1 << CS_PARAM_MODEL)) return CS_OK;
    char names[64][CS_ARM_NAME_MAX + 1];
    const char *list[64];
    size_t n;
    cs_model_interventions_(p, names, 64, &n);
    for (size_t k = 0; k < n; k++) list[k] = names[k];
    const char *s = cs_suggest(iv, list, n);
    cs_msg_at(msg, at.file, at.line, at.col, key,
              "unknown intervention '%s'%s%s%s: the model file defines %zu (interventions.* of its "
              "parameters; `crampsim validate` lists them)%s",
              iv, s ? " (did you mean '" : "", s ? s : "", s ? "'?)" : "", n, also ? also : "");
    return CS_ERR_CONFIG;
}

/* Intervention `iv` of arm `arm`, checked, into *it. */
static int cs_item_resolve_(cs_params *p, const char *arm, const char *iv, int32_t nights, cs_arm_item *it,
                            cs_msg *msg)
{
    const cs_param *target = cs_item_field_(p, arm, iv, F_TARGET);
    char key[CS_ARM_PATH_MAX];
    snprintf(key, sizeof key, CS_ARMS ".%s." CS_IVS ".%s", arm, iv);
    if (cs_arms_check_intervention(p, iv, target->decl, key, NULL, msg)) return CS_ERR_CONFIG;
    const cs_param *start = cs_item_field_(p, arm, iv, F_START), *end = cs_item_field_(p, arm, iv, F_END);
    *it = (cs_arm_item){
        .intervention = target->path + CS_ARMS_LEN + 1 + strlen(arm) + sizeof CS_IVS + 1,
        .target = target->string,
        .target_at = target->origin,
        .at = target->decl,
        .coverage = cs_item_field_(p, arm, iv, F_COVERAGE)->real,
        .start_night = (int32_t)start->integer,
        .end_night = end->integer < 0 ? nights : (int32_t)end->integer,
        .channel = cs_channel_of_(cs_item_field_(p, arm, iv, F_CHANNEL)->string),
        .rescreen_nights = (int32_t)cs_item_field_(p, arm, iv, F_RESCREEN)->integer,
        .max_per_year = cs_item_field_(p, arm, iv, F_MAX)->integer,
        .top_share = cs_item_field_(p, arm, iv, F_TOP)->real,
        .budget_per_year = cs_item_field_(p, arm, iv, F_BUDGET)->real,
        .priority = strcmp(cs_item_field_(p, arm, iv, F_PRIORITY)->string, "random") == 0 ? CS_PRIORITY_RANDOM
                                                                                          : CS_PRIORITY_RISK,
    };
    /* the name's own copy ends at the '.' before "target": make it a string */
    const char *name = cs_params_intern(p, iv);
    if (!name) return CS_ERR_NOMEM;
    it->intervention = name;
    if (it->start_night >= nights) {
        cs_param_origin at = start->origin.file ? start->origin : start->decl;
        cs_msg_at(msg, at.file, at.line, at.col, start->path,
                  "starts at night %d, but the run has %d nights (nights 0 to %d)", (int)it->start_night,
                  (int)nights, (int)nights - 1);
        return CS_ERR_CONFIG;
    }
    if (it->end_night > nights || it->end_night <= it->start_night) {
        cs_param_origin at = end->origin.file ? end->origin : end->decl;
        cs_msg_at(msg, at.file, at.line, at.col, end->path,
                  "expected a night after start_night (%d) and at most the run's %d nights, or -1, got %" PRId64,
                  (int)it->start_night, (int)nights, end->integer);
        return CS_ERR_CONFIG;
    }
    return CS_OK;
}

int cs_arms_resolve(cs_params *p, int32_t nights, cs_arm *out, size_t *n, cs_msg *msg)
{
    int rc = CS_OK;
    *n = 0;
    for (size_t k = 0; k < cs_params_count(p); k++) {
        const cs_param *desc = cs_params_at(p, k);
        const char *name;
        size_t len;
        if (!cs_arm_row_(desc, &name, &len)) continue;
        char arm[CS_ARM_NAME_MAX + 1];
        snprintf(arm, sizeof arm, "%.*s", (int)len, name);
        cs_arm *a = &out[(*n)++];
        a->name = cs_params_intern(p, arm);
        a->description = desc->string;
        a->n_items = 0;
        if (!a->name) return CS_ERR_NOMEM;
        for (size_t j = 0; j < cs_params_count(p); j++) {
            const char *iv_name;
            size_t iv_len;
            if (!cs_item_row_(cs_params_at(p, j), arm, &iv_name, &iv_len)) continue;
            char iv[CS_ARM_NAME_MAX + 1];
            snprintf(iv, sizeof iv, "%.*s", (int)iv_len, iv_name);
            int r = cs_item_resolve_(p, arm, iv, nights, &a->items[a->n_items], msg);
            if (r == CS_OK) a->n_items++;
            else if (!rc || r == CS_ERR_NOMEM) rc = r;
        }
    }
    if (*n == 0) {
        out[0] = (cs_arm){.name = CS_REFERENCE_ARM, .description = "reference arm: no intervention"};
        *n = 1;
    }
    return rc;
}

/* ---- resolved scenario ------------------------------------------------ */

int cs_arms_resolved_yaml(const cs_params *p, const cs_arm *arms, size_t n, int annotate, cs_arms_row_fn row_fn,
                          cs_strbuf *out)
{
    int rc = CS_OK;
    for (size_t a = 0; a < n; a++) {
        char path[CS_ARM_PATH_MAX];
        snprintf(path, sizeof path, CS_ARMS ".%s.description", arms[a].name);
        const cs_param *desc = cs_params_find((cs_params *)p, path);
        if (!desc) continue; /* the implicit reference arm */
        if (a == 0) CS_TRY(cs_strbuf_append(out, CS_ARMS ":\n"));
        CS_TRY(cs_strbuf_appendf(out, "  %s:\n", arms[a].name));
        CS_TRY(row_fn(desc, "    ", "description", annotate, out));
        if (arms[a].n_items) CS_TRY(cs_strbuf_append(out, "    " CS_IVS ":\n"));
        for (size_t i = 0; i < arms[a].n_items; i++) {
            CS_TRY(cs_strbuf_appendf(out, "      %s:\n", arms[a].items[i].intervention));
            for (int f = 0; f < F_FIELDS; f++)
                CS_TRY(row_fn(cs_item_field_((cs_params *)p, arms[a].name, arms[a].items[i].intervention, f),
                              "        ", cs_item_fields[f], annotate, out));
        }
    }
done:
    return rc;
}
