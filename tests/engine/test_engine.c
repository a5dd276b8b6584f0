/* test_engine.c -- the nightly loop (cs_sim) on a toy model defined here,
 * checked against a naive serial oracle.
 *
 * The toy: each agent draws one Bernoulli per night from its own stream
 * (cs_stream_first) with a probability that depends on its global id, and
 * counts its events in a u32 column; strata are gid % 3 x gid % 2; one
 * series measure counts events, another agent-nights; one summary measure
 * is a histogram of events per agent.  Further columns count how often
 * each phase ran on each agent.  The oracle loops over every gid and night
 * in one thread; the engine must give the same integers for any number of
 * threads, block boundaries and MPI ranks (this test runs under mpiexec
 * with 1 and 3 ranks and compares the reduced results on rank 0).  Surveys:
 * the toy answers each with a histogram of events so far, which must equal
 * the oracle's for a run that ends the night before the survey.
 */
#include <math.h>
#include <mpi.h>
#include <omp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_model.h"
#include "cs_params.h"
#include "cs_results.h"
#include "cs_sim.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "cs_test.h"

static int g_rank, g_size;

/* ---- the toy model ----------------------------------------------------- */

#define TOY_PURPOSE 7u
#define TOY_MAX_NIGHTS 512
#define TOY_STRATA 6
#define TOY_CLASSES 4

typedef struct toy {
    /* columns */
    uint32_t *events;     /* Bernoulli successes so far */
    uint8_t *inits;       /* init_agents calls */
    uint16_t *days;       /* step_day calls */
    int32_t *nights;      /* step_night calls */
    uint8_t *finishes;    /* finish calls */
    float *p;             /* tonight's probability */
    uint8_t *order_errors; /* phases seen out of order */
    uint8_t *asked;        /* survey hook calls */
    /* parameters */
    double p0, p_slope;
    int64_t slow_init_ms;
    /* measures */
    int s_events, s_agent_nights, m_hist;
    int m_survey[CS_MAX_SURVEYS]; /* per survey: agents by events before it */
    const cs_survey *surveys;     /* cs_setup_surveys */
    size_t n_surveys;
    /* begin_day, serial */
    int begin_calls;
    int32_t doy[TOY_MAX_NIGHTS];
    int begin_before_init_done; /* set when begin_day ran while an init was still going */
    int bad_slice;              /* a module saw hi > n or lo > hi */
} toy;

static double toy_p(const toy *m, uint64_t gid) { return m->p0 + m->p_slope * (double)(gid % 5); }
static size_t toy_stratum(uint64_t gid) { return (size_t)(gid % 3) * 2 + (size_t)(gid % 2); }
static size_t toy_class(uint32_t events) { return events == 0 ? 0 : events <= 2 ? 1 : events <= 5 ? 2 : 3; }

static void toy_check_slice(toy *m, const cs_agents *a, size_t lo, size_t hi)
{
    if (lo > hi || hi > a->n) {
#pragma omp atomic write
        m->bad_slice = 1;
    }
}

static void toy_init(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    (void)t;
    toy *m = model;
    toy_check_slice(m, a, lo, hi);
    for (size_t i = lo; i < hi; i++) {
        m->inits[i]++;
        if (d->night != 0 || m->days[i] || m->nights[i] || m->events[i]) m->order_errors[i]++;
    }
    if (m->slow_init_ms > 0 && hi == a->n && hi > lo) {
        /* the rank's last slice is slow: every other thread is done long before */
        double until = omp_get_wtime() + (double)m->slow_init_ms / 1000.0;
        while (omp_get_wtime() < until) {
        }
        int calls;
#pragma omp atomic read
        calls = m->begin_calls;
        if (calls) {
#pragma omp atomic write
            m->begin_before_init_done = 1;
        }
    }
}

static void toy_begin_day(void *model, const cs_day *d)
{
    toy *m = model;
    if (d->night >= 0 && d->night < TOY_MAX_NIGHTS) m->doy[d->night] = d->day_of_year;
#pragma omp atomic update
    m->begin_calls++;
}

static void toy_day(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    (void)t;
    toy *m = model;
    toy_check_slice(m, a, lo, hi);
    for (size_t i = lo; i < hi; i++) {
        if (m->days[i] != (uint16_t)d->night || m->nights[i] != d->night || m->inits[i] != 1) m->order_errors[i]++;
        m->days[i]++;
        m->p[i] = (float)toy_p(m, a->gid0 + i);
    }
}

static void toy_night(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    toy *m = model;
    toy_check_slice(m, a, lo, hi);
    const uint64_t key = cs_stream_key(d->run_key, TOY_PURPOSE, d->night);
    int64_t *events = cs_tally_series(t, m->s_events), *agent_nights = cs_tally_series(t, m->s_agent_nights);
    for (size_t i = lo; i < hi; i++) {
        const uint64_t gid = a->gid0 + i;
        if (m->days[i] != (uint16_t)(d->night + 1) || m->nights[i] != d->night) m->order_errors[i]++;
        m->nights[i]++;
        agent_nights[toy_stratum(gid)] += 1;
        if (cs_stream_below(cs_stream_first(key, gid), toy_p(m, gid))) {
            m->events[i]++;
            events[toy_stratum(gid)] += 1;
        }
    }
}

