/* cs_cmd_validate.c -- `crampsim validate`: load the scenario, set the
 * model up on a token population (so parameter problems the model detects
 * show too), and print every resolved setting with its unit, source and
 * origin, plus the size of the run. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_cli.h"
#include "cs_disk.h"
#include "cs_output.h"
#include "cs_run.h"
#include "cs_scenario.h"
#include "cs_sim.h"
#include "cs_layout.h"
#include "cs_results.h"
#include "cs_status.h"
#include "cs_sweep.h"

static const char cs_validate_help[] =
    "usage: crampsim validate CONFIG [--set KEY=VALUE]... [-o FILE]\n"
    "\n"
    "Checks the scenario and its model file and prints the resolved scenario as\n"
    "YAML (a valid scenario itself), each value annotated with its unit, range,\n"
    "source and where it was set; then the size of the run, and of its output\n"
    "beside the free space of FILE's folder and the file-size limit (ulimit -f),\n"
    "as `crampsim run` compares them (FILE: the result file, default\n"
    "runs/<name of CONFIG>.h5).  Writes no file.\n"
    "Exit code 0 if valid, 2 if not.\n";

/* Runs, agent-nights, time and output size of the whole job (a sweep's
 * points with the base scenario's size: a point that changes the size or
 * horizon changes its share), and the output's size against the room of
 * its folder (what a run checks before it starts). */
static void cs_validate_estimates_(const cs_scenario *sc, const cs_output_size est, double agent_nights,
                                   const char *output)
{
    const double points = sc->sweep.kind != CS_SWEEP_NONE ? (double)sc->sweep.n_points : 1.0;
    if (points > 1 || sc->sweep.kind != CS_SWEEP_NONE)
        printf("# sweep: %s of %.0f points x %d replicates x %zu arms = %.0f runs, %.3g agent-nights\n",
               cs_sweep_kind_names[sc->sweep.kind], points, (int)sc->replicates, sc->n_arms,
               points * sc->replicates * (double)sc->n_arms, points * agent_nights);
    size_t families = 0;
    for (size_t k = 0; k < sc->sweep.n_points; k++) families += sc->sweep.family[k] == k;
    if (families < sc->sweep.n_points)
        printf("# sweep families: the %zu points make %zu famil%s that differ only in policies; a family's points "
               "share a seed and, up to 16 at a time, their nights before the first policy (docs/sweeps.md)\n",
               sc->sweep.n_points, families, families == 1 ? "y" : "ies");
    printf("# estimate: %.3g core-hours at 5e7 agent-nights per second per core (docs/performance.md); "
           "results about %.3g MB%s\n",
           points * agent_nights / 5e7 / 3600.0, points * est.total / 1e6,
           points > 1 ? " (twice that while the points' own files are kept)" : "");
    cs_output_size all = est;
    all.series *= points;
    all.summary *= points;
    all.agents *= points;
    all.meta *= points;
    all.total *= points;
    all.least *= points;
    char dir[4200];
    snprintf(dir, sizeof dir, "%s.points/", output);
    const cs_disk_file files[2] = {
        {.path = output, .what = points > 1 ? "the gathered result file" : "the result file", .bytes = all.total,
         .least = all.least, .copies = 1, .parts = &all},
        {.path = dir, .what = "the points' files", .bytes = all.total, .least = all.least, .copies = 1,
         .largest = est.least, .parts = &all},
    };
    cs_disk_print(stdout, files, sc->sweep.kind != CS_SWEEP_NONE ? 2 : 1);
}

