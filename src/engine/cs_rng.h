/* cs_rng.h -- the pcg32 generator and the key mixers every random stream starts from.
 *
 * pcg32 is O'Neill's PCG-XSH-RR 64/32: a 64-bit LCG whose state is permuted
 * into a 32-bit output.  Seeding, output, bounded draws and jump-ahead give
 * bit-identical results to the canonical implementations (C pcg32_srandom_r,
 * pcg32_random_r, pcg32_boundedrand_r, pcg32_advance_r; C++ pcg32(seed,
 * stream), rng(), rng(bound), discard()).  The tests check that against
 * libpcg-cpp at build time.
 *
 * The generator is a plain value with no hidden state: copy it to fork, and
 * give each thread (or agent-night) its own.  The per-draw functions are
 * static inline because the nightly loop calls them per agent; a caller that
 * seeds a stream from a hashed key can use cs_pcg32_output(cs_mix64(key))
 * for a single draw without building a generator at all. */
#ifndef CS_RNG_H
#define CS_RNG_H

#include <stdint.h>

/* pcg32 state.  `inc` (the stream) must be odd; cs_pcg32_seed makes it so. */
typedef struct cs_pcg32 {
    uint64_t state;
    uint64_t inc;
} cs_pcg32;

/* The LCG multiplier of pcg32 (Knuth's MMIX constant, as in PCG). */
#define CS_PCG32_MULT UINT64_C(6364136223846793005)

/* Seeds `r` exactly as pcg32_srandom_r(r, initstate, initseq) and C++
 * pcg32(initstate, initseq).  Any values are valid; the top bit of initseq
 * is dropped (streams are 2^63), so initseq and initseq ^ 2^63 select the
 * same stream. */
void cs_pcg32_seed(cs_pcg32 *r, uint64_t initstate, uint64_t initseq);

/* The XSH-RR output permutation applied to one 64-bit state: the value
 * cs_pcg32_next returns when the generator holds `state`, whatever its
 * stream.  Use it on a well-mixed (hashed) state for a one-off draw; on
 * raw counters it is a poor hash, so mix them with cs_mix64 first. */
static inline uint32_t cs_pcg32_output(uint64_t state)
{
    uint32_t xorshifted = (uint32_t)(((state >> 18u) ^ state) >> 27u);
    uint32_t rot = (uint32_t)(state >> 59u);
    return (xorshifted >> rot) | (xorshifted << ((-rot) & 31u));
}

/* Next 32-bit output, uniform on [0, 2^32); identical to pcg32_random_r
 * (outputs the old state, then steps). */
static inline uint32_t cs_pcg32_next(cs_pcg32 *r)
{
    uint64_t old = r->state;
    r->state = old * CS_PCG32_MULT + r->inc;
    return cs_pcg32_output(old);
}

/* Unbiased uniform integer in [0, bound), by rejection of the lowest
 * (2^32 mod bound) outputs then a modulo: the same values and the same
 * number of draws as pcg32_boundedrand_r and C++ rng(bound).  bound 0 has
 * no valid answer: it returns 0 without drawing. */
uint32_t cs_pcg32_bounded(cs_pcg32 *r, uint32_t bound);

/* Jumps ahead by `delta` steps in O(log delta), as C++ discard(delta) and
 * pcg32_advance_r.  The period is 2^64, so delta = 2^64 - k steps back k. */
void cs_pcg32_advance(cs_pcg32 *r, uint64_t delta);

/* Uniform float in [0, 1): the top 24 bits of one output times 2^-24, so
 * every value is a multiple of 2^-24 and the largest is 1 - 2^-24. */
static inline float cs_pcg32_float(cs_pcg32 *r)
{
    return (float)(cs_pcg32_next(r) >> 8) * 0x1.0p-24f;
}

/* Uniform double in [0, 1) with 53 random bits from two outputs, the first
 * giving the high bits: ((a << 32 | b) >> 11) * 2^-53.  Every value is a
 * multiple of 2^-53 and the largest is 1 - 2^-53. */
static inline double cs_pcg32_double(cs_pcg32 *r)
{
    uint64_t hi = cs_pcg32_next(r); /* two statements: fixes the order */
    uint64_t lo = cs_pcg32_next(r);
    return (double)(((hi << 32) | lo) >> 11) * 0x1.0p-53;
}

/* cs_pcg32_double(r) < p, bit for bit, from the same two outputs.  The
 * first output alone decides unless p falls inside its 2^-32 step (odds
 * 2^-32 for a fixed p), so the second is usually stepped past without its
 * output permutation.  NaN p: 0. */
static inline int cs_pcg32_double_below(cs_pcg32 *r, double p)
{
    const double top = p * 0x1.0p32; /* p on the scale of the first output (exact) */
    const uint64_t hi = cs_pcg32_next(r);
    const uint64_t second = r->state;
    r->state = second * CS_PCG32_MULT + r->inc;
    if ((double)hi + 1.0 <= top) return 1; /* u < (hi + 1) 2^-32 <= p */
    if (!((double)hi < top)) return 0;     /* u >= hi 2^-32 >= p */
    return (double)(((hi << 32) | cs_pcg32_output(second)) >> 11) * 0x1.0p-53 < p;
}

/* Steps past the two outputs of a cs_pcg32_double without computing it
 * (a draw whose value is not needed keeps the later draws in place). */
static inline void cs_pcg32_skip_double(cs_pcg32 *r)
{
    r->state = (r->state * CS_PCG32_MULT + r->inc) * CS_PCG32_MULT + r->inc;
}

/* Bijective 64-bit finaliser: Pelle Evensen's "moremur" (2019), the
 * murmur3/splitmix64 xorshift-multiply structure with constants chosen to
 * pass much stricter avalanche tests than either.  Maps 0 to 0, so mix keys
 * built from small integers through cs_mix2 (which adds a constant) or
 * offset them first. */
static inline uint64_t cs_mix64(uint64_t x)
{
    x ^= x >> 27;
    x *= UINT64_C(0x3C79AC492BA7B653);
    x ^= x >> 33;
    x *= UINT64_C(0x1C69B3F74AC4AE35);
    x ^= x >> 27;
    return x;
}

/* Order-dependent combination of two keys (cs_mix2(a, b) and cs_mix2(b, a)
 * differ in general): cs_mix64(a ^ cs_mix64(b + golden ratio constant)).
 * For a fixed b it is a bijection in a, so for a given (agent, night) the
 * key cs_mix2(cs_mix2(seed, agent), night) never merges two distinct seeds. */
static inline uint64_t cs_mix2(uint64_t a, uint64_t b)
{
    return cs_mix64(a ^ cs_mix64(b + UINT64_C(0x9E3779B97F4A7C15)));
}

#endif
