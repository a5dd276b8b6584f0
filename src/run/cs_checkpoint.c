/* cs_checkpoint.c -- writing checkpoints (cs_checkpoint.h).
 *
 * A checkpoint is written whole each time, under `FILE.partial`, then
 * renamed: the header (where the run stands, the program, the resolved
 * scenario), what is done (carried over from the previous checkpoint of
 * this run, plus what was done since), and the state of the arm in
 * progress.  Every dataset is 1-D, written by the ranks in blocks:
 * columns at the agents' global ids, results summed over ranks and split
 * over them as agents are, so no rank ever holds more than its share.
 *
 * Workload: a checkpoint every few hundred nights of a large population;
 * its cost is writing every column once (plus, with per-agent output, the
 * end states of the replicates done), against hundreds of nights of
 * simulation between two. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_agree.h"
#include "cs_checkpoint_internal.h"
#include "cs_output.h"
#include "cs_rng.h"
#include "cs_status.h"
#include "cs_strbuf.h"
#include "cs_version.h"

/* Elements of results reduced in one MPI call (counts are int). */
#define CS_CKPT_CHUNK ((uint64_t)1 << 27)

uint64_t cs_ckpt_hash(const void *data, size_t esize, uint64_t offset, uint64_t n)
{
    const unsigned char *p = data;
    uint64_t h = 0;
    for (uint64_t i = 0; i < n; i++) {
        uint64_t v = 0;
        memcpy(&v, p + i * esize, esize);
        h += cs_mix64(v + (offset + i + 1) * UINT64_C(0x9E3779B97F4A7C15)); /* a bijection of v at each place */
    }
    return h;
}

cs_ckpt_entry *cs_ckpt_index_add(cs_ckpt_index *x, const char *path, cs_h5_type type)
{
    if (x->n == x->cap) {
        const size_t cap = x->cap ? 2 * x->cap : 64;
        cs_ckpt_entry *e = realloc(x->e, cap * sizeof *e);
        if (!e) return NULL;
        x->e = e;
        x->cap = cap;
    }
    char *copy = strdup(path);
    if (!copy) return NULL;
    x->e[x->n] = (cs_ckpt_entry){.path = copy, .type = (int32_t)type};
    return &x->e[x->n++];
}

cs_ckpt_entry *cs_ckpt_index_find(cs_ckpt_index *x, const char *path)
{
    for (size_t k = 0; k < x->n; k++)
        if (strcmp(x->e[k].path, path) == 0) return &x->e[k];
    return NULL;
}

void cs_ckpt_index_free(cs_ckpt_index *x)
{
    for (size_t k = 0; k < x->n; k++) free(x->e[k].path);
    free(x->e);
    *x = (cs_ckpt_index){0};
}

int cs_ckpt_agree(cs_ckpt *c, int rc)
{
    struct {
        int rc, rank;
    } in = {rc, c->rank}, out;
    MPI_Allreduce(&in, &out, 1, MPI_2INT, MPI_MINLOC, c->comm);
    if (out.rc >= 0) return CS_OK;
    /* the failing rank's own message (its sink is quiet) for rank 0 to print */
    char cause[sizeof c->msg->last];
    cs_agree_cause(out.rank, out.rc, c->comm, c->msg, cause, sizeof cause);
    if (rc >= 0 && c->rank == 0)
        cs_msg_error(c->msg, "%s: rank %d of %d: %s", c->path, out.rank, c->size, cause);
    return out.rc;
}

