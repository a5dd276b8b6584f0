/* lc_model.h -- (model-internal) state of the leg-cramp model.
 *
 * The model keeps its parameters (read once at setup), precomputed tables
 * and pointers to its agent columns here.  Each life process (demography,
 * pregnancy, susceptibility) lives in its own file and changes an agent only
 * at scheduled events; between events the agent's nightly cramp rate is a
 * cached float, so the nightly loop reads a few bytes per agent. */
#ifndef LC_MODEL_H
#define LC_MODEL_H

#include <stdint.h>

#include "cs_model.h"
#include "cs_rng.h"
#include "cs_stream.h"
#include "lc_policy.h"

#define LC_NEVER INT32_MAX
#define LC_LONG_AGO (-1000000000) /* a night before any start on record */
#define LC_DAYS_PER_YEAR 365
#define LC_MAX_AGE 110 /* years; tables run 0..LC_MAX_AGE */
#define LC_PYRAMID_BANDS 18 /* 0-4, 5-9, ..., 80-84, 85+ */
#define LC_FERTILITY_BANDS 8 /* 10-14, 15-19, ..., 45-49 */

/* Random-stream purposes: one per process, so that a process's draws never
 * move another's. */
enum lc_purpose {
    LC_P_INIT = 1,  /* initial population */
    LC_P_SUSC = 2,  /* susceptibility onset and remission */
    LC_P_CONCEIVE = 3,
    LC_P_GESTATION = 4, /* gestation length, keyed by the pregnancy's start day */
    LC_P_NIGHT = 5,     /* nightly cramp process */
    LC_P_DEATH = 6,     /* time of death */
    LC_P_BIRTH = 7,     /* a newborn taking a deceased agent's place */
    LC_P_COND = 8,      /* onset of an underlying condition (night 0 state uses LC_P_INIT) */
    LC_P_MED = 9,       /* medication starts and stops (night 0 state uses LC_P_INIT) */
    LC_P_HABIT = 10,    /* a person's lasting habits, keyed by the night of birth (stable for life) */
    LC_P_LYTES = 11,    /* electrolyte levels: resampling times and states */
    LC_P_WEATHER = 12,  /* heat waves (one draw per night for the whole population) */
    LC_P_AFTER = 13,    /* what follows a cramp night: complications, then care seeking and diagnosis */
    LC_P_POLICY = 14,   /* waiting times of the arm's intervention events (lc_policy.c) */
    LC_P_SPELL = 15,    /* active and quiet spells of the personal rate */
    LC_P_THIN = 16,     /* which intervention event happens, and the thinning of episodes (lc_policy.c) */
    LC_P_TRIAL = 17,    /* an in-silico trial: enrolment and allocation order, thinning of participants' episodes */
    LC_PURPOSES
};
/* Interventions draw from purpose LC_P_IV0 + their place in the catalogue:
 * the same intervention has the same draws in every arm. */
#define LC_P_IV0 64u

/* Habits and states that shape a person's days: bits of column habits.
 * Bits 0-8 form the day profile (lc_daily.h), the index of the tables the
 * nightly loop reads; the rest act through the cached rate. */
enum lc_habit {
    LC_H_ACTIVITY = 0,      /* 2 bits: enum lc_activity */
    LC_H_STANDING = 2,      /* works on their feet */
    LC_H_FOOTWEAR = 3,      /* ill-fitting shoes or high heels */
    LC_H_WARMUP = 4,        /* warms up and stretches before exercise */
    LC_H_LOW_FLUID = 5,     /* habitually drinks little */
    LC_H_ALCOHOL = 6,       /* drinks alcohol regularly */
    LC_H_CAFFEINE = 7,      /* heavy caffeine intake */
    LC_H_LIMITED = 8,       /* mobility limited (strain or chronic cramps): mostly rest days */
    LC_H_POOR_DIET = 9,     /* diet poor in potassium, magnesium, calcium */
    LC_H_GENETIC = 10,      /* genetic predisposition (family history) */
    LC_H_SUPPLEMENT = 11,   /* takes electrolyte supplements (after a deficiency was found) */
    LC_H_LOW_MOOD = 12,     /* anxiety or low mood after persistent cramps and poor sleep */
    LC_H_STRAIN = 13,       /* recovering from a muscle strain (one cause of LC_H_LIMITED) */
    LC_H_ACTIVE_SPELL = 14, /* in an active spell of frequent cramps (lc_spells.c) */
    LC_H_RESPONDER = 15,    /* conditions and drugs can give this person cramps (lc_rate_parts) */
};
#define LC_PROFILES 512 /* 2^9 day profiles: habit bits 0-8 */
/* The day profile of a habits column value: the index of lc_model.day. */
static inline unsigned lc_profile_of(unsigned habits) { return habits & (LC_PROFILES - 1); }
#define LC_HABITS_LASTING 0x86FFu /* bits redrawn at birthdays: 0-7, 9, 10, 15 (not 8, 11-14: states) */

enum lc_activity { LC_ACT_SEDENTARY = 0, LC_ACT_MODERATE, LC_ACT_ACTIVE, LC_ACT_ATHLETE, LC_ACTIVITIES };
/* What a day was like; ordered by the thresholds that pick it. */
enum lc_day { LC_REST = 0, LC_NORMAL, LC_STRENUOUS, LC_SUDDEN, LC_DAY_TYPES };
enum lc_mineral { LC_K = 0, LC_MG, LC_CA, LC_MINERALS };

