/* lc_life.c -- the life module: builds each agent at night 0 and, on the
 * nights an agent has an event due (birthday, pregnancy milestone,
 * susceptibility onset or remission, condition onset, medication start,
 * stop or end of a post-start window, electrolyte resampling, the end of a
 * spell of reduced mobility or low mood, care begun), updates its state, its
 * stratum and its cached nightly cramp rate.  All other nights cost one
 * comparison.  What changes every day (activity, fatigue, hydration,
 * after-effects) is applied on top of the cached rate by the nightly loop. */
#include <math.h>

#include "cs_dist.h"
#include "cs_stream.h"
#include "lc_mask.h"
#include "lc_model.h"

static inline uint8_t lc_stratum_(int age, int sex, int preg)
{
    return (uint8_t)((lc_age_band(age) * 2 + sex) * LC_PREG_STATES + preg);
}

/* No cramps, consultations, complications or care on record. */
static void lc_life_clear_history_(lc_model *m, size_t i)
{
    m->consulted[i] = LC_NEVER;
    m->last_cramp[i] = LC_LONG_AGO;
    m->burden[i] = 0.0f;
    m->limited_until[i] = LC_NEVER;
    m->mood_until[i] = LC_NEVER;
    m->treated[i] = 0;
}

void lc_life_init(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    lc_model *m = model;
    const uint64_t key = cs_stream_key(d->run_key, LC_P_INIT, 0);
    for (size_t i = lo; i < hi; i++) {
        const uint64_t gid = a->gid0 + i;
        cs_pcg32 r = cs_stream_rng(key, gid);
        lc_demography_init(m, i, &r);
        m->habits[i] = (uint16_t)lc_habits_lasting(m, d, gid, m->birth[i], m->age[i], m->sex[i]);
        lc_susceptibility_init(m, i, &r);
        lc_pregnancy_init(m, i, &r);
        lc_conditions_init(m, i, &r);
        lc_medications_init(m, i, &r);
        lc_electrolytes_init(m, i, &r);
        lc_spells_init(m, i, &r);
        lc_life_clear_history_(m, i);
        if (m->iv_held) lc_policy_newborn(m, i, 0, t);
        m->fatigue[i] = m->fatigue_start[lc_profile_of(m->habits[i])];
        m->next_change[i] = 0; /* everything is scheduled on night 0 */
    }
}

/* Agent i died tonight: a newborn takes the place (and the global id; its
 * draws differ by night). */
static void lc_life_replace_(lc_model *m, size_t i, uint64_t gid, const cs_day *d, cs_tally *t)
{
    cs_tally_series(t, m->s.deaths)[m->stratum[i]] += 1;
    if (m->iv_held) lc_policy_newborn(m, i, d->night, t);
    if (m->trial_arm) lc_trial_newborn(m, i, t);
    cs_pcg32 r = lc_rng_tonight(m, LC_P_BIRTH, gid);
    m->sex[i] = (uint8_t)lc_demography_newborn_sex(m, &r);
    m->birth[i] = d->night;
    m->age[i] = 0;
    m->susc[i] = 0;
    m->z[i] = (float)cs_rng_lognormal(&r, m->rate_log_median, m->p.rate_sigma);
    m->w[i] = (float)cs_rng_lognormal(&r, -0.5 * m->p.preg_sigma * m->p.preg_sigma, m->p.preg_sigma);
    m->preg[i] = LC_NOT_PREGNANT;
    m->preg_cramped[i] = 0;
    m->preg_mark[i] = LC_NEVER;
    m->susc_next[i] = LC_NEVER;
    m->cond[i] = 0; /* newborns start without conditions */
    m->cond_next[i] = LC_NEVER;
    m->meds[i] = 0; /* newborns take no medications */
    m->med_next[i] = LC_NEVER;
    m->med_start[i] = LC_LONG_AGO;
    m->med_last[i] = 0;
    lc_survey_newborn(m, i);
    lc_life_clear_history_(m, i);
    m->habits[i] = (uint16_t)lc_habits_lasting(m, d, gid, d->night, 0, m->sex[i]);
    m->fatigue[i] = 0.0f;
    m->lytes[i] = 0;
    m->lytes_next[i] = LC_NEVER; /* dormant: drawn when the newborn can first cramp */
    m->spell_next[i] = LC_NEVER; /* likewise, when it first becomes susceptible */
    m->stratum[i] = lc_stratum_(0, m->sex[i], LC_NOT_PREGNANT);
    cs_tally_series(t, m->s.births)[m->stratum[i]] += 1;
}