int cs_ckpt_create(const char *path, const cs_scenario *sc, MPI_Comm comm, cs_msg *msg, cs_ckpt **out)
{
    int rc = CS_OK;
    cs_strbuf b;
    cs_strbuf_init(&b);
    cs_ckpt *c = calloc(1, sizeof *c);
    CS_ENSURE(c, CS_ERR_NOMEM);
    c->comm = comm;
    c->msg = msg;
    c->sc = sc;
    MPI_Comm_rank(comm, &c->rank);
    MPI_Comm_size(comm, &c->size);
    const size_t len = strlen(path);
    c->path = strdup(path);
    c->partial_path = malloc(len + sizeof ".partial");
    CS_ENSURE(c->path && c->partial_path, CS_ERR_NOMEM);
    memcpy(c->partial_path, path, len);
    memcpy(c->partial_path + len, ".partial", sizeof ".partial");
    CS_TRY(cs_scenario_resolved_yaml(sc, 0, &b, msg));
    /* without its first line, a comment naming the program and the path as
     * given: the same scenario may be named another way on resuming */
    const char *text = cs_strbuf_str(&b);
    if (text[0] == '#' && strchr(text, '\n')) text = strchr(text, '\n') + 1;
    c->resolved = strdup(text);
    CS_ENSURE(c->resolved, CS_ERR_NOMEM);
done:
    cs_strbuf_free(&b);
    if (rc < 0) {
        cs_msg_error(msg, "%s: out of memory", path);
        cs_ckpt_destroy(&c);
    }
    *out = c;
    return rc;
}

void cs_ckpt_destroy(cs_ckpt **cp)
{
    if (!cp || !*cp) return;
    cs_ckpt *c = *cp;
    cs_h5r_close(&c->r);
    cs_ckpt_index_free(&c->idx);
    free(c->path);
    free(c->partial_path);
    free(c->resolved);
    free(c);
    *cp = NULL;
}

const char *cs_ckpt_partial_path(const cs_ckpt *c) { return c->partial_path; }

void cs_ckpt_remove(cs_ckpt *c)
{
    cs_ckpt_close(c);
    MPI_Barrier(c->comm); /* no rank still reads it */
    if (c->rank == 0) {
        unlink(c->path);
        unlink(c->partial_path);
    }
    c->have_file = 0;
}

/* ---- datasets ---------------------------------------------------------- */

/* This rank's block [offset, offset + n) of the 1-D dataset `path` of m
 * elements, listed in the index with this rank's part of its checksum. */
static int cs_ckpt_put_(cs_ckpt *c, cs_h5w *w, const char *path, cs_h5_type type, uint64_t m, uint64_t offset,
                        uint64_t n, const void *data)
{
    cs_ckpt_entry *e = cs_ckpt_index_add(&c->idx, path, type);
    if (!e) cs_msg_error(c->msg, "%s: out of memory", c->partial_path);
    int rc = cs_ckpt_agree(c, e ? CS_OK : CS_ERR_NOMEM);
    if (rc < 0) return rc;
    e->local = cs_ckpt_hash(data, cs_h5_type_size(type), offset, n);
    return cs_h5w_write_dist(w, path, type, m, offset, n, data, NULL, NULL);
}

/* This rank's block [lo, lo + n) of the sum over ranks of x[0..m), each
 * rank's x its own partial sums (the results before cs_sim_reduce). */
static int cs_ckpt_sum_block_(cs_ckpt *c, const int64_t *x, uint64_t m, uint64_t lo, uint64_t n, int64_t *out)
{
    int *counts = malloc((size_t)c->size * sizeof *counts);
    int ok = counts != NULL, all_ok;
    MPI_Allreduce(&ok, &all_ok, 1, MPI_INT, MPI_MIN, c->comm);
    if (!all_ok) {
        free(counts);
        cs_msg_error(c->msg, "%s: out of memory", c->partial_path);
        return CS_ERR_NOMEM;
    }
    for (uint64_t c0 = 0; c0 < m; c0 += CS_CKPT_CHUNK) {
        const uint64_t c1 = m - c0 < CS_CKPT_CHUNK ? m : c0 + CS_CKPT_CHUNK;
        for (int q = 0; q < c->size; q++) { /* rank q's block within [c0, c1) */
            uint64_t qlo, qn;
            cs_ckpt_split(m, q, c->size, &qlo, &qn);
            const uint64_t a = qlo > c0 ? qlo : c0, b = qlo + qn < c1 ? qlo + qn : c1;
            counts[q] = (int)(b > a ? b - a : 0);
        }
        const uint64_t mine = (lo > c0 ? lo : c0) - lo;
        int err = MPI_Reduce_scatter(x + c0, out + (mine < n ? mine : 0), counts, MPI_INT64_T, MPI_SUM, c->comm);
        if (err != MPI_SUCCESS) {
            free(counts);
            return CS_ERR_MPI;
        }
    }
    free(counts);
    return CS_OK;
}

