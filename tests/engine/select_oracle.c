/* select_oracle.c -- naive sort-based selections and the synthetic population. */
#include "select_oracle.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

oracle_set oracle_set_alloc(size_t cap)
{
    cap += 1; /* malloc(0) may return NULL */
    oracle_set s = {0, malloc(cap * sizeof(double)), malloc(cap * sizeof(uint64_t)), malloc(cap * sizeof(int64_t)),
                    malloc(cap)};
    if (!s.score || !s.gid || !s.cost || !s.expected) abort();
    return s;
}

void oracle_set_free(oracle_set *s)
{
    free(s->score);
    free(s->gid);
    free(s->cost);
    free(s->expected);
}

uint64_t oracle_mix(uint64_t x)
{
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

typedef struct oracle_item {
    double score;
    uint64_t gid;
    size_t index;
} oracle_item;

static int oracle_better_first(const void *pa, const void *pb)
{
    const oracle_item *a = pa, *b = pb;
    if (a->score != b->score) return a->score > b->score ? -1 : 1;
    return a->gid < b->gid ? -1 : (a->gid > b->gid);
}

/* Candidates' indices, best first; clears s->expected; the caller frees. */
static size_t *oracle_order(oracle_set *s)
{
    oracle_item *items = malloc((s->n + 1) * sizeof *items);
    size_t *order = malloc((s->n + 1) * sizeof *order);
    if (!items || !order) abort();
    for (size_t i = 0; i < s->n; i++) items[i] = (oracle_item){s->score[i], s->gid[i], i};
    qsort(items, s->n, sizeof *items, oracle_better_first);
    for (size_t i = 0; i < s->n; i++) order[i] = items[i].index;
    free(items);
    memset(s->expected, 0, s->n);
    return order;
}

uint64_t oracle_top_k(oracle_set *s, uint64_t k)
{
    size_t *order = oracle_order(s);
    uint64_t taken = 0;
    for (size_t j = 0; j < s->n && taken < k; j++, taken++) s->expected[order[j]] = 1;
    free(order);
    return taken;
}

uint64_t oracle_budget(oracle_set *s, int64_t budget, int64_t *spent)
{
    size_t *order = oracle_order(s);
    uint64_t taken = 0;
    *spent = 0;
    for (size_t j = 0; j < s->n && s->cost[order[j]] <= budget - *spent; j++, taken++) {
        s->expected[order[j]] = 1;
        *spent += s->cost[order[j]];
    }
    free(order);
    return taken;
}

void oracle_draw(uint64_t h, int kind, double *score, int64_t *cost)
{
    static const double values[5] = {-1.0, -0.0, 0.0, 0.25, 1.0};
    const double u = (double)(oracle_mix(h) >> 11) * 0x1p-53;
    if (kind == 0) *score = values[(h >> 8) % 5];
    else if (kind == 1) *score = (float)(2.0 * u - 1.0);
    else *score = (h >> 8) % 10 == 0 ? ((h >> 12) % 2 ? INFINITY : -INFINITY) : ldexp(u - 0.5, (int)((h >> 16) % 200) - 100);
    const uint64_t c = oracle_mix(h ^ 1);
    *cost = c % 10 == 0 ? 0 : c % 20 == 1 ? 1000000 + (int64_t)(c >> 40) : 1 + (int64_t)((c >> 8) % 5000);
}

int oracle_agent(uint64_t gid, uint64_t n_global, int kind, double *score, int64_t *cost)
{
    if (gid >= n_global / 3 && gid < 2 * n_global / 3) return 0;
    const uint64_t h = oracle_mix(gid ^ ((uint64_t)kind << 56));
    if (h % 4 == 0) return 0; /* a quarter are not candidates */
    oracle_draw(h, kind, score, cost);
    return 1;
}
