/* cs_sim.c -- the nightly loop.
 *
 * One OpenMP parallel region per replicate.  Each thread owns a static,
 * contiguous slice of the rank's agents and its own tally; the only
 * serial steps are the environment of the day (one value for everybody,
 * `omp single`) and, on the master thread (MPI is funnelled), folding
 * tonight's per-thread counts into the period totals and the caller's
 * night hook (progress, checkpoints).  The loop never allocates and takes
 * no locks.  A replicate can start at a later night from a checkpoint's
 * state (cs_sim_run_from). */
#include "cs_sim.h"

#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cs_agents_alloc.h"
#include "cs_agree.h"
#include "cs_results.h"
#include "cs_select.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "cs_sysmem.h"

/* Agents per block: every module runs over a block while it is in cache. */
#define CS_SIM_BLOCK 2048

struct cs_sim {
    const cs_model_ops *ops;
    void *model;
    cs_sim_config cfg;
    int rank, ranks;
    cs_mem *mem;
    cs_layout layout;
    cs_setup setup;
    cs_agents agents;
    cs_tally *tallies; /* one per thread */
    cs_results results;
    /* selection scratch (models that declared selections), per local agent */
    double *sel_score;
    int64_t *sel_cost;
    uint8_t *sel_cand, *sel_chosen, *sel_prev;
    cs_select_key *sel_keys; /* the candidates, compacted */
    int64_t *sel_ccost;
    uint8_t *sel_cchosen;
    size_t *sel_idx;
    cs_selection sel[CS_MAX_SELECTIONS];
    size_t n_sel;
    int sel_rc; /* first selection failure of the replicate */
};

/* ---- setup ----------------------------------------------------------- */

/* Bytes this rank is about to allocate: its agents' columns, the
 * selection scratch, the results of every replicate and the threads'
 * tallies (the model's tables are allocated already: the process's use
 * counts them).  *results: the part that more ranks do not divide. */
static double cs_sim_bytes_needed_(const cs_sim *s, size_t per_agent, double *results)
{
    const cs_layout *L = &s->layout;
    const double periods = (double)((s->cfg.nights + s->cfg.period_nights - 1) / s->cfg.period_nights);
    const double series = (double)L->n_series * (double)L->n_strata, summary = (double)cs_layout_summary_size(L);
    const double selection = s->setup.selections ? 2 * sizeof(double) + sizeof(int64_t) + 4 + sizeof(cs_select_key) +
                                                       sizeof(size_t)
                                                 : 0;
    *results = (double)s->cfg.replicates * (periods * series + summary) * 8.0 +
               (double)s->cfg.threads * (series + summary + 2) * 8.0;
    return ((double)per_agent + selection) * (double)s->agents.n + *results;
}

/* Refuses (CS_ERR_LIMIT, before anything large is allocated) a rank whose
 * estimate exceeds what its process may still take, or ranks of a node
 * whose estimates together exceed nine tenths of what the node has left
 * (the rest for MPI, HDF5 and the system).  Collective over cfg.comm. */
