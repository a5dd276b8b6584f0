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
# Daily life, after-effects, complications and care: invariants and
# directions of effect, mostly as "a parameter acting on some people leaves
# everyone else's history bit-identical" (common random numbers).
cs_add_unit_test(NAME daily_life SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_daily_life.c
  ${CMAKE_CURRENT_LIST_DIR}/model_support.c LIBS cs_io cs_engine cs_models)
set_tests_properties(unit.daily_life PROPERTIES ENVIRONMENT
  "${CS_MPI_ENV};OMP_WAIT_POLICY=passive;CS_SOURCE_DIR=${PROJECT_SOURCE_DIR};CS_BINARY_DIR=${PROJECT_BINARY_DIR}")
# Policy arms: common random numbers (a sham arm is the status quo to the
# bit; an arm changes only those it reaches), mechanisms, caps, economics.
cs_add_unit_test(NAME policy SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_policy.c
  ${CMAKE_CURRENT_LIST_DIR}/model_support.c LIBS cs_io cs_engine cs_models)
set_tests_properties(unit.policy PROPERTIES ENVIRONMENT
  "${CS_MPI_ENV};OMP_WAIT_POLICY=passive;CS_SOURCE_DIR=${PROJECT_SOURCE_DIR};CS_BINARY_DIR=${PROJECT_BINARY_DIR}")
# Resume: a replicate stopped after any night and continued in a fresh
# simulation from its checkpoint state equals the run straight through.
cs_add_unit_test(NAME resume SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_resume.c
  ${CMAKE_CURRENT_LIST_DIR}/model_support.c LIBS cs_io cs_engine cs_models LABELS checkpoint)
set_tests_properties(unit.resume PROPERTIES ENVIRONMENT
  "${CS_MPI_ENV};OMP_WAIT_POLICY=passive;CS_SOURCE_DIR=${PROJECT_SOURCE_DIR};CS_BINARY_DIR=${PROJECT_BINARY_DIR}")
# Branching: an arm branched from a shared warm-up up to its first policy
# night equals the arm run from night 0.
cs_add_unit_test(NAME branch SOURCES ${CMAKE_CURRENT_LIST_DIR}/test_branch.c
  ${CMAKE_CURRENT_LIST_DIR}/model_support.c LIBS cs_io cs_engine cs_models)
set_tests_properties(unit.branch PROPERTIES ENVIRONMENT
  "${CS_MPI_ENV};OMP_WAIT_POLICY=passive;CS_SOURCE_DIR=${PROJECT_SOURCE_DIR};CS_BINARY_DIR=${PROJECT_BINARY_DIR}")
