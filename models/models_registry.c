/* models_registry.c -- the models compiled into crampsim.  The engine finds
 * them by the name in a model file's `model:` key (cs_model_find). */
#include "cs_model.h"

extern const cs_model_ops lc_model_ops;

const cs_model_ops *const cs_builtin_models[] = {&lc_model_ops, NULL};
