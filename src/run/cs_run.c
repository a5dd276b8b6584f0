/* cs_run.c -- load, set up, simulate every replicate, reduce, write. */
#include "cs_run.h"

#include <math.h>
#include <sys/resource.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cs_agree.h"
#include "cs_checkpoint.h"
#include "cs_disk.h"
#include "cs_layout.h"
#include "cs_output.h"
#include "cs_results.h"
#include "cs_progress.h"
#include "cs_scenario.h"
#include "cs_signal.h"
#include "cs_sweep.h"
#include "cs_sim.h"
#include "cs_status.h"
#include "cs_version.h"

#define CS_MAX_HEADLINES 64

/* Headline figures: one value column per arm (the first the reference). */
static void cs_print_summary_(FILE *out, const cs_scenario *sc, const cs_run_info *info, const char *model,
                              const cs_headline h[][CS_MAX_HEADLINES], const size_t *n, const char *path)
{
    fprintf(out, "crampsim %s: model %s, %llu agents x %d nights x %d replicate%s x %d arm%s%s; %d rank%s x %d thread%s\n",
            CS_VERSION, model, (unsigned long long)sc->population, (int)sc->nights, (int)sc->replicates,
            sc->replicates == 1 ? "" : "s", (int)sc->n_arms, sc->n_arms == 1 ? "" : "s",
            sc->has_trial ? " + a trial" : "", info->ranks,
            info->ranks == 1 ? "" : "s", info->threads, info->threads == 1 ? "" : "s");
    fprintf(out, "  %.2f s wall, %.3g agent-nights/s (%.3g per core), %.0f bytes per agent in columns\n",
            info->wall_seconds, info->agent_nights_per_second,
            info->agent_nights_per_second / (info->ranks * info->threads), info->column_bytes_per_agent);
    if (info->warmup_nights > 0)
        fprintf(out, "  the arms branched from one shared warm-up of %d nights per replicate (before any policy starts)\n",
                (int)info->warmup_nights);
    fprintf(out, "  results: %s\n\n", path);
    const int many = sc->n_arms > 1;
    fprintf(out, "  %-42s", "headline figure");
    for (size_t a = 0; a < sc->n_arms; a++) fprintf(out, " %18.18s", many ? sc->arms[a].name : "simulated");
    fprintf(out, "   %s\n", "published");
    for (size_t k = 0; k < n[0]; k++) {
        fprintf(out, "  %-42s", h[0][k].name);
        for (size_t a = 0; a < sc->n_arms; a++) {
            char v[64] = "";
            if (k < n[a] && sc->replicates > 1 && !many)
                snprintf(v, sizeof v, "%.1f %s [%.1f-%.1f]", h[a][k].value, h[a][k].unit, h[a][k].lo, h[a][k].hi);
            else if (k < n[a])
                snprintf(v, sizeof v, "%.1f %s", h[a][k].value, h[a][k].unit);
            fprintf(out, " %18s", v);
        }
        fprintf(out, "   %s\n", h[0][k].target ? h[0][k].target : "");
    }
}

/* Folds the estimates of one arm's simulation into *est and ckpt[2] (upper,
 * lower): arms may declare different columns (an intervention's), so the
 * upper bounds take the largest arm's, the result file's lower bound the
 * smallest arm's, and the largest checkpoint's lower bound the largest
 * arm's (every arm is checkpointed in turn). */
static void cs_run_fold_estimate_(const cs_scenario *sc, const cs_sim *sim, int first, cs_output_size *est,
                                  double ckpt[2])
{
    const cs_output_size e = cs_output_estimate(sc, sim);
    double c[2];
    c[0] = cs_output_checkpoint_estimate(sc, sim, &e, &c[1]);
    if (first) {
        *est = e;
        ckpt[0] = c[0];
        ckpt[1] = c[1];
        return;
    }
    est->series = fmax(est->series, e.series);
    est->summary = fmax(est->summary, e.summary);
    est->agents = fmax(est->agents, e.agents);
    est->meta = fmax(est->meta, e.meta);
    est->total = fmax(est->total, e.total);
    est->least = fmin(est->least, e.least);
    ckpt[0] = fmax(ckpt[0], c[0]);
    ckpt[1] = fmax(ckpt[1], c[1]);
}