/* /state/series and /state/summary: the results of the arm in progress,
 * summed over ranks. */
static int cs_ckpt_put_results_(cs_ckpt *c, cs_h5w *w, cs_sim *sim)
{
    int rc = CS_OK;
    int64_t *block = NULL;
    size_t m[2];
    const int64_t *data[2] = {cs_sim_series_data(sim, &m[0]), cs_sim_summary_data(sim, &m[1])};
    const char *paths[2] = {CS_CKPT_SERIES, CS_CKPT_SUMMARY};
    for (int k = 0; k < 2; k++) {
        uint64_t lo, n;
        cs_ckpt_split(m[k], c->rank, c->size, &lo, &n);
        block = malloc((size_t)(n + 1) * sizeof *block);
        CS_TRY(cs_ckpt_agree(c, block ? CS_OK : CS_ERR_NOMEM));
        CS_TRY(cs_ckpt_sum_block_(c, data[k], m[k], lo, n, block));
        CS_TRY(cs_ckpt_put_(c, w, paths[k], CS_H5_I64, m[k], lo, n, block));
        free(block);
        block = NULL;
    }
done:
    free(block);
    return rc;
}

int cs_ckpt_column(cs_sim *sim, size_t k, const char *arm, int32_t rep, cs_ckpt_col *out)
{
    const char *name, *unit, *help;
    cs_ctype type;
    const void *data;
    int rc = cs_sim_column(sim, k, &name, &type, &data, &unit, &help, &out->output);
    if (rc < 0) return rc;
    out->type = cs_output_h5_type(type);
    out->esize = cs_ctype_size(type);
    out->data = cs_sim_column_data(sim, k);
    if (arm) snprintf(out->path, sizeof out->path, CS_CKPT_AGENTS_FMT, arm, (int)rep, name);
    else snprintf(out->path, sizeof out->path, CS_CKPT_COLUMN_FMT, name);
    return CS_OK;
}

/* Columns at the agents' global ids: every declared column to
 * /state/columns, or, with `arm`, those for output to the end states of
 * replicate `rep` under /done. */
static int cs_ckpt_put_columns_(cs_ckpt *c, cs_h5w *w, cs_sim *sim, const char *arm, int32_t rep)
{
    int rc = CS_OK;
    const cs_agents *a = cs_sim_agents(sim);
    cs_ckpt_col col;
    for (size_t k = 0; k < cs_sim_n_columns(sim); k++) {
        CS_TRY(cs_ckpt_column(sim, k, arm, rep, &col));
        if (!arm || col.output) CS_TRY(cs_ckpt_put_(c, w, col.path, col.type, a->n_global, a->gid0, a->n, col.data));
    }
done:
    return rc;
}

/* /state/model: the model's checkpoint bytes (the same on every rank;
 * rank 0 writes them). */
static int cs_ckpt_put_model_(cs_ckpt *c, cs_h5w *w, const cs_sim *sim)
{
    int rc = CS_OK;
    const size_t bytes = cs_sim_model_save_size(sim);
    unsigned char *buf = NULL;
    if (bytes == 0) return CS_OK;
    buf = malloc(bytes);
    CS_TRY(cs_ckpt_agree(c, buf ? CS_OK : CS_ERR_NOMEM));
    cs_sim_model_save(sim, buf);
    CS_TRY(cs_ckpt_put_(c, w, CS_CKPT_MODEL, CS_H5_U8, bytes, 0, c->rank == 0 ? bytes : 0, buf));
done:
    free(buf);
    return rc;
}

/* /done/arms/<arm>/series and summary: a finished arm's results, reduced
 * on rank 0. */
