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
    const cs_trial *trial;     /* the in-silico trial to run (borrowed for the sim's life); NULL: none */
    int no_memory_check;       /* nonzero: allocate without comparing the estimate with the memory left */
    int warmup;                /* the nights before any arm's policy starts, shared by the arms: the model
                                * declares every column an arm may carry (cs_sim_branch) */
} cs_sim_config;

typedef struct cs_sim cs_sim;

/* Progress callback: called on the rank after each night (from one thread). */
typedef void (*cs_sim_progress_fn)(void *ctx, int32_t replicate, int32_t night_done);

/* Sets the model up (reads parameters, declares columns and measures),
 * allocates the rank's agents and every buffer of the run.  Returns
 * CS_ERR_CONFIG for parameter problems (reported through msg) and for a
 * trial given to a model that does not run trials, CS_ERR_LIMIT
 * (before allocating them) if the rank's agents and results would not fit
 * the memory its process or its node has left, CS_ERR_NOMEM.  Collective
 * over cfg->comm. */
int cs_sim_create(const cs_model_ops *ops, cs_params *params, const cs_sim_config *cfg, cs_msg *msg,
                  cs_sim **out);
void cs_sim_destroy(cs_sim **s);

/* Runs replicate `rep` (0-based) from night 0 to the horizon. */
int cs_sim_run_replicate(cs_sim *s, int32_t rep, cs_sim_progress_fn progress, void *ctx);

/* Called after each night on the master thread while the rank's other
 * threads wait (so it may call MPI and HDF5, and read or write the state
 * below).  CS_OK goes on; any other status stops the replicate at once
 * (no finish phase) and cs_sim_run_from returns it.  Collective hooks must
 * return the same status on every rank. */
typedef int (*cs_sim_night_fn)(void *ctx, int32_t replicate, int32_t nights_done);

/* Runs replicate `rep` from night `first_night` (0, or below the
 * horizon) to the horizon; CS_ERR_INTERNAL for a replicate or night out of
 * range.  From night 0 the replicate starts afresh
 * (columns, its results and tallies zeroed; init_agents).  From a later
 * night it goes on from the state as it is: the caller restored the
 * columns, the results and the model's state of a checkpoint taken after
 * night first_night - 1 (cs_sim_fold_summary first).  `hook` may be NULL. */
int cs_sim_run_from(cs_sim *s, int32_t rep, int32_t first_night, cs_sim_night_fn hook, void *ctx);

/* As cs_sim_run_from, but stops after night end_night - 1 (first_night <
 * end_night <= the horizon); below the horizon the replicate's summaries
 * are folded and the finish phase does not run: it goes on later from
 * end_night, in this simulation or in one branched from it. */
int cs_sim_run_until(cs_sim *s, int32_t rep, int32_t first_night, int32_t end_night, cs_sim_night_fn hook,
                     void *ctx);

/* ---- branching arms from a shared warm-up (docs/hpc.md) ----------------
 * Arms run on common random numbers, so every arm lives the same nights
 * until the first night any policy starts.  A run simulates those nights
 * once, in a simulation created with cfg.warmup, and branches each arm
 * from it: `to` (an arm's simulation of the same population, replicates
 * and horizon) takes replicate `rep`'s state from `from` after its night
 * `night` - 1 -- every column by name, the replicate's series and the
 * summaries both declare -- and goes on with cs_sim_run_from(to, rep,
 * night, ...).  What `to` declares and `from` does not stays as a fresh
 * replicate starts it (zero): the model promises (cs_model.h, warm-up)
 * that an arm's own summaries and checkpoint state do not move before its
 * first policy night.  CS_ERR_INTERNAL when the two do not match: a column
 * of `to` missing in `from` or of another type, other series or strata,
 * other agents. */
int cs_sim_branch(cs_sim *to, cs_sim *from, int32_t rep, int32_t night);

/* ---- checkpoint state (src/run/cs_checkpoint.c; docs/hpc.md) -----------
 * Between two nights the whole state of a simulation is its columns, its
 * results (rank-local sums, all replicates) and the model's checkpoint
 * bytes, once cs_sim_fold_summary has moved the summary counts the threads
 * hold into the results: series tallies are folded every night. */

/* Adds what the threads' tallies hold of replicate `rep`'s summaries into
 * its results and clears them (exact: integers; call between nights). */
void cs_sim_fold_summary(cs_sim *s, int32_t rep);
/* The rank's results: series [replicates][periods][series][strata] and
 * summaries [replicates][summary block], flat, for saving and restoring. */
int64_t *cs_sim_series_data(cs_sim *s, size_t *n);
int64_t *cs_sim_summary_data(cs_sim *s, size_t *n);
/* Writable data of column k (NULL for k out of range). */
void *cs_sim_column_data(cs_sim *s, size_t k);
/* The model's checkpoint bytes: how many (0 without the hooks), save, restore. */
size_t cs_sim_model_save_size(const cs_sim *s);
void cs_sim_model_save(const cs_sim *s, void *buf);
void cs_sim_model_restore(cs_sim *s, const void *buf);

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
