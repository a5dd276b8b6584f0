/* lc_headlines.c -- the figures a reader checks first, computed from the
 * reduced results and set beside the published figures they should match
 * (EVIDENCE.md).  Each is the mean over replicates, with the range. */
#include <math.h>
#include <stdio.h>

#include "lc_model.h"

enum { LC_DIM_AGE = 0, LC_DIM_SEX = 1, LC_DIM_PREG = 2 };

/* Which strata a figure covers. */
typedef struct lc_filter {
    int age_lo, age_hi; /* age bands, inclusive */
    int sex;            /* -1: both */
} lc_filter;

static int lc_match_(const cs_results *r, size_t s, lc_filter f)
{
    int band = (int)cs_results_level(r, s, LC_DIM_AGE), sex = (int)cs_results_level(r, s, LC_DIM_SEX);
    return band >= f.age_lo && band <= f.age_hi && (f.sex < 0 || sex == f.sex);
}

/* Sum of summary classes [c_lo, c_hi] over the filtered strata. */
static double lc_summary_sum_(const cs_results *r, int id, size_t rep, lc_filter f, size_t c_lo, size_t c_hi)
{
    double sum = 0;
    for (size_t s = 0; s < cs_results_strata(r); s++)
        if (lc_match_(r, s, f))
            for (size_t c = c_lo; c <= c_hi; c++) sum += (double)cs_results_summary(r, id, rep, s, c);
    return sum;
}

static double lc_series_sum_(const cs_results *r, int id, size_t rep, lc_filter f)
{
    double sum = 0;
    for (size_t s = 0; s < cs_results_strata(r); s++)
        if (lc_match_(r, s, f)) sum += (double)cs_results_series_total(r, id, rep, s);
    return sum;
}

/* Adds a headline from per-replicate values (NaN values are skipped). */
static size_t lc_put_(cs_headline *out, size_t n, size_t max, const char *name, const double *v, size_t reps,
                      const char *unit, const char *target)
{
    if (n >= max) return n;
    double sum = 0, lo = INFINITY, hi = -INFINITY;
    size_t k = 0;
    for (size_t i = 0; i < reps; i++) {
        if (isnan(v[i])) continue;
        sum += v[i];
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
        k++;
    }
    if (k == 0) return n;
    out[n] = (cs_headline){name, sum / (double)k, lo, hi, unit, target};
    return n + 1;
}

#define LC_MAX_REPS 4096

static double lc_ratio_(double num, double den) { return den > 0 ? num / den : NAN; }

/* Cramp episodes per person-night in the periods whose first day
 * falls in [doy_lo, doy_hi] (wrapping over the new year when lo > hi). */
static double lc_season_rate_(const lc_model *m, const cs_results *r, size_t rep, int doy_lo, int doy_hi)
{
    double num = 0, den = 0;
    for (size_t p = 0; p < cs_results_periods(r); p++) {
        int doy = cs_results_day_of_year(r, p);
        int in = doy_lo <= doy_hi ? (doy >= doy_lo && doy <= doy_hi) : (doy >= doy_lo || doy <= doy_hi);
        if (!in) continue;
        for (size_t s = 0; s < cs_results_strata(r); s++) {
            num += (double)cs_results_series(r, m->s.cramps, rep, p, s);
            den += (double)cs_results_series(r, m->s.person_nights, rep, p, s);
        }
    }
    return lc_ratio_(num, den);
}

/* Median of a summary histogram over classes of `width` (years), linear
 * within the class that holds it; the last class is open (taken as wide). */
static double lc_median_band_(const cs_results *r, int id, size_t rep, lc_filter f, size_t classes, double width)
{
    double total = lc_summary_sum_(r, id, rep, f, 0, classes - 1), below = 0;
    if (!(total > 0)) return NAN;
    for (size_t c = 0; c < classes; c++) {
        const double in = lc_summary_sum_(r, id, rep, f, c, c);
        if (below + in >= total / 2 && in > 0) return width * ((double)c + (total / 2 - below) / in);
        below += in;
    }
    return NAN;
}

/* Odds ratio of cramps in the survey window between agents with state
 * `with` and those with state `without` (-1: all agents without `with`). */
