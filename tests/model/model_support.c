/* model_support.c -- running the leg-cramp model in unit tests and
 * finding its measures and columns by name (see model_support.h). */
#include "model_support.h"

#include <math.h>
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "cs_results.h"
#include "cs_status.h"

cs_scenario *load(uint64_t population, int32_t nights, uint64_t seed, const char *const *sets, size_t n_sets)
{
    return load_yaml(population, nights, seed, "", sets, n_sets);
}

cs_scenario *load_yaml(uint64_t population, int32_t nights, uint64_t seed, const char *extra, const char *const *sets,
                       size_t n_sets)
{
    char text[8192], rel[64];
    static int k;
    snprintf(text, sizeof text,
             "model: %s\n"
             "seed: %llu\n"
             "population: {size: %llu}\n"
             "horizon: {nights: %d, start_day_of_year: 1}\n"
             "output: {series: weekly}\n",
             cs_test_source_path("models/leg_cramps/model.yaml"), (unsigned long long)seed,
             (unsigned long long)population, (int)nights);
    CU_ASSERT_FATAL(strlen(text) + strlen(extra) < sizeof text);
    strcat(text, extra);
    snprintf(rel, sizeof rel, "%s/scenario_%d.yaml", cs_test_tmpdir(), k++);
    FILE *f = fopen(rel, "w");
    CU_ASSERT_PTR_NOT_NULL_FATAL(f);
    fputs(text, f);
    fclose(f);
    cs_scenario *sc = NULL;
    cs_msg msg = {0};
    int rc = cs_scenario_load(rel, sets, n_sets, MPI_COMM_WORLD, &msg, &sc);
    CU_ASSERT_EQUAL_FATAL(rc, CS_OK);
    return sc;
}

cs_sim *run(const cs_scenario *sc, int threads) { return run_arm(sc, 0, threads); }

cs_sim *run_arm(const cs_scenario *sc, size_t arm, int threads)
{
    CU_ASSERT_FATAL(arm < sc->n_arms);
    cs_sim_config cfg = cs_scenario_sim_config(sc, threads, MPI_COMM_WORLD);
    cfg.arm = &sc->arms[arm];
    cs_sim *s = NULL;
    cs_msg msg = {0};
    CU_ASSERT_EQUAL_FATAL(cs_sim_create(sc->ops, sc->params, &cfg, &msg, &s), CS_OK);
    CU_ASSERT_EQUAL_FATAL(cs_sim_run_replicate(s, 0, NULL, NULL), CS_OK);
    CU_ASSERT_EQUAL_FATAL(cs_sim_reduce(s), CS_OK);
    return s;
}

cs_sim *run_with(uint64_t population, int32_t nights, uint64_t seed, const char *const *sets, size_t n, int threads)
{
    cs_scenario *sc = load(population, nights, seed, sets, n);
    cs_sim *s = run(sc, threads);
    cs_scenario_destroy(&sc);
    return s;
}

int series_id(const cs_sim *s, const char *name)
{
    const cs_layout *L = cs_sim_results(s)->layout;
    for (size_t k = 0; k < L->n_series; k++)
        if (strcmp(L->series[k].name, name) == 0) return (int)k;
    CU_FAIL_FATAL("no such series measure");
    return -1;
}

int summary_id(const cs_sim *s, const char *name)
{
    const cs_layout *L = cs_sim_results(s)->layout;
    for (size_t k = 0; k < L->n_summary; k++)
        if (strcmp(L->summary[k].name, name) == 0) return (int)k;
    CU_FAIL_FATAL("no such summary measure");
    return -1;
}

const void *column(const cs_sim *s, const char *want, cs_ctype want_type)
{
    for (size_t k = 0; k < cs_sim_n_columns(s); k++) {
        const char *name, *unit, *help;
        cs_ctype type;
        const void *data;
        int output;
        CU_ASSERT_EQUAL_FATAL(cs_sim_column(s, k, &name, &type, &data, &unit, &help, &output), CS_OK);
        if (strcmp(name, want) == 0) {
            CU_ASSERT_EQUAL_FATAL(type, want_type);
            return data;
        }
    }
    CU_FAIL_FATAL("no such column");
    return NULL;
}

/* Sum of a series measure over periods and every stratum. */
int64_t series_sum(const cs_sim *s, const char *name)
{
    const cs_results *r = cs_sim_results(s);
    const int id = series_id(s, name);
    int64_t sum = 0;
    for (size_t k = 0; k < cs_results_strata(r); k++) sum += cs_results_series_total(r, id, 0, k);
    return sum;
}

double headline(const cs_sim *s, const char *name)
{
    cs_headline h[32];
    const cs_model_ops *ops = cs_sim_model(s);
    size_t n = ops->headlines(cs_sim_model_state(s), cs_sim_results(s), h, 32);
    for (size_t k = 0; k < n; k++)
        if (strcmp(h[k].name, name) == 0) return h[k].value;
    return NAN;
}

/* Every series and summary value of replicate 0 of a and b. */
int same_results(const cs_sim *a, const cs_sim *b)
{
    const cs_results *x = cs_sim_results(a), *y = cs_sim_results(b);
    const cs_layout *L = x->layout;
    if (cs_results_periods(x) != cs_results_periods(y)) return 0;
    for (size_t p = 0; p < cs_results_periods(x); p++)
        for (size_t m = 0; m < L->n_series; m++)
            for (size_t k = 0; k < L->n_strata; k++)
                if (cs_results_series(x, (int)m, 0, p, k) != cs_results_series(y, (int)m, 0, p, k)) return 0;
    for (size_t m = 0; m < L->n_summary; m++)
        for (size_t k = 0; k < L->n_strata; k++)
            for (size_t c = 0; c < L->summary_width[m]; c++)
                if (cs_results_summary(x, (int)m, 0, k, c) != cs_results_summary(y, (int)m, 0, k, c)) return 0;
    return 1;
}

int same_state(cs_sim *a, cs_sim *b)
{
    size_t n, m;
    const int64_t *x = cs_sim_series_data(a, &n), *y = cs_sim_series_data(b, &m);
    if (n != m || memcmp(x, y, n * sizeof *x) != 0) return 0;
    x = cs_sim_summary_data(a, &n);
    y = cs_sim_summary_data(b, &m);
    if (n != m || memcmp(x, y, n * sizeof *x) != 0) return 0;
    for (size_t k = 0; k < cs_sim_n_columns(a); k++) {
        const char *name, *unit, *help;
        cs_ctype type;
        const void *data;
        int output;
        if (cs_sim_column(a, k, &name, &type, &data, &unit, &help, &output) != CS_OK) return 0;
        if (memcmp(data, cs_sim_column_data(b, k), cs_sim_agents(a)->n * cs_ctype_size(type)) != 0) return 0;
    }
    return 1;
}

static cs_sim *g_default;

cs_sim *default_run_for_tests(void)
{
    if (!g_default) g_default = run_with(POP, NIGHTS, 7, NULL, 0, 2);
    return g_default;
}

void release_default_run_for_tests(void) { cs_sim_destroy(&g_default); }
