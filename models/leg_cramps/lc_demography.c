/* lc_demography.c -- who the agents are: age and sex drawn from a
 * population pyramid (5-year bands by sex), ageing one year at each
 * birthday, dying at a Gompertz-Makeham hazard by age and sex, each death
 * replaced by a newborn so that the population keeps its size and, over a
 * long run, an age structure set by births and deaths rather than by the
 * ageing of the starting cohort. */
#include <math.h>

#include "cs_dist.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "lc_model.h"

int lc_demography_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    int rc = CS_OK;
    const double *male, *female;
    CS_TRY(cs_params_list(p, "demography.pyramid_male", LC_PYRAMID_BANDS, msg, &male, NULL));
    CS_TRY(cs_params_list(p, "demography.pyramid_female", LC_PYRAMID_BANDS, msg, &female, NULL));
    double total = 0;
    for (int b = 0; b < LC_PYRAMID_BANDS; b++) {
        m->p.pyramid[LC_MALE][b] = male[b];
        m->p.pyramid[LC_FEMALE][b] = female[b];
        total += male[b] + female[b];
    }
    if (!(total > 0)) {
        cs_msg_error(msg, "demography.pyramid_male/pyramid_female: the pyramid is empty");
        return CS_ERR_CONFIG;
    }
    if (m->p.oldest_age <= 85 || m->p.oldest_age > LC_MAX_AGE) {
        cs_msg_error(msg, "demography.oldest_age: must lie in (85, %d]", LC_MAX_AGE);
        return CS_ERR_CONFIG;
    }
    /* cells in order (sex, band): male bands first */
    double c = 0;
    for (int s = 0; s < 2; s++)
        for (int b = 0; b < LC_PYRAMID_BANDS; b++) {
            c += m->p.pyramid[s][b] / total;
            m->pyramid_cdf[s * LC_PYRAMID_BANDS + b] = c;
        }
    m->pyramid_cdf[2 * LC_PYRAMID_BANDS - 1] = 1.0;
    /* mortality over year of age a, taken at mid-year */
    for (int s = 0; s < 2; s++)
        for (int a = 0; a <= LC_MAX_AGE; a++)
            m->death_per_day[s][a] = (m->p.mortality_makeham +
                                      m->p.mortality_gompertz[s] * exp(m->p.mortality_slope * (a + 0.5))) /
                                     LC_DAYS_PER_YEAR;
done:
    return rc;
}

int lc_age_band(int age)
{
    if (age < 15) return 0;
    if (age >= 85) return LC_AGE_BANDS - 1;
    return (age - 5) / 10;
}

void lc_demography_init(lc_model *m, size_t i, cs_pcg32 *r)
{
    uint32_t cell = cs_rng_categorical(r, m->pyramid_cdf, 2 * LC_PYRAMID_BANDS);
    int sex = cell >= LC_PYRAMID_BANDS, band = (int)(cell % LC_PYRAMID_BANDS);
    double lo = 5.0 * band, hi = band == LC_PYRAMID_BANDS - 1 ? m->p.oldest_age : lo + 5.0;
    /* age in days, uniform within the band */
    int32_t age_days = (int32_t)floor(cs_rng_uniform(r, lo, hi) * LC_DAYS_PER_YEAR);
    m->sex[i] = (uint8_t)sex;
    m->birth[i] = -age_days;
    m->age[i] = (uint8_t)(age_days / LC_DAYS_PER_YEAR);
}

int32_t lc_demography_schedule_death(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int32_t next_birthday,
                                     int fresh)
{
    if (!fresh) return m->death[i];
    return m->death[i] = lc_next_event_of(m, d, LC_P_DEATH, gid, m->death_per_day[m->sex[i]][m->age[i]], next_birthday);
}

int lc_demography_newborn_sex(const lc_model *m, cs_pcg32 *r)
{
    return cs_pcg32_double_below(r, m->p.male_share_at_birth) ? LC_MALE : LC_FEMALE;
}