static void toy_finish(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    toy *m = model;
    toy_check_slice(m, a, lo, hi);
    int64_t *hist = cs_tally_summary(t, m->m_hist);
    for (size_t i = lo; i < hi; i++) {
        const uint64_t gid = a->gid0 + i;
        m->finishes[i]++;
        if (m->nights[i] != d->n_nights || d->night != d->n_nights - 1 || m->asked[i] != m->n_surveys)
            m->order_errors[i]++;
        hist[toy_stratum(gid) * TOY_CLASSES + toy_class(m->events[i])] += 1;
    }
}

/* Survey k asks: on its day before any step_day, or after the last night before finish. */
static void toy_survey(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t k, cs_tally *t)
{
    toy *m = model;
    toy_check_slice(m, a, lo, hi);
    int64_t *hist = cs_tally_summary(t, m->m_survey[k]);
    const int32_t at = k < m->n_surveys ? m->surveys[k].at_night : -1;
    for (size_t i = lo; i < hi; i++) {
        const int at_end = at == d->n_nights;
        /* the day's step_day has not run yet (at the end: every night has, finish has not) */
        if (at != (at_end ? d->night + 1 : d->night) || m->days[i] != (uint16_t)at || m->nights[i] != at ||
            m->finishes[i])
            m->order_errors[i]++;
        m->asked[i]++;
        hist[toy_stratum(a->gid0 + i) * TOY_CLASSES + toy_class(m->events[i])] += 1;
    }
}

static const char *const toy_g3[3] = {"g0", "g1", "g2"};
static const char *const toy_parity[2] = {"even", "odd"};
static const char *const toy_classes[TOY_CLASSES] = {"0", "1-2", "3-5", "6+"};

static int toy_setup(void *state, cs_setup *s)
{
    toy *m = state;
    cs_params *p = cs_setup_params(s);
    cs_msg *msg = cs_setup_msg(s);
    int rc = CS_OK;
    CS_TRY(cs_params_real(p, "toy.p0", msg, &m->p0));
    CS_TRY(cs_params_real(p, "toy.p_slope", msg, &m->p_slope));
    CS_TRY(cs_params_int(p, "toy.slow_init_ms", msg, &m->slow_init_ms));
    CS_TRY(cs_setup_column(s, "events", CS_COL_U32, (void **)&m->events, "events", "Bernoulli successes", 1));
    CS_TRY(cs_setup_column(s, "inits", CS_COL_U8, (void **)&m->inits, "calls", "init_agents calls", 0));
    CS_TRY(cs_setup_column(s, "days", CS_COL_U16, (void **)&m->days, "calls", "step_day calls", 0));
    CS_TRY(cs_setup_column(s, "nights", CS_COL_I32, (void **)&m->nights, "calls", "step_night calls", 0));
    CS_TRY(cs_setup_column(s, "finishes", CS_COL_U8, (void **)&m->finishes, "calls", "finish calls", 0));
    CS_TRY(cs_setup_column(s, "p", CS_COL_F32, (void **)&m->p, "1", "tonight's probability", 1));
    CS_TRY(cs_setup_column(s, "order_errors", CS_COL_U8, (void **)&m->order_errors, "1", "phases out of order", 0));
    const cs_dim dims[2] = {{"g3", 3, toy_g3}, {"parity", 2, toy_parity}};
    CS_TRY(cs_setup_strata(s, 2, dims));
    CS_TRY(cs_setup_series(s, "events", "events", "Bernoulli successes", &m->s_events));
    CS_TRY(cs_setup_series(s, "agent_nights", "agent-nights", "agents each night", &m->s_agent_nights));
    CS_TRY(cs_setup_summary(s, "events_hist", TOY_CLASSES, toy_classes, "agents", "agents by events", &m->m_hist));
    CS_TRY(cs_setup_column(s, "asked", CS_COL_U8, (void **)&m->asked, "calls", "survey hook calls", 0));
    m->n_surveys = cs_setup_surveys(s, &m->surveys);
    for (size_t k = 0; k < m->n_surveys; k++)
        CS_TRY(cs_setup_survey_summary(s, k, "events_hist", TOY_CLASSES, toy_classes, "agents",
                                       "agents by events before the survey", &m->m_survey[k]));
done:
    return rc;
}

/* Two modules: the phases are split between them as a model would. */
static const cs_module toy_modules[2] = {
    {"life", toy_init, toy_day, NULL, NULL, NULL},
    {"events", NULL, NULL, toy_night, toy_finish, toy_survey},
};

static const cs_model_ops toy_ops = {
    .name = "toy",
    .description = "Bernoulli events per agent-night",
    .state_size = sizeof(toy),
    .setup = toy_setup,
    .begin_day = toy_begin_day,
    .modules = toy_modules,
    .n_modules = 2,
};

const cs_model_ops *const cs_builtin_models[] = {&toy_ops, NULL};

/* ---- setup helpers ------------------------------------------------------- */

#define TOY_P0 0.05
#define TOY_SLOPE 0.1

static cs_params *toy_params(int64_t slow_init_ms)
{
    cs_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_params_create(&p), CS_OK);
    const cs_param rows[] = {
        {.path = "toy.p0", .kind = CS_PARAM_MODEL, .type = CS_PARAM_REAL, .lo = 0, .hi = 1, .real = TOY_P0},
        {.path = "toy.p_slope", .kind = CS_PARAM_MODEL, .type = CS_PARAM_REAL, .lo = 0, .hi = 1, .real = TOY_SLOPE},
        {.path = "toy.slow_init_ms", .kind = CS_PARAM_MODEL, .type = CS_PARAM_INT, .lo = 0, .hi = 1000,
         .integer = slow_init_ms},
    };
    for (size_t k = 0; k < sizeof rows / sizeof rows[0]; k++) CU_ASSERT_EQUAL(cs_params_add(p, &rows[k]), CS_OK);
    return p;
}