static int cs_sim_check_memory_(const cs_sim *s, size_t per_agent, cs_msg *msg)
{
    if (s->cfg.no_memory_check) return CS_OK;
    double results = 0;
    const double need = cs_sim_bytes_needed_(s, per_agent, &results);
    double node_need = need;
    MPI_Comm node = MPI_COMM_NULL; /* the ranks sharing this machine's memory */
    if (MPI_Comm_split_type(s->cfg.comm, MPI_COMM_TYPE_SHARED, s->rank, MPI_INFO_NULL, &node) == MPI_SUCCESS) {
        MPI_Allreduce(&need, &node_need, 1, MPI_DOUBLE, MPI_SUM, node);
        MPI_Comm_free(&node);
    }
    const cs_sysmem_limit own = cs_sysmem_process(), shared = cs_sysmem_node();
    cs_sysmem_limit over = {0, NULL};
    double want = need;
    if (own.what && need > own.bytes) over = own;
    else if (shared.what && node_need > 0.9 * shared.bytes) {
        over = shared;
        want = node_need;
    }
    if (!over.what) return CS_OK;
    const double gib = 1073741824.0;
    const int results_most = results > 0.5 * need; /* every rank holds them: more ranks do not help */
    char agents[48] = ""; /* none while the arms are only checked (cs_run) */
    if (s->cfg.n_global) snprintf(agents, sizeof agents, "%llu agents x ", (unsigned long long)s->cfg.n_global);
    cs_msg_error(msg,
                 "%s: %s%d nights x %d replicates need about %.2f GiB on rank %d of %d%s (%zu bytes per "
                 "agent in columns for its %zu agents, %.2f GiB of results and tallies), more than the %.2f GiB left "
                 "under %s; %s, or give --no-memory-check if you know better",
                 results_most ? "horizon.nights" : "population.size", agents,
                 (int)s->cfg.nights, (int)s->cfg.replicates, want / gib, s->rank, s->ranks,
                 want > need ? " with the other ranks of its node" : "", per_agent, s->agents.n, results / gib,
                 (over.what == own.what ? over.bytes : 0.9 * over.bytes) / gib, over.what,
                 results_most ? "the results take most of it and every rank holds them all: use output.series: "
                                "weekly, a shorter horizon or fewer replicates"
                              : "use more MPI ranks on more nodes (each holds its share of the agents)");
    return CS_ERR_LIMIT;
}

static int cs_sim_alloc_tallies_(cs_sim *s)
{
    const cs_layout *L = &s->layout;
    s->tallies = cs_mem_calloc(s->mem, (size_t)s->cfg.threads, sizeof *s->tallies, "thread tallies");
    if (!s->tallies) return CS_ERR_NOMEM;
    for (int t = 0; t < s->cfg.threads; t++) {
        cs_tally *ty = &s->tallies[t];
        ty->n_strata = L->n_strata;
        ty->summary_off = L->summary_off;
        ty->summary_width = L->summary_width;
        ty->series = cs_mem_calloc(s->mem, L->n_series * L->n_strata + 1, sizeof(int64_t), "thread series");
        ty->summary = cs_mem_calloc(s->mem, cs_layout_summary_size(L) + 1, sizeof(int64_t), "thread summary");
        if (!ty->series || !ty->summary) return CS_ERR_NOMEM;
    }
    cs_results *r = &s->results;
    r->layout = L;
    r->replicates = (size_t)s->cfg.replicates;
    r->period_nights = s->cfg.period_nights;
    r->start_day_of_year = s->cfg.start_day_of_year;
    r->periods = (size_t)((s->cfg.nights + s->cfg.period_nights - 1) / s->cfg.period_nights);
    r->series = cs_mem_calloc(s->mem, r->replicates * r->periods * L->n_series * L->n_strata + 1, sizeof(int64_t),
                              "results series");
    r->summary = cs_mem_calloc(s->mem, r->replicates * cs_layout_summary_size(L) + 1, sizeof(int64_t),
                               "results summary");
    return (r->series && r->summary) ? CS_OK : CS_ERR_NOMEM;
}

static int cs_sim_alloc_selection_(cs_sim *s)
{
    const size_t n = s->agents.n + 1;
    s->sel_score = cs_mem_calloc(s->mem, n, sizeof *s->sel_score, "selection scores");
    s->sel_cost = cs_mem_calloc(s->mem, n, sizeof *s->sel_cost, "selection costs");
    s->sel_cand = cs_mem_calloc(s->mem, n, 1, "selection candidates");
    s->sel_chosen = cs_mem_calloc(s->mem, n, 1, "selection choice");
    s->sel_prev = cs_mem_calloc(s->mem, n, 1, "selection previous choice");
    s->sel_keys = cs_mem_calloc(s->mem, n, sizeof *s->sel_keys, "selection keys");
    s->sel_ccost = cs_mem_calloc(s->mem, n, sizeof *s->sel_ccost, "selection candidate costs");
    s->sel_cchosen = cs_mem_calloc(s->mem, n, 1, "selection candidate choice");
    s->sel_idx = cs_mem_calloc(s->mem, n, sizeof *s->sel_idx, "selection candidate index");
    return s->sel_score && s->sel_cost && s->sel_cand && s->sel_chosen && s->sel_prev && s->sel_keys &&
                   s->sel_ccost && s->sel_cchosen && s->sel_idx
               ? CS_OK
               : CS_ERR_NOMEM;
}

