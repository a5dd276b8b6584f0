/* cs_output.c -- writing a run's results in the documented layout.
 * Series are stored per measure as [replicate][period][stratum] so that a
 * reader takes one dataset per quantity, with its unit beside it. */
#include "cs_output.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_layout.h"
#include "cs_results.h"
#include "cs_status.h"
#include "cs_strbuf.h"
#include "cs_version.h"

cs_h5_type cs_output_h5_type(cs_ctype t)
{
    switch (t) {
    case CS_COL_U8: return CS_H5_U8;
    case CS_COL_U16: return CS_H5_U16;
    case CS_COL_U32: return CS_H5_U32;
    case CS_COL_I32: return CS_H5_I32;
    case CS_COL_F32: return CS_H5_F32;
    }
    return CS_H5_U8;
}

/* HDF5's own bytes per dataset (object header, the unit and description
 * attributes, a chunk index) and per file (superblock, root structures),
 * measured on files crampsim wrote (docs/reliability.md, "Limits") and
 * rounded up. */
#define CS_OUTPUT_DATASET_BYTES 1500.0
#define CS_OUTPUT_FILE_BYTES 32768.0
/* The most the per-agent end states are assumed to deflate, for the lower
 * bound (measured: to 38-45% of raw). */
#define CS_OUTPUT_DEFLATE_FLOOR 0.1

/* Bytes per agent of the columns written (output_only) or of all. */
static double cs_output_column_bytes_(const cs_sim *sim, int output_only, size_t *n_cols)
{
    double bytes = 0;
    *n_cols = 0;
    for (size_t k = 0; k < cs_sim_n_columns(sim); k++) {
        const char *name, *unit, *help;
        cs_ctype type;
        const void *data;
        int output = 0;
        if (cs_sim_column(sim, k, &name, &type, &data, &unit, &help, &output) != CS_OK) continue;
        if (output_only && !output) continue;
        bytes += (double)cs_ctype_size(type);
        ++*n_cols;
    }
    return bytes;
}

cs_output_size cs_output_estimate(const cs_scenario *sc, const cs_sim *sim)
{
    cs_output_size z = {0};
    const cs_layout *L = cs_sim_results(sim)->layout;
    const double arms = (double)sc->n_arms, R = sc->replicates;
    const double periods = ceil((double)sc->nights / sc->period_nights);
    z.series = arms * (R * periods * (double)L->n_series * (double)L->n_strata + periods) * 8.0; /* + two int32 per period */
    z.summary = arms * R * (double)cs_layout_summary_size(L) * 8.0;
    size_t n_cols = 0;
    const double per_agent = cs_output_column_bytes_(sim, 1, &n_cols);
    if (sc->agents_output) z.agents = arms * R * (double)sc->population * per_agent;
    double datasets = 16.0 + 3.0 * (double)L->n_dims + 3.0 * (double)sc->n_surveys +
                      arms * ((double)L->n_series + 2.0 + (double)L->n_summary + 4.0);
    if (sc->agents_output) datasets += arms * R * (double)n_cols;
    /* the scenario, the model file and the resolved scenario (no longer than both) as texts */
    const double texts = 2.0 * (double)(strlen(sc->text ? sc->text : "") + strlen(sc->model_text ? sc->model_text : ""));
    z.meta = CS_OUTPUT_FILE_BYTES + datasets * CS_OUTPUT_DATASET_BYTES + texts;
    if (sc->has_trial) /* tallies and statistics per replicate and arm, a few dozen datasets */
        z.meta += 4.0 * R * (double)cs_trial_tally_size(&sc->trial) * 8.0 + 64.0 * CS_OUTPUT_DATASET_BYTES;
    z.total = z.series + z.summary + z.agents + z.meta;
    z.least = z.series + z.summary + z.agents * CS_OUTPUT_DEFLATE_FLOOR + texts / 2.0;
    return z;
}

double cs_output_checkpoint_estimate(const cs_scenario *sc, const cs_sim *sim, const cs_output_size *res,
                                     double *least)
{
    size_t n_cols = 0;
    const double columns = cs_output_column_bytes_(sim, 0, &n_cols) * (double)sc->population;
    const double model = (double)cs_sim_model_save_size(sim);
    /* the arm in progress' results beside the finished arms' */
    const double current = (res->series + res->summary) / (double)sc->n_arms;
    if (least) *least = columns + model;
    return res->total + columns + (double)n_cols * CS_OUTPUT_DATASET_BYTES + current + model;
}

