/* cs_model.c -- the setup interface a model declares itself through, and
 * lookup of built-in models by name. */
#include "cs_model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_layout.h"
#include "cs_status.h"

size_t cs_ctype_size(cs_ctype t)
{
    switch (t) {
    case CS_COL_U8: return 1;
    case CS_COL_U16: return 2;
    case CS_COL_U32:
    case CS_COL_I32:
    case CS_COL_F32: return 4;
    }
    return 0;
}

const cs_model_ops *cs_model_find(const char *name)
{
    for (const cs_model_ops *const *m = cs_builtin_models; *m; m++)
        if (strcmp((*m)->name, name) == 0) return *m;
    return NULL;
}

cs_params *cs_setup_params(cs_setup *s) { return s->params; }
cs_msg *cs_setup_msg(cs_setup *s) { return s->msg; }

const cs_arm *cs_setup_arm(cs_setup *s)
{
    static const cs_arm none = {.name = CS_REFERENCE_ARM, .description = "reference arm: no intervention"};
    return s->arm ? s->arm : &none;
}

/* Compiles `text` (written at `at`, shown as `key`) into *out, owned by
 * the setup; a rule the user must fix is reported with a caret. */
static int cs_setup_compile_(cs_setup *s, const char *text, cs_param_origin at, const char *key,
                             const cs_rule_attr *attrs, size_t n_attrs, cs_rule **out)
{
    *out = NULL;
    if (s->n_rules == sizeof s->rules / sizeof s->rules[0]) return CS_ERR_INTERNAL;
    cs_rule_error err = {0};
    int rc = cs_rule_compile(text, attrs, n_attrs, out, &err);
    if (rc == CS_ERR_CONFIG) {
        char caret[CS_RULE_MAX_TEXT + 1];
        int c = err.column > 0 && err.column <= CS_RULE_MAX_TEXT ? err.column : 1;
        memset(caret, ' ', (size_t)c - 1);
        caret[c - 1] = '^';
        caret[c] = '\0';
        cs_msg_at(s->msg, at.file ? at.file : "(default)", at.line, at.col, key, "%s\n    %.*s\n    %s", err.message,
                  CS_RULE_MAX_TEXT, text, caret);
    } else if (rc == CS_OK)
        s->rules[s->n_rules++] = *out;
    return rc;
}

int cs_setup_rule(cs_setup *s, const cs_arm_item *item, const cs_rule_attr *attrs, size_t n_attrs, cs_rule **out)
{
    char key[160];
    snprintf(key, sizeof key, "arms.%s.interventions.%s.target", cs_setup_arm(s)->name, item->intervention);
    return cs_setup_compile_(s, item->target, item->target_at, key, attrs, n_attrs, out);
}

const cs_trial *cs_setup_trial(cs_setup *s) { return s->trial; }

int cs_setup_warmup(cs_setup *s) { return s->warmup; }

int cs_setup_trial_rule(cs_setup *s, const cs_rule_attr *attrs, size_t n_attrs, cs_rule **out)
{
    if (!s->trial) return CS_ERR_INTERNAL;
    return cs_setup_compile_(s, s->trial->eligibility, s->trial->eligibility_at, "trial.eligibility", attrs, n_attrs,
                             out);
}

int cs_setup_trial_tally(cs_setup *s, const char *outcome, int *id)
{
    if (!s->trial || !outcome || s->layout->trial_id >= 0) return CS_ERR_INTERNAL;
    int rc = cs_setup_summary(s, "trial", cs_trial_tally_size(s->trial), NULL, "see /trial",
                              "tallies of the in-silico trial (written under /trial)", id);
    if (rc == CS_OK) {
        s->layout->trial_id = *id;
        s->layout->trial_outcome = outcome;
    }
    return rc;
}

void cs_setup_selections(cs_setup *s) { s->selections = 1; }

void cs_setup_release(cs_setup *s)
{
    for (size_t k = 0; k < s->n_rules; k++) cs_rule_destroy(&s->rules[k]);
    s->n_rules = 0;
}

void *cs_setup_alloc(cs_setup *s, size_t count, size_t size, const char *what)
{
    if (s->n_allocs == s->cap_allocs) {
        size_t cap = s->cap_allocs ? 2 * s->cap_allocs : 16;
        void **a = realloc(s->allocs, cap * sizeof *a);
        if (!a) return NULL;
        s->allocs = a;
        s->cap_allocs = cap;
    }
    void *p = cs_mem_calloc(s->mem, count, size, what);
    if (p) s->allocs[s->n_allocs++] = p;
    return p;
}