/* The model's setup on this rank: parameters read, columns, measures and
 * strata declared; nothing per agent yet.  Local status. */
static int cs_sim_setup_(cs_sim *s, const cs_model_ops *ops, cs_params *params, const cs_sim_config *cfg, cs_msg *msg)
{
    int rc = CS_OK;
    s->ops = ops;
    s->cfg = *cfg;
    if (s->cfg.threads < 1) s->cfg.threads = 1;
    MPI_Comm_rank(cfg->comm, &s->rank);
    MPI_Comm_size(cfg->comm, &s->ranks);
    CS_TRY(cs_mem_create(&s->mem));
    s->model = cs_mem_calloc(s->mem, 1, ops->state_size ? ops->state_size : 1, "model state");
    CS_ENSURE(s->model, CS_ERR_NOMEM);
    s->setup = (cs_setup){.layout = &s->layout, .params = params, .msg = msg, .mem = s->mem, .arm = cfg->arm,
                          .trial = cfg->trial, .warmup = cfg->warmup};
    s->layout.trial_id = -1;
    rc = cs_setup_copy_surveys(&s->setup, cfg->surveys, cfg->n_surveys);
    if (rc == CS_ERR_INTERNAL) cs_msg_error(msg, "internal: %zu surveys, or one that is malformed", cfg->n_surveys);
    CS_TRY(rc);
    s->cfg.surveys = s->setup.surveys; /* the caller's array is borrowed only until here */
    CS_TRY(ops->setup(s->model, &s->setup));
    CS_TRY(cs_params_check_used(params, msg));
    if (cfg->trial && s->layout.trial_id < 0) {
        cs_msg_error(msg, "trial: model '%s' does not run in-silico trials", ops->name);
        CS_ENSURE(0, CS_ERR_CONFIG);
    }
    if (s->layout.n_strata == 0) {
        cs_msg_error(msg, "model '%s' declared no strata", ops->name);
        CS_ENSURE(0, CS_ERR_INTERNAL);
    }
done:
    return rc;
}

int cs_sim_create(const cs_model_ops *ops, cs_params *params, const cs_sim_config *cfg, cs_msg *msg,
                  cs_sim **out)
{
    cs_sim *s = calloc(1, sizeof *s);
    int rc = s ? cs_sim_setup_(s, ops, params, cfg, msg) : CS_ERR_NOMEM;
    /* the memory check is collective: every rank comes to it, and one
     * whose setup failed alone says why through rank 0 */
    const int mine = rc;
    if (!cfg->no_memory_check) rc = cs_agree(rc, cfg->comm, msg);
    const int others_failed = mine == CS_OK && rc < 0; /* rank 0 said so already */
    CS_TRY(rc);
    uint64_t N = cfg->n_global, P = (uint64_t)s->ranks, r = (uint64_t)s->rank;
    s->agents.n_global = N;
    s->agents.gid0 = N / P * r + (N % P < r ? N % P : r);
    s->agents.n = (size_t)(N / P + (r < N % P ? 1 : 0));
    CS_TRY(cs_sim_check_memory_(s, cs_agents_bytes_per_agent(&s->layout), msg));
    CS_TRY(cs_agents_alloc(&s->layout, s->mem, s->agents.n));
    CS_TRY(cs_sim_alloc_tallies_(s));
    if (s->setup.selections) CS_TRY(cs_sim_alloc_selection_(s));
done:
    if (rc < 0) {
        if (rc == CS_ERR_NOMEM && !others_failed)
            cs_msg_error(msg, "out of memory while setting up %llu agents", (unsigned long long)cfg->n_global);
        cs_sim_destroy(&s);
    }
    *out = s;
    return rc;
}

