/* cs_scenario_custom.h -- (io-internal) interventions a scenario declares
 * itself (`interventions:` at the top of a scenario file), for therapies the
 * model file does not list:
 *
 *   interventions:
 *     neuromuscular_training:
 *       like: physical_therapy     # start from an intervention of the model file
 *       rate_ratio: {value: 0.7, range: [0.5, 1.0]}
 *       cost_start: 900
 *
 * Each becomes model parameters interventions.NAME.FIELD with the fields of
 * the model file's interventions (the first one's rows are the schema).
 * With `like:` the fields not given take that intervention's values and
 * ranges; without it every field must be given.  A value without a range
 * is fixed (range [value, value]).  From then on the rows behave like the
 * model file's: arms name them, `parameters:` and --set override them,
 * and the resolved scenario writes them back under `interventions:`. */
#ifndef CS_SCENARIO_CUSTOM_H
#define CS_SCENARIO_CUSTOM_H

#include "cs_params.h"
#include "cs_strbuf.h"
#include "cs_yaml.h"

/* The source of a scenario's own intervention rows. */
#define CS_CUSTOM_SOURCE "scenario (custom intervention)"

/* 1 for the top-level key "interventions". */
int cs_custom_is_path(const char *path);

/* Declares the interventions of mapping `value` (the scenario's
 * `interventions:`, key at line:col of `file`).  Every problem is reported;
 * CS_ERR_CONFIG if there was one. */
int cs_custom_apply(cs_params *p, const cs_yaml_node *value, const char *file, int line, int col, cs_msg *msg);

/* 1 if row is a field of a scenario's own intervention. */
int cs_custom_row(const cs_param *row);

/* The interventions: section of the resolved scenario (nothing without
 * any); `row_fn` writes one row. */
typedef int (*cs_custom_row_fn)(const cs_param *row, const char *indent, const char *key, int annotate, cs_strbuf *out);
int cs_custom_resolved_yaml(const cs_params *p, int annotate, cs_custom_row_fn row_fn, cs_strbuf *out);

#endif