int cs_output_agent_column(cs_h5w *w, const cs_sim *sim, size_t k, const char *arm, int32_t rep, const void *data)
{
    int rc = CS_OK;
    const cs_agents *a = cs_sim_agents(sim);
    const char *name, *unit, *help;
    cs_ctype type;
    const void *live;
    int output;
    CS_TRY(cs_sim_column(sim, k, &name, &type, &live, &unit, &help, &output));
    if (!output) goto done;
    char path[256];
    snprintf(path, sizeof path, "/arms/%s/agents/replicate_%d/%s", arm, (int)rep, name);
    rc = cs_h5w_write_dist(w, path, cs_output_h5_type(type), a->n_global, a->gid0, a->n, data ? data : live, unit,
                           help);
done:
    return rc;
}

int cs_output_agents(cs_h5w *w, const cs_sim *sim, const char *arm, int32_t rep)
{
    int rc = CS_OK;
    for (size_t k = 0; k < cs_sim_n_columns(sim); k++) CS_TRY(cs_output_agent_column(w, sim, k, arm, rep, NULL));
done:
    return rc;
}

/* /meta/surveys: the scenario's survey designs, one element per survey; only
 * the attribute count (0) when there is none (h5diff cannot compare empty
 * datasets). */
static int cs_output_surveys_(cs_h5w *w, const cs_scenario *sc)
{
    int rc = CS_OK;
    const size_t n = sc->n_surveys;
    const char *names[CS_MAX_SURVEYS + 1], *texts[CS_MAX_SURVEYS + 1];
    int32_t recall[CS_MAX_SURVEYS + 1], at[CS_MAX_SURVEYS + 1];
    for (size_t k = 0; k < n; k++) {
        names[k] = sc->surveys[k].name;
        texts[k] = sc->surveys[k].description;
        recall[k] = sc->surveys[k].recall_nights;
        at[k] = sc->surveys[k].at_night;
    }
    uint64_t dims[1] = {n};
    CS_TRY(cs_h5w_group(w, "/meta/surveys"));
    CS_TRY(cs_h5w_attr_i64(w, "/meta/surveys", "count", (int64_t)n));
    if (n == 0) goto done;
    CS_TRY(cs_h5w_write_strings(w, "/meta/surveys/name", n, names,
                                "survey names; its answers are the summaries survey.<name>.*"));
    CS_TRY(cs_h5w_write_strings(w, "/meta/surveys/description", n, texts, "what each survey stands for"));
    CS_TRY(cs_h5w_write_root(w, "/meta/surveys/recall_nights", CS_H5_I32, 1, dims, recall, "nights",
                             "recall window: the nights [at_night - recall_nights, at_night) the questions cover"));
    CS_TRY(cs_h5w_write_root(w, "/meta/surveys/at_night", CS_H5_I32, 1, dims, at, "night",
                             "asked on the day before this night (0-based; the run's nights: after the last night)"));
done:
    return rc;
}

static int cs_output_meta_(cs_h5w *w, const cs_scenario *sc, const cs_sim *sim)
{
    int rc = CS_OK;
    cs_strbuf resolved;
    cs_strbuf_init(&resolved);
    const cs_model_ops *ops = cs_sim_model(sim);
    CS_TRY(cs_h5w_group(w, "/meta"));
    CS_TRY(cs_h5w_attr_str(w, "/meta", "format", CS_FORMAT_NAME));
    CS_TRY(cs_h5w_attr_i64(w, "/meta", "format_version", CS_FORMAT_VERSION));
    CS_TRY(cs_h5w_attr_str(w, "/meta", "crampsim_version", CS_VERSION));
    CS_TRY(cs_h5w_attr_str(w, "/meta", "git_commit", CS_GIT_COMMIT));
    CS_TRY(cs_h5w_attr_str(w, "/meta", "model", ops->name));
    CS_TRY(cs_h5w_attr_str(w, "/meta", "model_description", ops->description));
    CS_TRY(cs_h5w_attr_str(w, "/meta", "scenario_path", sc->path));
    CS_TRY(cs_h5w_attr_i64(w, "/meta", "seed", (int64_t)sc->seed));
    CS_TRY(cs_h5w_attr_i64(w, "/meta", "replicates", sc->replicates));
    CS_TRY(cs_h5w_attr_i64(w, "/meta", "population_size", (int64_t)sc->population));
    CS_TRY(cs_h5w_attr_i64(w, "/meta", "nights", sc->nights));
    CS_TRY(cs_h5w_attr_i64(w, "/meta", "start_day_of_year", sc->start_day_of_year));
    CS_TRY(cs_h5w_attr_i64(w, "/meta", "period_nights", sc->period_nights));
    CS_TRY(cs_scenario_resolved_yaml(sc, 0, &resolved, cs_h5w_msg(w)));
    const char *texts[3] = {sc->text, sc->model_text, cs_strbuf_str(&resolved)};
    CS_TRY(cs_h5w_write_strings(w, "/meta/scenario", 1, &texts[0], "scenario file as given"));
    CS_TRY(cs_h5w_write_strings(w, "/meta/model_file", 1, &texts[1], "model file as read"));
    CS_TRY(cs_h5w_write_strings(w, "/meta/resolved", 1, &texts[2],
                                "every setting and parameter after overrides: a scenario that reruns this run"));
    CS_TRY(cs_output_surveys_(w, sc));
done:
    cs_strbuf_free(&resolved);
    return rc;
}

