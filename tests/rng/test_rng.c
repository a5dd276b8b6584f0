/* test_rng.c -- unit tests of pcg32 and the key mixers (cs_rng.h); main of the rng suite.
 *
 * The pcg32 tests compare with the canonical C++ PCG: pcg_reference.txt is
 * written at build time by tests/reference/pcg_reference.cpp (libpcg-cpp)
 * and its path arrives as CS_PCG_REFERENCE_FILE; the values published in
 * docs/ENVIRONMENT.md are checked as well, independently of that file.
 * The distribution tests live in test_dist.c and test_normal.c (the normal's
 * Ziggurat) and run in the same suite. */
#include "cs_rng.h"
#include "cs_test.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef CS_PCG_REFERENCE_FILE
#error "CS_PCG_REFERENCE_FILE must name the reference file (see tests/rng/tests.cmake)"
#endif

/* Defined in test_dist.c and test_normal.c; NULL-terminated. */
extern const cs_test_case cs_test_dist_cases[];
extern const cs_test_case cs_test_normal_cases[];

/* ---- reference values ---- */

/* C++ pcg32 rng(42u, 54u) (ENVIRONMENT.md, also the PCG demo programs). */
static void test_pcg32_published_values(void)
{
    static const uint32_t first[6] = {0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
                                      0x83d2f293u, 0xbfa4784bu, 0xcbed606eu};
    cs_pcg32 r;
    cs_pcg32_seed(&r, 42u, 54u);
    for (int i = 0; i < 6; i++) CU_ASSERT_EQUAL(cs_pcg32_next(&r), first[i]);

    cs_pcg32_seed(&r, 42u, 54u);
    cs_pcg32_advance(&r, 1000000u);
    CU_ASSERT_EQUAL(cs_pcg32_next(&r), 0x11918599u);
}

/* Splits `line` into at most `max` numbers (any base strtoull accepts)
 * after the leading word; returns how many, or -1 on a malformed token. */
static int cs_parse_numbers(char *line, uint64_t *out, int max)
{
    int n = 0;
    char *save = NULL;
    char *tok = strtok_r(line, " \t\r\n", &save); /* the record type */
    while ((tok = strtok_r(NULL, " \t\r\n", &save)) != NULL) {
        char *end;
        if (n == max) return -1;
        out[n++] = strtoull(tok, &end, 0);
        if (*end != '\0') return -1;
    }
    return n;
}

/* Every record of the reference file, recomputed with cs_pcg32.  Also
 * checks that the file covers what the brief asks: >= 4 (seed, stream)
 * pairs including (42, 54), discards of 10^6 and of a delta >= 2^63, and
 * several bounds. */
