/* cs_scenario_surveys.h -- (io-internal) the scenario's `surveys:` section.
 *
 * A survey NAME is three scenario rows, made on its first mention:
 * surveys.NAME.recall_nights, surveys.NAME.at_night and
 * surveys.NAME.description.  From then on they take values like any
 * setting (scenario file, --set) and are written back by the resolved
 * scenario; resolving turns them into cs_survey designs checked against the
 * run's length. */
#ifndef CS_SCENARIO_SURVEYS_H
#define CS_SCENARIO_SURVEYS_H

#include <stddef.h>
#include <stdint.h>

#include "cs_model.h"
#include "cs_params.h"
#include "cs_yaml.h"

/* Longest recall window (ten years). */
#define CS_SURVEY_MAX_RECALL 3650

/* 1 if `path` is "surveys" or lies under it ("surveys.NAME[.FIELD]"). */
int cs_surveys_is_path(const char *path);

/* Applies `value` at `path` ("surveys": a mapping of names to designs;
 * "surveys.NAME": a design mapping; "surveys.NAME.FIELD": a value), read
 * from `file` with the key at (line, col) (0, 0 for --set).  Makes a
 * survey's rows on its first mention.  Every problem is reported
 * ("FILE:LINE:COL: KEY: message"); returns CS_ERR_CONFIG if there was one. */
int cs_surveys_apply(cs_params *p, const char *path, const cs_yaml_node *value, const char *file, int line, int col,
                     cs_msg *msg);

/* The surveys in the order they were first mentioned, checked against a run
 * of `nights` nights: recall_nights given, at_night (default: `nights`;
 * negative: counted back from `nights`) in [recall_nights, nights].  The
 * default at_night is written into its row.  Fills out[0..*n) (strings
 * borrowed from p); CS_ERR_CONFIG after reporting every problem. */
int cs_surveys_resolve(cs_params *p, int32_t nights, cs_survey *out, size_t *n, cs_msg *msg);

#endif
