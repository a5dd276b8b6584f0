/* cs_tally.h -- integer tallies a thread accumulates without locks.
 *
 * Each thread owns one cs_tally: `series` holds tonight's counts per
 * measure and stratum; `summary` holds end-of-run counts per measure,
 * stratum and class.  Integers make the reduction over threads and ranks
 * exact in any order, so results are bit-identical for any decomposition. */
#ifndef CS_TALLY_H
#define CS_TALLY_H

#include <stddef.h>
#include <stdint.h>

typedef struct cs_tally {
    int64_t *series;             /* [n_series][n_strata], zeroed each night */
    int64_t *summary;            /* concatenated [n_strata][width] blocks */
    const size_t *summary_off;   /* start of each summary measure's block */
    const size_t *summary_width; /* classes per stratum of each summary measure */
    size_t n_strata;
} cs_tally;

/* Tonight's counts of series measure `id`, indexed by stratum. */
static inline int64_t *cs_tally_series(cs_tally *t, int id) { return t->series + (size_t)id * t->n_strata; }

/* The block of summary measure `id`: element [stratum * width + class]. */
static inline int64_t *cs_tally_summary(cs_tally *t, int id) { return t->summary + t->summary_off[id]; }

#endif