void cs_sim_destroy(cs_sim **sp)
{
    if (!sp || !*sp) return;
    cs_sim *s = *sp;
    if (s->mem) {
        for (size_t i = 0; i < s->setup.n_allocs; i++) cs_mem_free(s->mem, s->setup.allocs[i]);
        cs_agents_free(&s->layout, s->mem);
        if (s->tallies) {
            for (int t = 0; t < s->cfg.threads; t++) {
                cs_mem_free(s->mem, s->tallies[t].series);
                cs_mem_free(s->mem, s->tallies[t].summary);
            }
        }
        cs_mem_free(s->mem, s->tallies);
        void *sel[] = {s->sel_score, s->sel_cost,   s->sel_cand,    s->sel_chosen, s->sel_prev,
                       s->sel_keys,  s->sel_ccost,  s->sel_cchosen, s->sel_idx};
        for (size_t k = 0; k < sizeof sel / sizeof sel[0]; k++) cs_mem_free(s->mem, sel[k]);
        cs_mem_free(s->mem, s->results.series);
        cs_mem_free(s->mem, s->results.summary);
        cs_mem_free(s->mem, s->model);
        cs_mem_destroy(&s->mem);
    }
    cs_setup_release(&s->setup);
    free(s->setup.allocs);
    free(s);
    *sp = NULL;
}

/* ---- the loop -------------------------------------------------------- */

typedef enum { CS_PHASE_INIT, CS_PHASE_FINISH } cs_phase;

/* Bit k: survey k is asked on the day before night `night` (night ==
 * nights: after the last night). */
static uint32_t cs_sim_surveys_due_(const cs_sim *s, int32_t night)
{
    uint32_t due = 0;
    for (size_t k = 0; k < s->cfg.n_surveys; k++) due |= (uint32_t)(s->cfg.surveys[k].at_night == night) << k;
    return due;
}

/* Every module's survey hook for each survey in `due`, over block [b, e). */
static void cs_sim_ask_(const cs_sim *s, uint32_t due, size_t b, size_t e, const cs_day *d, cs_tally *t)
{
    const cs_module *mods = s->ops->modules;
    for (size_t k = 0; due; k++, due >>= 1)
        if (due & 1u)
            for (size_t m = 0; m < s->ops->n_modules; m++)
                if (mods[m].survey) mods[m].survey(s->model, &s->agents, b, e, d, k, t);
}

/* Runs the init or finish phase of every module over [lo, hi), block by
 * block; the surveys in `due` are asked before finish. */
static void cs_sim_phase_(const cs_sim *s, cs_phase phase, uint32_t due, size_t lo, size_t hi, const cs_day *d,
                          cs_tally *t)
{
    const cs_module *mods = s->ops->modules;
    for (size_t b = lo; b < hi; b += CS_SIM_BLOCK) {
        size_t e = b + CS_SIM_BLOCK < hi ? b + CS_SIM_BLOCK : hi;
        if (due) cs_sim_ask_(s, due, b, e, d, t);
        for (size_t m = 0; m < s->ops->n_modules; m++) {
            void (*fn)(void *, const cs_agents *, size_t, size_t, const cs_day *, cs_tally *) =
                phase == CS_PHASE_INIT ? mods[m].init_agents : mods[m].finish;
            if (fn) fn(s->model, &s->agents, b, e, d, t);
        }
    }
}

/* A day and its night for every module over [lo, hi), block by block; the
 * surveys in `due` are asked before the day. */
