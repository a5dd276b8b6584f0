/* cs_trial.h -- an in-silico trial: a randomised trial emulated inside the
 * simulated population (the scenario's `trial:` section, docs/policies.md).
 *
 * The engine owns the design and the statistics; the model owns who is
 * eligible, what each arm receives and the events counted.  A trial runs in
 * a simulation of its own (the reference population plus the trial, common
 * random numbers with the arms): on `enrol_night` up to `participants`
 * people whom the eligibility rule picks and who had at least `min_events`
 * events in the `run_in_nights` nights before are enrolled in a random order
 * and allocated to the arms by their weights, both by population-wide
 * selections (cs_select.h), so the same people land in the same arms for
 * any ranks and threads.  Each participant is followed for
 * `follow_up_nights` nights and counted intention-to-treat in the arm
 * allocated; the outcome is the model's events per week at baseline (the
 * run-in) and in the last `final_window_nights` nights of follow-up.
 *
 * Tallies are integers (counts, sums, sums of squares and of products), so
 * they reduce exactly over threads and ranks; means, intervals and ratios
 * are computed from them at report time (cs_trial_stats). */
#ifndef CS_TRIAL_H
#define CS_TRIAL_H

#include <stddef.h>
#include <stdint.h>

#include "cs_arm.h"
#include "cs_params.h"

#define CS_TRIAL_MAX_ARMS 8
#define CS_TRIAL_ARM "trial" /* name of the trial simulation's policy arm */

/* What an arm of the trial receives. */
typedef enum cs_trial_kind {
    CS_TRIAL_TREATMENT = 0, /* an intervention of the model's catalogue, started at enrolment */
    CS_TRIAL_PLACEBO,       /* a placebo: the model's placebo (attention) effect only */
    CS_TRIAL_NONE,          /* usual care: nothing (an open control arm) */
} cs_trial_kind;

typedef struct cs_trial_arm {
    const char *name;         /* identifier */
    cs_trial_kind kind;
    const char *intervention; /* TREATMENT: catalogue name; "placebo" or "none" otherwise */
    int item;                 /* TREATMENT: its item in cs_trial.arm; -1 otherwise */
    double allocation;        /* weight (> 0): shares of the participants are the weights' */
} cs_trial_arm;

typedef struct cs_trial {
    const char *description;     /* "" when none */
    const char *eligibility;     /* rule text (docs/rules.md) */
    cs_param_origin eligibility_at; /* where it was written, for errors */
    int32_t enrol_night;         /* selection and allocation on the day before this night */
    int32_t run_in_nights;       /* baseline window: nights [enrol - run_in, enrol) */
    int64_t min_events;          /* events in the run-in needed to be eligible */
    int64_t participants;        /* at most this many enrolled (fewer when fewer are eligible) */
    int32_t follow_up_nights;    /* nights [enrol, enrol + follow_up) */
    int32_t final_window_nights; /* outcome window: the last nights of follow-up */
    size_t n_arms;               /* 2..CS_TRIAL_MAX_ARMS; arms[0] is the control others are compared with */
    cs_trial_arm arms[CS_TRIAL_MAX_ARMS];
    cs_arm arm; /* the simulation's policy arm: one item per treatment arm, channel CS_CHANNEL_TRIAL,
                 * held from enrol_night to the end of follow-up */
} cs_trial;

/* First night after follow-up. */
static inline int32_t cs_trial_end(const cs_trial *tr) { return tr->enrol_night + tr->follow_up_nights; }

/* Integer tallies of one arm (element [arm * CS_TRIAL_FIELDS + field]),
 * then CS_TRIAL_GLOBALS for the whole trial.  Baseline sums are over the
 * randomised, the rest over completers (alive at the end of follow-up). */
