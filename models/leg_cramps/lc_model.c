/* lc_model.c -- the leg-cramp model as the engine sees it: parameters,
 * columns, strata and measures declared at setup, and the modules in the
 * order they run.  Every number lives in model.yaml; this file only says
 * which path fills which field. */
#include <math.h>
#include "lc_model.h"

#include <stddef.h>

#include "cs_status.h"
#include "cs_stream.h"

/* Scalar parameters: model.yaml path -> field of lc_params. */
static const struct {
    const char *path;
    size_t offset;
} lc_scalar_params[] = {
#define LC_P(path, field) {path, offsetof(lc_params, field)}
    LC_P("demography.oldest_age", oldest_age),
    LC_P("demography.mortality_makeham", mortality_makeham),
    LC_P("demography.mortality_gompertz_male", mortality_gompertz[LC_MALE]),
    LC_P("demography.mortality_gompertz_female", mortality_gompertz[LC_FEMALE]),
    LC_P("demography.mortality_slope", mortality_slope),
    LC_P("demography.male_share_at_birth", male_share_at_birth),
    LC_P("pregnancy.gestation_mean", gestation_mean),
    LC_P("pregnancy.gestation_sd", gestation_sd),
    LC_P("pregnancy.gestation_min", gestation_min),
    LC_P("pregnancy.gestation_max", gestation_max),
    LC_P("pregnancy.postpartum_days", postpartum_days),
    LC_P("pregnancy.cramp_rate_trimester1", preg_rate[0]),
    LC_P("pregnancy.cramp_rate_trimester2", preg_rate[1]),
    LC_P("pregnancy.cramp_rate_trimester3", preg_rate[2]),
    LC_P("pregnancy.trimester3_weekly_ratio", preg_week_ratio),
    LC_P("pregnancy.response_sigma", preg_sigma),
    LC_P("susceptibility.onset_child", onset_child),
    LC_P("susceptibility.child_age", child_age),
    LC_P("susceptibility.onset_gompertz_a", onset_gompertz_a),
    LC_P("susceptibility.onset_gompertz_b", onset_gompertz_b),
    LC_P("susceptibility.female_onset_hr", female_onset_hr),
    LC_P("susceptibility.remission_rate", remission_rate),
    LC_P("susceptibility.rate_median", rate_median),
    LC_P("susceptibility.rate_sigma", rate_sigma),
    LC_P("susceptibility.rate_age_slope", rate_age_slope),
    LC_P("susceptibility.female_rate_ratio", female_rate_ratio),
    LC_P("season.amplitude", season_amplitude),
    LC_P("season.peak_day", season_peak_day),
    LC_P("episode.duration_mean_adult", duration_mean_adult),
    LC_P("episode.duration_mean_child", duration_mean_child),
    LC_P("episode.duration_child_age", duration_child_age),
    LC_P("episode.duration_adult_age", duration_adult_age),
    LC_P("episode.duration_sigma", duration_sigma),
    LC_P("episode.duration_max", duration_max),
    LC_P("episode.saturation", saturation),
    LC_P("episode.muscle_share_calf", muscle_share[LC_CALF]),
    LC_P("episode.muscle_share_thigh", muscle_share[LC_THIGH]),
    LC_P("episode.muscle_share_foot", muscle_share[LC_FOOT]),
    LC_P("episode.severity_share_mild", severity_share_mild),
    LC_P("episode.severity_share_severe", severity_share_severe),
    LC_P("episode.severity_duration_correlation", severity_duration_corr),
    LC_P("habits.standing_share", l.standing_share),
    LC_P("habits.standing_age_lo", l.standing_age_lo),
    LC_P("habits.standing_age_hi", l.standing_age_hi),
    LC_P("habits.warmup_share", l.warmup_share),
    LC_P("habits.low_fluid_share", l.low_fluid_share),
    LC_P("habits.caffeine_share", l.caffeine_share),
    LC_P("habits.poor_diet_share", l.poor_diet_share),
    LC_P("habits.genetic_share", l.genetic_share),
    LC_P("habits.supplement_share", l.supplement_share),
    LC_P("secondary.responder_share", l.responder_share),
    LC_P("daily.standing_load", l.standing_load),
    LC_P("daily.footwear_ratio", l.footwear_ratio),
    LC_P("daily.warmup_ratio", l.warmup_ratio),
    LC_P("daily.fatigue_half_life", l.fatigue_half_life),
    LC_P("daily.fatigue_gain", l.fatigue_gain),
    LC_P("daily.sweat_dehydration", l.sweat_dehydration),
    LC_P("daily.low_fluid_ratio", l.low_fluid_ratio),
    LC_P("daily.drink_share", l.drink_share),
    LC_P("daily.alcohol_dehydration", l.alcohol_dehydration),
    LC_P("daily.caffeine_dehydration", l.caffeine_dehydration),
    LC_P("weather.heat_wave_rate", l.heat_wave_rate),
    LC_P("weather.heat_wave_days", l.heat_wave_days),
    LC_P("weather.heat_wave_season", l.heat_wave_season),
    LC_P("weather.heat_dehydration", l.heat_dehydration),
    LC_P("electrolytes.diet_ratio", l.lyte_diet_ratio),
    LC_P("electrolytes.supplement_ratio", l.lyte_supplement_ratio),
    LC_P("electrolytes.k_sparing_ratio", l.lyte_k_sparing_ratio),
    LC_P("electrolytes.dialysis_ratio", l.lyte_dialysis_ratio),
    LC_P("electrolytes.resample_days", l.lyte_resample_days),
    LC_P("spells.active_days", l.active_days),
    LC_P("spells.quiet_days", l.quiet_days),
    LC_P("spells.active_ratio", l.active_ratio),
    LC_P("genetics.onset_hr", l.genetic_onset_hr),
    LC_P("genetics.rate_ratio", l.genetic_rate_ratio),
    LC_P("after.gain", l.after_gain),
    LC_P("after.half_life", l.after_half_life),
    LC_P("complications.drowsy_minutes", l.drowsy_minutes),
    LC_P("complications.strain_prob", l.strain_prob),
    LC_P("complications.strain_days", l.strain_days),
    LC_P("complications.burden_half_life", l.burden_half_life),
    LC_P("complications.mobility_burden", l.mobility_burden),
    LC_P("complications.mobility_prob", l.mobility_prob),
    LC_P("complications.mobility_days", l.mobility_days),
    LC_P("complications.mood_burden", l.mood_burden),
    LC_P("complications.mood_prob", l.mood_prob),
    LC_P("complications.mood_days", l.mood_days),
    LC_P("care.base", l.care_base),
    LC_P("care.frequent", l.care_frequent),
    LC_P("care.severe", l.care_severe),
    LC_P("care.new_drug", l.care_new_drug),
    LC_P("care.signs", l.care_signs),
    LC_P("care.frequent_burden", l.care_frequent_burden),
    LC_P("care.revisit_days", l.care_revisit_days),
    LC_P("care.signs_prob", l.signs_prob),
    LC_P("care.test_exam", l.test_exam),
    LC_P("care.test_blood", l.test_blood),
    LC_P("care.test_nerve", l.test_nerve),
    LC_P("care.test_imaging", l.test_imaging),
    LC_P("care.sens_exam", l.sens_exam),
    LC_P("care.sens_nerve", l.sens_nerve),
    LC_P("care.sens_imaging", l.sens_imaging),
    LC_P("care.review_drug", l.review_drug),
    LC_P("care.treated_ratio", l.treated_ratio),
#undef LC_P
};