/* Sets every arm's model up without agents, so that a problem in any arm
 * (a rule naming an unknown attribute, say) stops the run before the
 * output file is opened or any arm has run.; folds every arm's output estimate
 * into *est and ckpt_est. */
static int cs_run_check_arms_(cs_scenario *sc, int no_memory_check, MPI_Comm comm, cs_msg *msg, cs_output_size *est,
                              double ckpt_est[2])
{
    int rc = CS_OK;
    for (size_t a = 0; a < sc->n_arms + (size_t)sc->has_trial && rc == CS_OK; a++) {
        cs_sim *sim = NULL;
        cs_sim_config cfg = a < sc->n_arms ? cs_scenario_sim_config(sc, 1, comm) : cs_scenario_trial_config(sc, 1, comm);
        if (a < sc->n_arms) cfg.arm = &sc->arms[a];
        cfg.n_global = 0;
        cfg.no_memory_check = no_memory_check; /* the results are allocated even here */
        rc = cs_agree(cs_sim_create(sc->ops, sc->params, &cfg, msg, &sim), comm, msg);
        if (rc == CS_OK && a < sc->n_arms) cs_run_fold_estimate_(sc, sim, a == 0, est, ckpt_est);
        cs_sim_destroy(&sim);
    }
    return rc;
}

int cs_run_estimate(const cs_scenario *sc, cs_msg *msg, cs_output_size *est, double ckpt_est[2])
{
    int rc = CS_OK;
    for (size_t a = 0; a < sc->n_arms && rc == CS_OK; a++) {
        cs_sim *sim = NULL;
        cs_sim_config cfg = cs_scenario_sim_config(sc, 1, MPI_COMM_SELF);
        cfg.arm = &sc->arms[a];
        cfg.n_global = 0;
        rc = cs_sim_create(sc->ops, sc->params, &cfg, msg, &sim);
        if (rc == CS_OK) cs_run_fold_estimate_(sc, sim, a == 0, est, ckpt_est);
        cs_sim_destroy(&sim);
    }
    return rc;
}

/* The early disk check: the result file and, with --checkpoint-every, the
 * checkpoint (two at once while one replaces the other), against their
 * folders' room -- before either is created and before any simulation. */
static int cs_run_check_disk_(const cs_run_opts *o, const char *output, const cs_output_size *est,
                              const double ckpt_est[2], MPI_Comm comm, cs_msg *msg)
{
    if (o->no_disk_check) return CS_OK;
    char ck[4200];
    snprintf(ck, sizeof ck, "%s.ckpt", output);
    const cs_disk_file files[2] = {
        {.path = output, .what = "the result file", .bytes = est->total, .least = est->least, .copies = 1,
         .parts = est},
        {.path = o->checkpoint ? o->checkpoint : ck, .what = "the checkpoint", .bytes = ckpt_est[0],
         .least = ckpt_est[1], .copies = 2},
    };
    return cs_disk_check(files, o->checkpoint_every > 0 ? 2 : 1, comm, msg);
}

/* One result file of a run: its scenario and what its simulations gave.
 * A run has one; a family of sweep points run together (cs_run_family) one
 * per point. */
typedef struct cs_run_member_ {
    cs_scenario *sc;
    const char *output;
    cs_h5w *w;
    cs_headline headlines[CS_MAX_ARMS][CS_MAX_HEADLINES];
    size_t n_headlines[CS_MAX_ARMS];
    int64_t *trial_tallies;
    const char *trial_outcome; /* a static string of the model */
    double column_bytes;
} cs_run_member_;

