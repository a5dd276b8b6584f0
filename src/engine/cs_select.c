/* cs_select.c -- the radix search behind population-wide selection.
 *
 * Workload: a few selections a simulated year over millions of candidates
 * per rank, called between nights.  A selection first agrees on totals
 * (number of candidates, total cost, the range of each key word, argument
 * checks) in two allreduces, then walks the bytes of the key from the most
 * significant, skipping the leading bytes of each word that every key
 * shares.  The walk keeps a prefix: the keys that match it are the ones
 * still undecided, every key above it is chosen and every key below it is
 * not.  The cut it ends with is "key >= t" (top k) or "key > t" (budget),
 * and marking is one more pass.  Counts and costs are uint64 sums of
 * nonnegative integers that the agreement bounded first, so no sum
 * overflows and their order never matters. */
#include "cs_select.h"

#include <string.h>

#include "cs_status.h"

/* Below this many candidates the counting loops stay on one thread. */
#define CS_SELECT_PARALLEL_MIN 65536

#define CS_SELECT_DIGITS 256
#define CS_SELECT_BYTES 16 /* two 64-bit words */
#define CS_SELECT_WORD_MAX (UINT64_C(1) << 31) /* high half of a cost total: 2^31 * 2^32 = 2^63 */

/* What the ranks agreed on before the walk. */
typedef struct cs_select_totals_ {
    uint64_t n;            /* candidates over all ranks */
    int64_t cost;          /* their total cost (budget only) */
    cs_select_key min, max; /* per word: the smallest and largest value over all keys */
} cs_select_totals_;

/* The walk's state: keys whose bytes under `mask` equal `prefix` are undecided. */
typedef struct cs_select_walk_ {
    cs_select_key prefix, mask;
    int word[CS_SELECT_BYTES], shift[CS_SELECT_BYTES]; /* the bytes to visit, in order */
    int n_bytes, next;
} cs_select_walk_;

/* The cut: who is chosen. */
typedef enum { CS_SELECT_NONE, CS_SELECT_ALL, CS_SELECT_GE, CS_SELECT_GT } cs_select_cut_kind_;
typedef struct cs_select_cut_ {
    cs_select_cut_kind_ kind;
    cs_select_key t; /* GE: key >= t; GT: key > t */
} cs_select_cut_;

static inline uint64_t *cs_select_word_(cs_select_key *k, int w) { return w ? &k->tie : &k->score; }
static inline uint64_t cs_select_word_of_(const cs_select_key *k, int w) { return w ? k->tie : k->score; }

static inline int cs_select_matches_(const cs_select_key *k, const cs_select_walk_ *w)
{
    return (k->score & w->mask.score) == w->prefix.score && (k->tie & w->mask.tie) == w->prefix.tie;
}

/* ---- agreement ------------------------------------------------------- */

/* Scans this rank's candidates and agrees with the other ranks on totals
 * and on whether the call is valid.  `param` is the size argument's bits
 * (it must be equal on every rank); `bad_arg` flags an invalid one. */
