/* cs_scenario.c -- the scenario schema and loading.
 *
 * The engine's own settings are rows of one table (cs_scenario_rows) that
 * drives defaults, loading, --set, unknown-key suggestions and `validate`.
 * These paths are used by scripts outside the project: keep them
 * (population.size, horizon.nights, seed, replicates). */
#include "cs_scenario.h"

#include <errno.h>
#include <libgen.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_params_yaml.h"
#include "cs_scenario_arms.h"
#include "cs_scenario_custom.h"
#include "cs_scenario_sweep.h"
#include "cs_scenario_surveys.h"
#include "cs_scenario_trial.h"
#include "cs_status.h"
#include "cs_suggest.h"
#include "cs_version.h"
#include "cs_yaml.h"

#define CS_SCEN(path_, type_, lo_, hi_, unit_, help_) \
    {.path = path_, .kind = CS_PARAM_SCENARIO, .type = type_, .lo = lo_, .hi = hi_, .unit = unit_, .help = help_}

/* The engine's settings, with defaults filled in by cs_scenario_defaults_. */
static const cs_param cs_scenario_rows[] = {
    CS_SCEN("model", CS_PARAM_STRING, 0, 0, "path", "model file, relative to the scenario file's folder"),
    CS_SCEN("description", CS_PARAM_STRING, 0, 0, "text", "what this scenario is for"),
    CS_SCEN("seed", CS_PARAM_INT, 0, 9007199254740992.0, "1", "root of every random stream"),
    CS_SCEN("replicates", CS_PARAM_INT, 1, 100000, "runs", "independent replicates (different streams, same parameters)"),
    CS_SCEN("population.size", CS_PARAM_INT, 1, 1e11, "agents", "agents simulated"),
    CS_SCEN("horizon.nights", CS_PARAM_INT, 1, 73000, "nights", "nights simulated"),
    CS_SCEN("horizon.start_day_of_year", CS_PARAM_INT, 1, 365, "day", "day of year (1-365) before night 0"),
    CS_SCEN("output.series", CS_PARAM_STRING, 0, 0, "period", "time-series resolution: daily, weekly, yearly (365 nights) or total (one period: the run's totals, the smallest output)"),
    CS_SCEN("output.agents", CS_PARAM_BOOL, 0, 1, "flag", "write each agent's end state"),
};
#define CS_N_SCENARIO_ROWS (sizeof cs_scenario_rows / sizeof cs_scenario_rows[0])

static int cs_scenario_add_rows_(cs_params *p)
{
    int rc = CS_OK;
    for (size_t k = 0; k < CS_N_SCENARIO_ROWS; k++) {
        cs_param row = cs_scenario_rows[k];
        row.range_lo = row.range_hi = NAN;
        row.list_max = 0;
        if (strcmp(row.path, "seed") == 0) row.integer = 1;
        if (strcmp(row.path, "replicates") == 0) row.integer = 1;
        if (strcmp(row.path, "population.size") == 0) row.integer = 100000;
        if (strcmp(row.path, "horizon.nights") == 0) row.integer = 365;
        if (strcmp(row.path, "horizon.start_day_of_year") == 0) row.integer = 1;
        if (strcmp(row.path, "output.series") == 0) {
            row.string = "weekly";
            row.choices = "daily|weekly|yearly|total";
        }
        if (strcmp(row.path, "description") == 0 || strcmp(row.path, "model") == 0) row.string = "";
        CS_TRY(cs_params_add(p, &row));
    }
done:
    return rc;
}

/* ---- reading files on rank 0 ------------------------------------------ */

