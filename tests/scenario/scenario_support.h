/* scenario_support.h -- shared by the scenario tests: a toy model registry,
 * files in a temporary folder, and loading with messages captured. */
#ifndef SCENARIO_SUPPORT_H
#define SCENARIO_SUPPORT_H

#include <stddef.h>

#include "cs_model.h"
#include "cs_params.h"
#include "cs_scenario.h"
#include "cs_test.h"

typedef struct pathbuf {
    char s[1024];
} pathbuf;

/* The model every scenario here names ("model: toy"), registered as the only
 * built-in model (cs_builtin_models); its setup is never run. */
extern const cs_model_ops toy_ops;
/* The toy model file's text: line numbers matter, messages name them. */
extern const char toy_model[];
extern pathbuf model_path;     /* tmp/m/toy.yaml */
extern pathbuf model_via_scen; /* tmp/scen/../m/toy.yaml, as a scenario in scen/ resolves it */

/* Writes the toy model file and sets the paths above; 0 on success.  Call
 * from main() before the tests run. */
int scenario_support_init(void);

/* tmpdir/rel, creating the folders on the way. */
pathbuf tmp_path(const char *rel);
/* Writes text to tmpdir/rel (asserting that it could). */
pathbuf put(const char *rel, const char *text);
/* A scenario in tmp/scen/ with the given text. */
pathbuf scenario(const char *name, const char *text);

/* Loads with messages captured into *msgs (caller frees); errors may be NULL. */
int load(const char *path, const char *const *sets, size_t n, char **msgs, int *errors, cs_scenario **sc);
/* Loads what must load cleanly. */
cs_scenario *load_ok(const char *path, const char *const *sets, size_t n);
/* Loads what must fail with `want_rc` and exactly the messages `want`. */
void expect_fail(const char *path, const char *const *sets, size_t n, int want_rc, const char *want);
/* printf into one of a few static buffers, for expected messages naming tmp paths. */
const char *fmt(const char *f, ...) CS_PRINTF(1, 2);
/* The row at path (asserted to exist). */
cs_param *row(cs_scenario *sc, const char *path);

/* The resolved YAML of sc (caller frees). */
char *resolved(const cs_scenario *sc, int annotate);
/* The line of `text` that starts with `prefix`, copied into line (or ""). */
const char *line_starting(const char *text, const char *prefix, char *line, size_t size);
/* Writes the resolved YAML of sc to tmpdir/rel, loads it back and expects
 * the same rows, settings and surveys. */
void expect_reload(const cs_scenario *sc, int annotate, const char *rel);

/* The cases of test_scenario_errors.c, test_scenario_surveys.c and
 * test_scenario_trial.c, each NULL-terminated. */
extern const cs_test_case scenario_error_cases[];
extern const cs_test_case scenario_survey_cases[];
extern const cs_test_case scenario_trial_cases[];

#endif