static void test_pcg32_matches_libpcg_cpp(void)
{
    FILE *f = fopen(CS_PCG_REFERENCE_FILE, "r");
    if (!f) {
        fprintf(stderr, "%s: cannot open (built by target cs_pcg_reference_txt)\n",
                CS_PCG_REFERENCE_FILE);
        CU_FAIL_FATAL("pcg reference file missing");
    }
    char line[8192];
    uint64_t v[160];
    long lineno = 0, records = 0, end_records = -1, mismatches = 0;
    int n_seq = 0, n_discard = 0, n_bounded = 0;
    int saw_42_54 = 0, saw_million = 0, saw_big = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n') continue;
        char kind[16] = "";
        sscanf(line, "%15s", kind);
        int n = cs_parse_numbers(line, v, (int)(sizeof v / sizeof v[0]));
        if (n < 1) {
            fprintf(stderr, "%s:%ld: malformed line\n", CS_PCG_REFERENCE_FILE, lineno);
            CU_FAIL("malformed reference line");
            continue;
        }
        if (strcmp(kind, "end") == 0) {
            end_records = (long)v[0];
            continue;
        }
        int head = strcmp(kind, "seq") == 0 ? 3 : 4; /* numbers before the values */
        if (n < head || (uint64_t)(n - head) != v[head - 1]) {
            fprintf(stderr, "%s:%ld: count does not match values\n", CS_PCG_REFERENCE_FILE, lineno);
            CU_FAIL("malformed reference line");
            continue;
        }
        records++;
        cs_pcg32 r;
        cs_pcg32_seed(&r, v[0], v[1]);
        saw_42_54 |= v[0] == 42u && v[1] == 54u;
        const uint64_t *want = v + head;
        int count = n - head;
        int bad = -1;
        if (strcmp(kind, "seq") == 0) {
            n_seq++;
            for (int i = 0; i < count && bad < 0; i++)
                if (cs_pcg32_next(&r) != want[i]) bad = i;
        } else if (strcmp(kind, "discard") == 0) {
            n_discard++;
            saw_million |= v[2] == 1000000u;
            saw_big |= v[2] >= UINT64_C(0x8000000000000000);
            cs_pcg32_advance(&r, v[2]);
            for (int i = 0; i < count && bad < 0; i++)
                if (cs_pcg32_next(&r) != want[i]) bad = i;
        } else if (strcmp(kind, "bounded") == 0) {
            n_bounded++;
            for (int i = 0; i < count && bad < 0; i++)
                if (cs_pcg32_bounded(&r, (uint32_t)v[2]) != want[i]) bad = i;
        } else {
            fprintf(stderr, "%s:%ld: unknown record '%s'\n", CS_PCG_REFERENCE_FILE, lineno, kind);
            CU_FAIL("unknown reference record");
            continue;
        }
        if (bad >= 0) {
            mismatches++;
            fprintf(stderr, "%s:%ld: %s seed 0x%" PRIx64 " stream 0x%" PRIx64
                    ": value %d differs\n",
                    CS_PCG_REFERENCE_FILE, lineno, kind, v[0], v[1], bad);
        }
    }
    fclose(f);
    printf("\n    reference: %ld records (%d seq, %d discard, %d bounded), %ld mismatches ",
           records, n_seq, n_discard, n_bounded, mismatches);
    CU_ASSERT_EQUAL(mismatches, 0);
    CU_ASSERT_EQUAL(end_records, records); /* file complete */
    CU_ASSERT(n_seq >= 4);
    CU_ASSERT(n_discard >= 3 * n_seq);
    CU_ASSERT(n_bounded >= 3 * n_seq);
    CU_ASSERT(saw_42_54 && saw_million && saw_big);
}

/* ---- pcg32 properties ---- */

static void test_pcg32_output_is_next(void)
{
    cs_pcg32 r;
    cs_pcg32_seed(&r, 7u, 11u);
    for (int i = 0; i < 1000; i++) {
        uint64_t s = r.state;
        CU_ASSERT_EQUAL(cs_pcg32_output(s), cs_pcg32_next(&r));
    }
}

/* advance(k) equals k single steps; advances compose modulo 2^64; the
 * period is 2^64, so advance(2^64 - 1) is one step back. */
static void test_pcg32_advance_consistent(void)
{
    cs_pcg32 stepped, jumped;
    cs_pcg32_seed(&stepped, 2024u, 3u);
    for (uint64_t k = 0; k <= 300; k++) {
        cs_pcg32_seed(&jumped, 2024u, 3u);
        cs_pcg32_advance(&jumped, k);
        CU_ASSERT_EQUAL(jumped.state, stepped.state);
        (void)cs_pcg32_next(&stepped);
    }

    cs_pcg32 keys;
    cs_pcg32_seed(&keys, 99u, 1u);
    for (int i = 0; i < 100; i++) {
        uint64_t a = (uint64_t)cs_pcg32_next(&keys) << 32 | cs_pcg32_next(&keys);
        uint64_t b = (uint64_t)cs_pcg32_next(&keys) << 32 | cs_pcg32_next(&keys);
        cs_pcg32 two, one;
        cs_pcg32_seed(&two, a, b);
        one = two;
        cs_pcg32_advance(&two, a);
        cs_pcg32_advance(&two, b);
        cs_pcg32_advance(&one, a + b);
        CU_ASSERT_EQUAL(two.state, one.state);
    }

    cs_pcg32 back, orig;
    cs_pcg32_seed(&orig, 5u, 6u);
    back = orig;
    (void)cs_pcg32_next(&back);
    cs_pcg32_advance(&back, UINT64_MAX);
    CU_ASSERT_EQUAL(back.state, orig.state);
    cs_pcg32_advance(&back, 0u);
    CU_ASSERT_EQUAL(back.state, orig.state);
}

