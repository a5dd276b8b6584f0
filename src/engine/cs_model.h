/* cs_model.h -- how a model plugs into the engine.
 *
 * A model is an ops table registered by name (cs_builtin_models, defined
 * by the models library, never included by src/).  At setup the model reads
 * its parameters and declares what it needs: per-agent columns (the engine
 * allocates them, struct-of-arrays, zeroed), strata (the cross product of a
 * few small dimensions) and integer measures (time series per stratum, and
 * end-of-run summaries per stratum).  The engine then calls the model's
 * modules on slices of agents, night after night, and owns decomposition,
 * randomness keys, tallies and output.
 *
 * Contract for module functions: they touch only agents in [lo, hi) and
 * their own thread's tally, never allocate, and draw random numbers only
 * from streams keyed by (run key, purpose, night, global id) -- so the
 * results do not depend on how agents are split over ranks and threads. */
#ifndef CS_MODEL_H
#define CS_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "cs_arm.h"
#include "cs_msg.h"
#include "cs_params.h"
#include "cs_rule.h"
#include "cs_tally.h"
#include "cs_trial.h"

/* Element types of agent columns. */
typedef enum cs_ctype { CS_COL_U8, CS_COL_U16, CS_COL_U32, CS_COL_I32, CS_COL_F32 } cs_ctype;
size_t cs_ctype_size(cs_ctype t);

/* The rank's agents.  Column storage is declared by the model (see
 * cs_setup_column) and reached through the model's own pointers. */
typedef struct cs_agents {
    size_t n;          /* agents on this rank */
    uint64_t gid0;     /* global id of local index 0; gid = gid0 + i */
    uint64_t n_global; /* agents in the whole population */
} cs_agents;

/* What every module sees of the current day. */
typedef struct cs_day {
    int32_t night;       /* 0-based night of the run */
    int32_t n_nights;    /* horizon */
    int32_t day_of_year; /* 1..365 of the day before the night */
    uint64_t run_key;    /* from (seed, replicate): root of every stream */
} cs_day;

/* Per-agent stream key for (run, purpose, night): combine with the global
 * id through cs_rng_agent_state() in cs_stream.h. */

typedef struct cs_setup cs_setup; /* engine-owned while the model sets up */

/* Parameters and messages for the model's setup. */
cs_params *cs_setup_params(cs_setup *s);
cs_msg *cs_setup_msg(cs_setup *s);
/* Setup-time memory for model tables (freed by the engine after teardown). */
void *cs_setup_alloc(cs_setup *s, size_t count, size_t size, const char *what);

/* Declares a per-agent column of `type`.  The engine allocates it for the
 * rank's agents and stores the pointer in *slot before init_agents.  With
 * `output`, the column is written to the per-agent end-state datasets when
 * the scenario asks for them. */
int cs_setup_column(cs_setup *s, const char *name, cs_ctype type, void **slot, const char *unit, const char *help,
                    int output);

/* One stratification dimension: name and level labels. */
typedef struct cs_dim {
    const char *name;
    size_t n_levels;
    const char *const *labels;
} cs_dim;
/* Declares the strata: the cross product of `dims` in row-major order
 * (the last dimension varies fastest). */
int cs_setup_strata(cs_setup *s, size_t n_dims, const cs_dim *dims);

/* Declares a time-series measure: an integer per stratum per period,
 * summed over the period's nights.  *id is its index for cs_tally_series(). */
int cs_setup_series(cs_setup *s, const char *name, const char *unit, const char *help, int *id);
/* Declares a summary measure: `width` integers per stratum (width > 1 for
 * class histograms, with class labels), filled by the finish or survey
 * hooks and kept over the whole replicate.  *id for cs_tally_summary(). */
int cs_setup_summary(cs_setup *s, const char *name, size_t width, const char *const *classes, const char *unit,
                     const char *help, int *id);

/* The policy arm this simulation runs (cs_arm.h): never NULL; an arm
 * without interventions is the status quo.  Lives as long as the model. */
const cs_arm *cs_setup_arm(cs_setup *s);

/* Nonzero in a warm-up simulation (cs_sim_branch): the nights before any
 * arm's policy starts, run once and copied into every arm.  The model then
 * declares every column an arm may declare, and keeps them as an arm would
 * before its policies start (history a rule may read, for one), with the
 * status-quo arm's behaviour otherwise.  In return an arm's own summaries
 * and checkpoint state must stay as a replicate starts them until its first
 * policy night. */
int cs_setup_warmup(cs_setup *s);