/* What a run carries through its arms. */
typedef struct cs_run_ctx_ {
    const cs_run_opts *o;
    MPI_Comm comm;
    int rank, threads;
    cs_msg *msg;
    cs_run_member_ *m;  /* the result file being written */
    cs_ckpt *ckpt;      /* NULL: no checkpoints */
    int save;           /* write checkpoints (--checkpoint-every) */
    cs_progress progress;
    cs_sim *sim;        /* the arm running */
    int32_t arm;
} cs_run_ctx_;

/* The night hook: progress, a checkpoint every so many nights (not after
 * the last: one follows the replicate), and the stop asked for by tests. */
static int cs_run_night_(void *ctx, int32_t rep, int32_t nights_done)
{
    cs_run_ctx_ *x = ctx;
    const cs_scenario *sc = x->m->sc;
    int rc = CS_OK;
    cs_progress_update(&x->progress, rep, nights_done);
    if (x->save && nights_done % x->o->checkpoint_every == 0 && nights_done < sc->nights)
        rc = cs_ckpt_save_night(x->ckpt, x->sim, x->arm, rep, nights_done);
    const int64_t done = ((int64_t)x->arm * sc->replicates + rep) * sc->nights + nights_done;
    if (rc == CS_OK && x->o->stop_after > 0 && done == x->o->stop_after) rc = CS_ERR_STOPPED;
    return rc;
}

/* After the last replicate of arm `a`: reduce, headlines, and its results
 * (with the file's metadata after the first arm). */
static int cs_run_write_arm_(cs_run_ctx_ *x, size_t a, cs_sim *sim)
{
    int rc = CS_OK;
    cs_run_member_ *m = x->m;
    const cs_scenario *sc = m->sc;
    CS_TRY(cs_agree(cs_sim_reduce(sim), x->comm, x->msg));
    m->n_headlines[a] = 0;
    if (x->rank == 0 && sc->ops->headlines)
        m->n_headlines[a] =
            sc->ops->headlines(cs_sim_model_state(sim), cs_sim_results(sim), m->headlines[a], CS_MAX_HEADLINES);
    if (a == 0) CS_TRY(cs_agree(cs_output_meta(m->w, sc, sim), x->comm, x->msg));
    CS_TRY(cs_agree(cs_output_arm(m->w, sim, &sc->arms[a], m->headlines[a], m->n_headlines[a]), x->comm, x->msg));
    m->column_bytes = cs_sim_column_bytes_per_agent(sim);
done:
    return rc;
}

static int cs_run_new_sim_(cs_run_ctx_ *x, size_t a, cs_sim **sim)
{
    cs_sim_config cfg = cs_scenario_sim_config(x->m->sc, x->threads, x->comm);
    cfg.arm = &x->m->sc->arms[a];
    cfg.no_memory_check = x->o->no_memory_check;
    return cs_agree(cs_sim_create(x->m->sc->ops, x->m->sc->params, &cfg, x->msg, sim), x->comm, x->msg);
}

/* Arm `a`, done before the checkpoint resumed from: its results and end
 * states from the checkpoint into the result file. */
static int cs_run_done_arm_(cs_run_ctx_ *x, size_t a)
{
    int rc = CS_OK;
    cs_sim *sim = NULL;
    CS_TRY(cs_run_new_sim_(x, a, &sim));
    CS_TRY(cs_ckpt_restore_arm(x->ckpt, sim, (int32_t)a));
    for (int32_t rep = 0; rep < x->m->sc->replicates && x->m->sc->agents_output; rep++)
        CS_TRY(cs_ckpt_copy_agents(x->ckpt, x->m->w, sim, (int32_t)a, rep));
    CS_TRY(cs_run_write_arm_(x, a, sim));
done:
    cs_sim_destroy(&sim);
    return rc;
}

/* Runs arm `a` from `from` (its arm is a; night 0 of replicate 0 unless
 * resumed) and writes its results; checkpoints after each replicate and
 * after the arm, but the last of the run. */
