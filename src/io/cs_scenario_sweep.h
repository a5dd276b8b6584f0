/* cs_scenario_sweep.h -- a scenario's `sweep:` section: the points of a
 * parameter sweep or a probabilistic sensitivity analysis (PSA).
 *
 *   sweep:
 *     grid:                      # cross product, the last path fastest
 *       parameters.interventions.quinine.rate_ratio: [0.6, 0.72, 0.85]
 *       arms.stretching.interventions.bedtime_stretching.coverage: [0.3, 0.6]
 *   sweep:
 *     points:                    # explicit points
 *       - {population.size: 100000, parameters.season.amplitude: 0.2}
 *   sweep:
 *     lhs: {samples: 50, ranges: {parameters.season.amplitude: [0.1, 0.5]}}
 *   sweep:
 *     psa: {samples: 1000, only: [interventions.quinine, economics]}
 *
 * A point is a list of overrides, applied as --set KEY=VALUE would be, plus
 * a seed derived from the scenario's seed and a point's index: any point
 * run alone (`crampsim run --point K`) gives the numbers it gives in the
 * sweep.  Points that differ only in policies (`arms.` paths) form a family:
 * they share the seed of the family's first point -- common random numbers,
 * as the arms of one run do -- and a sweep runs the nights before their
 * first policy once for the whole family (cs_sweep.h).  PSA draws every model parameter with an uncertainty range
 * (under `only:` prefixes when given) from its distribution (uniform,
 * loguniform, triangular; a list's range is a factor on all its elements),
 * a Latin hypercube stratifies each range into `samples` equal parts.  The
 * draws are keyed by (seed, point, parameter), so adding points keeps the
 * earlier ones. */
#ifndef CS_SCENARIO_SWEEP_H
#define CS_SCENARIO_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "cs_params.h"
#include "cs_yaml.h"

#define CS_SWEEP_MAX_POINTS 1000000

typedef enum cs_sweep_kind { CS_SWEEP_NONE = 0, CS_SWEEP_GRID, CS_SWEEP_POINTS, CS_SWEEP_LHS, CS_SWEEP_PSA } cs_sweep_kind;
extern const char *const cs_sweep_kind_names[];

typedef struct cs_sweep {
    cs_sweep_kind kind;
    size_t n_points, n_paths;
    char **paths;    /* [n_paths]: keys as --set takes them */
    char **values;   /* [n_points][n_paths]: the value's text, NULL where a point leaves the path alone */
    uint64_t *seeds; /* [n_points] */
    size_t *family;  /* [n_points]: the first point with the same settings but policies (itself if none) */
    const char *file; /* where the section is (borrowed), for messages */
    int line, col;
} cs_sweep;

/* 1 for the top-level key "sweep". */
int cs_sweep_is_path(const char *path);

/* Reads the section `node` (key at line:col of `file`) against the
 * resolved parameters p and the scenario's seed into *out.  Every problem
 * is reported with file:line:col and key; CS_ERR_CONFIG if there was one. */
int cs_sweep_parse(const cs_params *p, const cs_yaml_node *node, const char *file, int line, int col, uint64_t seed,
                   cs_sweep *out, cs_msg *msg);
void cs_sweep_free(cs_sweep *s);

/* Seed of point k. */
uint64_t cs_sweep_point_seed(uint64_t seed, size_t k);

#endif
