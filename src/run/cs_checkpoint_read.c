/* cs_checkpoint_read.c -- resuming from a checkpoint (cs_checkpoint.h).
 *
 * Every rank opens the file with the serial reader and reads what it
 * needs: the header and the scenario (all ranks alike, so all reach the
 * same verdict), and its own block of each dataset -- the columns of its
 * agents by global id, its share of the results.  The ranks need not be
 * as many as those that wrote the file: a dataset is a sequence of
 * elements by position, and results are sums (a rank that restores a
 * block of the summed results and zeros elsewhere gives the same sums
 * after cs_sim_reduce).  The checksums of the datasets read are checked
 * over all the blocks read, in one reduction after each restoring step,
 * so damage anywhere in the data is refused. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cs_checkpoint_internal.h"
#include "cs_output.h"
#include "cs_status.h"
#include "cs_version.h"

void cs_ckpt_close(cs_ckpt *c)
{
    if (c) cs_h5r_close(&c->r);
}

/* Line `line` (1-based, set) of the first difference of a and b, each
 * line cut to fit its buffer. */
static void cs_ckpt_first_diff_(const char *a, const char *b, int *line, char *la, char *lb, size_t size)
{
    const char *sa = a, *sb = b; /* starts of the current line */
    *line = 1;
    for (; *a && *a == *b; a++, b++)
        if (*a == '\n') {
            ++*line;
            sa = a + 1;
            sb = b + 1;
        }
    snprintf(la, size, "%.*s", (int)strcspn(sa, "\n"), sa);
    snprintf(lb, size, "%.*s", (int)strcspn(sb, "\n"), sb);
}

/* The checkpoint belongs to this run: written by this program, for this
 * resolved scenario, at a position inside it.  Local; prints the refusal. */
static int cs_ckpt_check_(cs_ckpt *c, cs_ckpt_pos *pos)
{
    int rc = CS_OK;
    cs_h5r *r = c->r;
    const cs_scenario *sc = c->sc;
    char *format = NULL, *version = NULL, *commit = NULL, *path = NULL, **texts = NULL;
    size_t n_texts = 0;
    int64_t v = 0, p[3] = {0, 0, 0};
    int there = 0, meta = 0;
    CS_TRY(cs_h5r_has_attr(r, "/", "format", &there));
    if (!there) { /* a result file's is in /meta, a variable-length string: looked for, not read */
        CS_TRY(cs_h5r_has_attr(r, "/meta", "format", &meta));
        cs_msg_error(c->msg, "%s: not a crampsim checkpoint (no format attribute at its root%s)", c->path,
                     meta ? "; a result file?" : "");
        CS_ENSURE(0, CS_ERR_FORMAT);
    }
    CS_TRY(cs_h5r_attr_str(r, "/", "format", &format));
    if (strcmp(format, CS_CKPT_FORMAT_NAME) != 0) {
        cs_msg_error(c->msg, "%s: not a crampsim checkpoint (its format is '%s')", c->path, format);
        CS_ENSURE(0, CS_ERR_FORMAT);
    }
    CS_TRY(cs_h5r_attr_i64(r, "/", "format_version", &v));
    if (v != CS_CKPT_FORMAT_VERSION) {
        cs_msg_error(c->msg, "%s: checkpoint format version %lld; this crampsim reads version %d", c->path,
                     (long long)v, CS_CKPT_FORMAT_VERSION);
        CS_ENSURE(0, CS_ERR_FORMAT);
    }
    CS_TRY(cs_h5r_attr_str(r, "/", "crampsim_version", &version));
    CS_TRY(cs_h5r_attr_str(r, "/", "git_commit", &commit));
    if (strcmp(version, CS_VERSION) != 0 || strcmp(commit, CS_GIT_COMMIT) != 0) {
        cs_msg_error(c->msg,
                     "%s: written by crampsim %s (commit %s), this is crampsim %s (commit %s): the rest of the run "
                     "would not be the run that was stopped; resume with that program, or start again without "
                     "--resume",
                     c->path, version, commit, CS_VERSION, CS_GIT_COMMIT);
        CS_ENSURE(0, CS_ERR_FORMAT);
    }
    CS_TRY(cs_h5r_attr_str(r, "/", "scenario_path", &path));
    CS_TRY(cs_h5r_read_strings(r, CS_CKPT_SCENARIO, &n_texts, &texts));
    if (n_texts != 1 || strcmp(texts[0], c->resolved) != 0) {
        int line = 0;
        char la[160] = "", lb[160] = "";
        if (n_texts == 1) cs_ckpt_first_diff_(texts[0], c->resolved, &line, la, lb, sizeof la);
        cs_msg_error(c->msg,
                     "%s: a checkpoint of another scenario: written by a run of '%s', this run is of '%s'; their "
                     "resolved scenarios (crampsim validate) first differ at line %d:\n"
                     "    checkpoint: %s\n    this run:   %s\n"
                     "  resume with the same scenario and --set options, or start again without --resume",
                     c->path, path, sc->path, line, la, lb);
        CS_ENSURE(0, CS_ERR_FORMAT);
    }
    CS_TRY(cs_h5r_attr_i64(r, "/", "arm", &p[0]));
    CS_TRY(cs_h5r_attr_i64(r, "/", "replicate", &p[1]));
    CS_TRY(cs_h5r_attr_i64(r, "/", "night", &p[2]));
    if (p[0] < 0 || p[0] >= (int64_t)sc->n_arms || p[1] < 0 || p[1] >= sc->replicates || p[2] < 0 ||
        p[2] >= sc->nights) {
        cs_msg_error(c->msg, "%s: position arm %lld, replicate %lld, night %lld is outside the run (damaged file?)",
                     c->path, (long long)p[0], (long long)p[1], (long long)p[2]);
        CS_ENSURE(0, CS_ERR_FORMAT);
    }
    *pos = (cs_ckpt_pos){(int32_t)p[0], (int32_t)p[1], (int32_t)p[2]};
done:
    free(format);
    free(version);
    free(commit);
    free(path);
    cs_h5r_free_strings(&texts, n_texts);
    return rc;
}