/* Underlying conditions (causes of secondary cramps): bit c of column cond. */
enum lc_cond {
    LC_PAD = 0,     /* peripheral arterial disease */
    LC_STENOSIS,    /* lumbar spinal stenosis / nerve-root compression */
    LC_DIABETES,
    LC_DIALYSIS,    /* end-stage kidney disease on haemodialysis */
    LC_CIRRHOSIS,
    LC_NEUROPATHY,  /* peripheral neuropathy */
    LC_ARTHRITIS,
    LC_HYPOTHYROID,
    LC_PARKINSON,
    LC_MS,          /* multiple sclerosis */
    LC_RLS,         /* restless legs syndrome */
    LC_VARICOSE,    /* varicose veins */
    LC_CONDS
};

/* Medications (drugs that precede cramps): bit k of column meds. */
enum lc_med {
    LC_THIAZIDE = 0,
    LC_LOOP,          /* loop diuretic */
    LC_K_SPARING,     /* potassium-sparing diuretic */
    LC_STATIN,
    LC_LABA,          /* long-acting beta agonist */
    LC_RALOXIFENE,    /* women only */
    LC_TERIPARATIDE,  /* women only */
    LC_ESTROGENS,     /* conjugated estrogens, women only */
    LC_NAPROXEN,
    LC_IRON_SUCROSE,  /* intravenous iron sucrose */
    LC_MEDS
};

enum lc_sex { LC_MALE = 0, LC_FEMALE = 1 };
enum lc_preg { LC_NOT_PREGNANT = 0, LC_T1, LC_T2, LC_T3, LC_POSTPARTUM, LC_PREG_STATES };
enum lc_muscle { LC_CALF = 0, LC_THIGH, LC_FOOT, LC_MUSCLES };
enum lc_severity { LC_MILD = 0, LC_MODERATE, LC_SEVERE };

#define LC_AGE_BANDS 9 /* 0-14, 15-24, ..., 75-84, 85+ */
#define LC_FREQ_CLASSES 6
extern const char *const lc_freq_labels[LC_FREQ_CLASSES];

/* Surveys: index 0 is the built-in one (the last `survey.window_nights`
 * nights of the run, answering `frequency`, `condition_*` and
 * `medication_*`), 1 + k is the scenario's survey k.  A survey counts each
 * respondent's episodes and cramp nights in a counter slot while its window
 * is open; surveys whose windows do not overlap share a slot. */
#define LC_SURVEYS (1 + CS_MAX_SURVEYS)
/* The questions: answered by every respondent (yes: 1), tallied as the
 * classes of `answers` (all five) and of the condition and medication
 * measures (the first four). */
enum lc_question { LC_Q_RESPONDENT = 0, LC_Q_CRAMPS, LC_Q_WOKEN, LC_Q_DOCTOR, LC_Q_DOCTOR_EVER, LC_QUESTIONS };
#define LC_GROUP_QUESTIONS LC_Q_DOCTOR_EVER /* asked by condition and by medication */

typedef struct lc_survey {
    int32_t first_night, at_night; /* recall window: nights [first_night, at_night) */
    uint8_t slot;                  /* its counters (lc_model slot_*), bit `slot` of sv_woken */
    uint8_t clear;                 /* a later survey counts in the same slot: clear it once asked */
    /* summary measure ids, -1 where the survey does not ask */
    int frequency, answers;
    int cond[LC_GROUP_QUESTIONS], med[LC_GROUP_QUESTIONS];
} lc_survey;

/* The in-silico trial of this simulation (cs_trial.h; NULL design: none). */
typedef struct lc_trial {
    const cs_trial *design;
    cs_rule *eligible;         /* compiled eligibility rule */
    int tally;                 /* summary measure of the trial's tallies */
    double placebo_ratio;      /* placebo.rate_ratio: read in every simulation */
    float attention[CS_TRIAL_MAX_ARMS]; /* rate multiplier of each arm's participants in follow-up */
    int32_t run_in, enrol, final, end; /* nights: run-in from, enrolment, final window from, end of follow-up */
    size_t first_stage;        /* tonight's selections: the trial's come after the caps' */
} lc_trial;

/* What the nightly loop reads of a day profile (habit bits 0-8): one cache
 * line, so a person-night's table lookups cost one miss at most. */
typedef struct lc_day_profile {
    uint32_t cut[LC_DAY_TYPES - 1];    /* thresholds of the day type on a 16-bit draw */
    uint32_t drink_cut;                /* threshold of a drinking evening on an 8-bit draw */
    float load[LC_DAY_TYPES];          /* fatigue added */
    float mult[LC_DAY_TYPES][2];       /* today's multiplier (conditioning, hydration), by drink */
} lc_day_profile;

/* Series measures (time series per stratum). */
typedef struct lc_series_ids {
    int person_nights, cramp_nights, cramps, cramp_seconds, deaths, births;
    int muscle[LC_MUSCLES];
    int severity[3];
    int sleep_lost;        /* seconds awake because of cramps */
    int drowsy_days;       /* days after a night with much sleep lost */
    int sore_days;         /* days of tightness, tenderness or soreness after a cramp night */
    int strains;           /* muscle strains, tears or bruising from a forceful cramp */
    int mobility_onsets;   /* spells of reduced mobility begun */
    int mood_onsets;       /* spells of anxiety or low mood begun */
    int consultations;     /* consultations about cramps */
    int tests;             /* blood tests, nerve studies and imaging done at them */
    int found[4];          /* causes found at a consultation: deficiency, nerve, circulation, drug */
    int heat_wave_nights;  /* person-nights in a heat wave */
    int strenuous_days;    /* person-days of strenuous activity or a sudden change of routine */
    /* policy and economics (lc_policy.c): every arm declares them */
    int iv_starts, iv_stops, adverse_minor, adverse_serious, deaths_attributed;
    int cost_interventions, cost_care, cost_adverse; /* cents, discounted */
    int qaly_lost;                                   /* micro-QALYs, discounted */
} lc_series_ids;

