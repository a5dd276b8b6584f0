/* lc_mask.h -- (model-internal) bit masks over 16 neighbouring agents.
 *
 * The nightly loop and the life module each scan every agent of a block to
 * pick out the few that need work (a third can cramp tonight, about one in
 * a hundred has an event due).  A scan that tests agents one at a time
 * costs some ten instructions per agent; these masks test 16 at once with
 * SSE2 (part of every x86-64) and the caller walks the set bits.  Without
 * SSE2 the same bits come from plain C. */
#ifndef LC_MASK_H
#define LC_MASK_H

#include <stdint.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define LC_MASK_WIDTH 16

/* Bit j set iff x[j] > 0 (false for NaN and -0, as the C comparison). */
static inline unsigned lc_mask_positive(const float *x)
{
    unsigned bits = 0;
#if defined(__SSE2__)
    const __m128 zero = _mm_setzero_ps();
    for (int q = 0; q < LC_MASK_WIDTH; q += 4)
        bits |= (unsigned)_mm_movemask_ps(_mm_cmpgt_ps(_mm_loadu_ps(x + q), zero)) << q;
#else
    for (int j = 0; j < LC_MASK_WIDTH; j++) bits |= (unsigned)(x[j] > 0.0f) << j;
#endif
    return bits;
}

/* Bit j set iff night[j] <= tonight. */
static inline unsigned lc_mask_due(const int32_t *night, int32_t tonight)
{
    unsigned later = 0;
#if defined(__SSE2__)
    const __m128i t = _mm_set1_epi32(tonight);
    for (int q = 0; q < LC_MASK_WIDTH; q += 4) {
        const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(night + q));
        later |= (unsigned)_mm_movemask_ps(_mm_castsi128_ps(_mm_cmpgt_epi32(v, t))) << q;
    }
#else
    for (int j = 0; j < LC_MASK_WIDTH; j++) later |= (unsigned)(night[j] > tonight) << j;
#endif
    return ~later & ((1u << LC_MASK_WIDTH) - 1u);
}

/* Index of the lowest set bit of a nonzero mask. */
static inline unsigned lc_mask_lowest(unsigned bits) { return (unsigned)__builtin_ctz(bits); }

#endif