static int cs_ckpt_put_arm_(cs_ckpt *c, cs_h5w *w, cs_sim *sim, const char *arm)
{
    int rc = CS_OK;
    size_t m[2];
    const int64_t *data[2] = {cs_sim_series_data(sim, &m[0]), cs_sim_summary_data(sim, &m[1])};
    const char *what[2] = {"series", "summary"};
    for (int k = 0; k < 2; k++) {
        char path[256];
        snprintf(path, sizeof path, CS_CKPT_ARM_FMT, arm, what[k]);
        CS_TRY(cs_ckpt_put_(c, w, path, CS_H5_I64, m[k], 0, c->rank == 0 ? m[k] : 0, data[k]));
    }
done:
    return rc;
}

/* ---- carrying over what is done ------------------------------------------ */

/* Reads this rank's block of `e`, a dataset of the previous checkpoint
 * open in r, and writes it to w; its checksum is checked with the new
 * file's (cs_ckpt_write_index_).  *buf grows as needed. */
static int cs_ckpt_carry_one_(cs_ckpt *c, cs_h5r *r, cs_h5w *w, const cs_ckpt_entry *e, void **buf, size_t *cap)
{
    int rc = CS_OK, ndims = 0;
    uint64_t dims[4] = {0, 0, 0, 0}, lo = 0, n = 0, h = 0;
    const cs_h5_type type = (cs_h5_type)e->type;
    const size_t es = cs_h5_type_size(type);
    int local = cs_h5r_dims(r, e->path, &ndims, dims);
    if (local == CS_OK && ndims != 1) {
        cs_msg_error(c->msg, "%s: %s: %d dimensions, expected 1 (damaged file?)", c->path, e->path, ndims);
        local = CS_ERR_FORMAT;
    }
    if (local == CS_OK) {
        cs_ckpt_split(dims[0], c->rank, c->size, &lo, &n);
        if ((size_t)n * es + 1 > *cap) {
            void *p = realloc(*buf, (size_t)n * es + 1);
            if (p) {
                *buf = p;
                *cap = (size_t)n * es + 1;
            } else {
                cs_msg_error(c->msg, "%s: out of memory", c->path);
            }
            local = p ? CS_OK : CS_ERR_NOMEM;
        }
    }
    if (local == CS_OK) local = cs_h5r_read_range(r, e->path, type, lo, n, *buf);
    if (local == CS_OK) h = cs_ckpt_hash(*buf, es, lo, n);
    cs_ckpt_entry *copy = local == CS_OK ? cs_ckpt_index_add(&c->idx, e->path, type) : NULL;
    if (local == CS_OK && !copy) {
        cs_msg_error(c->msg, "%s: out of memory", c->partial_path);
        local = CS_ERR_NOMEM;
    }
    CS_TRY(cs_ckpt_agree(c, local));
    copy->local = h;
    copy->sum = e->sum; /* what the ranks' parts must add up to */
    copy->check = 1;
    CS_TRY(cs_h5w_write_dist(w, e->path, type, dims[0], lo, n, *buf, NULL, NULL));
done:
    return rc;
}

/* What the previous checkpoint of this run holds under /done. */
static int cs_ckpt_carry_(cs_ckpt *c, cs_h5w *w)
{
    int rc = CS_OK;
    cs_h5r *r = NULL;
    cs_ckpt_index prev = {0};
    void *buf = NULL;
    size_t cap = 0;
    int local = cs_h5r_open(c->path, c->msg, &r);
    cs_h5r_set_fixed_strings(r);
    if (local == CS_OK) local = cs_ckpt_index_read(c, r, &prev);
    CS_TRY(cs_ckpt_agree(c, local));
    unsigned long long n = prev.n, n0 = n;
    MPI_Bcast(&n0, 1, MPI_UNSIGNED_LONG_LONG, 0, c->comm);
    if (cs_ckpt_agree(c, n == n0 ? CS_OK : CS_ERR_IO) < 0) {
        cs_msg_error(c->msg, "%s: the ranks see different files", c->path);
        CS_ENSURE(0, CS_ERR_IO);
    }
    for (size_t k = 0; k < prev.n; k++)
        if (strncmp(prev.e[k].path, CS_CKPT_DONE, strlen(CS_CKPT_DONE)) == 0)
            CS_TRY(cs_ckpt_carry_one_(c, r, w, &prev.e[k], &buf, &cap));
done:
    cs_ckpt_index_free(&prev);
    free(buf);
    cs_h5r_close(&r);
    return rc;
}

