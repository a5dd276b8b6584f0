/* cs_cmd_info.c -- `crampsim info FILE`: what a result file holds and its
 * headline figures.  Reads any crampsim result file; refuses other HDF5
 * files and newer layouts with a clear message. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_cli.h"
#include "cs_h5.h"
#include "cs_model.h"
#include "cs_status.h"

#define CS_INFO_FORMAT "crampsim-results"
#define CS_INFO_MAX_VERSION 1

static const char cs_info_help[] =
    "usage: crampsim info FILE\n"
    "\n"
    "Describes a crampsim result file: run metadata, arms, the measures with\n"
    "their shapes and totals, and the headline figures.\n";

typedef struct cs_info_ctx {
    cs_h5r *r;
    const char *group;
    FILE *out;
    int *failed; /* the first real failure (cs_info_keep_) */
} cs_info_ctx;

/* info reads what a file has and skips what it lacks (CS_ERR_FORMAT: an
 * older or smaller layout), but a read that fails -- HDF5, the disk,
 * memory -- must not end in exit 0: the first such status is kept in
 * *failed.  Returns rc. */
static int cs_info_keep_(int *failed, int rc)
{
    if ((rc == CS_ERR_HDF5 || rc == CS_ERR_IO || rc == CS_ERR_NOMEM) && *failed == CS_OK) *failed = rc;
    return rc;
}

/* 1 if `path` is there; 0 if it is not, or if the look-up failed (the
 * failure, which the reader described, is kept in *failed). */
static int cs_info_has_(cs_h5r *r, const char *path, int *failed)
{
    int present = 0;
    return cs_info_keep_(failed, cs_h5r_exists(r, path, &present)) == CS_OK && present;
}

/* As cs_info_has_ for attribute `name` of `path`. */
static int cs_info_has_attr_(cs_h5r *r, const char *path, const char *name, int *failed)
{
    int present = 0;
    return cs_info_keep_(failed, cs_h5r_has_attr(r, path, name, &present)) == CS_OK && present;
}

static int cs_info_measure_(const char *name, int is_group, void *ctx)
{
    cs_info_ctx *c = ctx;
    if (is_group) return 0;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", c->group, name);
    int nd = 0;
    uint64_t dims[4] = {0};
    if (cs_info_keep_(c->failed, cs_h5r_dims(c->r, path, &nd, dims))) return 0;
    char shape[96] = "";
    size_t used = 0, total = 1;
    int too_big = 0; /* more elements than memory can hold: a damaged file */
    for (int k = 0; k < nd; k++) {
        used += (size_t)snprintf(shape + used, sizeof shape - used, "%s%" PRIu64, k ? " x " : "", dims[k]);
        if (dims[k] && total > SIZE_MAX / sizeof(int64_t) / dims[k]) too_big = 1;
        total *= dims[k];
    }
    char *unit = NULL;
    if (!cs_info_has_attr_(c->r, path, "unit", c->failed) || cs_info_keep_(c->failed, cs_h5r_attr_str(c->r, path, "unit", &unit)))
        unit = NULL;
    if (nd < 2 || too_big) { /* an index such as period_start_night: a total means nothing; nor one past memory */
        fprintf(c->out, "    %-24s [%s]  %s\n", name, shape, unit ? unit : "");
        free(unit);
        return 0;
    }
    int64_t *v = total ? malloc(total * sizeof *v) : NULL;
    if (total && !v) cs_info_keep_(c->failed, CS_ERR_NOMEM);
    if (v && cs_info_keep_(c->failed, cs_h5r_read(c->r, path, CS_H5_I64, v, total)) == CS_OK) {
        int64_t sum = 0;
        for (size_t k = 0; k < total; k++) sum += v[k];
        fprintf(c->out, "    %-24s [%s]  total %" PRId64 " %s\n", name, shape, sum, unit ? unit : "");
    }
    free(v);
    free(unit);
    return 0;
}