#define CS_TRIAL_FIELD_LIST(X)                                                                             \
    X(RANDOMISED, "randomised", "persons", "participants allocated to the arm")                          \
    X(BASE_SUM, "baseline_events", "events", "events in the run-in, summed over the randomised")         \
    X(BASE_SQ, "baseline_events_sq", "events^2", "squares of the run-in events, summed over the randomised") \
    X(COMPLETED, "completed", "persons", "participants alive at the end of follow-up")                   \
    X(LOST, "lost", "persons", "participants who died during follow-up (lost to follow-up)")              \
    X(COMP_BASE_SUM, "completer_baseline_events", "events", "run-in events, summed over completers")       \
    X(COMP_BASE_SQ, "completer_baseline_events_sq", "events^2", "squares of the run-in events of completers") \
    X(END_SUM, "final_events", "events", "events in the final window, summed over completers")            \
    X(END_SQ, "final_events_sq", "events^2", "squares of the final-window events, summed over completers") \
    X(BASE_END, "baseline_final_products", "events^2",                                                     \
      "products of run-in and final-window events, summed over completers")                               \
    X(RESP25, "responders_25", "persons", "completers whose weekly rate fell by at least 25% from baseline") \
    X(RESP50, "responders_50", "persons", "completers whose weekly rate fell by at least 50% from baseline") \
    X(DISCONTINUED, "discontinued", "persons",                                                             \
      "completers of a treatment arm no longer holding its intervention at the end of follow-up")
enum cs_trial_field {
#define CS_TRIAL_ENUM_(id, name, unit, help) CS_TRIAL_##id,
    CS_TRIAL_FIELD_LIST(CS_TRIAL_ENUM_)
#undef CS_TRIAL_ENUM_
    CS_TRIAL_FIELDS
};
enum { CS_TRIAL_ELIGIBLE = 0, CS_TRIAL_GLOBALS }; /* eligible on the enrolment night */
extern const char *const cs_trial_field_names[CS_TRIAL_FIELDS];
extern const char *const cs_trial_field_units[CS_TRIAL_FIELDS];
extern const char *const cs_trial_field_help[CS_TRIAL_FIELDS];

/* Elements of one trial's tallies. */
static inline size_t cs_trial_tally_size(const cs_trial *tr) { return tr->n_arms * CS_TRIAL_FIELDS + CS_TRIAL_GLOBALS; }

/* Adds a participant of arm `arm` at randomisation with `base` run-in
 * events (t: the block of cs_tally_trial). */
void cs_trial_randomised(int64_t *t, size_t arm, int64_t base);
/* Adds a completer of arm `arm` with `base` run-in and `end` final-window
 * events; `discontinued` if it no longer holds its arm's intervention. */
void cs_trial_completed(int64_t *t, const cs_trial *tr, size_t arm, int64_t base, int64_t end, int discontinued);
/* A participant of arm `arm` died during follow-up. */
void cs_trial_lost(int64_t *t, size_t arm);

/* What a trial report gives for one arm, from the tallies.  Weekly rates
 * are events x 7 / window nights; NaN where undefined (no one, or one
 * person for a standard deviation).  Intervals are 95%, normal
 * approximation: Welch's standard error for the crude difference, the
 * ANCOVA residual variance for the adjusted one; ratios' on the log scale
 * (delta method). */
typedef struct cs_trial_arm_stats {
    int64_t randomised, completed, lost, discontinued, responders25, responders50;
    double base_mean, base_sd;     /* events per week in the run-in, randomised */
    double end_mean, end_sd;       /* events per week in the final window, completers */
    double change_mean, change_sd; /* final minus baseline per week, completers */
    double responders25_pct, responders50_pct; /* of completers */
    double diff, diff_lo, diff_hi;    /* end_mean minus the control's (NaN for the control) */
    double ratio, ratio_lo, ratio_hi; /* end_mean over the control's */
    /* adjusted for baseline (ANCOVA: final events on run-in events with one
     * slope pooled within arms, means taken at the completers' overall
     * baseline), as trials report beside the crude figures */
    double adj_mean;                           /* events per week */
    double adj_diff, adj_diff_lo, adj_diff_hi; /* minus the control's (NaN for the control) */
    double adj_ratio, adj_ratio_lo, adj_ratio_hi;
} cs_trial_arm_stats;

/* Statistics of every arm (out[0..n_arms)) from tallies t (cs_trial_tally_size). */
void cs_trial_stats(const cs_trial *tr, const int64_t *t, cs_trial_arm_stats *out);

#endif