static int cs_run_arm_(cs_run_ctx_ *x, size_t a, cs_ckpt_pos from, int resumed)
{
    int rc = CS_OK;
    cs_sim *sim = NULL;
    const cs_scenario *sc = x->m->sc;
    CS_TRY(cs_run_new_sim_(x, a, &sim));
    x->sim = sim;
    x->arm = (int32_t)a;
    x->progress.arm = (int32_t)a;
    if (resumed) {
        CS_TRY(cs_ckpt_restore_state(x->ckpt, sim));
        for (int32_t rep = 0; rep < from.replicate && sc->agents_output; rep++)
            CS_TRY(cs_ckpt_copy_agents(x->ckpt, x->m->w, sim, (int32_t)a, rep));
        cs_ckpt_close(x->ckpt);
    }
    for (int32_t rep = from.replicate; rep < sc->replicates; rep++) {
        const int32_t night = rep == from.replicate ? from.night : 0;
        CS_TRY(cs_agree(cs_sim_run_from(sim, rep, night, cs_run_night_, x), x->comm, x->msg));
        if (sc->agents_output)
            CS_TRY(cs_agree(cs_output_agents(x->m->w, sim, sc->arms[a].name, rep), x->comm, x->msg));
        if (x->save && rep + 1 < sc->replicates) CS_TRY(cs_ckpt_save_replicate(x->ckpt, sim, (int32_t)a, rep));
    }
    CS_TRY(cs_run_write_arm_(x, a, sim));
    if (x->save && a + 1 < sc->n_arms) CS_TRY(cs_ckpt_save_arm(x->ckpt, sim, (int32_t)a));
done:
    x->sim = NULL;
    cs_sim_destroy(&sim);
    return rc;
}

/* The nights the members' arms share: up to the first night any policy of
 * any member starts (cs_scenario_first_policy_night), when there are two
 * arms or more to branch; or 0 -- each arm runs alone -- when asked
 * (--no-branch) and with checkpoints, whose positions follow the arms one
 * after the other. */
static int32_t cs_run_warmup_nights_(const cs_run_member_ *m, size_t n, const cs_run_opts *o)
{
    if (o->no_branch || o->checkpoint_every || o->resume || o->stop_after) return 0;
    int32_t first = m[0].sc->nights;
    size_t arms = 0;
    for (size_t i = 0; i < n; i++) {
        const int32_t f = cs_scenario_first_policy_night(m[i].sc);
        if (f < first) first = f;
        arms += m[i].sc->n_arms;
    }
    return arms > 1 && first < m[0].sc->nights ? first : 0;
}

/* An arm's results of the replicates done, carried from one replicate's
 * simulation of the arm to the next. */
typedef struct cs_run_kept_ {
    int64_t *series, *summary;
    size_t n_series, n_summary;
} cs_run_kept_;

static int cs_run_keep_(cs_run_kept_ *k, cs_sim *sim)
{
    size_t ns, nm;
    const int64_t *series = cs_sim_series_data(sim, &ns), *summary = cs_sim_summary_data(sim, &nm);
    if (!k->series) {
        k->series = malloc((ns ? ns : 1) * sizeof *k->series);
        k->summary = malloc((nm ? nm : 1) * sizeof *k->summary);
        k->n_series = ns;
        k->n_summary = nm;
    }
    if (!k->series || !k->summary) return CS_ERR_NOMEM;
    memcpy(k->series, series, ns * sizeof *series);
    memcpy(k->summary, summary, nm * sizeof *summary);
    return CS_OK;
}

static void cs_run_unkeep_(const cs_run_kept_ *k, cs_sim *sim)
{
    size_t ns, nm;
    int64_t *series = cs_sim_series_data(sim, &ns), *summary = cs_sim_summary_data(sim, &nm);
    if (!k->series || ns != k->n_series || nm != k->n_summary) return; /* the first replicate: nothing kept */
    memcpy(series, k->series, ns * sizeof *series);
    memcpy(summary, k->summary, nm * sizeof *summary);
}