static cs_sim_config toy_cfg(uint64_t n, int threads, int32_t nights, int32_t period)
{
    return (cs_sim_config){.n_global = n,
                           .seed = 20240601,
                           .replicates = 2,
                           .nights = nights,
                           .start_day_of_year = 1,
                           .period_nights = period,
                           .threads = threads,
                           .comm = MPI_COMM_WORLD};
}

/* Creates a toy simulation; every rank must call it. */
static cs_sim *toy_sim(cs_params *p, const cs_sim_config *cfg)
{
    cs_sim *s = NULL;
    cs_msg msg = {.quiet = g_rank != 0};
    int rc = cs_sim_create(&toy_ops, p, cfg, &msg, &s);
    CU_ASSERT_EQUAL_FATAL(rc, CS_OK);
    CU_ASSERT_PTR_NOT_NULL_FATAL(s);
    return s;
}

/* ---- the oracle ------------------------------------------------------------ */

typedef struct expected {
    size_t periods;
    int64_t *events;       /* [period][stratum] */
    int64_t *agent_nights; /* [period][stratum] */
    int64_t hist[TOY_STRATA][TOY_CLASSES];
} expected;

/* One replicate, every gid and night in turn, in one thread. */
static expected oracle(uint64_t n, uint64_t seed, int32_t rep, int32_t nights, int32_t period)
{
    expected e = {.periods = (size_t)((nights + period - 1) / period)};
    e.events = calloc(e.periods * TOY_STRATA, sizeof *e.events);
    e.agent_nights = calloc(e.periods * TOY_STRATA, sizeof *e.agent_nights);
    const toy m = {.p0 = TOY_P0, .p_slope = TOY_SLOPE};
    const uint64_t run_key = cs_stream_run_key(seed, (uint64_t)rep);
    for (uint64_t gid = 0; gid < n; gid++) {
        uint32_t count = 0;
        for (int32_t night = 0; night < nights; night++) {
            const uint64_t key = cs_stream_key(run_key, TOY_PURPOSE, night);
            const size_t at = (size_t)(night / period) * TOY_STRATA + toy_stratum(gid);
            e.agent_nights[at]++;
            if (cs_stream_below(cs_stream_first(key, gid), toy_p(&m, gid))) {
                count++;
                e.events[at]++;
            }
        }
        e.hist[toy_stratum(gid)][toy_class(count)]++;
    }
    return e;
}

static void expected_free(expected *e)
{
    free(e->events);
    free(e->agent_nights);
}

/* Rank 0: the reduced results of replicate `rep` equal the oracle's. */
static int matches_oracle(const cs_sim *s, int32_t rep, const expected *e)
{
    const cs_results *r = cs_sim_results(s);
    const toy *m = cs_sim_model_state(s);
    int same = cs_results_periods(r) == e->periods && cs_results_strata(r) == TOY_STRATA;
    for (size_t p = 0; same && p < e->periods; p++)
        for (size_t k = 0; k < TOY_STRATA; k++) {
            same &= cs_results_series(r, m->s_events, (size_t)rep, p, k) == e->events[p * TOY_STRATA + k];
            same &= cs_results_series(r, m->s_agent_nights, (size_t)rep, p, k) == e->agent_nights[p * TOY_STRATA + k];
        }
    for (size_t k = 0; same && k < TOY_STRATA; k++)
        for (size_t c = 0; c < TOY_CLASSES; c++)
            same &= cs_results_summary(r, m->m_hist, (size_t)rep, k, c) == e->hist[k][c];
    return same;
}

/* Every local agent ran each phase exactly as often as it should. */
static int phases_ran_once_per_night(const cs_sim *s, int32_t nights)
{
    const toy *m = cs_sim_model_state(s);
    const cs_agents *a = cs_sim_agents(s);
    int ok = !m->bad_slice;
    for (size_t i = 0; i < a->n; i++)
        ok &= m->inits[i] == 1 && m->days[i] == nights && m->nights[i] == nights && m->finishes[i] == 1 &&
              m->asked[i] == m->n_surveys && m->order_errors[i] == 0;
    return ok;
}

/* Collective: 1 on every rank when `ok` holds on every rank. */
static int all_ranks(int ok)
{
    int all = 0;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    return all;
}

/* ---- tests ------------------------------------------------------------------ */

static const uint64_t populations[] = {1, 7, 2048, 2049, 10007};
static const int thread_counts[] = {1, 2, 3, 5};

static void test_results_equal_the_serial_oracle_for_any_threads_blocks_and_ranks(void)
{
    const int32_t nights = 20;
    cs_params *p = toy_params(0);
    for (size_t k = 0; k < sizeof populations / sizeof populations[0]; k++) {
        const uint64_t n = populations[k];
        expected e[2] = {oracle(n, 20240601, 0, nights, 7), oracle(n, 20240601, 1, nights, 7)};
        for (size_t t = 0; t < sizeof thread_counts / sizeof thread_counts[0]; t++) {
            cs_sim_config cfg = toy_cfg(n, thread_counts[t], nights, 7);
            cs_sim *s = toy_sim(p, &cfg);
            int phases_ok = 1;
            for (int32_t rep = 0; rep < 2; rep++) {
                CU_ASSERT_EQUAL(cs_sim_run_replicate(s, rep, NULL, NULL), CS_OK);
                phases_ok &= phases_ran_once_per_night(s, nights);
            }
            CU_ASSERT(all_ranks(phases_ok));
            CU_ASSERT_EQUAL(cs_sim_reduce(s), CS_OK);
            if (g_rank == 0) {
                for (int32_t rep = 0; rep < 2; rep++) {
                    int same = matches_oracle(s, rep, &e[rep]);
                    CU_ASSERT(same);
                    if (!same)
                        fprintf(stderr, "\n  N=%llu threads=%d rep=%d ranks=%d differs from the oracle\n",
                                (unsigned long long)n, thread_counts[t], rep, g_size);
                }
            }
            cs_sim_destroy(&s);
            CU_ASSERT_PTR_NULL(s);
        }
        expected_free(&e[0]);
        expected_free(&e[1]);
    }
    cs_params_destroy(&p);
}