static void cs_sim_day_and_night_(const cs_sim *s, uint32_t due, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    const cs_module *mods = s->ops->modules;
    for (size_t b = lo; b < hi; b += CS_SIM_BLOCK) {
        size_t e = b + CS_SIM_BLOCK < hi ? b + CS_SIM_BLOCK : hi;
        if (due) cs_sim_ask_(s, due, b, e, d, t);
        for (size_t m = 0; m < s->ops->n_modules; m++)
            if (mods[m].step_day) mods[m].step_day(s->model, &s->agents, b, e, d, t);
        for (size_t m = 0; m < s->ops->n_modules; m++)
            if (mods[m].step_night) mods[m].step_night(s->model, &s->agents, b, e, d, t);
    }
}

/* The candidates of the rank, compacted in agent order, chosen across every
 * rank (master thread: MPI is funnelled), the choice scattered back. */
static int cs_sim_choose_(cs_sim *s, const cs_selection *q, uint64_t *n_chosen, int64_t *spent)
{
    const size_t n = s->agents.n;
    size_t c = 0;
    for (size_t i = 0; i < n; i++) {
        s->sel_chosen[i] = 0;
        if (!s->sel_cand[i]) continue;
        s->sel_idx[c] = i;
        s->sel_keys[c] = cs_select_key_of(s->sel_score[i], s->agents.gid0 + i);
        s->sel_ccost[c++] = s->sel_cost[i];
    }
    int rc;
    *spent = 0;
    switch (q->kind) {
    case CS_SELECT_SHARE:
        rc = cs_select_share(s->sel_keys, c, q->share, s->cfg.comm, s->sel_cchosen, n_chosen);
        break;
    case CS_SELECT_TOP_K: rc = cs_select_top_k(s->sel_keys, c, q->k, s->cfg.comm, s->sel_cchosen, n_chosen); break;
    default:
        rc = cs_select_budget(s->sel_keys, s->sel_ccost, c, q->budget, s->cfg.comm, s->sel_cchosen, n_chosen, spent);
        break;
    }
    for (size_t k = 0; k < c && rc == CS_OK; k++) s->sel_chosen[s->sel_idx[k]] = s->sel_cchosen[k];
    return rc;
}

/* Tonight's selections over the thread's slice [lo, hi) (called by every
 * thread of the team). */
static void cs_sim_selections_(cs_sim *s, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    const cs_model_ops *ops = s->ops;
    for (size_t k = 0; k < s->n_sel; k++) {
        ops->select_mark(s->model, &s->agents, lo, hi, d, k, k ? s->sel_prev : NULL, s->sel_score, s->sel_cost,
                         s->sel_cand);
#pragma omp barrier
#pragma omp master
        {
            uint64_t chosen = 0;
            int64_t spent = 0;
            int rc = cs_sim_choose_(s, &s->sel[k], &chosen, &spent);
            if (rc && !s->sel_rc) s->sel_rc = rc;
            if (ops->select_done) ops->select_done(s->model, d, k, chosen, spent);
        }
#pragma omp barrier
        ops->select_apply(s->model, &s->agents, lo, hi, d, k, s->sel_chosen, t);
        for (size_t i = lo; i < hi; i++) s->sel_prev[i] = s->sel_chosen[i];
#pragma omp barrier
    }
}

/* The day before night `night` of replicate `run_key`. */
static cs_day cs_sim_day_(const cs_sim *s, int32_t night, uint64_t run_key)
{
    cs_day d = {.night = night, .n_nights = s->cfg.nights, .run_key = run_key};
    d.day_of_year = (s->cfg.start_day_of_year - 1 + night) % 365 + 1;
    return d;
}

/* Adds every thread's counts of tonight into the period row, then clears them. */
static void cs_sim_fold_night_(cs_sim *s, int32_t rep, int32_t night, int team)
{
    const cs_layout *L = &s->layout;
    const size_t n = L->n_series * L->n_strata;
    int64_t *row = cs_results_series_row(&s->results, (size_t)rep, (size_t)(night / s->cfg.period_nights));
    for (int t = 0; t < team; t++) {
        int64_t *src = s->tallies[t].series;
        for (size_t k = 0; k < n; k++) row[k] += src[k];
        memset(src, 0, n * sizeof *src);
    }
}

/* Zeroes replicate `rep`'s columns, results and the threads' tallies: a
 * replicate run again starts from zero, not from its earlier results. */