/* Summary measures (end of run per stratum). */
typedef struct lc_summary_ids {
    int frequency;          /* agents by cramp frequency class in the survey window */
    int trimester_observed; /* trimesters fully observed, by trimester */
    int trimester_cramped;  /* of those, with at least one cramp night */
    int onset_age;          /* onsets of susceptibility in the run by 5-year age band at onset */
    int cond_agents;        /* agents at the end with each condition */
    int cond_sufferers;     /* of those, with cramps in the survey window */
    int med_users;          /* agents at the end taking each medication */
    int med_sufferers;      /* of those, with cramps in the survey window */
    int states;             /* agents at the end by habit or state (lc_state_labels) */
    int state_sufferers;    /* of those, with cramps in the survey window */
    int iv_started, iv_held_days, iv_holders; /* by intervention of the arm; -1 in an arm without any */
} lc_summary_ids;

/* Daily life (lc_daily.c, lc_habits.c), electrolytes, complications and care. */
typedef struct lc_life_params {
    /* habits: share of people with each, by age 20 and 80 (linear between, flat outside) */
    double activity_share[LC_ACTIVITIES][2];
    double standing_share, standing_age_lo, standing_age_hi;
    double footwear_share[2]; /* by sex */
    double warmup_share;      /* of the active and athletes */
    double low_fluid_share, alcohol_share[2], caffeine_share, poor_diet_share, genetic_share;
    double responder_share; /* people whose conditions and drugs can give them cramps */
    /* days */
    double day_share[LC_ACTIVITIES + 1][LC_DAY_TYPES]; /* by activity class; last row: mobility limited */
    double day_load[LC_DAY_TYPES];                     /* fatigue added by a day of each type */
    double standing_load, footwear_ratio, warmup_ratio;
    double fatigue_half_life; /* days */
    double fatigue_gain;      /* relative rise of the rate per unit of fatigue */
    double conditioning[LC_ACTIVITIES + 1]; /* rate multiplier by activity class (deconditioning) */
    /* weather and hydration */
    double heat_wave_rate, heat_wave_days, heat_wave_season; /* per summer day; mean length; half-width (days) */
    double heat_dehydration, sweat_dehydration, low_fluid_ratio;
    double drink_share, alcohol_dehydration, caffeine_dehydration;
    /* electrolytes */
    double lyte_low[LC_MINERALS];         /* P(low) with a good diet and no drugs */
    double lyte_diet_ratio, lyte_supplement_ratio;
    double lyte_diuretic_ratio[LC_MINERALS]; /* thiazide or loop */
    double lyte_k_sparing_ratio, lyte_dialysis_ratio;
    double lyte_mult[LC_MINERALS];        /* rate multiplier when low */
    double lyte_resample_days;
    double supplement_share; /* people taking supplements at the start */
    /* spells */
    double active_days, quiet_days, active_ratio;
    /* genetics */
    double genetic_onset_hr, genetic_rate_ratio;
    /* after-effects and complications */
    double after_gain, after_half_life; /* raised risk on the nights after a cramp night */
    double sore_prob[3];                 /* by the worst severity of the night */
    double fallback_minutes[3];          /* time to fall asleep again after an episode, by severity */
    double drowsy_minutes;               /* sleep lost that makes the next day drowsy */
    double strain_prob, strain_days;     /* per severe episode; mean recovery */
    double burden_half_life;             /* days: memory of the cramp burden */
    double mobility_burden, mobility_prob, mobility_days;
    double mood_burden, mood_prob, mood_days;
    /* care */
    double care_base, care_frequent, care_severe, care_new_drug, care_signs; /* per cramp night */
    double care_frequent_burden, care_revisit_days, signs_prob;
    double test_blood, test_nerve, test_imaging, test_exam, review_drug; /* P(done | consultation) */
    double sens_nerve, sens_imaging, sens_exam;
    double treated_ratio; /* rate multiplier of a condition once its care starts */
} lc_life_params;

