/* cs_checkpoint_internal.h -- what the checkpoint's writer
 * (cs_checkpoint.c) and reader (cs_checkpoint_read.c) share: the object,
 * the dataset paths, the split of a dataset over ranks and the checksum.
 * Not installed; cs_checkpoint.h never includes it. */
#ifndef CS_CHECKPOINT_INTERNAL_H
#define CS_CHECKPOINT_INTERNAL_H

#include "cs_checkpoint.h"

/* One dataset of a checkpoint, as its index lists it. */
typedef struct cs_ckpt_entry {
    char *path;     /* owned */
    int32_t type;   /* cs_h5_type */
    uint64_t sum;   /* checksum: sum of cs_ckpt_hash over all its elements */
    uint64_t local; /* while writing or reading: this rank's part of the sum */
    int check;      /* reading: compare sum with the ranks' locals at the next verify */
} cs_ckpt_entry;

typedef struct cs_ckpt_index {
    cs_ckpt_entry *e; /* owned */
    size_t n, cap;
} cs_ckpt_index;

struct cs_ckpt {
    char *path, *partial_path; /* owned */
    MPI_Comm comm;             /* borrowed */
    int rank, size;
    cs_msg *msg;               /* borrowed */
    const cs_scenario *sc;     /* borrowed */
    char *resolved;            /* owned: the resolved scenario (cs_scenario_resolved_yaml) */
    int have_file;             /* the file at `path` is this run's: written by it, or resumed from */
    cs_h5r *r;                 /* owned: open between cs_ckpt_load and cs_ckpt_close */
    cs_ckpt_pos pos;           /* the position loaded */
    cs_ckpt_index idx;         /* owned: the index of the file being written, or of the one loaded */
};

/* The index: every dataset's path, element type and checksum (the sum
 * over its elements of cs_ckpt_hash, mod 2^64, stored as int64), so one
 * reduction checks them all and a dataset needs no attributes. */
#define CS_CKPT_INDEX_PATH "/index/path"
#define CS_CKPT_INDEX_TYPE "/index/type"
#define CS_CKPT_INDEX_SUM "/index/checksum"
/* Paths (docs/output.md). */
#define CS_CKPT_DONE "/done/"
#define CS_CKPT_SCENARIO "/scenario"
#define CS_CKPT_SERIES "/state/series"
#define CS_CKPT_SUMMARY "/state/summary"
#define CS_CKPT_MODEL "/state/model"
#define CS_CKPT_COLUMN_FMT "/state/columns/%s"
#define CS_CKPT_ARM_FMT "/done/arms/%s/%s" /* arm, "series" or "summary" */
#define CS_CKPT_AGENTS_FMT "/done/arms/%s/agents/replicate_%d/%s"

/* Column k of a simulation as checkpoints store it. */
typedef struct cs_ckpt_col {
    char path[256]; /* its dataset (see cs_ckpt_column) */
    cs_h5_type type;
    size_t esize;
    void *data;     /* the rank's agents */
    int output;     /* written to the per-agent end states */
} cs_ckpt_col;

/* Column k of sim, its dataset /state/columns/<name> or, with arm,
 * /done/arms/<arm>/agents/replicate_<rep>/<name>.  CS_ERR_INTERNAL if no
 * such column. */
int cs_ckpt_column(cs_sim *sim, size_t k, const char *arm, int32_t rep, cs_ckpt_col *out);

/* Appends an entry (path copied; sums zero); NULL if out of memory. */
cs_ckpt_entry *cs_ckpt_index_add(cs_ckpt_index *x, const char *path, cs_h5_type type);
/* The entry of `path`, or NULL. */
cs_ckpt_entry *cs_ckpt_index_find(cs_ckpt_index *x, const char *path);
/* Frees the entries; the index is empty afterwards. */
void cs_ckpt_index_free(cs_ckpt_index *x);
/* Reads the index of the checkpoint open in r into x (local: every rank
 * reads it; messages name c's path).  CS_ERR_FORMAT if malformed. */
int cs_ckpt_index_read(cs_ckpt *c, cs_h5r *r, cs_ckpt_index *x);

/* This rank's block [*lo, *lo + *n) of m elements split over the ranks as
 * agents are (cs_sim.h): floor(m / size), one more for the first m % size. */
static inline void cs_ckpt_split(uint64_t m, int rank, int size, uint64_t *lo, uint64_t *n)
{
    const uint64_t P = (uint64_t)size, r = (uint64_t)rank;
    *lo = m / P * r + (m % P < r ? m % P : r);
    *n = m / P + (r < m % P ? 1 : 0);
}

/* Checksum of elements [offset, offset + n) of a dataset (esize bytes
 * each, as stored in memory, little-endian): the sum of a strong mix of
 * each element's position and value, so blocks of any split add up to the
 * same number. */
uint64_t cs_ckpt_hash(const void *data, size_t esize, uint64_t offset, uint64_t n);

/* The lowest status over all ranks; when another rank failed, rank 0 says
 * which (it printed its reason, but only rank 0 prints). */
int cs_ckpt_agree(cs_ckpt *c, int rc);

#endif
