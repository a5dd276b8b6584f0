/* cs_sweep.c -- a sweep's points run by a task farm of rank groups and
 * gathered into one result file (see cs_sweep.h). */
#include "cs_sweep.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cs_agree.h"
#include "cs_disk.h"
#include "cs_h5.h"
#include "cs_progress.h"
#include "cs_status.h"
#include "cs_strbuf.h"
#include "cs_version.h"

void cs_sweep_free_sets(char **sets, size_t n)
{
    for (size_t k = 0; sets && k < n; k++) free(sets[k]);
    free(sets);
}

char **cs_sweep_point_sets(const cs_scenario *sc, size_t k, const char *const *base, size_t n_base, size_t *n)
{
    const cs_sweep *sw = &sc->sweep;
    char **sets = calloc(n_base + sw->n_paths + 1, sizeof *sets);
    *n = 0;
    if (!sets) return NULL;
    for (size_t j = 0; j < n_base; j++)
        if (!(sets[(*n)++] = strdup(base[j]))) goto fail;
    for (size_t j = 0; j < sw->n_paths; j++) { /* the point's values win over the command line's */
        const char *v = sw->values[k * sw->n_paths + j];
        if (!v) continue;
        const size_t len = strlen(sw->paths[j]) + strlen(v) + 2;
        if (!(sets[*n] = malloc(len))) goto fail;
        snprintf(sets[(*n)++], len, "%s=%s", sw->paths[j], v);
    }
    char seed[48];
    snprintf(seed, sizeof seed, "seed=%llu", (unsigned long long)sw->seeds[k]);
    if (!(sets[(*n)++] = strdup(seed))) goto fail;
    return sets;
fail:
    cs_sweep_free_sets(sets, *n);
    return NULL;
}

/* OUTPUT.points/point_K.h5 */
static void cs_point_path_(char *buf, size_t size, const char *output, size_t k)
{
    snprintf(buf, size, "%s.points/point_%06zu.h5", output, k);
}

/* Loads point k's scenario on this process alone (to check it, or to
 * compare it with a result file's). */
static int cs_point_scenario_(const cs_run_opts *o, const cs_scenario *sc, size_t k, cs_msg *msg, cs_scenario **out)
{
    return cs_sweep_load_point(o->config, o->sets, o->n_sets, sc, k, MPI_COMM_SELF, msg, out);
}

int cs_sweep_load_point(const char *config, const char *const *base, size_t n_base, const cs_scenario *sc, size_t k,
                        MPI_Comm comm, cs_msg *msg, cs_scenario **out)
{
    size_t n = 0;
    char **sets = cs_sweep_point_sets(sc, k, base, n_base, &n);
    if (!sets) return CS_ERR_NOMEM;
    int rc = cs_scenario_load_point(config, (const char *const *)sets, n, 1, comm, msg, out);
    cs_sweep_free_sets(sets, n);
    return rc;
}

/* Whether the file of point k is complete and of this scenario and point:
 * its resolved scenario is the one point k resolves to. */
static int cs_point_done_(const cs_run_opts *o, const cs_scenario *sc, size_t k, const char *path)
{
    if (access(path, R_OK) != 0) return 0;
    cs_msg quiet = {.quiet = 1};
    cs_scenario *pt = NULL;
    cs_h5r *r = NULL;
    cs_strbuf want;
    cs_strbuf_init(&want);
    char **got = NULL;
    size_t n = 0;
    int same = cs_point_scenario_(o, sc, k, &quiet, &pt) == CS_OK && cs_scenario_resolved_yaml(pt, 0, &want, &quiet) == CS_OK &&
               cs_h5r_open(path, &quiet, &r) == CS_OK && cs_h5r_read_strings(r, "/meta/resolved", &n, &got) == CS_OK &&
               n == 1 && strcmp(got[0], cs_strbuf_str(&want)) == 0;
    cs_h5r_free_strings(&got, n);
    cs_h5r_close(&r);
    cs_scenario_destroy(&pt);
    cs_strbuf_free(&want);
    return same;
}