/* Reads `path` on rank 0 and broadcasts it (text or failure) to all ranks. */
static int cs_read_bcast_(const char *path, MPI_Comm comm, cs_msg *msg, char **out)
{
    int rank;
    MPI_Comm_rank(comm, &rank);
    char *text = NULL;
    size_t len = 0;
    long long n = -1, code = CS_OK;
    if (rank == 0) {
        code = cs_file_read_all(path, msg, &text, &len);
        if (code == CS_OK) n = (long long)len;
        else if (code == CS_ERR_IO && cs_errno_is_bad_input(errno)) code = CS_ERR_CONFIG;
    }
    long long both[2] = {n, code};
    MPI_Bcast(both, 2, MPI_LONG_LONG, 0, comm);
    n = both[0];
    if (n < 0) {
        free(text);
        return (int)both[1];
    }
    if (rank != 0) {
        text = malloc((size_t)n + 1);
        if (!text) return CS_ERR_NOMEM;
        text[n] = '\0';
    }
    for (long long off = 0; off < n; off += 1 << 30) {
        int chunk = (int)(n - off < (1 << 30) ? n - off : (1 << 30));
        MPI_Bcast(text + off, chunk, MPI_CHAR, 0, comm);
    }
    *out = text;
    return CS_OK;
}

/* Model path relative to the scenario file's folder (absolute kept). */
static char *cs_resolve_relative_(const char *scenario_path, const char *model)
{
    if (model[0] == '/') return strdup(model);
    char *copy = strdup(scenario_path);
    if (!copy) return NULL;
    const char *dir = dirname(copy);
    size_t n = strlen(dir) + strlen(model) + 2;
    char *out = malloc(n);
    if (out) snprintf(out, n, "%s/%s", dir, model);
    free(copy);
    return out;
}

/* ---- applying values -------------------------------------------------- */

/* Applies the scenario file's top level (everything but `parameters`). */
static int cs_apply_scenario_keys_(cs_params *p, const cs_yaml_node *map, const char *file, char *prefix,
                                   cs_msg *msg)
{
    int rc = CS_OK;
    for (size_t k = 0; k < map->n; k++) {
        const cs_yaml_pair *kv = &map->pairs[k];
        if (!prefix[0] && (strcmp(kv->key, "parameters") == 0 || cs_sweep_is_path(kv->key))) continue;
        if (!prefix[0] && cs_custom_is_path(kv->key)) {
            int r = cs_custom_apply(p, kv->value, file, kv->line, kv->col, msg);
            if (r && !rc) rc = r;
            continue;
        }
        const cs_section_apply_fn section = prefix[0]                      ? NULL
                                            : cs_surveys_is_path(kv->key) ? cs_surveys_apply
                                            : cs_arms_is_path(kv->key)    ? cs_arms_apply
                                            : cs_trial_is_path(kv->key)   ? cs_trial_apply
                                                                          : NULL;
        if (section) {
            int r = section(p, kv->key, kv->value, file, kv->line, kv->col, msg);
            if (r && !rc) rc = r;
            continue;
        }
        char path[512];
        snprintf(path, sizeof path, "%s%s%s", prefix, prefix[0] ? "." : "", kv->key);
        cs_param *row = cs_params_find(p, path);
        const int scenario = 1 << CS_PARAM_SCENARIO, model = 1 << CS_PARAM_MODEL;
        int r = CS_ERR_CONFIG;
        if (row && row->kind == CS_PARAM_SCENARIO) {
            r = cs_params_set_node(p, row, kv->value, file, path, msg);
        } else if (cs_params_is_group(p, path, scenario)) {
            if (kv->value->kind == CS_YAML_MAP)
                r = cs_apply_scenario_keys_(p, kv->value, file, path, msg);
            else
                cs_msg_at(msg, file, kv->value->line, kv->value->col, path,
                          "expected a mapping of settings (%s.*), got %s", path,
                          kv->value->kind == CS_YAML_SCALAR ? "a single value" : "a list");
        } else {
            /* suggest among the settings, their groups, `surveys` and `parameters` */
            const char *cands[2 * CS_N_SCENARIO_ROWS + 6];
            char groups[CS_N_SCENARIO_ROWS][64];
            size_t n = 0;
            for (size_t j = 0; j < CS_N_SCENARIO_ROWS; j++) {
                const char *row_path = cs_scenario_rows[j].path, *dot = strchr(row_path, '.');
                cands[n++] = row_path;
                if (dot && !prefix[0]) {
                    snprintf(groups[j], sizeof groups[j], "%.*s", (int)(dot - row_path), row_path);
                    cands[n++] = groups[j];
                }
            }
            cands[n++] = "parameters";
            if (!prefix[0]) cands[n++] = "surveys";
            if (!prefix[0]) cands[n++] = "arms";
            if (!prefix[0]) cands[n++] = "interventions";
            if (!prefix[0]) cands[n++] = "sweep";
            if (!prefix[0]) cands[n++] = "trial";
            const char *s = cs_suggest(path, cands, n);
            const char *hint = "";
            if (cs_params_find(p, path) || cs_params_is_group(p, path, model))
                hint = " (model parameters go under 'parameters:')";
            cs_msg_at(msg, file, kv->line, kv->col, path, "unknown key%s%s%s%s", s ? " (did you mean '" : "",
                      s ? s : "", s ? "'?)" : "", hint);
        }
        if (r && !rc) rc = r;
    }
    return rc;
}

