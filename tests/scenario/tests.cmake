# Unit tests of scenario loading (cs_scenario, cs_params_yaml in cs_io):
# precedence, overrides, --set, every error message, the resolved YAML,
# the `surveys:` and `trial:` sections.
# The test registers its own toy model, so it does not link cs_models.
cs_add_unit_test(NAME scenario
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_scenario.c ${CMAKE_CURRENT_LIST_DIR}/test_scenario_errors.c
          ${CMAKE_CURRENT_LIST_DIR}/test_scenario_surveys.c ${CMAKE_CURRENT_LIST_DIR}/test_scenario_trial.c
          ${CMAKE_CURRENT_LIST_DIR}/scenario_support.c
  LIBS cs_io)