int cs_sweep_check_points(const char *config, const char *const *sets, size_t n_sets, const cs_scenario *sc,
                          cs_msg *msg, cs_sweep_point_fn each, void *ctx)
{
    for (size_t k = 0; k < sc->sweep.n_points; k++) {
        cs_scenario *pt = NULL;
        int rc = cs_sweep_load_point(config, sets, n_sets, sc, k, MPI_COMM_SELF, msg, &pt);
        if (rc == CS_OK && each) rc = each(k, pt, ctx, msg);
        cs_scenario_destroy(&pt);
        if (rc) {
            cs_msg_at(msg, sc->sweep.file, sc->sweep.line, sc->sweep.col, "sweep",
                      "point %zu of %zu does not make a valid scenario (the message above)", k,
                      sc->sweep.n_points);
            return rc;
        }
    }
    return CS_OK;
}

/* /meta and /sweep of the gathered file. */
static int cs_sweep_write_table_(cs_h5w *w, const cs_run_opts *o, const cs_scenario *sc, double wall, int ranks,
                                 int groups)
{
    int rc = CS_OK;
    const cs_sweep *sw = &sc->sweep;
    const size_t N = sw->n_points, P = sw->n_paths;
    double *num = malloc((N * P > 0 ? N * P : 1) * sizeof *num);
    int64_t *seeds = malloc(N * sizeof *seeds);
    char **settings = calloc(N, sizeof *settings);
    cs_strbuf b;
    cs_strbuf_init(&b);
    CS_ENSURE(num && seeds && settings, CS_ERR_NOMEM);
    CS_TRY(cs_h5w_group(w, "/meta"));
    CS_TRY(cs_h5w_attr_str(w, "/meta", "format", "crampsim-sweep"));
    CS_TRY(cs_h5w_attr_i64(w, "/meta", "format_version", 1));
    CS_TRY(cs_h5w_attr_str(w, "/meta", "crampsim_version", CS_VERSION));
    CS_TRY(cs_h5w_attr_str(w, "/meta", "git_commit", CS_GIT_COMMIT));
    CS_TRY(cs_h5w_attr_str(w, "/meta", "scenario_path", o->config));
    CS_TRY(cs_h5w_attr_i64(w, "/meta", "seed", (int64_t)sc->seed));
    CS_TRY(cs_h5w_attr_i64(w, "/meta", "points", (int64_t)N));
    const char *texts[2] = {sc->text, sc->model_text};
    CS_TRY(cs_h5w_write_strings(w, "/meta/scenario", 1, &texts[0], "scenario file as given"));
    CS_TRY(cs_h5w_write_strings(w, "/meta/model_file", 1, &texts[1], "model file as read"));
    CS_TRY(cs_h5w_group(w, "/meta/run"));
    CS_TRY(cs_h5w_attr_i64(w, "/meta/run", "ranks", ranks));
    CS_TRY(cs_h5w_attr_i64(w, "/meta/run", "groups", groups));
    CS_TRY(cs_h5w_attr_f64(w, "/meta/run", "wall_seconds", wall));
    for (size_t k = 0; k < N; k++) {
        cs_strbuf_reset(&b);
        seeds[k] = (int64_t)sw->seeds[k];
        for (size_t j = 0; j < P; j++) {
            const char *v = sw->values[k * P + j];
            char *end = NULL;
            num[k * P + j] = v ? strtod(v, &end) : NAN;
            if (v && (!end || *end)) num[k * P + j] = NAN;
            if (v) CS_TRY(cs_strbuf_appendf(&b, "%s%s=%s", cs_strbuf_str(&b)[0] ? "\n" : "", sw->paths[j], v));
        }
        settings[k] = strdup(cs_strbuf_str(&b));
        CS_ENSURE(settings[k], CS_ERR_NOMEM);
    }
    CS_TRY(cs_h5w_group(w, "/sweep"));
    CS_TRY(cs_h5w_attr_str(w, "/sweep", "kind", cs_sweep_kind_names[sw->kind]));
    CS_TRY(cs_h5w_attr_i64(w, "/sweep", "points", (int64_t)N));
    uint64_t d1[1] = {N}, d2[2] = {N, P};
    CS_TRY(cs_h5w_write_strings(w, "/sweep/path", P, (const char *const *)sw->paths,
                                "the settings and parameters the sweep varies, as --set keys"));
    CS_TRY(cs_h5w_write_root(w, "/sweep/value", CS_H5_F64, 2, d2, num, "as set",
                             "[point][path]: each point's value of each path (NaN: not a number, or not set)"));
    CS_TRY(cs_h5w_write_root(w, "/sweep/seed", CS_H5_I64, 1, d1, seeds, "seed",
                             "each point's seed, from the scenario's seed and the index of its family's first "
                             "point (points that differ only in policies share it)"));
    CS_TRY(cs_h5w_write_strings(w, "/sweep/setting", N, (const char *const *)settings,
                                "each point's overrides as PATH=VALUE lines (what --point K applies)"));
done:
    for (size_t k = 0; settings && k < N; k++) free(settings[k]);
    free(settings);
    free(num);
    free(seeds);
    cs_strbuf_free(&b);
    return rc;
}

