/* lc_model.c -- the leg-cramp model as the engine sees it: parameters,
 * columns, strata and measures declared at setup, and the modules in the
 * order they run.  Every number lives in model.yaml; this file only says
 * which path fills which field. */
#include "lc_model.h"

#include <stddef.h>

#include "cs_status.h"

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
    LC_P("episode.muscle_share_calf", muscle_share[LC_CALF]),
    LC_P("episode.muscle_share_thigh", muscle_share[LC_THIGH]),
    LC_P("episode.muscle_share_foot", muscle_share[LC_FOOT]),
    LC_P("episode.severity_share_mild", severity_share_mild),
    LC_P("episode.severity_share_severe", severity_share_severe),
    LC_P("episode.severity_duration_correlation", severity_duration_corr),
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
    CS_TRY(lc_declare_columns_(m, s));
    CS_TRY(lc_declare_measures_(m, s));
    CS_TRY(lc_survey_setup(m, s));
done:
    return rc;
}

static void lc_begin_day(void *state, const cs_day *d)
{
    lc_season_begin_day(state, d);
    lc_survey_begin_day(state, d);
}

static const cs_module lc_modules[3] = {
    /* life events: ageing, pregnancy, susceptibility, conditions, medications; refreshes the rate */
    {"life", lc_life_init, lc_life_step_day, NULL, NULL, NULL},
    /* the nightly cramp process */
    {"cramps", NULL, NULL, lc_cramps_step_night, NULL, NULL},
    /* surveys: the scenario's when they are due, the built-in past-year one at the end */
    {"survey", NULL, NULL, NULL, lc_survey_finish, lc_survey_ask},
};

const cs_model_ops lc_model_ops = {
    .name = "leg_cramps",
    .description = "nocturnal leg cramps: demography, pregnancy, susceptibility, conditions, medications, season and nightly episodes",
    .state_size = sizeof(lc_model),
    .setup = lc_setup,
    .begin_day = lc_begin_day,
    .headlines = lc_headlines,
    .modules = lc_modules,
    .n_modules = 3,
};
