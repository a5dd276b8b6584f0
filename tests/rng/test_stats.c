/* test_stats.c -- the reference statistics of test_stats.h. */
#include "test_stats.h"

#include <math.h>

/* P(a, x) by its series (x < a + 1) and Q(a, x) by Lentz's continued
 * fraction (x >= a + 1), Numerical Recipes 6.2. */
static double cs_gamma_series(double a, double x)
{
    double ap = a, del = 1.0 / a, sum = del;
    for (int i = 0; i < 100000 && fabs(del) > fabs(sum) * 1e-16; i++) {
        ap += 1.0;
        del *= x / ap;
        sum += del;
    }
    return sum * exp(-x + a * log(x) - lgamma(a));
}

static double cs_gamma_cfrac(double a, double x)
{
    const double tiny = 1e-300;
    double b = x + 1.0 - a, c = 1.0 / tiny, d = 1.0 / b, h = d;
    for (int i = 1; i < 100000; i++) {
        double an = -i * (i - a);
        b += 2.0;
        d = an * d + b;
        if (fabs(d) < tiny) d = tiny;
        c = b + an / c;
        if (fabs(c) < tiny) c = tiny;
        d = 1.0 / d;
        double del = d * c;
        h *= del;
        if (fabs(del - 1.0) < 1e-16) break;
    }
    return exp(-x + a * log(x) - lgamma(a)) * h;
}

double cs_stat_gamma_p(double a, double x)
{
    if (x <= 0.0) return 0.0;
    return x < a + 1.0 ? cs_gamma_series(a, x) : 1.0 - cs_gamma_cfrac(a, x);
}

double cs_stat_gamma_q(double a, double x)
{
    if (x <= 0.0) return 1.0;
    return x < a + 1.0 ? 1.0 - cs_gamma_series(a, x) : cs_gamma_cfrac(a, x);
}

double cs_stat_chi2_critical(int dof, double alpha)
{
    double lo = 0.0, hi = dof + 60.0 * sqrt((double)dof) + 100.0;
    for (int i = 0; i < 200; i++) {
        double mid = 0.5 * (lo + hi);
        if (cs_stat_gamma_q(0.5 * dof, 0.5 * mid) > alpha)
            lo = mid;
        else
            hi = mid;
    }
    return hi;
}

double cs_stat_normal_q(double x)
{
    return 0.5 * erfc(x / sqrt(2.0));
}
