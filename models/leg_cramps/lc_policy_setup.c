/* lc_policy_setup.c -- the arm's interventions read from the catalogue
 * (model parameters interventions.NAME.*) and the economics of every arm:
 * each item resolved into an lc_iv, its rule compiled, and the columns and
 * measures of the policy declared. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cs_status.h"
#include "lc_model.h"

const char *const lc_mech_names[LC_MECHS] = {"drink_more", "better_diet",           "supplement",
                                              "warm_up",    "good_shoes",            "exercise",
                                              "less_caffeine_alcohol", "stop_cramp_drugs", "treat_circulation",
                                              "treat_conditions"};

/* Habit bits each mechanism sets or clears while held. */
static void lc_mech_habits_(unsigned mechs, uint16_t *set, uint16_t *clear)
{
    unsigned s = 0, c = 0;
    if (mechs >> LC_M_DRINK_MORE & 1u) c |= 1u << LC_H_LOW_FLUID;
    if (mechs >> LC_M_BETTER_DIET & 1u) c |= 1u << LC_H_POOR_DIET;
    if (mechs >> LC_M_SUPPLEMENT & 1u) s |= 1u << LC_H_SUPPLEMENT;
    if (mechs >> LC_M_WARM_UP & 1u) s |= 1u << LC_H_WARMUP;
    if (mechs >> LC_M_GOOD_SHOES & 1u) c |= 1u << LC_H_FOOTWEAR;
    if (mechs >> LC_M_LESS_CAFFEINE_ALCOHOL & 1u) c |= 1u << LC_H_CAFFEINE | 1u << LC_H_ALCOHOL;
    *set = (uint16_t)s;
    *clear = (uint16_t)c;
}

/* "a+b+c" into a bit set of mechanisms; "direct" (or "") is none. */
static int lc_parse_mechs_(const cs_param *row, unsigned *out, cs_msg *msg)
{
    *out = 0;
    const char *s = row->string;
    if (strcmp(s, "direct") == 0 || s[0] == '\0') return CS_OK;
    while (*s) {
        const char *plus = strchr(s, '+');
        const size_t len = plus ? (size_t)(plus - s) : strlen(s);
        int found = -1;
        for (int k = 0; k < LC_MECHS && found < 0; k++)
            if (strlen(lc_mech_names[k]) == len && strncmp(lc_mech_names[k], s, len) == 0) found = k;
        if (found < 0) {
            const cs_param_origin at = row->origin.file ? row->origin : row->decl;
            cs_msg_at(msg, at.file, at.line, at.col, row->path,
                      "unknown mechanism '%.*s': expected 'direct' or a '+'-separated list of drink_more, "
                      "better_diet, supplement, warm_up, good_shoes, exercise, less_caffeine_alcohol, "
                      "stop_cramp_drugs, treat_circulation, treat_conditions",
                      (int)len, s);
            return CS_ERR_CONFIG;
        }
        *out |= 1u << found;
        s += len + (plus != NULL);
    }
    return CS_OK;
}

/* Position of intervention `name` in the catalogue (the model file's order
 * of interventions.*.acts_on rows): the root of its random purpose. */
static int lc_catalogue_index_(cs_params *p, const char *name)
{
    int k = 0;
    char want[128];
    snprintf(want, sizeof want, "interventions.%s.acts_on", name);
    for (size_t r = 0; r < cs_params_count(p); r++) {
        const cs_param *row = cs_params_at(p, r);
        const size_t n = strlen(row->path);
        if (row->kind != CS_PARAM_MODEL || strncmp(row->path, "interventions.", 14) != 0 || n < 8 ||
            strcmp(row->path + n - 8, ".acts_on") != 0)
            continue;
        if (strcmp(row->path, want) == 0) return k;
        k++;
    }
    return -1;
}