static int lc_read_params_(lc_params *lp, cs_params *p, cs_msg *msg)
{
    int rc = CS_OK;
    for (size_t k = 0; k < sizeof lc_scalar_params / sizeof lc_scalar_params[0]; k++)
        CS_TRY(cs_params_real(p, lc_scalar_params[k].path, msg,
                              (double *)((char *)lp + lc_scalar_params[k].offset)));
done:
    return rc;
}

static const char *const lc_age_labels[LC_AGE_BANDS] = {"0-14",  "15-24", "25-34", "35-44", "45-54",
                                                         "55-64", "65-74", "75-84", "85+"};
static const char *const lc_sex_labels[2] = {"male", "female"};
static const char *const lc_preg_labels[LC_PREG_STATES] = {"not pregnant", "trimester 1", "trimester 2",
                                                           "trimester 3", "postpartum"};
const char *const lc_freq_labels[LC_FREQ_CLASSES] = {
    "none", "less than monthly", "monthly to weekly", "1-3 per week", "more than 3 per week", "nightly"};
static const char *const lc_trimester_labels[3] = {"trimester 1", "trimester 2", "trimester 3"};
static const char *const lc_five_year_labels[LC_PYRAMID_BANDS] = {
    "0-4",   "5-9",   "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44",
    "45-49", "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85+"};

