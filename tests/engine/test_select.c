/* test_select.c -- cs_select on one rank, checked against a naive sort
 * (select_oracle.c) on random data: many equal scores, -0 and +0,
 * infinities, k = 0 and k beyond the count, no candidates, budgets with
 * zero-cost and over-budget candidates; the rejections (NaN, negative cost,
 * total cost past INT64_MAX, duplicate keys at the cut) and independence
 * from the number of threads.  test_select_mpi.c covers 1, 2 and 3 ranks. */
#include <math.h>
#include <mpi.h>
#include <omp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cs_select.h"
#include "cs_status.h"
#include "cs_test.h"
#include "select_oracle.h"

/* n candidates with distinct gids spread over 40 bits and oracle_draw's
 * scores of `kind` and costs, with their keys; free with data_free. */
typedef struct data {
    oracle_set o;
    cs_select_key *keys;
    uint8_t *chosen;
} data;

static data data_make(size_t n, int kind, uint64_t seed)
{
    data d = {oracle_set_alloc(n), malloc((n + 1) * sizeof(cs_select_key)), malloc(n + 1)};
    if (!d.keys || !d.chosen) abort();
    d.o.n = n;
    for (size_t i = 0; i < n; i++) {
        /* i * odd is a bijection mod 2^40: distinct gids in no particular order */
        d.o.gid[i] = ((i + seed) * UINT64_C(0x9e3779b97f4a7c15)) & ((UINT64_C(1) << 40) - 1);
        oracle_draw(oracle_mix(oracle_mix(seed) + i), kind, &d.o.score[i], &d.o.cost[i]);
        d.keys[i] = cs_select_key_of(d.o.score[i], d.o.gid[i]);
    }
    return d;
}

static void data_free(data *d)
{
    oracle_set_free(&d->o);
    free(d->keys);
    free(d->chosen);
}

/* Sets candidate i's score and key. */
static void data_set_score(data *d, size_t i, double score)
{
    d->o.score[i] = score;
    d->keys[i] = cs_select_key_of(score, d->o.gid[i]);
}

/* Calls check on datasets of every kind and of sizes from 1 to 10^5. */
static void each_dataset(void (*check)(data *d), uint64_t seed)
{
    const size_t sizes[] = {1, 2, 7, 300, 5000, 100000};
    for (int kind = 0; kind < 3; kind++) {
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            data d = data_make(sizes[s], kind, seed + 11 * s + (uint64_t)kind);
            check(&d);
            data_free(&d);
        }
    }
}

static int same_bytes(const uint8_t *a, const uint8_t *b, size_t n) { return n == 0 || memcmp(a, b, n) == 0; }

/* ---- keys ----------------------------------------------------------- */

static void test_keys_order_by_score_then_lower_gid(void)
{
    const double s[] = {-INFINITY, -1e308, -1.0, -0x1p-1074, 0.0, 0x1p-1074, 1e-300, 0.5, 1.0, 1e308, INFINITY};
    const size_t m = sizeof s / sizeof s[0];
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < m; j++) {
            const int want = i < j ? -1 : i > j;
            CU_ASSERT_EQUAL(cs_select_key_cmp(cs_select_key_of(s[i], 7), cs_select_key_of(s[j], 7)), want);
            /* a higher score beats any gid */
            if (i != j) CU_ASSERT_EQUAL(cs_select_key_cmp(cs_select_key_of(s[i], 0), cs_select_key_of(s[j], 1)), want);
        }
        CU_ASSERT(cs_select_key_of(s[i], 0).score != CS_SELECT_SCORE_NAN);
        /* equal scores: the lower gid wins */
        CU_ASSERT_EQUAL(cs_select_key_cmp(cs_select_key_of(s[i], 3), cs_select_key_of(s[i], 4)), 1);
        CU_ASSERT_EQUAL(cs_select_key_cmp(cs_select_key_of(s[i], (UINT64_C(1) << 40) - 1),
                                          cs_select_key_of(s[i], UINT64_C(1) << 40)), 1);
    }
    /* -0 ties with +0 */
    CU_ASSERT_EQUAL(cs_select_key_cmp(cs_select_key_of(-0.0, 5), cs_select_key_of(0.0, 5)), 0);
    /* neighbouring doubles stay apart: nothing is quantised */
    CU_ASSERT_EQUAL(cs_select_key_cmp(cs_select_key_of(nextafter(0.3, 1.0), 9), cs_select_key_of(0.3, 1)), 1);
    /* a float gives the key of its double */
    const float f = 0.1f;
    CU_ASSERT_EQUAL(cs_select_key_cmp(cs_select_key_of(f, 2), cs_select_key_of((double)f, 2)), 0);
    CU_ASSERT_EQUAL(cs_select_key_of(NAN, 1).score, CS_SELECT_SCORE_NAN);
    CU_ASSERT_EQUAL(cs_select_key_of(-NAN, 1).score, CS_SELECT_SCORE_NAN);
}

