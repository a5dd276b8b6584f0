/* test_select_mpi.c -- cs_select chooses the same agents on 1, 2 and 3 ranks.
 *
 * Every rank generates the whole synthetic population from global ids
 * (oracle_agent: a quarter of agents and the middle third of ids are not
 * candidates, so the middle rank of three has none), runs the serial sort
 * oracle over all of it, and checks that the selection over its own block
 * (the cs_sim split: floor(N / P) ids, one more on the first N mod P ranks)
 * chooses exactly the oracle's agents of that block, with the oracle's
 * global count and spending.  CTest runs this binary under mpiexec with 1, 2
 * and 3 ranks, so the chosen set is the same whatever the number of ranks. */
#include <math.h>
#include <mpi.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cs_select.h"
#include "cs_status.h"
#include "cs_test.h"
#include "select_oracle.h"

/* The population of `n_global` agents: all candidates (for the oracle) and
 * this rank's (for cs_select), with where each of this rank's sits among all. */
typedef struct population {
    oracle_set all;
    size_t n_mine;
    size_t *mine;        /* [n_mine] index among all candidates */
    cs_select_key *keys; /* [n_mine] */
    int64_t *cost;       /* [n_mine] */
    uint8_t *chosen;     /* [n_mine] */
} population;

static population population_make(uint64_t n_global, int kind, MPI_Comm comm)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(comm, &rank);
    MPI_Comm_size(comm, &size);
    const uint64_t base = n_global / (uint64_t)size, extra = n_global % (uint64_t)size, r = (uint64_t)rank;
    const uint64_t first = r * base + (r < extra ? r : extra), last = first + base + (r < extra);
    const size_t cap = (size_t)n_global + 1;
    population p = {oracle_set_alloc(cap), 0, malloc(cap * sizeof(size_t)), malloc(cap * sizeof(cs_select_key)),
                    malloc(cap * sizeof(int64_t)), malloc(cap)};
    if (!p.mine || !p.keys || !p.cost || !p.chosen) abort();
    oracle_set *a = &p.all;
    for (uint64_t g = 0; g < n_global; g++) {
        if (!oracle_agent(g, n_global, kind, &a->score[a->n], &a->cost[a->n])) continue;
        a->gid[a->n] = g;
        if (g >= first && g < last) {
            p.keys[p.n_mine] = cs_select_key_of(a->score[a->n], g);
            p.cost[p.n_mine] = a->cost[a->n];
            p.mine[p.n_mine++] = a->n;
        }
        a->n++;
    }
    return p;
}

static void population_free(population *p)
{
    oracle_set_free(&p->all);
    free(p->mine);
    free(p->keys);
    free(p->cost);
    free(p->chosen);
}

/* This rank's choices equal the oracle's for its candidates. */
static int population_agrees(const population *p)
{
    for (size_t i = 0; i < p->n_mine; i++)
        if (p->chosen[i] != p->all.expected[p->mine[i]]) return 0;
    return 1;
}

static void check_top_k(population *p, uint64_t k)
{
    uint64_t got = 12345;
    const uint64_t want = oracle_top_k(&p->all, k);
    CU_ASSERT_EQUAL_FATAL(cs_select_top_k(p->keys, p->n_mine, k, MPI_COMM_WORLD, p->chosen, &got), CS_OK);
    CU_ASSERT_EQUAL(got, want);
    CU_ASSERT(population_agrees(p));
}

static void check_budget(population *p, int64_t budget)
{
    uint64_t got = 12345;
    int64_t spent = -1, want_spent = 0;
    const uint64_t want = oracle_budget(&p->all, budget, &want_spent);
    CU_ASSERT_EQUAL_FATAL(
        cs_select_budget(p->keys, p->cost, p->n_mine, budget, MPI_COMM_WORLD, p->chosen, &got, &spent), CS_OK);
    CU_ASSERT_EQUAL(got, want);
    CU_ASSERT_EQUAL(spent, want_spent);
    CU_ASSERT(population_agrees(p));
}