/* Every arm of every member branched from a warm-up of `warm` nights
 * (cs_sim_branch): replicate by replicate, the warm-up once, then each arm
 * from its state to the horizon.  An arm's simulation lives for one
 * replicate (so two sets of columns at most are held); its results so far
 * travel in `kept`.  The arms' results are the same as cs_run_arm_'s, bit
 * for bit.  The members share seed, population and horizon (the warm-up is
 * the first member's): cs_sim_branch refuses a state that does not fit. */
static int cs_run_branched_(cs_run_ctx_ *x, cs_run_member_ *m, size_t n, int32_t warm)
{
    int rc = CS_OK;
    cs_sim *base = NULL, *sim = NULL;
    cs_run_kept_ *kept = calloc(n * CS_MAX_ARMS, sizeof *kept);
    CS_ENSURE(kept, CS_ERR_NOMEM);
    cs_sim_config cfg = cs_scenario_sim_config(m[0].sc, x->threads, x->comm);
    cfg.warmup = 1;
    cfg.no_memory_check = x->o->no_memory_check;
    CS_TRY(cs_agree(cs_sim_create(m[0].sc->ops, m[0].sc->params, &cfg, x->msg, &base), x->comm, x->msg));
    for (int32_t rep = 0; rep < m[0].sc->replicates; rep++) {
        x->m = &m[0];
        x->sim = base;
        x->arm = x->progress.arm = -1;
        CS_TRY(cs_agree(cs_sim_run_until(base, rep, 0, warm, cs_run_night_, x), x->comm, x->msg));
        for (size_t i = 0; i < n; i++) {
            const cs_scenario *sc = m[i].sc;
            x->m = &m[i];
            for (size_t a = 0; a < sc->n_arms; a++) {
                cs_run_kept_ *k = &kept[i * CS_MAX_ARMS + a];
                CS_TRY(cs_run_new_sim_(x, a, &sim));
                cs_run_unkeep_(k, sim);
                CS_TRY(cs_agree(cs_sim_branch(sim, base, rep, warm), x->comm, x->msg));
                x->sim = sim;
                x->arm = x->progress.arm = (int32_t)a;
                CS_TRY(cs_agree(cs_sim_run_from(sim, rep, warm, cs_run_night_, x), x->comm, x->msg));
                if (sc->agents_output)
                    CS_TRY(cs_agree(cs_output_agents(m[i].w, sim, sc->arms[a].name, rep), x->comm, x->msg));
                if (rep + 1 < sc->replicates) CS_TRY(cs_agree(cs_run_keep_(k, sim), x->comm, x->msg));
                else CS_TRY(cs_run_write_arm_(x, a, sim));
                x->sim = NULL;
                cs_sim_destroy(&sim);
            }
        }
    }
done:
    if (rc == CS_ERR_INTERNAL)
        cs_msg_error(x->msg, "internal: an arm's simulation does not match the shared warm-up (run with --no-branch)");
    x->sim = NULL;
    cs_sim_destroy(&sim);
    cs_sim_destroy(&base);
    for (size_t k = 0; kept && k < n * CS_MAX_ARMS; k++) {
        free(kept[k].series);
        free(kept[k].summary);
    }
    free(kept);
    return rc;
}

/* Runs every replicate of the member's trial (a simulation of its own
 * after the arms) and writes /trial; rank 0 keeps the tallies in
 * m->trial_tallies (malloc'd) and the outcome's name.  No checkpoints:
 * cs_run_members_ refuses them with a trial. */