static int cs_output_run_info_(cs_h5w *w, const cs_run_info *info)
{
    int rc = CS_OK;
    CS_TRY(cs_h5w_group(w, "/meta/run"));
    CS_TRY(cs_h5w_attr_i64(w, "/meta/run", "ranks", info->ranks));
    CS_TRY(cs_h5w_attr_i64(w, "/meta/run", "threads", info->threads));
    CS_TRY(cs_h5w_attr_f64(w, "/meta/run", "wall_seconds", info->wall_seconds));
    CS_TRY(cs_h5w_attr_f64(w, "/meta/run", "agent_nights_per_second", info->agent_nights_per_second));
    CS_TRY(cs_h5w_attr_f64(w, "/meta/run", "column_bytes_per_agent", info->column_bytes_per_agent));
    CS_TRY(cs_h5w_attr_f64(w, "/meta/run", "peak_rss_bytes", info->peak_rss_bytes));
    CS_TRY(cs_h5w_attr_str(w, "/meta/run", "started_utc", info->started_utc));
    CS_TRY(cs_h5w_attr_str(w, "/meta/run", "host", info->host));
    CS_TRY(cs_h5w_attr_i64(w, "/meta/run", "warmup_nights", info->warmup_nights));
    CS_TRY(cs_h5w_attr_i64(w, "/meta/run", "warmup_points", info->warmup_points));
done:
    return rc;
}

/* "a|b|c" from labels (for an attribute). */
static int cs_join_(const char *const *labels, size_t n, cs_strbuf *out)
{
    int rc = CS_OK;
    for (size_t k = 0; k < n && rc == CS_OK; k++) rc = cs_strbuf_appendf(out, "%s%s", k ? "|" : "", labels[k]);
    return rc;
}

static int cs_output_strata_(cs_h5w *w, const cs_layout *L)
{
    int rc = CS_OK;
    const size_t K = L->n_strata;
    uint8_t *codes = calloc(K, 1);
    char **labels = calloc(K, sizeof *labels);
    cs_strbuf b;
    cs_strbuf_init(&b);
    CS_ENSURE(codes && labels, CS_ERR_NOMEM);
    CS_TRY(cs_h5w_group(w, "/strata"));
    CS_TRY(cs_h5w_attr_i64(w, "/strata", "count", (int64_t)K));
    for (size_t d = 0; d < L->n_dims; d++) {
        char path[128];
        for (size_t s = 0; s < K; s++) codes[s] = (uint8_t)cs_layout_level(L, s, d);
        snprintf(path, sizeof path, "/strata/%s", L->dims[d].name);
        uint64_t dims[1] = {K};
        CS_TRY(cs_h5w_write_root(w, path, CS_H5_U8, 1, dims, codes, "level",
                                 "level of this dimension for each stratum (index into the _labels dataset)"));
        snprintf(path, sizeof path, "/strata/%s_labels", L->dims[d].name);
        CS_TRY(cs_h5w_write_strings(w, path, L->dims[d].n_levels, L->dims[d].labels, "names of the levels"));
    }
    for (size_t s = 0; s < K; s++) {
        cs_strbuf_reset(&b);
        for (size_t d = 0; d < L->n_dims; d++)
            CS_TRY(cs_strbuf_appendf(&b, "%s%s", d ? " | " : "", L->dims[d].labels[cs_layout_level(L, s, d)]));
        labels[s] = strdup(cs_strbuf_str(&b));
        CS_ENSURE(labels[s], CS_ERR_NOMEM);
    }
    CS_TRY(cs_h5w_write_strings(w, "/strata/label", K, (const char *const *)labels, "readable name of each stratum"));
done:
    if (labels)
        for (size_t s = 0; s < K; s++) free(labels[s]);
    free(labels);
    free(codes);
    cs_strbuf_free(&b);
    return rc;
}

