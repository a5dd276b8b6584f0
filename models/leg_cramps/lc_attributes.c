/* lc_attributes.c -- what a target rule may ask about a person
 * (docs/policies.md lists them): age, sex, pregnancy, conditions, drugs,
 * habits, low minerals, cramp history.  The getter reads the agent's
 * columns at the moment a rule is applied (a campaign screen, a care visit,
 * an episode); nothing here runs in the nightly loop. */
#include <string.h>

#include "lc_model.h"

enum lc_attr {
    LC_A_AGE = 0, LC_A_FEMALE, LC_A_MALE, LC_A_PREGNANT, LC_A_TRIMESTER, LC_A_POSTPARTUM, LC_A_SUSCEPTIBLE,
    LC_A_RATE, LC_A_CRAMP_NIGHTS_7D, LC_A_CRAMP_NIGHTS_14D, LC_A_CRAMP_NIGHTS_30D, LC_A_NIGHTS_SINCE_CRAMP,
    LC_A_BURDEN, LC_A_CONSULTED, LC_A_UNDER_CARE, LC_A_ACTIVITY, LC_A_SEDENTARY,
    LC_A_LOW_K, LC_A_LOW_MG, LC_A_LOW_CA, LC_A_ANY_LOW, LC_A_CRAMP_DRUG,
    LC_A_COND0,                         /* LC_CONDS conditions */
    LC_A_MED0 = LC_A_COND0 + LC_CONDS,  /* LC_MEDS drugs */
    LC_A_HABIT0 = LC_A_MED0 + LC_MEDS,  /* habit bits 2-15 */
    LC_ATTRS = LC_A_HABIT0 + 14
};

const cs_rule_attr lc_attrs[LC_ATTRS] = {
    [LC_A_AGE] = {"age", "age in completed years"},
    [LC_A_FEMALE] = {"female", "1 for women"},
    [LC_A_MALE] = {"male", "1 for men"},
    [LC_A_PREGNANT] = {"pregnant", "1 in trimesters 1-3"},
    [LC_A_TRIMESTER] = {"trimester", "1-3 in pregnancy, else 0"},
    [LC_A_POSTPARTUM] = {"postpartum", "1 in the weeks after a delivery"},
    [LC_A_SUSCEPTIBLE] = {"susceptible", "1 if prone to idiopathic nocturnal cramps"},
    [LC_A_RATE] = {"risk", "expected cramp episodes per night (cached rate before season and the day)"},
    [LC_A_CRAMP_NIGHTS_7D] = {"cramp_nights_7d", "nights with cramps in the last 7 nights"},
    [LC_A_CRAMP_NIGHTS_14D] = {"cramp_nights_14d", "nights with cramps in the last 14 nights"},
    [LC_A_CRAMP_NIGHTS_30D] = {"cramp_nights_30d", "nights with cramps in the last 30 nights"},
    [LC_A_NIGHTS_SINCE_CRAMP] = {"nights_since_cramp", "nights since the latest cramp night (1e9: none on record)"},
    [LC_A_BURDEN] = {"burden", "cramp nights, decaying with a half-life (complications.burden_half_life)"},
    [LC_A_CONSULTED] = {"consulted", "1 if they consulted about cramps in the run"},
    [LC_A_UNDER_CARE] = {"under_care", "1 if a condition of theirs was found and is under care"},
    [LC_A_ACTIVITY] = {"activity", "0 sedentary, 1 moderate, 2 active, 3 athlete"},
    [LC_A_SEDENTARY] = {"sedentary", "1 if sedentary"},
    [LC_A_LOW_K] = {"low_potassium", "1 if potassium is low"},
    [LC_A_LOW_MG] = {"low_magnesium", "1 if magnesium is low"},
    [LC_A_LOW_CA] = {"low_calcium", "1 if calcium is low"},
    [LC_A_ANY_LOW] = {"low_mineral", "1 if any of potassium, magnesium or calcium is low"},
    [LC_A_CRAMP_DRUG] = {"cramp_drug", "1 if taking any drug that raises the cramp rate"},
    [LC_A_COND0 + LC_PAD] = {"pad", "peripheral arterial disease"},
    [LC_A_COND0 + LC_STENOSIS] = {"spinal_stenosis", "lumbar spinal stenosis"},
    [LC_A_COND0 + LC_DIABETES] = {"diabetes", "diabetes"},
    [LC_A_COND0 + LC_DIALYSIS] = {"dialysis", "end-stage kidney disease on haemodialysis"},
    [LC_A_COND0 + LC_CIRRHOSIS] = {"cirrhosis", "cirrhosis of the liver"},
    [LC_A_COND0 + LC_NEUROPATHY] = {"neuropathy", "peripheral neuropathy"},
    [LC_A_COND0 + LC_ARTHRITIS] = {"arthritis", "arthritis"},
    [LC_A_COND0 + LC_HYPOTHYROID] = {"hypothyroid", "underactive thyroid"},
    [LC_A_COND0 + LC_PARKINSON] = {"parkinson", "Parkinson's disease"},
    [LC_A_COND0 + LC_MS] = {"multiple_sclerosis", "multiple sclerosis"},
    [LC_A_COND0 + LC_RLS] = {"restless_legs", "restless legs syndrome"},
    [LC_A_COND0 + LC_VARICOSE] = {"varicose_veins", "varicose veins"},
    [LC_A_MED0 + LC_THIAZIDE] = {"thiazide", "takes a thiazide diuretic"},
    [LC_A_MED0 + LC_LOOP] = {"loop_diuretic", "takes a loop diuretic"},
    [LC_A_MED0 + LC_K_SPARING] = {"potassium_sparing", "takes a potassium-sparing diuretic"},
    [LC_A_MED0 + LC_STATIN] = {"statin", "takes a statin"},
    [LC_A_MED0 + LC_LABA] = {"laba", "takes a long-acting beta agonist"},
    [LC_A_MED0 + LC_RALOXIFENE] = {"raloxifene", "takes raloxifene"},
    [LC_A_MED0 + LC_TERIPARATIDE] = {"teriparatide", "takes teriparatide"},
    [LC_A_MED0 + LC_ESTROGENS] = {"estrogens", "takes conjugated estrogens"},
    [LC_A_MED0 + LC_NAPROXEN] = {"naproxen", "takes naproxen"},
    [LC_A_MED0 + LC_IRON_SUCROSE] = {"iron_sucrose", "receives intravenous iron sucrose"},
    [LC_A_HABIT0 + 0] = {"standing", "works on their feet"},
    [LC_A_HABIT0 + 1] = {"poor_footwear", "wears ill-fitting shoes or high heels"},
    [LC_A_HABIT0 + 2] = {"warm_up", "warms up before exercise"},
    [LC_A_HABIT0 + 3] = {"low_fluid", "habitually drinks little"},
    [LC_A_HABIT0 + 4] = {"alcohol", "drinks alcohol regularly"},
    [LC_A_HABIT0 + 5] = {"caffeine", "heavy caffeine intake"},
    [LC_A_HABIT0 + 6] = {"limited_mobility", "mobility limited"},
    [LC_A_HABIT0 + 7] = {"poor_diet", "diet poor in potassium, magnesium, calcium"},
    [LC_A_HABIT0 + 8] = {"genetic", "genetic predisposition (family history)"},
    [LC_A_HABIT0 + 9] = {"supplement", "takes electrolyte supplements"},
    [LC_A_HABIT0 + 10] = {"low_mood", "anxiety or low mood"},
    [LC_A_HABIT0 + 11] = {"strain", "recovering from a muscle strain"},
    [LC_A_HABIT0 + 12] = {"active_spell", "in an active spell of frequent cramps"},
    [LC_A_HABIT0 + 13] = {"responder", "conditions and drugs can give them cramps"},
};
const size_t lc_n_attrs = LC_ATTRS;