static int lc_declare_columns_(lc_model *m, cs_setup *s)
{
    int rc = CS_OK;
#define LC_COL(field, type, unit, help, out) CS_TRY(cs_setup_column(s, #field, type, (void **)&m->field, unit, help, out))
    LC_COL(birth, CS_COL_I32, "night", "night of birth relative to night 0", 0);
    LC_COL(age, CS_COL_U8, "year", "age in completed years", 1);
    LC_COL(sex, CS_COL_U8, "code", "0 male, 1 female", 1);
    LC_COL(stratum, CS_COL_U8, "index", "stratum (age band x sex x pregnancy)", 0);
    LC_COL(next_change, CS_COL_I32, "night", "night of the next scheduled event", 0);
    LC_COL(death, CS_COL_I32, "night", "night of death if before the next birthday", 0);
    LC_COL(preg, CS_COL_U8, "code", "0 not pregnant, 1-3 trimester, 4 postpartum", 1);
    LC_COL(preg_cramped, CS_COL_U8, "bits", "cramp nights in trimesters 1-3 of this pregnancy", 0);
    LC_COL(preg_mark, CS_COL_I32, "night", "pregnancy start, delivery or next conception", 0);
    LC_COL(susc, CS_COL_U8, "flag", "susceptible to idiopathic nocturnal leg cramps", 1);
    LC_COL(susc_next, CS_COL_I32, "night", "next susceptibility onset or remission", 0);
    LC_COL(z, CS_COL_F32, "1/night", "personal cramp rate when susceptible, before age and sex", 1);
    LC_COL(w, CS_COL_F32, "ratio", "personal response to pregnancy and to conditions", 0);
    LC_COL(cond, CS_COL_U16, "bits", "underlying conditions: bit c set if the agent has condition c", 1);
    LC_COL(cond_next, CS_COL_I32, "night", "next onset of a condition", 0);
    LC_COL(meds, CS_COL_U16, "bits", "medications: bit k set if the agent takes drug k", 1);
    LC_COL(med_next, CS_COL_I32, "night", "next medication start or stop", 0);
    LC_COL(med_start, CS_COL_I32, "night", "night of the most recent medication start", 0);
    LC_COL(med_last, CS_COL_U8, "code", "the drug of the most recent start", 0);
    LC_COL(consulted, CS_COL_I32, "night", "latest consultation about cramps (2147483647: none in the run)", 1);
    LC_COL(habits, CS_COL_U16, "bits", "habits and states: bit b as in enum lc_habit (docs/model.md)", 1);
    LC_COL(fatigue, CS_COL_F32, "load", "muscle fatigue carried into tonight", 1);
    LC_COL(last_cramp, CS_COL_I32, "night", "latest cramp night (-1000000000: none)", 1);
    LC_COL(burden, CS_COL_F32, "nights", "cramp nights, decaying, at the latest cramp night", 1);
    LC_COL(limited_until, CS_COL_I32, "night", "night mobility recovers (2147483647: not limited)", 0);
    LC_COL(mood_until, CS_COL_I32, "night", "night a spell of low mood ends (2147483647: none)", 0);
    LC_COL(lytes, CS_COL_U8, "bits", "low minerals: bit 0 potassium, 1 magnesium, 2 calcium", 1);
    LC_COL(lytes_next, CS_COL_I32, "night", "next electrolyte resampling", 0);
    LC_COL(treated, CS_COL_U16, "bits", "conditions found at a consultation and under care", 1);
    LC_COL(spell_next, CS_COL_I32, "night", "night the current active or quiet spell ends", 0);
    LC_COL(rate, CS_COL_F32, "1/night", "expected cramp episodes per night before season", 1);
#undef LC_COL
done:
    return rc;
}