static int cs_select_agree_(const cs_select_key *keys, const int64_t *cost, size_t n, uint64_t param, int bad_arg,
                            MPI_Comm comm, cs_select_totals_ *t)
{
    uint64_t nan = 0, negative = 0, hi = 0, lo = 0;
    uint64_t max_s = 0, max_t = 0, min_s = UINT64_MAX, min_t = UINT64_MAX;
    const int too_many = cost && (uint64_t)n > UINT32_MAX; /* keeps hi and lo below 2^63 and 2^64 */
#pragma omp parallel for if (n >= CS_SELECT_PARALLEL_MIN) schedule(static) \
    reduction(+ : nan, negative, hi, lo) reduction(max : max_s, max_t) reduction(min : min_s, min_t)
    for (size_t i = 0; i < n; i++) {
        nan += keys[i].score == CS_SELECT_SCORE_NAN;
        max_s = keys[i].score > max_s ? keys[i].score : max_s;
        min_s = keys[i].score < min_s ? keys[i].score : min_s;
        max_t = keys[i].tie > max_t ? keys[i].tie : max_t;
        min_t = keys[i].tie < min_t ? keys[i].tie : min_t;
        if (cost) {
            negative += cost[i] < 0;
            uint64_t c = cost[i] < 0 ? 0 : (uint64_t)cost[i];
            hi += c >> 32;
            lo += c & UINT32_MAX;
        }
    }
    /* this rank's total cost as hi * 2^32 + lo with lo < 2^32; hi >= 2^31 means >= 2^63 */
    hi += lo >> 32;
    lo &= UINT32_MAX;
    const int over = hi >= CS_SELECT_WORD_MAX;
    if (over) hi = CS_SELECT_WORD_MAX;

    uint64_t mx[] = {param, ~param, (uint64_t)(nan || negative || bad_arg), (uint64_t)(too_many || over),
                     max_s, ~min_s, max_t, ~min_t};
    uint64_t sum[] = {(uint64_t)n, hi, lo};
    if (MPI_Allreduce(MPI_IN_PLACE, mx, 8, MPI_UINT64_T, MPI_MAX, comm) != MPI_SUCCESS) return CS_ERR_MPI;
    if (MPI_Allreduce(MPI_IN_PLACE, sum, 3, MPI_UINT64_T, MPI_SUM, comm) != MPI_SUCCESS) return CS_ERR_MPI;
    if (mx[0] != ~mx[1] || mx[2]) return CS_ERR_INTERNAL; /* differing arguments, NaN, negative cost */
    if (mx[3]) return CS_ERR_LIMIT;
    /* sum[1] < P * 2^31 and sum[2] < P * 2^32: exact for P < 2^31 ranks */
    hi = sum[1] + (sum[2] >> 32);
    if (hi >= CS_SELECT_WORD_MAX) return CS_ERR_LIMIT;
    t->n = sum[0];
    t->cost = (int64_t)((hi << 32) | (sum[2] & UINT32_MAX));
    t->max = (cs_select_key){mx[4], mx[6]};
    t->min = (cs_select_key){~mx[5], ~mx[7]};
    return CS_OK;
}

/* ---- the walk ------------------------------------------------------- */

/* Starts a walk: the leading bytes of a word on which the smallest and
 * largest values agree are shared by every key, so they are fixed in the
 * prefix at once and never visited. */
static void cs_select_walk_init_(cs_select_walk_ *w, const cs_select_totals_ *t)
{
    memset(w, 0, sizeof *w);
    for (int word = 0; word < 2; word++) {
        const uint64_t lo = cs_select_word_of_(&t->min, word), diff = lo ^ cs_select_word_of_(&t->max, word);
        int shift = 56;
        uint64_t fixed = 0;
        while (shift >= 0 && !(diff >> shift & 0xFF)) {
            fixed |= UINT64_C(0xFF) << shift;
            shift -= 8;
        }
        *cs_select_word_(&w->mask, word) = fixed;
        *cs_select_word_(&w->prefix, word) = lo & fixed;
        for (; shift >= 0; shift -= 8) {
            w->word[w->n_bytes] = word;
            w->shift[w->n_bytes++] = shift;
        }
    }
}

/* Counts the undecided keys by the value of the walk's next byte (and sums
 * their costs when `cost` is given) over all ranks: hist[0..255] counts,
 * hist[256..511] costs. */