typedef struct lc_params {
    /* demography */
    double pyramid[2][LC_PYRAMID_BANDS]; /* population by sex and 5-year band (thousands) */
    double oldest_age;                   /* upper end of the open 85+ band */
    double mortality_makeham;            /* per year, all ages */
    double mortality_gompertz[2];        /* per year at age 0, by sex */
    double mortality_slope;              /* per year of age */
    double male_share_at_birth;
    /* pregnancy */
    double fertility[LC_FERTILITY_BANDS]; /* births per 1000 women-years, 10-14 .. 45-49 */
    double gestation_mean, gestation_sd, gestation_min, gestation_max; /* days from LMP */
    double postpartum_days;
    double preg_rate[3];       /* cramp episodes per night by trimester, average woman */
    double preg_week_ratio;    /* multiplier per gestational week in trimester 3 */
    double preg_sigma;         /* lognormal sd of the personal response to pregnancy */
    /* susceptibility (chronic idiopathic cramps) */
    double onset_child;      /* per year, below child_age */
    double child_age;        /* years: end of the childhood onset hazard */
    double onset_gompertz_a; /* per year at age 0 */
    double onset_gompertz_b; /* per year of age */
    double female_onset_hr;
    double remission_rate; /* per year */
    double rate_median;    /* episodes per night at age 65, median susceptible man */
    double rate_sigma;     /* lognormal sd between susceptible people */
    double rate_age_slope; /* log rate per year of age */
    double female_rate_ratio;
    /* conditions: men's prevalence p_max / (1 + exp(-(a - a_mid)/a_scale)), women's x female_ratio */
    double cond_prev_max[LC_CONDS], cond_age_mid[LC_CONDS], cond_age_scale[LC_CONDS], cond_female_ratio[LC_CONDS];
    double cond_rate[LC_CONDS]; /* additive episodes per night, scaled by w */
    double cond_mult[LC_CONDS]; /* multiplier on the idiopathic rate */
    /* medications: use prevalence as for conditions (women-only drugs: women's plateau, female_ratio unused) */
    double med_prev_max[LC_MEDS], med_age_mid[LC_MEDS], med_age_scale[LC_MEDS], med_female_ratio[LC_MEDS];
    double med_stop_rate[LC_MEDS];  /* discontinuation per year */
    double med_rate[LC_MEDS];       /* additive episodes per night, scaled by w */
    double med_mult_start[LC_MEDS]; /* multiplier on the idiopathic rate in the post-start window */
    double med_mult_long[LC_MEDS];  /* multiplier afterwards */
    double med_window[LC_MEDS];     /* days: post-start window */
    /* season */
    double season_amplitude; /* relative amplitude of the yearly sinusoid */
    double season_peak_day;  /* day of year of the maximum */
    /* episodes */
    double duration_mean_adult, duration_mean_child; /* seconds */
    double duration_child_age, duration_adult_age;   /* years: ramp between the two means */
    double duration_sigma;                            /* lognormal sd */
    double duration_max;                              /* seconds */
    double saturation;                                /* episodes per night the rate saturates at */
    double muscle_share[LC_MUSCLES];
    double severity_share_mild, severity_share_severe;
    double severity_duration_corr;
    /* survey */
    int32_t survey_nights; /* nights at the end of the run the built-in survey looks back over */
    lc_life_params l;
} lc_params;