static void test_surveys_are_asked_on_their_day_before_its_events_for_any_threads_and_ranks(void)
{
    const int32_t nights = 40;
    /* on day 1, mid-run, twice on one day, and after the last night */
    const cs_survey surveys[4] = {{"first", "", 1, 1}, {"mid", "about the middle", 5, 23},
                                  {"mid_again", "", 23, 23}, {"end", "", 40, 40}};
    cs_params *p = toy_params(0);
    for (size_t k = 0; k < sizeof populations / sizeof populations[0]; k++) {
        const uint64_t n = populations[k];
        for (size_t t = 0; t < sizeof thread_counts / sizeof thread_counts[0]; t += 2) {
            cs_sim_config cfg = toy_cfg(n, thread_counts[t], nights, 7);
            cfg.surveys = surveys;
            cfg.n_surveys = 4;
            cs_sim *s = toy_sim(p, &cfg);
            const toy *m = cs_sim_model_state(s);
            CU_ASSERT_EQUAL_FATAL(m->n_surveys, 4);
            CU_ASSERT_STRING_EQUAL(m->surveys[1].description, "about the middle");
            CU_ASSERT_PTR_NOT_EQUAL(m->surveys, surveys); /* the engine's copy */
            CU_ASSERT_EQUAL(cs_sim_run_replicate(s, 1, NULL, NULL), CS_OK);
            CU_ASSERT(all_ranks(phases_ran_once_per_night(s, nights)));
            CU_ASSERT_EQUAL(cs_sim_reduce(s), CS_OK);
            const cs_results *r = cs_sim_results(s);
            if (g_rank == 0) {
                for (size_t q = 0; q < 4; q++) {
                    expected e = oracle(n, 20240601, 1, surveys[q].at_night, 7);
                    int same = 1;
                    for (size_t st = 0; st < TOY_STRATA; st++)
                        for (size_t c = 0; c < TOY_CLASSES; c++)
                            same &= cs_results_summary(r, m->m_survey[q], 1, st, c) == e.hist[st][c];
                    CU_ASSERT(same);
                    if (!same)
                        fprintf(stderr, "\n  N=%llu threads=%d survey %s differs from the oracle at night %d\n",
                                (unsigned long long)n, thread_counts[t], surveys[q].name, surveys[q].at_night);
                    expected_free(&e);
                }
                /* named after the survey, which the layout remembers for the writer */
                CU_ASSERT_STRING_EQUAL(r->layout->summary[m->m_survey[1]].name, "survey.mid.events_hist");
                CU_ASSERT_EQUAL(r->layout->summary[m->m_survey[1]].survey->recall_nights, 5);
                CU_ASSERT_PTR_NULL(r->layout->summary[m->m_hist].survey);
            }
            cs_sim_destroy(&s);
        }
    }
    cs_params_destroy(&p);
}

static void test_malformed_surveys_are_refused_at_create(void)
{
    cs_params *p = toy_params(0);
    const cs_survey bad[3] = {{"late", "", 5, 4}, {"", "", 1, 1}, {"zero", "", 0, 3}};
    for (size_t k = 0; k < 3; k++) {
        cs_sim_config cfg = toy_cfg(10, 1, 10, 7);
        cfg.surveys = &bad[k];
        cfg.n_surveys = 1;
        cs_sim *s = (cs_sim *)&s;
        cs_msg msg = {.quiet = 1};
        CU_ASSERT_EQUAL(cs_sim_create(&toy_ops, p, &cfg, &msg, &s), CS_ERR_INTERNAL);
        CU_ASSERT_PTR_NULL(s);
    }
    cs_sim_config cfg = toy_cfg(10, 1, 10, 7);
    cs_survey many[CS_MAX_SURVEYS + 1];
    for (size_t k = 0; k <= CS_MAX_SURVEYS; k++) many[k] = (cs_survey){"s", "", 1, 1};
    cfg.surveys = many;
    cfg.n_surveys = CS_MAX_SURVEYS + 1;
    cs_sim *s = NULL;
    cs_msg msg = {.quiet = 1};
    CU_ASSERT_EQUAL(cs_sim_create(&toy_ops, p, &cfg, &msg, &s), CS_ERR_INTERNAL);
    cs_params_destroy(&p);
}

