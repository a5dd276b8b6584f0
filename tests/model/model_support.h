/* model_support.h -- shared by the model tests: the leg-cramp model run
 * through its public ops on a small population, and its measures and
 * columns found by their declared names (the way the writer finds them). */
#ifndef MODEL_SUPPORT_H
#define MODEL_SUPPORT_H

#include <stddef.h>
#include <stdint.h>

#include "cs_model.h"
#include "cs_results.h"
#include "cs_scenario.h"
#include "cs_sim.h"
#include "cs_test.h"

#define POP 20000
#define NIGHTS 400
#define AGE_BANDS 9
#define PREG_STATES 5

enum { DIM_AGE = 0, DIM_SEX = 1, DIM_PREG = 2 };

/* Loads models/leg_cramps/model.yaml with population, horizon (from day 1)
 * and seed, plus --set overrides (which may add surveys). */
cs_scenario *load(uint64_t population, int32_t nights, uint64_t seed, const char *const *sets, size_t n_sets);
/* The same with `extra` appended to the scenario file (arms:, interventions:). */
cs_scenario *load_yaml(uint64_t population, int32_t nights, uint64_t seed, const char *extra, const char *const *sets,
                       size_t n_sets);
/* Creates a simulation of sc (its surveys too), runs replicate 0 and reduces. */
cs_sim *run(const cs_scenario *sc, int threads);
/* The same for arm `arm` of the scenario (0: the reference). */
cs_sim *run_arm(const cs_scenario *sc, size_t arm, int threads);
/* load + run; the scenario is gone, the simulation is the caller's. */
cs_sim *run_with(uint64_t population, int32_t nights, uint64_t seed, const char *const *sets, size_t n, int threads);

/* Index of a declared measure (fails the test when there is none). */
int series_id(const cs_sim *s, const char *name);
int summary_id(const cs_sim *s, const char *name);
/* Data of a declared column of that type (fails the test when there is none). */
const void *column(const cs_sim *s, const char *want, cs_ctype want_type);
/* Sum of a series measure over periods and every stratum, replicate 0. */
int64_t series_sum(const cs_sim *s, const char *name);
/* The value of the headline called `name`, NaN when there is none. */
double headline(const cs_sim *s, const char *name);

/* The default run (POP agents, NIGHTS nights, seed 7), made once. */
cs_sim *default_run_for_tests(void);
void release_default_run_for_tests(void);
/* Every series and summary value of replicate 0 equal. */
int same_results(const cs_sim *a, const cs_sim *b);
/* The whole state equal: results of every replicate and every column. */
int same_state(cs_sim *a, cs_sim *b);
/* Age band of the model's strata: 0-14, 15-24, ..., 75-84, 85+. */
static inline int age_band(int age) { return age < 15 ? 0 : age >= 85 ? AGE_BANDS - 1 : (age - 5) / 10; }

/* The survey cases of test_model_surveys.c, NULL-terminated. */
extern const cs_test_case model_survey_cases[];

#endif