int cs_ckpt_index_read(cs_ckpt *c, cs_h5r *r, cs_ckpt_index *x)
{
    int rc = CS_OK, nd[2] = {0, 0};
    char **paths = NULL;
    size_t n = 0;
    int32_t *types = NULL;
    int64_t *sums = NULL;
    uint64_t dims[2][4];
    cs_ckpt_index_free(x);
    CS_TRY(cs_h5r_read_strings(r, CS_CKPT_INDEX_PATH, &n, &paths));
    CS_TRY(cs_h5r_dims(r, CS_CKPT_INDEX_TYPE, &nd[0], dims[0]));
    CS_TRY(cs_h5r_dims(r, CS_CKPT_INDEX_SUM, &nd[1], dims[1]));
    if (nd[0] != 1 || nd[1] != 1 || dims[0][0] != n || dims[1][0] != n) {
        cs_msg_error(c->msg, "%s: /index: its datasets differ in length (damaged file?)", c->path);
        CS_ENSURE(0, CS_ERR_FORMAT);
    }
    types = malloc((n + 1) * sizeof *types);
    sums = malloc((n + 1) * sizeof *sums);
    CS_ENSURE(types && sums, CS_ERR_NOMEM);
    CS_TRY(cs_h5r_read(r, CS_CKPT_INDEX_TYPE, CS_H5_I32, types, n));
    CS_TRY(cs_h5r_read(r, CS_CKPT_INDEX_SUM, CS_H5_I64, sums, n));
    for (size_t k = 0; k < n; k++) {
        if (types[k] < 0 || !cs_h5_type_size((cs_h5_type)types[k])) {
            cs_msg_error(c->msg, "%s: /index: %s: element type %d (damaged file?)", c->path, paths[k], (int)types[k]);
            CS_ENSURE(0, CS_ERR_FORMAT);
        }
        cs_ckpt_entry *e = cs_ckpt_index_add(x, paths[k], (cs_h5_type)types[k]);
        CS_ENSURE(e, CS_ERR_NOMEM);
        e->sum = (uint64_t)sums[k];
    }
done:
    if (rc == CS_ERR_NOMEM) cs_msg_error(c->msg, "%s: out of memory", c->path);
    cs_h5r_free_strings(&paths, n);
    free(types);
    free(sums);
    return rc;
}