static int cs_run_trial_(cs_run_ctx_ *x)
{
    int rc = CS_OK;
    cs_sim *sim = NULL;
    cs_run_member_ *m = x->m;
    cs_scenario *sc = m->sc;
    const size_t R = (size_t)sc->replicates, W = cs_trial_tally_size(&sc->trial);
    cs_sim_config cfg = cs_scenario_trial_config(sc, x->threads, x->comm);
    cfg.no_memory_check = x->o->no_memory_check;
    CS_TRY(cs_agree(cs_sim_create(sc->ops, sc->params, &cfg, x->msg, &sim), x->comm, x->msg));
    x->sim = sim;
    x->arm = x->progress.arm = (int32_t)sc->n_arms;
    for (int32_t rep = 0; rep < sc->replicates; rep++)
        CS_TRY(cs_agree(cs_sim_run_from(sim, rep, 0, cs_run_night_, x), x->comm, x->msg));
    CS_TRY(cs_agree(cs_sim_reduce(sim), x->comm, x->msg));
    m->trial_tallies = malloc(R * W * sizeof *m->trial_tallies);
    rc = m->trial_tallies ? cs_trial_tallies(sim, &sc->trial, m->trial_tallies) : CS_ERR_NOMEM;
    CS_TRY(cs_agree(rc, x->comm, x->msg));
    m->trial_outcome = cs_sim_results(sim)->layout->trial_outcome;
    CS_TRY(cs_agree(cs_output_trial(m->w, &sc->trial, m->trial_outcome, m->trial_tallies, R), x->comm, x->msg));
done:
    x->sim = NULL;
    cs_sim_destroy(&sim);
    return rc;
}

/* Sets checkpoints up and, with --resume, finds where to go on from
 * (*from stays night 0 of the first replicate of the first arm without). */
static int cs_run_checkpoint_(cs_run_ctx_ *x, cs_ckpt_pos *from, int *resumed)
{
    int rc = CS_OK;
    const cs_run_opts *o = x->o;
    const cs_scenario *sc = x->m->sc;
    char *path = NULL;
    *resumed = 0;
    if (!o->checkpoint_every && !o->resume) return CS_OK;
    const char *ck = o->checkpoint;
    if (!ck) {
        path = malloc(strlen(x->m->output) + sizeof ".ckpt");
        CS_ENSURE(path, CS_ERR_NOMEM);
        sprintf(path, "%s.ckpt", x->m->output);
        ck = path;
    }
    CS_TRY(cs_agree(cs_ckpt_create(ck, sc, x->comm, x->msg, &x->ckpt), x->comm, x->msg));
    x->save = o->checkpoint_every > 0;
    int found = 0;
    if (o->resume) CS_TRY(cs_ckpt_load(x->ckpt, &found, from));
    FILE *note = x->rank == 0 && !o->quiet ? stderr : NULL;
    if (note && o->resume && !found)
        fprintf(note, "crampsim: no checkpoint %s yet: starting from the beginning\n", ck);
    else if (note && found)
        fprintf(note, "crampsim: resuming from %s: arm %s (%d of %d), replicate %d of %d, night %d of %d\n", ck,
                sc->arms[from->arm].name, (int)from->arm + 1, (int)sc->n_arms, (int)from->replicate + 1,
                (int)sc->replicates, (int)from->night, (int)sc->nights);
    else if (x->rank == 0 && !o->resume && access(ck, F_OK) == 0)
        cs_msg_warn(x->msg, "%s exists and will be replaced at the first checkpoint (--resume goes on from it)", ck);
    *resumed = found;
    /* an unwritable checkpoint fails now, not after the first nights */
    if (x->save) CS_TRY(cs_h5w_check_path(ck, x->comm, x->msg));
done:
    free(path);
    return rc;
}

/* Removes the partial files on SIGINT/SIGTERM/SIGHUP (rank 0): every
 * member's and the checkpoint's being written. */
static void cs_run_guard_(const cs_run_ctx_ *x, const cs_run_member_ *m, size_t n)
{
    const char *paths[CS_SIGNAL_MAX_PATHS];
    size_t k = 0;
    for (size_t i = 0; i < n && k < CS_SIGNAL_MAX_PATHS; i++) paths[k++] = cs_h5w_partial_path(m[i].w);
    if (x->ckpt && k < CS_SIGNAL_MAX_PATHS) paths[k++] = cs_ckpt_partial_path(x->ckpt);
    cs_signal_guard(paths, k);
}