static int cs_output_series_(cs_h5w *w, const cs_results *r, const char *arm)
{
    int rc = CS_OK;
    const cs_layout *L = r->layout;
    const size_t R = r->replicates, P = r->periods, S = L->n_series, K = L->n_strata;
    int64_t *buf = malloc((R * P * K + 1) * sizeof *buf);
    int32_t *night = malloc((P + 1) * sizeof *night), *doy = malloc((P + 1) * sizeof *doy);
    CS_ENSURE(buf && night && doy, CS_ERR_NOMEM);
    char group[160], path[256];
    snprintf(group, sizeof group, "/arms/%s/timeseries", arm);
    CS_TRY(cs_h5w_group(w, group));
    CS_TRY(cs_h5w_attr_i64(w, group, "period_nights", r->period_nights));
    for (size_t p = 0; p < P; p++) {
        night[p] = (int32_t)p * r->period_nights;
        doy[p] = cs_results_day_of_year(r, p);
    }
    uint64_t pd[1] = {P};
    snprintf(path, sizeof path, "%s/period_start_night", group);
    CS_TRY(cs_h5w_write_root(w, path, CS_H5_I32, 1, pd, night, "night", "first night of each period (0-based)"));
    snprintf(path, sizeof path, "%s/period_day_of_year", group);
    CS_TRY(cs_h5w_write_root(w, path, CS_H5_I32, 1, pd, doy, "day", "day of year (1-365) of each period's first night"));
    for (size_t m = 0; m < S; m++) {
        for (size_t rep = 0; rep < R; rep++)
            for (size_t p = 0; p < P; p++)
                memcpy(buf + (rep * P + p) * K, cs_results_series_row(r, rep, p) + m * K, K * sizeof *buf);
        snprintf(path, sizeof path, "%s/%s", group, L->series[m].name);
        uint64_t dims[3] = {R, P, K};
        CS_TRY(cs_h5w_write_root(w, path, CS_H5_I64, 3, dims, buf, L->series[m].unit, L->series[m].help));
    }
done:
    free(buf);
    free(night);
    free(doy);
    return rc;
}

static int cs_output_summary_(cs_h5w *w, const cs_results *r, const char *arm)
{
    int rc = CS_OK;
    const cs_layout *L = r->layout;
    const size_t R = r->replicates, K = L->n_strata;
    int64_t *buf = malloc((R * cs_layout_summary_size(L) + 1) * sizeof *buf);
    cs_strbuf classes;
    cs_strbuf_init(&classes);
    CS_ENSURE(buf, CS_ERR_NOMEM);
    char group[160], path[256];
    snprintf(group, sizeof group, "/arms/%s/summary", arm);
    CS_TRY(cs_h5w_group(w, group));
    for (size_t m = 0; m < L->n_summary; m++) {
        const size_t W = L->summary_width[m], block = K * W;
        for (size_t rep = 0; rep < R; rep++)
            memcpy(buf + rep * block, cs_results_summary_block(r, rep) + L->summary_off[m], block * sizeof *buf);
        snprintf(path, sizeof path, "%s/%s", group, L->summary[m].name);
        uint64_t dims[3] = {R, K, W};
        CS_TRY(cs_h5w_write_root(w, path, CS_H5_I64, 3, dims, buf, L->summary[m].unit, L->summary[m].help));
        if (L->summary[m].classes) {
            cs_strbuf_reset(&classes);
            CS_TRY(cs_join_(L->summary[m].classes, W, &classes));
            CS_TRY(cs_h5w_attr_str(w, path, "classes", cs_strbuf_str(&classes)));
        }
        const cs_survey *sv = L->summary[m].survey;
        if (sv) {
            CS_TRY(cs_h5w_attr_str(w, path, "survey", sv->name));
            CS_TRY(cs_h5w_attr_i64(w, path, "recall_nights", sv->recall_nights));
            CS_TRY(cs_h5w_attr_i64(w, path, "at_night", sv->at_night));
        }
    }
done:
    free(buf);
    cs_strbuf_free(&classes);
    return rc;
}