static void cs_sim_start_afresh_(cs_sim *s, int32_t rep)
{
    const cs_layout *L = &s->layout;
    const size_t row = L->n_series * L->n_strata;
    cs_agents_clear(L, s->agents.n);
    memset(cs_results_series_row(&s->results, (size_t)rep, 0), 0, s->results.periods * row * sizeof(int64_t));
    memset(cs_results_summary_block(&s->results, (size_t)rep), 0, cs_layout_summary_size(L) * sizeof(int64_t));
    for (int t = 0; t < s->cfg.threads; t++) {
        memset(s->tallies[t].series, 0, row * sizeof(int64_t));
        memset(s->tallies[t].summary, 0, cs_layout_summary_size(L) * sizeof(int64_t));
    }
}

void cs_sim_fold_summary(cs_sim *s, int32_t rep)
{
    int64_t *block = cs_results_summary_block(&s->results, (size_t)rep);
    const size_t m = cs_layout_summary_size(&s->layout);
    for (int t = 0; t < s->cfg.threads; t++) {
        int64_t *src = s->tallies[t].summary;
        for (size_t k = 0; k < m; k++) block[k] += src[k];
        memset(src, 0, m * sizeof *src);
    }
}

int cs_sim_run_from(cs_sim *s, int32_t rep, int32_t first_night, cs_sim_night_fn hook, void *ctx)
{
    return cs_sim_run_until(s, rep, first_night, s->cfg.nights, hook, ctx);
}

int cs_sim_run_until(cs_sim *s, int32_t rep, int32_t first_night, int32_t end_night, cs_sim_night_fn hook,
                     void *ctx)
{
    const size_t n = s->agents.n;
    const uint64_t run_key = cs_stream_run_key(s->cfg.seed, (uint64_t)rep);
    if (rep < 0 || rep >= s->cfg.replicates || first_night < 0 || (first_night > 0 && first_night >= s->cfg.nights) ||
        end_night <= first_night || end_night > s->cfg.nights)
        return CS_ERR_INTERNAL;
    if (first_night == 0) cs_sim_start_afresh_(s, rep);
    /* from a checkpoint, the night before: what finish sees if no night is left */
    cs_day day = cs_sim_day_(s, first_night > 0 ? first_night - 1 : 0, run_key);
    int team = 1, stop = CS_OK;
    s->sel_rc = CS_OK;
    uint32_t due = 0; /* surveys asked today */

#pragma omp parallel num_threads(s->cfg.threads)
    {
        const int tid = omp_get_thread_num(), nt = omp_get_num_threads();
        const size_t lo = n * (size_t)tid / (size_t)nt, hi = n * (size_t)(tid + 1) / (size_t)nt;
        cs_tally *t = &s->tallies[tid];
#pragma omp single
        team = nt;
        if (first_night == 0) cs_sim_phase_(s, CS_PHASE_INIT, 0, lo, hi, &day, t);
#pragma omp barrier /* `day` is rewritten for the first night below while slices may still read it */
        for (int32_t night = first_night; night < end_night; night++) {
#pragma omp single
            {
                day = cs_sim_day_(s, night, run_key);
                due = cs_sim_surveys_due_(s, night);
                if (s->ops->begin_day) s->ops->begin_day(s->model, &day);
                s->n_sel = s->sel_score && s->ops->selections_due
                               ? s->ops->selections_due(s->model, &day, s->sel, CS_MAX_SELECTIONS)
                               : 0;
            }
            if (s->n_sel) cs_sim_selections_(s, lo, hi, &day, t);
            cs_sim_day_and_night_(s, due, lo, hi, &day, t);
#pragma omp barrier
#pragma omp master /* MPI is funnelled: the hook may call it */
            {
                cs_sim_fold_night_(s, rep, night, team);
                if (hook) stop = hook(ctx, rep, night + 1);
            }
#pragma omp barrier
            if (stop != CS_OK) break; /* every thread reads the same value after the barrier */
        }
        if (stop == CS_OK && end_night == s->cfg.nights)
            cs_sim_phase_(s, CS_PHASE_FINISH, cs_sim_surveys_due_(s, s->cfg.nights), lo, hi, &day, t);
    }

    if (stop != CS_OK) return stop;
    if (s->sel_rc) return s->sel_rc;
    cs_sim_fold_summary(s, rep);
    return CS_OK;
}