static int lc_iv_read_(lc_model *m, cs_setup *s, const cs_arm_item *it, lc_iv *v)
{
    cs_params *p = cs_setup_params(s);
    cs_msg *msg = cs_setup_msg(s);
    int rc = CS_OK;
    char path[160];
    double x;
    const char *str;
#define LC_IV_REAL(field, dst)                                                        \
    snprintf(path, sizeof path, "interventions.%s." field, it->intervention);        \
    CS_TRY(cs_params_real(p, path, msg, &x));                                         \
    dst = x
    v->item = it;
    v->name = it->intervention;
    v->catalogue = lc_catalogue_index_(p, it->intervention);
    snprintf(path, sizeof path, "interventions.%s.acts_on", it->intervention);
    CS_TRY(cs_params_string(p, path, msg, &str));
    CS_TRY(lc_parse_mechs_(cs_params_find(p, path), &v->mechs, msg));
    snprintf(path, sizeof path, "interventions.%s.channel", it->intervention);
    CS_TRY(cs_params_string(p, path, msg, &str));
    v->channel = it->channel;
    if (v->channel == CS_CHANNEL_DEFAULT) {
        for (int c = CS_CHANNEL_CAMPAIGN; c <= CS_CHANNEL_EPISODE; c++)
            if (strcmp(str, cs_channel_names[c]) == 0) v->channel = (cs_channel)c;
        if (v->channel == CS_CHANNEL_DEFAULT) {
            const cs_param *row = cs_params_find(p, path);
            const cs_param_origin at = row->origin.file ? row->origin : row->decl;
            cs_msg_at(msg, at.file, at.line, at.col, path, "expected one of campaign|visit|episode, got '%s'", str);
            CS_ENSURE(0, CS_ERR_CONFIG);
        }
    }
    LC_IV_REAL("rate_ratio", v->rate_ratio[0]);
    LC_IV_REAL("rate_ratio_pregnant", v->rate_ratio[1]);
    LC_IV_REAL("duration_ratio", v->duration_ratio);
    LC_IV_REAL("uptake", v->uptake);
    LC_IV_REAL("adherence", v->adherence);
    LC_IV_REAL("stop_per_year", v->stop_per_day);
    v->stop_per_day /= LC_DAYS_PER_YEAR;
    LC_IV_REAL("cost_start", v->cost_start);
    LC_IV_REAL("cost_per_day", v->cost_per_day);
    LC_IV_REAL("cost_per_use", v->cost_per_use);
    LC_IV_REAL("adverse_minor_per_year", v->minor_per_day);
    v->minor_per_day /= LC_DAYS_PER_YEAR;
    LC_IV_REAL("adverse_serious_per_year", v->serious_per_day);
    v->serious_per_day /= LC_DAYS_PER_YEAR;
    LC_IV_REAL("mortality_hr", v->mortality_hr);
#undef LC_IV_REAL
    lc_mech_habits_(v->mechs, &v->habit_set, &v->habit_clear);
    CS_TRY(cs_setup_rule(s, it, lc_attrs, lc_n_attrs, &v->target));
    (void)m;
done:
    return rc;
}

static int lc_econ_read_(lc_econ *e, cs_params *p, cs_msg *msg)
{
    int rc = CS_OK;
    CS_TRY(cs_params_real(p, "economics.discount_rate", msg, &e->discount_rate));
    CS_TRY(cs_params_real(p, "economics.cost_consultation", msg, &e->cost_consultation));
    CS_TRY(cs_params_real(p, "economics.cost_blood_test", msg, &e->cost_blood));
    CS_TRY(cs_params_real(p, "economics.cost_nerve_test", msg, &e->cost_nerve));
    CS_TRY(cs_params_real(p, "economics.cost_imaging", msg, &e->cost_imaging));
    CS_TRY(cs_params_real(p, "economics.cost_adverse_minor", msg, &e->cost_minor));
    CS_TRY(cs_params_real(p, "economics.cost_adverse_serious", msg, &e->cost_serious));
    CS_TRY(cs_params_real(p, "economics.qaly_cramp_night", msg, &e->qaly_cramp_night));
    CS_TRY(cs_params_real(p, "economics.qaly_sleep_hour", msg, &e->qaly_sleep_hour));
    CS_TRY(cs_params_real(p, "economics.qaly_strain_day", msg, &e->qaly_strain_day));
    CS_TRY(cs_params_real(p, "economics.qaly_mobility_day", msg, &e->qaly_mobility_day));
    CS_TRY(cs_params_real(p, "economics.qaly_mood_day", msg, &e->qaly_mood_day));
    CS_TRY(cs_params_real(p, "economics.qaly_adverse_minor", msg, &e->qaly_minor));
    CS_TRY(cs_params_real(p, "economics.qaly_adverse_serious", msg, &e->qaly_serious));
    CS_TRY(cs_params_real(p, "economics.utility_population", msg, &e->utility));
done:
    return rc;
}