static int cs_output_headlines_(cs_h5w *w, const char *arm, const cs_headline *h, size_t n, MPI_Comm comm)
{
    int rc = CS_OK;
    long long count = (long long)n;
    MPI_Bcast(&count, 1, MPI_LONG_LONG, 0, comm);
    n = (size_t)count;
    const char **names = calloc(n + 1, sizeof *names), **units = calloc(n + 1, sizeof *units),
               **targets = calloc(n + 1, sizeof *targets);
    double *v = calloc(3 * n + 1, sizeof *v);
    CS_ENSURE(names && units && targets && v, CS_ERR_NOMEM);
    for (size_t k = 0; h && k < n; k++) {
        names[k] = h[k].name;
        units[k] = h[k].unit;
        targets[k] = h[k].target ? h[k].target : "";
        v[3 * k] = h[k].value;
        v[3 * k + 1] = h[k].lo;
        v[3 * k + 2] = h[k].hi;
    }
    char group[160], path[256];
    snprintf(group, sizeof group, "/arms/%s/headlines", arm);
    CS_TRY(cs_h5w_group(w, group));
    snprintf(path, sizeof path, "%s/name", group);
    CS_TRY(cs_h5w_write_strings(w, path, n, names, "headline figure"));
    snprintf(path, sizeof path, "%s/unit", group);
    CS_TRY(cs_h5w_write_strings(w, path, n, units, "unit of the value"));
    snprintf(path, sizeof path, "%s/target", group);
    CS_TRY(cs_h5w_write_strings(w, path, n, targets, "published figure to compare with"));
    snprintf(path, sizeof path, "%s/value", group);
    uint64_t dims[2] = {n, 3};
    CS_TRY(cs_h5w_write_root(w, path, CS_H5_F64, 2, dims, v, "see unit", "mean, min and max over replicates"));
done:
    free(names);
    free(units);
    free(targets);
    free(v);
    return rc;
}

/* /meta/arms: the arms in the scenario's order, the first the reference. */
static int cs_output_arms_meta_(cs_h5w *w, const cs_scenario *sc)
{
    int rc = CS_OK;
    const char *names[CS_MAX_ARMS], *texts[CS_MAX_ARMS];
    int32_t items[CS_MAX_ARMS];
    for (size_t a = 0; a < sc->n_arms; a++) {
        names[a] = sc->arms[a].name;
        texts[a] = sc->arms[a].description;
        items[a] = (int32_t)sc->arms[a].n_items;
    }
    uint64_t dims[1] = {sc->n_arms};
    CS_TRY(cs_h5w_group(w, "/meta/arms"));
    CS_TRY(cs_h5w_attr_i64(w, "/meta/arms", "count", (int64_t)sc->n_arms));
    CS_TRY(cs_h5w_attr_str(w, "/meta/arms", "reference", sc->arms[0].name));
    CS_TRY(cs_h5w_write_strings(w, "/meta/arms/name", sc->n_arms, names,
                                "arm names in the scenario's order; the first is the reference"));
    CS_TRY(cs_h5w_write_strings(w, "/meta/arms/description", sc->n_arms, texts, "what each arm stands for"));
    CS_TRY(cs_h5w_write_root(w, "/meta/arms/interventions", CS_H5_I32, 1, dims, items, "interventions",
                             "number of interventions each arm gives (/meta/resolved has them in full)"));
done:
    return rc;
}

int cs_output_meta(cs_h5w *w, const cs_scenario *sc, const cs_sim *sim)
{
    int rc = CS_OK;
    CS_TRY(cs_output_meta_(w, sc, sim));
    CS_TRY(cs_output_arms_meta_(w, sc));
    CS_TRY(cs_output_strata_(w, cs_sim_results(sim)->layout));
done:
    return rc;
}

int cs_output_arm(cs_h5w *w, const cs_sim *sim, const cs_arm *arm, const cs_headline *headlines, size_t n_headlines)
{
    int rc = CS_OK;
    const cs_results *r = cs_sim_results(sim);
    char group[160];
    snprintf(group, sizeof group, "/arms/%s", arm->name);
    CS_TRY(cs_h5w_group(w, group));
    CS_TRY(cs_h5w_attr_str(w, group, "description", arm->description));
    CS_TRY(cs_output_series_(w, r, arm->name));
    CS_TRY(cs_output_summary_(w, r, arm->name));
    CS_TRY(cs_output_headlines_(w, arm->name, headlines, n_headlines, cs_sim_cfg(sim)->comm));
done:
    return rc;
}

int cs_output_run_info(cs_h5w *w, const cs_run_info *info) { return cs_output_run_info_(w, info); }