static int lc_declare_measures_(lc_model *m, cs_setup *s)
{
    int rc = CS_OK;
    const cs_dim dims[3] = {{"age_band", LC_AGE_BANDS, lc_age_labels},
                            {"sex", 2, lc_sex_labels},
                            {"pregnancy", LC_PREG_STATES, lc_preg_labels}};
    CS_TRY(cs_setup_strata(s, 3, dims));
    lc_series_ids *si = &m->s;
    CS_TRY(cs_setup_series(s, "person_nights", "agent-nights", "agents alive each night, summed", &si->person_nights));
    CS_TRY(cs_setup_series(s, "cramp_nights", "agent-nights", "nights with at least one cramp", &si->cramp_nights));
    CS_TRY(cs_setup_series(s, "cramps", "episodes", "cramp episodes", &si->cramps));
    CS_TRY(cs_setup_series(s, "cramp_seconds", "s", "total duration of cramp episodes", &si->cramp_seconds));
    CS_TRY(cs_setup_series(s, "deaths", "persons", "deaths (stratum before death)", &si->deaths));
    CS_TRY(cs_setup_series(s, "births", "persons", "newborns taking the places of the deceased", &si->births));
    CS_TRY(cs_setup_series(s, "cramps_calf", "episodes", "episodes in the calf", &si->muscle[LC_CALF]));
    CS_TRY(cs_setup_series(s, "cramps_thigh", "episodes", "episodes in the thigh", &si->muscle[LC_THIGH]));
    CS_TRY(cs_setup_series(s, "cramps_foot", "episodes", "episodes in the foot", &si->muscle[LC_FOOT]));
    CS_TRY(cs_setup_series(s, "cramps_mild", "episodes", "mild episodes", &si->severity[LC_MILD]));
    CS_TRY(cs_setup_series(s, "cramps_moderate", "episodes", "moderate episodes", &si->severity[LC_MODERATE]));
    CS_TRY(cs_setup_series(s, "cramps_severe", "episodes", "severe episodes", &si->severity[LC_SEVERE]));
    CS_TRY(cs_setup_series(s, "sleep_lost", "s", "time awake because of cramps (episode plus falling asleep again)",
                           &si->sleep_lost));
    CS_TRY(cs_setup_series(s, "drowsy_days", "person-days", "drowsy days after a night with much sleep lost",
                           &si->drowsy_days));
    CS_TRY(cs_setup_series(s, "sore_days", "person-days", "days of tightness, tenderness or soreness after cramps",
                           &si->sore_days));
    CS_TRY(cs_setup_series(s, "strains", "persons", "muscle strains, tears or bruising from a forceful cramp",
                           &si->strains));
    CS_TRY(cs_setup_series(s, "mobility_onsets", "persons", "spells of reduced mobility begun", &si->mobility_onsets));
    CS_TRY(cs_setup_series(s, "mood_onsets", "persons", "spells of anxiety or low mood begun", &si->mood_onsets));
    CS_TRY(cs_setup_series(s, "consultations", "visits", "consultations about cramps", &si->consultations));
    CS_TRY(cs_setup_series(s, "tests", "tests",
                           "diagnostic tests done at them: blood tests, nerve conduction studies, imaging (the "
                           "examination is part of the consultation)",
                           &si->tests));
    CS_TRY(cs_setup_series(s, "found_blood", "visits", "consultations whose blood tests found a cause",
                           &si->found[0]));
    CS_TRY(cs_setup_series(s, "found_nerve", "visits", "consultations that found nerve compression or neuropathy",
                           &si->found[1]));
    CS_TRY(cs_setup_series(s, "found_circulation", "visits", "consultations that found a circulation problem",
                           &si->found[2]));
    CS_TRY(cs_setup_series(s, "drug_stopped", "visits", "consultations that stopped a recently started drug",
                           &si->found[3]));
    CS_TRY(cs_setup_series(s, "heat_wave_nights", "agent-nights", "person-nights in a heat wave",
                           &si->heat_wave_nights));
    CS_TRY(cs_setup_series(s, "strenuous_days", "person-days",
                           "days of strenuous activity or a sudden change, of people who can cramp (rate above 0)",
                           &si->strenuous_days));
    lc_summary_ids *mi = &m->m;
    CS_TRY(cs_setup_summary(s, "frequency", LC_FREQ_CLASSES, lc_freq_labels, "agents",
                            "agents at the end of the run by cramp frequency in the survey window "
                            "(episodes per week; nightly: cramp nights on at least 6 of 7 nights)",
                            &mi->frequency));
    CS_TRY(cs_setup_summary(s, "trimesters_observed", 3, lc_trimester_labels, "pregnancies",
                            "trimesters that began and ended within the run (stratum at the trimester's end)",
                            &mi->trimester_observed));
    CS_TRY(cs_setup_summary(s, "trimesters_with_cramps", 3, lc_trimester_labels, "pregnancies",
                            "of the observed trimesters, those with at least one cramp night",
                            &mi->trimester_cramped));
    CS_TRY(cs_setup_summary(s, "condition_agents", LC_CONDS, lc_cond_labels, "agents",
                            "agents at the end of the run with each underlying condition", &mi->cond_agents));
    CS_TRY(cs_setup_summary(s, "condition_sufferers", LC_CONDS, lc_cond_labels, "agents",
                            "of the agents with each condition, those with cramps in the survey window",
                            &mi->cond_sufferers));
    CS_TRY(cs_setup_summary(s, "medication_users", LC_MEDS, lc_med_labels, "agents",
                            "agents at the end of the run taking each medication", &mi->med_users));
    CS_TRY(cs_setup_summary(s, "medication_sufferers", LC_MEDS, lc_med_labels, "agents",
                            "of the agents taking each medication, those with cramps in the survey window",
                            &mi->med_sufferers));
    CS_TRY(cs_setup_summary(s, "onset_age", LC_PYRAMID_BANDS, lc_five_year_labels, "persons",
                            "onsets of susceptibility to idiopathic cramps in the run, by age at onset "
                            "(stratum before the onset)", &mi->onset_age));
    CS_TRY(cs_setup_summary(s, "states", LC_STATES, lc_state_labels, "agents",
                            "agents at the end of the run with each habit or state", &mi->states));
    CS_TRY(cs_setup_summary(s, "state_sufferers", LC_STATES, lc_state_labels, "agents",
                            "of the agents with each habit or state, those with cramps in the survey window",
                            &mi->state_sufferers));
done:
    return rc;
}

