/* bare_loop.c -- the yardstick the benchmark divides by: one pcg32 draw and
 * one comparison per agent-night over a per-agent threshold column, the
 * least any nightly simulation must do.  Measured in the same session as
 * crampsim, the ratio of the two is steadier than either rate on a shared
 * machine.
 *
 *   cs_bench_bare AGENTS NIGHTS   ->  prints agent-nights per second */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "cs_rng.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: cs_bench_bare AGENTS NIGHTS\n");
        return 2;
    }
    const size_t n = (size_t)strtoull(argv[1], NULL, 10);
    const int nights = atoi(argv[2]);
    uint32_t *threshold = malloc(n * sizeof *threshold);
    if (!threshold || n == 0 || nights <= 0) return 1;
    cs_pcg32 r;
    cs_pcg32_seed(&r, 42u, 54u);
    for (size_t i = 0; i < n; i++) threshold[i] = cs_pcg32_next(&r) >> 4; /* about 6% a night */
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    uint64_t events = 0;
    for (int night = 0; night < nights; night++)
        for (size_t i = 0; i < n; i++) events += cs_pcg32_next(&r) < threshold[i];
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
    printf("%.6e %llu\n", (double)n * nights / s, (unsigned long long)events);
    free(threshold);
    return 0;
}