/* One process gathers the points into the output file. */
static int cs_sweep_gather_(const cs_run_opts *o, const cs_scenario *sc, double wall, int ranks, int groups,
                            cs_msg *msg)
{
    int rc = CS_OK;
    cs_h5w *w = NULL;
    CS_TRY(cs_h5w_create(o->output, MPI_COMM_SELF, msg, &w));
    CS_TRY(cs_sweep_write_table_(w, o, sc, wall, ranks, groups));
    CS_TRY(cs_h5w_group(w, "/points"));
    for (size_t k = 0; k < sc->sweep.n_points; k++) {
        char src[4096], dst[64];
        cs_point_path_(src, sizeof src, o->output, k);
        snprintf(dst, sizeof dst, "/points/point_%06zu", k);
        CS_TRY(cs_h5w_copy_file(w, src, dst));
    }
    CS_TRY(cs_h5w_commit(&w));
done:
    cs_h5w_abort(&w);
    return rc;
}

int cs_sweep_run_point(const cs_run_opts *o, const cs_scenario *sc, MPI_Comm comm, cs_msg *msg)
{
    if (!o->has_point || o->point < 0 || (size_t)o->point >= sc->sweep.n_points) {
        cs_msg_error(msg, "--point %ld: the sweep has points 0 to %zu", o->point, sc->sweep.n_points - 1);
        return CS_ERR_USAGE;
    }
    size_t n = 0;
    char **sets = cs_sweep_point_sets(sc, (size_t)o->point, o->sets, o->n_sets, &n);
    if (!sets) return CS_ERR_NOMEM;
    cs_run_opts po = *o;
    po.sets = (const char *const *)sets;
    po.n_sets = n;
    po.no_sweep = 1;
    po.has_point = 0;
    int rc = cs_run_main(&po, comm, msg);
    cs_sweep_free_sets(sets, n);
    return rc;
}

/* Adds e's bytes to *to, part by part. */
static void cs_sweep_size_add_(cs_output_size *to, const cs_output_size *e)
{
    to->series += e->series;
    to->summary += e->summary;
    to->agents += e->agents;
    to->meta += e->meta;
    to->total += e->total;
    to->least += e->least;
}

/* What the early disk check of a sweep needs of its points, gathered as
 * cs_sweep_check_points loads each (rank 0): the points' files to write
 * (`sum`: each estimated from its own scenario, a point may change the
 * size), those already there with --resume (`kept`: they take no more
 * room), the largest file and the largest checkpoint. */
typedef struct cs_sweep_disk_ {
    const cs_run_opts *o;
    cs_output_size sum, kept;
    double largest, ckpt[2];
    size_t left;
} cs_sweep_disk_;

static int cs_sweep_disk_add_(size_t k, const cs_scenario *pt, void *ctx, cs_msg *msg)
{
    cs_sweep_disk_ *d = ctx;
    cs_output_size est = {0};
    double ck[2] = {0, 0};
    const int rc = cs_run_estimate(pt, msg, &est, ck);
    if (rc) return rc;
    char path[4200];
    cs_point_path_(path, sizeof path, d->o->output, k);
    const int kept = d->o->resume && access(path, F_OK) == 0;
    cs_sweep_size_add_(kept ? &d->kept : &d->sum, &est);
    d->left += !kept;
    d->largest = fmax(d->largest, est.least);
    d->ckpt[0] = fmax(d->ckpt[0], ck[0]);
    d->ckpt[1] = fmax(d->ckpt[1], ck[1]);
    return CS_OK;
}

/* The early disk check of a sweep, before the points' folder is made:
 * every point's file, the gathered file holding them all and, with
 * --checkpoint-every, two checkpoints per group at work; `d` is rank 0's. */
