/* cs_scenario_trial.h -- (io-internal) the scenario's `trial:` section.
 *
 *   trial:
 *     description: "quinine vs placebo in adults 50+ with frequent events"
 *     eligibility: "age >= 50 && !pregnant"
 *     run_in_nights: 14
 *     min_events: 4
 *     enrol_night: 90
 *     participants: 3000
 *     follow_up_nights: 28
 *     final_window_nights: 14
 *     arms:                                  # the first is the control
 *       placebo: {intervention: placebo}
 *       quinine: {intervention: quinine, allocation: 1}
 *
 * The trial's rows (trial.description ... trial.final_window_nights) are
 * made on the first mention of `trial`, an arm's rows
 * (trial.arms.NAME.intervention, .allocation) on the arm's first mention,
 * so a scenario without a trial has none.  From then on they take values
 * like any setting (scenario file, --set) and are written back by the
 * resolved scenario.  Resolving checks the design against the run and the
 * model's intervention catalogue (cs_trial.h). */
#ifndef CS_SCENARIO_TRIAL_H
#define CS_SCENARIO_TRIAL_H

#include <stdint.h>

#include "cs_params.h"
#include "cs_scenario_arms.h"
#include "cs_strbuf.h"
#include "cs_trial.h"
#include "cs_yaml.h"

/* 1 if `path` is "trial" or lies under it. */
int cs_trial_is_path(const char *path);

/* Applies `value` at `path` ("trial", "trial.FIELD", "trial.arms",
 * "trial.arms.NAME[.FIELD]") read from `file` with the key at (line, col)
 * (0, 0 for --set), making rows on first mention.  Every problem is
 * reported; returns CS_ERR_CONFIG if there was one. */
int cs_trial_apply(cs_params *p, const char *path, const cs_yaml_node *value, const char *file, int line, int col,
                   cs_msg *msg);

/* The trial of the scenario, checked against a run of `nights` nights and
 * the model rows of p: *has is 0 (and *out untouched) when the scenario
 * has none.  Strings are borrowed from p.  CS_ERR_CONFIG after reporting
 * every problem. */
int cs_trial_resolve(cs_params *p, int32_t nights, int *has, cs_trial *out, cs_msg *msg);

/* The trial: section of the resolved scenario (nothing without a trial);
 * `row_fn` writes one row at an indent under a key (as for the arms). */
int cs_trial_resolved_yaml(const cs_params *p, const cs_trial *tr, int annotate, cs_arms_row_fn row_fn,
                           cs_strbuf *out);

#endif