/* Every row of every intervention of the catalogue counts as read: an arm
 * uses a few, and the catalogue is checked when an arm names the rest. */
static void lc_mark_catalogue_used_(cs_params *p)
{
    for (size_t r = 0; r < cs_params_count(p); r++) {
        cs_param *row = (cs_param *)cs_params_at(p, r);
        if (row->kind == CS_PARAM_MODEL && strncmp(row->path, "interventions.", 14) == 0) row->used = 1;
    }
}

_Static_assert(LC_MAX_AGE_PLUS_1 == LC_MAX_AGE + 1, "lc_policy.h's age table must match lc_model.h");

/* Discounted QALYs left at each age: survival by the model's own death
 * hazards (year by year to LC_MAX_AGE), each year weighted by the
 * population's utility and discounted from the age at death. */
static void lc_qale_setup_(lc_model *m)
{
    lc_policy *pol = &m->pol;
    const double year_factor = 1.0 / (1.0 + pol->e.discount_rate);
    for (int sex = 0; sex < 2; sex++) {
        double left = 0.0; /* from the oldest age down: qale[a] = year a + survival x discount x qale[a + 1] */
        for (int a = LC_MAX_AGE; a >= 0; a--) {
            const double survive = exp(-m->death_per_day[sex][a] * LC_DAYS_PER_YEAR);
            const double this_year = (1.0 + survive) / 2.0; /* a year lived by all who survive it, half by the rest */
            left = pol->e.utility * this_year + survive * year_factor * left;
            pol->qale[sex][a] = left;
        }
    }
}

int lc_policy_setup(lc_model *m, cs_setup *s)
{
    cs_params *p = cs_setup_params(s);
    cs_msg *msg = cs_setup_msg(s);
    lc_policy *pol = &m->pol;
    int rc = CS_OK;
    CS_TRY(lc_econ_read_(&pol->e, p, msg));
    pol->day_factor = pow(1.0 + pol->e.discount_rate, -1.0 / LC_DAYS_PER_YEAR);
    lc_qale_setup_(m);
    pol->discount = 1.0;
    m->cramp_drugs = 0;
    for (int k = 0; k < LC_MEDS; k++)
        if (m->p.med_rate[k] > 0 || m->p.med_mult_start[k] > 1 || m->p.med_mult_long[k] > 1)
            m->cramp_drugs |= (uint16_t)(1u << k);
    const cs_arm *arm = cs_setup_arm(s);
    pol->n = arm->n_items;
    for (size_t k = 0; k < arm->n_items; k++) {
        lc_iv *v = &pol->iv[k];
        CS_TRY(lc_iv_read_(m, s, &arm->items[k], v));
        const uint16_t bit = (uint16_t)(1u << k);
        if (v->rate_ratio[0] != 1.0f || v->rate_ratio[1] != 1.0f) pol->rate_mask |= bit;
        if (v->duration_ratio != 1.0f) pol->duration_mask |= bit;
        if (v->cost_per_use > 0) pol->use_cost_mask |= bit;
        if (v->stop_per_day > 0 || v->minor_per_day > 0 || v->serious_per_day > 0 || v->mortality_hr != 1.0)
            pol->event_mask |= bit;
        if (v->channel == CS_CHANNEL_CAMPAIGN) pol->campaign_mask |= bit;
        if (lc_iv_capped(v)) {
            if (v->channel != CS_CHANNEL_CAMPAIGN) {
                char key[160];
                snprintf(key, sizeof key, "arms.%s.interventions.%s", arm->name, v->name);
                cs_msg_at(msg, v->item->at.file, v->item->at.line, v->item->at.col, key,
                          "a cap (top_share, max_per_year, budget_per_year) needs channel: campaign -- the "
                          "population-wide choice is made on the campaign's screening nights; this intervention is "
                          "reached through channel '%s'",
                          cs_channel_names[v->channel]);
                CS_ENSURE(0, CS_ERR_CONFIG);
            }
            pol->capped_mask |= bit;
            cs_setup_selections(s);
        }
        v->cap_year = -1;
        if (v->channel == CS_CHANNEL_VISIT) pol->visit_mask |= bit;
        if (v->channel == CS_CHANNEL_EPISODE) pol->episode_mask |= bit;
    }
    lc_mark_catalogue_used_(p);
done:
    return rc;
}

