/* cs_scenario_surveys.c -- the scenario's `surveys:` section: rows made on
 * a survey's first mention, values applied from the file or --set, and the
 * designs resolved against the run's length (see cs_scenario_surveys.h). */
#include "cs_scenario_surveys.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cs_params_yaml.h"
#include "cs_ident.h"
#include "cs_status.h"
#include "cs_suggest.h"

#define CS_SURVEYS "surveys"
#define CS_SURVEYS_LEN 7
#define CS_SURVEY_PATH_MAX 160

/* A survey's fields, in the order its rows are made (and written back). */
static const char *const cs_survey_fields[] = {"recall_nights", "at_night", "description"};
#define CS_N_SURVEY_FIELDS (sizeof cs_survey_fields / sizeof cs_survey_fields[0])

int cs_surveys_is_path(const char *path)
{
    return strncmp(path, CS_SURVEYS, CS_SURVEYS_LEN) == 0 && (path[CS_SURVEYS_LEN] == '\0' || path[CS_SURVEYS_LEN] == '.');
}

/* A name is an identifier: it becomes part of dataset names. */
static int cs_survey_name_ok_(const char *name, size_t len) { return cs_ident_ok(name, len, CS_SURVEY_NAME_MAX); }

/* Is row the recall_nights row of a survey?  Sets the name's span. */
static int cs_survey_row_(const cs_param *row, const char **name, size_t *len)
{
    static const char tail[] = ".recall_nights";
    const size_t n = strlen(row->path), t = sizeof tail - 1;
    if (row->kind != CS_PARAM_SCENARIO || !cs_surveys_is_path(row->path) || n <= CS_SURVEYS_LEN + 1 + t ||
        strcmp(row->path + n - t, tail) != 0)
        return 0;
    *name = row->path + CS_SURVEYS_LEN + 1;
    *len = n - t - CS_SURVEYS_LEN - 1;
    return 1;
}

static size_t cs_surveys_count_(const cs_params *p)
{
    size_t n = 0, len;
    const char *name;
    for (size_t k = 0; k < cs_params_count(p); k++) n += (size_t)cs_survey_row_(cs_params_at(p, k), &name, &len);
    return n;
}

/* Makes the rows of survey `name` unless it has them; `decl` is where it is
 * first mentioned, `key` the name shown in a message. */
static int cs_survey_add_(cs_params *p, const char *name, cs_param_origin decl, const char *key, cs_msg *msg)
{
    char path[CS_SURVEY_PATH_MAX];
    snprintf(path, sizeof path, CS_SURVEYS ".%s.%s", name, cs_survey_fields[0]);
    if (cs_params_find(p, path)) return CS_OK;
    if (cs_surveys_count_(p) >= CS_MAX_SURVEYS) {
        cs_msg_at(msg, decl.file, decl.line, decl.col, key, "too many surveys: a run asks at most %d",
                  CS_MAX_SURVEYS);
        return CS_ERR_CONFIG;
    }
    const double max_night = cs_params_find(p, "horizon.nights")->hi;
    const cs_param rows[CS_N_SURVEY_FIELDS] = {
        {.type = CS_PARAM_INT, .lo = 1, .hi = CS_SURVEY_MAX_RECALL, .unit = "nights",
         .help = "the nights the questions look back over, ending the night before at_night"},
        {.type = CS_PARAM_INT, .lo = -max_night, .hi = max_night, .unit = "night",
         .help = "asked after this many nights of the run (negative: counted back from the end); default the end"},
        {.type = CS_PARAM_STRING, .unit = "text", .help = "what the survey stands for (a study, a question)",
         .string = ""},
    };
    int rc = CS_OK;
    for (size_t k = 0; k < CS_N_SURVEY_FIELDS; k++) {
        cs_param row = rows[k];
        snprintf(path, sizeof path, CS_SURVEYS ".%s.%s", name, cs_survey_fields[k]);
        row.path = path;
        row.kind = CS_PARAM_SCENARIO;
        row.range_lo = row.range_hi = NAN;
        row.decl = decl;
        CS_TRY(cs_params_add(p, &row));
    }
done:
    return rc;
}

/* Applies every pair of mapping `v` under `path`. */
static int cs_surveys_apply_map_(cs_params *p, const char *path, const cs_yaml_node *v, const char *file,
                                 const char *expected, cs_msg *msg)
{
    if (v->kind != CS_YAML_MAP) {
        cs_msg_at(msg, file, v->line, v->col, path, "expected %s, got %s", expected, cs_yaml_kind_name(v->kind));
        return CS_ERR_CONFIG;
    }
    int rc = CS_OK;
    for (size_t k = 0; k < v->n; k++) {
        const cs_yaml_pair *kv = &v->pairs[k];
        char sub[CS_SURVEY_PATH_MAX];
        snprintf(sub, sizeof sub, "%s.%s", path, kv->key);
        int r = cs_surveys_apply(p, sub, kv->value, file, kv->line, kv->col, msg);
        if (r && !rc) rc = r;
    }
    return rc;
}