int cs_setup_column(cs_setup *s, const char *name, cs_ctype type, void **slot, const char *unit, const char *help,
                    int output)
{
    cs_layout *L = s->layout;
    if (L->n_columns == CS_MAX_COLUMNS || !slot || !name) return CS_ERR_INTERNAL;
    L->columns[L->n_columns++] = (cs_column_decl){name, unit, help, type, slot, output};
    return CS_OK;
}

int cs_setup_strata(cs_setup *s, size_t n_dims, const cs_dim *dims)
{
    cs_layout *L = s->layout;
    if (n_dims == 0 || n_dims > CS_MAX_DIMS || L->n_dims) return CS_ERR_INTERNAL;
    size_t n = 1;
    for (size_t d = 0; d < n_dims; d++) {
        if (dims[d].n_levels == 0) return CS_ERR_INTERNAL;
        L->dims[d] = dims[d];
        n *= dims[d].n_levels;
    }
    L->n_dims = n_dims;
    L->n_strata = n;
    return CS_OK;
}

int cs_setup_series(cs_setup *s, const char *name, const char *unit, const char *help, int *id)
{
    cs_layout *L = s->layout;
    if (L->n_series == CS_MAX_MEASURES) return CS_ERR_INTERNAL;
    L->series[L->n_series] = (cs_measure_decl){name, unit, help, 1, NULL, NULL};
    *id = (int)L->n_series++;
    return CS_OK;
}

int cs_setup_summary(cs_setup *s, const char *name, size_t width, const char *const *classes, const char *unit,
                     const char *help, int *id)
{
    cs_layout *L = s->layout;
    if (L->n_summary == CS_MAX_MEASURES || width == 0 || L->n_strata == 0) return CS_ERR_INTERNAL;
    size_t k = L->n_summary++;
    L->summary[k] = (cs_measure_decl){name, unit, help, width, classes, NULL};
    L->summary_width[k] = width;
    L->summary_off[k + 1] = L->summary_off[k] + L->n_strata * width;
    *id = (int)k;
    return CS_OK;
}

size_t cs_setup_surveys(cs_setup *s, const cs_survey **out)
{
    *out = s->surveys;
    return s->n_surveys;
}

int cs_setup_survey_summary(cs_setup *s, size_t k, const char *name, size_t width, const char *const *classes,
                            const char *unit, const char *help, int *id)
{
    if (k >= s->n_surveys || !name) return CS_ERR_INTERNAL;
    const cs_survey *sv = &s->surveys[k];
    size_t len = strlen("survey.") + strlen(sv->name) + 1 + strlen(name) + 1;
    char *full = cs_setup_alloc(s, len, 1, "survey measure name");
    if (!full) return CS_ERR_NOMEM;
    snprintf(full, len, "survey.%s.%s", sv->name, name);
    int rc = cs_setup_summary(s, full, width, classes, unit, help, id);
    if (rc == CS_OK) s->layout->summary[*id].survey = sv;
    return rc;
}

int cs_setup_copy_surveys(cs_setup *s, const cs_survey *surveys, size_t n)
{
    if (n > CS_MAX_SURVEYS || (n && !surveys)) return CS_ERR_INTERNAL;
    for (size_t k = 0; k < n; k++) {
        const cs_survey *sv = &surveys[k];
        if (!sv->name || !sv->name[0] || strlen(sv->name) > CS_SURVEY_NAME_MAX || sv->recall_nights < 1 ||
            sv->at_night < sv->recall_nights)
            return CS_ERR_INTERNAL;
        const char *desc = sv->description ? sv->description : "";
        char *name = cs_setup_alloc(s, strlen(sv->name) + 1, 1, "survey name");
        char *text = cs_setup_alloc(s, strlen(desc) + 1, 1, "survey description");
        if (!name || !text) return CS_ERR_NOMEM;
        memcpy(name, sv->name, strlen(sv->name) + 1);
        memcpy(text, desc, strlen(desc) + 1);
        s->surveys[k] = (cs_survey){name, text, sv->recall_nights, sv->at_night};
    }
    s->n_surveys = n;
    return CS_OK;
}

size_t cs_layout_level(const cs_layout *L, size_t s, size_t d)
{
    size_t stride = 1;
    for (size_t k = L->n_dims; k-- > d + 1;) stride *= L->dims[k].n_levels;
    return (s / stride) % L->dims[d].n_levels;
}