/* The index, after every dataset: the ranks' parts of each checksum
 * added up (one reduction), those carried over checked against the
 * previous file's. */
static int cs_ckpt_write_index_(cs_ckpt *c, cs_h5w *w)
{
    int rc = CS_OK;
    const size_t n = c->idx.n;
    uint64_t *sums = malloc((n + 1) * sizeof *sums);
    int64_t *stored = malloc((n + 1) * sizeof *stored);
    int32_t *types = malloc((n + 1) * sizeof *types);
    const char **paths = malloc((n + 1) * sizeof *paths);
    const int ok = sums && stored && types && paths;
    if (!ok) cs_msg_error(c->msg, "%s: out of memory", c->partial_path);
    CS_TRY(cs_ckpt_agree(c, ok ? CS_OK : CS_ERR_NOMEM));
    for (size_t k = 0; k < n; k++) sums[k] = c->idx.e[k].local;
    MPI_Allreduce(MPI_IN_PLACE, sums, (int)n, MPI_UINT64_T, MPI_SUM, c->comm);
    for (size_t k = 0; k < n; k++) {
        cs_ckpt_entry *e = &c->idx.e[k];
        if (e->check && e->sum != sums[k]) {
            cs_msg_error(c->msg, "%s: %s: checksum mismatch: the file is damaged", c->path, e->path);
            CS_ENSURE(0, CS_ERR_FORMAT);
        }
        e->sum = sums[k];
        stored[k] = (int64_t)sums[k];
        types[k] = e->type;
        paths[k] = e->path;
    }
    const uint64_t dims[1] = {n};
    CS_TRY(cs_h5w_write_strings(w, CS_CKPT_INDEX_PATH, n, paths, "every dataset of the checkpoint"));
    CS_TRY(cs_h5w_write_root(w, CS_CKPT_INDEX_TYPE, CS_H5_I32, 1, dims, types, "code",
                             "element type of each dataset (cs_h5_type)"));
    CS_TRY(cs_h5w_write_root(w, CS_CKPT_INDEX_SUM, CS_H5_I64, 1, dims, stored, "checksum",
                             "sum mod 2^64 of a mix of each element's place and value (unsigned, stored as int64)"));
done:
    free(sums);
    free(stored);
    free(types);
    free(paths);
    return rc;
}

/* ---- the file ------------------------------------------------------------ */

/* Attributes of "/" and the resolved scenario. */
static int cs_ckpt_header_(cs_ckpt *c, cs_h5w *w, const cs_sim *sim, cs_ckpt_pos pos)
{
    int rc = CS_OK;
    const cs_scenario *sc = c->sc;
    CS_TRY(cs_h5w_attr_str(w, "/", "format", CS_CKPT_FORMAT_NAME));
    CS_TRY(cs_h5w_attr_i64(w, "/", "format_version", CS_CKPT_FORMAT_VERSION));
    CS_TRY(cs_h5w_attr_str(w, "/", "crampsim_version", CS_VERSION));
    CS_TRY(cs_h5w_attr_str(w, "/", "git_commit", CS_GIT_COMMIT));
    CS_TRY(cs_h5w_attr_str(w, "/", "scenario_path", sc->path));
    CS_TRY(cs_h5w_attr_i64(w, "/", "arm", pos.arm));
    CS_TRY(cs_h5w_attr_str(w, "/", "arm_name", pos.arm < (int32_t)sc->n_arms ? sc->arms[pos.arm].name : ""));
    CS_TRY(cs_h5w_attr_i64(w, "/", "replicate", pos.replicate));
    CS_TRY(cs_h5w_attr_i64(w, "/", "night", pos.night));
    CS_TRY(cs_h5w_attr_i64(w, "/", "arms", (int64_t)sc->n_arms));
    CS_TRY(cs_h5w_attr_i64(w, "/", "replicates", sc->replicates));
    CS_TRY(cs_h5w_attr_i64(w, "/", "nights", sc->nights));
    CS_TRY(cs_h5w_attr_i64(w, "/", "population_size", (int64_t)sc->population));
    CS_TRY(cs_h5w_attr_i64(w, "/", "model_state_bytes", (int64_t)cs_sim_model_save_size(sim)));
    CS_TRY(cs_h5w_attr_i64(w, "/", "ranks", c->size));
    const char *text = c->resolved;
    CS_TRY(cs_h5w_write_strings(w, CS_CKPT_SCENARIO, 1, &text,
                                "the resolved scenario of the run (a checkpoint resumes only the same)"));
done:
    return rc;
}