/* ---- top k and share ------------------------------------------------- */

static void check_top_k(data *d, uint64_t k)
{
    uint64_t got = 12345;
    const uint64_t want = oracle_top_k(&d->o, k);
    memset(d->chosen, 0xAA, d->o.n);
    CU_ASSERT_EQUAL_FATAL(cs_select_top_k(d->keys, d->o.n, k, MPI_COMM_SELF, d->chosen, &got), CS_OK);
    CU_ASSERT_EQUAL(got, want);
    CU_ASSERT(same_bytes(d->chosen, d->o.expected, d->o.n));
}

static void check_every_k(data *d)
{
    const uint64_t n = d->o.n, ks[] = {0, 1, n / 20, n / 2, n - 1, n, n + 1, UINT64_MAX};
    for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++) check_top_k(d, ks[j]);
}

static void test_top_k_matches_the_sort_oracle(void) { each_dataset(check_every_k, 0); }

static void test_all_equal_scores_go_by_gid(void)
{
    data d = data_make(1000, 0, 3);
    for (size_t i = 0; i < d.o.n; i++) data_set_score(&d, i, 0.25);
    check_top_k(&d, 1);
    check_top_k(&d, 500);
    check_top_k(&d, 999);
    data_free(&d);
}

static void test_no_candidates_choose_nobody(void)
{
    uint64_t got = 99;
    int64_t spent = 99;
    CU_ASSERT_EQUAL(cs_select_top_k(NULL, 0, 5, MPI_COMM_SELF, NULL, &got), CS_OK);
    CU_ASSERT_EQUAL(got, 0);
    CU_ASSERT_EQUAL(cs_select_share(NULL, 0, 0.5, MPI_COMM_SELF, NULL, &got), CS_OK);
    CU_ASSERT_EQUAL(got, 0);
    CU_ASSERT_EQUAL(cs_select_budget(NULL, NULL, 0, 100, MPI_COMM_SELF, NULL, &got, &spent), CS_OK);
    CU_ASSERT_EQUAL(got, 0);
    CU_ASSERT_EQUAL(spent, 0);
    CU_ASSERT_EQUAL(cs_select_budget(NULL, NULL, 0, -1, MPI_COMM_SELF, NULL, &got, &spent), CS_OK);
    CU_ASSERT_EQUAL(spent, 0);
}

/* k = floor(share * N + 0.5) */
static void test_share_rounds_half_up(void)
{
    static const struct {
        size_t n;
        double share;
        uint64_t k;
    } cases[] = {{10, 0.0, 0}, {10, 1.0, 10}, {10, 0.04, 0}, {10, 0.05, 1}, {10, 0.15, 2}, {5, 0.5, 3},
                 {4, 0.5, 2},  {3, 0.5, 2},   {1000, 0.05, 50}, {7, 1e-300, 0}, {7, 0.9999, 7}};
    data d = data_make(1000, 1, 5);
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        uint64_t got = 12345;
        CU_ASSERT_EQUAL(cs_select_share(d.keys, cases[c].n, cases[c].share, MPI_COMM_SELF, d.chosen, &got), CS_OK);
        CU_ASSERT_EQUAL(got, cases[c].k);
        d.o.n = cases[c].n;
        oracle_top_k(&d.o, cases[c].k);
        CU_ASSERT(same_bytes(d.chosen, d.o.expected, cases[c].n));
    }
    const double bad[] = {-0.1, 1.0000001, NAN, INFINITY};
    for (size_t c = 0; c < sizeof bad / sizeof bad[0]; c++) {
        memset(d.chosen, 1, d.o.n);
        CU_ASSERT_EQUAL(cs_select_share(d.keys, d.o.n, bad[c], MPI_COMM_SELF, d.chosen, NULL), CS_ERR_INTERNAL);
        CU_ASSERT_EQUAL(memchr(d.chosen, 1, d.o.n), NULL);
    }
    data_free(&d);
}

