/* cs_run.c -- load, set up, simulate every replicate, reduce, write. */
#include "cs_run.h"

#include <math.h>
#include <sys/resource.h>
#include <omp.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cs_output.h"
#include "cs_progress.h"
#include "cs_scenario.h"
#include "cs_signal.h"
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

static void cs_print_summary_(FILE *out, const cs_scenario *sc, const cs_sim *sim, const cs_run_info *info,
                              const cs_headline *h, size_t n, const char *path)
{
    fprintf(out, "crampsim %s: model %s, %llu agents x %d nights x %d replicate%s; %d rank%s x %d thread%s\n",
            CS_VERSION, cs_sim_model(sim)->name, (unsigned long long)sc->population, (int)sc->nights,
            (int)sc->replicates, sc->replicates == 1 ? "" : "s", info->ranks, info->ranks == 1 ? "" : "s",
            info->threads, info->threads == 1 ? "" : "s");
    fprintf(out, "  %.2f s wall, %.3g agent-nights/s (%.3g per core), %.0f bytes per agent in columns\n",
            info->wall_seconds, info->agent_nights_per_second,
            info->agent_nights_per_second / (info->ranks * info->threads), info->column_bytes_per_agent);
    fprintf(out, "  results: %s\n\n", path);
    fprintf(out, "  %-42s %18s   %s\n", "headline figure", "simulated", "published");
    for (size_t k = 0; k < n; k++) {
        char v[64];
        if (sc->replicates > 1)
            snprintf(v, sizeof v, "%.1f %s [%.1f-%.1f]", h[k].value, h[k].unit, h[k].lo, h[k].hi);
        else
            snprintf(v, sizeof v, "%.1f %s", h[k].value, h[k].unit);
        fprintf(out, "  %-42s %18s   %s\n", h[k].name, v, h[k].target ? h[k].target : "");
    }
}

int cs_run_main(const cs_run_opts *o, MPI_Comm comm, cs_msg *msg)
{
    int rc = CS_OK, rank, ranks;
    cs_scenario *sc = NULL;
    cs_sim *sim = NULL;
    cs_h5w *w = NULL;
    cs_headline headlines[CS_MAX_HEADLINES];
    size_t n_headlines = 0;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &ranks);
    char started[32];
    time_t t0 = time(NULL);
    strftime(started, sizeof started, "%Y-%m-%dT%H:%M:%SZ", gmtime(&t0));
    MPI_Bcast(started, sizeof started, MPI_CHAR, 0, comm);

    CS_TRY(cs_agree_(cs_scenario_load(o->config, o->sets, o->n_sets, comm, msg, &sc), comm));
    cs_sim_config cfg = cs_scenario_sim_config(sc, o->threads > 0 ? o->threads : omp_get_max_threads(), comm);
    CS_TRY(cs_agree_(cs_sim_create(sc->ops, sc->params, &cfg, msg, &sim), comm));
    CS_TRY(cs_agree_(cs_h5w_create(o->output, comm, msg, &w), comm));
    if (rank == 0) cs_signal_guard(cs_h5w_partial_path(w));

    cs_progress progress;
    cs_progress_init(&progress, rank == 0 && !o->quiet, sc->population, sc->nights, sc->replicates);
    const double start = cs_now();
    for (int32_t rep = 0; rep < sc->replicates; rep++) {
        CS_TRY(cs_sim_run_replicate(sim, rep, cs_progress_update, &progress));
        if (sc->agents_output) CS_TRY(cs_agree_(cs_output_agents(w, sim, CS_REFERENCE_ARM, rep), comm));
    }
    CS_TRY(cs_agree_(cs_sim_reduce(sim), comm));
    MPI_Barrier(comm);
    const double wall = cs_now() - start;
    cs_progress_done(&progress);

    cs_run_info info = {.ranks = ranks, .threads = cfg.threads, .wall_seconds = wall, .started_utc = started,
                        .column_bytes_per_agent = cs_sim_column_bytes_per_agent(sim)};
    info.agent_nights_per_second = wall > 0 ? (double)sc->population * sc->nights * sc->replicates / wall : 0;
    MPI_Bcast(&info.wall_seconds, 1, MPI_DOUBLE, 0, comm);
    MPI_Bcast(&info.agent_nights_per_second, 1, MPI_DOUBLE, 0, comm);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double rss = 1024.0 * (double)ru.ru_maxrss; /* KiB on Linux */
    MPI_Allreduce(&rss, &info.peak_rss_bytes, 1, MPI_DOUBLE, MPI_MAX, comm);
    if (rank == 0 && sc->ops->headlines)
        n_headlines = sc->ops->headlines(cs_sim_model_state(sim), cs_sim_results(sim), headlines, CS_MAX_HEADLINES);
    CS_TRY(cs_agree_(cs_output_results(w, sc, sim, CS_REFERENCE_ARM, headlines, n_headlines, &info), comm));
    CS_TRY(cs_agree_(cs_h5w_commit(&w), comm));
    if (rank == 0 && !o->quiet) cs_print_summary_(o->out ? o->out : stdout, sc, sim, &info, headlines, n_headlines,
                                                  o->output);
done:
    if (rank == 0) cs_signal_guard(NULL);
    cs_h5w_abort(&w);
    cs_sim_destroy(&sim);
    cs_scenario_destroy(&sc);
    return rc;
}