static void test_top_k_share_and_budget_match_the_oracle_on_any_ranks(void)
{
    const uint64_t sizes[] = {0, 1, 2, 5, 1000, 60001};
    for (int kind = 0; kind < 3; kind++) {
        for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
            population p = population_make(sizes[s], kind, MPI_COMM_WORLD);
            const uint64_t n = p.all.n;
            const uint64_t ks[] = {0, 1, n / 20, n / 2, n ? n - 1 : 0, n, n + 1};
            for (size_t j = 0; j < sizeof ks / sizeof ks[0]; j++) check_top_k(&p, ks[j]);

            uint64_t got = 0;
            const uint64_t k = (uint64_t)floor(0.05 * (double)n + 0.5);
            oracle_top_k(&p.all, k);
            CU_ASSERT_EQUAL(cs_select_share(p.keys, p.n_mine, 0.05, MPI_COMM_WORLD, p.chosen, &got), CS_OK);
            CU_ASSERT_EQUAL(got, k);
            CU_ASSERT(population_agrees(&p));

            int64_t total = 0;
            for (size_t i = 0; i < p.all.n; i++) total += p.all.cost[i];
            const int64_t budgets[] = {-1, 0, 3000, total / 20, total / 2, total - 1, total, INT64_MAX};
            for (size_t j = 0; j < sizeof budgets / sizeof budgets[0]; j++) check_budget(&p, budgets[j]);
            population_free(&p);
        }
    }
}

/* A bad candidate on one rank fails the call on every rank, without a hang. */
static void test_errors_on_one_rank_fail_every_rank(void)
{
    int rank = 0, size = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    population p = population_make(3000, 1, MPI_COMM_WORLD);
    const int last = rank == size - 1; /* the last rank always holds candidates */
    uint64_t got = 0;
    int64_t spent = 0;
    if (last) p.keys[0] = cs_select_key_of(NAN, 0);
    CU_ASSERT_EQUAL(cs_select_top_k(p.keys, p.n_mine, 10, MPI_COMM_WORLD, p.chosen, &got), CS_ERR_INTERNAL);
    if (last) p.keys[0] = cs_select_key_of(p.all.score[p.mine[0]], p.all.gid[p.mine[0]]);
    if (last) p.cost[0] = -3;
    CU_ASSERT_EQUAL(cs_select_budget(p.keys, p.cost, p.n_mine, 100, MPI_COMM_WORLD, p.chosen, &got, &spent),
                    CS_ERR_INTERNAL);
    if (last) p.cost[0] = INT64_MAX;
    CU_ASSERT_EQUAL(cs_select_budget(p.keys, p.cost, p.n_mine, 100, MPI_COMM_WORLD, p.chosen, &got, &spent),
                    CS_ERR_LIMIT);
    /* arguments that differ between ranks */
    if (size > 1) {
        CU_ASSERT_EQUAL(cs_select_top_k(p.keys, p.n_mine, 10 + (uint64_t)last, MPI_COMM_WORLD, p.chosen, &got),
                        CS_ERR_INTERNAL);
        CU_ASSERT_EQUAL(cs_select_share(p.keys, p.n_mine, last ? 0.5 : 0.25, MPI_COMM_WORLD, p.chosen, &got),
                        CS_ERR_INTERNAL);
    }
    CU_ASSERT_EQUAL(cs_select_share(p.keys, p.n_mine, last ? 1.5 : 0.5, MPI_COMM_WORLD, p.chosen, &got),
                    CS_ERR_INTERNAL);
    population_free(&p);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    static const cs_test_case cases[] = {
        {"top k, share and budget match the oracle on any ranks",
         test_top_k_share_and_budget_match_the_oracle_on_any_ranks},
        {"errors on one rank fail every rank", test_errors_on_one_rank_fail_every_rank},
        {NULL, NULL},
    };
    int rc = cs_test_run("select_mpi", cases);
    MPI_Finalize();
    return rc;
}