/* Applies one --set path=value. */
static int cs_apply_set_(cs_params *p, const char *set, cs_msg *msg)
{
    const char *eq = strchr(set, '=');
    if (!eq || eq == set) {
        cs_msg_error(msg, "--set %s: expected KEY=VALUE, e.g. --set population.size=1e6", set);
        return CS_ERR_USAGE;
    }
    char key[512];
    snprintf(key, sizeof key, "%.*s", (int)(eq - set) < 511 ? (int)(eq - set) : 511, set);
    const char *path = strncmp(key, "parameters.", 11) == 0 ? key + 11 : key;
    const cs_section_apply_fn section = path != key                ? NULL
                                        : cs_surveys_is_path(key) ? cs_surveys_apply
                                        : cs_arms_is_path(key)    ? cs_arms_apply
                                        : cs_trial_is_path(key)   ? cs_trial_apply
                                                                  : NULL;
    cs_param *row = section ? NULL : cs_params_find(p, path);
    if (!section && (!row || (path != key && row->kind != CS_PARAM_MODEL))) {
        const char *s = cs_params_suggest(p, path, (1 << CS_PARAM_SCENARIO) | (1 << CS_PARAM_MODEL));
        cs_msg_at(msg, "--set", 0, 0, key, "unknown parameter%s%s%s", s ? " (did you mean '" : "", s ? s : "",
                  s ? "'?)" : "");
        return CS_ERR_CONFIG;
    }
    if (row && strcmp(row->path, "model") == 0) return CS_OK; /* applied before the model was loaded */
    cs_yaml_doc *doc = NULL;
    char name[560];
    snprintf(name, sizeof name, "--set %s", key);
    int rc = cs_yaml_load_string(eq + 1, strlen(eq + 1), name, msg, &doc);
    if (rc == CS_OK) {
        const cs_yaml_node *v = cs_yaml_root(doc);
        if (!v) {
            cs_msg_at(msg, "--set", 0, 0, key, "missing value after '='");
            rc = CS_ERR_CONFIG;
        } else {
            cs_yaml_node at = *v; /* a position inside the argument would mislead */
            at.line = at.col = 0;
            rc = section ? section(p, key, &at, "--set", 0, 0, msg) : cs_params_set_node(p, row, &at, "--set", key, msg);
        }
    }
    cs_yaml_destroy(&doc);
    return rc;
}

/* `model` from --set if given there, else from the scenario file. */
static const char *cs_model_setting_(const cs_yaml_node *root, const char *const *sets, size_t n_sets,
                                     const char **origin_file)
{
    for (size_t k = n_sets; k-- > 0;)
        if (strncmp(sets[k], "model=", 6) == 0) {
            *origin_file = "--set";
            return sets[k] + 6;
        }
    const cs_yaml_node *m = cs_yaml_get(root, "model");
    return m && m->kind == CS_YAML_SCALAR ? m->scalar : NULL;
}

