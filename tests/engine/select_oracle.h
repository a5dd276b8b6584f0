/* select_oracle.h -- the naive selections cs_select is checked against, and
 * a synthetic population every rank can generate from global ids.
 *
 * The oracle sorts (score, gid) pairs with plain double comparisons (higher
 * score first, then lower gid) and walks the sorted list: no keys, no radix,
 * no MPI.  NaN scores are not handled here (cs_select rejects them). */
#ifndef SELECT_ORACLE_H
#define SELECT_ORACLE_H

#include <stddef.h>
#include <stdint.h>

/* Candidates as the oracle sees them, and its verdict. */
typedef struct oracle_set {
    size_t n;
    double *score;
    uint64_t *gid;
    int64_t *cost;
    uint8_t *expected; /* written by oracle_top_k and oracle_budget */
} oracle_set;

/* Room for `cap` candidates, n = 0; aborts when out of memory. */
oracle_set oracle_set_alloc(size_t cap);
void oracle_set_free(oracle_set *s);

/* splitmix64: the tests' own deterministic generator and hash. */
uint64_t oracle_mix(uint64_t x);

/* Chooses the k best candidates (all when k >= n); returns the number chosen. */
uint64_t oracle_top_k(oracle_set *s, uint64_t k);

/* Walks the candidates best first and chooses while the running cost stays
 * <= budget, stopping at the first misfit; returns the number chosen and
 * sets *spent. */
uint64_t oracle_budget(oracle_set *s, int64_t budget, int64_t *spent);

/* A candidate's score and cost drawn from the hash `h`.  `kind` 0: scores
 * from 5 values (many ties, -0 and +0 among them); 1: continuous scores in
 * [-1, 1) as float; 2: tiny to huge magnitudes and infinities.  Costs: 10%
 * zero, 5% above 10^6, the rest in [1, 5000]. */
void oracle_draw(uint64_t h, int kind, double *score, int64_t *cost);

/* The synthetic population: agent `gid` is a candidate (returns 1, with
 * oracle_draw's score and cost) or not (0).  A quarter of agents, and all of
 * those in [n_global / 3, 2 n_global / 3), are not candidates, so the middle
 * rank of three has none. */
int oracle_agent(uint64_t gid, uint64_t n_global, int kind, double *score, int64_t *cost);

#endif
