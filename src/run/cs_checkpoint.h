/* cs_checkpoint.h -- checkpoints: a run's whole state in one HDF5 file, so
 * that `crampsim run --resume` goes on to a result file identical to the
 * one of a run never stopped (docs/hpc.md; layout in docs/output.md).
 *
 * The file says where the run stands -- the next night to simulate of a
 * replicate of an arm -- and holds the resolved scenario (a checkpoint of
 * another scenario is refused), the results of the arms already done,
 * the per-agent end states of the replicates already done (only when the
 * scenario writes them), and the state of the arm in progress: the
 * results of its replicates so far, summed over ranks, and, between two
 * nights, every column of every agent at its global id and the model's
 * checkpoint bytes.  Nothing in it depends on the number of ranks or
 * threads, so a run may resume on another decomposition.
 *
 * Each checkpoint is written collectively as `FILE.partial` and renamed
 * over the previous one (cs_h5w), so the file under its name is always
 * whole; what is already done is carried over from the previous file.
 * Every dataset carries a checksum of its elements by position, checked
 * on reading, so a damaged file is refused with its path and reason.
 *
 * All functions are collective over the communicator given at create and
 * return the same status on every rank. */
#ifndef CS_CHECKPOINT_H
#define CS_CHECKPOINT_H

#include <mpi.h>
#include <stdint.h>

#include "cs_h5.h"
#include "cs_msg.h"
#include "cs_scenario.h"
#include "cs_sim.h"

#define CS_CKPT_FORMAT_NAME "crampsim-checkpoint"
#define CS_CKPT_FORMAT_VERSION 2 /* 2: fixed-length string attributes */

typedef struct cs_ckpt cs_ckpt; /* opaque */

/* Where a run stands: night `night` of replicate `replicate` of arm `arm`
 * is the next to simulate.  Night 0: that replicate has not begun. */
typedef struct cs_ckpt_pos {
    int32_t arm, replicate, night;
} cs_ckpt_pos;

/* Checkpoints at `path` of the run of `sc` (borrowed, as `msg`, for the
 * object's life).  Touches no file. */
int cs_ckpt_create(const char *path, const cs_scenario *sc, MPI_Comm comm, cs_msg *msg, cs_ckpt **out);
/* Accepts NULL and *c == NULL; sets *c to NULL. */
void cs_ckpt_destroy(cs_ckpt **c);
/* The temporary name checkpoints are written under (for the signal guard). */
const char *cs_ckpt_partial_path(const cs_ckpt *c);

/* ---- writing (cs_checkpoint.c) ---- */

/* After `nights_done` (0 < nights_done < nights) nights of replicate `rep`
 * of arm `arm`, from the night hook: the columns, the model's bytes and
 * the results (the threads' summary counts folded in first). */
int cs_ckpt_save_night(cs_ckpt *c, cs_sim *sim, int32_t arm, int32_t rep, int32_t nights_done);
/* After replicate `rep` of arm `arm` ended, when it is not the arm's last:
 * the results so far and, with per-agent output, the replicate's end
 * states (still in the columns). */
int cs_ckpt_save_replicate(cs_ckpt *c, cs_sim *sim, int32_t arm, int32_t rep);
/* After arm `arm` ended and cs_sim_reduce gave rank 0 its results, when it
 * is not the last arm: those results and, with per-agent output, the last
 * replicate's end states. */
int cs_ckpt_save_arm(cs_ckpt *c, cs_sim *sim, int32_t arm);
/* Removes the checkpoint and any partial one (after the result file was
 * committed: the checkpoint is of no more use). */
void cs_ckpt_remove(cs_ckpt *c);

/* ---- resuming (cs_checkpoint_read.c) ---- */

/* Opens the checkpoint and checks that it is whole and belongs to this
 * run: same format, same program, same resolved scenario.  *found is 0
 * (and the status CS_OK) when there is no file at the path.  Refusals
 * name the file and the reason: CS_ERR_FORMAT (another scenario or
 * program, not a checkpoint, damaged), CS_ERR_IO, CS_ERR_HDF5. */
int cs_ckpt_load(cs_ckpt *c, int *found, cs_ckpt_pos *pos);
/* Restores the results of arm `arm`, done before the checkpoint, into
 * `sim` (a fresh simulation of that arm): cs_sim_reduce then gives them
 * on rank 0. */
int cs_ckpt_restore_arm(cs_ckpt *c, cs_sim *sim, int32_t arm);
/* Restores the arm in progress into `sim` (a fresh simulation of it): the
 * results of its replicates so far and, when the checkpoint was taken
 * between nights, the columns and the model's bytes. */
int cs_ckpt_restore_state(cs_ckpt *c, cs_sim *sim);
/* Writes to the result file `w` the per-agent end states of replicate
 * `rep` of arm `arm`, done before the checkpoint, as cs_output_agents
 * wrote them then. */
int cs_ckpt_copy_agents(cs_ckpt *c, cs_h5w *w, cs_sim *sim, int32_t arm, int32_t rep);
/* Closes the checkpoint opened by cs_ckpt_load (before the next save). */
void cs_ckpt_close(cs_ckpt *c);

#endif