/* ---- budget ---------------------------------------------------------- */

static void check_budget(data *d, int64_t budget)
{
    uint64_t got = 12345;
    int64_t spent = -5, want_spent = 0;
    const uint64_t want = oracle_budget(&d->o, budget, &want_spent);
    memset(d->chosen, 0xAA, d->o.n);
    CU_ASSERT_EQUAL_FATAL(
        cs_select_budget(d->keys, d->o.cost, d->o.n, budget, MPI_COMM_SELF, d->chosen, &got, &spent), CS_OK);
    CU_ASSERT_EQUAL(got, want);
    CU_ASSERT_EQUAL(spent, want_spent);
    CU_ASSERT(same_bytes(d->chosen, d->o.expected, d->o.n));
}

static void check_every_budget(data *d)
{
    int64_t total = 0;
    for (size_t i = 0; i < d->o.n; i++) total += d->o.cost[i];
    const int64_t budgets[] = {-1, 0, 1, 4999, total / 10, total / 2, total - 1, total, INT64_MAX};
    for (size_t j = 0; j < sizeof budgets / sizeof budgets[0]; j++) check_budget(d, budgets[j]);
}

static void test_budget_matches_the_sort_oracle(void) { each_dataset(check_every_budget, 100); }

/* The walk stops at the first misfit: zero-cost candidates behind it wait. */
static void test_budget_stops_at_the_first_misfit(void)
{
    data d = data_make(6, 1, 9);
    const double score[] = {6, 5, 4, 3, 2, 1};
    const int64_t cost[] = {0, 40, 100, 0, 10, 0};
    for (size_t i = 0; i < d.o.n; i++) {
        data_set_score(&d, i, score[i]);
        d.o.cost[i] = cost[i];
    }
    uint64_t got = 0;
    int64_t spent = 0;
    CU_ASSERT_EQUAL(cs_select_budget(d.keys, d.o.cost, d.o.n, 139, MPI_COMM_SELF, d.chosen, &got, &spent), CS_OK);
    const uint8_t want[] = {1, 1, 0, 0, 0, 0};
    CU_ASSERT(same_bytes(d.chosen, want, d.o.n));
    CU_ASSERT_EQUAL(got, 2);
    CU_ASSERT_EQUAL(spent, 40);
    CU_ASSERT_EQUAL(cs_select_budget(d.keys, d.o.cost, d.o.n, 140, MPI_COMM_SELF, d.chosen, &got, &spent), CS_OK);
    const uint8_t want_140[] = {1, 1, 1, 1, 0, 0};
    CU_ASSERT(same_bytes(d.chosen, want_140, d.o.n));
    CU_ASSERT_EQUAL(got, 4);
    CU_ASSERT_EQUAL(spent, 140);
    data_free(&d);
}

/* ---- rejections ------------------------------------------------------ */