int cs_surveys_apply(cs_params *p, const char *path, const cs_yaml_node *value, const char *file, int line, int col,
                     cs_msg *msg)
{
    if (path[CS_SURVEYS_LEN] == '\0')
        return cs_surveys_apply_map_(p, path, value, file,
                                     "a mapping of survey names to designs, e.g. past_month: {recall_nights: 30}",
                                     msg);
    const char *name = path + CS_SURVEYS_LEN + 1, *dot = strchr(name, '.');
    const size_t len = dot ? (size_t)(dot - name) : strlen(name);
    char key[128], survey[CS_SURVEY_NAME_MAX + 1];
    snprintf(key, sizeof key, CS_SURVEYS ".%.*s", (int)(len < 100 ? len : 100), name);
    if (!cs_survey_name_ok_(name, len)) {
        cs_msg_at(msg, file, line, col, key,
                  "a survey name is an identifier (letters, digits and '_', not starting with a digit, at most %d "
                  "characters), got '%.*s'",
                  CS_SURVEY_NAME_MAX, (int)(len < 100 ? len : 100), name);
        return CS_ERR_CONFIG;
    }
    snprintf(survey, sizeof survey, "%.*s", (int)len, name);
    const cs_param_origin decl = {cs_params_intern(p, file), line, col};
    int rc = cs_survey_add_(p, survey, decl, key, msg);
    if (rc) return rc;
    if (!dot)
        return cs_surveys_apply_map_(p, key, value, file,
                                     "a mapping of the survey's design (recall_nights:, at_night:, description:)",
                                     msg);
    cs_param *row = cs_params_find(p, path);
    if (!row) {
        char cands[CS_N_SURVEY_FIELDS][CS_SURVEY_PATH_MAX];
        const char *list[CS_N_SURVEY_FIELDS];
        for (size_t k = 0; k < CS_N_SURVEY_FIELDS; k++) {
            snprintf(cands[k], sizeof cands[k], "%s.%s", key, cs_survey_fields[k]);
            list[k] = cands[k];
        }
        const char *s = cs_suggest(path, list, CS_N_SURVEY_FIELDS);
        if (s)
            cs_msg_at(msg, file, line, col, path, "unknown key (did you mean '%s'?)", s);
        else
            cs_msg_at(msg, file, line, col, path, "unknown key: a survey has recall_nights, at_night and description");
        return CS_ERR_CONFIG;
    }
    return cs_params_set_node(p, row, value, file, path, msg);
}

int cs_surveys_resolve(cs_params *p, int32_t nights, cs_survey *out, size_t *n, cs_msg *msg)
{
    int rc = CS_OK;
    *n = 0;
    for (size_t k = 0; k < cs_params_count(p); k++) {
        const cs_param *recall = cs_params_at(p, k);
        const char *name;
        size_t len;
        if (!cs_survey_row_(recall, &name, &len)) continue;
        char path[CS_SURVEY_PATH_MAX], survey[CS_SURVEY_NAME_MAX + 1];
        snprintf(survey, sizeof survey, "%.*s", (int)len, name);
        snprintf(path, sizeof path, CS_SURVEYS ".%s.at_night", survey);
        cs_param *at = cs_params_find(p, path);
        snprintf(path, sizeof path, CS_SURVEYS ".%s.description", survey);
        const cs_param *desc = cs_params_find(p, path);
        if (!recall->origin.file) {
            cs_msg_at(msg, recall->decl.file, recall->decl.line, recall->decl.col, recall->path,
                      "missing: how many nights the questions look back, e.g. recall_nights: 30");
            rc = CS_ERR_CONFIG;
            continue;
        }
        if (!at->origin.file) at->integer = nights; /* default: at the end of the run */
        const int64_t night = at->integer < 0 ? nights + at->integer : at->integer;
        if (night < 1 || night > nights) {
            char back[96] = "";
            if (nights > 1)
                snprintf(back, sizeof back, " (or in [-%d, -1], counted back from the end of the run)", (int)nights - 1);
            cs_msg_at(msg, at->origin.file, at->origin.line, at->origin.col, at->path,
                      "expected a night in [1, %d]%s, got %" PRId64, (int)nights, back, at->integer);
            rc = CS_ERR_CONFIG;
            continue;
        }
        if (recall->integer > night) {
            char when[96];
            if (at->origin.file)
                snprintf(when, sizeof when, "at_night: %" PRId64, at->integer);
            else
                snprintf(when, sizeof when, "at the end of the run, horizon.nights: %d", (int)nights);
            cs_msg_at(msg, recall->origin.file, recall->origin.line, recall->origin.col, recall->path,
                      "a recall of %" PRId64 " nights does not fit in the %" PRId64
                      " nights before the survey (%s); recall at most %" PRId64 " nights or ask later",
                      recall->integer, night, when, night);
            rc = CS_ERR_CONFIG;
            continue;
        }
        const char *interned = cs_params_intern(p, survey);
        if (!interned) return CS_ERR_NOMEM;
        out[(*n)++] = (cs_survey){interned, desc->string, (int32_t)recall->integer, (int32_t)night};
    }
    return rc;
}