static int cs_sweep_check_disk_(const cs_sweep_disk_ *d, int groups, MPI_Comm comm, cs_msg *msg)
{
    const cs_run_opts *o = d->o;
    if (o->no_disk_check) return CS_OK;
    cs_output_size all = d->sum;
    cs_sweep_size_add_(&all, &d->kept);
    char points[4200], what[64];
    snprintf(points, sizeof points, "%s.points/", o->output);
    snprintf(what, sizeof what, "the sweep's %zu point file%s", d->left, d->left == 1 ? "" : "s");
    const double busy = (double)((size_t)groups < d->left ? (size_t)groups : d->left);
    const cs_disk_file files[3] = {
        {.path = o->output, .what = "the sweep's gathered result file", .bytes = all.total, .least = all.least,
         .copies = 1, .parts = &all},
        {.path = points, .what = what, .bytes = d->sum.total, .least = d->sum.least, .copies = 1,
         .largest = d->largest, .parts = &d->sum},
        {.path = points, .what = "a point's checkpoint", .bytes = d->ckpt[0], .least = d->ckpt[1], .copies = 2 * busy},
    };
    return cs_disk_check(files, o->checkpoint_every > 0 && d->left > 0 ? 3 : 2, comm, msg);
}

/* The next task for this group (its leader asks the shared counter). */
static long cs_sweep_next_(MPI_Win win, int leader, MPI_Comm group)
{
    long next = 0;
    if (leader) {
        const long one = 1;
        MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
        MPI_Fetch_and_op(&one, &next, MPI_LONG, 0, 0, MPI_SUM, win);
        MPI_Win_unlock(0, win);
    }
    MPI_Bcast(&next, 1, MPI_LONG, 0, group);
    return next;
}

/* The farm's tasks: runs of `order` (the points, each family's together,
 * families by their first point), task t = order[start[t] .. start[t+1]).
 * Without families (`together` 0) one point per task. */
typedef struct cs_sweep_tasks_ {
    size_t *order, *start;
    size_t n;
} cs_sweep_tasks_;

static int cs_sweep_tasks_make_(const cs_sweep *sw, int together, cs_sweep_tasks_ *t)
{
    const size_t N = sw->n_points;
    size_t *next = calloc(N + 1, sizeof *next); /* points in a family after each: counting sort by family */
    t->order = malloc((N ? N : 1) * sizeof *t->order);
    t->start = malloc((N + 1) * sizeof *t->start);
    t->n = 0;
    if (!next || !t->order || !t->start) {
        free(next);
        return CS_ERR_NOMEM;
    }
    for (size_t k = 0; k < N; k++) next[together ? sw->family[k] : k]++;
    size_t at = 0; /* next[r]: where family r's points go */
    for (size_t r = 0; r < N; r++) {
        const size_t c = next[r];
        next[r] = at;
        for (size_t j = 0; j < c; j++) /* a family's tasks: at most CS_SWEEP_FAMILY_MAX points each */
            if (j % CS_SWEEP_FAMILY_MAX == 0) t->start[t->n++] = at + j;
        at += c;
    }
    t->start[t->n] = N;
    for (size_t k = 0; k < N; k++) t->order[next[together ? sw->family[k] : k]++] = k;
    free(next);
    return CS_OK;
}

static void cs_sweep_tasks_free_(cs_sweep_tasks_ *t)
{
    free(t->order);
    free(t->start);
}

/* Points pts[0..n) of one family, together (cs_run_family) into their
 * files; their scenarios loaded over the group. */
static int cs_sweep_run_family_(const cs_run_opts *o, const cs_scenario *sc, const size_t *pts, size_t n,
                                MPI_Comm group, cs_msg *msg)
{
    int rc = CS_OK;
    cs_scenario *scs[CS_SWEEP_FAMILY_MAX] = {0};
    char paths[CS_SWEEP_FAMILY_MAX][4200];
    const char *outputs[CS_SWEEP_FAMILY_MAX];
    for (size_t i = 0; i < n; i++) {
        CS_TRY(cs_agree(cs_sweep_load_point(o->config, o->sets, o->n_sets, sc, pts[i], group, msg, &scs[i]), group,
                        msg));
        cs_point_path_(paths[i], sizeof paths[i], o->output, pts[i]);
        outputs[i] = paths[i];
    }
    cs_run_opts po = *o;
    po.quiet = 1;
    po.resume = 0;
    po.no_sweep = 1;
    po.has_point = 0;
    rc = cs_run_family(&po, scs, outputs, n, group, msg);
done:
    for (size_t i = 0; i < n; i++) cs_scenario_destroy(&scs[i]);
    return rc;
}

