/* cs_run.c -- load, set up, simulate every replicate, reduce, write. */
#include "cs_run.h"

#include <math.h>
#include <sys/resource.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cs_output.h"
#include "cs_progress.h"
#include "cs_scenario.h"
#include "cs_signal.h"
#include "cs_sweep.h"
#include "cs_sim.h"
#include "cs_status.h"
#include "cs_version.h"

#define CS_MAX_HEADLINES 64

/* The verdict of every rank: the most severe (lowest) status. */
static int cs_agree_(int rc, MPI_Comm comm)
{
    int worst = rc;
    MPI_Allreduce(&rc, &worst, 1, MPI_INT, MPI_MIN, comm);
    return worst;
}

/* Headline figures: one value column per arm (the first the reference). */
static void cs_print_summary_(FILE *out, const cs_scenario *sc, const cs_run_info *info, const char *model,
                              const cs_headline h[][CS_MAX_HEADLINES], const size_t *n, const char *path)
{
    fprintf(out, "crampsim %s: model %s, %llu agents x %d nights x %d replicate%s x %d arm%s; %d rank%s x %d thread%s\n",
            CS_VERSION, model, (unsigned long long)sc->population, (int)sc->nights, (int)sc->replicates,
            sc->replicates == 1 ? "" : "s", (int)sc->n_arms, sc->n_arms == 1 ? "" : "s", info->ranks,
            info->ranks == 1 ? "" : "s", info->threads, info->threads == 1 ? "" : "s");
    fprintf(out, "  %.2f s wall, %.3g agent-nights/s (%.3g per core), %.0f bytes per agent in columns\n",
            info->wall_seconds, info->agent_nights_per_second,
            info->agent_nights_per_second / (info->ranks * info->threads), info->column_bytes_per_agent);
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

/* Sets every arm's model up without agents, so that a problem in any arm
 * (a rule naming an unknown attribute, say) stops the run before the
 * output file is opened or any arm has run. */
static int cs_run_check_arms_(cs_scenario *sc, MPI_Comm comm, cs_msg *msg)
{
    int rc = CS_OK;
    for (size_t a = 0; a < sc->n_arms && rc == CS_OK; a++) {
        cs_sim *sim = NULL;
        cs_sim_config cfg = cs_scenario_sim_config(sc, 1, comm);
        cfg.arm = &sc->arms[a];
        cfg.n_global = 0;
        rc = cs_agree_(cs_sim_create(sc->ops, sc->params, &cfg, msg, &sim), comm);
        cs_sim_destroy(&sim);
    }
    return rc;
}

/* Runs every replicate of arm `a` and writes its results (and the file's
 * metadata with the first arm). */
static int cs_run_arm_(cs_scenario *sc, size_t a, int threads, MPI_Comm comm, cs_h5w *w, cs_msg *msg,
                       cs_progress *progress, cs_headline *headlines, size_t *n_headlines, double *column_bytes)
{
    int rc = CS_OK, rank;
    cs_sim *sim = NULL;
    cs_sim_config cfg = cs_scenario_sim_config(sc, threads, comm);
    cfg.arm = &sc->arms[a];
    MPI_Comm_rank(comm, &rank);
    CS_TRY(cs_agree_(cs_sim_create(sc->ops, sc->params, &cfg, msg, &sim), comm));
    progress->arm = (int32_t)a;
    for (int32_t rep = 0; rep < sc->replicates; rep++) {
        CS_TRY(cs_sim_run_replicate(sim, rep, cs_progress_update, progress));
        if (sc->agents_output) CS_TRY(cs_agree_(cs_output_agents(w, sim, sc->arms[a].name, rep), comm));
    }
    CS_TRY(cs_agree_(cs_sim_reduce(sim), comm));
    *n_headlines = 0;
    if (rank == 0 && sc->ops->headlines)
        *n_headlines = sc->ops->headlines(cs_sim_model_state(sim), cs_sim_results(sim), headlines, CS_MAX_HEADLINES);
    if (a == 0) CS_TRY(cs_agree_(cs_output_meta(w, sc, sim), comm));
    CS_TRY(cs_agree_(cs_output_arm(w, sim, &sc->arms[a], headlines, *n_headlines), comm));
    *column_bytes = cs_sim_column_bytes_per_agent(sim);
done:
    cs_sim_destroy(&sim);
    return rc;
}

int cs_run_main(const cs_run_opts *o, MPI_Comm comm, cs_msg *msg)
{
    int rc = CS_OK, rank, ranks;
    cs_scenario *sc = NULL;
    cs_h5w *w = NULL;
    static cs_headline headlines[CS_MAX_ARMS][CS_MAX_HEADLINES]; /* 40 kB: off the stack */
    size_t n_headlines[CS_MAX_ARMS] = {0};
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    char started[32];
    time_t t0 = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t0));
    MPI_Bcast(started, sizeof started, MPI_CHAR, 0, comm);
    /* over the run's ranks only: a sweep's groups run their points apart */
    char host[256] = "unknown";
    gethostname(host, sizeof host - 1);
    MPI_Bcast(host, sizeof host, MPI_CHAR, 0, comm);

    CS_TRY(cs_agree_(cs_scenario_load_point(o->config, o->sets, o->n_sets, o->no_sweep, comm, msg, &sc), comm));
    if (sc->sweep.kind != CS_SWEEP_NONE) { /* a sweep: every point, or the one asked for */
        rc = o->has_point ? cs_sweep_run_point(o, sc, comm, msg) : cs_sweep_main(o, sc, comm, msg);
        goto done;
    }
    if (o->has_point) {
        cs_msg_error(msg, "--point %ld: %s has no sweep: section", o->point, o->config);
        CS_ENSURE(0, CS_ERR_USAGE);
    }
    const int threads = o->threads > 0 ? o->threads : omp_get_max_threads();
    CS_TRY(cs_run_check_arms_(sc, comm, msg));
    CS_TRY(cs_agree_(cs_h5w_create(o->output, comm, msg, &w), comm));
    if (rank == 0) cs_signal_guard(cs_h5w_partial_path(w));

    cs_progress progress;
    cs_progress_init(&progress, rank == 0 && !o->quiet, sc->population, sc->nights, sc->replicates,
                     (int32_t)sc->n_arms);
    cs_run_info info = {.ranks = ranks, .threads = threads, .started_utc = started, .host = host};
    const double start = cs_now();
    for (size_t a = 0; a < sc->n_arms; a++)
        CS_TRY(cs_run_arm_(sc, a, threads, comm, w, msg, &progress, headlines[a], &n_headlines[a],
                           &info.column_bytes_per_agent));
    MPI_Barrier(comm);
    const double wall = cs_now() - start;
    cs_progress_done(&progress);

    info.wall_seconds = wall;
    info.agent_nights_per_second =
        wall > 0 ? (double)sc->population * sc->nights * sc->replicates * (double)sc->n_arms / wall : 0;
    MPI_Bcast(&info.wall_seconds, 1, MPI_DOUBLE, 0, comm);
    MPI_Bcast(&info.agent_nights_per_second, 1, MPI_DOUBLE, 0, comm);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double rss = 1024.0 * (double)ru.ru_maxrss; /* KiB on Linux */
    MPI_Allreduce(&rss, &info.peak_rss_bytes, 1, MPI_DOUBLE, MPI_MAX, comm);
    CS_TRY(cs_agree_(cs_output_run_info(w, &info), comm));
    CS_TRY(cs_agree_(cs_h5w_commit(&w), comm));
    if (rank == 0 && !o->quiet)
        cs_print_summary_(o->out ? o->out : stdout, sc, &info, sc->ops->name,
                          (const cs_headline(*)[CS_MAX_HEADLINES])headlines, n_headlines, o->output);
done:
    if (rank == 0) cs_signal_guard(NULL);
    cs_h5w_abort(&w);
    cs_scenario_destroy(&sc);
    return rc;
}