int cs_ckpt_load(cs_ckpt *c, int *found, cs_ckpt_pos *pos)
{
    int rc = CS_OK, there = 0;
    *found = 0;
    if (c->rank == 0) {
        struct stat st;
        there = stat(c->path, &st) == 0;
    }
    MPI_Bcast(&there, 1, MPI_INT, 0, c->comm);
    if (!there) return CS_OK;
    *found = 1;
    cs_ckpt_close(c);
    int local = cs_h5r_open(c->path, c->msg, &c->r);
    cs_h5r_set_fixed_strings(c->r); /* a variable-length string is refused, never read */
    if (local == CS_OK) local = cs_ckpt_check_(c, pos);
    if (local == CS_OK) local = cs_ckpt_index_read(c, c->r, &c->idx);
    CS_TRY(cs_ckpt_agree(c, local));
    c->pos = *pos;
    c->have_file = 1;
done:
    if (rc < 0) cs_ckpt_close(c);
    return rc;
}

/* Reads elements [offset, offset + n) of the 1-D dataset `path` of m
 * elements of `type` into buf, and adds this rank's part of its checksum
 * for the next cs_ckpt_verify_; with `whole` (every rank reads all m), each
 * rank checks the checksum at once. */
static int cs_ckpt_get_(cs_ckpt *c, const char *path, cs_h5_type type, uint64_t m, uint64_t offset, uint64_t n,
                        void *buf, int whole)
{
    int ndims = 0, local = CS_OK;
    uint64_t dims[4] = {0, 0, 0, 0};
    cs_ckpt_entry *e = cs_ckpt_index_find(&c->idx, path);
    if (!e) {
        cs_msg_error(c->msg, "%s: %s: not in the checkpoint (damaged file?)", c->path, path);
        local = CS_ERR_FORMAT;
    } else if (e->type != (int32_t)type) {
        cs_msg_error(c->msg, "%s: %s: element type %d, this run expects %d (damaged file?)", c->path, path,
                     (int)e->type, (int)type);
        local = CS_ERR_FORMAT;
    }
    if (local == CS_OK) local = cs_h5r_dims(c->r, path, &ndims, dims);
    if (local == CS_OK && (ndims != 1 || dims[0] != m)) {
        cs_msg_error(c->msg, "%s: %s: %llu elements, this run expects %llu (damaged file?)", c->path, path,
                     (unsigned long long)(ndims == 1 ? dims[0] : 0), (unsigned long long)m);
        local = CS_ERR_FORMAT;
    }
    if (local == CS_OK) local = cs_h5r_read_range(c->r, path, type, offset, n, buf);
    if (local == CS_OK) {
        const uint64_t h = cs_ckpt_hash(buf, cs_h5_type_size(type), offset, n);
        if (whole && h != e->sum) {
            cs_msg_error(c->msg, "%s: %s: checksum mismatch: the file is damaged", c->path, path);
            local = CS_ERR_FORMAT;
        } else if (!whole) {
            e->local += h;
            e->check = 1;
        }
    }
    return cs_ckpt_agree(c, local);
}

/* Checks the checksums of the datasets read since the last call: every
 * rank's parts added up (one reduction). */
static int cs_ckpt_verify_(cs_ckpt *c)
{
    int rc = CS_OK;
    const size_t n = c->idx.n;
    uint64_t *sums = malloc((n + 1) * sizeof *sums);
    CS_TRY(cs_ckpt_agree(c, sums ? CS_OK : CS_ERR_NOMEM));
    for (size_t k = 0; k < n; k++) sums[k] = c->idx.e[k].local;
    MPI_Allreduce(MPI_IN_PLACE, sums, (int)n, MPI_UINT64_T, MPI_SUM, c->comm);
    for (size_t k = 0; k < n; k++) {
        cs_ckpt_entry *e = &c->idx.e[k];
        if (e->check && sums[k] != e->sum && rc == CS_OK) {
            cs_msg_error(c->msg, "%s: %s: checksum mismatch: the file is damaged", c->path, e->path);
            rc = CS_ERR_FORMAT;
        }
        e->local = 0;
        e->check = 0;
    }
done:
    free(sums);
    return rc;
}

/* Results summed over ranks, from `paths` (series, summary), as this
 * rank's blocks with zeros elsewhere. */
static int cs_ckpt_get_results_(cs_ckpt *c, cs_sim *sim, const char *const paths[2])
{
    int rc = CS_OK;
    size_t m[2];
    int64_t *data[2] = {cs_sim_series_data(sim, &m[0]), cs_sim_summary_data(sim, &m[1])};
    for (int k = 0; k < 2; k++) {
        uint64_t lo, n;
        cs_ckpt_split(m[k], c->rank, c->size, &lo, &n);
        memset(data[k], 0, m[k] * sizeof *data[k]);
        CS_TRY(cs_ckpt_get_(c, paths[k], CS_H5_I64, m[k], lo, n, data[k] + lo, 0));
    }
done:
    return rc;
}