/* Index of the column of `s` named `name`, or n_columns. */
static size_t cs_sim_column_index_(const cs_sim *s, const char *name)
{
    size_t k = 0;
    while (k < s->layout.n_columns && strcmp(s->layout.columns[k].name, name) != 0) k++;
    return k;
}

/* Index of the summary of L named `name` with `width` classes, or n_summary. */
static size_t cs_sim_summary_index_(const cs_layout *L, const char *name, size_t width)
{
    size_t k = 0;
    while (k < L->n_summary && (strcmp(L->summary[k].name, name) != 0 || L->summary_width[k] != width)) k++;
    return k;
}

/* Nonzero when the two simulations tally the same series over the same
 * strata and periods, for the same agents. */
static int cs_sim_same_frame_(const cs_sim *a, const cs_sim *b)
{
    const cs_layout *A = &a->layout, *B = &b->layout;
    if (A->n_series != B->n_series || A->n_strata != B->n_strata || a->agents.n != b->agents.n ||
        a->agents.gid0 != b->agents.gid0 || a->results.periods != b->results.periods ||
        a->results.replicates != b->results.replicates)
        return 0;
    for (size_t k = 0; k < A->n_series; k++)
        if (strcmp(A->series[k].name, B->series[k].name) != 0) return 0;
    return 1;
}

int cs_sim_branch(cs_sim *to, cs_sim *from, int32_t rep, int32_t night)
{
    const cs_layout *T = &to->layout, *F = &from->layout;
    if (rep < 0 || rep >= to->cfg.replicates || night <= 0 || night >= to->cfg.nights || !cs_sim_same_frame_(to, from))
        return CS_ERR_INTERNAL;
    for (size_t k = 0; k < T->n_columns; k++) {
        const size_t j = cs_sim_column_index_(from, T->columns[k].name);
        if (j == F->n_columns || F->columns[j].type != T->columns[k].type) return CS_ERR_INTERNAL;
    }
    cs_sim_fold_summary(from, rep);
    cs_sim_start_afresh_(to, rep);
    const size_t n = to->agents.n ? to->agents.n : 1;
    for (size_t k = 0; k < T->n_columns; k++) {
        const size_t j = cs_sim_column_index_(from, T->columns[k].name);
        memcpy(*T->columns[k].slot, *F->columns[j].slot, n * cs_ctype_size(T->columns[k].type));
    }
    /* the whole replicate: periods after the warm-up are zero in both */
    memcpy(cs_results_series_row(&to->results, (size_t)rep, 0), cs_results_series_row(&from->results, (size_t)rep, 0),
           to->results.periods * T->n_series * T->n_strata * sizeof(int64_t));
    int64_t *dst = cs_results_summary_block(&to->results, (size_t)rep);
    const int64_t *src = cs_results_summary_block(&from->results, (size_t)rep);
    for (size_t k = 0; k < T->n_summary; k++) {
        const size_t j = cs_sim_summary_index_(F, T->summary[k].name, T->summary_width[k]);
        if (j < F->n_summary)
            memcpy(dst + T->summary_off[k], src + F->summary_off[j],
                   (T->summary_off[k + 1] - T->summary_off[k]) * sizeof(int64_t));
    }
    return CS_OK;
}

/* Adapts a progress callback to a night hook. */
typedef struct cs_sim_progress_ctx_ {
    cs_sim_progress_fn fn;
    void *ctx;
} cs_sim_progress_ctx_;

static int cs_sim_progress_hook_(void *ctx, int32_t rep, int32_t nights_done)
{
    const cs_sim_progress_ctx_ *p = ctx;
    p->fn(p->ctx, rep, nights_done);
    return CS_OK;
}

