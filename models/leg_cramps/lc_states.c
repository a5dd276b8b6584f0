/* lc_states.c -- end-of-run census of habits and states: for each (activity
 * class, habits, complications, low minerals, care), how many agents have
 * it and how many of them cramped in the survey window, by stratum -- the
 * cross-sectional view a risk-factor study takes. */
#include "lc_model.h"

const char *const lc_state_labels[LC_STATES] = {
    "sedentary",         "moderately active",  "active",           "athlete",
    "works standing",    "poor footwear",      "warms up",         "drinks little",
    "regular alcohol",   "heavy caffeine",     "mobility limited", "poor diet",
    "genetic predisposition", "takes supplements", "low mood",     "muscle strain",
    "low potassium",     "low magnesium",      "low calcium",      "condition under care",
    "consulted in the run"};

/* State bits of agent i (bit k: enum lc_state k). */
static uint32_t lc_states_of_(const lc_model *m, size_t i)
{
    const unsigned h = m->habits[i];
    uint32_t b = 1u << (h >> LC_H_ACTIVITY & 3u);
    static const struct {
        int habit, state;
    } map[] = {{LC_H_STANDING, LC_S_STANDING},   {LC_H_FOOTWEAR, LC_S_FOOTWEAR},     {LC_H_WARMUP, LC_S_WARMUP},
               {LC_H_LOW_FLUID, LC_S_LOW_FLUID}, {LC_H_ALCOHOL, LC_S_ALCOHOL},       {LC_H_CAFFEINE, LC_S_CAFFEINE},
               {LC_H_LIMITED, LC_S_LIMITED},     {LC_H_POOR_DIET, LC_S_POOR_DIET},   {LC_H_GENETIC, LC_S_GENETIC},
               {LC_H_SUPPLEMENT, LC_S_SUPPLEMENT}, {LC_H_LOW_MOOD, LC_S_LOW_MOOD},   {LC_H_STRAIN, LC_S_STRAIN}};
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) b |= (uint32_t)(h >> map[k].habit & 1u) << map[k].state;
    for (int k = 0; k < LC_MINERALS; k++) b |= (uint32_t)(m->lytes[i] >> k & 1u) << (LC_S_LOW_K + k);
    b |= (uint32_t)(m->treated[i] != 0) << LC_S_UNDER_CARE;
    b |= (uint32_t)(m->consulted[i] != LC_NEVER) << LC_S_CONSULTED;
    return b;
}

void lc_states_finish(void *model, const cs_agents *a, size_t lo, size_t hi, const cs_day *d, cs_tally *t)
{
    (void)a;
    (void)d;
    lc_model *m = model;
    int64_t *agents = cs_tally_summary(t, m->m.states), *sufferers = cs_tally_summary(t, m->m.state_sufferers);
    for (size_t i = lo; i < hi; i++) {
        const size_t row = (size_t)m->stratum[i] * LC_STATES;
        const int cramped = m->slot_cramps[0][i] > 0; /* the built-in past-year survey */
        for (uint32_t b = lc_states_of_(m, i), k = 0; b; k++, b >>= 1)
            if (b & 1u) {
                agents[row + k] += 1;
                sufferers[row + k] += cramped;
            }
    }
}