static void test_ranks_own_contiguous_balanced_blocks_in_order(void)
{
    cs_params *p = toy_params(0);
    for (size_t k = 0; k < sizeof populations / sizeof populations[0]; k++) {
        const uint64_t n = populations[k];
        cs_sim_config cfg = toy_cfg(n, 1, 1, 1);
        cs_sim *s = toy_sim(p, &cfg);
        const cs_agents *a = cs_sim_agents(s);
        CU_ASSERT_EQUAL(a->n_global, n);
        unsigned long long mine[2] = {a->gid0, a->n}, *all = calloc(2 * (size_t)g_size, sizeof *all);
        MPI_Gather(mine, 2, MPI_UNSIGNED_LONG_LONG, all, 2, MPI_UNSIGNED_LONG_LONG, 0, MPI_COMM_WORLD);
        if (g_rank == 0) {
            unsigned long long next = 0, lo = n, hi = 0;
            for (int r = 0; r < g_size; r++) {
                CU_ASSERT_EQUAL(all[2 * r], next); /* starts where the previous rank ended */
                next = all[2 * r] + all[2 * r + 1];
                lo = all[2 * r + 1] < lo ? all[2 * r + 1] : lo;
                hi = all[2 * r + 1] > hi ? all[2 * r + 1] : hi;
            }
            CU_ASSERT_EQUAL(next, n);  /* every gid owned */
            CU_ASSERT(hi - lo <= 1);   /* balanced */
        }
        free(all);
        cs_sim_destroy(&s);
    }
    cs_params_destroy(&p);
}

/* All reduced results of replicate `rep` of a and b, on rank 0. */
static int same_results(const cs_sim *a, int32_t ra, const cs_sim *b, int32_t rb)
{
    const cs_results *x = cs_sim_results(a), *y = cs_sim_results(b);
    const toy *m = cs_sim_model_state(a);
    int same = cs_results_periods(x) == cs_results_periods(y);
    for (size_t p = 0; same && p < cs_results_periods(x); p++)
        for (size_t k = 0; k < TOY_STRATA; k++)
            same &= cs_results_series(x, m->s_events, (size_t)ra, p, k) ==
                    cs_results_series(y, m->s_events, (size_t)rb, p, k);
    for (size_t k = 0; same && k < TOY_STRATA; k++)
        for (size_t c = 0; c < TOY_CLASSES; c++)
            same &= cs_results_summary(x, m->m_hist, (size_t)ra, k, c) ==
                    cs_results_summary(y, m->m_hist, (size_t)rb, k, c);
    return same;
}

static int64_t total_events(const cs_sim *s, int32_t rep)
{
    const toy *m = cs_sim_model_state(s);
    int64_t sum = 0;
    for (size_t k = 0; k < TOY_STRATA; k++)
        sum += cs_results_series_total(cs_sim_results(s), m->s_events, (size_t)rep, k);
    return sum;
}

static void test_replicates_differ_and_the_same_seed_and_replicate_repeat(void)
{
    cs_params *p = toy_params(0);
    cs_sim_config cfg = toy_cfg(5000, 2, 15, 7);
    cs_sim *a = toy_sim(p, &cfg), *b = toy_sim(p, &cfg);
    cfg.seed += 1;
    cs_sim *c = toy_sim(p, &cfg);
    for (int32_t rep = 0; rep < 2; rep++) {
        CU_ASSERT_EQUAL(cs_sim_run_replicate(a, rep, NULL, NULL), CS_OK);
        CU_ASSERT_EQUAL(cs_sim_run_replicate(b, 1 - rep, NULL, NULL), CS_OK); /* in the other order */
        CU_ASSERT_EQUAL(cs_sim_run_replicate(c, rep, NULL, NULL), CS_OK);
    }
    CU_ASSERT_EQUAL(cs_sim_reduce(a), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_reduce(b), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_reduce(c), CS_OK);
    if (g_rank == 0) {
        CU_ASSERT(same_results(a, 0, b, 0));
        CU_ASSERT(same_results(a, 1, b, 1));
        CU_ASSERT(!same_results(a, 0, a, 1)); /* replicates use different streams */
        CU_ASSERT(!same_results(a, 0, c, 0)); /* so do seeds */
        CU_ASSERT(total_events(a, 0) != total_events(a, 1));
        /* about 5000 x 15 x 0.25 events: the draws are live */
        CU_ASSERT(total_events(a, 0) > 15000 && total_events(a, 0) < 22500);
    }
    cs_sim_destroy(&a);
    cs_sim_destroy(&b);
    cs_sim_destroy(&c);
    cs_params_destroy(&p);
}

static void test_daily_and_weekly_periods_fold_the_same_nights(void)
{
    const int32_t nights = 30; /* 4 full weeks and a 2-night tail */
    cs_params *p = toy_params(0);
    cs_sim_config cfg = toy_cfg(3001, 3, nights, 1);
    cs_sim *daily = toy_sim(p, &cfg);
    cfg.period_nights = 7;
    cs_sim *weekly = toy_sim(p, &cfg);
    CU_ASSERT_EQUAL(cs_sim_run_replicate(daily, 1, NULL, NULL), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_run_replicate(weekly, 1, NULL, NULL), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_reduce(daily), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_reduce(weekly), CS_OK);
    if (g_rank == 0) {
        const cs_results *d = cs_sim_results(daily), *w = cs_sim_results(weekly);
        const toy *m = cs_sim_model_state(daily);
        CU_ASSERT_EQUAL(cs_results_periods(d), 30);
        CU_ASSERT_EQUAL(cs_results_periods(w), 5);
        CU_ASSERT_EQUAL(cs_results_period_nights(d), 1);
        CU_ASSERT_EQUAL(cs_results_period_nights(w), 7);
        for (size_t k = 0; k < TOY_STRATA; k++) {
            for (int id = 0; id < 2; id++) {
                CU_ASSERT_EQUAL(cs_results_series_total(d, id, 1, k), cs_results_series_total(w, id, 1, k));
                for (size_t wk = 0; wk < 5; wk++) {
                    int64_t sum = 0;
                    for (size_t day = 7 * wk; day < 7 * wk + 7 && day < 30; day++)
                        sum += cs_results_series(d, id, 1, day, k);
                    CU_ASSERT_EQUAL(cs_results_series(w, id, 1, wk, k), sum);
                }
            }
            /* the last period holds 2 nights of agent-nights */
            CU_ASSERT_EQUAL(cs_results_series(w, m->s_agent_nights, 1, 4, k),
                            2 * cs_results_series(d, m->s_agent_nights, 1, 0, k));
        }
        /* replicate 0 was never run: all zero */
        CU_ASSERT_EQUAL(total_events(daily, 0), 0);
    }
    cs_sim_destroy(&daily);
    cs_sim_destroy(&weekly);
    cs_params_destroy(&p);
}

