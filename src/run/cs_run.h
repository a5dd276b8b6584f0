/* cs_run.h -- one run from a scenario file to a complete result file.
 *
 * Order matters for the promise "bad input writes nothing": the scenario
 * is loaded, the model set up and a checkpoint to resume from checked
 * before the output file is opened, and the result file appears under its
 * final name only when everything in it was written (cs_h5w_commit).  With
 * checkpoints, a run stopped at any point goes on with --resume to the
 * same result file as a run never stopped. */
#ifndef CS_RUN_H
#define CS_RUN_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cs_msg.h"
#include "cs_output.h"

typedef struct cs_run_opts {
    const char *config;          /* scenario file */
    const char *output;          /* result file */
    const char *const *sets;     /* "path=value" overrides */
    size_t n_sets;
    int threads;                 /* 0: OpenMP's default */
    int quiet;                   /* no progress, no summary */
    FILE *out;                   /* summary stream (stdout) */
    /* sweeps (cs_sweep.h) */
    int has_point;               /* run only point `point` of the scenario's sweep (0: the whole sweep) */
    long point;
    int no_sweep;                /* ignore the scenario's sweep: (a point, whose overrides are in sets) */
    int group_size;              /* MPI ranks per group of a sweep's task farm; 0: one */
    /* checkpoints (docs/hpc.md) */
    const char *checkpoint;      /* checkpoint file; NULL: OUTPUT.ckpt */
    int32_t checkpoint_every;    /* nights between checkpoints (and one after each replicate); 0: none */
    int resume;                  /* go on from the checkpoint, if there is one; a sweep keeps its completed points */
    int no_memory_check;         /* allocate without comparing the estimate with the memory left */
    int no_disk_check;           /* write without comparing the output's estimated size with the room left */
    int no_branch;               /* run every arm from night 0 rather than branching the arms from a shared
                                  * warm-up up to the first policy night (same results; one simulation's
                                  * columns less memory) */
    int64_t stop_after;          /* tests: stop after this many nights of the run (all arms and
                                  * replicates counted), as if killed; 0: never */
} cs_run_opts;

/* The result file's estimated size (cs_output_estimate) and its largest
 * checkpoint's (upper and lower bounds: cs_output_checkpoint_estimate), from a simulation of each of sc's arms set up
 * without agents on this process alone.  A status; a message when the model
 * refuses the scenario. */
int cs_run_estimate(const cs_scenario *sc, cs_msg *msg, cs_output_size *est, double ckpt_est[2]);

/* Runs the scenario; returns a status (see cs_status.h).  Collective. */
int cs_run_main(const cs_run_opts *o, MPI_Comm comm, cs_msg *msg);

struct cs_scenario;
/* Runs n scenarios alike but for their arms (a family of sweep points:
 * same seed, population and horizon) into the n files outputs[k]: the
 * nights before any of their policies starts once per replicate, every arm
 * of every scenario branched from there (o->no_branch: each from night 0).
 * Each file is, bit for bit, the one its scenario gives alone.  No
 * checkpoints; the scenarios stay the caller's.  Collective. */
int cs_run_family(const cs_run_opts *o, struct cs_scenario *const *scs, const char *const *outputs, size_t n,
                  MPI_Comm comm, cs_msg *msg);

#endif