/* Events of agent i due tonight; reschedules it. */
static void lc_life_update_(lc_model *m, size_t i, uint64_t gid, const cs_day *d, cs_tally *t)
{
    const int32_t night = d->night;
    if (m->death[i] == night && night > 0) lc_life_replace_(m, i, gid, d, t);
    const int32_t age_days = night - m->birth[i];
    const int age = age_days / LC_DAYS_PER_YEAR;
    m->age[i] = (uint8_t)(age < LC_MAX_AGE ? age : LC_MAX_AGE);
    const int32_t next_birthday = night + (LC_DAYS_PER_YEAR - age_days % LC_DAYS_PER_YEAR);
    /* hazards change at birthdays (and for a newborn, and at the start) */
    const int fresh = night == 0 || age_days % LC_DAYS_PER_YEAR == 0;
    if (fresh && night > 0) /* lasting habits follow age; states (bits outside the mask) stay */
        m->habits[i] = (uint16_t)lc_policy_habits(m, i, (m->habits[i] & ~LC_HABITS_LASTING) |
                                                             lc_habits_lasting(m, d, gid, m->birth[i], m->age[i],
                                                                               m->sex[i]));
    int32_t next = next_birthday;
    int32_t e = lc_demography_schedule_death(m, i, gid, d, next_birthday, fresh);
    if (e < next) next = e;
    e = lc_susceptibility_update(m, i, gid, d, next_birthday, fresh, t);
    if (e < next) next = e;
    e = lc_conditions_update(m, i, gid, d, next_birthday, fresh);
    if (e < next) next = e;
    e = lc_medications_update(m, i, gid, d, next_birthday, fresh);
    if (e < next) next = e;
    e = lc_complications_update(m, i, night);
    if (e < next) next = e;
    if (m->sex[i] == LC_FEMALE) {
        e = lc_pregnancy_update(m, i, gid, d, next_birthday, fresh, t);
        if (e < next) next = e;
        e = lc_pregnancy_rate_change(m, i, night);
        if (e < next) next = e;
    }
    if (m->iv_held) {
        e = lc_policy_update(m, i, gid, d, t);
        if (e < next) next = e;
        if (m->death[i] < next) next = m->death[i]; /* an attributed death tomorrow */
    }
    m->stratum[i] = lc_stratum_(m->age[i], m->sex[i], m->preg[i]);
    /* electrolytes and spells tick only for those they can act on (see
     * lc_electrolytes.c, lc_spells.c): most of the population cannot cramp
     * at all, and their events would cost more than the rest */
    float idiopathic, secondary;
    lc_rate_parts(m, i, night, &idiopathic, &secondary);
    const float spell = lc_spells_update(m, i, gid, night, m->susc[i]);
    const float lytes = lc_electrolytes_update(m, i, gid, night, idiopathic + secondary > 0);
    if (m->spell_next[i] < next) next = m->spell_next[i];
    if (m->lytes_next[i] < next) next = m->lytes_next[i];
    m->next_change[i] = next;
    float rate = (idiopathic * spell + secondary) * lytes;
    if (m->iv_held && m->iv_held[i]) rate *= lc_policy_rate_factor(m, i);
    /* the nightly loop carries fatigue only for those who can cramp: one who
     * wakes starts from the mean fatigue of their days */
    if (!(m->rate[i] > 0.0f) && rate > 0.0f) m->fatigue[i] = m->fatigue_start[lc_profile_of(m->habits[i])];
    m->rate[i] = rate;
}

/* Agents per chunk of the list of due agents (the engine's block, usually:
 * a night has a few tens of due agents per block). */
#define LC_DUE_CHUNK 2048
/* Due agents whose columns are on their way while one is updated. */
#define LC_EVENT_AHEAD 4

