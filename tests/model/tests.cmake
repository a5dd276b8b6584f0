# Scientific invariants of the leg-cramp model (cs_models) on a small
# population, loaded from models/leg_cramps/model.yaml through cs_io and run
# by cs_engine; the surveys in test_model_surveys.c.  Single process; the
# engine's own MPI tests are in engine/.
cs_add_unit_test(NAME model
  SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_model.c ${CMAKE_CURRENT_LIST_DIR}/test_model_surveys.c
          ${CMAKE_CURRENT_LIST_DIR}/model_support.c
  LIBS cs_io cs_engine cs_models)
set_tests_properties(unit.model PROPERTIES ENVIRONMENT
  "${CS_MPI_ENV};OMP_WAIT_POLICY=passive;CS_SOURCE_DIR=${PROJECT_SOURCE_DIR};CS_BINARY_DIR=${PROJECT_BINARY_DIR}")