/* The run of n result files (one, or a family of sweep points): set up,
 * simulate, write and commit each.  The members' scenarios are the
 * caller's; their files are written here. */
static int cs_run_members_(const cs_run_opts *o, cs_run_member_ *m, size_t n, MPI_Comm comm, cs_msg *msg)
{
    int rc = CS_OK, rank, ranks;
    cs_run_ctx_ x = {.o = o, .comm = comm, .msg = msg, .m = &m[0]};
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    x.rank = rank;
    char started[32];
    time_t t0 = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t0));
    MPI_Bcast(started, sizeof started, MPI_CHAR, 0, comm);
    /* over the run's ranks only: a sweep's groups run their points apart */
    char host[256] = "unknown";
    gethostname(host, sizeof host - 1);
    MPI_Bcast(host, sizeof host, MPI_CHAR, 0, comm);
    x.threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    size_t sims = 0; /* a trial is a simulation of its own */
    double agent_nights = 0;
    for (size_t i = 0; i < n; i++) {
        const cs_scenario *sc = m[i].sc;
        if (sc->has_trial && (o->checkpoint_every || o->resume)) {
            cs_msg_error(msg, "%s: checkpoints (--checkpoint-every, --resume) do not cover a scenario with a trial: "
                              "section yet; run it without them",
                         o->config);
            CS_ENSURE(0, CS_ERR_USAGE);
        }
        cs_output_size est = {0};
        double ckpt_est[2] = {0, 0}; /* the largest checkpoint: upper and lower bounds */
        CS_TRY(cs_run_check_arms_(m[i].sc, o->no_memory_check, comm, msg, &est, ckpt_est));
        if (n == 1) CS_TRY(cs_run_check_disk_(o, m[0].output, &est, ckpt_est, comm, msg)); /* a sweep checks its own */
        sims += sc->n_arms + (size_t)sc->has_trial;
        agent_nights += (double)sc->population * sc->nights * sc->replicates * (double)(sc->n_arms + sc->has_trial);
    }
    cs_ckpt_pos from = {0, 0, 0};
    int resumed = 0;
    if (n == 1) CS_TRY(cs_run_checkpoint_(&x, &from, &resumed));
    for (size_t i = 0; i < n; i++) CS_TRY(cs_agree(cs_h5w_create(m[i].output, comm, msg, &m[i].w), comm, msg));
    if (rank == 0) cs_run_guard_(&x, m, n);

    const cs_scenario *sc = m[0].sc;
    const int32_t warm = cs_run_warmup_nights_(m, n, o);
    cs_progress_init(&x.progress, rank == 0 && !o->quiet, sc->population, sc->nights, sc->replicates, (int32_t)sims);
    x.progress.warmup = warm;
    cs_run_info info = {.ranks = ranks,
                        .threads = x.threads,
                        .started_utc = started,
                        .host = host,
                        .warmup_nights = warm,
                        .warmup_points = warm > 0 ? (int32_t)n : 0};
    const double start = cs_now();
    if (warm > 0) CS_TRY(cs_run_branched_(&x, m, n, warm));
    for (size_t i = 0; i < n && !warm; i++) { /* each arm from night 0 (from: a checkpoint's, n == 1) */
        x.m = &m[i];
        for (size_t a = 0; a < (size_t)from.arm; a++) CS_TRY(cs_run_done_arm_(&x, a));
        for (size_t a = (size_t)from.arm; a < m[i].sc->n_arms; a++) {
            const int here = a == (size_t)from.arm;
            CS_TRY(cs_run_arm_(&x, a, here ? from : (cs_ckpt_pos){(int32_t)a, 0, 0}, resumed && here));
        }
    }
    for (size_t i = 0; i < n; i++) {
        x.m = &m[i];
        if (m[i].sc->has_trial) CS_TRY(cs_run_trial_(&x));
    }
    MPI_Barrier(comm);
    const double wall = cs_now() - start;
    cs_progress_done(&x.progress);

    info.wall_seconds = wall;
    info.agent_nights_per_second = wall > 0 ? agent_nights / wall : 0;
    MPI_Bcast(&info.wall_seconds, 1, MPI_DOUBLE, 0, comm);
    MPI_Bcast(&info.agent_nights_per_second, 1, MPI_DOUBLE, 0, comm);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double rss = 1024.0 * (double)ru.ru_maxrss; /* KiB on Linux */
    MPI_Allreduce(&rss, &info.peak_rss_bytes, 1, MPI_DOUBLE, MPI_MAX, comm);
    for (size_t i = 0; i < n; i++) {
        info.column_bytes_per_agent = m[i].column_bytes;
        CS_TRY(cs_agree(cs_output_run_info(m[i].w, &info), comm, msg));
        CS_TRY(cs_agree(cs_h5w_commit(&m[i].w), comm, msg));
    }
    if (x.ckpt) cs_ckpt_remove(x.ckpt); /* the result file is whole: nothing to resume */
    if (rank == 0 && !o->quiet && n == 1) {
        FILE *out = o->out ? o->out : stdout;
        info.column_bytes_per_agent = m[0].column_bytes;
        cs_print_summary_(out, sc, &info, sc->ops->name, (const cs_headline(*)[CS_MAX_HEADLINES])m[0].headlines,
                          m[0].n_headlines, m[0].output);
        if (sc->has_trial) cs_trial_print(out, &sc->trial, m[0].trial_outcome, m[0].trial_tallies, (size_t)sc->replicates);
    }
