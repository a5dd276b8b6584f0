/* cs_progress.h -- one progress line on stderr while a run goes on:
 * nights done, agent-nights per second and time left.  Printed only on a
 * terminal, at most a few times a second, and erased at the end. */
#ifndef CS_PROGRESS_H
#define CS_PROGRESS_H

#include <stdint.h>

typedef struct cs_progress {
    int enabled;
    uint64_t agents; /* in the whole population */
    int32_t nights, replicates;
    int32_t arm, arms; /* the arm running (0-based; the caller sets it; -1: the shared warm-up) and how many */
    int32_t warmup;    /* nights shared by the arms, run once per replicate before them (0: none; arms run
                        * one after the other, else replicate by replicate) */
    double start, last;
} cs_progress;

/* Enabled when `want` and stderr is a terminal. */
void cs_progress_init(cs_progress *p, int want, uint64_t agents, int32_t nights, int32_t replicates, int32_t arms);
/* cs_sim_progress_fn: ctx is a cs_progress. */
void cs_progress_update(void *ctx, int32_t replicate, int32_t nights_done);
/* Clears the line. */
void cs_progress_done(cs_progress *p);

/* Seconds on a monotonic clock. */
double cs_now(void);

#endif
