/* cs_results.h -- the run's integer results, laid out for the engine and
 * read (read-only) by the run layer's writer; models read them through the
 * cs_results_* accessors of cs_model.h.
 *
 * series:  [replicate][period][series measure][stratum]
 * summary: [replicate][summary block] (see cs_layout summary_off)
 * Rank-local during the run; cs_sim_reduce sums them onto rank 0. */
#ifndef CS_RESULTS_H
#define CS_RESULTS_H

#include "cs_layout.h"

struct cs_results {
    const cs_layout *layout;
    size_t replicates, periods;
    int32_t period_nights;
    int32_t start_day_of_year;
    int64_t *series;
    int64_t *summary;
};

static inline int64_t *cs_results_series_row(const cs_results *r, size_t rep, size_t period)
{
    return r->series + ((rep * r->periods + period) * r->layout->n_series) * r->layout->n_strata;
}

static inline int64_t *cs_results_summary_block(const cs_results *r, size_t rep)
{
    return r->summary + rep * cs_layout_summary_size(r->layout);
}

#endif