static int lc_setup(void *state, cs_setup *s)
{
    lc_model *m = state;
    cs_params *p = cs_setup_params(s);
    cs_msg *msg = cs_setup_msg(s);
    int rc = CS_OK;
    CS_TRY(lc_read_params_(&m->p, p, msg));
    CS_TRY(lc_demography_setup(m, p, msg));
    CS_TRY(lc_pregnancy_setup(m, p, msg));
    CS_TRY(lc_susceptibility_setup(m, p, msg));
    CS_TRY(lc_cramps_setup(m, p, msg));
    CS_TRY(lc_season_setup(m, p, msg));
    CS_TRY(lc_conditions_setup(m, p, msg));
    CS_TRY(lc_medications_setup(m, p, msg));
    CS_TRY(lc_habits_setup(m, p, msg));
    CS_TRY(lc_daily_setup(m, p, msg));
    CS_TRY(lc_electrolytes_setup(m, p, msg));
    CS_TRY(lc_spells_setup(m, p, msg));
    CS_TRY(lc_complications_setup(m, p, msg));
    lc_care_setup(m);
    CS_TRY(lc_policy_setup(m, s));
    CS_TRY(lc_declare_columns_(m, s));
    CS_TRY(lc_declare_measures_(m, s));
    m->m.iv_started = m->m.iv_held_days = m->m.iv_holders = -1;
    CS_TRY(lc_policy_declare(m, s));
    CS_TRY(lc_trial_setup(m, s));
    CS_TRY(lc_survey_setup(m, s));
done:
    return rc;
}