void lc_life_step_day(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    lc_model *m = model;
    const int32_t night = d->night;
    const int32_t *next = m->next_change;
    uint16_t due[LC_DUE_CHUNK];
    for (size_t c0 = lo; c0 < hi; c0 += LC_DUE_CHUNK) {
        const size_t c1 = c0 + LC_DUE_CHUNK < hi ? c0 + LC_DUE_CHUNK : hi;
        /* the due agents first (16 tested at once: most nights, none of
         * them), then their updates, each with the loads of a later one's
         * columns in flight: an update reads some twenty cold columns of one
         * agent, each a cache miss if waited for in turn */
        size_t n = 0, g = c0;
        for (; g + LC_MASK_WIDTH <= c1; g += LC_MASK_WIDTH)
            for (unsigned bits = lc_mask_due(next + g, night); bits; bits &= bits - 1)
                due[n++] = (uint16_t)(g - c0 + lc_mask_lowest(bits));
        for (; g < c1; g++) { /* the chunk's last few agents (a slice's end) */
            due[n] = (uint16_t)(g - c0);
            n += next[g] <= night;
        }
        for (size_t k = 0; k < n && k < LC_EVENT_AHEAD; k++) lc_prefetch_event(m, c0 + due[k]);
        for (size_t k = 0; k < n; k++) {
            if (k + LC_EVENT_AHEAD < n) lc_prefetch_event(m, c0 + due[k + LC_EVENT_AHEAD]);
            const size_t i = c0 + due[k];
            lc_life_update_(m, i, a->gid0 + i, d, t);
        }
    }
}

void lc_rate_parts(const lc_model *m, size_t i, int32_t night, float *idiopathic, float *secondary)
{
    float r = 0.0f, mult = 1.0f, add = 0.0f;
    if (m->cond[i]) lc_conditions_effect(m, m->cond[i], m->treated[i], &mult, &add);
    if (m->meds[i]) {
        float mm, ma;
        lc_medications_effect(m, i, night, &mm, &ma);
        mult *= mm;
        add += ma;
    }
    if (m->susc[i])
        r = m->z[i] * m->age_rate[m->sex[i]][m->age[i]] * m->genetic_rate[m->habits[i] >> LC_H_GENETIC & 1u] * mult;
    /* secondary cramps of the conditions and drugs: only in responders, at
     * 1 / responder_share times the rate, so the mean is the parameters' */
    float s = add * m->w[i] * m->responder_scale[m->habits[i] >> LC_H_RESPONDER & 1u];
    int preg = m->preg[i];
    if (preg >= LC_T1 && preg <= LC_T3) {
        double h = m->p.preg_rate[preg - 1];
        if (preg == LC_T3) {
            int week = (night - m->preg_mark[i]) / 7; /* completed gestational weeks */
            h *= pow(m->p.preg_week_ratio, week - 28 > 0 ? week - 28 : 0);
        }
        s += (float)h * m->w[i];
    }
    *idiopathic = r;
    *secondary = s;
}

int32_t lc_next_event(cs_pcg32 *r, double per_day, int32_t night, int32_t next_birthday)
{
    if (!(per_day > 0)) return LC_NEVER;
    /* floor(E) < days_left (a whole number) iff E < days_left, so a draw
     * beyond it needs no logarithm: most waits run past the birthday */
    const double days_left = (double)next_birthday - (double)night - 1.0;
    const double wait = floor(cs_rng_exponential_below(r, per_day, days_left));
    return (double)night + 1.0 + wait < (double)next_birthday ? night + 1 + (int32_t)wait : LC_NEVER;
}

int lc_pick_by_share(const double *haz, int n, unsigned skip, double u)
{
    int pick = -1;
    for (int k = 0; k < n; k++) {
        if (skip >> k & 1u || haz[k] <= 0) continue;
        pick = k;
        if (u < haz[k]) break;
        u -= haz[k];
    }
    return pick;
}

int32_t lc_spell_days(cs_pcg32 *r, double mean_days, int32_t max_days)
{
    const double len = ceil(cs_rng_exponential(r, 1.0 / mean_days));
    return len < 1 ? 1 : len > max_days ? max_days : (int32_t)len;
}

int32_t lc_next_event_of(const lc_model *m, const cs_day *d, uint32_t purpose, uint64_t gid, double per_day,
                         int32_t next_birthday)
{
    if (!(per_day > 0)) return LC_NEVER;
    cs_pcg32 r = lc_rng_tonight(m, purpose, gid);
    return lc_next_event(&r, per_day, d->night, next_birthday);
}
