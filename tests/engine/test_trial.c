/* test_trial.c -- cs_trial, an in-silico trial's tallies and statistics:
 * a small trial computed by hand; responders at the exact 25% and 50%
 * boundaries; a naive per-participant oracle (means, standard deviations,
 * change, responders, difference and ratio with their intervals) against
 * the tallies of random trials of 2 to 8 arms, with the baseline-adjusted
 * (ANCOVA) figures done the long way; tallies added in any order
 * give the same bits; undefined statistics are NaN, not numbers. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cs_test.h"
#include "cs_trial.h"

#define Z95 1.959963984540054
#define MAX_N 4000

static cs_trial design(size_t arms, int32_t run_in, int32_t window)
{
    cs_trial tr = {.description = "", .eligibility = "true", .enrol_night = 30, .run_in_nights = run_in,
                   .min_events = 0, .participants = 100, .follow_up_nights = 2 * window,
                   .final_window_nights = window, .n_arms = arms};
    for (size_t a = 0; a < arms; a++) tr.arms[a] = (cs_trial_arm){.name = "arm", .item = -1, .allocation = 1};
    return tr;
}

static int close_to(double a, double b, double rel)
{
    if (isnan(a) || isnan(b)) return isnan(a) && isnan(b);
    return fabs(a - b) <= rel * (1.0 + fabs(b));
}

/* ---- by hand ---------------------------------------------------------- */

