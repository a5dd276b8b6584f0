/* cs_layout.h -- what a model declared at setup: columns, strata and
 * measures.  Recorded by cs_model.c and used by the simulation; the run
 * layer's writer reads it (read-only) to lay out the result file.  Models
 * never see it: they declare through cs_model.h. */
#ifndef CS_LAYOUT_H
#define CS_LAYOUT_H

#include "cs_mem.h"
#include "cs_model.h"
#include "cs_rule.h"

#define CS_MAX_COLUMNS 64
#define CS_MAX_DIMS 8
/* Summary measures: the model's own and, per survey, its answers. */
#define CS_MAX_MEASURES 128

typedef struct cs_column_decl {
    const char *name, *unit, *help; /* static strings of the model */
    cs_ctype type;
    void **slot;
    int output;
} cs_column_decl;

typedef struct cs_measure_decl {
    const char *name, *unit, *help;
    size_t width;                /* summary: classes per stratum */
    const char *const *classes;  /* summary: class labels, or NULL */
    const cs_survey *survey;     /* summary: the survey it answers, or NULL */
} cs_measure_decl;

typedef struct cs_layout {
    cs_column_decl columns[CS_MAX_COLUMNS];
    size_t n_columns;
    cs_dim dims[CS_MAX_DIMS];
    size_t n_dims, n_strata;
    cs_measure_decl series[CS_MAX_MEASURES];
    size_t n_series;
    cs_measure_decl summary[CS_MAX_MEASURES];
    size_t n_summary;
    size_t summary_off[CS_MAX_MEASURES + 1];   /* offsets into a summary block */
    size_t summary_width[CS_MAX_MEASURES];
    int trial_id;              /* summary measure of the trial's tallies; -1 without a trial */
    const char *trial_outcome; /* what the trial's events are ("falls") */
} cs_layout;

struct cs_setup {
    cs_layout *layout;
    cs_params *params;
    cs_msg *msg;
    cs_mem *mem;
    void **allocs; /* model tables to free after the run */
    size_t n_allocs, cap_allocs;
    cs_survey surveys[CS_MAX_SURVEYS]; /* the scenario's, strings copied into allocs */
    size_t n_surveys;
    const cs_arm *arm; /* the arm simulated (borrowed from the run's config) */
    const cs_trial *trial; /* the trial run, or NULL (borrowed from the run's config) */
    int warmup;            /* a warm-up shared by arms (cs_setup_warmup) */
    cs_rule *rules[CS_MAX_ARM_ITEMS + 1]; /* compiled for the model (the arm's and the trial's), destroyed with the setup */
    size_t n_rules;
    int selections; /* the model asked for selection scratch */
};
/* Frees what the setup holds besides memory blocks (compiled rules). */
void cs_setup_release(cs_setup *s);

/* Copies the run's surveys into the setup (engine-owned strings) before the
 * model's setup reads them; CS_ERR_INTERNAL for more than CS_MAX_SURVEYS or
 * a survey that breaks cs_survey's contract. */
int cs_setup_copy_surveys(cs_setup *s, const cs_survey *surveys, size_t n);

/* Elements in one summary block (all measures, all strata and classes). */
static inline size_t cs_layout_summary_size(const cs_layout *L) { return L->summary_off[L->n_summary]; }

/* Level of dimension d for stratum s. */
size_t cs_layout_level(const cs_layout *L, size_t s, size_t d);

#endif
