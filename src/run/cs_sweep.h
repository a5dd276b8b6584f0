/* cs_sweep.h -- a whole sweep (or PSA) as one job: an MPI task farm.
 *
 * The ranks split into groups of group_size (MPI_Comm_split); each group
 * takes the next point from a shared counter (one-sided MPI: the fastest
 * group takes the most points) and runs it with the engine's own threads
 * and ranks into a result file of its own, DIR/point_K.h5 next to the
 * output (DIR = OUTPUT.points), committed by rename like any result.
 * When every point is done, one process gathers them by index into the
 * output file: /meta, /sweep (the table of points) and /points/point_K/
 * (each point's /meta, /strata and /arms).  A point's numbers depend only
 * on the scenario, the point and its seed: not on the group size, the
 * number of groups or the order points finish.  With --resume the points
 * whose files are complete (and belong to this scenario) are kept.
 *
 * Points that differ only in policies (a family, cs_scenario_sweep.h) share
 * their seed, so their nights before the first policy are alike: a group
 * takes up to CS_SWEEP_FAMILY_MAX of them at once and runs those nights
 * once per replicate, branching every arm of every point from there
 * (cs_run_family; not with --no-branch or --checkpoint-every).  Each
 * point's file is the one it gets alone. */
#ifndef CS_SWEEP_H
#define CS_SWEEP_H

#include <mpi.h>

#include "cs_run.h"
#include "cs_scenario.h"

/* The most points of a family a group runs together (their result files
 * are open at once). */
#define CS_SWEEP_FAMILY_MAX 16

/* Runs every point of sc's sweep (collective over comm). */
int cs_sweep_main(const cs_run_opts *o, const cs_scenario *sc, MPI_Comm comm, cs_msg *msg);

/* Runs point o->point of sc's sweep alone into o->output: the numbers it
 * has in the sweep. */
int cs_sweep_run_point(const cs_run_opts *o, const cs_scenario *sc, MPI_Comm comm, cs_msg *msg);

/* The overrides of point k (seed=..., then PATH=VALUE for each path the
 * point sets), appended to `base`: a new array of strings, each malloc'ed;
 * free with cs_sweep_free_sets.  NULL when out of memory. */
char **cs_sweep_point_sets(const cs_scenario *sc, size_t k, const char *const *base, size_t n_base, size_t *n);
void cs_sweep_free_sets(char **sets, size_t n);

/* Point k's scenario (config with base overrides, then the point's),
 * loaded over comm (collective; MPI_COMM_SELF: this process alone). */
int cs_sweep_load_point(const char *config, const char *const *base, size_t n_base, const cs_scenario *sc, size_t k,
                        MPI_Comm comm, cs_msg *msg, cs_scenario **out);

/* What a caller does with point k's scenario while cs_sweep_check_points
 * has it loaded; a status, which fails the check. */
typedef int (*cs_sweep_point_fn)(size_t k, const cs_scenario *pt, void *ctx, cs_msg *msg);

/* Every point makes a valid scenario, loaded on this process alone and
 * handed to `each` (when not NULL); the first that does not is reported
 * (its own message, then the sweep's place and the point's index). */
int cs_sweep_check_points(const char *config, const char *const *sets, size_t n_sets, const cs_scenario *sc,
                          cs_msg *msg, cs_sweep_point_fn each, void *ctx);

#endif