static void test_column_bytes_per_agent_is_the_sum_of_declared_sizes(void)
{
    cs_params *p = toy_params(0);
    cs_sim_config cfg = toy_cfg(1000, 1, 1, 1);
    cs_sim *s = toy_sim(p, &cfg);
    /* u32 + u8 + u16 + i32 + u8 + f32 + u8 + u8 */
    CU_ASSERT_EQUAL(cs_sim_column_bytes_per_agent(s), 4 + 1 + 2 + 4 + 1 + 4 + 1 + 1);
    CU_ASSERT(cs_sim_bytes(s) >= 18 * cs_sim_agents(s)->n);
    CU_ASSERT_EQUAL(cs_sim_n_columns(s), 8);
    static const char *const names[8] = {"events", "inits", "days", "nights", "finishes", "p", "order_errors",
                                         "asked"};
    static const cs_ctype types[8] = {CS_COL_U32, CS_COL_U8,  CS_COL_U16, CS_COL_I32,
                                      CS_COL_U8,  CS_COL_F32, CS_COL_U8,  CS_COL_U8};
    static const int outputs[8] = {1, 0, 0, 0, 0, 1, 0, 0};
    const toy *m = cs_sim_model_state(s);
    const void *slots[8] = {m->events, m->inits, m->days, m->nights, m->finishes, m->p, m->order_errors, m->asked};
    for (size_t k = 0; k < 8; k++) {
        const char *name = NULL, *unit = NULL, *help = NULL;
        cs_ctype type;
        const void *data = NULL;
        int output = -1;
        CU_ASSERT_EQUAL_FATAL(cs_sim_column(s, k, &name, &type, &data, &unit, &help, &output), CS_OK);
        CU_ASSERT_STRING_EQUAL(name, names[k]);
        CU_ASSERT_EQUAL(type, types[k]);
        CU_ASSERT_PTR_EQUAL(data, slots[k]);
        CU_ASSERT_EQUAL(output, outputs[k]);
        CU_ASSERT_PTR_NOT_NULL(unit);
        CU_ASSERT_PTR_NOT_NULL(help);
    }
    const char *name;
    cs_ctype type;
    const void *data;
    const char *unit, *help;
    int output;
    CU_ASSERT_EQUAL(cs_sim_column(s, 8, &name, &type, &data, &unit, &help, &output), CS_ERR_INTERNAL);
    CU_ASSERT_EQUAL(cs_ctype_size(CS_COL_U8), 1);
    CU_ASSERT_EQUAL(cs_ctype_size(CS_COL_U16), 2);
    CU_ASSERT_EQUAL(cs_ctype_size(CS_COL_U32), 4);
    CU_ASSERT_EQUAL(cs_ctype_size(CS_COL_I32), 4);
    CU_ASSERT_EQUAL(cs_ctype_size(CS_COL_F32), 4);
    CU_ASSERT_PTR_EQUAL(cs_sim_model(s), &toy_ops);
    CU_ASSERT_EQUAL(cs_sim_cfg(s)->n_global, 1000);
    CU_ASSERT_PTR_EQUAL(cs_model_find("toy"), &toy_ops);
    CU_ASSERT_PTR_NULL(cs_model_find("leg_cramps"));
    cs_sim_destroy(&s);
    cs_params_destroy(&p);
}

static void test_each_phase_runs_once_per_agent_per_night_and_columns_are_cleared(void)
{
    cs_params *p = toy_params(0);
    cs_sim_config cfg = toy_cfg(4099, 3, 9, 7);
    cs_sim *s = toy_sim(p, &cfg);
    const toy *m = cs_sim_model_state(s);
    CU_ASSERT_EQUAL(cs_sim_run_replicate(s, 0, NULL, NULL), CS_OK);
    CU_ASSERT(all_ranks(phases_ran_once_per_night(s, 9)));
    /* the second replicate starts from zeroed columns: init sees no leftovers */
    CU_ASSERT_EQUAL(cs_sim_run_replicate(s, 1, NULL, NULL), CS_OK);
    CU_ASSERT(all_ranks(phases_ran_once_per_night(s, 9)));
    /* begin_day: once per night, serial */
    CU_ASSERT_EQUAL(m->begin_calls, 18);
    /* each agent's column holds its own draws */
    const cs_agents *a = cs_sim_agents(s);
    int ok = 1;
    for (size_t i = 0; i < a->n; i++) ok &= m->p[i] == (float)toy_p(m, a->gid0 + i);
    CU_ASSERT(ok);
    cs_sim_destroy(&s);
    cs_params_destroy(&p);
}

static int progress_calls, progress_last, progress_order_ok;
static void progress(void *ctx, int32_t rep, int32_t night_done)
{
    (void)ctx;
    progress_order_ok &= rep == 1 && night_done == progress_last + 1;
    progress_last = night_done;
    progress_calls++;
}

