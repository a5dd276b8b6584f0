/* cs_output.h -- the result file's layout (docs/output.md).
 *
 *   /meta                 attributes: format, version, commit, model, seed, sizes
 *   /meta/scenario, /meta/model_file, /meta/resolved   texts
 *   /meta/arms            names and descriptions of the arms, the first the reference
 *   /meta/run             attributes: ranks, threads, wall time, host (differ between runs)
 *   /strata/<dim>, /strata/<dim>_labels, /strata/label
 *   /arms/<arm>/timeseries/<measure>   int64 [replicate][period][stratum]
 *   /arms/<arm>/summary/<measure>      int64 [replicate][stratum][class]
 *   /arms/<arm>/headlines/...          the model's headline figures
 *   /arms/<arm>/agents/replicate_<k>/<column>   per-agent end state (optional)
 *   /trial/...            the in-silico trial, when the scenario has one
 *
 * All functions are collective over the writer's communicator. */
#ifndef CS_OUTPUT_H
#define CS_OUTPUT_H

#include <stdio.h>

#include "cs_h5.h"
#include "cs_scenario.h"
#include "cs_sim.h"

#define CS_FORMAT_NAME "crampsim-results"
#define CS_FORMAT_VERSION 1

/* Host and timing facts of a run (kept apart so reproducibility checks can
 * exclude /meta/run). */
typedef struct cs_run_info {
    int ranks, threads;
    double wall_seconds;
    double agent_nights_per_second;
    double column_bytes_per_agent;
    double peak_rss_bytes; /* largest resident set of any rank */
    const char *started_utc;
    const char *host; /* rank 0's host name: attributes must agree on all ranks */
    int32_t warmup_nights; /* nights the arms shared, run once per replicate (0: each arm ran alone) */
    int32_t warmup_points; /* result files whose arms shared that warm-up: 1, or a family of sweep points */
} cs_run_info;

/* The result file's size, estimated from the scenario and the layout of
 * `sim` (any arm's simulation, with or without agents).  `total` is an
 * upper bound: series and summaries are written uncompressed (exact), the
 * texts and HDF5's own structures are rounded up, and the per-agent end
 * states count raw though they are written deflated (to 38-45% of raw on
 * the leg-cramps model's columns; docs/reliability.md, "Limits").  `least`
 * is a lower bound: the series, summaries and texts, and the end states
 * deflated 10:1 -- what the file takes at the very least, the figure the
 * early disk check refuses on (cs_disk.h).  `crampsim validate` prints
 * both. */
typedef struct cs_output_size {
    double series;   /* every arm's time series, all replicates */
    double summary;  /* every arm's summaries */
    double agents;   /* per-agent end states, raw (0 without output.agents) */
    double meta;     /* texts, strata, headlines, a trial's tallies and HDF5's own structures */
    double total;    /* the upper bound: the sum of the above */
    double least;    /* the lower bound */
} cs_output_size;
cs_output_size cs_output_estimate(const cs_scenario *sc, const cs_sim *sim);
/* The largest checkpoint of the run (docs/hpc.md): every column of every
 * agent and the model's state, besides what the result file holds, all
 * written plain (the end states raw).  `res` is cs_output_estimate's;
 * *least, if not NULL, gets a lower bound (the columns and the model's
 * state alone). */
double cs_output_checkpoint_estimate(const cs_scenario *sc, const cs_sim *sim, const cs_output_size *res,
                                     double *least);

/* Per-agent end state of replicate `rep` (only columns declared `output`). */
int cs_output_agents(cs_h5w *w, const cs_sim *sim, const char *arm, int32_t rep);
/* The dataset of column k in the per-agent end state of replicate `rep`,
 * from `data` (the rank's agents, as the column's type) or, when NULL, the
 * live column; nothing for a column not declared `output`.  How a resumed
 * run writes the end states a checkpoint kept. */
int cs_output_agent_column(cs_h5w *w, const cs_sim *sim, size_t k, const char *arm, int32_t rep, const void *data);
/* The file type of a column type. */
cs_h5_type cs_output_h5_type(cs_ctype t);

/* Metadata (/meta, /meta/arms, /meta/surveys) and strata, once per file;
 * `sim` is any arm's simulation (they share model and layout). */
int cs_output_meta(cs_h5w *w, const cs_scenario *sc, const cs_sim *sim);

/* One arm's reduced series, summaries and headlines (data from rank 0). */
int cs_output_arm(cs_h5w *w, const cs_sim *sim, const cs_arm *arm, const cs_headline *headlines,
                  size_t n_headlines);

/* The trial simulation's tallies (rank 0: reduced), summed over strata,
 * into out[R][cs_trial_tally_size(tr)].  CS_ERR_INTERNAL if the sim has none. */
int cs_trial_tallies(const cs_sim *sim, const cs_trial *tr, int64_t *out);

/* /trial: the design, the tallies t[R][cs_trial_tally_size] (rank 0's;
 * other ranks may pass NULL) and the statistics per replicate and pooled.
 * `outcome` names the events ("falls"). */
int cs_output_trial(cs_h5w *w, const cs_trial *tr, const char *outcome, const int64_t *t, size_t R);

/* The trial report on `out`, pooled over the R replicates of t. */
void cs_trial_print(FILE *out, const cs_trial *tr, const char *outcome, const int64_t *t, size_t R);

/* Run facts: /meta/run. */
int cs_output_run_info(cs_h5w *w, const cs_run_info *info);

#endif