typedef struct lc_model {
    lc_params p;
    /* derived tables */
    double pyramid_cdf[2 * LC_PYRAMID_BANDS];
    double susc_prob[2][2][LC_MAX_AGE + 1];    /* P(susceptible) at exact age a, by genetic predisposition and sex */
    double onset_hazard[2][2][LC_MAX_AGE + 1]; /* per day, over year of age a, likewise */
    float genetic_rate[2];                     /* rate multiplier without and with the predisposition */
    float responder_scale[2];                  /* secondary-rate multiplier of a non-responder, a responder */
    double remission_per_day;
    double rate_log_median;                    /* log of susceptibility.rate_median: the lognormal's mu */
    float cond_prob[2][LC_MAX_AGE + 1][LC_CONDS];   /* P(condition) at exact age a, by sex */
    double cond_hazard[2][LC_MAX_AGE + 1][LC_CONDS]; /* onset per day over year of age a */
    float med_prob[2][LC_MAX_AGE + 1][LC_MEDS];          /* P(using drug) at exact age a, by sex */
    double med_start_hazard[2][LC_MAX_AGE + 1][LC_MEDS]; /* starts per day over year of age a */
    double med_stop_per_day[LC_MEDS];
    int32_t med_window_nights[LC_MEDS];
    double fertility_per_day[LC_MAX_AGE + 1]; /* conceptions per woman-day, by age */
    double death_per_day[2][LC_MAX_AGE + 1];  /* mortality hazard by sex and age */
    float age_rate[2][LC_MAX_AGE + 1]; /* rate multiplier by sex and age */
    uint32_t muscle_cut[2]; /* cumulative muscle shares on the 32-bit scale */
    double severity_cut[2]; /* on a standard normal latent scale */
    double severity_own;    /* sqrt(1 - rho^2): the latent severity's part not shared with the duration */
    double duration_mu[LC_MAX_AGE + 1]; /* log-scale location by age */
#define LC_CRAMP_P_STEPS 64 /* grid of P(a cramp night) per episode of lambda */
#define LC_CRAMP_P_GRID (8 * LC_CRAMP_P_STEPS)
    double cramp_p[LC_CRAMP_P_GRID + 1]; /* 1 - exp(-j / LC_CRAMP_P_STEPS) */
    /* daily life: tables by day profile (habit bits 0-8), see lc_daily.h */
    lc_day_profile day[LC_PROFILES];
    float fatigue_keep;                              /* share of fatigue left after a night */
    float fatigue_gain;
    float fatigue_start[LC_PROFILES]; /* mean fatigue of a profile: the night-0 value */
    float lyte_mult_of[1 << LC_MINERALS]; /* rate multiplier by the set of low minerals */
#define LC_AFTER_NIGHTS 64
    float after_mult[LC_AFTER_NIGHTS + 1]; /* by nights since the last cramp night; last entry 1 */
    double lyte_resample_per_day;
    double spell_share;          /* share of people in an active spell */
    float spell_mult[2];         /* rate multiplier in a quiet, an active spell */
    double spell_end_per_day[2]; /* hazard of leaving a quiet, an active spell */
    double burden_keep_per_day;            /* log of the burden's daily decay */
#define LC_BURDEN_DAYS 1024
    float burden_keep[LC_BURDEN_DAYS];     /* decay over k days (longer gaps: exp) */
    double care_p_max;                     /* chance of consulting with every warning sign */
    double habit_share[LC_MAX_AGE + 1][LC_ACTIVITIES]; /* cumulative activity shares by age */
    /* stream keys of tonight by purpose (cs_stream_key of the night), set
     * before the night so events and cramp nights do not rehash them */
    uint64_t night_key[LC_PURPOSES];
    /* environment of the day */
    float season;    /* multiplier tonight */
    int heat_wave;   /* 1 if tonight is in a heat wave */
    uint16_t sv_open; /* bit s: counter slot s counts tonight (an open recall window) */
    /* surveys */
    lc_survey sv[LC_SURVEYS];
    size_t n_sv, n_slots;
    /* the policy arm simulated and the economics */
    lc_policy pol;
    uint16_t cramp_drugs; /* drugs that raise the cramp rate (bit k: enum lc_med) */
    /* the in-silico trial this simulation runs (lc_trial.c) */
    lc_trial trial;
    /* measures */
    lc_series_ids s;
    lc_summary_ids m;
    /* agent columns (allocated by the engine) */
    int32_t *birth;       /* night of birth (negative: before the run) */
    uint8_t *age;         /* completed years */
    uint8_t *sex;         /* enum lc_sex */
    uint8_t *stratum;     /* cached stratum index */
    int32_t *next_change; /* night of the agent's next scheduled event */
    int32_t *death;       /* night of death if before the next birthday, else LC_NEVER */
    uint8_t *preg;        /* enum lc_preg */
    uint8_t *preg_cramped; /* bit k: a cramp night in trimester k+1 of this pregnancy */
    int32_t *preg_mark;   /* pregnant: first day (LMP); postpartum: delivery day; else next conception */
    uint8_t *susc;        /* 1: susceptible to idiopathic nocturnal cramps */
    int32_t *susc_next;   /* night of the next onset or remission */
    float *z;             /* personal rate multiplier when susceptible */
    float *w;             /* personal response to pregnancy and to conditions */
    uint16_t *cond;       /* bit c: has condition c (enum lc_cond) */
    int32_t *cond_next;   /* night of the next condition onset */
    uint16_t *meds;       /* bit k: takes medication k (enum lc_med) */
    int32_t *med_next;    /* night of the next medication start or stop */
    int32_t *med_start;   /* night of the most recent start (LC_LONG_AGO: none on record) */
    uint8_t *med_last;    /* the drug started then (enum lc_med) */
    int32_t *consulted;   /* night of the latest consultation about cramps (LC_NEVER: none in the run) */
    uint16_t *habits;     /* bits: enum lc_habit */
    float *fatigue;       /* muscle fatigue carried into tonight */
    int32_t *last_cramp;  /* night of the latest cramp night (LC_LONG_AGO: none) */
    float *burden;        /* cramp nights, decaying: at the latest cramp night */
    int32_t *limited_until; /* night mobility recovers (strain or chronic cramps) */
    int32_t *mood_until;  /* night a spell of low mood ends */
    uint8_t *lytes;       /* bit k: mineral k low (enum lc_mineral) */
    int32_t *lytes_next;  /* night of the next electrolyte resampling */
    uint16_t *treated;    /* bit c: condition c found and under care */
    int32_t *spell_next;  /* night the current spell ends */
    float *rate;          /* expected cramp episodes tonight, before season */
    uint16_t *slot_cramps[LC_SURVEYS]; /* episodes in the open window of a slot; slot 0 is column win_cramps */
    uint16_t *slot_nights[LC_SURVEYS]; /* cramp nights; slot 0 is column win_nights */
    uint16_t *sv_woken;                /* bit s: woken by a cramp in slot s's window (NULL: no scenario survey) */
    /* policy columns: NULL in an arm without interventions */
    uint16_t *iv_held;  /* bit k: holds item k of the arm */
    uint16_t *iv_done;  /* bit k: declined or stopped item k: not offered again */
    int32_t *iv_next;   /* night of the next intervention event */
    int32_t *iv_since;  /* night up to which holding costs are counted */
    uint32_t *recent;   /* bit j: a cramp night j nights before last_cramp */
    /* trial columns: NULL in a simulation without a trial */
    uint8_t *trial_arm;   /* 0: not a participant; 1 + a: in arm a of the trial */
    uint16_t *trial_base; /* episodes in the run-in window (everybody), then the participant's baseline */
    uint16_t *trial_end;  /* a participant's episodes in the final window of follow-up */
} lc_model;

/* ---- the policy arm (lc_policy*.c, lc_attributes.c) ---- */

/* Attributes a target rule may name, and their getter (ctx: lc_attr_ctx). */
extern const cs_rule_attr lc_attrs[];
extern const size_t lc_n_attrs;
typedef struct lc_attr_ctx {
    const lc_model *m;
    int32_t night;
} lc_attr_ctx;
double lc_attr_get(const void *ctx, int attr, size_t i);
/* Cramp nights of agent i in the `window` nights before `night` (window <= 32). */
unsigned lc_recent_count(const lc_model *m, size_t i, int32_t night, int32_t window);
/* Reads the economics and the arm's interventions, compiles their rules. */
int lc_policy_setup(lc_model *m, cs_setup *s);
/* Declares the policy's measures (every arm) and columns (arms with interventions). */
int lc_policy_declare(lc_model *m, cs_setup *s);
/* Habit bits h under what agent i holds. */
unsigned lc_policy_habits(const lc_model *m, size_t i, unsigned h);
/* Whether agent gid is reached by item k tonight (*reached) and starts it
 * (the return): the second draw of the item's stream, u < coverage and
 * u < coverage x uptake. */