static int cs_scenario_resolve_(cs_scenario *s, cs_msg *msg)
{
    cs_params *p = s->params;
    int64_t v;
    const char *series = NULL;
    int rc = CS_OK;
    CS_TRY(cs_params_int(p, "population.size", msg, &v));
    s->population = (uint64_t)v;
    CS_TRY(cs_params_int(p, "seed", msg, &v));
    s->seed = (uint64_t)v;
    CS_TRY(cs_params_int(p, "replicates", msg, &v));
    s->replicates = (int32_t)v;
    CS_TRY(cs_params_int(p, "horizon.nights", msg, &v));
    s->nights = (int32_t)v;
    CS_TRY(cs_params_int(p, "horizon.start_day_of_year", msg, &v));
    s->start_day_of_year = (int32_t)v;
    CS_TRY(cs_params_string(p, "output.series", msg, &series));
    s->period_nights = strcmp(series, "daily") == 0    ? 1
                       : strcmp(series, "weekly") == 0 ? 7
                       : strcmp(series, "yearly") == 0 ? 365
                                                       : s->nights; /* total */
    CS_TRY(cs_params_bool(p, "output.agents", msg, &s->agents_output));
    CS_TRY(cs_surveys_resolve(p, s->nights, s->surveys, &s->n_surveys, msg));
    CS_TRY(cs_arms_resolve(p, s->nights, s->arms, &s->n_arms, msg));
    CS_TRY(cs_trial_resolve(p, s->nights, &s->has_trial, &s->trial, msg));
done:
    return rc;
}

int cs_scenario_load(const char *path, const char *const *sets, size_t n_sets, MPI_Comm comm, cs_msg *msg,
                     cs_scenario **out)
{
    return cs_scenario_load_point(path, sets, n_sets, 0, comm, msg, out);
}

/* CS_ERR_NOMEM, said once, when a string could not be copied into the
 * parameter table during the last step (cs_params_status). */
static int cs_params_held_(const cs_scenario *s, cs_msg *msg)
{
    if (cs_params_status(s->params) == CS_OK) return CS_OK;
    cs_msg_error(msg, "%s: out of memory while loading the scenario", s->path);
    return CS_ERR_NOMEM;
}