done:
    if (rc == CS_ERR_STOPPED && rank == 0)
        cs_msg_warn(msg, "stopped after night %lld of the run, as --stop-after-night asked; %s", (long long)o->stop_after,
                    x.ckpt && x.save ? "continue with --resume" : "no checkpoint was asked for");
    if (rank == 0) cs_signal_guard(NULL, 0);
    for (size_t i = 0; i < n; i++) {
        cs_h5w_abort(&m[i].w);
        free(m[i].trial_tallies);
        m[i].trial_tallies = NULL;
    }
    cs_ckpt_destroy(&x.ckpt);
    return rc;
}

int cs_run_family(const cs_run_opts *o, cs_scenario *const *scs, const char *const *outputs, size_t n, MPI_Comm comm,
                  cs_msg *msg)
{
    cs_run_member_ *m = calloc(n ? n : 1, sizeof *m); /* 40 kB of headlines each: off the stack */
    if (!m) return cs_agree(CS_ERR_NOMEM, comm, msg);
    for (size_t i = 0; i < n; i++) {
        m[i].sc = scs[i];
        m[i].output = outputs[i];
    }
    int rc = cs_run_members_(o, m, n, comm, msg);
    free(m);
    return rc;
}

int cs_run_main(const cs_run_opts *o, MPI_Comm comm, cs_msg *msg)
{
    int rc = CS_OK;
    cs_scenario *sc = NULL;
    CS_TRY(cs_agree(cs_scenario_load_point(o->config, o->sets, o->n_sets, o->no_sweep, comm, msg, &sc), comm, msg));
    if (sc->sweep.kind != CS_SWEEP_NONE) { /* a sweep: every point, or the one asked for */
        rc = o->has_point ? cs_sweep_run_point(o, sc, comm, msg) : cs_sweep_main(o, sc, comm, msg);
        goto done;
    }
    if (o->has_point) {
        cs_msg_error(msg, "--point %ld: %s has no sweep: section", o->point, o->config);
        CS_ENSURE(0, CS_ERR_USAGE);
    }
    rc = cs_run_family(o, &sc, &o->output, 1, comm, msg);
done:
    cs_scenario_destroy(&sc);
    return rc;
}