static int cs_info_arm_(const char *name, int is_group, void *ctx)
{
    cs_info_ctx *c = ctx;
    if (!is_group) return 0;
    char group[256];
    fprintf(c->out, "\narm %s\n", name);
    const char *parts[2] = {"timeseries", "summary"};
    for (int k = 0; k < 2; k++) {
        snprintf(group, sizeof group, "/arms/%s/%s", name, parts[k]);
        if (!cs_info_has_(c->r, group, c->failed)) continue;
        fprintf(c->out, "  %s:\n", parts[k]);
        cs_info_ctx sub = {c->r, group, c->out, c->failed};
        cs_info_keep_(c->failed, cs_h5r_list(c->r, group, cs_info_measure_, &sub));
    }
    snprintf(group, sizeof group, "/arms/%s/headlines/name", name);
    size_t n = 0, nu = 0, nt = 0;
    char **names = NULL, **units = NULL, **targets = NULL;
    double *v = NULL;
    if (cs_info_has_(c->r, group, c->failed) && cs_info_keep_(c->failed, cs_h5r_read_strings(c->r, group, &n, &names)) == CS_OK) {
        snprintf(group, sizeof group, "/arms/%s/headlines/unit", name);
        cs_info_keep_(c->failed, cs_h5r_read_strings(c->r, group, &nu, &units));
        snprintf(group, sizeof group, "/arms/%s/headlines/target", name);
        cs_info_keep_(c->failed, cs_h5r_read_strings(c->r, group, &nt, &targets));
        snprintf(group, sizeof group, "/arms/%s/headlines/value", name);
        v = malloc((3 * n + 1) * sizeof *v);
        if (!v) cs_info_keep_(c->failed, CS_ERR_NOMEM);
        if (v && units && targets && nu == n && nt == n &&
            cs_info_keep_(c->failed, cs_h5r_read(c->r, group, CS_H5_F64, v, 3 * n)) == CS_OK) {
            fprintf(c->out, "  headline figures (mean over replicates [min-max]):\n");
            for (size_t k = 0; k < n; k++)
                fprintf(c->out, "    %-42s %8.2f %-5s [%.2f-%.2f]  published: %s\n", names[k], v[3 * k], units[k],
                        v[3 * k + 1], v[3 * k + 2], targets[k]);
        }
    }
    for (size_t k = 0; names && k < n; k++) free(names[k]);
    for (size_t k = 0; units && k < nu; k++) free(units[k]);
    for (size_t k = 0; targets && k < nt; k++) free(targets[k]);
    free(names);
    free(units);
    free(targets);
    free(v);
    return 0;
}

/* The in-silico trial (nothing for a file without one): its design and
 * tallies; `crampsim run` printed its report, analysis/report.py has it. */
static void cs_info_trial_(cs_h5r *r, FILE *out, int *failed)
{
    if (!cs_info_has_(r, "/trial", failed)) return;
    char *desc = NULL, *outcome = NULL;
    size_t n = 0;
    char **arms = NULL;
    if (cs_info_keep_(failed, cs_h5r_attr_str(r, "/trial", "description", &desc)) == CS_OK &&
        cs_info_keep_(failed, cs_h5r_attr_str(r, "/trial", "outcome", &outcome)) == CS_OK &&
        cs_info_keep_(failed, cs_h5r_read_strings(r, "/trial/arm", &n, &arms)) == CS_OK) {
        fprintf(out, "\ntrial %s (outcome: %s per week; arms:", desc, outcome);
        for (size_t k = 0; k < n; k++) fprintf(out, "%s %s%s", k ? "," : "", arms[k], k ? "" : " (control)");
        fprintf(out, "; statistics in /trial/pooled and /trial/results)\n  tallies:\n");
        cs_info_ctx sub = {r, "/trial/tallies", out, failed};
        cs_info_keep_(failed, cs_h5r_list(r, "/trial/tallies", cs_info_measure_, &sub));
    }
    cs_h5r_free_strings(&arms, n);
    free(desc);
    free(outcome);
}

/* One line per survey of /meta/surveys (nothing for a file without them). */
static void cs_info_surveys_(cs_h5r *r, FILE *out, int *failed)
{
    int64_t n = 0;
    if (!cs_info_has_attr_(r, "/meta/surveys", "count", failed) ||
        cs_info_keep_(failed, cs_h5r_attr_i64(r, "/meta/surveys", "count", &n)) != CS_OK ||
        n <= 0 || n > CS_MAX_SURVEYS)
        return;
    char **names = NULL;
    size_t nn = 0;
    int32_t recall[CS_MAX_SURVEYS], at[CS_MAX_SURVEYS];
    if (cs_info_keep_(failed, cs_h5r_read_strings(r, "/meta/surveys/name", &nn, &names)) == CS_OK &&
        nn == (size_t)n &&
        cs_info_keep_(failed, cs_h5r_read(r, "/meta/surveys/recall_nights", CS_H5_I32, recall, CS_MAX_SURVEYS)) ==
            CS_OK &&
        cs_info_keep_(failed, cs_h5r_read(r, "/meta/surveys/at_night", CS_H5_I32, at, CS_MAX_SURVEYS)) == CS_OK)
        for (size_t k = 0; k < nn; k++)
            fprintf(out, "  %-18s %s: the %d nights before night %d (summaries survey.%s.*)\n", k ? "" : "surveys",
                    names[k], (int)recall[k], (int)at[k], names[k]);
    cs_h5r_free_strings(&names, nn);
}