int cs_scenario_load_point(const char *path, const char *const *sets, size_t n_sets, int no_sweep, MPI_Comm comm,
                           cs_msg *msg, cs_scenario **out)
{
    int rc = CS_OK;
    cs_yaml_doc *doc = NULL, *model_doc = NULL;
    cs_scenario *s = calloc(1, sizeof *s);
    *out = NULL;
    if (!s) return CS_ERR_NOMEM;
    s->path = strdup(path);
    CS_ENSURE(s->path, CS_ERR_NOMEM);
    CS_TRY(cs_params_create(&s->params));
    CS_TRY(cs_read_bcast_(path, comm, msg, &s->text));
    CS_TRY(cs_yaml_load_string(s->text, strlen(s->text), path, msg, &doc));
    const cs_yaml_node *root = cs_yaml_root(doc);
    if (!root || root->kind != CS_YAML_MAP) {
        cs_msg_at(msg, path, root ? root->line : 1, root ? root->col : 1, NULL,
                  "a scenario file must be a mapping (model:, seed:, population:, horizon:, ...)%s",
                  root ? "" : "; this one is empty");
        CS_ENSURE(0, CS_ERR_CONFIG);
    }
    const char *model_origin = path;
    const char *model = cs_model_setting_(root, sets, n_sets, &model_origin);
    if (!model || !model[0]) {
        cs_msg_at(msg, path, 1, 1, "model", "missing: name the model file, e.g. model: ../models/NAME/model.yaml");
        CS_ENSURE(0, CS_ERR_CONFIG);
    }
    s->model_path = strcmp(model_origin, "--set") == 0 ? strdup(model) : cs_resolve_relative_(path, model);
    CS_ENSURE(s->model_path, CS_ERR_NOMEM);
    rc = cs_read_bcast_(s->model_path, comm, msg, &s->model_text);
    if (rc == CS_ERR_CONFIG) {
        const cs_yaml_pair *kv = cs_yaml_get_pair(root, "model");
        cs_msg_at(msg, model_origin, kv && model_origin == path ? kv->value->line : 0,
                  kv && model_origin == path ? kv->value->col : 0, "model", "cannot read model file '%s'",
                  s->model_path);
    }
    CS_TRY(rc);
    CS_TRY(cs_yaml_load_string(s->model_text, strlen(s->model_text), s->model_path, msg, &model_doc));
    const char *model_name = NULL;
    /* the engine's rows first, so a model parameter cannot take their paths */
    CS_TRY(cs_scenario_add_rows_(s->params));
    CS_TRY(cs_params_load_model(s->params, model_doc, msg, &model_name));
    CS_TRY(cs_params_held_(s, msg));
    s->ops = cs_model_find(model_name);
    if (!s->ops) {
        const cs_yaml_node *n = cs_yaml_get(cs_yaml_root(model_doc), "model");
        const char *names[16];
        size_t k = 0;
        cs_strbuf list;
        cs_strbuf_init(&list);
        for (const cs_model_ops *const *m = cs_builtin_models; *m && k < 16; m++) {
            names[k++] = (*m)->name;
            cs_strbuf_appendf(&list, "%s%s", k > 1 ? ", " : "", (*m)->name);
        }
        const char *best = cs_suggest(model_name, names, k);
        cs_msg_at(msg, s->model_path, n->line, n->col, "model", "no built-in model called '%s'%s%s%s; built in: %s",
                  model_name, best ? " (did you mean '" : "", best ? best : "", best ? "'?)" : "",
                  cs_strbuf_str(&list));
        cs_strbuf_free(&list);
        CS_ENSURE(0, CS_ERR_CONFIG);
    }
    {
        char prefix[1] = "";
        int r1 = cs_apply_scenario_keys_(s->params, root, path, prefix, msg);
        const cs_yaml_node *overrides = cs_yaml_get(root, "parameters");
        int r2 = overrides ? cs_params_apply_overrides(s->params, overrides, path, "parameters.", msg) : CS_OK;
        CS_TRY(r1 ? r1 : r2);
    }
    CS_TRY(cs_params_held_(s, msg));
    cs_params_find(s->params, "model")->string = cs_params_intern(s->params, model);
    CS_TRY(cs_params_held_(s, msg));
    for (size_t k = 0; k < n_sets; k++) CS_TRY(cs_apply_set_(s->params, sets[k], msg));
    CS_TRY(cs_params_held_(s, msg));
    CS_TRY(cs_scenario_resolve_(s, msg));
    const cs_yaml_pair *sweep = cs_yaml_get_pair(root, "sweep");
    if (sweep && !no_sweep)
        CS_TRY(cs_sweep_parse(s->params, sweep->value, path, sweep->line, sweep->col, s->seed, &s->sweep, msg));
    CS_TRY(cs_params_held_(s, msg));
done:
    cs_yaml_destroy(&doc);
    cs_yaml_destroy(&model_doc);
    if (rc < 0) cs_scenario_destroy(&s);
    *out = s;
    return rc;
}

cs_sim_config cs_scenario_sim_config(const cs_scenario *sc, int threads, MPI_Comm comm)
{
    return (cs_sim_config){.n_global = sc->population,
                           .seed = sc->seed,
                           .replicates = sc->replicates,
                           .nights = sc->nights,
                           .start_day_of_year = sc->start_day_of_year,
                           .period_nights = sc->period_nights,
                           .threads = threads,
                           .comm = comm,
                           .surveys = sc->surveys,
                           .n_surveys = sc->n_surveys,
                           .arm = &sc->arms[0]};
}

