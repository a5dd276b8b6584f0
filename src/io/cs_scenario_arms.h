/* cs_scenario_arms.h -- (io-internal) the scenario's `arms:` section.
 *
 *   arms:
 *     status_quo: {description: "no programme"}        # the first arm is the reference
 *     stretching:
 *       description: "bedtime stretching for people 65+"
 *       interventions:
 *         bedtime_stretching: {target: "age >= 65", coverage: 0.6}
 *
 * An arm NAME is the scenario row arms.NAME.description, made on its first
 * mention; each intervention IV of it the rows arms.NAME.interventions.IV.*
 * (target, coverage, start_night, end_night, channel, rescreen_nights,
 * max_per_year, top_share, budget_per_year, priority), made on its first
 * mention with their defaults.  From then on they take values like any
 * setting (scenario file, --set) and are written back by the resolved
 * scenario.  Resolving checks them against the run and the model file: an
 * intervention must be a group interventions.IV of the model's parameters. */
#ifndef CS_SCENARIO_ARMS_H
#define CS_SCENARIO_ARMS_H

#include <stddef.h>
#include <stdint.h>

#include "cs_arm.h"
#include "cs_params.h"
#include "cs_strbuf.h"
#include "cs_yaml.h"

/* 1 if `path` is "arms" or lies under it. */
int cs_arms_is_path(const char *path);

/* Applies `value` at `path` ("arms", "arms.NAME", "arms.NAME.description",
 * "arms.NAME.interventions[.IV[.FIELD]]") read from `file` with the key at
 * (line, col) (0, 0 for --set), making rows on first mention.  Every problem
 * is reported; returns CS_ERR_CONFIG if there was one. */
int cs_arms_apply(cs_params *p, const char *path, const cs_yaml_node *value, const char *file, int line, int col,
                  cs_msg *msg);

/* The arms in the order they were first mentioned (none: one reference arm
 * CS_REFERENCE_ARM without interventions), checked against a run of
 * `nights` nights and the model rows of p.  Fills out[0..*n) (strings
 * borrowed from p); CS_ERR_CONFIG after reporting every problem. */
int cs_arms_resolve(cs_params *p, int32_t nights, cs_arm *out, size_t *n, cs_msg *msg);

/* The arms: section of the resolved scenario (nothing when the scenario has
 * none); `row_fn` writes one row at an indent under a key. */
typedef int (*cs_arms_row_fn)(const cs_param *row, const char *indent, const char *key, int annotate, cs_strbuf *out);
int cs_arms_resolved_yaml(const cs_params *p, const cs_arm *arms, size_t n, int annotate, cs_arms_row_fn row_fn,
                          cs_strbuf *out);

#endif
