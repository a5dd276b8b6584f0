/* cs_trial.c -- an in-silico trial's tallies and the statistics a trial
 * report gives (see cs_trial.h).  The tallies are exact integers added per
 * participant; everything with a square root or a division is computed
 * here, once, from their sums over threads, ranks (and replicates, for a
 * pooled report). */
#include "cs_trial.h"

#include <math.h>

#define CS_TRIAL_Z95 1.959963984540054 /* standard normal 97.5% quantile */

const char *const cs_trial_field_names[CS_TRIAL_FIELDS] = {
#define CS_TRIAL_NAME_(id, name, unit, help) name,
    CS_TRIAL_FIELD_LIST(CS_TRIAL_NAME_)
#undef CS_TRIAL_NAME_
};
const char *const cs_trial_field_units[CS_TRIAL_FIELDS] = {
#define CS_TRIAL_UNIT_(id, name, unit, help) unit,
    CS_TRIAL_FIELD_LIST(CS_TRIAL_UNIT_)
#undef CS_TRIAL_UNIT_
};
const char *const cs_trial_field_help[CS_TRIAL_FIELDS] = {
#define CS_TRIAL_HELP_(id, name, unit, help) help,
    CS_TRIAL_FIELD_LIST(CS_TRIAL_HELP_)
#undef CS_TRIAL_HELP_
};

void cs_trial_randomised(int64_t *t, size_t arm, int64_t base)
{
    int64_t *a = t + arm * CS_TRIAL_FIELDS;
    a[CS_TRIAL_RANDOMISED] += 1;
    a[CS_TRIAL_BASE_SUM] += base;
    a[CS_TRIAL_BASE_SQ] += base * base;
}

/* Did the weekly rate fall by at least pct percent: end / F <= (1 - pct/100)
 * base / R, in integers (a baseline of zero cannot fall). */
static int cs_trial_responder_(const cs_trial *tr, int64_t base, int64_t end, int64_t pct)
{
    return base > 0 && end * tr->run_in_nights * 100 <= (100 - pct) * base * tr->final_window_nights;
}

void cs_trial_completed(int64_t *t, const cs_trial *tr, size_t arm, int64_t base, int64_t end, int discontinued)
{
    int64_t *a = t + arm * CS_TRIAL_FIELDS;
    a[CS_TRIAL_COMPLETED] += 1;
    a[CS_TRIAL_COMP_BASE_SUM] += base;
    a[CS_TRIAL_COMP_BASE_SQ] += base * base;
    a[CS_TRIAL_END_SUM] += end;
    a[CS_TRIAL_END_SQ] += end * end;
    a[CS_TRIAL_BASE_END] += base * end;
    a[CS_TRIAL_RESP25] += cs_trial_responder_(tr, base, end, 25);
    a[CS_TRIAL_RESP50] += cs_trial_responder_(tr, base, end, 50);
    a[CS_TRIAL_DISCONTINUED] += discontinued != 0;
}

void cs_trial_lost(int64_t *t, size_t arm) { t[arm * CS_TRIAL_FIELDS + CS_TRIAL_LOST] += 1; }

/* Sample covariance of x and y from n, sums and the sum of products (NaN
 * below two); the subtraction in long double, where the integer sums of a
 * trial are exact. */
static double cs_cov_(int64_t n, int64_t sx, int64_t sy, int64_t sxy)
{
    if (n < 2) return NAN;
    const long double num = (long double)n * sxy - (long double)sx * sy;
    return (double)(num / ((long double)n * (n - 1)));
}

static double cs_mean_(int64_t n, int64_t s) { return n > 0 ? (double)s / (double)n : NAN; }

/* The baseline-adjusted means, differences and ratios (ANCOVA with one
 * slope pooled within arms) of every arm, into out[].adj_*. */
static void cs_trial_adjusted_(const cs_trial *tr, const int64_t *t, cs_trial_arm_stats *out)
{
    const double we = 7.0 / tr->final_window_nights;
    long double sxx = 0, sxy = 0, syy = 0, sum_x = 0, n_all = 0;
    for (size_t k = 0; k < tr->n_arms; k++) {
        const int64_t *a = t + k * CS_TRIAL_FIELDS;
        const long double n = (long double)a[CS_TRIAL_COMPLETED];
        if (n < 1) continue;
        const long double x = a[CS_TRIAL_COMP_BASE_SUM], y = a[CS_TRIAL_END_SUM];
        sxx += a[CS_TRIAL_COMP_BASE_SQ] - x * x / n;
        sxy += a[CS_TRIAL_BASE_END] - x * y / n;
        syy += a[CS_TRIAL_END_SQ] - y * y / n;
        sum_x += x;
        n_all += n;
    }
    const double b = sxx > 0 ? (double)(sxy / sxx) : 0.0; /* no spread of baselines: nothing to adjust */
    const double xbar = n_all > 0 ? (double)(sum_x / n_all) : NAN;
    const double dof = (double)n_all - (double)tr->n_arms - 1.0;
    const double s2 = dof > 0 ? (double)(syy - (long double)b * sxy) / dof : NAN; /* residual variance */
    double xk[CS_TRIAL_MAX_ARMS];
    for (size_t k = 0; k < tr->n_arms; k++) {
        const int64_t *a = t + k * CS_TRIAL_FIELDS;
        cs_trial_arm_stats *s = &out[k];
        const int64_t n = a[CS_TRIAL_COMPLETED];
        xk[k] = cs_mean_(n, a[CS_TRIAL_COMP_BASE_SUM]);
        s->adj_mean = we * (cs_mean_(n, a[CS_TRIAL_END_SUM]) - b * (xk[k] - xbar));
        s->adj_diff = s->adj_diff_lo = s->adj_diff_hi = s->adj_ratio = s->adj_ratio_lo = s->adj_ratio_hi = NAN;
        if (k == 0) continue;
        const cs_trial_arm_stats *c = &out[0];
        const double n0 = (double)t[CS_TRIAL_COMPLETED], nk = (double)n, dx = xk[k] - xk[0];
        const double se = we * sqrt(s2 * (1.0 / nk + 1.0 / n0 + (sxx > 0 ? dx * dx / (double)sxx : 0.0)));
        s->adj_diff = s->adj_mean - c->adj_mean;
        s->adj_diff_lo = s->adj_diff - CS_TRIAL_Z95 * se;
        s->adj_diff_hi = s->adj_diff + CS_TRIAL_Z95 * se;
        if (c->adj_mean > 0) s->adj_ratio = s->adj_mean / c->adj_mean;
        if (s->adj_mean > 0 && c->adj_mean > 0) {
            const double sl = we * sqrt(s2 / nk / (s->adj_mean * s->adj_mean) + s2 / n0 / (c->adj_mean * c->adj_mean));
            s->adj_ratio_lo = s->adj_ratio * exp(-CS_TRIAL_Z95 * sl);
            s->adj_ratio_hi = s->adj_ratio * exp(CS_TRIAL_Z95 * sl);
        }
    }
}