unsigned lc_recent_count(const lc_model *m, size_t i, int32_t night, int32_t window)
{
    if (!m->recent) return 0;
    const int32_t last = m->last_cramp[i];
    if (last == LC_LONG_AGO || night - last > window) return 0;
    /* bit j of recent: a cramp night at last - j; the window is [night - window, night) */
    const int32_t top = last - (night - window); /* highest bit inside the window */
    const uint32_t bits = m->recent[i], mask = top >= 31 ? 0xffffffffu : (2u << top) - 1u;
    return (unsigned)__builtin_popcount(bits & mask);
}

double lc_attr_get(const void *ctx, int attr, size_t i)
{
    const lc_attr_ctx *c = ctx;
    const lc_model *m = c->m;
    const int32_t night = c->night;
    const unsigned h = m->habits[i];
    switch (attr) {
    case LC_A_AGE: return m->age[i];
    case LC_A_FEMALE: return m->sex[i] == LC_FEMALE;
    case LC_A_MALE: return m->sex[i] == LC_MALE;
    case LC_A_PREGNANT: return m->preg[i] >= LC_T1 && m->preg[i] <= LC_T3;
    case LC_A_TRIMESTER: return m->preg[i] >= LC_T1 && m->preg[i] <= LC_T3 ? m->preg[i] : 0;
    case LC_A_POSTPARTUM: return m->preg[i] == LC_POSTPARTUM;
    case LC_A_SUSCEPTIBLE: return m->susc[i];
    case LC_A_RATE: return m->rate[i];
    case LC_A_CRAMP_NIGHTS_7D: return lc_recent_count(m, i, night, 7);
    case LC_A_CRAMP_NIGHTS_14D: return lc_recent_count(m, i, night, 14);
    case LC_A_CRAMP_NIGHTS_30D: return lc_recent_count(m, i, night, 30);
    case LC_A_NIGHTS_SINCE_CRAMP: return m->last_cramp[i] == LC_LONG_AGO ? 1e9 : (double)(night - m->last_cramp[i]);
    case LC_A_BURDEN: return m->burden[i];
    case LC_A_CONSULTED: return m->consulted[i] != LC_NEVER;
    case LC_A_UNDER_CARE: return m->treated[i] != 0;
    case LC_A_ACTIVITY: return h & 3u;
    case LC_A_SEDENTARY: return (h & 3u) == LC_ACT_SEDENTARY;
    case LC_A_LOW_K: return m->lytes[i] >> LC_K & 1u;
    case LC_A_LOW_MG: return m->lytes[i] >> LC_MG & 1u;
    case LC_A_LOW_CA: return m->lytes[i] >> LC_CA & 1u;
    case LC_A_ANY_LOW: return m->lytes[i] != 0;
    case LC_A_CRAMP_DRUG: return (m->meds[i] & m->cramp_drugs) != 0;
    default: break;
    }
    if (attr >= LC_A_COND0 && attr < LC_A_MED0) return m->cond[i] >> (attr - LC_A_COND0) & 1u;
    if (attr >= LC_A_MED0 && attr < LC_A_HABIT0) return m->meds[i] >> (attr - LC_A_MED0) & 1u;
    return h >> (attr - LC_A_HABIT0 + LC_H_STANDING) & 1u;
}