/* Bounded draws stay in range and are uniform: chi-square over the 7
 * values of bound 7 (6 dof, critical value 27.86 at alpha = 1e-4), and the
 * share below 2^30 for bound 3 * 2^30, which is 1/3 when the lowest 2^30
 * outputs are rejected and 1/2 with a plain modulo (z about 350 here).
 * bound 1 gives 0; bound 0 gives 0 without drawing. */
static void test_pcg32_bounded_uniform(void)
{
    cs_pcg32 r;
    cs_pcg32_seed(&r, 31337u, 4u);
    const int n = 140000;
    long counts[7] = {0};
    int in_range = 1;
    for (int i = 0; i < n; i++) {
        uint32_t x = cs_pcg32_bounded(&r, 7u);
        if (x >= 7u) in_range = 0;
        else counts[x]++;
    }
    CU_ASSERT(in_range);
    double chi2 = 0.0, e = n / 7.0;
    for (int i = 0; i < 7; i++) {
        double d = (double)counts[i] - e;
        chi2 += d * d / e;
    }
    printf("\n    bounded(7): chi2 %.2f (6 dof, critical 27.86) ", chi2);
    CU_ASSERT(chi2 < 27.86);

    const uint32_t big = 0xC0000000u;
    long low = 0;
    for (int i = 0; i < n; i++) {
        uint32_t x = cs_pcg32_bounded(&r, big);
        if (x >= big) in_range = 0;
        low += x < 0x40000000u;
    }
    CU_ASSERT(in_range);
    double p = 1.0 / 3.0;
    double z = ((double)low - n * p) / sqrt(n * p * (1.0 - p));
    printf("bounded(3*2^30): z %.2f (|z| < 5) ", z);
    CU_ASSERT(fabs(z) < 5.0);

    for (int i = 0; i < 100; i++) CU_ASSERT_EQUAL(cs_pcg32_bounded(&r, 1u), 0u);
    cs_pcg32 before = r;
    CU_ASSERT_EQUAL(cs_pcg32_bounded(&r, 0u), 0u);
    CU_ASSERT_EQUAL(r.state, before.state);
}

/* A state whose output is 0xFFFFFFFF and whose top 5 bits (the rotation)
 * are 0: needs bits 27..58 of s ^ (s >> 18) all set, solved from the top
 * down.  `low` supplies bits 0..26, which the output ignores. */
static uint64_t cs_state_with_max_output(uint64_t low)
{
    uint64_t s = low & ((UINT64_C(1) << 27) - 1u);
    for (int i = 58; i >= 27; i--) {
        uint64_t above = i + 18 < 64 ? (s >> (i + 18)) & 1u : 0u;
        s |= (1u ^ above) << i;
    }
    return s;
}

/* float and double stay in [0, 1), reach their largest values 1 - 2^-24 and
 * 1 - 2^-53 on all-ones outputs and 0 on zero outputs, and average 1/2. */
static void test_pcg32_unit_interval(void)
{
    cs_pcg32 r;
    uint64_t s1 = cs_state_with_max_output(0u);
    uint64_t s2 = cs_state_with_max_output(1u);
    CU_ASSERT_EQUAL(cs_pcg32_output(s1), 0xFFFFFFFFu);
    CU_ASSERT_EQUAL(cs_pcg32_output(s2), 0xFFFFFFFFu);
    r.state = s1;
    r.inc = s2 - s1 * CS_PCG32_MULT; /* odd: s1 * MULT is even, s2 odd */
    CU_ASSERT_EQUAL(r.inc & 1u, 1u);
    cs_pcg32 r2 = r;
    float fmax = cs_pcg32_float(&r);
    double dmax = cs_pcg32_double(&r2);
    CU_ASSERT(fmax < 1.0f);
    CU_ASSERT_EQUAL(fmax, 1.0f - 0x1.0p-24f);
    CU_ASSERT(dmax < 1.0);
    CU_ASSERT_EQUAL(dmax, 1.0 - 0x1.0p-53);

    r.state = 0u;
    r.inc = 1u; /* outputs 0 from state 0, then state 1 */
    CU_ASSERT_EQUAL(cs_pcg32_float(&r), 0.0f);

    cs_pcg32_seed(&r, 8u, 9u);
    const int n = 200000;
    double sum_f = 0.0, sum_d = 0.0;
    int ok = 1;
    for (int i = 0; i < n; i++) {
        float f = cs_pcg32_float(&r);
        double d = cs_pcg32_double(&r);
        ok &= f >= 0.0f && f < 1.0f && d >= 0.0 && d < 1.0;
        sum_f += f;
        sum_d += d;
    }
    CU_ASSERT(ok);
    /* the mean of n uniforms has sd sqrt(1/12n) = 6.5e-4; allow 5 sd. */
    double tol = 5.0 * sqrt(1.0 / (12.0 * n));
    CU_ASSERT(fabs(sum_f / n - 0.5) < tol);
    CU_ASSERT(fabs(sum_d / n - 0.5) < tol);
}

