/* cs_params.h -- the one parameter schema.
 *
 * Every scenario setting and every model parameter is a row: path, type,
 * bounds, value, unit, help, source and uncertainty (a range and a
 * distribution for sensitivity analysis), plus where its current value came
 * from.  The rows drive loading, --set, unknown-key errors (with
 * did-you-mean), `crampsim validate`, /meta in the result file and the
 * generated parameter documentation.  Models read their parameters by path
 * at setup; a model-file row that no model code reads is an error, so the
 * file and the code cannot drift apart silently. */
#ifndef CS_PARAMS_H
#define CS_PARAMS_H

#include <stddef.h>
#include <stdint.h>

#include "cs_msg.h"

typedef enum cs_param_type {
    CS_PARAM_REAL,      /* double */
    CS_PARAM_INT,       /* int64 */
    CS_PARAM_BOOL,      /* 0 or 1 */
    CS_PARAM_STRING,    /* one of `choices` when given */
    CS_PARAM_REAL_LIST, /* doubles, length in [list_min, list_max] */
} cs_param_type;

typedef enum cs_param_dist {
    CS_DIST_FIXED,      /* no uncertainty declared */
    CS_DIST_UNIFORM,    /* uniform on [range_lo, range_hi] */
    CS_DIST_LOGUNIFORM, /* log-uniform on [range_lo, range_hi], both > 0 */
    CS_DIST_TRIANGULAR, /* triangular on [range_lo, range_hi], mode = value */
} cs_param_dist;

typedef enum cs_param_kind {
    CS_PARAM_SCENARIO, /* engine setting of the scenario file */
    CS_PARAM_MODEL,    /* model parameter from the model file */
} cs_param_kind;

/* Where a value was set: a file position, or the command line. */
typedef struct cs_param_origin {
    const char *file; /* borrowed, lives as long as the table (interned) */
    int line, col;    /* 1-based; 0 when not from a file */
} cs_param_origin;

typedef struct cs_param {
    const char *path; /* "population.size", "season.amplitude" */
    cs_param_kind kind;
    cs_param_type type;
    double lo, hi;     /* inclusive bounds for numbers and list elements */
    size_t list_min, list_max;
    const char *choices; /* "daily|weekly" for strings, else NULL */
    /* current value */
    double real;
    int64_t integer;
    const char *string;
    const double *list;
    size_t list_len;
    /* documentation */
    const char *unit, *help, *source;
    double range_lo, range_hi; /* plausible range (uncertainty); NaN if none; for a list, a factor on every element */
    cs_param_dist dist;
    cs_param_origin origin; /* of the current value */
    cs_param_origin decl;   /* where the row was declared (model file); file NULL for built-in rows */
    int used;               /* read by model code */
} cs_param;

typedef struct cs_params cs_params;

int cs_params_create(cs_params **out);
void cs_params_destroy(cs_params **p);

/* Adds a copy of `row` (strings and list copied into the table).  Returns
 * CS_ERR_INTERNAL if the path exists already. */
int cs_params_add(cs_params *p, const cs_param *row);

/* Copies a string into the table's storage; NULL when out of memory. */
const char *cs_params_intern(cs_params *p, const char *s);
/* CS_ERR_NOMEM once any copy into the table's storage has failed, else
 * CS_OK: many callers store an interned string (an origin's file name) in
 * a struct and cannot stop there, so the loader asks once per step. */
int cs_params_status(const cs_params *p);

size_t cs_params_count(const cs_params *p);
const cs_param *cs_params_at(const cs_params *p, size_t i);
/* The row with that exact path, or NULL. */
cs_param *cs_params_find(cs_params *p, const char *path);
/* Is `prefix` a group: does a row of a kind in kind_mask have a path
 * "prefix.<something>"? */
int cs_params_is_group(const cs_params *p, const char *prefix, int kind_mask);
/* The known path closest to `path` (for "did you mean"), or NULL. */
const char *cs_params_suggest(const cs_params *p, const char *path, int kind_mask);

/* Value setters: check type, bounds, choices and list length; on failure
 * print "FILE:LINE:COL: KEY: message" (origin) and return CS_ERR_CONFIG.
 * `key` is the name shown to the user (may differ from path, e.g.
 * "parameters.season.amplitude" in a scenario). */
int cs_params_set_real(cs_params *p, cs_param *row, double v, cs_param_origin at, const char *key, cs_msg *msg);
int cs_params_set_int(cs_params *p, cs_param *row, int64_t v, cs_param_origin at, const char *key, cs_msg *msg);
int cs_params_set_bool(cs_params *p, cs_param *row, int v, cs_param_origin at, const char *key, cs_msg *msg);
int cs_params_set_string(cs_params *p, cs_param *row, const char *v, cs_param_origin at, const char *key, cs_msg *msg);
int cs_params_set_list(cs_params *p, cs_param *row, const double *v, size_t n, cs_param_origin at, const char *key, cs_msg *msg);

/* Typed getters for model and engine code at setup.  They mark the row
 * used.  A missing row or a wrong type is a programming error between the
 * model file and the model code: it prints a message naming the path and
 * returns CS_ERR_CONFIG. */
int cs_params_real(cs_params *p, const char *path, cs_msg *msg, double *out);
int cs_params_int(cs_params *p, const char *path, cs_msg *msg, int64_t *out);
int cs_params_bool(cs_params *p, const char *path, cs_msg *msg, int *out);
int cs_params_string(cs_params *p, const char *path, cs_msg *msg, const char **out);
/* A list of exactly `n` values (n = 0: any length, returned in *len). */
int cs_params_list(cs_params *p, const char *path, size_t n, cs_msg *msg, const double **out, size_t *len);

/* Reports every model row that no code read; returns CS_ERR_CONFIG if any. */
int cs_params_check_used(const cs_params *p, cs_msg *msg);

/* Text of a value as YAML ("0.25", "[1, 2]", "weekly"), into buf. */
void cs_params_format_value(const cs_param *row, char *buf, size_t size);
const char *cs_param_type_name(cs_param_type t);
const char *cs_param_dist_name(cs_param_dist d);

#endif