int lc_policy_accepts(const lc_model *m, size_t k, uint64_t gid, int *reached);
/* Agent i starts item k tonight. */
void lc_policy_start(lc_model *m, size_t i, uint64_t gid, size_t k, const cs_day *d, cs_tally *t);
/* Intervention events due tonight (from the life update); the next one. */
int32_t lc_policy_update(lc_model *m, size_t i, uint64_t gid, const cs_day *d, cs_tally *t);
/* A newborn takes agent i's place: the deceased's holding ends. */
void lc_policy_newborn(lc_model *m, size_t i, int32_t night, cs_tally *t);
/* Offers after a consultation, after a cramp night. */
void lc_policy_visit(lc_model *m, size_t i, uint64_t gid, const cs_day *d, cs_tally *t);
void lc_policy_episode(lc_model *m, size_t i, uint64_t gid, const cs_day *d, cs_tally *t);
/* What agent i uses tonight of its direct-effect items (a cramp night). */
typedef struct lc_tonight {
    double rate_mult;     /* product of the rate ratios of the items used */
    double duration_mult; /* product of their duration ratios */
    unsigned used;        /* bit k: item k used tonight */
} lc_tonight;
lc_tonight lc_policy_tonight(const lc_model *m, size_t i, uint64_t gid);
/* Product of the rate ratios above 1 (harms) of what agent i holds: they
 * act on every night held, through the cached rate (thinning cannot add
 * episodes). */
float lc_policy_rate_factor(const lc_model *m, size_t i);
/* Cost of the items used at tonight's episodes. */
void lc_policy_uses(lc_model *m, size_t i, unsigned used, cs_tally *t);
/* Keeps the cramp-night history of agent i (before last_cramp moves). */
void lc_policy_cramp_night(lc_model *m, size_t i, int32_t night);
/* Economics: an amount (currency) or QALYs lost, discounted, into a series. */
void lc_econ_cost(cs_tally *t, int id, size_t s, double amount, double discount);
void lc_econ_qaly(const lc_model *m, cs_tally *t, size_t s, double qaly, double discount);
/* Caps (lc_policy_caps.c): the engine's selection hooks. */
int lc_iv_capped(const lc_iv *v);
size_t lc_policy_selections_due(void *model, const cs_day *d, cs_selection *out, size_t max);
void lc_policy_select_mark(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t s,
                           const uint8_t *prev, double *score, int64_t *cost, uint8_t *candidate);
void lc_policy_select_apply(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t s,
                            const uint8_t *chosen, cs_tally *t);
void lc_policy_select_done(void *model, const cs_day *d, size_t s, uint64_t n_chosen, int64_t spent);
/* Checkpoint hooks (cs_model_ops): the caps' running totals. */
size_t lc_policy_checkpoint_size(const void *model);
void lc_policy_checkpoint_save(const void *model, void *buf);
void lc_policy_checkpoint_restore(void *model, const void *buf);
void lc_policy_step_day(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);
void lc_policy_finish(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);

/* ---- the in-silico trial (lc_trial.c) ---- */

/* Reads placebo.rate_ratio (every simulation) and, when the simulation runs
 * a trial, compiles its rule and declares its columns and tallies. */
int lc_trial_setup(lc_model *m, cs_setup *s);
/* Enrolment and allocation on the enrolment night: the trial's selections
 * after the caps' (lc_policy_caps.c passes them on; s counts from the
 * trial's first). */
size_t lc_trial_selections_due(lc_model *m, const cs_day *d, cs_selection *out, size_t max);
void lc_trial_select_mark(lc_model *m, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t s,
                          double *score, uint8_t *candidate);
void lc_trial_select_apply(lc_model *m, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t s,
                           const uint8_t *chosen, cs_tally *t);
/* Episodes of a cramp night of agent i (after the arm's and the trial's thinning). */
void lc_trial_cramp_night(lc_model *m, size_t i, int32_t night, uint32_t episodes);
/* Rate multiplier of agent i's participation tonight (1: none). */
static inline double lc_trial_mult(const lc_model *m, size_t i)
{
    return m->trial_arm && m->trial_arm[i] ? m->trial.attention[m->trial_arm[i] - 1] : 1.0;
}
/* A newborn takes agent i's place: a participant is lost to follow-up. */
void lc_trial_newborn(lc_model *m, size_t i, cs_tally *t);
/* Completers tallied at the end of follow-up (module functions). */
void lc_trial_step_day(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);
void lc_trial_finish(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);

/* setup of each part (lc_*.c): read parameters, build tables */
int lc_demography_setup(lc_model *m, cs_params *p, cs_msg *msg);
int lc_pregnancy_setup(lc_model *m, cs_params *p, cs_msg *msg);
int lc_susceptibility_setup(lc_model *m, cs_params *p, cs_msg *msg);
int lc_cramps_setup(lc_model *m, cs_params *p, cs_msg *msg);
int lc_season_setup(lc_model *m, cs_params *p, cs_msg *msg);
int lc_conditions_setup(lc_model *m, cs_params *p, cs_msg *msg);
int lc_medications_setup(lc_model *m, cs_params *p, cs_msg *msg);

/* per-agent pieces used by the life module */
void lc_demography_init(lc_model *m, size_t i, cs_pcg32 *r);
/* Draws the night of death from tonight at the current age's hazard
 * (LC_NEVER if not before the next birthday); returns it. */
