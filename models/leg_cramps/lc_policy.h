/* lc_policy.h -- (model-internal) the arm being simulated: its
 * interventions as the model applies them, and the economics of every arm.
 *
 * An arm item (cs_arm.h) names an intervention of the catalogue (model
 * parameters interventions.NAME.*).  Setup resolves each into an lc_iv: the
 * causes it changes (habit bits set or cleared, an activity floor, drugs
 * stopped, conditions brought under care), its direct multipliers on the
 * cramp rate and on episode length, uptake, adherence, stopping, costs and
 * adverse events.  Agents carry which items they were offered and which
 * they hold; everything else follows from their streams. */
#ifndef LC_POLICY_H
#define LC_POLICY_H

#include <stdint.h>

#include "cs_arm.h"
#include "cs_rule.h"

/* Causes an intervention can change (acts_on, '+'-separated). */
enum lc_mech {
    LC_M_DRINK_MORE = 0,    /* clears the low-fluid habit */
    LC_M_BETTER_DIET,       /* clears the poor-diet habit */
    LC_M_SUPPLEMENT,        /* takes electrolyte supplements */
    LC_M_WARM_UP,           /* warms up before exercise */
    LC_M_GOOD_SHOES,        /* clears ill-fitting shoes */
    LC_M_EXERCISE,          /* a sedentary person becomes moderately active */
    LC_M_LESS_CAFFEINE_ALCOHOL, /* clears heavy caffeine and regular alcohol */
    LC_M_STOP_CRAMP_DRUGS,  /* stops the cramp-prone drugs taken (a switch away) */
    LC_M_TREAT_CIRCULATION, /* circulation problems come under care */
    LC_M_TREAT_CONDITIONS,  /* every condition present comes under care */
    LC_MECHS
};
extern const char *const lc_mech_names[LC_MECHS];

typedef struct lc_iv {
    const cs_arm_item *item;
    const char *name;
    int catalogue;          /* index of the intervention in the catalogue: its random purpose */
    cs_channel channel;     /* resolved (never CS_CHANNEL_DEFAULT) */
    cs_rule *target;        /* compiled rule */
    unsigned mechs;         /* bit set of enum lc_mech */
    uint16_t habit_set, habit_clear; /* habit bits it sets or clears while held */
    float rate_ratio[2];    /* direct multiplier on the rate: not pregnant, pregnant */
    float duration_ratio;
    double uptake, adherence, stop_per_day;
    double cost_start, cost_per_day, cost_per_use; /* currency units */
    double minor_per_day, serious_per_day, mortality_hr;
    /* caps: the programme year being counted and what it has used (serial state) */
    int32_t cap_year;
    int64_t started_this_year, spent_this_year; /* people; cents */
} lc_iv;

/* One population-wide selection of tonight (lc_policy_caps.c). */
typedef struct lc_stage_info {
    uint8_t item;        /* of the arm */
    uint8_t kind;        /* share, count, budget */
    uint8_t first, last; /* the item's first and last stage tonight */
} lc_stage_info;

/* Economics of every arm (model parameters economics.*). */
typedef struct lc_econ {
    double discount_rate;
    double cost_consultation, cost_blood, cost_nerve, cost_imaging, cost_minor, cost_serious;
    double qaly_cramp_night, qaly_sleep_hour, qaly_strain_day, qaly_mobility_day, qaly_mood_day;
    double qaly_minor, qaly_serious;
    double utility;      /* quality weight of a year of life in the population (for life-years lost) */
} lc_econ;

#define LC_MAX_IVS CS_MAX_ARM_ITEMS
#define LC_MAX_AGE_PLUS_1 111 /* LC_MAX_AGE + 1 (lc_model.h) */

typedef struct lc_policy {
    size_t n;                 /* items of the arm (0: status quo) */
    lc_iv iv[LC_MAX_IVS];
    const char *names[LC_MAX_IVS]; /* of the items (class labels of the summaries) */
    uint16_t rate_mask;       /* items with a direct effect on the rate */
    uint16_t duration_mask;   /* items with a direct effect on episode length */
    uint16_t use_cost_mask;   /* items with a cost per use */
    uint16_t visit_mask, episode_mask, campaign_mask; /* items by channel */
    uint16_t event_mask;      /* items with stopping, adverse events or a mortality effect */
    uint16_t capped_mask;     /* campaign items with a cap: started by selections */
    lc_stage_info stage[CS_MAX_SELECTIONS];
    size_t n_stages;
    lc_econ e;
    double discount;          /* discount factor of tonight (set in begin_day) */
    double day_factor;        /* (1 + rate)^(-1/365): one day's discount */
    uint64_t key[LC_MAX_IVS]; /* stream key of each item tonight (its catalogue purpose) */
    /* discounted quality-adjusted life expectancy by sex and age: the QALYs
     * a death attributed to an intervention costs (from the model's life table) */
    double qale[2][LC_MAX_AGE_PLUS_1];
} lc_policy;

#endif
