/* lc_season.c -- the environment of the day, one value for every agent: a
 * yearly sinusoid of the cramp rate, highest in summer, and heat waves.
 *
 * Heat waves start on a summer day (within heat_wave_season days of the
 * seasonal peak) with probability heat_wave_rate and last a geometric-like
 * number of days (mean heat_wave_days, at most LC_HEAT_MAX).  Whether
 * tonight is in one is a pure function of the night -- the starts and
 * lengths of the last LC_HEAT_MAX nights, each from that night's stream --
 * so it needs no state carried between nights and is the same on every
 * rank. */
#include <math.h>
#include <stdlib.h>

#include "cs_status.h"
#include "cs_stream.h"
#include "lc_model.h"

#define LC_PI 3.14159265358979323846
#define LC_HEAT_MAX 30 /* nights: the longest heat wave */

int lc_season_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    (void)p;
    if (m->p.season_amplitude >= 1.0) {
        cs_msg_error(msg, "season.amplitude: must be below 1 (the rate would turn negative)");
        return CS_ERR_CONFIG;
    }
    return CS_OK;
}

/* Days from a to b around the year, in [-182, 182]. */
static int lc_doy_distance_(double a, double b)
{
    int k = (int)lround(b - a) % LC_DAYS_PER_YEAR;
    if (k > LC_DAYS_PER_YEAR / 2) k -= LC_DAYS_PER_YEAR;
    if (k < -LC_DAYS_PER_YEAR / 2) k += LC_DAYS_PER_YEAR;
    return k;
}

/* Length in nights of a heat wave starting on night s (0: none). */
static int lc_heat_wave_from_(const lc_model *m, const cs_day *d, int32_t s)
{
    const lc_life_params *l = &m->p.l;
    const int doy = 1 + (((d->day_of_year - 1 - (d->night - s)) % LC_DAYS_PER_YEAR) + LC_DAYS_PER_YEAR) %
                            LC_DAYS_PER_YEAR;
    if (abs(lc_doy_distance_(m->p.season_peak_day, doy)) > l->heat_wave_season) return 0;
    cs_pcg32 r = cs_stream_rng(cs_stream_key(d->run_key, LC_P_WEATHER, s), 0);
    if (!cs_pcg32_double_below(&r, l->heat_wave_rate)) return 0;
    return lc_spell_days(&r, l->heat_wave_days, LC_HEAT_MAX);
}

void lc_season_begin_day(lc_model *m, const cs_day *d)
{
    const double phase = 2.0 * LC_PI * (d->day_of_year - m->p.season_peak_day) / LC_DAYS_PER_YEAR;
    m->season = (float)(1.0 + m->p.season_amplitude * cos(phase));
    m->heat_wave = 0;
    for (int32_t back = 0; back < LC_HEAT_MAX && !m->heat_wave; back++)
        m->heat_wave = lc_heat_wave_from_(m, d, d->night - back) > back;
}