int cs_sim_run_replicate(cs_sim *s, int32_t rep, cs_sim_progress_fn progress, void *ctx)
{
    cs_sim_progress_ctx_ p = {progress, ctx};
    return cs_sim_run_from(s, rep, 0, progress ? cs_sim_progress_hook_ : NULL, &p);
}

int cs_sim_reduce(cs_sim *s)
{
    const cs_layout *L = &s->layout;
    cs_results *r = &s->results;
    size_t counts[2] = {r->replicates * r->periods * L->n_series * L->n_strata,
                        r->replicates * cs_layout_summary_size(L)};
    int64_t *bufs[2] = {r->series, r->summary};
    for (int k = 0; k < 2; k++) {
        /* in chunks: MPI counts are int */
        for (size_t off = 0; off < counts[k]; off += (size_t)1 << 28) {
            size_t c = counts[k] - off < ((size_t)1 << 28) ? counts[k] - off : ((size_t)1 << 28);
            int err = s->rank == 0
                          ? MPI_Reduce(MPI_IN_PLACE, bufs[k] + off, (int)c, MPI_INT64_T, MPI_SUM, 0, s->cfg.comm)
                          : MPI_Reduce(bufs[k] + off, NULL, (int)c, MPI_INT64_T, MPI_SUM, 0, s->cfg.comm);
            if (err != MPI_SUCCESS) return CS_ERR_MPI;
        }
    }
    return CS_OK;
}

/* ---- accessors ------------------------------------------------------- */

const cs_results *cs_sim_results(const cs_sim *s) { return &s->results; }
const cs_model_ops *cs_sim_model(const cs_sim *s) { return s->ops; }
const void *cs_sim_model_state(const cs_sim *s) { return s->model; }
const cs_agents *cs_sim_agents(const cs_sim *s) { return &s->agents; }
const cs_sim_config *cs_sim_cfg(const cs_sim *s) { return &s->cfg; }
double cs_sim_column_bytes_per_agent(const cs_sim *s) { return (double)cs_agents_bytes_per_agent(&s->layout); }
size_t cs_sim_bytes(const cs_sim *s) { return cs_mem_bytes(s->mem); }
size_t cs_sim_n_columns(const cs_sim *s) { return s->layout.n_columns; }

int64_t *cs_sim_series_data(cs_sim *s, size_t *n)
{
    const cs_results *r = &s->results;
    *n = r->replicates * r->periods * s->layout.n_series * s->layout.n_strata;
    return r->series;
}

int64_t *cs_sim_summary_data(cs_sim *s, size_t *n)
{
    *n = s->results.replicates * cs_layout_summary_size(&s->layout);
    return s->results.summary;
}

void *cs_sim_column_data(cs_sim *s, size_t k) { return k < s->layout.n_columns ? *s->layout.columns[k].slot : NULL; }

size_t cs_sim_model_save_size(const cs_sim *s)
{
    return s->ops->checkpoint_size && s->ops->checkpoint_save && s->ops->checkpoint_restore
               ? s->ops->checkpoint_size(s->model)
               : 0;
}

void cs_sim_model_save(const cs_sim *s, void *buf)
{
    if (cs_sim_model_save_size(s)) s->ops->checkpoint_save(s->model, buf);
}

void cs_sim_model_restore(cs_sim *s, const void *buf)
{
    if (cs_sim_model_save_size(s)) s->ops->checkpoint_restore(s->model, buf);
}

int cs_sim_column(const cs_sim *s, size_t k, const char **name, cs_ctype *type, const void **data,
                  const char **unit, const char **help, int *output)
{
    if (k >= s->layout.n_columns) return CS_ERR_INTERNAL;
    const cs_column_decl *c = &s->layout.columns[k];
    *name = c->name;
    *type = c->type;
    *data = *c->slot;
    *unit = c->unit;
    *help = c->help;
    *output = c->output;
    return CS_OK;
}