cs_sim_config cs_scenario_trial_config(const cs_scenario *sc, int threads, MPI_Comm comm)
{
    cs_sim_config cfg = cs_scenario_sim_config(sc, threads, comm);
    cfg.arm = &sc->trial.arm;
    cfg.trial = &sc->trial;
    return cfg;
}

int32_t cs_scenario_first_policy_night(const cs_scenario *sc)
{
    int32_t first = sc->nights;
    for (size_t a = 0; a < sc->n_arms; a++)
        for (size_t k = 0; k < sc->arms[a].n_items; k++)
            if (sc->arms[a].items[k].start_night < first) first = sc->arms[a].items[k].start_night;
    return first;
}

int32_t cs_scenario_shared_nights(const cs_scenario *sc)
{
    const int32_t first = cs_scenario_first_policy_night(sc);
    return sc->n_arms > 1 && first < sc->nights ? first : 0;
}

void cs_scenario_destroy(cs_scenario **sp)
{
    if (!sp || !*sp) return;
    cs_scenario *s = *sp;
    cs_params_destroy(&s->params);
    cs_sweep_free(&s->sweep);
    free(s->path);
    free(s->text);
    free(s->model_path);
    free(s->model_text);
    free(s);
    *sp = NULL;
}

/* ---- resolved YAML ----------------------------------------------------- */

static int cs_yaml_string_(cs_strbuf *out, const char *v)
{
    int rc = cs_strbuf_append(out, "\"");
    for (const char *c = v; *c && rc == CS_OK; c++) {
        if (*c == '"' || *c == '\\') rc = cs_strbuf_appendf(out, "\\%c", *c);
        else if (*c == '\n') rc = cs_strbuf_append(out, "\\n");
        else rc = cs_strbuf_appendn(out, c, 1);
    }
    return rc ? rc : cs_strbuf_append(out, "\"");
}

static int cs_resolved_row_(const cs_param *row, const char *indent, const char *key, int annotate, cs_strbuf *out)
{
    int rc = CS_OK;
    char value[65536];
    cs_params_format_value(row, value, sizeof value);
    CS_TRY(cs_strbuf_appendf(out, "%s%s: ", indent, key));
    if (row->type == CS_PARAM_STRING) CS_TRY(cs_yaml_string_(out, value));
    else CS_TRY(cs_strbuf_append(out, value));
    if (annotate) {
        CS_TRY(cs_strbuf_appendf(out, "  # %s", row->unit ? row->unit : ""));
        if (!isnan(row->range_lo))
            CS_TRY(cs_strbuf_appendf(out, "; %s [%g, %g] %s", row->type == CS_PARAM_REAL_LIST ? "factor" : "range",
                                     row->range_lo, row->range_hi, cs_param_dist_name(row->dist)));
        if (row->source) CS_TRY(cs_strbuf_appendf(out, "; source %s", row->source));
        if (row->origin.file && row->origin.line > 0)
            CS_TRY(cs_strbuf_appendf(out, "; from %s:%d", row->origin.file, row->origin.line));
        else if (row->origin.file)
            CS_TRY(cs_strbuf_appendf(out, "; from %s", row->origin.file));
        else CS_TRY(cs_strbuf_append(out, "; default"));
    }
    CS_TRY(cs_strbuf_append(out, "\n"));
done:
    return rc;
}

/* The surveys: section (nothing when there is no survey), one mapping per
 * survey with its fields in the order of their rows. */