int cs_cmd_validate(int argc, char **argv, MPI_Comm comm, cs_msg *msg)
{
    int rc = CS_OK, rank;
    MPI_Comm_rank(comm, &rank);
    const char *config = NULL, *output = NULL;
    char *default_output = NULL;
    cs_cli_sets sets = {0};
    cs_scenario *sc = NULL;
    cs_sim *sim = NULL;
    cs_strbuf text;
    cs_strbuf_init(&text);
    for (int i = 1; i < argc; i++) {
        int taken = cs_cli_take_set(argc, argv, &i, &sets, msg);
        if (taken < 0) CS_ENSURE(0, CS_ERR_USAGE);
        if (taken) continue;
        if (cs_cli_is_help(argv[i])) {
            if (rank == 0) fputs(cs_validate_help, stdout);
            goto done;
        }
        if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
            if (i + 1 >= argc || argv[i + 1][0] == '-' || !argv[i + 1][0]) {
                cs_msg_error(msg, "%s needs a file name", argv[i]);
                CS_ENSURE(0, CS_ERR_USAGE);
            }
            output = argv[++i];
            continue;
        }
        if (argv[i][0] == '-' || config) {
            cs_msg_error(msg, "validate: unexpected argument '%s'; see 'crampsim validate --help'", argv[i]);
            CS_ENSURE(0, CS_ERR_USAGE);
        }
        config = argv[i];
    }
    if (!config) {
        cs_msg_error(msg, "validate: missing scenario file; usage: crampsim validate CONFIG");
        CS_ENSURE(0, CS_ERR_USAGE);
    }
    CS_TRY(cs_scenario_load(config, sets.v, sets.n, comm, msg, &sc));
    /* a token population, to let the model check its parameters, every
     * arm's interventions and rules, and declare its columns */
    for (size_t a = 0; a < sc->n_arms + (size_t)sc->has_trial; a++) {
        cs_sim_config cfg = a < sc->n_arms ? cs_scenario_sim_config(sc, 1, MPI_COMM_SELF)
                                           : cs_scenario_trial_config(sc, 1, MPI_COMM_SELF);
        cfg.n_global = 1;
        cfg.replicates = cfg.period_nights = 1;
        if (a < sc->n_arms) cfg.arm = &sc->arms[a];
        cs_sim_destroy(&sim);
        CS_TRY(cs_sim_create(sc->ops, sc->params, &cfg, msg, &sim));
    }
    if (sc->sweep.kind != CS_SWEEP_NONE) CS_TRY(cs_sweep_check_points(config, sets.v, sets.n, sc, msg, NULL, NULL));
    CS_TRY(cs_scenario_resolved_yaml(sc, 1, &text, msg));
    if (rank == 0) {
        double per_agent = cs_sim_column_bytes_per_agent(sim);
        const size_t sims = sc->n_arms + (size_t)sc->has_trial; /* a trial is a simulation of its own */
        double agent_nights = (double)sc->population * sc->nights * sc->replicates * (double)sims;
        fputs(cs_strbuf_str(&text), stdout);
        printf("# valid: model %s (%s)\n", sc->ops->name, sc->model_path);
        printf("# run: %llu agents x %d nights x %d replicates x %zu arm%s%s = %.3g agent-nights\n",
               (unsigned long long)sc->population, (int)sc->nights, (int)sc->replicates, sc->n_arms,
               sc->n_arms == 1 ? "" : "s", sc->has_trial ? " (+ the trial)" : "", agent_nights);
        printf("# arms:");
        for (size_t a = 0; a < sc->n_arms; a++)
            printf("%s%s (%zu intervention%s)", a ? ", " : " ", sc->arms[a].name, sc->arms[a].n_items,
                   sc->arms[a].n_items == 1 ? "" : "s");
        printf("; the first is the reference\n");
        const int32_t shared = cs_scenario_shared_nights(sc);
        if (shared > 0)
            printf("# the arms share nights 0-%d (no policy starts before): run once per replicate and branched, "
                   "%.3g agent-nights simulated, one more simulation's columns in memory (--no-branch: none)\n",
                   (int)shared - 1,
                   (double)sc->population * sc->replicates *
                       (shared + (double)sc->n_arms * (sc->nights - shared) + (sc->has_trial ? sc->nights : 0)));
        if (sc->has_trial) {
            printf("# trial: %lld participants from night %d, followed %d nights, arms:", (long long)sc->trial.participants,
                   (int)sc->trial.enrol_night, (int)sc->trial.follow_up_nights);
            for (size_t a = 0; a < sc->trial.n_arms; a++)
                printf("%s%s (%s)", a ? ", " : " ", sc->trial.arms[a].name, sc->trial.arms[a].intervention);
            printf("; the first is the control; a simulation of its own after the arms\n");
        }
        printf("# memory: %.0f bytes per agent in columns, %.3g GiB for the population (split over ranks)\n",
               per_agent, per_agent * (double)sc->population / 1073741824.0);
        if (!output) {
            default_output = cs_cli_default_output(config);
            CS_ENSURE(default_output, CS_ERR_NOMEM);
            output = default_output;
        }
        cs_output_size est = {0};
        double ckpt[2] = {0, 0};
        CS_TRY(cs_run_estimate(sc, msg, &est, ckpt));
        cs_validate_estimates_(sc, est, agent_nights, output);
    }
done:
    cs_sim_destroy(&sim);
    cs_scenario_destroy(&sc);
    cs_strbuf_free(&text);
    free(sets.v);
    free(default_output);
    return rc;
}
