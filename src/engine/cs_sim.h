/* cs_sim.h -- one simulation: a model, its agents on this rank, and the
 * nightly loop over threads.
 *
 * Decomposition: rank r of P owns a contiguous block of floor(N / P) global
 * ids, one more for the first N mod P ranks, in rank order; inside a rank,
 * OpenMP threads take static
 * contiguous slices, processed in blocks small enough to stay in cache
 * while every module runs over them.  Nothing here depends on the split:
 * streams are keyed by global id and tallies are integers. */
#ifndef CS_SIM_H
#define CS_SIM_H

#include <mpi.h>
#include <stdint.h>

#include "cs_arm.h"
#include "cs_mem.h"
#include "cs_model.h"

typedef struct cs_sim_config {
    uint64_t n_global;     /* population size */
    uint64_t seed;
    int32_t replicates;
    int32_t nights;
    int32_t start_day_of_year; /* 1..365: the day before night 0 */
    int32_t period_nights;     /* nights per time-series period (1 daily, 7 weekly) */
    int threads;               /* OpenMP threads (>= 1) */
    MPI_Comm comm;
    const cs_survey *surveys;  /* the scenario's surveys (copied at create), at_night <= nights */
    size_t n_surveys;          /* 0..CS_MAX_SURVEYS */
    const cs_arm *arm;         /* the policy arm to simulate (borrowed for the sim's life); NULL: none */
} cs_sim_config;

typedef struct cs_sim cs_sim;

/* Progress callback: called on the rank after each night (from one thread). */
typedef void (*cs_sim_progress_fn)(void *ctx, int32_t replicate, int32_t night_done);

/* Sets the model up (reads parameters, declares columns and measures),
 * allocates the rank's agents and every buffer of the run.  Returns
 * CS_ERR_CONFIG for parameter problems (reported through msg), CS_ERR_LIMIT
 * if the rank's agents do not fit the memory limit, CS_ERR_NOMEM. */
int cs_sim_create(const cs_model_ops *ops, cs_params *params, const cs_sim_config *cfg, cs_msg *msg,
                  cs_sim **out);
void cs_sim_destroy(cs_sim **s);

/* Runs replicate `rep` (0-based) from night 0 to the horizon. */
int cs_sim_run_replicate(cs_sim *s, int32_t rep, cs_sim_progress_fn progress, void *ctx);

/* Sums every rank's results onto rank 0 (collective). */
int cs_sim_reduce(cs_sim *s);

const cs_results *cs_sim_results(const cs_sim *s);
const cs_model_ops *cs_sim_model(const cs_sim *s);
const void *cs_sim_model_state(const cs_sim *s);
const cs_agents *cs_sim_agents(const cs_sim *s);
const cs_sim_config *cs_sim_cfg(const cs_sim *s);
/* Bytes of per-agent columns per agent (the model's footprint). */
double cs_sim_column_bytes_per_agent(const cs_sim *s);
/* Bytes allocated by the engine on this rank in all. */
size_t cs_sim_bytes(const cs_sim *s);

/* Declared layout, for output.  k-th column's declaration and data. */
size_t cs_sim_n_columns(const cs_sim *s);
int cs_sim_column(const cs_sim *s, size_t k, const char **name, cs_ctype *type, const void **data,
                  const char **unit, const char **help, int *output);

#endif
