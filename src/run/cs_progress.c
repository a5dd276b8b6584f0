/* cs_progress.c -- the progress line. */
#include "cs_progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

double cs_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void cs_progress_init(cs_progress *p, int want, uint64_t agents, int32_t nights, int32_t replicates, int32_t arms)
{
    *p = (cs_progress){.enabled = want && isatty(fileno(stderr)), .agents = agents, .nights = nights,
                       .replicates = replicates, .arms = arms};
    p->start = p->last = cs_now();
}

void cs_progress_update(void *ctx, int32_t replicate, int32_t nights_done)
{
    cs_progress *p = ctx;
    if (!p->enabled) return;
    double now = cs_now();
    if (now - p->last < 0.25 && nights_done < p->nights) return;
    p->last = now;
    /* agent-nights simulated, per agent: with a warm-up, each replicate runs
     * its first nights once and the rest once per arm */
    const double branch = p->nights - p->warmup, per_rep = p->warmup + (double)p->arms * branch;
    double done = ((double)p->arm * p->replicates + replicate) * p->nights + nights_done,
           total = (double)p->arms * p->replicates * p->nights;
    if (p->warmup > 0) {
        done = replicate * per_rep + (p->arm < 0 ? nights_done : p->warmup + p->arm * branch + nights_done - p->warmup);
        total = p->replicates * per_rep;
    }
    double elapsed = now - p->start, rate = elapsed > 0 ? done * (double)p->agents / elapsed : 0;
    double left = done > 0 ? elapsed * (total - done) / done : 0;
    char arm[32] = "warm-up";
    if (p->arm >= 0) snprintf(arm, sizeof arm, "arm %d/%d", (int)p->arm + 1, (int)p->arms);
    fprintf(stderr, "\r  %s, replicate %d/%d, night %d/%d  %.3g agent-nights/s  %.0f s left   ", arm,
            (int)replicate + 1, (int)p->replicates, (int)nights_done, (int)p->nights, rate, left);
    fflush(stderr);
}

void cs_progress_done(cs_progress *p)
{
    if (!p->enabled) return;
    fprintf(stderr, "\r%78s\r", "");
    fflush(stderr);
}