static void test_a_small_trial_by_hand(void)
{
    /* run-in and final window of 14 nights: weekly rates are half the counts */
    cs_trial tr = design(2, 14, 14);
    int64_t t[2 * CS_TRIAL_FIELDS + CS_TRIAL_GLOBALS] = {0};
    const int64_t base[2][3] = {{4, 6, 8}, {4, 6, 8}}, end[2][3] = {{4, 6, 8}, {2, 3, 4}};
    for (size_t a = 0; a < 2; a++)
        for (int k = 0; k < 3; k++) {
            cs_trial_randomised(t, a, base[a][k]);
            cs_trial_completed(t, &tr, a, base[a][k], end[a][k], 0);
        }
    cs_trial_randomised(t, 1, 10); /* one more, lost to follow-up */
    cs_trial_lost(t, 1);
    cs_trial_arm_stats s[2];
    cs_trial_stats(&tr, t, s);
    CU_ASSERT_EQUAL(s[0].randomised, 3);
    CU_ASSERT_EQUAL(s[1].randomised, 4);
    CU_ASSERT_EQUAL(s[1].completed, 3);
    CU_ASSERT_EQUAL(s[1].lost, 1);
    CU_ASSERT_DOUBLE_EQUAL(s[0].base_mean, 3.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[0].base_sd, 1.0, 1e-12);        /* sd of 2, 3, 4 */
    CU_ASSERT_DOUBLE_EQUAL(s[1].base_mean, 3.5, 1e-12);      /* 2, 3, 4, 5 */
    CU_ASSERT_DOUBLE_EQUAL(s[1].end_mean, 1.5, 1e-12);       /* 1, 1.5, 2 */
    CU_ASSERT_DOUBLE_EQUAL(s[1].end_sd, 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[0].change_mean, 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[0].change_sd, 0.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[1].change_mean, -1.5, 1e-12);  /* -1, -1.5, -2 over completers' baselines */
    CU_ASSERT_DOUBLE_EQUAL(s[1].change_sd, 0.5, 1e-12);
    /* control: no change, no responder; treated: every rate halved */
    CU_ASSERT_EQUAL(s[0].responders25, 0);
    CU_ASSERT_EQUAL(s[1].responders25, 3);
    CU_ASSERT_EQUAL(s[1].responders50, 3);
    CU_ASSERT_DOUBLE_EQUAL(s[1].responders50_pct, 100.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[1].diff, -1.5, 1e-12);
    const double se = sqrt(1.0 / 3 + 0.25 / 3);
    CU_ASSERT_DOUBLE_EQUAL(s[1].diff_lo, -1.5 - Z95 * se, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[1].diff_hi, -1.5 + Z95 * se, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[1].ratio, 0.5, 1e-12);
    const double sl = sqrt(0.25 / 3 / (1.5 * 1.5) + 1.0 / 3 / 9.0);
    CU_ASSERT_DOUBLE_EQUAL(s[1].ratio_lo, 0.5 * exp(-Z95 * sl), 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[1].ratio_hi, 0.5 * exp(Z95 * sl), 1e-12);
    CU_ASSERT(isnan(s[0].diff) && isnan(s[0].ratio) && isnan(s[0].ratio_lo));
    /* the completers' baselines are the same in both arms: nothing to adjust */
    CU_ASSERT_DOUBLE_EQUAL(s[0].adj_mean, 3.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[1].adj_mean, 1.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[1].adj_ratio, 0.5, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(s[1].adj_diff, -1.5, 1e-12);
}

static void test_responders_are_counted_at_the_exact_boundaries(void)
{
    /* run-in 14 nights, final window 7: weekly rates base / 2 and end */
    cs_trial tr = design(2, 14, 7);
    static const struct {
        int64_t base, end;
        int r25, r50;
    } cases[] = {
        {8, 3, 1, 0},   /* 4 -> 3: 25% exactly */
        {8, 2, 1, 1},   /* 4 -> 2: 50% exactly */
        {8, 4, 0, 0},   /* no change */
        {12, 5, 0, 0},  /* 6 -> 5: a sixth */
        {12, 4, 1, 0},  /* 6 -> 4: a third */
        {0, 0, 0, 0},   /* a baseline of zero cannot fall */
        {1, 0, 1, 1},   /* 0.5 -> 0 */
        {9, 4, 0, 0},   /* 4.5 -> 4: 11% */
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        int64_t t[2 * CS_TRIAL_FIELDS + CS_TRIAL_GLOBALS] = {0};
        cs_trial_completed(t, &tr, 1, cases[k].base, cases[k].end, 0);
        CU_ASSERT_EQUAL(t[CS_TRIAL_FIELDS + CS_TRIAL_RESP25], cases[k].r25);
        CU_ASSERT_EQUAL(t[CS_TRIAL_FIELDS + CS_TRIAL_RESP50], cases[k].r50);
    }
}

/* ---- oracle ----------------------------------------------------------- */

typedef struct person {
    int arm, lost, stopped;
    int64_t base, end;
} person;

static double sd_of(const double *x, int n)
{
    if (n < 2) return NAN;
    double m = 0, v = 0;
    for (int k = 0; k < n; k++) m += x[k];
    m /= n;
    for (int k = 0; k < n; k++) v += (x[k] - m) * (x[k] - m);
    return sqrt(v / (n - 1));
}

static double mean_of(const double *x, int n)
{
    double m = 0;
    for (int k = 0; k < n; k++) m += x[k];
    return n ? m / n : NAN;
}

/* The ANCOVA of the completers, the long way: arm means, one slope from the
 * deviations about them, residuals, then cs_trial_stats' adj_* fields. */
static void check_adjusted(const person *p, int n, size_t arms, double we, const cs_trial_arm_stats *s)
{
    double mx[CS_TRIAL_MAX_ARMS] = {0}, my[CS_TRIAL_MAX_ARMS] = {0}, na[CS_TRIAL_MAX_ARMS] = {0}, sx = 0, nn = 0;
    for (int k = 0; k < n; k++) {
        if (p[k].lost) continue;
        mx[p[k].arm] += (double)p[k].base;
        my[p[k].arm] += (double)p[k].end;
        na[p[k].arm] += 1;
        sx += (double)p[k].base;
        nn += 1;
    }
    for (size_t a = 0; a < arms; a++) {
        mx[a] /= na[a];
        my[a] /= na[a];
    }
    double sxx = 0, sxy = 0;
    for (int k = 0; k < n; k++) {
        if (p[k].lost) continue;
        sxx += ((double)p[k].base - mx[p[k].arm]) * ((double)p[k].base - mx[p[k].arm]);
        sxy += ((double)p[k].base - mx[p[k].arm]) * ((double)p[k].end - my[p[k].arm]);
    }
    const double b = sxy / sxx, xbar = sx / nn;
    double rss = 0;
    for (int k = 0; k < n; k++) {
        if (p[k].lost) continue;
        const double e = (double)p[k].end - my[p[k].arm] - b * ((double)p[k].base - mx[p[k].arm]);
        rss += e * e;
    }
    const double s2 = rss / (nn - (double)arms - 1.0);
    for (size_t a = 0; a < arms; a++) {
        const double adj = we * (my[a] - b * (mx[a] - xbar));
        CU_ASSERT(close_to(s[a].adj_mean, adj, 1e-9));
        if (a == 0) {
            CU_ASSERT(isnan(s[a].adj_diff) && isnan(s[a].adj_ratio));
            continue;
        }
        const double adj0 = we * (my[0] - b * (mx[0] - xbar));
        const double se = we * sqrt(s2 * (1 / na[a] + 1 / na[0] + (mx[a] - mx[0]) * (mx[a] - mx[0]) / sxx));
        CU_ASSERT(close_to(s[a].adj_diff, adj - adj0, 1e-9));
        CU_ASSERT(close_to(s[a].adj_diff_hi - s[a].adj_diff, Z95 * se, 1e-7));
        CU_ASSERT(close_to(s[a].adj_ratio, adj / adj0, 1e-9));
        const double sl = we * sqrt(s2 / na[a] / (adj * adj) + s2 / na[0] / (adj0 * adj0));
        CU_ASSERT(close_to(log(s[a].adj_ratio / s[a].adj_ratio_lo), Z95 * sl, 1e-7));
    }
}

static void test_random_trials_agree_with_a_naive_oracle(void)
{
    srand(12345);
    static person p[MAX_N];
    static double xb[MAX_N], xe[MAX_N], xc[MAX_N];
    for (int round = 0; round < 40; round++) {
        const size_t arms = 2 + (size_t)(rand() % (CS_TRIAL_MAX_ARMS - 1));
        const int32_t run_in = 1 + rand() % 28, window = 1 + rand() % 28;
        cs_trial tr = design(arms, run_in, window);
        const int n = 50 + rand() % (MAX_N - 50);
        int64_t t[CS_TRIAL_MAX_ARMS * CS_TRIAL_FIELDS + CS_TRIAL_GLOBALS] = {0};
        for (int k = 0; k < n; k++) {
            person *q = &p[k];
            q->arm = rand() % (int)arms;
            q->base = rand() % 3 == 0 ? rand() % 60 : rand() % 8; /* overdispersed */
            q->end = rand() % 4 == 0 ? 0 : (q->base * (1 + q->arm)) / 2 + rand() % 5;
            q->lost = rand() % 50 == 0;
            q->stopped = rand() % 7 == 0;
            cs_trial_randomised(t, (size_t)q->arm, q->base);
            if (q->lost) cs_trial_lost(t, (size_t)q->arm);
            else cs_trial_completed(t, &tr, (size_t)q->arm, q->base, q->end, q->stopped);
        }
        cs_trial_arm_stats s[CS_TRIAL_MAX_ARMS];
        cs_trial_stats(&tr, t, s);
        const double wb = 7.0 / run_in, we = 7.0 / window;
        check_adjusted(p, n, arms, we, s);
        double m_end0 = NAN, v_end0 = NAN;
        int n_end0 = 0;
        for (size_t a = 0; a < arms; a++) {
            int nr = 0, nc = 0, r25 = 0, r50 = 0, lost = 0, stopped = 0;
            for (int k = 0; k < n; k++) {
                if (p[k].arm != (int)a) continue;
                xb[nr++] = wb * (double)p[k].base;
                if (p[k].lost) {
                    lost++;
                    continue;
                }
                const double rb = wb * (double)p[k].base, re = we * (double)p[k].end;
                xe[nc] = re;
                xc[nc++] = re - rb;
                /* the oracle's own test: fractions of exact rationals */
                r25 += p[k].base > 0 && 4 * p[k].end * run_in <= 3 * p[k].base * window;
                r50 += p[k].base > 0 && 2 * p[k].end * run_in <= p[k].base * window;
                stopped += p[k].stopped;
            }
            CU_ASSERT_EQUAL(s[a].randomised, nr);
            CU_ASSERT_EQUAL(s[a].completed, nc);
            CU_ASSERT_EQUAL(s[a].lost, lost);
            CU_ASSERT_EQUAL(s[a].discontinued, stopped);
            CU_ASSERT_EQUAL(s[a].responders25, r25);
            CU_ASSERT_EQUAL(s[a].responders50, r50);
            CU_ASSERT(close_to(s[a].base_mean, mean_of(xb, nr), 1e-12));
            CU_ASSERT(close_to(s[a].base_sd, sd_of(xb, nr), 1e-9));
            CU_ASSERT(close_to(s[a].end_mean, mean_of(xe, nc), 1e-12));
            CU_ASSERT(close_to(s[a].end_sd, sd_of(xe, nc), 1e-9));
            CU_ASSERT(close_to(s[a].change_mean, mean_of(xc, nc), 1e-9));
            CU_ASSERT(close_to(s[a].change_sd, sd_of(xc, nc), 1e-6));
            const double me = mean_of(xe, nc), ve = sd_of(xe, nc) * sd_of(xe, nc) / nc;
            if (a == 0) {
                m_end0 = me;
                v_end0 = ve;
                n_end0 = nc;
                CU_ASSERT(isnan(s[a].diff) && isnan(s[a].ratio));
                continue;
            }
            CU_ASSERT(n_end0 > 0);
            CU_ASSERT(close_to(s[a].diff, me - m_end0, 1e-9));
            CU_ASSERT(close_to(s[a].diff_hi - s[a].diff, Z95 * sqrt(ve + v_end0), 1e-9));
            CU_ASSERT(close_to(s[a].diff - s[a].diff_lo, Z95 * sqrt(ve + v_end0), 1e-9));
            CU_ASSERT(close_to(s[a].ratio, me / m_end0, 1e-9));
            const double sl = sqrt(ve / (me * me) + v_end0 / (m_end0 * m_end0));
            CU_ASSERT(close_to(log(s[a].ratio_hi / s[a].ratio), Z95 * sl, 1e-9));
            CU_ASSERT(close_to(log(s[a].ratio / s[a].ratio_lo), Z95 * sl, 1e-9));
        }
    }
}

static void test_tallies_added_in_any_order_give_the_same_bits(void)
{
    cs_trial tr = design(3, 14, 14);
    int64_t t1[3 * CS_TRIAL_FIELDS + CS_TRIAL_GLOBALS] = {0}, t2[3 * CS_TRIAL_FIELDS + CS_TRIAL_GLOBALS] = {0};
    int64_t base[500], end[500];
    srand(7);
    for (int k = 0; k < 500; k++) {
        base[k] = rand() % 40;
        end[k] = rand() % 40;
    }
    for (int k = 0; k < 500; k++) cs_trial_completed(t1, &tr, (size_t)(k % 3), base[k], end[k], k % 5 == 0);
    for (int k = 499; k >= 0; k--) cs_trial_completed(t2, &tr, (size_t)(k % 3), base[k], end[k], k % 5 == 0);
    CU_ASSERT_EQUAL(memcmp(t1, t2, sizeof t1), 0);
    cs_trial_arm_stats s1[3], s2[3];
    cs_trial_stats(&tr, t1, s1);
    cs_trial_stats(&tr, t2, s2);
    CU_ASSERT_EQUAL(memcmp(s1, s2, sizeof s1), 0);
}

static void test_undefined_statistics_are_nan(void)
{
    cs_trial tr = design(2, 14, 14);
    int64_t t[2 * CS_TRIAL_FIELDS + CS_TRIAL_GLOBALS] = {0};
    cs_trial_arm_stats s[2];
    cs_trial_stats(&tr, t, s); /* nobody at all */
    CU_ASSERT(isnan(s[0].base_mean) && isnan(s[0].end_sd) && isnan(s[0].responders25_pct));
    CU_ASSERT(isnan(s[1].diff) && isnan(s[1].ratio) && isnan(s[1].ratio_lo));
    cs_trial_randomised(t, 0, 4);
    cs_trial_completed(t, &tr, 0, 4, 0, 0); /* one control with no events at the end */
    cs_trial_randomised(t, 1, 4);
    cs_trial_completed(t, &tr, 1, 4, 2, 0);
    cs_trial_stats(&tr, t, s);
    CU_ASSERT_DOUBLE_EQUAL(s[0].base_mean, 2.0, 1e-12);
    CU_ASSERT(isnan(s[0].base_sd));            /* one person */
    CU_ASSERT(isnan(s[1].ratio));              /* the control's mean is zero */
    CU_ASSERT(isnan(s[1].diff_lo));            /* no standard deviation */
    CU_ASSERT_DOUBLE_EQUAL(s[1].diff, 1.0, 1e-12);
}

int main(void)
{
    static const cs_test_case cases[] = {
        {"a small trial by hand", test_a_small_trial_by_hand},
        {"responders are counted at the exact boundaries", test_responders_are_counted_at_the_exact_boundaries},
        {"random trials agree with a naive oracle", test_random_trials_agree_with_a_naive_oracle},
        {"tallies added in any order give the same bits", test_tallies_added_in_any_order_give_the_same_bits},
        {"undefined statistics are NaN", test_undefined_statistics_are_nan},
        {NULL, NULL},
    };
    return cs_test_run("trial", cases);
}