static void test_nan_negative_cost_overflow_and_duplicates_are_rejected(void)
{
    data d = data_make(100, 1, 13);
    uint64_t got = 0;
    int64_t spent = 0;
    data_set_score(&d, 40, NAN);
    memset(d.chosen, 1, d.o.n);
    CU_ASSERT_EQUAL(cs_select_top_k(d.keys, d.o.n, 10, MPI_COMM_SELF, d.chosen, &got), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(memchr(d.chosen, 1, d.o.n), NULL);
    CU_ASSERT_EQUAL(cs_select_budget(d.keys, d.o.cost, d.o.n, 10, MPI_COMM_SELF, d.chosen, &got, &spent),
                    CS_ERR_INTERNAL);
    data_set_score(&d, 40, 0.5);

    d.o.cost[7] = -1;
    CU_ASSERT_EQUAL(cs_select_budget(d.keys, d.o.cost, d.o.n, 10, MPI_COMM_SELF, d.chosen, &got, &spent),
                    CS_ERR_INTERNAL);
    /* a total of exactly INT64_MAX is fine, one more is not */
    for (size_t i = 0; i < d.o.n; i++) d.o.cost[i] = 0;
    d.o.cost[3] = INT64_MAX - 5;
    d.o.cost[4] = 5;
    CU_ASSERT_EQUAL(cs_select_budget(d.keys, d.o.cost, d.o.n, 10, MPI_COMM_SELF, d.chosen, &got, &spent), CS_OK);
    d.o.cost[5] = 1;
    memset(d.chosen, 1, d.o.n);
    CU_ASSERT_EQUAL(cs_select_budget(d.keys, d.o.cost, d.o.n, 10, MPI_COMM_SELF, d.chosen, &got, &spent),
                    CS_ERR_LIMIT);
    CU_ASSERT_EQUAL(memchr(d.chosen, 1, d.o.n), NULL);

    /* equal keys (a gid given twice) that straddle the cut */
    cs_select_key twins[3] = {cs_select_key_of(1.0, 4), cs_select_key_of(1.0, 4), cs_select_key_of(0.5, 1)};
    const int64_t cost[3] = {5, 5, 1};
    CU_ASSERT_EQUAL(cs_select_top_k(twins, 3, 1, MPI_COMM_SELF, d.chosen, &got), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_select_top_k(twins, 2, 1, MPI_COMM_SELF, d.chosen, &got), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_select_budget(twins, cost, 3, 7, MPI_COMM_SELF, d.chosen, &got, &spent), CS_ERR_INTERNAL);
    /* ... and that do not: the cut is still exact */
    CU_ASSERT_EQUAL(cs_select_top_k(twins, 3, 2, MPI_COMM_SELF, d.chosen, &got), CS_OK);
    CU_ASSERT(d.chosen[0] && d.chosen[1] && !d.chosen[2]);
    data_free(&d);
}

/* ---- threads --------------------------------------------------------- */

static void test_results_do_not_depend_on_threads(void)
{
    data d = data_make(300000, 0, 17);
    uint8_t *first = malloc(d.o.n);
    CU_ASSERT_PTR_NOT_NULL_FATAL(first);
    int64_t total = 0;
    for (size_t i = 0; i < d.o.n; i++) total += d.o.cost[i];
    for (int pass = 0; pass < 2; pass++) {
        for (int threads = 1; threads <= 4; threads += 3) {
            omp_set_num_threads(threads);
            uint64_t got = 0;
            int64_t spent = 0;
            const int rc =
                pass == 0 ? cs_select_top_k(d.keys, d.o.n, d.o.n / 3, MPI_COMM_SELF, d.chosen, &got)
                          : cs_select_budget(d.keys, d.o.cost, d.o.n, total / 3, MPI_COMM_SELF, d.chosen, &got, &spent);
            CU_ASSERT_EQUAL(rc, CS_OK);
            if (threads == 1) memcpy(first, d.chosen, d.o.n);
            else CU_ASSERT(same_bytes(first, d.chosen, d.o.n));
        }
    }
    omp_set_num_threads(1);
    free(first);
    data_free(&d);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    static const cs_test_case cases[] = {
        {"keys order by score then lower gid", test_keys_order_by_score_then_lower_gid},
        {"top k matches the sort oracle", test_top_k_matches_the_sort_oracle},
        {"all equal scores go by gid", test_all_equal_scores_go_by_gid},
        {"no candidates choose nobody", test_no_candidates_choose_nobody},
        {"share rounds half up", test_share_rounds_half_up},
        {"budget matches the sort oracle", test_budget_matches_the_sort_oracle},
        {"budget stops at the first misfit", test_budget_stops_at_the_first_misfit},
        {"NaN, negative cost, overflow and duplicates are rejected",
         test_nan_negative_cost_overflow_and_duplicates_are_rejected},
        {"results do not depend on threads", test_results_do_not_depend_on_threads},
        {NULL, NULL},
    };
    int rc = cs_test_run("select", cases);
    MPI_Finalize();
    return rc;
}
