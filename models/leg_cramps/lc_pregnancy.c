/* lc_pregnancy.c -- pregnancy as a sequence of scheduled events:
 * conception (age-specific rate from birth statistics), trimesters by
 * gestational age from the last menstrual period (T1 weeks 0-13, T2 14-27,
 * T3 28 to delivery), delivery after a drawn gestation length, and a
 * postpartum period.  At night 0 women are placed in the stationary mix of
 * these states for their age.  Miscarriage and multiple births are not
 * modelled: conception rates are those of pregnancies that end in a birth. */
#include <math.h>

#include "cs_dist.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "lc_model.h"

#define LC_T2_START 98  /* gestational day (from LMP) of week 14 */
#define LC_T3_START 196 /* week 28 */

int lc_pregnancy_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    int rc = CS_OK;
    const double *f;
    CS_TRY(cs_params_list(p, "pregnancy.fertility", LC_FERTILITY_BANDS, msg, &f, NULL));
    for (int b = 0; b < LC_FERTILITY_BANDS; b++) m->p.fertility[b] = f[b];
    for (int a = 0; a <= LC_MAX_AGE; a++) {
        int b = a / 5 - 2; /* band 0 is ages 10-14 */
        m->fertility_per_day[a] = (b >= 0 && b < LC_FERTILITY_BANDS) ? f[b] / 1000.0 / LC_DAYS_PER_YEAR : 0.0;
    }
    if (m->p.gestation_min <= LC_T3_START || m->p.gestation_min > m->p.gestation_max) {
        cs_msg_error(msg, "pregnancy.gestation_min: must exceed %d days (start of trimester 3) and not exceed "
                          "pregnancy.gestation_max", LC_T3_START);
        rc = CS_ERR_CONFIG;
    }
done:
    return rc;
}

/* Gestation length of the pregnancy that started on night `start`: the same
 * number whenever it is asked for, so nothing needs storing. */
static int32_t lc_gestation_length_(const lc_model *m, uint64_t gid, int32_t start, const cs_day *d)
{
    cs_pcg32 r = cs_stream_rng(cs_stream_key(d->run_key, LC_P_GESTATION, start), gid);
    double len = cs_rng_normal(&r, m->p.gestation_mean, m->p.gestation_sd);
    if (len < m->p.gestation_min) len = m->p.gestation_min;
    if (len > m->p.gestation_max) len = m->p.gestation_max;
    return (int32_t)lround(len);
}

void lc_pregnancy_init(lc_model *m, size_t i, cs_pcg32 *r)
{
    m->preg[i] = LC_NOT_PREGNANT;
    m->preg_mark[i] = LC_NEVER;
    if (m->sex[i] != LC_FEMALE) return;
    const double f = m->fertility_per_day[m->age[i]];
    const double p_pregnant = f * m->p.gestation_mean, p_postpartum = f * m->p.postpartum_days;
    const double u = cs_pcg32_double(r);
    if (u < p_pregnant) {
        /* provisional state; the night-0 update sets the trimester */
        m->preg[i] = LC_T1;
        m->preg_mark[i] = -(int32_t)floor(cs_pcg32_double(r) * m->p.gestation_mean);
    } else if (u < p_pregnant + p_postpartum) {
        m->preg[i] = LC_POSTPARTUM;
        m->preg_mark[i] = -(int32_t)floor(cs_pcg32_double(r) * m->p.postpartum_days);
    }
}

/* Counts a completed trimester k (0-based) if it was observed from its start. */
static void lc_count_trimester_(lc_model *m, size_t i, int k, int32_t start, cs_tally *t)
{
    if (start < 0) return;
    const size_t at = (size_t)m->stratum[i] * 3 + (size_t)k;
    cs_tally_summary(t, m->m.trimester_observed)[at] += 1;
    cs_tally_summary(t, m->m.trimester_cramped)[at] += (m->preg_cramped[i] >> k) & 1u;
}

/* Draws the next conception from tonight at the current age's rate; a
 * draw beyond the next birthday is redrawn then (the rate changes). */
static int32_t lc_schedule_conception_(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int32_t next_birthday)
{
    return m->preg_mark[i] = lc_next_event_of(m, d, LC_P_CONCEIVE, gid, m->fertility_per_day[m->age[i]], next_birthday);
}

int32_t lc_pregnancy_update(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int32_t next_birthday, int fresh,
                            cs_tally *t)
{
    const int32_t night = d->night;
    switch (m->preg[i]) {
    case LC_NOT_PREGNANT:
        if (m->preg_mark[i] != night)
            return fresh ? lc_schedule_conception_(m, i, gid, d, next_birthday) : m->preg_mark[i];
        m->preg[i] = LC_T1;
        m->preg_cramped[i] = 0;
        m->preg_mark[i] = night;
        return night + LC_T2_START;
    case LC_T1:
    case LC_T2:
    case LC_T3: {
        const int32_t start = m->preg_mark[i], gest = night - start;
        const int32_t len = lc_gestation_length_(m, gid, start, d);
        if (gest >= len) {
            lc_count_trimester_(m, i, 2, start + LC_T3_START, t);
            m->preg[i] = LC_POSTPARTUM;
            m->preg_mark[i] = night;
            return night + (int32_t)m->p.postpartum_days;
        }
        const int now = gest < LC_T2_START ? LC_T1 : gest < LC_T3_START ? LC_T2 : LC_T3;
        if (now != m->preg[i]) {
            if (m->preg[i] == LC_T1) lc_count_trimester_(m, i, 0, start, t);
            if (m->preg[i] <= LC_T2 && now == LC_T3) lc_count_trimester_(m, i, 1, start + LC_T2_START, t);
            m->preg[i] = (uint8_t)now;
        }
        return now == LC_T1 ? start + LC_T2_START : now == LC_T2 ? start + LC_T3_START : start + len;
    }
    case LC_POSTPARTUM:
        if (night < m->preg_mark[i] + (int32_t)m->p.postpartum_days)
            return m->preg_mark[i] + (int32_t)m->p.postpartum_days;
        m->preg[i] = LC_NOT_PREGNANT;
        m->preg_cramped[i] = 0;
        return lc_schedule_conception_(m, i, gid, d, next_birthday);
    }
    return LC_NEVER;
}

int32_t lc_pregnancy_rate_change(const lc_model *m, size_t i, int32_t night)
{
    if (m->preg[i] != LC_T3 || m->p.preg_week_ratio == 1.0) return LC_NEVER;
    const int32_t gest = night - m->preg_mark[i];
    return night + (7 - gest % 7);
}
