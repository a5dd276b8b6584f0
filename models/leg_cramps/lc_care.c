/* lc_care.c -- who tells a doctor, what the doctor finds, and the care of
 * the cause that follows.
 *
 * Care starts from symptoms, not from the hazard: on a cramp night a person
 * who has not consulted in the last care_revisit_days consults with
 * probability 1 - exp(-h), h the sum of a small base and a term for each
 * warning sign of the seed text -- frequent cramps that break sleep (burden
 * above care_frequent_burden and woken), a severe episode, a drug started
 * within its post-start window, and swelling, redness or colour change
 * (shown on a share signs_prob of the cramp nights of people with a
 * circulation problem).  Most sufferers never consult.
 * At a consultation each test is done with its probability and finds what
 * it can: blood tests a low potassium, magnesium or calcium (then
 * supplements), diabetes or an underactive thyroid; nerve conduction
 * studies nerve compression or neuropathy; imaging spinal stenosis and
 * circulation problems; the examination circulation problems.  A condition
 * found comes under care (its cramp effects times treated_ratio); a drug
 * started recently is reviewed and stopped with probability review_drug. */
#include <math.h>

#include "lc_model.h"

void lc_care_setup(lc_model *m)
{
    const lc_life_params *l = &m->p.l;
    m->care_p_max = -expm1(-(l->care_base + l->care_frequent + l->care_severe + l->care_new_drug + l->care_signs));
}

/* Conditions each finding covers. */
#define LC_BIT(c) (1u << (c))
static const unsigned lc_blood_finds = LC_BIT(LC_DIABETES) | LC_BIT(LC_HYPOTHYROID);
static const unsigned lc_nerve_finds = LC_BIT(LC_STENOSIS) | LC_BIT(LC_NEUROPATHY);
static const unsigned lc_imaging_finds = LC_BIT(LC_STENOSIS) | LC_BIT(LC_PAD) | LC_BIT(LC_VARICOSE);
static const unsigned lc_circulation = LC_BIT(LC_PAD) | LC_BIT(LC_VARICOSE);

/* Whether agent i started a drug within that drug's post-start window. */
static int lc_new_drug_(const lc_model *m, size_t i, int32_t night)
{
    const int k = m->med_last[i];
    return m->meds[i] >> k & 1u && night - m->med_start[i] < m->med_window_nights[k];
}

void lc_care_after_night(lc_model *m, size_t i, cs_pcg32 *r, int32_t night, const lc_night_report *n, cs_tally *t)
{
    const lc_life_params *l = &m->p.l;
    if (m->consulted[i] != LC_NEVER && night - m->consulted[i] < l->care_revisit_days) return;
    /* consult iff u < 1 - exp(-h); h is at most the sum of every term, so
     * most cramp nights end here without reading the agent's history */
    const double u = cs_pcg32_double(r);
    if (!(u < m->care_p_max)) return;
    const unsigned cond = m->cond[i], untreated = cond & ~(unsigned)m->treated[i];
    const int signs = (cond & lc_circulation) && cs_pcg32_double_below(r, l->signs_prob);
    const int new_drug = lc_new_drug_(m, i, night);
    const double h = l->care_base + l->care_frequent * (m->burden[i] >= l->care_frequent_burden && n->woken) +
                     l->care_severe * (n->worst == LC_SEVERE) + l->care_new_drug * new_drug + l->care_signs * signs;
    if (!(u < -expm1(-h))) return;
    const size_t s = m->stratum[i];
    m->consulted[i] = night;
    cs_tally_series(t, m->s.consultations)[s] += 1;
    const int exam = cs_pcg32_double_below(r, l->test_exam), blood = cs_pcg32_double_below(r, l->test_blood);
    const int nerve = cs_pcg32_double_below(r, l->test_nerve), imaging = cs_pcg32_double_below(r, l->test_imaging);
    cs_tally_series(t, m->s.tests)[s] += blood + nerve + imaging;
    const lc_econ *e = &m->pol.e;
    lc_econ_cost(t, m->s.cost_care, s,
                 e->cost_consultation + blood * e->cost_blood + nerve * e->cost_nerve + imaging * e->cost_imaging,
                 m->pol.discount);
    unsigned found = 0;
    if (blood && (m->lytes[i] || (untreated & lc_blood_finds))) {
        if (m->lytes[i]) m->habits[i] |= 1u << LC_H_SUPPLEMENT;
        m->lytes[i] = 0;
        found |= untreated & lc_blood_finds;
        cs_tally_series(t, m->s.found[0])[s] += 1;
    }
    unsigned nerve_found = 0;
    if (nerve && cs_pcg32_double_below(r, l->sens_nerve)) nerve_found |= untreated & lc_nerve_finds;
    unsigned circ_found = 0;
    if (exam && cs_pcg32_double_below(r, l->sens_exam)) circ_found |= untreated & lc_circulation;
    if (imaging && cs_pcg32_double_below(r, l->sens_imaging)) {
        nerve_found |= untreated & lc_imaging_finds & lc_nerve_finds;
        circ_found |= untreated & lc_imaging_finds & lc_circulation;
    }
    cs_tally_series(t, m->s.found[1])[s] += nerve_found != 0;
    cs_tally_series(t, m->s.found[2])[s] += circ_found != 0;
    found |= nerve_found | circ_found;
    m->treated[i] = (uint16_t)(m->treated[i] | found);
    if (new_drug && cs_pcg32_double_below(r, l->review_drug)) {
        lc_medications_stop(m, i, r, night, m->med_last[i]);
        cs_tally_series(t, m->s.found[3])[s] += 1;
    }
    lc_life_refresh_on(m, i, night + 1); /* the rate follows the care from tomorrow */
}
