/* lc_season.c -- the environment of the day: a yearly sinusoid of the
 * cramp rate, highest in summer (one value for every agent). */
#include <math.h>

#include "cs_status.h"
#include "lc_model.h"

#define LC_PI 3.14159265358979323846

int lc_season_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    (void)p;
    if (m->p.season_amplitude >= 1.0) {
        cs_msg_error(msg, "season.amplitude: must be below 1 (the rate would turn negative)");
        return CS_ERR_CONFIG;
    }
    return CS_OK;
}

void lc_season_begin_day(lc_model *m, const cs_day *d)
{
    const double phase = 2.0 * LC_PI * (d->day_of_year - m->p.season_peak_day) / LC_DAYS_PER_YEAR;
    m->season = (float)(1.0 + m->p.season_amplitude * cos(phase));
}