int32_t lc_demography_schedule_death(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int32_t next_birthday,
                                     int fresh);
/* Sex of a newborn. */
int lc_demography_newborn_sex(const lc_model *m, cs_pcg32 *r);
int lc_age_band(int age);
void lc_susceptibility_init(lc_model *m, size_t i, cs_pcg32 *r);
void lc_pregnancy_init(lc_model *m, size_t i, cs_pcg32 *r);
/* Night-0 conditions from the prevalence at the agent's exact age; draws
 * LC_CONDS uniforms from r whatever the prevalences. */
void lc_conditions_init(lc_model *m, size_t i, cs_pcg32 *r);
/* Onset due tonight, then the night of the next onset (LC_NEVER if not
 * before the next birthday). */
int32_t lc_conditions_update(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int32_t next_birthday,
                             int fresh);
/* Multiplier on the idiopathic rate and additive rate of a set of conditions,
 * those in `treated` under care. */
void lc_conditions_effect(const lc_model *m, unsigned cond, unsigned treated, float *mult, float *add);
/* Short names of the conditions (measure class labels). */
extern const char *const lc_cond_labels[LC_CONDS];
/* Night-0 medications from the use prevalence at the agent's exact age and
 * the start of the latest use spell; draws 2 * LC_MEDS numbers from r. */
void lc_medications_init(lc_model *m, size_t i, cs_pcg32 *r);
/* Start or stop due tonight, then the agent's next medication event: the
 * next start or stop (LC_NEVER if not before the next birthday) or the end
 * of the post-start window, whichever comes first. */
int32_t lc_medications_update(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int32_t next_birthday,
                              int fresh);
/* Multiplier on the idiopathic rate and additive rate of agent i's drugs tonight. */
void lc_medications_effect(const lc_model *m, size_t i, int32_t night, float *mult, float *add);
extern const char *const lc_med_labels[LC_MEDS];
/* Handle due events of agent i tonight; return the night of its next event.
 * A process draws a new waiting time only at its own event or when `fresh`
 * (night 0, a birthday, a newborn): its hazard changes at those times only,
 * so an earlier draw stays exact and other processes' events cost nothing. */
int32_t lc_susceptibility_update(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int32_t next_birthday,
                                 int fresh, cs_tally *t);
int32_t lc_pregnancy_update(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int32_t next_birthday, int fresh,
                            cs_tally *t);
/* The agent's nightly rate from its current state, in two parts: the
 * idiopathic one (susceptible people; spells act on it) and the secondary
 * one (conditions, drugs, pregnancy); electrolytes and spells not applied. */
void lc_rate_parts(const lc_model *m, size_t i, int32_t night, float *idiopathic, float *secondary);
/* Night of the next event of a process with hazard `per_day` from tonight,
 * drawn from r, or LC_NEVER when the hazard is zero (no draw) or the event
 * would fall on or after the next birthday, when the age-dependent hazard is
 * redrawn anyway (memoryless, so exact for hazards constant within a year). */
int32_t lc_next_event(cs_pcg32 *r, double per_day, int32_t night, int32_t next_birthday);
/* The same from the agent's stream of `purpose` tonight (built only if needed). */
/* Which of n competing events happens, by its share of the hazard: u is
 * uniform on [0, sum of haz[k] over k not in `skip`); -1 if none. */
int lc_pick_by_share(const double *haz, int n, unsigned skip, double u);
/* Length in days of a spell with memoryless end and mean `mean_days`:
 * the exponential wait rounded up, within [1, max_days]. */
int32_t lc_spell_days(cs_pcg32 *r, double mean_days, int32_t max_days);
int32_t lc_next_event_of(const lc_model *m, const cs_day *d, uint32_t purpose, uint64_t gid, double per_day,
                         int32_t next_birthday);
/* Agent gid's generator for `purpose` tonight. */
static inline cs_pcg32 lc_rng_tonight(const lc_model *m, uint32_t purpose, uint64_t gid)
{
    return cs_stream_rng(m->night_key[purpose], gid);
}
/* Night at which the pregnancy hazard next changes (weekly in trimester 3). */
int32_t lc_pregnancy_rate_change(const lc_model *m, size_t i, int32_t night);
void lc_season_begin_day(lc_model *m, const cs_day *d);
/* A night with cramps for agent i (from the nightly process's rare path):
 * `episodes` >= 1, `woken` if one of them woke the sleeper. */
void lc_survey_cramp_night(lc_model *m, size_t i, uint32_t episodes, int woken);
/* Survey designs, counter slots, their columns and the scenario surveys'
 * measures (after the built-in measures are declared). */
int lc_survey_setup(lc_model *m, cs_setup *s);
/* Opens and closes the recall windows of tonight (serial). */
void lc_survey_begin_day(lc_model *m, const cs_day *d);
/* A newborn in agent i's place: its answers start from its birth. */
void lc_survey_newborn(lc_model *m, size_t i);

/* habits (lc_habits.c): lasting habit bits of an agent of this age, from
 * uniforms keyed by its birth night (so stable over its life). */
int lc_habits_setup(lc_model *m, cs_params *p, cs_msg *msg);
unsigned lc_habits_lasting(const lc_model *m, const cs_day *d, uint64_t gid, int32_t birth, int age, int sex);
/* daily life tables (lc_daily.c) and the weather of the day */
int lc_daily_setup(lc_model *m, cs_params *p, cs_msg *msg);
void lc_daily_begin_day(lc_model *m, const cs_day *d);
/* active and quiet spells (lc_spells.c) */
int lc_spells_setup(lc_model *m, cs_params *p, cs_msg *msg);
void lc_spells_init(lc_model *m, size_t i, cs_pcg32 *r);
/* The spell multiplier of agent i's idiopathic rate after tonight's spell
 * events.  Spells tick only while the agent is susceptible: a dormant
 * agent's state is drawn afresh from the stationary law when it becomes
 * susceptible (exact for a Markov chain nobody looked at meanwhile). */