/* Compiles the target rule of `item` (an item of cs_setup_arm) against the
 * model's attribute table.  A rule the user must fix is reported at the
 * place it was written, with the rule and a caret under the problem, and
 * gives CS_ERR_CONFIG.  The rule lives as long as the model. */
int cs_setup_rule(cs_setup *s, const cs_arm_item *item, const cs_rule_attr *attrs, size_t n_attrs, cs_rule **out);

/* ---- in-silico trials (cs_trial.h) ------------------------------------ */

/* The trial this simulation runs, or NULL (a scenario without `trial:`,
 * and the simulations of its arms).  Lives as long as the model.  A model
 * that runs trials compiles the eligibility rule, declares the tallies and
 * asks for selections (enrolment and allocation are population-wide). */
const cs_trial *cs_setup_trial(cs_setup *s);
/* Compiles the trial's eligibility rule against the model's attributes;
 * errors as cs_setup_rule, reported at trial.eligibility. */
int cs_setup_trial_rule(cs_setup *s, const cs_rule_attr *attrs, size_t n_attrs, cs_rule **out);
/* Declares the trial's tallies (a summary measure of cs_trial_tally_size
 * integers, filled in stratum 0); `outcome` names the events the model
 * counts, plural ("falls"), for the report.  *id for cs_tally_trial. */
int cs_setup_trial_tally(cs_setup *s, const char *outcome, int *id);
/* A thread's block of trial tallies, for cs_trial_randomised and friends. */
static inline int64_t *cs_tally_trial(cs_tally *t, int id) { return cs_tally_summary(t, id); }

/* ---- surveys ---------------------------------------------------------- */

/* Most surveys a run may ask (the scenario's `surveys:` section), and the
 * longest survey name. */
#define CS_MAX_SURVEYS 8
#define CS_SURVEY_NAME_MAX 32

/* A questionnaire the scenario asks every agent present on the day before
 * night `at_night`, about the `recall_nights` nights before it: nights
 * [at_night - recall_nights, at_night).  1 <= recall_nights <= at_night <=
 * the run's nights; at_night equal to the run's nights asks after the last
 * night.  The engine calls the modules' `survey` hook then; the model keeps
 * whatever it needs to answer (counters during the window). */
typedef struct cs_survey {
    const char *name;        /* identifier (letters, digits, '_') */
    const char *description; /* "" when none */
    int32_t recall_nights;   /* length of the recall window */
    int32_t at_night;        /* 0-based night before which it is asked */
} cs_survey;

/* The scenario's surveys, in its order; *out is owned by the engine and
 * lives as long as the model.  Returns how many (0..CS_MAX_SURVEYS). */
size_t cs_setup_surveys(cs_setup *s, const cs_survey **out);

/* Declares a summary measure that holds answers to survey k (index into
 * cs_setup_surveys): in the result file it is called
 * "survey.<survey name>.<name>" and its dataset carries the survey's name,
 * recall_nights and at_night as attributes.  Otherwise as cs_setup_summary. */
int cs_setup_survey_summary(cs_setup *s, size_t k, const char *name, size_t width, const char *const *classes,
                            const char *unit, const char *help, int *id);

/* A headline figure, computed by the model from the reduced results at the
 * end of a run, printed on the terminal and stored in the result file. */
typedef struct cs_headline {
    const char *name;   /* "Events in the past year, age 65+" */
    double value;       /* mean over replicates */
    double lo, hi;      /* min and max over replicates */
    const char *unit;   /* "%" */
    const char *target; /* published figure for comparison, or NULL */
} cs_headline;

/* Read access to reduced results for the headline hook (all replicates). */
typedef struct cs_results cs_results;
size_t cs_results_replicates(const cs_results *r);
size_t cs_results_strata(const cs_results *r);
size_t cs_results_periods(const cs_results *r);
int32_t cs_results_period_nights(const cs_results *r); /* nights per period */
/* Day of year (1..365) of the first night of period p. */
int32_t cs_results_day_of_year(const cs_results *r, size_t p);
/* A series value for one replicate, period and stratum. */
int64_t cs_results_series(const cs_results *r, int id, size_t replicate, size_t period, size_t stratum);
/* Sum of a series measure over all periods, for one replicate and stratum. */
int64_t cs_results_series_total(const cs_results *r, int id, size_t replicate, size_t stratum);
/* A summary value (stratum, class) for one replicate. */
int64_t cs_results_summary(const cs_results *r, int id, size_t replicate, size_t stratum, size_t cls);
/* Level of dimension `dim` of stratum `stratum`. */
size_t cs_results_level(const cs_results *r, size_t stratum, size_t dim);

