/* cs_scenario.h -- a scenario: the scenario file, the model file it names,
 * and the command line's --set overrides, resolved into one parameter table.
 *
 * Precedence, lowest first: model file values, scenario defaults, scenario
 * file, --set.  Files are read on rank 0 and broadcast; every rank parses
 * the same text and so reaches the same verdict, and only rank 0 prints. */
#ifndef CS_SCENARIO_H
#define CS_SCENARIO_H

#include <mpi.h>
#include <stdint.h>

#include "cs_arm.h"
#include "cs_model.h"
#include "cs_scenario_sweep.h"
#include "cs_params.h"
#include "cs_sim.h"
#include "cs_strbuf.h"
#include "cs_trial.h"

typedef struct cs_scenario {
    char *path;       /* scenario file as given */
    char *text;       /* its text */
    char *model_path; /* model file, resolved against the scenario's folder */
    char *model_text;
    const cs_model_ops *ops;
    cs_params *params; /* scenario and model rows */
    /* resolved engine settings */
    uint64_t population, seed;
    int32_t replicates, nights, start_day_of_year, period_nights;
    int agents_output;
    cs_survey surveys[CS_MAX_SURVEYS]; /* `surveys:`, at_night resolved to 1..nights; strings in params */
    size_t n_surveys;
    cs_arm arms[CS_MAX_ARMS]; /* `arms:` (none: one reference arm without interventions); strings in params */
    size_t n_arms;            /* >= 1; arms[0] is the reference */
    cs_sweep sweep;           /* `sweep:` (kind CS_SWEEP_NONE without one) */
    int has_trial;            /* the scenario has a `trial:` section */
    cs_trial trial;           /* it, resolved (strings in params); simulated after the arms */
} cs_scenario;

/* Loads and resolves a scenario; `sets` are "path=value" strings.  Returns
 * CS_ERR_CONFIG (bad content, or a file that cannot be read), CS_ERR_USAGE
 * (a --set without '=') or CS_ERR_NOMEM, after printing the reason. */
int cs_scenario_load(const char *path, const char *const *sets, size_t n_sets, MPI_Comm comm, cs_msg *msg,
                     cs_scenario **out);
/* The same, ignoring the file's `sweep:` section when `no_sweep` (a point of
 * a sweep: its overrides are among `sets`). */
int cs_scenario_load_point(const char *path, const char *const *sets, size_t n_sets, int no_sweep, MPI_Comm comm,
                           cs_msg *msg, cs_scenario **out);
void cs_scenario_destroy(cs_scenario **s);

/* The simulation of sc's trial (sc->has_trial): as cs_scenario_sim_config
 * with the trial and its policy arm (both borrowed from sc). */
cs_sim_config cs_scenario_trial_config(const cs_scenario *sc, int threads, MPI_Comm comm);

/* The simulation of sc: its population, seed, replicates, horizon, series
 * and surveys (borrowed from sc until cs_sim_create copies them) and its
 * reference arm (borrowed: set .arm to another of sc->arms for that arm), run with
 * `threads` OpenMP threads per rank of `comm`; no trial. */
cs_sim_config cs_scenario_sim_config(const cs_scenario *sc, int threads, MPI_Comm comm);

/* The nights every arm lives alike, which a run simulates once per
 * replicate and branches the arms from (docs/hpc.md): up to the first night
 * any arm's intervention starts.  0 -- each arm runs from night 0 -- with
 * one arm, or when a policy starts at night 0 or none starts. */
int32_t cs_scenario_shared_nights(const cs_scenario *sc);

/* The first night any arm's intervention starts; the horizon (sc->nights)
 * when none does.  Nights before it are alike in every arm. */
int32_t cs_scenario_first_policy_night(const cs_scenario *sc);

/* The resolved scenario as YAML: itself a valid scenario file that gives
 * the same run.  With `annotate`, each parameter gets a comment with unit,
 * range, source and where its value came from.  The text identifies the
 * scenario (checkpoints, sweep points), so a model path that cannot be
 * made absolute is an error (said through msg), never a different text. */
int cs_scenario_resolved_yaml(const cs_scenario *s, int annotate, cs_strbuf *out, cs_msg *msg);

#endif