static void test_progress_is_reported_after_each_night_in_order(void)
{
    cs_params *p = toy_params(0);
    cs_sim_config cfg = toy_cfg(100, 3, 12, 7);
    cs_sim *s = toy_sim(p, &cfg);
    progress_calls = progress_last = 0;
    progress_order_ok = 1;
    CU_ASSERT_EQUAL(cs_sim_run_replicate(s, 1, progress, NULL), CS_OK);
    CU_ASSERT_EQUAL(progress_calls, 12);
    CU_ASSERT(progress_order_ok);
    cs_sim_destroy(&s);
    cs_params_destroy(&p);
}

static void test_results_accessors_and_day_of_year_wrap_at_365(void)
{
    cs_params *p = toy_params(0);
    cs_sim_config cfg = toy_cfg(60, 2, 380, 1);
    cfg.start_day_of_year = 360;
    cs_sim *s = toy_sim(p, &cfg);
    CU_ASSERT_EQUAL(cs_sim_run_replicate(s, 0, NULL, NULL), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_reduce(s), CS_OK);
    const cs_results *r = cs_sim_results(s);
    const toy *m = cs_sim_model_state(s);
    CU_ASSERT_EQUAL(cs_results_replicates(r), 2);
    CU_ASSERT_EQUAL(cs_results_strata(r), 6);
    CU_ASSERT_EQUAL(cs_results_periods(r), 380);
    /* the day before night 0 is day 360; night 5 is on day 365, night 6 on day 1 */
    CU_ASSERT_EQUAL(cs_results_day_of_year(r, 0), 360);
    CU_ASSERT_EQUAL(cs_results_day_of_year(r, 5), 365);
    CU_ASSERT_EQUAL(cs_results_day_of_year(r, 6), 1);
    CU_ASSERT_EQUAL(cs_results_day_of_year(r, 370), 365);
    CU_ASSERT_EQUAL(cs_results_day_of_year(r, 371), 1);
    /* the modules saw the same calendar */
    int same = 1;
    for (size_t n = 0; n < 380; n++) same &= m->doy[n] == cs_results_day_of_year(r, n);
    CU_ASSERT(same);
    /* strata are row-major, the last dimension fastest */
    for (size_t k = 0; k < 6; k++) {
        CU_ASSERT_EQUAL(cs_results_level(r, k, 0), k / 2);
        CU_ASSERT_EQUAL(cs_results_level(r, k, 1), k % 2);
    }
    if (g_rank == 0) {
        for (size_t k = 0; k < 6; k++) {
            int64_t sum = 0, agents = 0;
            for (size_t n = 0; n < 380; n++) sum += cs_results_series(r, m->s_events, 0, n, k);
            CU_ASSERT_EQUAL(cs_results_series_total(r, m->s_events, 0, k), sum);
            for (size_t c = 0; c < TOY_CLASSES; c++) agents += cs_results_summary(r, m->m_hist, 0, k, c);
            CU_ASSERT_EQUAL(agents, 10); /* 60 agents over 6 strata by gid */
            CU_ASSERT_EQUAL(cs_results_series_total(r, m->s_agent_nights, 0, k), 10 * 380);
        }
    }
    cs_sim_destroy(&s);
    /* weekly periods: the first day of each week */
    cfg.period_nights = 7;
    s = toy_sim(p, &cfg);
    r = cs_sim_results(s);
    CU_ASSERT_EQUAL(cs_results_periods(r), 55); /* ceil(380 / 7) */
    CU_ASSERT_EQUAL(cs_results_day_of_year(r, 0), 360);
    CU_ASSERT_EQUAL(cs_results_day_of_year(r, 1), 2);
    CU_ASSERT_EQUAL(cs_results_day_of_year(r, 53), (360 - 1 + 53 * 7) % 365 + 1);
    cs_sim_destroy(&s);
    cs_params_destroy(&p);
}

/* ---- setup failures ------------------------------------------------------- */

static int nostrata_setup(void *state, cs_setup *s)
{
    (void)state;
    double v;
    return cs_params_real(cs_setup_params(s), "toy.p0", cs_setup_msg(s), &v);
}

static int failing_setup(void *state, cs_setup *s)
{
    (void)state;
    (void)s;
    return CS_ERR_CONFIG;
}

/* Creates with ops and captures what rank 0 printed. */
static int create_captured(const cs_model_ops *ops, cs_params *p, char **text, cs_sim **s)
{
    size_t size = 0;
    FILE *f = open_memstream(text, &size);
    cs_msg msg = {.stream = f};
    cs_sim_config cfg = toy_cfg(10, 1, 1, 1);
    int rc = cs_sim_create(ops, p, &cfg, &msg, s);
    fclose(f);
    return rc;
}