static void lc_begin_day(void *state, const cs_day *d)
{
    lc_model *m = state;
    for (uint32_t k = 0; k < LC_PURPOSES; k++) m->night_key[k] = cs_stream_key(d->run_key, k, d->night);
    m->pol.discount = pow(m->pol.day_factor, d->night);
    if (d->night == 0) /* a replicate begins: caps count afresh */
        for (size_t k = 0; k < m->pol.n; k++) m->pol.iv[k].cap_year = -1;
    for (size_t k = 0; k < m->pol.n; k++)
        m->pol.key[k] = cs_stream_key(d->run_key, LC_P_IV0 + (uint32_t)m->pol.iv[k].catalogue, d->night);
    lc_season_begin_day(state, d); /* season and heat wave first: the day tables use them */
    lc_daily_begin_day(state, d);
    lc_survey_begin_day(state, d);
}

static const cs_module lc_modules[6] = {
    /* an in-silico trial's completers are counted at the end of follow-up, before that night's events */
    {"trial", NULL, lc_trial_step_day, NULL, lc_trial_finish, NULL},
    /* life events: ageing, habits, pregnancy, susceptibility, conditions, medications, electrolytes,
     * spells, ends of complications; refreshes the rate */
    {"life", lc_life_init, lc_life_step_day, NULL, NULL, NULL},
    /* the arm's campaigns reach people on their screening nights; holding costs at the end */
    {"policy", NULL, lc_policy_step_day, NULL, lc_policy_finish, NULL},
    /* the day (activity, fatigue, hydration, after-effects) and the nightly cramp process, with the
     * complications and care that follow a cramp night */
    {"cramps", NULL, NULL, lc_cramps_step_night, NULL, NULL},
    /* surveys: the scenario's when they are due, the built-in past-year one at the end */
    {"survey", NULL, NULL, NULL, lc_survey_finish, lc_survey_ask},
    /* end-of-run census of habits and states */
    {"states", NULL, NULL, NULL, lc_states_finish, NULL},
};

const cs_model_ops lc_model_ops = {
    .name = "leg_cramps",
    .description = "nocturnal leg cramps: demography, pregnancy, susceptibility, genetics, conditions, medications, electrolytes, daily activity, fatigue, weather and hydration, nightly episodes, after-effects, complications and care",
    .state_size = sizeof(lc_model),
    .setup = lc_setup,
    .begin_day = lc_begin_day,
    .headlines = lc_headlines,
    .selections_due = lc_policy_selections_due,
    .select_mark = lc_policy_select_mark,
    .select_apply = lc_policy_select_apply,
    .select_done = lc_policy_select_done,
    .checkpoint_size = lc_policy_checkpoint_size,
    .checkpoint_save = lc_policy_checkpoint_save,
    .checkpoint_restore = lc_policy_checkpoint_restore,
    .modules = lc_modules,
    .n_modules = 6,
};
