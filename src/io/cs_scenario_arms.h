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

/* Shared with the other sections that name arms and interventions (trial:). */
#define CS_ARMS_MAX_FIELDS 12
/* A section's apply function (cs_arms_apply's signature). */
typedef int (*cs_section_apply_fn)(cs_params *p, const char *path, const cs_yaml_node *value, const char *file,
                                   int line, int col, cs_msg *msg);
/* Adds `row` at `path` as a scenario row declared at `decl`, without a
 * range (cs_params_add's contract). */
int cs_section_add_row(cs_params *p, const char *path, cs_param row, cs_param_origin decl);
/* Rows of p for which is_row (which also gives a name's span) is true. */
typedef int (*cs_section_row_fn)(const cs_param *row, const char **name, size_t *len);
size_t cs_section_count(const cs_params *p, cs_section_row_fn is_row);
/* Applies every pair KEY: VALUE of mapping `v` as `apply(path.KEY, VALUE)`;
 * an empty unquoted value (`name:` alone) applies nothing, anything else
 * but a mapping is an error "expected <expected>".  Reports every problem;
 * CS_ERR_CONFIG if there was one. */
int cs_section_apply_map(cs_params *p, const char *path, const cs_yaml_node *v, const char *file,
                         const char *expected, cs_section_apply_fn apply, cs_msg *msg);
/* The name at the start of `s` (up to a dot, or the end) into out (size
 * bytes): an identifier of at most CS_ARM_NAME_MAX characters, else an
 * error "<what> name is an identifier ..." at (file, line, col, key).
 * *rest points after the dot (NULL at the end). */
int cs_arms_name(const char *s, const char *what, const char *key, const char *file, int line, int col, char *out,
                 size_t size, const char **rest, cs_msg *msg);
/* Reports "unknown key" for `path`, suggesting the closest of the (at most
 * CS_ARMS_MAX_FIELDS) `fields` under `base`, else naming `what` is there.
 * Returns CS_ERR_CONFIG. */
int cs_arms_unknown(const char *path, const char *base, const char *const *fields, size_t n, const char *file,
                    int line, int col, const char *what, cs_msg *msg);
/* CS_OK if `iv` is an intervention of the model file (a group
 * interventions.IV of its parameters); else reports at `at` under `key`,
 * with a did-you-mean and `also` appended (NULL: nothing), and returns
 * CS_ERR_CONFIG. */
int cs_arms_check_intervention(cs_params *p, const char *iv, cs_param_origin at, const char *key, const char *also,
                               cs_msg *msg);

/* The arms: section of the resolved scenario (nothing when the scenario has
 * none); `row_fn` writes one row at an indent under a key. */
typedef int (*cs_arms_row_fn)(const cs_param *row, const char *indent, const char *key, int annotate, cs_strbuf *out);
int cs_arms_resolved_yaml(const cs_params *p, const cs_arm *arms, size_t n, int annotate, cs_arms_row_fn row_fn,
                          cs_strbuf *out);

#endif