static int cs_select_count_(const cs_select_key *keys, const int64_t *cost, size_t n, const cs_select_walk_ *w,
                            MPI_Comm comm, uint64_t *hist)
{
    const int word = w->word[w->next], shift = w->shift[w->next];
    uint64_t cnt[CS_SELECT_DIGITS] = {0}, sum[CS_SELECT_DIGITS] = {0};
#pragma omp parallel for if (n >= CS_SELECT_PARALLEL_MIN) schedule(static) \
    reduction(+ : cnt[:CS_SELECT_DIGITS], sum[:CS_SELECT_DIGITS])
    for (size_t i = 0; i < n; i++) {
        if (!cs_select_matches_(&keys[i], w)) continue;
        const unsigned d = (unsigned)(cs_select_word_of_(&keys[i], word) >> shift & 0xFF);
        cnt[d]++;
        if (cost) sum[d] += (uint64_t)cost[i];
    }
    const int len = cost ? 2 * CS_SELECT_DIGITS : CS_SELECT_DIGITS;
    memcpy(hist, cnt, sizeof cnt);
    memcpy(hist + CS_SELECT_DIGITS, sum, sizeof sum);
    return MPI_Allreduce(MPI_IN_PLACE, hist, len, MPI_UINT64_T, MPI_SUM, comm) == MPI_SUCCESS ? CS_OK : CS_ERR_MPI;
}

/* Fixes the walk's next byte to `digit`. */
static void cs_select_descend_(cs_select_walk_ *w, unsigned digit)
{
    const int word = w->word[w->next], shift = w->shift[w->next];
    *cs_select_word_(&w->mask, word) |= UINT64_C(0xFF) << shift;
    *cs_select_word_(&w->prefix, word) |= (uint64_t)digit << shift;
    w->next++;
}

/* The prefix with every byte not yet visited set to `fill` (0 or 0xFF). */
static cs_select_key cs_select_bound_(const cs_select_walk_ *w, uint64_t fill)
{
    cs_select_key b = w->prefix;
    for (int j = w->next; j < w->n_bytes; j++) *cs_select_word_(&b, w->word[j]) |= (fill & 0xFF) << w->shift[j];
    return b;
}

/* The cut that chooses the k largest keys, 0 < k < t->n. */
static int cs_select_top_k_cut_(const cs_select_key *keys, size_t n, uint64_t k, const cs_select_totals_ *t,
                                MPI_Comm comm, cs_select_cut_ *cut)
{
    int rc = CS_OK;
    uint64_t hist[2 * CS_SELECT_DIGITS];
    cs_select_walk_ w;
    cs_select_walk_init_(&w, t);
    uint64_t undecided = t->n, wanted = k; /* invariant: undecided >= wanted > 0 */
    while (undecided > wanted) {
        CS_ENSURE(w.next < w.n_bytes, CS_ERR_INTERNAL); /* equal keys straddle the cut */
        CS_TRY(cs_select_count_(keys, NULL, n, &w, comm, hist));
        unsigned d = CS_SELECT_DIGITS - 1;
        while (hist[d] < wanted) wanted -= hist[d--];
        cs_select_descend_(&w, d);
        undecided = hist[d];
    }
    *cut = (cs_select_cut_){CS_SELECT_GE, cs_select_bound_(&w, 0)};
done:
    return rc;
}

/* The cut that chooses the longest prefix of the key order whose cost fits
 * `budget`, when the total cost exceeds it.  *taken and *left are the
 * number chosen and the budget left. */
static int cs_select_budget_cut_(const cs_select_key *keys, const int64_t *cost, size_t n, int64_t budget,
                                 const cs_select_totals_ *t, MPI_Comm comm, cs_select_cut_ *cut, uint64_t *taken,
                                 int64_t *left)
{
    int rc = CS_OK;
    uint64_t hist[2 * CS_SELECT_DIGITS];
    cs_select_walk_ w;
    cs_select_walk_init_(&w, t);
    uint64_t undecided = t->n;
    /* invariant: the undecided keys cost more than `budget` in all, so the
     * first misfit is among them; the keys above them fit and are taken */
    *taken = 0;
    while (undecided > 1) {
        CS_ENSURE(w.next < w.n_bytes, CS_ERR_INTERNAL); /* equal keys at the misfit */
        CS_TRY(cs_select_count_(keys, cost, n, &w, comm, hist));
        int d = CS_SELECT_DIGITS - 1;
        for (; d >= 0 && (!hist[d] || (int64_t)hist[CS_SELECT_DIGITS + d] <= budget); d--) {
            budget -= (int64_t)hist[CS_SELECT_DIGITS + d];
            *taken += hist[d];
        }
        CS_ENSURE(d >= 0, CS_ERR_INTERNAL); /* cannot happen: the undecided keys do not all fit */
        cs_select_descend_(&w, (unsigned)d);
        undecided = hist[d];
    }
    /* the one undecided key is the misfit: everything above it is chosen */
    *cut = (cs_select_cut_){CS_SELECT_GT, cs_select_bound_(&w, 0xFF)};
    *left = budget;
done:
    return rc;
}

