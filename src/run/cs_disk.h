/* cs_disk.h -- the early disk check (docs/reliability.md, "Limits"): the
 * files a run will write, each with its estimated size, against the room
 * of its folder's file system and the file-size limit (cs_sysdisk.h),
 * before the first file is created and before any simulation. */
#ifndef CS_DISK_H
#define CS_DISK_H

#include <mpi.h>
#include <stdio.h>

#include "cs_msg.h"
#include "cs_output.h"

/* One file a run writes. */
typedef struct cs_disk_file {
    const char *path;            /* its final name */
    const char *what;            /* "the result file", "the checkpoint", ... */
    double bytes;                /* the estimate of its size: an upper bound */
    double least;                /* a lower bound, which the check refuses on; 0: bytes */
    double copies;               /* at most this many at once (2: a checkpoint renamed over the previous) */
    double largest;              /* several files (a sweep's points): the lower bound of the largest; 0: one file */
    const cs_output_size *parts; /* a result file's breakdown, for the advice; may be NULL */
} cs_disk_file;

/* Rank 0 compares each file's lower bound (so that a refusal means the
 * run cannot fit) with the room of its folder, beyond CS_SYSDISK_MARGIN;
 * collective, the same status on every rank: CS_OK, or
 * CS_ERR_LIMIT after a message naming the file, the estimate, the limit
 * and what to do (--no-disk-check among it).  Files on one file system
 * add up against its free space. */
int cs_disk_check(const cs_disk_file *files, size_t n, MPI_Comm comm, cs_msg *msg);

/* `crampsim validate`: each file's estimate beside its folder's free space
 * and the file-size limit, as "# disk: ..." lines; refuses nothing. */
void cs_disk_print(FILE *out, const cs_disk_file *files, size_t n);

#endif