/* cs_pcg32_double_below(r, p) is cs_pcg32_double(r) < p and leaves r
 * where cs_pcg32_double does, for random p, for p on the 2^-53 grid next
 * to the draw (the second output decides), on its 2^-32 step and beyond
 * [0, 1); cs_pcg32_skip_double steps as far. */
static void test_pcg32_double_below(void)
{
    cs_pcg32 r;
    cs_pcg32_seed(&r, 31u, 41u);
    int same = 1;
    for (int i = 0; i < 200000; i++) {
        const double other = cs_pcg32_double(&r); /* a random p */
        const cs_pcg32 at = r;                     /* the draw under test starts here */
        cs_pcg32 a = at, skip = at;
        const double u = cs_pcg32_double(&a);
        cs_pcg32_skip_double(&skip);
        same &= skip.state == a.state;
        const double step = 0x1.0p-32 * floor(u * 0x1.0p32);
        const double ps[] = {other, u,   u - 0x1.0p-53, u + 0x1.0p-53, step,        step + 0x1.0p-32,
                             nextafter(step, 0.0), 0.0, 1.0, -1.0, 2.0, 0x1.0p-1070, NAN};
        for (size_t k = 0; k < sizeof ps / sizeof ps[0]; k++) {
            cs_pcg32 b = at;
            same &= cs_pcg32_double_below(&b, ps[k]) == (u < ps[k]) && b.state == a.state;
        }
        r = a;
    }
    CU_ASSERT(same);
}

/* Same seed and stream, same outputs; a copy continues identically; other
 * streams and seeds differ from the first output on. */
static void test_pcg32_determinism(void)
{
    cs_pcg32 a, b, c, d;
    cs_pcg32_seed(&a, 123u, 456u);
    cs_pcg32_seed(&b, 123u, 456u);
    cs_pcg32_seed(&c, 123u, 457u);
    cs_pcg32_seed(&d, 124u, 456u);
    int same = 1, diff_stream = 0, diff_seed = 0;
    for (int i = 0; i < 10000; i++) {
        uint32_t x = cs_pcg32_next(&a);
        same &= x == cs_pcg32_next(&b);
        diff_stream += x != cs_pcg32_next(&c);
        diff_seed += x != cs_pcg32_next(&d);
    }
    CU_ASSERT(same);
    CU_ASSERT(diff_stream > 9990);
    CU_ASSERT(diff_seed > 9990);
    cs_pcg32 fork = a;
    for (int i = 0; i < 100; i++) CU_ASSERT_EQUAL(cs_pcg32_next(&fork), cs_pcg32_next(&a));
    /* the stream's top bit is dropped, as in PCG */
    cs_pcg32_seed(&c, 123u, 456u | UINT64_C(0x8000000000000000));
    cs_pcg32_seed(&b, 123u, 456u);
    CU_ASSERT(c.state == b.state && c.inc == b.inc);
}

/* ---- mixers ---- */

/* Avalanche of cs_mix64: flipping any input bit flips each output bit with
 * probability 1/2.  Over n = 4000 random inputs each of the 64 x 64 flip
 * frequencies has sd 0.0079; allow 0.05 (6.3 sd; the largest of 4096 is
 * expected near 4 sd).  An identity, a plain multiply or murmur without its
 * last xorshift fails this. */