/* Writes chosen[i] for the cut. */
static void cs_select_mark_(const cs_select_key *keys, size_t n, const cs_select_cut_ *cut, uint8_t *chosen)
{
    if (cut->kind == CS_SELECT_NONE || cut->kind == CS_SELECT_ALL) {
        if (n) memset(chosen, cut->kind == CS_SELECT_ALL, n);
        return;
    }
    const int least = cut->kind == CS_SELECT_GE ? 0 : 1; /* the smallest cs_select_key_cmp chosen */
#pragma omp parallel for if (n >= CS_SELECT_PARALLEL_MIN) schedule(static)
    for (size_t i = 0; i < n; i++) chosen[i] = (uint8_t)(cs_select_key_cmp(keys[i], cut->t) >= least);
}

/* ---- public --------------------------------------------------------- */

/* Top k, or the top `*share` when share is not NULL. */
static int cs_select_top_(const cs_select_key *keys, size_t n, uint64_t k, const double *share, MPI_Comm comm,
                          uint8_t *chosen, uint64_t *n_chosen)
{
    int rc = CS_OK;
    cs_select_totals_ t;
    cs_select_cut_ cut = {CS_SELECT_NONE, {0, 0}};
    union {
        double d;
        uint64_t u;
    } bits = {share ? *share : 0.0};
    if (n) memset(chosen, 0, n);
    CS_TRY(cs_select_agree_(keys, NULL, n, share ? bits.u : k, share && !(*share >= 0.0 && *share <= 1.0), comm,
                            &t));
    if (share) {
        const double x = floor(*share * (double)t.n + 0.5);
        k = x >= (double)t.n ? t.n : (uint64_t)x;
    }
    if (k > 0) cut.kind = CS_SELECT_ALL;
    if (k > 0 && k < t.n) CS_TRY(cs_select_top_k_cut_(keys, n, k, &t, comm, &cut));
    cs_select_mark_(keys, n, &cut, chosen);
    if (n_chosen) *n_chosen = k < t.n ? k : t.n;
done:
    return rc;
}

int cs_select_top_k(const cs_select_key *keys, size_t n, uint64_t k, MPI_Comm comm, uint8_t *chosen,
                    uint64_t *n_chosen)
{
    return cs_select_top_(keys, n, k, NULL, comm, chosen, n_chosen);
}

int cs_select_share(const cs_select_key *keys, size_t n, double share, MPI_Comm comm, uint8_t *chosen,
                    uint64_t *n_chosen)
{
    return cs_select_top_(keys, n, 0, &share, comm, chosen, n_chosen);
}

int cs_select_budget(const cs_select_key *keys, const int64_t *cost, size_t n, int64_t budget, MPI_Comm comm,
                     uint8_t *chosen, uint64_t *n_chosen, int64_t *spent)
{
    int rc = CS_OK;
    cs_select_totals_ t;
    cs_select_cut_ cut = {CS_SELECT_ALL, {0, 0}};
    uint64_t taken = 0;
    int64_t left = 0;
    if (n) memset(chosen, 0, n);
    CS_TRY(cs_select_agree_(keys, cost, n, (uint64_t)budget, 0, comm, &t));
    if (t.cost <= budget || t.n == 0) {
        taken = t.n;
        left = budget - t.cost;
    } else {
        CS_TRY(cs_select_budget_cut_(keys, cost, n, budget, &t, comm, &cut, &taken, &left));
    }
    cs_select_mark_(keys, n, &cut, chosen);
    if (n_chosen) *n_chosen = taken;
    if (spent) *spent = budget - left;
done:
    return rc;
}