int cs_cmd_info(int argc, char **argv, MPI_Comm comm, cs_msg *msg)
{
    int rc = CS_OK, rank, failed = CS_OK;
    MPI_Comm_rank(comm, &rank);
    const char *file = NULL;
    cs_h5r *r = NULL;
    char *format = NULL, *text = NULL;
    for (int i = 1; i < argc; i++) {
        if (cs_cli_is_help(argv[i])) {
            if (rank == 0) fputs(cs_info_help, stdout);
            goto done;
        }
        if (argv[i][0] == '-' || file) {
            cs_msg_error(msg, "info: unexpected argument '%s'; usage: crampsim info FILE", argv[i]);
            CS_ENSURE(0, CS_ERR_USAGE);
        }
        file = argv[i];
    }
    if (!file) {
        cs_msg_error(msg, "info: missing result file; usage: crampsim info FILE");
        CS_ENSURE(0, CS_ERR_USAGE);
    }
    if (rank != 0) goto done; /* one reader is enough */
    rc = cs_h5r_open(file, msg, &r);
    /* a missing or unreadable file is bad input (exit 2), as for run; a read that fails is an I/O error */
    if (rc == CS_ERR_IO && cs_errno_is_bad_input(errno)) rc = CS_ERR_FORMAT;
    CS_TRY(rc);
    int64_t version = 0;
    if (!cs_info_has_(r, "/meta", &failed) || !cs_info_has_attr_(r, "/meta", "format", &failed) ||
        cs_info_keep_(&failed, cs_h5r_attr_str(r, "/meta", "format", &format)) != CS_OK ||
        strcmp(format, CS_INFO_FORMAT) != 0 ||
        cs_info_keep_(&failed, cs_h5r_attr_i64(r, "/meta", "format_version", &version)) != CS_OK) {
        CS_ENSURE(failed == CS_OK, failed); /* it could not be read: not a verdict on the file */
        cs_msg_error(msg, "%s: not a crampsim result file (no /meta with format '%s')", file, CS_INFO_FORMAT);
        CS_ENSURE(0, CS_ERR_FORMAT);
    }
    if (version > CS_INFO_MAX_VERSION) {
        cs_msg_error(msg, "%s: result layout version %" PRId64 " is newer than this crampsim reads (%d); upgrade crampsim",
                     file, version, CS_INFO_MAX_VERSION);
        CS_ENSURE(0, CS_ERR_FORMAT);
    }
    printf("%s: crampsim result file, layout version %" PRId64 "\n", file, version);
    static const char *const str_attrs[] = {"crampsim_version", "git_commit", "model", "scenario_path"};
    static const char *const int_attrs[] = {"population_size", "nights", "replicates", "seed", "period_nights"};
    for (size_t k = 0; k < sizeof str_attrs / sizeof *str_attrs; k++)
        if (cs_info_keep_(&failed, cs_h5r_attr_str(r, "/meta", str_attrs[k], &text)) == CS_OK) {
            printf("  %-18s %s\n", str_attrs[k], text);
            free(text);
            text = NULL;
        }
    for (size_t k = 0; k < sizeof int_attrs / sizeof *int_attrs; k++) {
        int64_t v;
        if (cs_info_keep_(&failed, cs_h5r_attr_i64(r, "/meta", int_attrs[k], &v)) == CS_OK) printf("  %-18s %" PRId64 "\n", int_attrs[k], v);
    }
    double wall;
    int64_t ranks, threads;
    if (cs_info_keep_(&failed, cs_h5r_attr_f64(r, "/meta/run", "wall_seconds", &wall)) == CS_OK &&
        cs_info_keep_(&failed, cs_h5r_attr_i64(r, "/meta/run", "ranks", &ranks)) == CS_OK &&
        cs_info_keep_(&failed, cs_h5r_attr_i64(r, "/meta/run", "threads", &threads)) == CS_OK)
        printf("  %-18s %.2f s on %" PRId64 " rank(s) x %" PRId64 " thread(s)\n", "wall time", wall, ranks, threads);
    cs_info_surveys_(r, stdout, &failed);
    if (cs_info_has_(r, "/arms", &failed)) {
        cs_info_ctx ctx = {r, "/arms", stdout, &failed};
        CS_TRY(cs_h5r_list(r, "/arms", cs_info_arm_, &ctx));
    }
    cs_info_trial_(r, stdout, &failed);
    rc = failed;
done:
    free(format);
    free(text);
    cs_h5r_close(&r);
    return rc;
}
