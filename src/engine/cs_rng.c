/* cs_rng.c -- the out-of-line parts of pcg32: seeding, bounded draws, jump-ahead.
 *
 * These follow the PCG reference implementation step for step, so that a
 * crampsim stream can be reproduced with libpcg-cpp (tests/rng checks this
 * against a reference file the C++ library writes at build time).  The
 * per-draw functions live in cs_rng.h as static inline. */
#include "cs_rng.h"

void cs_pcg32_seed(cs_pcg32 *r, uint64_t initstate, uint64_t initseq)
{
    /* pcg32_srandom_r: state 0, step, add the seed, step. */
    r->state = 0u;
    r->inc = (initseq << 1u) | 1u;
    (void)cs_pcg32_next(r);
    r->state += initstate;
    (void)cs_pcg32_next(r);
}

uint32_t cs_pcg32_bounded(cs_pcg32 *r, uint32_t bound)
{
    if (bound == 0u) return 0u;
    /* 2^32 mod bound: the outputs below it would bias the modulo. */
    uint32_t threshold = (0u - bound) % bound;
    for (;;) {
        uint32_t x = cs_pcg32_next(r);
        if (x >= threshold) return x % bound;
    }
}

void cs_pcg32_advance(cs_pcg32 *r, uint64_t delta)
{
    /* Brown (1994), "Random number generation with arbitrary strides":
     * square-and-multiply on the affine map s -> mult * s + inc. */
    uint64_t cur_mult = CS_PCG32_MULT;
    uint64_t cur_plus = r->inc;
    uint64_t acc_mult = 1u;
    uint64_t acc_plus = 0u;
    while (delta > 0u) {
        if (delta & 1u) {
            acc_mult *= cur_mult;
            acc_plus = acc_plus * cur_mult + cur_plus;
        }
        cur_plus = (cur_mult + 1u) * cur_plus;
        cur_mult *= cur_mult;
        delta >>= 1u;
    }
    r->state = acc_mult * r->state + acc_plus;
}
