/* cs_params_yaml.h -- parameter rows from YAML: the model file's
 * declarations, scenario overrides and --set values.  Every error names
 * FILE:LINE:COL and the key path, and suggests a known path for an unknown
 * one. */
#ifndef CS_PARAMS_YAML_H
#define CS_PARAMS_YAML_H

#include "cs_params.h"
#include "cs_yaml.h"

/* Sets `row` from a YAML node, converting to the row's type; `key` is the
 * path shown in messages. */
int cs_params_set_node(cs_params *p, cs_param *row, const cs_yaml_node *node, const char *file, const char *key,
                       cs_msg *msg);

/* Declares the model rows of a model file (root mapping with `model`,
 * `sources` and `parameters`).  Stores the model's name (interned in p) in
 * *model_name.  Every leaf must carry value, unit, source (a key of
 * `sources`) and help, and a `range` for real numbers. */
int cs_params_load_model(cs_params *p, const cs_yaml_doc *doc, cs_msg *msg, const char **model_name);

/* Applies a scenario's `parameters:` mapping (nested or dotted keys) to the
 * model rows.  `prefix` is shown before each key in messages. */
int cs_params_apply_overrides(cs_params *p, const cs_yaml_node *map, const char *file, const char *prefix,
                              cs_msg *msg);

#endif
