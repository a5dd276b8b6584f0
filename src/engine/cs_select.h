/* cs_select.h -- population-wide selection for capacity, share and budget caps.
 *
 * A policy that can serve only some of its candidates ("at most N a year",
 * "the top 5% by risk", "a yearly budget of B") must pick the same agents
 * whatever the split over ranks and threads.  Each candidate gets a key made
 * of its score and its global id, so no two candidates tie, and a selection
 * is a cut in key order: everybody above it is chosen.  The cut is found by
 * a most-significant-byte radix search: each pass counts, per value of the
 * next byte, the keys that share the bytes fixed so far (and, for budgets,
 * sums their costs), adds the counts over ranks with one MPI_Allreduce of
 * integers, and fixes that byte.  Nothing is gathered, sorted or allocated;
 * every sum is an integer, so the set is exact and the same for any number
 * of ranks and threads.
 *
 * Cost: at most 16 passes over the rank's candidates and 16 allreduces of
 * 256 (top-k) or 512 (budget) integers, plus 2 small allreduces to agree on
 * totals.  Leading bytes that every key shares are skipped and the search
 * stops once the cut is known: 10^7 candidates with float scores in (0, 1)
 * take 5 passes for a top 5% and 9 for a budget, about 0.03 s a pass on one
 * core.
 *
 * Usage: build one key per candidate on this rank, call a selection from
 * every rank of `comm` (collective; outside an OpenMP parallel region, from
 * the thread that may call MPI), read `chosen`.  The counting loops use the
 * OpenMP default team (omp_set_num_threads, OMP_NUM_THREADS); results do not
 * depend on it. */
#ifndef CS_SELECT_H
#define CS_SELECT_H

#include <math.h>
#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

/* A candidate's priority key.  `score` is an order-preserving image of all
 * 64 bits of the score as an IEEE double (no quantisation: distinct doubles
 * give distinct values, -0 and +0 the same); `tie` is UINT64_MAX - gid.
 * Keys compare lexicographically, score first: a higher score wins and,
 * among equal scores, the lower global id wins.  Keys of distinct gids are
 * distinct, so the order is total and exact for any population below 2^64
 * agents.  Build keys with cs_select_key_of; a selection needs the keys of
 * all ranks to be distinct (distinct gids). */
typedef struct cs_select_key {
    uint64_t score;
    uint64_t tie;
} cs_select_key;

/* The `score` of a NaN score.  No number maps to it (-inf maps to
 * 2^52 - 1), and every selection rejects a key that carries it: a NaN
 * priority is a bug upstream, and sorting it silently last would hide it. */
#define CS_SELECT_SCORE_NAN UINT64_C(0)

/* The key of a candidate with `score` (higher = served first; a float
 * converts exactly, so it gives the key of the same double) and global id
 * `gid`.  For a random order, use a uniform draw from the agent's stream as
 * the score. */
static inline cs_select_key cs_select_key_of(double score, uint64_t gid)
{
    cs_select_key k = {CS_SELECT_SCORE_NAN, UINT64_MAX - gid};
    if (isnan(score)) return k;
    union {
        double d;
        uint64_t u;
    } bits = {score == 0.0 ? 0.0 : score}; /* -0 ties with +0 */
    k.score = (bits.u >> 63) ? ~bits.u : bits.u | (UINT64_C(1) << 63);
    return k;
}

/* -1, 0 or 1 as a is below, equal to or above b in priority. */
static inline int cs_select_key_cmp(cs_select_key a, cs_select_key b)
{
    if (a.score != b.score) return a.score < b.score ? -1 : 1;
    if (a.tie != b.tie) return a.tie < b.tie ? -1 : 1;
    return 0;
}

/* Contract shared by the selections below.  Each rank passes its `n`
 * candidates' keys (NULL when n == 0) and `chosen` (n bytes, NULL when
 * n == 0); every byte of `chosen` is set to 1 (chosen) or 0, and to 0 on
 * failure.  Results written through the optional `n_chosen` and `spent`
 * pointers are global (the same on every rank).  The size argument (k,
 * share, budget) must be the same on every rank.  Failures are agreed
 * through the first allreduce, so every rank returns the same code:
 * CS_ERR_INTERNAL for a NaN key, a negative cost, arguments that differ
 * between ranks, a share outside [0, 1], or duplicate keys found at the
 * cut; CS_ERR_LIMIT (budget) for more than 2^32 - 1 candidates on one rank
 * or a total cost of all candidates above INT64_MAX; CS_ERR_MPI. */

/* Top k: chooses the k candidates with the largest keys over all ranks of
 * `comm`, or all of them when there are fewer than k.  *n_chosen = min(k,
 * number of candidates). */
int cs_select_top_k(const cs_select_key *keys, size_t n, uint64_t k, MPI_Comm comm, uint8_t *chosen,
                    uint64_t *n_chosen);

/* Share: the top k with k = floor(share * N + 0.5), N the number of
 * candidates over all ranks: half rounds up, the product is the double
 * product of share and N (exact for N < 2^53 up to the product's own
 * rounding, which lands decimal shares where one expects: 0.15 of 10 is 2).
 * share in [0, 1]. */
int cs_select_share(const cs_select_key *keys, size_t n, double share, MPI_Comm comm, uint8_t *chosen,
                    uint64_t *n_chosen);

/* Budget: walks the candidates of all ranks in key order, largest first,
 * choosing each while the running total of `cost` (>= 0, e.g. cents) stays
 * <= budget, and stops at the first one that does not fit: the set is the
 * longest prefix of the priority order within budget.  Nobody of lower
 * priority is served while a higher one waits, so a budget cap chooses a
 * top k like the other caps, and the cut is a threshold the radix search
 * finds exactly (skipping the misfit and going on would be a sequential
 * first-fit with no bound on the number of rounds).  Candidates of zero
 * cost after the misfit are not chosen; the budget left over is less than
 * the misfit's cost.  A negative budget chooses nobody.  *spent is the
 * total cost chosen, *n_chosen the number chosen. */
int cs_select_budget(const cs_select_key *keys, const int64_t *cost, size_t n, int64_t budget, MPI_Comm comm,
                     uint8_t *chosen, uint64_t *n_chosen, int64_t *spent);

#endif