/* ---- population-wide selections (caps) --------------------------------

 * A policy that needs a view of the whole population (treat the top 5% by
 * risk, at most N starts a year, a yearly budget) asks the engine for a
 * selection: the model marks its candidates with a priority score (and a
 * cost) slice by slice, the engine chooses across all threads and ranks
 * (cs_select.h: exact, the same for any decomposition), and the model
 * applies the choice slice by slice.  Selections run at the start of a day,
 * before any module's step_day. */
typedef enum cs_select_kind { CS_SELECT_SHARE = 0, CS_SELECT_TOP_K, CS_SELECT_BUDGET } cs_select_kind;
typedef struct cs_selection {
    cs_select_kind kind;
    double share;   /* SHARE: of the candidates, in [0, 1] */
    uint64_t k;     /* TOP_K: at most this many */
    int64_t budget; /* BUDGET: greedy by priority while the costs fit (cs_select_budget) */
} cs_selection;
#define CS_MAX_SELECTIONS 32 /* in one night */
/* The model makes selections: the engine keeps per-agent scratch for them
 * (not counted as columns). */
void cs_setup_selections(cs_setup *s);

typedef struct cs_module {
    const char *name;
    /* Initialise agents [lo, hi) at night 0 of a replicate (parallel). */
    void (*init_agents)(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);
    /* The day: ageing, life events, exposures (parallel, per slice). */
    void (*step_day)(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);
    /* The night: the events the model is about (parallel, per slice). */
    void (*step_night)(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);
    /* After the last night: end-of-run summaries (parallel, per slice). */
    void (*finish)(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);
    /* Survey k asks agents [lo, hi) (parallel, per slice): on the day of
     * its at_night, before any module's step_day (d is that night's), or,
     * when at_night is d->n_nights, after the last night and before any
     * module's finish (d is the last night's).  Answers go to summary
     * measures. */
    void (*survey)(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t k, cs_tally *t);
} cs_module;

typedef struct cs_model_ops {
    const char *name;        /* matches `model:` in the model file */
    const char *description; /* one line */
    size_t state_size;       /* the engine allocates this much, zeroed */
    /* Read parameters, declare columns, strata and measures. */
    int (*setup)(void *model, cs_setup *s);
    /* Environment of the day, one value for all agents (serial). */
    void (*begin_day)(void *model, const cs_day *d);
    /* Headline figures from the reduced results (rank 0).  Writes up to
     * `max` entries into out; returns how many. */
    size_t (*headlines)(const void *model, const cs_results *r, cs_headline *out, size_t max);
    /* Selections (optional; see above).  selections_due (serial, after
     * begin_day) fills out[0..n) and returns n; for each k in turn,
     * select_mark (parallel) marks candidates of [lo, hi) in
     * candidate[i] with score[i] and cost[i] (prev: the choice of
     * selection k-1 tonight, NULL for k = 0), select_apply (parallel)
     * acts on chosen[i], and select_done (serial) learns the totals. */
    size_t (*selections_due)(void *model, const cs_day *d, cs_selection *out, size_t max);
    void (*select_mark)(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t k,
                        const uint8_t *prev, double *score, int64_t *cost, uint8_t *candidate);
    void (*select_apply)(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t k,
                         const uint8_t *chosen, cs_tally *t);
    void (*select_done)(void *model, const cs_day *d, size_t k, uint64_t n_chosen, int64_t spent);
    /* Checkpoints (optional; docs/hpc.md).  A checkpoint taken between two
     * nights holds every column, the results so far and these bytes: the
     * model's mutable state that is neither a column nor set afresh by
     * begin_day from the night alone (running totals of a cap, say).  The
     * state must be the same on every rank.  checkpoint_size (serial)
     * gives the byte count, which may depend only on the set-up model;
     * checkpoint_save writes that many bytes; checkpoint_restore reads
     * them into a model set up from the same scenario, before the
     * replicate goes on from the checkpoint's night.  NULL: nothing to keep. */
    size_t (*checkpoint_size)(const void *model);
    void (*checkpoint_save)(const void *model, void *buf);
    void (*checkpoint_restore)(void *model, const void *buf);
    const cs_module *modules; /* run in this order within each phase */
    size_t n_modules;
} cs_model_ops;

/* NULL-terminated list of compiled-in models (defined by the models library). */
extern const cs_model_ops *const cs_builtin_models[];
/* The built-in model called `name`, or NULL. */
const cs_model_ops *cs_model_find(const char *name);

#endif
