/* model_fixture.h -- running the leg-cramp model in tests (model_fixture.c). */
#ifndef MODEL_FIXTURE_H
#define MODEL_FIXTURE_H

#include <mpi.h>
#include <stdint.h>

#include "cs_model.h"
#include "cs_results.h"
#include "cs_scenario.h"
#include "cs_sim.h"

#define POP 20000
#define NIGHTS 400
#define AGE_BANDS 9
#define PREG_STATES 5

enum { DIM_AGE = 0, DIM_SEX = 1, DIM_PREG = 2 };

/* Loads model.yaml with population, horizon and seed, plus --set overrides. */
cs_scenario *load(uint64_t population, int32_t nights, uint64_t seed, const char *const *sets, size_t n_sets);
/* Creates, runs replicate 0 and reduces. */
cs_sim *run(const cs_scenario *sc, int threads);
cs_sim *run_with(uint64_t population, int32_t nights, uint64_t seed, const char *const *sets, size_t n, int threads);
/* The default run (POP agents, NIGHTS nights, seed 7), made once. */
cs_sim *default_run_for_tests(void);
void release_default_run_for_tests(void);
/* Measure ids and columns by declared name (fails the test if absent). */
int series_id(const cs_sim *s, const char *name);
int summary_id(const cs_sim *s, const char *name);
const void *column(const cs_sim *s, const char *want, cs_ctype want_type);
/* Sum of a series measure over periods and every stratum. */
int64_t series_sum(const cs_sim *s, const char *name);
/* A headline figure by name (NaN if absent). */
double headline(const cs_sim *s, const char *name);
/* Every series and summary value of replicate 0 equal. */
int same_results(const cs_sim *a, const cs_sim *b);

/* Age band of the model's strata: 0-14, 15-24, ..., 75-84, 85+. */
static inline int age_band(int age) { return age < 15 ? 0 : age >= 85 ? AGE_BANDS - 1 : (age - 5) / 10; }

#endif