/* Point k alone into its file. */
static int cs_sweep_run_alone_(const cs_run_opts *o, const cs_scenario *sc, size_t k, MPI_Comm group, cs_msg *msg)
{
    char path[4200];
    cs_point_path_(path, sizeof path, o->output, k);
    cs_run_opts po = *o;
    po.output = path;
    po.quiet = 1;
    po.point = (long)k;
    po.has_point = 1;
    return cs_sweep_run_point(&po, sc, group, msg);
}

/* Runs task `t`'s points not kept from an earlier run (*kept counts
 * those): a family's together, but any with a checkpoint to resume from,
 * which runs alone; *ran counts the points run.  On failure *what says
 * which points. */
static int cs_sweep_run_task_(const cs_run_opts *o, const cs_scenario *sc, const size_t *pts, size_t n, int together,
                              MPI_Comm group, cs_msg *msg, size_t *ran, size_t *kept, char *what, size_t what_size)
{
    int grank, rc = CS_OK;
    MPI_Comm_rank(group, &grank);
    size_t todo[CS_SWEEP_FAMILY_MAX], n_todo = 0;
    int state[CS_SWEEP_FAMILY_MAX] = {0}; /* 1: kept, 2: a checkpoint to resume from */
    for (size_t i = 0; i < n && grank == 0 && o->resume; i++) {
        char path[4200], ckpt[4300];
        cs_point_path_(path, sizeof path, o->output, pts[i]);
        snprintf(ckpt, sizeof ckpt, "%s.ckpt", path);
        state[i] = cs_point_done_(o, sc, pts[i], path) ? 1 : access(ckpt, F_OK) == 0 ? 2 : 0;
    }
    MPI_Bcast(state, (int)n, MPI_INT, 0, group);
    for (size_t i = 0; i < n; i++) {
        if (state[i] == 1) {
            ++*kept;
            continue;
        }
        if (together && state[i] == 0) {
            todo[n_todo++] = pts[i];
            continue;
        }
        snprintf(what, what_size, "sweep point %zu", pts[i]);
        CS_TRY(cs_sweep_run_alone_(o, sc, pts[i], group, msg));
        ++*ran;
    }
    if (n_todo == 1) snprintf(what, what_size, "sweep point %zu", todo[0]);
    else if (n_todo > 1)
        snprintf(what, what_size, "sweep points %zu to %zu (%zu of one family, run together)", todo[0],
                 todo[n_todo - 1], n_todo);
    if (n_todo == 1) CS_TRY(cs_sweep_run_alone_(o, sc, todo[0], group, msg));
    else if (n_todo > 1) CS_TRY(cs_sweep_run_family_(o, sc, todo, n_todo, group, msg));
    *ran += n_todo;
done:
    return rc;
}