static void test_mix64_avalanche(void)
{
    enum { n = 4000 };
    static long flips[64][64];
    memset(flips, 0, sizeof flips);
    cs_pcg32 r;
    cs_pcg32_seed(&r, 1u, 2u);
    for (int t = 0; t < n; t++) {
        uint64_t x = (uint64_t)cs_pcg32_next(&r) << 32 | cs_pcg32_next(&r);
        uint64_t h = cs_mix64(x);
        for (int i = 0; i < 64; i++) {
            uint64_t diff = h ^ cs_mix64(x ^ (UINT64_C(1) << i));
            for (int j = 0; j < 64; j++) flips[i][j] += (long)((diff >> j) & 1u);
        }
    }
    double worst = 0.0;
    for (int i = 0; i < 64; i++)
        for (int j = 0; j < 64; j++) worst = fmax(worst, fabs((double)flips[i][j] / n - 0.5));
    printf("\n    mix64 avalanche: worst bias %.4f (limit 0.05) ", worst);
    CU_ASSERT(worst < 0.05);
}

static int cs_cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* cs_mix64 is injective on a run of counters (it is a bijection), maps 0 to
 * 0 as documented; cs_mix2 is the documented composition, depends on the
 * order of its keys, and is injective in its first key. */
static void test_mix_keys(void)
{
    enum { n = 100000 };
    uint64_t *h = malloc(n * sizeof *h);
    CU_ASSERT_PTR_NOT_NULL_FATAL(h);
    for (uint64_t i = 0; i < n; i++) h[i] = cs_mix64(i);
    qsort(h, n, sizeof *h, cs_cmp_u64);
    int distinct = 1;
    for (int i = 1; i < n; i++) distinct &= h[i] != h[i - 1];
    CU_ASSERT(distinct);
    CU_ASSERT_EQUAL(cs_mix64(0u), 0u);

    int order = 0;
    for (uint64_t i = 0; i < n; i++) h[i] = cs_mix2(i, 77u);
    qsort(h, n, sizeof *h, cs_cmp_u64);
    for (int i = 1; i < n; i++) distinct &= h[i] != h[i - 1];
    CU_ASSERT(distinct);
    for (uint64_t a = 0; a < 100; a++)
        for (uint64_t b = a + 1; b < a + 10; b++) order += cs_mix2(a, b) != cs_mix2(b, a);
    CU_ASSERT_EQUAL(order, 900);
    CU_ASSERT_EQUAL(cs_mix2(3u, 4u), cs_mix64(3u ^ cs_mix64(4u + UINT64_C(0x9E3779B97F4A7C15))));
    CU_ASSERT_NOT_EQUAL(cs_mix2(0u, 0u), 0u);
    free(h);
}

static const cs_test_case cs_rng_cases[] = {
    {"pcg32_published_values", test_pcg32_published_values},
    {"pcg32_matches_libpcg_cpp", test_pcg32_matches_libpcg_cpp},
    {"pcg32_output_is_next", test_pcg32_output_is_next},
    {"pcg32_advance_consistent", test_pcg32_advance_consistent},
    {"pcg32_bounded_uniform", test_pcg32_bounded_uniform},
    {"pcg32_unit_interval", test_pcg32_unit_interval},
    {"pcg32_double_below", test_pcg32_double_below},
    {"pcg32_determinism", test_pcg32_determinism},
    {"mix64_avalanche", test_mix64_avalanche},
    {"mix_keys", test_mix_keys},
    {NULL, NULL},
};

int main(void)
{
    enum { cap = 128 };
    cs_test_case all[cap];
    int n = 0;
    for (const cs_test_case *c = cs_rng_cases; c->name && n < cap - 1; c++) all[n++] = *c;
    for (const cs_test_case *c = cs_test_dist_cases; c->name && n < cap - 1; c++) all[n++] = *c;
    for (const cs_test_case *c = cs_test_normal_cases; c->name && n < cap - 1; c++) all[n++] = *c;
    all[n] = (cs_test_case){NULL, NULL};
    return cs_test_run("rng", all);
}
