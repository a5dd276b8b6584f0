/* cs_tally.c -- read access to reduced results for models' headline hooks. */
#include "cs_tally.h"

#include "cs_model.h"
#include "cs_results.h"

size_t cs_results_replicates(const cs_results *r) { return r->replicates; }
size_t cs_results_strata(const cs_results *r) { return r->layout->n_strata; }
size_t cs_results_periods(const cs_results *r) { return r->periods; }
int32_t cs_results_period_nights(const cs_results *r) { return r->period_nights; }

int32_t cs_results_day_of_year(const cs_results *r, size_t p)
{
    return (int32_t)((r->start_day_of_year - 1 + (int64_t)p * r->period_nights) % 365 + 1);
}

int64_t cs_results_series(const cs_results *r, int id, size_t replicate, size_t period, size_t stratum)
{
    return cs_results_series_row(r, replicate, period)[(size_t)id * r->layout->n_strata + stratum];
}

int64_t cs_results_series_total(const cs_results *r, int id, size_t replicate, size_t stratum)
{
    const size_t K = r->layout->n_strata;
    int64_t sum = 0;
    for (size_t p = 0; p < r->periods; p++) sum += cs_results_series_row(r, replicate, p)[(size_t)id * K + stratum];
    return sum;
}

int64_t cs_results_summary(const cs_results *r, int id, size_t replicate, size_t stratum, size_t cls)
{
    const cs_layout *L = r->layout;
    return cs_results_summary_block(r, replicate)[L->summary_off[id] + stratum * L->summary_width[id] + cls];
}

size_t cs_results_level(const cs_results *r, size_t stratum, size_t dim)
{
    return cs_layout_level(r->layout, stratum, dim);
}