typedef enum { CS_CKPT_NIGHT, CS_CKPT_REPLICATE, CS_CKPT_ARM } cs_ckpt_kind;

/* One checkpoint after `nights_done` nights (NIGHT), the end of replicate
 * `rep` (REPLICATE) or the end of arm `arm` (ARM). */
static int cs_ckpt_save_(cs_ckpt *c, cs_sim *sim, cs_ckpt_kind kind, int32_t arm, int32_t rep, int32_t nights_done)
{
    int rc = CS_OK;
    cs_h5w *w = NULL;
    const cs_scenario *sc = c->sc;
    const cs_ckpt_pos pos = kind == CS_CKPT_NIGHT       ? (cs_ckpt_pos){arm, rep, nights_done}
                            : kind == CS_CKPT_REPLICATE ? (cs_ckpt_pos){arm, rep + 1, 0}
                                                        : (cs_ckpt_pos){arm + 1, 0, 0};
    const char *name = sc->arms[arm].name;
    cs_ckpt_close(c);
    cs_ckpt_index_free(&c->idx);
    CS_TRY(cs_h5w_create(c->path, c->comm, c->msg, &w));
    cs_h5w_set_plain(w, 1);
    cs_h5w_set_fixed_strings(w, 1); /* no global heap for --resume to read */
    CS_TRY(cs_ckpt_header_(c, w, sim, pos));
    if (c->have_file) CS_TRY(cs_ckpt_carry_(c, w));
    if (kind != CS_CKPT_NIGHT && sc->agents_output)
        CS_TRY(cs_ckpt_put_columns_(c, w, sim, name, kind == CS_CKPT_ARM ? sc->replicates - 1 : rep));
    if (kind == CS_CKPT_ARM) CS_TRY(cs_ckpt_put_arm_(c, w, sim, name));
    if (kind == CS_CKPT_NIGHT) {
        cs_sim_fold_summary(sim, rep);
        CS_TRY(cs_ckpt_put_columns_(c, w, sim, NULL, 0));
        CS_TRY(cs_ckpt_put_model_(c, w, sim));
    }
    if (kind != CS_CKPT_ARM) CS_TRY(cs_ckpt_put_results_(c, w, sim));
    CS_TRY(cs_ckpt_write_index_(c, w));
    CS_TRY(cs_h5w_commit(&w));
    c->have_file = 1;
done:
    cs_h5w_abort(&w);
    return rc;
}

int cs_ckpt_save_night(cs_ckpt *c, cs_sim *sim, int32_t arm, int32_t rep, int32_t nights_done)
{
    return cs_ckpt_save_(c, sim, CS_CKPT_NIGHT, arm, rep, nights_done);
}

int cs_ckpt_save_replicate(cs_ckpt *c, cs_sim *sim, int32_t arm, int32_t rep)
{
    return cs_ckpt_save_(c, sim, CS_CKPT_REPLICATE, arm, rep, 0);
}

int cs_ckpt_save_arm(cs_ckpt *c, cs_sim *sim, int32_t arm) { return cs_ckpt_save_(c, sim, CS_CKPT_ARM, arm, 0, 0); }