float lc_spells_update(lc_model *m, size_t i, uint64_t gid, int32_t night, int susceptible);
/* electrolytes (lc_electrolytes.c) */
int lc_electrolytes_setup(lc_model *m, cs_params *p, cs_msg *msg);
void lc_electrolytes_init(lc_model *m, size_t i, cs_pcg32 *r);
/* The electrolyte multiplier of agent i after tonight's resampling.  Levels
 * drift only while the agent can cramp (`awake`); a dormant agent's levels
 * are drawn afresh from the current chances when it wakes. */
float lc_electrolytes_update(lc_model *m, size_t i, uint64_t gid, int32_t night, int awake);
/* complications and care after a cramp night (lc_complications.c, lc_care.c) */
typedef struct lc_night_report {
    uint32_t episodes;
    int worst;          /* worst severity */
    int woken;
    double seconds;     /* total duration */
    uint32_t by_severity[3];
} lc_night_report;
int lc_complications_setup(lc_model *m, cs_params *p, cs_msg *msg);
/* Both draw from r, the agent's LC_P_AFTER generator of the night. */
void lc_complications_after_night(lc_model *m, size_t i, cs_pcg32 *r, int32_t night, const lc_night_report *n,
                                  cs_tally *t);
int32_t lc_complications_update(lc_model *m, size_t i, int32_t night);
void lc_care_after_night(lc_model *m, size_t i, cs_pcg32 *r, int32_t night, const lc_night_report *n, cs_tally *t);
/* The highest chance of a consultation on a cramp night (every sign at once). */
void lc_care_setup(lc_model *m);
/* Stops drug k for agent i tonight (medication review) and redraws its next
 * medication event from r. */
void lc_medications_stop(lc_model *m, size_t i, cs_pcg32 *r, int32_t night, int k);
/* Start loading the columns that a life event (lc_prefetch_event) or a
 * cramp night (lc_prefetch_cramp_night) of agent i reads: they are cold,
 * and a miss apiece if waited for in turn.  Always inlined: GCC judges a
 * function that only prefetches to have no effect and deletes its calls. */
#if defined(__GNUC__)
#define LC_PF(col) __builtin_prefetch(&m->col[i], 1, 3)
#define LC_PREFETCHER __attribute__((always_inline)) static inline
#else
#define LC_PF(col) ((void)0)
#define LC_PREFETCHER static inline
#endif
LC_PREFETCHER void lc_prefetch_event(const lc_model *m, size_t i)
{
    LC_PF(birth); LC_PF(age); LC_PF(sex); LC_PF(death); LC_PF(preg); LC_PF(preg_mark); LC_PF(susc);
    LC_PF(susc_next); LC_PF(z); LC_PF(w); LC_PF(cond); LC_PF(cond_next); LC_PF(meds); LC_PF(med_next);
    LC_PF(med_start); LC_PF(med_last); LC_PF(limited_until); LC_PF(mood_until); LC_PF(lytes);
    LC_PF(lytes_next); LC_PF(treated); LC_PF(spell_next); LC_PF(rate);
}
LC_PREFETCHER void lc_prefetch_cramp_night(const lc_model *m, size_t i)
{
    LC_PF(age); LC_PF(preg); LC_PF(consulted); LC_PF(burden);
    for (size_t s = 0; s < m->n_slots; s++) {
        LC_PF(slot_cramps[s]);
        LC_PF(slot_nights[s]);
    }
    if (m->sv_woken) LC_PF(sv_woken);
}
#undef LC_PF
#undef LC_PREFETCHER

/* Ensures agent i's life update runs on `night` (its rate is refreshed). */
static inline void lc_life_refresh_on(lc_model *m, size_t i, int32_t night)
{
    if (m->next_change[i] > night) m->next_change[i] = night;
}

/* module functions (signatures of cs_module) */
void lc_life_init(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);
void lc_life_step_day(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);
void lc_cramps_step_night(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);
void lc_survey_finish(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);
void lc_survey_ask(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, size_t k, cs_tally *t);
void lc_states_finish(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t);
/* End-of-run habits and states (classes of the summary "states"). */
enum lc_state {
    LC_S_SEDENTARY = 0, LC_S_MODERATE, LC_S_ACTIVE, LC_S_ATHLETE, LC_S_STANDING, LC_S_FOOTWEAR, LC_S_WARMUP,
    LC_S_LOW_FLUID, LC_S_ALCOHOL, LC_S_CAFFEINE, LC_S_LIMITED, LC_S_POOR_DIET, LC_S_GENETIC, LC_S_SUPPLEMENT,
    LC_S_LOW_MOOD, LC_S_STRAIN, LC_S_LOW_K, LC_S_LOW_MG, LC_S_LOW_CA, LC_S_UNDER_CARE, LC_S_CONSULTED, LC_STATES
};
extern const char *const lc_state_labels[LC_STATES];

size_t lc_headlines(const void *model, const cs_results *r, cs_headline *out, size_t max);

/* Inverse of the standard normal distribution function (setup only). */
double lc_normal_quantile(double p);

#endif