void cs_trial_stats(const cs_trial *tr, const int64_t *t, cs_trial_arm_stats *out)
{
    const double wb = 7.0 / tr->run_in_nights, we = 7.0 / tr->final_window_nights;
    for (size_t k = 0; k < tr->n_arms; k++) {
        const int64_t *a = t + k * CS_TRIAL_FIELDS;
        cs_trial_arm_stats *s = &out[k];
        const int64_t nr = a[CS_TRIAL_RANDOMISED], nc = a[CS_TRIAL_COMPLETED];
        *s = (cs_trial_arm_stats){.randomised = nr, .completed = nc, .lost = a[CS_TRIAL_LOST],
                                  .discontinued = a[CS_TRIAL_DISCONTINUED], .responders25 = a[CS_TRIAL_RESP25],
                                  .responders50 = a[CS_TRIAL_RESP50]};
        s->base_mean = wb * cs_mean_(nr, a[CS_TRIAL_BASE_SUM]);
        s->base_sd = wb * sqrt(cs_cov_(nr, a[CS_TRIAL_BASE_SUM], a[CS_TRIAL_BASE_SUM], a[CS_TRIAL_BASE_SQ]));
        s->end_mean = we * cs_mean_(nc, a[CS_TRIAL_END_SUM]);
        s->end_sd = we * sqrt(cs_cov_(nc, a[CS_TRIAL_END_SUM], a[CS_TRIAL_END_SUM], a[CS_TRIAL_END_SQ]));
        s->change_mean = s->end_mean - wb * cs_mean_(nc, a[CS_TRIAL_COMP_BASE_SUM]);
        const double vb = cs_cov_(nc, a[CS_TRIAL_COMP_BASE_SUM], a[CS_TRIAL_COMP_BASE_SUM], a[CS_TRIAL_COMP_BASE_SQ]);
        const double ve = cs_cov_(nc, a[CS_TRIAL_END_SUM], a[CS_TRIAL_END_SUM], a[CS_TRIAL_END_SQ]);
        const double cbe = cs_cov_(nc, a[CS_TRIAL_COMP_BASE_SUM], a[CS_TRIAL_END_SUM], a[CS_TRIAL_BASE_END]);
        const double vc = we * we * ve + wb * wb * vb - 2.0 * we * wb * cbe;
        s->change_sd = vc < 0 ? 0.0 : sqrt(vc); /* rounding may leave a tiny negative; NaN stays NaN */
        s->responders25_pct = nc > 0 ? 100.0 * (double)s->responders25 / (double)nc : NAN;
        s->responders50_pct = nc > 0 ? 100.0 * (double)s->responders50 / (double)nc : NAN;
        s->diff = s->diff_lo = s->diff_hi = s->ratio = s->ratio_lo = s->ratio_hi = NAN;
        if (k == 0) continue;
        const cs_trial_arm_stats *c = &out[0];
        const double va = s->end_sd * s->end_sd / (double)nc, v0 = c->end_sd * c->end_sd / (double)c->completed;
        const double se = sqrt(va + v0);
        s->diff = s->end_mean - c->end_mean;
        s->diff_lo = s->diff - CS_TRIAL_Z95 * se;
        s->diff_hi = s->diff + CS_TRIAL_Z95 * se;
        if (c->end_mean > 0) s->ratio = s->end_mean / c->end_mean;
        if (s->end_mean > 0 && c->end_mean > 0) {
            const double sl = sqrt(va / (s->end_mean * s->end_mean) + v0 / (c->end_mean * c->end_mean));
            s->ratio_lo = s->ratio * exp(-CS_TRIAL_Z95 * sl);
            s->ratio_hi = s->ratio * exp(CS_TRIAL_Z95 * sl);
        }
    }
    cs_trial_adjusted_(tr, t, out);
}
