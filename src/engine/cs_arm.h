/* cs_arm.h -- a policy arm: the interventions one arm of a scenario gives,
 * to whom, how many, when and through which channel.
 *
 * The engine reads arms from the scenario (`arms:`), checks what it can
 * without knowing the model (names, coverage, nights, that each
 * intervention is a group of the model's parameters) and hands the arm
 * being simulated to the model's setup.  What an intervention does is the
 * model's business: its parameters live under `interventions.<name>.` of
 * the model file.  Every arm of a run starts from the same population and
 * the same random streams (common random numbers); the first arm is the
 * reference the others are compared with. */
#ifndef CS_ARM_H
#define CS_ARM_H

#include <stddef.h>
#include <stdint.h>

#include "cs_params.h"

#define CS_MAX_ARMS 16
#define CS_MAX_ARM_ITEMS 16 /* interventions in one arm */
#define CS_ARM_NAME_MAX 32
#define CS_REFERENCE_ARM "status_quo" /* the arm of a scenario without `arms:` */

/* How an arm reaches people. */
typedef enum cs_channel {
    CS_CHANNEL_DEFAULT = 0, /* the intervention's own channel (model parameter) */
    CS_CHANNEL_CAMPAIGN,    /* a population campaign: everyone the rule picks, at the start and at rescreens */
    CS_CHANNEL_VISIT,       /* offered at a care visit to those the rule picks */
    CS_CHANNEL_EPISODE,     /* self-care taken up at an episode by those the rule picks */
    CS_CHANNEL_TRIAL,       /* started only by an in-silico trial's allocation (cs_trial.h); not a user's choice */
    CS_CHANNELS
} cs_channel;
extern const char *const cs_channel_names[CS_CHANNELS];

/* Who comes first when a cap binds. */
typedef enum cs_priority { CS_PRIORITY_RISK = 0, CS_PRIORITY_RANDOM } cs_priority;

/* One intervention of an arm. */
typedef struct cs_arm_item {
    const char *intervention; /* name: the model parameters interventions.<name>.* */
    cs_param_origin at;       /* where the arm names it (for errors) */
    const char *target;       /* rule text (docs/rules.md); "true" reaches everyone */
    cs_param_origin target_at; /* where the rule was written (for errors); file NULL when defaulted */
    double coverage;          /* share of the people the rule picks whom the channel reaches */
    int32_t start_night;      /* first night it is offered (0-based) */
    int32_t end_night;        /* offered and held before this night; the run's nights when not given */
    cs_channel channel;
    int32_t rescreen_nights;  /* campaign: the rule is applied again every this many nights */
    /* caps (population-wide, per year of the programme); negative: none */
    int64_t max_per_year;     /* people started */
    double top_share;         /* only the top share by priority of those the rule picks (1: all) */
    double budget_per_year;   /* currency units spent on starts and holding */
    cs_priority priority;
} cs_arm_item;

typedef struct cs_arm {
    const char *name;        /* identifier; /arms/<name> in the result file */
    const char *description; /* "" when none */
    size_t n_items;
    cs_arm_item items[CS_MAX_ARM_ITEMS];
} cs_arm;

#endif