int cs_sweep_main(const cs_run_opts *o, const cs_scenario *sc, MPI_Comm comm, cs_msg *msg)
{
    int rc = CS_OK, rank, ranks, grank;
    const size_t N = sc->sweep.n_points;
    MPI_Comm group = MPI_COMM_NULL;
    MPI_Win win = MPI_WIN_NULL;
    long *counter = NULL;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    const int gsize = o->group_size > 0 ? o->group_size : 1;
    if (gsize > ranks) {
        cs_msg_error(msg, "--group-size %d: only %d MPI rank%s", gsize, ranks, ranks == 1 ? "" : "s");
        return CS_ERR_USAGE;
    }
    if (o->checkpoint) {
        cs_msg_error(msg, "--checkpoint %s: a sweep's points keep a checkpoint each, next to their files "
                          "(OUTPUT.points/point_K.h5.ckpt); give --checkpoint-every alone",
                     o->checkpoint);
        return CS_ERR_USAGE;
    }
    const int groups = (ranks + gsize - 1) / gsize;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s.points", o->output);

    /* every point must make a valid scenario before any runs */
    cs_msg quiet = *msg;
    quiet.quiet = rank != 0 || msg->quiet;
    /* each point loaded once: checked, and on rank 0 its output estimated */
    cs_sweep_disk_ disk = {.o = o};
    int ok = cs_sweep_check_points(o->config, o->sets, o->n_sets, sc, &quiet,
                                   rank == 0 && !o->no_disk_check ? cs_sweep_disk_add_ : NULL, &disk);
    MPI_Allreduce(MPI_IN_PLACE, &ok, 1, MPI_INT, MPI_MIN, comm);
    if (ok != CS_OK) return ok;
    ok = cs_sweep_check_disk_(&disk, groups, comm, msg);
    if (ok != CS_OK) return ok;
    /* the folder of the points; without --resume it must not hold an earlier run's */
    int err[2] = {0, 0};
    if (rank == 0) {
        struct stat st;
        if (stat(dir, &st) == 0 && !o->resume) {
            size_t found = 0;
            for (size_t k = 0; k < N && !found; k++) {
                char path[4200];
                cs_point_path_(path, sizeof path, o->output, k);
                found = access(path, F_OK) == 0;
            }
            err[1] = (int)found;
        }
        if (mkdir(dir, 0777) != 0 && errno != EEXIST) err[0] = errno;
    }
    MPI_Bcast(err, 2, MPI_INT, 0, comm);
    if (err[0]) {
        cs_msg_error(msg, "%s: cannot make the folder of the sweep's points: %s", dir, strerror(err[0]));
        return CS_ERR_IO;
    }
    if (err[1]) {
        cs_msg_error(msg, "%s holds points of an earlier run: add --resume to keep the completed ones, or remove it",
                     dir);
        return CS_ERR_USAGE;
    }
    MPI_Comm_split(comm, rank / gsize, rank, &group);
    MPI_Comm_rank(group, &grank);
    MPI_Win_allocate(rank == 0 ? (MPI_Aint)sizeof(long) : 0, sizeof(long), MPI_INFO_NULL, comm, &counter, &win);
    if (rank == 0) *counter = 0;
    MPI_Barrier(comm);

    const double start = cs_now();
    size_t done_here = 0, kept = 0;
    int failed = 0;
    /* a family's points together: their shared nights are branched, not
     * checkpointed, and stopping after a night counts one point's */
    const int together = !o->no_branch && !o->checkpoint_every && !o->stop_after;
    cs_sweep_tasks_ tasks = {0};
    failed = cs_sweep_tasks_make_(&sc->sweep, together, &tasks);
    for (long t; failed == CS_OK && (t = cs_sweep_next_(win, grank == 0, group)) >= 0 && (size_t)t < tasks.n;) {
        char what[128] = "";
        const size_t *pts = tasks.order + tasks.start[t];
        const int errors = msg->errors; /* the cause, said once: above if this rank said it */
        int r = cs_sweep_run_task_(o, sc, pts, tasks.start[t + 1] - tasks.start[t], together, group, msg, &done_here,
                                   &kept, what, sizeof what);
        if (r && grank == 0 && msg->errors > errors && !msg->quiet)
            cs_msg_error(msg, "%s failed on ranks %d-%d (the message above)", what, rank, rank + gsize - 1);
        else if (r && grank == 0) { /* unsaid here: another rank may print it (cs_agree) */
            char cause[sizeof msg->last];
            snprintf(cause, sizeof cause, "%s", msg->errors > errors ? msg->last : cs_status_text(r));
            cs_msg_error(msg, "%s failed on ranks %d-%d: %s", what, rank, rank + gsize - 1, cause);
        }
        if (r) failed = r;
    }
    cs_sweep_tasks_free_(&tasks);
    /* every rank waits for the slowest group; one failure fails the sweep (rank 0 says which) */
    failed = cs_agree(failed, comm, msg);
    const double wall = cs_now() - start;
    unsigned long counts[2] = {done_here * (grank == 0), kept * (grank == 0)};
    MPI_Allreduce(MPI_IN_PLACE, counts, 2, MPI_UNSIGNED_LONG, MPI_SUM, comm);
    CS_ENSURE(failed == CS_OK, failed);
    int g = rank == 0 ? cs_sweep_gather_(o, sc, wall, ranks, groups, msg) : CS_OK;
    MPI_Bcast(&g, 1, MPI_INT, 0, comm);
    CS_TRY(g);
    if (rank == 0 && !o->quiet) {
        FILE *out = o->out ? o->out : stdout;
        fprintf(out, "crampsim %s: sweep (%s) of %zu points: %lu run, %lu kept from an earlier run; %d rank%s in %d "
                     "group%s; %.2f s wall\n  results: %s (each point also in %s/)\n",
                CS_VERSION, cs_sweep_kind_names[sc->sweep.kind], N, counts[0], counts[1], ranks,
                ranks == 1 ? "" : "s", groups, groups == 1 ? "" : "s", wall, o->output, dir);
    }
done:
    if (win != MPI_WIN_NULL) MPI_Win_free(&win);
    if (group != MPI_COMM_NULL) MPI_Comm_free(&group);
    return rc;
}