int cs_ckpt_restore_arm(cs_ckpt *c, cs_sim *sim, int32_t arm)
{
    char series[256], summary[256];
    snprintf(series, sizeof series, CS_CKPT_ARM_FMT, c->sc->arms[arm].name, "series");
    snprintf(summary, sizeof summary, CS_CKPT_ARM_FMT, c->sc->arms[arm].name, "summary");
    const char *const paths[2] = {series, summary};
    int rc = cs_ckpt_get_results_(c, sim, paths);
    return rc == CS_OK ? cs_ckpt_verify_(c) : rc;
}

/* Every column of the rank's agents. */
static int cs_ckpt_get_columns_(cs_ckpt *c, cs_sim *sim)
{
    int rc = CS_OK;
    const cs_agents *a = cs_sim_agents(sim);
    cs_ckpt_col col;
    for (size_t k = 0; k < cs_sim_n_columns(sim); k++) {
        CS_TRY(cs_ckpt_column(sim, k, NULL, 0, &col));
        CS_TRY(cs_ckpt_get_(c, col.path, col.type, a->n_global, a->gid0, a->n, col.data, 0));
    }
done:
    return rc;
}

/* The model's checkpoint bytes (every rank reads them all). */
static int cs_ckpt_get_model_(cs_ckpt *c, cs_sim *sim)
{
    int rc = CS_OK;
    unsigned char *buf = NULL;
    const size_t bytes = cs_sim_model_save_size(sim);
    int64_t stored = -1;
    int local = cs_h5r_attr_i64(c->r, "/", "model_state_bytes", &stored);
    if (local == CS_OK && stored != (int64_t)bytes) {
        cs_msg_error(c->msg, "%s: the model's state is %lld bytes in the checkpoint, %zu in this run (damaged file?)",
                     c->path, (long long)stored, bytes);
        local = CS_ERR_FORMAT;
    }
    if (local == CS_OK && bytes > 0 && !(buf = malloc(bytes))) local = CS_ERR_NOMEM;
    CS_TRY(cs_ckpt_agree(c, local));
    if (bytes == 0) goto done;
    CS_TRY(cs_ckpt_get_(c, CS_CKPT_MODEL, CS_H5_U8, bytes, 0, bytes, buf, 1));
    cs_sim_model_restore(sim, buf);
done:
    free(buf);
    return rc;
}

int cs_ckpt_restore_state(cs_ckpt *c, cs_sim *sim)
{
    int rc = CS_OK;
    static const char *const paths[2] = {CS_CKPT_SERIES, CS_CKPT_SUMMARY};
    if (c->pos.replicate > 0 || c->pos.night > 0) CS_TRY(cs_ckpt_get_results_(c, sim, paths));
    if (c->pos.night > 0) {
        CS_TRY(cs_ckpt_get_columns_(c, sim));
        CS_TRY(cs_ckpt_get_model_(c, sim));
    }
    CS_TRY(cs_ckpt_verify_(c));
done:
    return rc;
}

int cs_ckpt_copy_agents(cs_ckpt *c, cs_h5w *w, cs_sim *sim, int32_t arm, int32_t rep)
{
    int rc = CS_OK;
    void *buf = NULL;
    const cs_agents *a = cs_sim_agents(sim);
    const char *arm_name = c->sc->arms[arm].name;
    cs_ckpt_col col;
    for (size_t k = 0; k < cs_sim_n_columns(sim); k++) {
        CS_TRY(cs_ckpt_column(sim, k, arm_name, rep, &col));
        if (!col.output) continue;
        buf = malloc(a->n * col.esize + 1);
        CS_TRY(cs_ckpt_agree(c, buf ? CS_OK : CS_ERR_NOMEM));
        CS_TRY(cs_ckpt_get_(c, col.path, col.type, a->n_global, a->gid0, a->n, buf, 0));
        CS_TRY(cs_output_agent_column(w, sim, k, arm_name, rep, buf));
        free(buf);
        buf = NULL;
    }
    CS_TRY(cs_ckpt_verify_(c)); /* a mismatch fails the run: the result file is never committed */
done:
    free(buf);
    return rc;
}