int lc_policy_declare(lc_model *m, cs_setup *s)
{
    int rc = CS_OK;
    lc_series_ids *si = &m->s;
    CS_TRY(cs_setup_series(s, "iv_starts", "persons", "interventions started (every intervention of the arm)",
                           &si->iv_starts));
    CS_TRY(cs_setup_series(s, "iv_stops", "persons", "interventions stopped (dropped, or the programme ended)",
                           &si->iv_stops));
    CS_TRY(cs_setup_series(s, "adverse_minor", "events", "minor adverse events of interventions",
                           &si->adverse_minor));
    CS_TRY(cs_setup_series(s, "adverse_serious", "events", "serious adverse events of interventions",
                           &si->adverse_serious));
    CS_TRY(cs_setup_series(s, "deaths_attributed", "persons",
                           "deaths attributed to an intervention (its excess mortality hazard)",
                           &si->deaths_attributed));
    CS_TRY(cs_setup_series(s, "cost_interventions", "cents",
                           "cost of the interventions (starts, days held, uses), discounted to night 0",
                           &si->cost_interventions));
    CS_TRY(cs_setup_series(s, "cost_care", "cents", "cost of consultations and tests about cramps, discounted",
                           &si->cost_care));
    CS_TRY(cs_setup_series(s, "cost_adverse", "cents", "cost of adverse events, discounted", &si->cost_adverse));
    CS_TRY(cs_setup_series(s, "qaly_lost", "micro-QALY",
                           "quality-adjusted life lost to cramps, their complications and adverse events, "
                           "discounted (millionths of a QALY)",
                           &si->qaly_lost));
    /* a warm-up carries what any arm carries (cs_setup_warmup): the history rules read */
    if (m->pol.n == 0 && !cs_setup_warmup(s)) goto done;
#define LC_COL(field, type, unit, help) CS_TRY(cs_setup_column(s, #field, type, (void **)&m->field, unit, help, 1))
    LC_COL(iv_held, CS_COL_U16, "bits", "bit k: holds intervention k of the arm");
    LC_COL(iv_done, CS_COL_U16, "bits", "bit k: declined or stopped intervention k (not offered again)");
    LC_COL(iv_next, CS_COL_I32, "night", "night of the next intervention event (stop, adverse event, death)");
    LC_COL(iv_since, CS_COL_I32, "night", "night up to which the holding costs are counted");
    LC_COL(recent, CS_COL_U32, "bits", "cramp nights in the 32 nights up to the latest one (bit j: j nights before)");
#undef LC_COL
    if (m->pol.n == 0) goto done;
    const char *const *names = m->pol.names; /* kept: the layout borrows class labels */
    for (size_t k = 0; k < m->pol.n; k++) m->pol.names[k] = m->pol.iv[k].name;
    CS_TRY(cs_setup_summary(s, "iv_started", m->pol.n, names, "persons",
                            "people who started each intervention of the arm in the run", &m->m.iv_started));
    CS_TRY(cs_setup_summary(s, "iv_held_days", m->pol.n, names, "person-days",
                            "days each intervention of the arm was held", &m->m.iv_held_days));
    CS_TRY(cs_setup_summary(s, "iv_holders", m->pol.n, names, "persons",
                            "people holding each intervention at the end of the run", &m->m.iv_holders));
done:
    return rc;
}