static double lc_state_odds_ratio_(const lc_model *m, const cs_results *r, size_t rep, lc_filter f, int with,
                                   int without)
{
    const double n1 = lc_summary_sum_(r, m->m.states, rep, f, (size_t)with, (size_t)with);
    const double c1 = lc_summary_sum_(r, m->m.state_sufferers, rep, f, (size_t)with, (size_t)with);
    double n0, c0;
    if (without >= 0) {
        n0 = lc_summary_sum_(r, m->m.states, rep, f, (size_t)without, (size_t)without);
        c0 = lc_summary_sum_(r, m->m.state_sufferers, rep, f, (size_t)without, (size_t)without);
    } else {
        n0 = lc_summary_sum_(r, m->m.frequency, rep, f, 0, LC_FREQ_CLASSES - 1) - n1;
        c0 = lc_summary_sum_(r, m->m.frequency, rep, f, 1, LC_FREQ_CLASSES - 1) - c1;
    }
    return lc_ratio_(c1 * (n0 - c0), (n1 - c1) * c0);
}

size_t lc_headlines(const void *model, const cs_results *r, cs_headline *out, size_t max)
{
    const lc_model *m = model;
    const size_t reps = cs_results_replicates(r) < LC_MAX_REPS ? cs_results_replicates(r) : LC_MAX_REPS;
    static const lc_filter old = {6, 8, -1}, old_f = {6, 8, LC_FEMALE}, old_m = {6, 8, LC_MALE},
                           child = {0, 0, -1}, adult = {2, 8, -1}, adult_all = {1, 8, -1}, all = {0, 8, -1};
    double v[LC_MAX_REPS];
    size_t n = 0;
    const int freq = m->m.frequency;

#define LC_EACH(expr)                                                                                           \
    for (size_t rep = 0; rep < reps; rep++) v[rep] = (expr)
    LC_EACH(100 * lc_ratio_(lc_summary_sum_(r, freq, rep, old, 1, 5), lc_summary_sum_(r, freq, rep, old, 0, 5)));
    n = lc_put_(out, n, max, "Cramps in the past year, age 65+", v, reps, "%",
                "50% in outpatients (Abdulla 1999); 37% (Naylor & Young 1994)");
    LC_EACH(100 * lc_ratio_(lc_summary_sum_(r, freq, rep, old_f, 1, 5), lc_summary_sum_(r, freq, rep, old_f, 0, 5)));
    n = lc_put_(out, n, max, "  women 65+", v, reps, "%", "56% (Abdulla 1999)");
    LC_EACH(100 * lc_ratio_(lc_summary_sum_(r, freq, rep, old_m, 1, 5), lc_summary_sum_(r, freq, rep, old_m, 0, 5)));
    n = lc_put_(out, n, max, "  men 65+", v, reps, "%", "40% (Abdulla 1999)");
    LC_EACH(100 * lc_ratio_(lc_summary_sum_(r, freq, rep, old, 4, 5), lc_summary_sum_(r, freq, rep, old, 1, 5)));
    n = lc_put_(out, n, max, "Sufferers 65+ with more than 3 a week", v, reps, "%",
                "about 40%, an upper bound (Naylor & Young 1994)");
    LC_EACH(100 * lc_ratio_(lc_summary_sum_(r, freq, rep, old, 5, 5), lc_summary_sum_(r, freq, rep, old, 1, 5)));
    n = lc_put_(out, n, max, "Sufferers 65+ with cramps nightly", v, reps, "%", "6% (Naylor & Young 1994)");
    LC_EACH(100 * lc_ratio_(lc_summary_sum_(r, freq, rep, child, 1, 5), lc_summary_sum_(r, freq, rep, child, 0, 5)));
    n = lc_put_(out, n, max, "Cramps in the past year, age 0-14", v, reps, "%", "7.3% at ages 8-15 (Leung 1999)");
    static const char *const tri_name[3] = {"Cramps in pregnancy, trimester 1", "  trimester 2", "  trimester 3"};
    static const char *const tri_target[3] = {"12% (Duan 2018)", "28% (Duan 2018)",
                                              "50%; 50-58% across countries (Duan 2018; Abandeh 2024)"};
    for (size_t k = 0; k < 3; k++) {
        LC_EACH(100 * lc_ratio_(lc_summary_sum_(r, m->m.trimester_cramped, rep, all, k, k),
                                lc_summary_sum_(r, m->m.trimester_observed, rep, all, k, k)));
        n = lc_put_(out, n, max, tri_name[k], v, reps, "%", tri_target[k]);
    }
    LC_EACH(lc_ratio_(lc_series_sum_(r, m->s.cramp_seconds, rep, adult), 60 * lc_series_sum_(r, m->s.cramps, rep, adult)));
    n = lc_put_(out, n, max, "Mean episode duration, age 25+", v, reps, "min", "9 min (6.7-11.2) (Naylor & Young 1994)");
    LC_EACH(lc_ratio_(lc_series_sum_(r, m->s.cramp_seconds, rep, child), 60 * lc_series_sum_(r, m->s.cramps, rep, child)));
    n = lc_put_(out, n, max, "Mean episode duration, age 0-14", v, reps, "min", "about 2 min (Leung 1999)");
    LC_EACH(lc_ratio_(lc_season_rate_(m, r, rep, 172, 263), lc_season_rate_(m, r, rep, 355, 80)));
    n = lc_put_(out, n, max, "Cramps, summer over winter", v, reps, "ratio", "about 2 (Garrison 2015)");
    /* prevalence among people with a condition, all ages (survey window: the
     * past year; the diabetes source asked about the past 3 months) */
    static const struct {
        int cond;
        const char *name, *target;
    } cond_rows[4] = {
        {LC_STENOSIS, "Cramps in the past year, lumbar spinal stenosis", "71% vs 37% in age-matched controls (Matsumoto 2009)"},
        {LC_DIALYSIS, "Cramps in the past year, haemodialysis", "33-86%, about 50% (reviews; Akkabut 2021)"},
        {LC_CIRRHOSIS, "Cramps in the past year, cirrhosis", "52-67% (Chatrath 2012)"},
        {LC_DIABETES, "Cramps in the past year, diabetes", "48% in the past 3 months (Hu 2022): past year at least this"},
    };
    for (size_t k = 0; k < 4; k++) {
        const size_t c = (size_t)cond_rows[k].cond;
        LC_EACH(100 * lc_ratio_(lc_summary_sum_(r, m->m.cond_sufferers, rep, all, c, c),
                                lc_summary_sum_(r, m->m.cond_agents, rep, all, c, c)));
        n = lc_put_(out, n, max, cond_rows[k].name, v, reps, "%", cond_rows[k].target);
    }
    LC_EACH(lc_median_band_(r, m->m.onset_age, rep, all, LC_PYRAMID_BANDS, 5.0));
    n = lc_put_(out, n, max, "Median age at onset (onsets in the run)", v, reps, "year",
                "about 50 at the first calf cramp of weekly sufferers (Blyton 2012)");
    /* Hu 2022 asked about the past 3 months: answered when the run asks a
     * survey with that recall (configs/default.yaml does) */
    for (size_t k = 1; k < m->n_sv; k++) {
        const lc_survey *sv = &m->sv[k];
        if (sv->at_night - sv->first_night != 91 || sv->cond[LC_Q_CRAMPS] < 0) continue;
        LC_EACH(100 * lc_ratio_(lc_summary_sum_(r, sv->cond[LC_Q_CRAMPS], rep, all, LC_DIABETES, LC_DIABETES),
                                lc_summary_sum_(r, sv->cond[LC_Q_RESPONDENT], rep, all, LC_DIABETES, LC_DIABETES)));
        n = lc_put_(out, n, max, "Cramps in the past 3 months, diabetes", v, reps, "%", "48% (Hu 2022)");
        break;
    }
    /* risk factors as the case-control studies report them: odds ratio of
     * past-year cramps with and without the habit, ages 15+ (crude); and
     * the sufferers aged 15+ who consulted */
    static const struct {
        int with, without;
        const char *name, *target;
    } or_rows[2] = {
        {LC_S_SEDENTARY, LC_S_MODERATE, "Cramps OR, sedentary vs moderately active",
         "2.0; 1.0-9.8 (Delacour 2020 OR 9.84, imprecise)"},
        {LC_S_ALCOHOL, -1, "Cramps OR, regular alcohol vs not",
         "1.5; 1.0-6.5 (Delacour 2018 OR 6.5, imprecise)"},
    };
    for (size_t k = 0; k < 2; k++) {
        LC_EACH(lc_state_odds_ratio_(m, r, rep, adult_all, or_rows[k].with, or_rows[k].without));
        n = lc_put_(out, n, max, or_rows[k].name, v, reps, "ratio", or_rows[k].target);
    }
    LC_EACH(100 * lc_ratio_(lc_summary_sum_(r, m->m.state_sufferers, rep, adult_all, LC_S_CONSULTED, LC_S_CONSULTED),
                            lc_summary_sum_(r, freq, rep, adult_all, 1, 5)));
    n = lc_put_(out, n, max, "Sufferers who consulted in the run", v, reps, "%",
                "about a third ever tell a doctor (EVIDENCE.md)");
    LC_EACH(lc_ratio_(lc_series_sum_(r, m->s.sleep_lost, rep, all), 60 * lc_series_sum_(r, m->s.cramp_nights, rep, all)));
    n = lc_put_(out, n, max, "Sleep lost per cramp night", v, reps, "min", "no published figure");
#undef LC_EACH
    return n;
}