static int cs_resolved_surveys_(const cs_params *p, int annotate, cs_strbuf *out)
{
    int rc = CS_OK;
    const char *name = NULL; /* current survey: name_len bytes after "surveys." */
    size_t name_len = 0;
    for (size_t k = 0; k < cs_params_count(p); k++) {
        const cs_param *row = cs_params_at(p, k);
        if (row->kind != CS_PARAM_SCENARIO || !cs_surveys_is_path(row->path)) continue;
        const char *survey = strchr(row->path, '.') + 1, *field = strchr(survey, '.') + 1;
        const size_t len = (size_t)(field - 1 - survey);
        if (!name) CS_TRY(cs_strbuf_append(out, "surveys:\n"));
        if (!name || len != name_len || strncmp(name, survey, len) != 0) {
            CS_TRY(cs_strbuf_appendf(out, "  %.*s:\n", (int)len, survey));
            name = survey;
            name_len = len;
        }
        CS_TRY(cs_resolved_row_(row, "    ", field, annotate, out));
    }
done:
    return rc;
}

int cs_scenario_resolved_yaml(const cs_scenario *s, int annotate, cs_strbuf *out, cs_msg *msg)
{
    int rc = CS_OK;
    const cs_params *p = s->params;
    CS_TRY(cs_strbuf_appendf(out, "# crampsim %s resolved scenario of %s\n", CS_VERSION, s->path));
    const char *group = ""; /* current "group." prefix: group_len bytes of a path */
    size_t group_len = 0;
    for (size_t k = 0; k < cs_params_count(p); k++) {
        const cs_param *row = cs_params_at(p, k);
        if (row->kind != CS_PARAM_SCENARIO || cs_surveys_is_path(row->path) || cs_arms_is_path(row->path) ||
            cs_trial_is_path(row->path))
            continue;
        const char *dot = strchr(row->path, '.');
        if (dot) {
            size_t g = (size_t)(dot - row->path);
            if (group_len != g || strncmp(group, row->path, g) != 0) {
                CS_TRY(cs_strbuf_appendf(out, "%.*s:\n", (int)g, row->path));
                group = row->path;
                group_len = g;
            }
            CS_TRY(cs_resolved_row_(row, "  ", dot + 1, annotate, out));
        } else {
            group_len = 0;
            if (strcmp(row->path, "model") == 0) {
                /* the resolved file may live elsewhere: give the absolute model path */
                char *abs = realpath(s->model_path, NULL);
                if (!abs) {
                    int err = errno;
                    cs_msg_error(msg, "%s: cannot resolve the model file's path: %s", s->model_path, strerror(err));
                    CS_ENSURE(0, err == ENOMEM ? CS_ERR_NOMEM : CS_ERR_IO);
                }
                cs_param copy = *row;
                copy.string = abs;
                rc = cs_resolved_row_(&copy, "", row->path, annotate, out);
                free(abs);
                CS_TRY(rc);
            } else
                CS_TRY(cs_resolved_row_(row, "", row->path, annotate, out));
        }
    }
    CS_TRY(cs_resolved_surveys_(p, annotate, out));
    if (s->sweep.kind != CS_SWEEP_NONE)
        CS_TRY(cs_strbuf_appendf(out, "# the scenario file's sweep section (%s, %zu points) is not repeated here; a point's resolved "
                                      "scenario is in its result group)\n",
                                 cs_sweep_kind_names[s->sweep.kind], s->sweep.n_points));
    CS_TRY(cs_custom_resolved_yaml(p, annotate, cs_resolved_row_, out));
    CS_TRY(cs_arms_resolved_yaml(p, s->arms, s->n_arms, annotate, cs_resolved_row_, out));
    if (s->has_trial) CS_TRY(cs_trial_resolved_yaml(p, &s->trial, annotate, cs_resolved_row_, out));
    CS_TRY(cs_strbuf_append(out, "parameters:\n"));
    for (size_t k = 0; k < cs_params_count(p); k++) {
        const cs_param *row = cs_params_at(p, k);
        if (row->kind == CS_PARAM_MODEL && !cs_custom_row(row)) CS_TRY(cs_resolved_row_(row, "  ", row->path, annotate, out));
    }
done:
    return rc;
}