static void test_setup_failures_are_reported_and_nothing_is_returned(void)
{
    cs_sim *s = (cs_sim *)&s;
    char *text = NULL;
    /* a model that declares no strata */
    cs_model_ops nostrata = {.name = "nostrata", .state_size = 8, .setup = nostrata_setup};
    cs_params *p = NULL;
    CU_ASSERT_EQUAL_FATAL(cs_params_create(&p), CS_OK);
    cs_param row = {.path = "toy.p0", .kind = CS_PARAM_MODEL, .type = CS_PARAM_REAL, .hi = 1};
    CU_ASSERT_EQUAL(cs_params_add(p, &row), CS_OK);
    CU_ASSERT_EQUAL(create_captured(&nostrata, p, &text, &s), CS_ERR_INTERNAL);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_STRING_EQUAL(text, "crampsim: error: model 'nostrata' declared no strata\n");
    free(text);
    cs_params_destroy(&p);
    /* a model-file row the model does not read */
    p = toy_params(0);
    cs_param extra = {.path = "toy.unused", .kind = CS_PARAM_MODEL, .type = CS_PARAM_REAL, .decl = {"m.yaml", 9, 3}};
    CU_ASSERT_EQUAL(cs_params_add(p, &extra), CS_OK);
    s = (cs_sim *)&s;
    CU_ASSERT_EQUAL(create_captured(&toy_ops, p, &text, &s), CS_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_STRING_EQUAL(text, "m.yaml:9:3: toy.unused: parameter is declared in the model file but no model code "
                                 "reads it (misspelt or obsolete?)\n");
    free(text);
    cs_params_destroy(&p);
    /* a parameter the model reads but the table lacks */
    CU_ASSERT_EQUAL_FATAL(cs_params_create(&p), CS_OK);
    s = (cs_sim *)&s;
    CU_ASSERT_EQUAL(create_captured(&toy_ops, p, &text, &s), CS_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(s);
    CU_ASSERT_STRING_EQUAL(text, "crampsim: error: toy.p0: the model code reads this parameter, but the model file "
                                 "does not declare it\n");
    free(text);
    cs_params_destroy(&p);
    /* setup's own status comes back as it is */
    cs_model_ops failing = {.name = "failing", .setup = failing_setup};
    p = toy_params(0);
    s = (cs_sim *)&s;
    CU_ASSERT_EQUAL(create_captured(&failing, p, &text, &s), CS_ERR_CONFIG);
    CU_ASSERT_PTR_NULL(s);
    free(text);
    cs_params_destroy(&p);
    cs_sim_destroy(NULL);
}

/* ---- regressions ------------------------------------------------------------- */

/* Regression: cs_sim_run_replicate used to add into the results of
 * replicate `rep` without clearing them, so running a replicate a second
 * time (a retry, a resumed run) doubled its series and summaries. */
static void test_rerunning_a_replicate_gives_the_same_results(void)
{
    cs_params *p = toy_params(0);
    cs_sim_config cfg = toy_cfg(500, 2, 10, 7);
    cs_sim *a = toy_sim(p, &cfg), *b = toy_sim(p, &cfg);
    CU_ASSERT_EQUAL(cs_sim_run_replicate(a, 0, NULL, NULL), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_run_replicate(b, 0, NULL, NULL), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_run_replicate(b, 0, NULL, NULL), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_reduce(a), CS_OK);
    CU_ASSERT_EQUAL(cs_sim_reduce(b), CS_OK);
    if (g_rank == 0) {
        CU_ASSERT(same_results(a, 0, b, 0));
        CU_ASSERT_EQUAL(total_events(a, 0), total_events(b, 0));
        fprintf(stderr, "\n  events once: %lld, after running twice: %lld\n", (long long)total_events(a, 0),
                (long long)total_events(b, 0));
    }
    cs_sim_destroy(&a);
    cs_sim_destroy(&b);
    cs_params_destroy(&p);
}

/* Regression: without a barrier between the init phase and the first
 * night's `omp single`, begin_day of night 0 ran (and the shared cs_day was
 * rewritten) while other threads were still in init_agents.  The toy makes
 * the last slice's init slow and checks. */
static void test_begin_day_of_night_0_waits_for_every_init(void)
{
    cs_params *p = toy_params(50);
    cs_sim_config cfg = toy_cfg(64, 4, 2, 1);
    cs_sim *s = toy_sim(p, &cfg);
    CU_ASSERT_EQUAL(cs_sim_run_replicate(s, 0, NULL, NULL), CS_OK);
    const toy *m = cs_sim_model_state(s);
    CU_ASSERT_EQUAL(m->begin_before_init_done, 0);
    cs_sim_destroy(&s);
    cs_params_destroy(&p);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
    static const cs_test_case cases[] = {
        {"results equal the serial oracle for any threads, blocks and ranks",
         test_results_equal_the_serial_oracle_for_any_threads_blocks_and_ranks},
        {"surveys are asked on their day before its events for any threads and ranks",
         test_surveys_are_asked_on_their_day_before_its_events_for_any_threads_and_ranks},
        {"malformed surveys are refused at create", test_malformed_surveys_are_refused_at_create},
        {"ranks own contiguous balanced blocks in order", test_ranks_own_contiguous_balanced_blocks_in_order},
        {"replicates differ and the same seed and replicate repeat",
         test_replicates_differ_and_the_same_seed_and_replicate_repeat},
        {"daily and weekly periods fold the same nights", test_daily_and_weekly_periods_fold_the_same_nights},
        {"column bytes per agent is the sum of declared sizes",
         test_column_bytes_per_agent_is_the_sum_of_declared_sizes},
        {"each phase runs once per agent per night and columns are cleared",
         test_each_phase_runs_once_per_agent_per_night_and_columns_are_cleared},
        {"progress is reported after each night in order", test_progress_is_reported_after_each_night_in_order},
        {"results accessors and day of year wrap at 365", test_results_accessors_and_day_of_year_wrap_at_365},
        {"setup failures are reported and nothing is returned",
         test_setup_failures_are_reported_and_nothing_is_returned},
        {"rerunning a replicate gives the same results", test_rerunning_a_replicate_gives_the_same_results},
        {"begin_day of night 0 waits for every init", test_begin_day_of_night_0_waits_for_every_init},
        {NULL, NULL},
    };
    int rc = cs_test_run("engine", cases);
    MPI_Finalize();
    return rc;
}
