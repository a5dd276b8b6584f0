/* lc_susceptibility.c -- who is prone to idiopathic nocturnal leg cramps,
 * and how often they cramp.
 *
 * Mechanism: a person becomes susceptible at an onset hazard with two
 * parts -- a small constant one in childhood (the cramps of children, which
 * mostly remit by adulthood) and a Gompertz one rising with age, higher in
 * women -- and may remit at a constant rate; prevalence by age is the
 * balance of onset and remission.
 * A susceptible person cramps at a personal rate z (lognormal between
 * people: most sufferers cramp now and then, a few nightly), scaled by age
 * and sex.  A genetic predisposition (family history) raises both the onset
 * hazard and the rate; both effects are normalised so that the population
 * averages stay those of the parameters (the predisposition redistributes
 * risk, it does not add to it).  This two-part frailty is what lets cramps be common in old age
 * yet frequent in a minority, and lets situational causes (pregnancy) reach
 * people who are not otherwise prone. */
#include <math.h>

#include "cs_dist.h"
#include "cs_status.h"
#include "cs_stream.h"
#include "lc_model.h"

int lc_susceptibility_setup(lc_model *m, cs_params *p, cs_msg *msg)
{
    (void)p;
    (void)msg;
    const lc_params *lp = &m->p;
    m->remission_per_day = lp->remission_rate / LC_DAYS_PER_YEAR;
    m->rate_log_median = log(lp->rate_median);
    const double g = lp->l.genetic_share;
    const double onset_norm = 1.0 - g + g * lp->l.genetic_onset_hr;
    const double rate_norm = 1.0 - g + g * lp->l.genetic_rate_ratio;
    m->genetic_rate[0] = (float)(1.0 / rate_norm);
    m->genetic_rate[1] = (float)(lp->l.genetic_rate_ratio / rate_norm);
    for (int gen = 0; gen < 2; gen++)
        for (int s = 0; s < 2; s++) {
            const double hr = (s == LC_FEMALE ? lp->female_onset_hr : 1.0) *
                              (gen ? lp->l.genetic_onset_hr : 1.0) / onset_norm;
            double prob = 0.0; /* P(susceptible) at exact age a */
            for (int a = 0; a <= LC_MAX_AGE; a++) {
                /* onset hazard over year of age a, taken at mid-year */
                const double child = a + 0.5 < lp->child_age ? lp->onset_child : 0.0;
                const double h = hr * (child + lp->onset_gompertz_a * exp(lp->onset_gompertz_b * (a + 0.5)));
                m->onset_hazard[gen][s][a] = h / LC_DAYS_PER_YEAR;
                m->susc_prob[gen][s][a] = prob;
                /* exact solution of p' = h (1 - p) - rho p over one year */
                const double k = h + lp->remission_rate, eq = k > 0 ? h / k : 0.0;
                prob = eq + (prob - eq) * exp(-k);
            }
        }
    for (int s = 0; s < 2; s++)
        for (int a = 0; a <= LC_MAX_AGE; a++) {
            const double rr = s == LC_FEMALE ? lp->female_rate_ratio : 1.0;
            m->age_rate[s][a] = (float)(rr * exp(lp->rate_age_slope * (a - 65)));
        }
    return CS_OK;
}

void lc_susceptibility_init(lc_model *m, size_t i, cs_pcg32 *r)
{
    const int age = m->age[i], sex = m->sex[i], gen = m->habits[i] >> LC_H_GENETIC & 1u;
    /* interpolate within the year of age */
    const double frac = (double)((-m->birth[i]) % LC_DAYS_PER_YEAR) / LC_DAYS_PER_YEAR;
    const int next = age < LC_MAX_AGE ? age + 1 : age;
    const double prob = (1 - frac) * m->susc_prob[gen][sex][age] + frac * m->susc_prob[gen][sex][next];
    m->susc[i] = (uint8_t)cs_pcg32_double_below(r, prob);
    m->z[i] = (float)cs_rng_lognormal(r, m->rate_log_median, m->p.rate_sigma);
    m->w[i] = (float)cs_rng_lognormal(r, -0.5 * m->p.preg_sigma * m->p.preg_sigma, m->p.preg_sigma);
    m->susc_next[i] = 0;
}

int32_t lc_susceptibility_update(lc_model *m, size_t i, uint64_t gid, const cs_day *d, int32_t next_birthday,
                                 int fresh, cs_tally *t)
{
    const int32_t night = d->night;
    if (m->susc_next[i] == night && night > 0) {
        m->susc[i] ^= 1u;
        if (m->susc[i]) { /* an onset: the age at a first cramp, as surveys ask it */
            const int band = m->age[i] / 5 < LC_PYRAMID_BANDS ? m->age[i] / 5 : LC_PYRAMID_BANDS - 1;
            cs_tally_summary(t, m->m.onset_age)[(size_t)m->stratum[i] * LC_PYRAMID_BANDS + (size_t)band] += 1;
        }
    }
    else if (!fresh) return m->susc_next[i];
    /* hazard of the next transition, redrawn at every event (memoryless) */
    const double h = m->susc[i] ? m->remission_per_day : m->onset_hazard[m->habits[i] >> LC_H_GENETIC & 1u][m->sex[i]][m->age[i]];
    return m->susc_next[i] = lc_next_event_of(m, d, LC_P_SUSC, gid, h, next_birthday);
}
